-- Master-teacher studios (名师工作室): studios, members, activities, attendance (credited to
-- training hours), outputs, and the membership rules.
CREATE TABLE studios_studios (
  id              {{id}},
  code            TEXT NOT NULL UNIQUE,
  name            TEXT NOT NULL,
  level           TEXT NOT NULL,
  host_teacher_id BIGINT NOT NULL REFERENCES core_teachers (id),
  subject         TEXT,
  school_id       BIGINT NOT NULL REFERENCES core_schools (id),
  cycle_start     TEXT NOT NULL,
  cycle_end       TEXT NOT NULL,
  funding_fen     BIGINT,
  capacity        INTEGER NOT NULL DEFAULT 20,
  status          TEXT NOT NULL DEFAULT 'active',
  evaluation      TEXT,
  evaluated_on    TEXT
);
CREATE INDEX studios_studios_host ON studios_studios (host_teacher_id);

CREATE TABLE studios_members (
  id         {{id}},
  studio_id  BIGINT NOT NULL REFERENCES studios_studios (id),
  teacher_id BIGINT NOT NULL REFERENCES core_teachers (id),
  role       TEXT NOT NULL,
  joined_on  TEXT NOT NULL,
  left_on    TEXT,
  UNIQUE (studio_id, teacher_id)
);
CREATE INDEX studios_members_teacher ON studios_members (teacher_id);

CREATE TABLE studios_activities (
  id        {{id}},
  code      TEXT NOT NULL UNIQUE,
  studio_id BIGINT NOT NULL REFERENCES studios_studios (id),
  kind      TEXT NOT NULL,
  title     TEXT NOT NULL,
  held_on   TEXT NOT NULL,
  hours_x10 INTEGER NOT NULL,
  place     TEXT
);
CREATE INDEX studios_activities_studio ON studios_activities (studio_id, held_on);

CREATE TABLE studios_attendance (
  id          {{id}},
  activity_id BIGINT NOT NULL REFERENCES studios_activities (id),
  teacher_id  BIGINT NOT NULL REFERENCES core_teachers (id),
  UNIQUE (activity_id, teacher_id)
);
CREATE INDEX studios_attendance_teacher ON studios_attendance (teacher_id);

CREATE TABLE studios_outputs (
  id          {{id}},
  code        TEXT NOT NULL UNIQUE,
  studio_id   BIGINT NOT NULL REFERENCES studios_studios (id),
  kind        TEXT NOT NULL,
  title       TEXT NOT NULL,
  teacher_id  BIGINT REFERENCES core_teachers (id),
  produced_on TEXT NOT NULL,
  level       TEXT
);

CREATE TABLE studios_rules (
  id    {{id}},
  key   TEXT NOT NULL UNIQUE,
  value INTEGER NOT NULL
);
INSERT INTO studios_rules (key, value) VALUES ('max_hosted', 1), ('max_apprenticeships', 1);
