DROP TABLE IF EXISTS govcase_case_summary;
