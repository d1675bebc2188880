-- A page of a school's teachers (lists sort by id) reads its ids in order from this index and
-- then only the page's rows; on the school column alone it read every teacher of the school
-- from the table to sort them.
CREATE INDEX core_teachers_school_ids ON core_teachers (home_school_id, id);
DROP INDEX core_teachers_school;
ALTER INDEX core_teachers_school_ids RENAME TO core_teachers_school;
