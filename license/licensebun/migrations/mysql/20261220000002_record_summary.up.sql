-- The records of each type and department (a summary row, which every
-- write of records changes in its own transaction), so that the coverage
-- report reads one row per group rather than counting every record. A row
-- whose count falls to zero stays. The INSERT fills it from the records
-- already stored, so that an upgraded database is right at once; run again
-- (MySQL's DDL does not roll back), it sets every count to the records'
-- again.
CREATE TABLE IF NOT EXISTS license_record_summary (
    type       VARBINARY(256) NOT NULL,
    department VARBINARY(256) NOT NULL,
    records    BIGINT         NOT NULL DEFAULT 0,
    PRIMARY KEY (type, department)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
INSERT INTO license_record_summary (type, department, records)
SELECT type, department, COUNT(*) FROM license_records GROUP BY type, department
ON DUPLICATE KEY UPDATE records = VALUES(records);
