-- appeal_by_provisional records that a deduction's appeal window was
-- counted across a provisional calendar year, whose State Council notice
-- was not out yet; rows recorded before this migration read FALSE. Every
-- statement is idempotent and the migration runs in one transaction.
ALTER TABLE hotline_deductions ADD COLUMN IF NOT EXISTS appeal_by_provisional BOOLEAN NOT NULL DEFAULT FALSE;
--bun:split
-- Serves RecomputeAppealWindows: the few recorded deductions whose window is provisional, by id.
CREATE INDEX IF NOT EXISTS hotline_deductions_provisional_ix ON hotline_deductions (appeal_by_provisional, status, id);
--bun:split
-- The event type "appeal_window_recomputed" is 24 characters. Widening a
-- VARCHAR rewrites nothing, and repeating it changes nothing.
ALTER TABLE hotline_deduction_events ALTER COLUMN type TYPE VARCHAR(32);
