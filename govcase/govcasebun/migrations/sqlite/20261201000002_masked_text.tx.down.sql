DROP INDEX IF EXISTS govcase_cases_masked_pending;
--bun:split
ALTER TABLE govcase_cases DROP COLUMN masked_text;
