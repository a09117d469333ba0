ALTER TABLE govcase_cases DROP COLUMN IF EXISTS resolve_by_provisional;
--bun:split
ALTER TABLE govcase_cases DROP COLUMN IF EXISTS accept_by_provisional;
