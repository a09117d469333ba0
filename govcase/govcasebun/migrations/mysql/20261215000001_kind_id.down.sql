SET @govcase_ddl = IF(EXISTS(SELECT 1 FROM information_schema.statistics
        WHERE table_schema = DATABASE() AND table_name = 'govcase_cases' AND index_name = 'govcase_cases_kind_id_ix'),
    'ALTER TABLE govcase_cases DROP INDEX govcase_cases_kind_id_ix',
    'DO 0');
--bun:split
PREPARE govcase_stmt FROM @govcase_ddl;
--bun:split
EXECUTE govcase_stmt;
--bun:split
DEALLOCATE PREPARE govcase_stmt;
