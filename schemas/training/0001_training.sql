-- Training hours (继续教育学时): courses, hour records, and the requirement rules.
CREATE TABLE training_courses (
  id        {{id}},
  code      TEXT NOT NULL UNIQUE,
  title     TEXT NOT NULL,
  provider  TEXT NOT NULL,
  level     TEXT NOT NULL,
  category  TEXT NOT NULL,
  hours_x10 INTEGER NOT NULL
);

CREATE TABLE training_records (
  id             {{id}},
  teacher_id     BIGINT NOT NULL REFERENCES core_teachers (id),
  course_id      BIGINT REFERENCES training_courses (id),
  title          TEXT,
  provider       TEXT NOT NULL,
  level          TEXT NOT NULL,
  category       TEXT NOT NULL,
  hours_x10      INTEGER NOT NULL,
  completed_on   TEXT NOT NULL,
  certificate_no TEXT,
  external_ref   TEXT NOT NULL,
  status         TEXT NOT NULL DEFAULT 'pending',
  source         TEXT NOT NULL DEFAULT 'manual',
  reject_reason  TEXT,
  UNIQUE (provider, external_ref)
);
CREATE INDEX training_records_teacher ON training_records (teacher_id, completed_on);
CREATE INDEX training_records_status ON training_records (status);

-- Requirement rules (教师〔2011〕1号, 教育部令第7号), changeable as training.rules records.
CREATE TABLE training_rules (
  id    {{id}},
  key   TEXT NOT NULL UNIQUE,
  value INTEGER NOT NULL
);
INSERT INTO training_rules (key, value) VALUES
  ('cycle_start_year', 2021),
  ('cycle_years', 5),
  ('cycle_hours_x10', 3600),
  ('pace_x10', 720),
  ('probation_x10', 1200),
  ('school_based_cap_percent', 0);
