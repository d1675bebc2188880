-- Professional ethics (师德师风): events with their handling and sanctions, annual appraisals.
CREATE TABLE ethics_events (
  id           {{id}},
  case_no      TEXT NOT NULL UNIQUE,
  teacher_id   BIGINT NOT NULL REFERENCES core_teachers (id),
  kind         TEXT NOT NULL,
  category     TEXT,
  occurred_on  TEXT NOT NULL,
  description  TEXT,
  status       TEXT NOT NULL DEFAULT 'reported',
  handling     TEXT,
  sanction_on  TEXT,
  effect_until TEXT,
  disclosed    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ethics_events_teacher ON ethics_events (teacher_id, status);

CREATE TABLE ethics_appraisals (
  id         {{id}},
  teacher_id BIGINT NOT NULL REFERENCES core_teachers (id),
  year       INTEGER NOT NULL,
  grade      TEXT NOT NULL,
  UNIQUE (teacher_id, year)
);
