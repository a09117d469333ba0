ALTER TABLE hotline_deduction_events DROP COLUMN IF EXISTS department;
