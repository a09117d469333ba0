-- department is the department of the deduction an event belongs to, as
-- every domain's trail records it (govops.Event); events stored before
-- this migration read ''. Added only when information_schema lacks it, as
-- in 20261201000001_provisional, so that running this again is harmless.
SET @hotline_ddl = (SELECT IF(COUNT(*) = 0,
    'ALTER TABLE hotline_deduction_events ADD COLUMN department VARCHAR(64) NOT NULL DEFAULT '''' AFTER to_status',
    'DO 0')
    FROM information_schema.columns
    WHERE table_schema = DATABASE() AND table_name = 'hotline_deduction_events' AND column_name = 'department');
--bun:split
PREPARE hotline_stmt FROM @hotline_ddl;
--bun:split
EXECUTE hotline_stmt;
--bun:split
DEALLOCATE PREPARE hotline_stmt;
