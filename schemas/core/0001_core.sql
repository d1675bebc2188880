-- Core records of a district: schools, clusters (教育集群) and their members, teachers.
CREATE TABLE core_settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE core_schools (
  id       {{id}},
  code     TEXT NOT NULL UNIQUE,
  name     TEXT NOT NULL,
  stage    TEXT NOT NULL,
  district TEXT
);

CREATE TABLE core_clusters (
  id             {{id}},
  code           TEXT NOT NULL UNIQUE,
  name           TEXT NOT NULL,
  kind           TEXT NOT NULL,
  lead_school_id BIGINT REFERENCES core_schools (id)
);

CREATE TABLE core_cluster_members (
  id         {{id}},
  cluster_id BIGINT NOT NULL REFERENCES core_clusters (id),
  school_id  BIGINT NOT NULL REFERENCES core_schools (id),
  joined_on  TEXT,
  UNIQUE (cluster_id, school_id)
);
CREATE INDEX core_cluster_members_school ON core_cluster_members (school_id);

CREATE TABLE core_teachers (
  id                {{id}},
  staff_no          TEXT NOT NULL UNIQUE,
  name              TEXT NOT NULL,
  gender            TEXT,
  birth_date        TEXT,
  national_id_hash  TEXT UNIQUE,
  national_id_last4 TEXT,
  home_school_id    BIGINT NOT NULL REFERENCES core_schools (id),
  subject           TEXT,
  stage             TEXT,
  title             TEXT,
  hire_date         TEXT,
  at_school_since   TEXT,
  post              TEXT,
  backbone_level    TEXT NOT NULL DEFAULT 'none',
  status            TEXT NOT NULL DEFAULT 'active'
);
CREATE INDEX core_teachers_school ON core_teachers (home_school_id);
