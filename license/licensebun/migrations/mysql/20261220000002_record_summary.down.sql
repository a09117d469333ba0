DROP TABLE IF EXISTS license_record_summary;
