-- PostgreSQL adds the teacher id to the school index (lists pick a page's ids from the index);
-- a SQLite index already holds the rowid, which is the id, in that order: nothing to do.
SELECT 1;
