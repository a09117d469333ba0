ALTER TABLE govcase_events DROP COLUMN attachments;
