-- Whether each deadline of a case was counted across a provisional calendar
-- year, one whose State Council notice was not out yet: such a deadline is
-- counted again once the notice is loaded. Existing cases were counted on
-- official tables only, so FALSE is right for them. SQLite has no
-- ADD COLUMN IF NOT EXISTS; the migration runs in one transaction instead,
-- so it adds both columns or neither.
ALTER TABLE govcase_cases ADD COLUMN accept_by_provisional BOOLEAN NOT NULL DEFAULT FALSE;
--bun:split
ALTER TABLE govcase_cases ADD COLUMN resolve_by_provisional BOOLEAN NOT NULL DEFAULT FALSE;
