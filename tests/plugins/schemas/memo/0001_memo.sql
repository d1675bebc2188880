-- A small record plugin used by the tests: notes about teachers.
CREATE TABLE memo_notes (
  id         INTEGER PRIMARY KEY,
  teacher_id INTEGER NOT NULL REFERENCES core_teachers (id),
  title      TEXT NOT NULL,
  hours      INTEGER,
  noted_on   TEXT,
  UNIQUE (teacher_id, title)
);
