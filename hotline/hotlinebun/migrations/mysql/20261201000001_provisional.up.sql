-- appeal_by_provisional records that a deduction's appeal window was
-- counted across a provisional calendar year, whose State Council notice
-- was not out yet; rows recorded before this migration read FALSE.
-- MySQL commits DDL implicitly and, unlike MariaDB, has no ADD COLUMN IF
-- NOT EXISTS, so the column and its index are added by one ALTER TABLE
-- that runs only when information_schema does not list the column yet:
-- running the migration again, or after a crash halfway, is harmless. The
-- statements share one connection, and with it @hotline_ddl.
SET @hotline_ddl = (SELECT IF(COUNT(*) = 0,
    'ALTER TABLE hotline_deductions ADD COLUMN appeal_by_provisional BOOLEAN NOT NULL DEFAULT FALSE AFTER appeal_by, ADD KEY hotline_deductions_provisional_ix (appeal_by_provisional, status, id)',
    'DO 0')
    FROM information_schema.columns
    WHERE table_schema = DATABASE() AND table_name = 'hotline_deductions' AND column_name = 'appeal_by_provisional');
--bun:split
PREPARE hotline_stmt FROM @hotline_ddl;
--bun:split
EXECUTE hotline_stmt;
--bun:split
DEALLOCATE PREPARE hotline_stmt;
--bun:split
-- The event type "appeal_window_recomputed" is 24 characters; repeating
-- the change changes nothing.
ALTER TABLE hotline_deduction_events MODIFY COLUMN type VARCHAR(32) NOT NULL;
