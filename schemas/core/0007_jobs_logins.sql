-- Import jobs remember their upload (removed on every path, also after a crash), the server
-- process running them (so that a restart can fail the jobs of a dead one) and the user's
-- own file name (for messages and the import history).
ALTER TABLE core_jobs ADD COLUMN upload TEXT;
ALTER TABLE core_jobs ADD COLUMN owner TEXT;
ALTER TABLE core_jobs ADD COLUMN file_name TEXT;
CREATE INDEX core_jobs_status ON core_jobs (status);

-- Failed log-ins, shared by every server on the database (the throttle's window).
CREATE TABLE core_login_failures (
  id    {{id}},
  login TEXT NOT NULL,
  at    TEXT NOT NULL
);
CREATE INDEX core_login_failures_login ON core_login_failures (login, at);
CREATE INDEX core_login_failures_at ON core_login_failures (at);

