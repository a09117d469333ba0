-- Whether each deadline of a case was counted across a provisional calendar
-- year, one whose State Council notice was not out yet: such a deadline is
-- counted again once the notice is loaded. Existing cases were counted on
-- official tables only, so FALSE is right for them. BOOLEAN is TINYINT(1).
--
-- MySQL commits DDL implicitly and, unlike MariaDB, has no
-- ADD COLUMN IF NOT EXISTS, so each column is added by a statement prepared
-- only when information_schema lacks it: running the migration again, or
-- after a failure halfway, is harmless. bun runs a migration that is not
-- transactional on one connection, which keeps the session variable and the
-- prepared statement from one statement to the next.
SET @govcase_ddl = IF(EXISTS(SELECT 1 FROM information_schema.columns
        WHERE table_schema = DATABASE() AND table_name = 'govcase_cases' AND column_name = 'accept_by_provisional'),
    'DO 0',
    'ALTER TABLE govcase_cases ADD COLUMN accept_by_provisional BOOLEAN NOT NULL DEFAULT FALSE');
--bun:split
PREPARE govcase_stmt FROM @govcase_ddl;
--bun:split
EXECUTE govcase_stmt;
--bun:split
DEALLOCATE PREPARE govcase_stmt;
--bun:split
SET @govcase_ddl = IF(EXISTS(SELECT 1 FROM information_schema.columns
        WHERE table_schema = DATABASE() AND table_name = 'govcase_cases' AND column_name = 'resolve_by_provisional'),
    'DO 0',
    'ALTER TABLE govcase_cases ADD COLUMN resolve_by_provisional BOOLEAN NOT NULL DEFAULT FALSE');
--bun:split
PREPARE govcase_stmt FROM @govcase_ddl;
--bun:split
EXECUTE govcase_stmt;
--bun:split
DEALLOCATE PREPARE govcase_stmt;
