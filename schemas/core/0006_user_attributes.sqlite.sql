-- Users carry the attributes their role declares (a training centre's provider) as one JSON
-- object; the provider column becomes the attribute "provider".
ALTER TABLE core_users ADD COLUMN attributes TEXT NOT NULL DEFAULT '{}';
UPDATE core_users SET attributes = json_object('provider', provider) WHERE provider IS NOT NULL;
ALTER TABLE core_users DROP COLUMN provider;
