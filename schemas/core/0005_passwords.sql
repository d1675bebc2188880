-- Web log-in: an Argon2id hash of the user's password (NULL: token access only).
ALTER TABLE core_users ADD COLUMN password_hash TEXT;
