-- A teacher's records in id order (lists: the first page of 25 is read straight from this index,
-- without sorting; the count from the index alone), and their hours (compliance, transcripts:
-- the period is checked on the index's own columns, as before without visiting the table).
-- Keyed on the completion date it made a page read every one of the teacher's records (~67
-- scattered pages in a province of 20M records) to sort them by id.
CREATE INDEX training_records_teacher_ids ON training_records (teacher_id, id)
  INCLUDE (completed_on, status, level, hours_x10);
DROP INDEX training_records_teacher_hours;
ALTER INDEX training_records_teacher_ids RENAME TO training_records_teacher_hours;
