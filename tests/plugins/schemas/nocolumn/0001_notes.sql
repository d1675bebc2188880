CREATE TABLE nocolumn_notes (
  id         INTEGER PRIMARY KEY,
  teacher_id INTEGER NOT NULL REFERENCES core_teachers (id),
  title      TEXT NOT NULL,
  hours      INTEGER,
  noted_on   TEXT
);
