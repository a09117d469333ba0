-- hotline_deduction_events.type keeps its 32 characters: narrowing it
-- would fail while "appeal_window_recomputed" events are stored, and the
-- wider column holds every older type.
DROP INDEX IF EXISTS hotline_deductions_provisional_ix;
--bun:split
ALTER TABLE hotline_deductions DROP COLUMN IF EXISTS appeal_by_provisional;
