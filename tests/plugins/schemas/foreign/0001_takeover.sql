CREATE TABLE foreign_things (id INTEGER PRIMARY KEY);
DROP TABLE core_teachers;
