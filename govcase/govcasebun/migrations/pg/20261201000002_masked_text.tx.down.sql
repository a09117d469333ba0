ALTER TABLE govcase_cases DROP COLUMN IF EXISTS masked_text;
