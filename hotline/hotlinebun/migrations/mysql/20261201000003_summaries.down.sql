DROP TABLE IF EXISTS hotline_deduction_summary;
--bun:split
DROP TABLE IF EXISTS hotline_outcome_summary;
--bun:split
DROP TABLE IF EXISTS hotline_callback_summary;
