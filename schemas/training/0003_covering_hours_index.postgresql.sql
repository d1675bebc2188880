-- Compliance and transcripts read each teacher's hours in a period: an index that holds the
-- columns they sum (status, level, hours) answers them without visiting the table's pages, which
-- a province's records (tens of millions, imported in no particular order) scatter.
CREATE INDEX training_records_teacher_hours ON training_records (teacher_id, completed_on)
  INCLUDE (status, level, hours_x10);
DROP INDEX training_records_teacher;
