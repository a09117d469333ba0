-- The records of each type and department (a summary row, which every
-- write of records changes in its own transaction), so that the coverage
-- report reads one row per group rather than counting every record. A row
-- whose count falls to zero stays. The INSERT fills it from the records
-- already stored, so that an upgraded database is right at once; run again,
-- it sets every count to the records' again.
CREATE TABLE IF NOT EXISTS license_record_summary (
    type       VARCHAR(64) COLLATE "C" NOT NULL,
    department VARCHAR(64) COLLATE "C" NOT NULL,
    records    BIGINT                  NOT NULL DEFAULT 0,
    PRIMARY KEY (type, department)
);
--bun:split
INSERT INTO license_record_summary (type, department, records)
SELECT type, department, COUNT(*) FROM license_records GROUP BY type, department
ON CONFLICT (type, department) DO UPDATE SET records = excluded.records;
