DROP INDEX IF EXISTS govcase_cases_kind_id_ix;
