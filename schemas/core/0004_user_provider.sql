-- Training-centre users write only their own provider's records: the provider they are.
ALTER TABLE core_users ADD COLUMN provider TEXT;
