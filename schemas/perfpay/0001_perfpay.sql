-- Performance pay (绩效工资): post-grade standards, a scheme per school and year, per-teacher
-- inputs and allowances, and the computed pay sheet.
CREATE TABLE perfpay_standards (
  id          {{id}},
  title       TEXT NOT NULL UNIQUE,
  monthly_fen BIGINT NOT NULL
);
-- Monthly basic standards by post grade (职称), changeable as perfpay.standards records.
INSERT INTO perfpay_standards (title, monthly_fen) VALUES
  ('none', 200000), ('third', 220000), ('second', 250000), ('first', 300000),
  ('senior', 360000), ('professor', 420000);

CREATE TABLE perfpay_schemes (
  id                      {{id}},
  school_id               BIGINT NOT NULL REFERENCES core_schools (id),
  year                    INTEGER NOT NULL,
  pool_fen                BIGINT NOT NULL,
  basic_percent           INTEGER DEFAULT 70,
  frontline_percent       INTEGER DEFAULT 120,
  veto_zeroes_incentive   INTEGER DEFAULT 1,
  training_factor_percent INTEGER DEFAULT 100,
  rotation_monthly_fen    BIGINT DEFAULT 0,
  status                  TEXT NOT NULL DEFAULT 'draft',
  computed_by             TEXT,
  computed_at             TEXT,
  reviewed_by             TEXT,
  reviewed_at             TEXT,
  published_by            TEXT,
  published_at            TEXT,
  locked_by               TEXT,
  locked_at               TEXT,
  UNIQUE (school_id, year)
);

CREATE TABLE perfpay_inputs (
  id               {{id}},
  year             INTEGER NOT NULL,
  teacher_id       BIGINT NOT NULL REFERENCES core_teachers (id),
  months           INTEGER,
  score            INTEGER,
  workload_percent INTEGER,
  frontline        INTEGER,
  UNIQUE (year, teacher_id)
);

CREATE TABLE perfpay_allowances (
  id          {{id}},
  year        INTEGER NOT NULL,
  teacher_id  BIGINT NOT NULL REFERENCES core_teachers (id),
  kind        TEXT NOT NULL,
  months      INTEGER NOT NULL,
  monthly_fen BIGINT NOT NULL,
  UNIQUE (year, teacher_id, kind)
);

CREATE TABLE perfpay_lines (
  id            {{id}},
  scheme_id     BIGINT NOT NULL REFERENCES perfpay_schemes (id),
  teacher_id    BIGINT NOT NULL REFERENCES core_teachers (id),
  months        INTEGER NOT NULL,
  basic_fen     BIGINT NOT NULL,
  allowance_fen BIGINT NOT NULL,
  rotation_fen  BIGINT NOT NULL,
  incentive_fen BIGINT NOT NULL,
  total_fen     BIGINT NOT NULL,
  points        BIGINT NOT NULL,
  vetoed        INTEGER NOT NULL,
  explanation   TEXT NOT NULL,
  UNIQUE (scheme_id, teacher_id)
);
CREATE INDEX perfpay_lines_teacher ON perfpay_lines (teacher_id);
