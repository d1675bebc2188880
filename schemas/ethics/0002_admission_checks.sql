-- Criminal-record admission checks (准入查询, 高检发〔2020〕14号): of candidates by national ID
-- (stored as the host's keyed hash and last 4 digits) and of staff, re-checked yearly.
CREATE TABLE ethics_checks (
  id                {{id}},
  reference         TEXT NOT NULL UNIQUE,
  national_id_hash  TEXT,
  national_id_last4 TEXT,
  teacher_id        BIGINT REFERENCES core_teachers (id),
  queried_on        TEXT NOT NULL,
  result            TEXT NOT NULL
);
CREATE INDEX ethics_checks_subject ON ethics_checks (national_id_hash);
CREATE INDEX ethics_checks_teacher ON ethics_checks (teacher_id, queried_on);
