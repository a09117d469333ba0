-- hotline_deduction_events.type keeps its 32 characters: narrowing it
-- would fail while "appeal_window_recomputed" events are stored, and the
-- wider column holds every older type. The column and its index are
-- dropped only when information_schema lists the column, so that running
-- this again is harmless.
SET @hotline_ddl = (SELECT IF(COUNT(*) > 0,
    'ALTER TABLE hotline_deductions DROP KEY hotline_deductions_provisional_ix, DROP COLUMN appeal_by_provisional',
    'DO 0')
    FROM information_schema.columns
    WHERE table_schema = DATABASE() AND table_name = 'hotline_deductions' AND column_name = 'appeal_by_provisional');
--bun:split
PREPARE hotline_stmt FROM @hotline_ddl;
--bun:split
EXECUTE hotline_stmt;
--bun:split
DEALLOCATE PREPARE hotline_stmt;
