DROP INDEX IF EXISTS hotline_deductions_provisional_ix;
--bun:split
ALTER TABLE hotline_deductions DROP COLUMN appeal_by_provisional;
