-- The audit chain head exists from the start, so that writers can lock it (PostgreSQL:
-- SELECT ... FOR UPDATE) and append to the chain one at a time.
INSERT INTO core_settings (key, value)
SELECT 'audit_head', '0:0000000000000000000000000000000000000000000000000000000000000000'
WHERE NOT EXISTS (SELECT 1 FROM core_settings WHERE key = 'audit_head');
