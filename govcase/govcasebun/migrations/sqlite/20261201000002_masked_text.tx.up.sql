-- The masked projection of each case's title and description
-- (govcase.Case.SearchText), which a reader who may not see personal data
-- searches instead of the text itself. NULL until computed: Migrate fills
-- every NULL row after the migrations run, so setting the column to NULL in
-- a later migration recomputes it under new masking rules.
ALTER TABLE govcase_cases ADD COLUMN masked_text TEXT NULL;
