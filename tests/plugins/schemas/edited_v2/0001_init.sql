CREATE TABLE edited_items (id INTEGER PRIMARY KEY, name TEXT, extra TEXT);
