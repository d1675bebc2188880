CREATE TABLE hello_greetings (
  id         INTEGER PRIMARY KEY,
  teacher_id INTEGER NOT NULL REFERENCES core_teachers (id),
  message    TEXT NOT NULL,
  sent_on    TEXT NOT NULL,
  UNIQUE (teacher_id, sent_on)
);
