-- Teacher and principal exchange rotation (交流轮岗, 区管校聘): the yearly policy, assignments,
-- and the planner's editable drafts.
CREATE TABLE rotation_policies (
  id                       {{id}},
  year                     INTEGER NOT NULL UNIQUE,
  min_years                INTEGER DEFAULT 6,
  principal_terms          INTEGER DEFAULT 2,
  principal_term_years     INTEGER DEFAULT 3,
  retirement_age_male      INTEGER DEFAULT 60,
  retirement_age_female    INTEGER DEFAULT 55,
  exempt_before_retirement INTEGER DEFAULT 5,
  exempt_on_leave          INTEGER DEFAULT 1,
  quota_percent            INTEGER DEFAULT 10,
  backbone_percent         INTEGER DEFAULT 20,
  assignment_years         INTEGER DEFAULT 3,
  reference_day            TEXT DEFAULT '08-31'
);

CREATE TABLE rotation_assignments (
  id             {{id}},
  teacher_id     BIGINT NOT NULL REFERENCES core_teachers (id),
  kind           TEXT NOT NULL,
  home_school_id BIGINT NOT NULL REFERENCES core_schools (id),
  host_school_id BIGINT NOT NULL REFERENCES core_schools (id),
  start_on       TEXT NOT NULL,
  planned_end    TEXT NOT NULL,
  actual_end     TEXT,
  status         TEXT NOT NULL DEFAULT 'planned',
  batch_year     INTEGER NOT NULL,
  note           TEXT,
  UNIQUE (teacher_id, start_on)
);
CREATE INDEX rotation_assignments_batch ON rotation_assignments (batch_year, home_school_id);

CREATE TABLE rotation_drafts (
  id             {{id}},
  batch_year     INTEGER NOT NULL,
  teacher_id     BIGINT NOT NULL REFERENCES core_teachers (id),
  kind           TEXT NOT NULL,
  host_school_id BIGINT NOT NULL REFERENCES core_schools (id),
  start_on       TEXT NOT NULL,
  planned_end    TEXT NOT NULL,
  basis          TEXT,
  UNIQUE (batch_year, teacher_id)
);
