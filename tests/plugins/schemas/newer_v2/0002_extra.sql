ALTER TABLE newer_items ADD COLUMN extra TEXT;
