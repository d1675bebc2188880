CREATE TABLE honours_awards (
  id             {{id}},
  teacher_id     BIGINT NOT NULL REFERENCES core_teachers (id),
  title          TEXT NOT NULL,
  level          TEXT NOT NULL,
  issuing_body   TEXT NOT NULL,
  awarded_on     TEXT NOT NULL,
  certificate_no TEXT NOT NULL UNIQUE
);
CREATE INDEX honours_awards_teacher ON honours_awards (teacher_id);
