-- The column is dropped only when information_schema lists it, so that
-- running this again is harmless.
SET @hotline_ddl = (SELECT IF(COUNT(*) > 0,
    'ALTER TABLE hotline_deduction_events DROP COLUMN department',
    'DO 0')
    FROM information_schema.columns
    WHERE table_schema = DATABASE() AND table_name = 'hotline_deduction_events' AND column_name = 'department');
--bun:split
PREPARE hotline_stmt FROM @hotline_ddl;
--bun:split
EXECUTE hotline_stmt;
--bun:split
DEALLOCATE PREPARE hotline_stmt;
