ALTER TABLE govcase_cases DROP COLUMN resolve_by_provisional;
--bun:split
ALTER TABLE govcase_cases DROP COLUMN accept_by_provisional;
