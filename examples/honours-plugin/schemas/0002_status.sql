-- An honour can be revoked (撤销) with a reason; revoked honours stay on record.
ALTER TABLE honours_awards ADD COLUMN status TEXT NOT NULL DEFAULT 'awarded';
ALTER TABLE honours_awards ADD COLUMN revoked_reason TEXT;
