ALTER TABLE govcase_events DROP COLUMN IF EXISTS attachments;
