-- The masked projection of each case's title and description
-- (govcase.Case.SearchText), which a reader who may not see personal data
-- searches instead of the text itself. NULL until computed: Migrate fills
-- every NULL row after the migrations run, so setting the column to NULL in
-- a later migration recomputes it under new masking rules. Added only when
-- information_schema lacks it, as in 20261201000001_provisional.
SET @govcase_ddl = IF(EXISTS(SELECT 1 FROM information_schema.columns
        WHERE table_schema = DATABASE() AND table_name = 'govcase_cases' AND column_name = 'masked_text'),
    'DO 0',
    'ALTER TABLE govcase_cases ADD COLUMN masked_text MEDIUMTEXT NULL');
--bun:split
PREPARE govcase_stmt FROM @govcase_ddl;
--bun:split
EXECUTE govcase_stmt;
--bun:split
DEALLOCATE PREPARE govcase_stmt;
--bun:split
-- The cases whose masked text is still to be computed, which Migrate looks
-- for at every start. MySQL has no partial index; an index on the column's
-- first character finds the NULL rows without reading the table.
SET @govcase_ddl = IF(EXISTS(SELECT 1 FROM information_schema.statistics
        WHERE table_schema = DATABASE() AND table_name = 'govcase_cases' AND index_name = 'govcase_cases_masked_pending'),
    'DO 0',
    'ALTER TABLE govcase_cases ADD INDEX govcase_cases_masked_pending (masked_text(1))');
--bun:split
PREPARE govcase_stmt FROM @govcase_ddl;
--bun:split
EXECUTE govcase_stmt;
--bun:split
DEALLOCATE PREPARE govcase_stmt;
