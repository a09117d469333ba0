ALTER TABLE govcase_cases DROP COLUMN masked_text;
