-- Users, their bearer tokens (stored hashed), the tamper-evident audit chain, and jobs.
CREATE TABLE core_users (
  id         {{id}},
  login      TEXT NOT NULL UNIQUE,
  role       TEXT NOT NULL,
  school_id  BIGINT REFERENCES core_schools (id),
  created_at TEXT NOT NULL,
  disabled   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE core_tokens (
  id         {{id}},
  user_id    BIGINT NOT NULL REFERENCES core_users (id),
  token_hash TEXT NOT NULL UNIQUE,
  label      TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX core_tokens_user ON core_tokens (user_id);

CREATE TABLE core_audit (
  id          {{id}},
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  record_type TEXT NOT NULL,
  record_id   BIGINT,
  detail      TEXT NOT NULL,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
);

CREATE TABLE core_jobs (
  id         {{id}},
  kind       TEXT NOT NULL,
  target     TEXT NOT NULL,
  status     TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rows_done  BIGINT NOT NULL DEFAULT 0,
  result     TEXT
);
