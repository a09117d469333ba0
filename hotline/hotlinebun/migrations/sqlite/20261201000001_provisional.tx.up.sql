-- appeal_by_provisional records that a deduction's appeal window was
-- counted across a provisional calendar year, whose State Council notice
-- was not out yet; rows recorded before this migration read FALSE. SQLite
-- has no ADD COLUMN IF NOT EXISTS, but the migration runs in one
-- transaction, so it is applied whole or not at all. The event type
-- "appeal_window_recomputed" needs no change here: SQLite does not enforce
-- VARCHAR lengths.
ALTER TABLE hotline_deductions ADD COLUMN appeal_by_provisional BOOLEAN NOT NULL DEFAULT FALSE;
--bun:split
-- Serves RecomputeAppealWindows: the few recorded deductions whose window is provisional, by id.
CREATE INDEX IF NOT EXISTS hotline_deductions_provisional_ix ON hotline_deductions (appeal_by_provisional, status, id);
