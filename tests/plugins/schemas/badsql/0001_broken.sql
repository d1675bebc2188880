CREATE TABLE badsql_things (id INTEGER PRIMARY KEY, name TEXT);
INSERT INTO badsql_things (id, name) VALUES (1, 'left behind?');
CREATE INDEX badsql_things_name ON badsql_things (name);
SELEC this is not sql;
