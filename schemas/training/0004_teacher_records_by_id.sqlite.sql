-- PostgreSQL keys the hours index on (teacher, id) for lists; a SQLite index already holds the
-- rowid, which is the id, and sorts a teacher's few records by it cheaply: nothing to do.
SELECT 1;
