DROP INDEX IF EXISTS govcase_cases_masked_pending;
--bun:split
ALTER TABLE govcase_cases DROP COLUMN IF EXISTS masked_text;
