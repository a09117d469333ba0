-- Drops each column only when it is there, as the up migration adds it.
SET @govcase_ddl = IF(EXISTS(SELECT 1 FROM information_schema.columns
        WHERE table_schema = DATABASE() AND table_name = 'govcase_cases' AND column_name = 'resolve_by_provisional'),
    'ALTER TABLE govcase_cases DROP COLUMN resolve_by_provisional',
    'DO 0');
--bun:split
PREPARE govcase_stmt FROM @govcase_ddl;
--bun:split
EXECUTE govcase_stmt;
--bun:split
DEALLOCATE PREPARE govcase_stmt;
--bun:split
SET @govcase_ddl = IF(EXISTS(SELECT 1 FROM information_schema.columns
        WHERE table_schema = DATABASE() AND table_name = 'govcase_cases' AND column_name = 'accept_by_provisional'),
    'ALTER TABLE govcase_cases DROP COLUMN accept_by_provisional',
    'DO 0');
--bun:split
PREPARE govcase_stmt FROM @govcase_ddl;
--bun:split
EXECUTE govcase_stmt;
--bun:split
DEALLOCATE PREPARE govcase_stmt;
