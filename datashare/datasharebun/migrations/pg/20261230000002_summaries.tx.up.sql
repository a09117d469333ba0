-- Summaries of the committed batches, which every Commit (adding its batch,
-- taking away those it replaces) and every change of an entry's department
-- or status change in their own transaction, so that the metrics and the
-- quality report read one row per group rather than every batch. A row
-- whose counts fall to zero stays. Each INSERT fills its summary from the
-- batches already stored, so that an upgraded database is right at once;
-- run again, it sets the counts to the batches' again.
--
-- The records each entry's committed batches mounted.
CREATE TABLE IF NOT EXISTS datashare_mount_summary (
    catalog_id VARCHAR(36) COLLATE "C" NOT NULL PRIMARY KEY,
    records    BIGINT                  NOT NULL DEFAULT 0
);
--bun:split
-- The item statistics (present, invalid) of each entry's committed
-- batches, by item name, summed from their item_stats.
CREATE TABLE IF NOT EXISTS datashare_item_summary (
    catalog_id VARCHAR(36) COLLATE "C"  NOT NULL,
    item       VARCHAR(255) COLLATE "C" NOT NULL,
    present    BIGINT                   NOT NULL DEFAULT 0,
    invalid    BIGINT                   NOT NULL DEFAULT 0,
    PRIMARY KEY (catalog_id, item)
);
--bun:split
-- The records of the committed batches by their entry's department and
-- status as they stand, and the month (Asia/Shanghai) the batch committed
-- in; '' for a batch without a finish time.
CREATE TABLE IF NOT EXISTS datashare_month_summary (
    department VARCHAR(255) COLLATE "C" NOT NULL,
    status     VARCHAR(16) COLLATE "C"  NOT NULL,
    month      VARCHAR(7) COLLATE "C"   NOT NULL,
    records    BIGINT                   NOT NULL DEFAULT 0,
    PRIMARY KEY (department, status, month)
);
--bun:split
-- Finds each entry's latest committed batch for the quality report, in the
-- order of that lookup: a batch without a finish time is the earliest.
CREATE INDEX IF NOT EXISTS datashare_batches_latest_ix ON datashare_batches (catalog_id, status, finished_at DESC NULLS LAST, id DESC);
--bun:split
INSERT INTO datashare_mount_summary (catalog_id, records)
SELECT catalog_id, SUM(mounted) FROM datashare_batches WHERE status = 'committed' GROUP BY catalog_id
ON CONFLICT (catalog_id) DO UPDATE SET records = excluded.records;
--bun:split
INSERT INTO datashare_item_summary (catalog_id, item, present, invalid)
SELECT b.catalog_id, j->>'item', SUM((j->>'present')::bigint), SUM((j->>'invalid')::bigint)
FROM datashare_batches AS b CROSS JOIN LATERAL json_array_elements(b.item_stats::json) AS j WHERE b.status = 'committed'
GROUP BY b.catalog_id, j->>'item'
ON CONFLICT (catalog_id, item) DO UPDATE SET present = excluded.present, invalid = excluded.invalid;
--bun:split
INSERT INTO datashare_month_summary (department, status, month, records)
SELECT c.department, c.status, COALESCE(to_char(b.finished_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'), ''), SUM(b.mounted)
FROM datashare_batches AS b JOIN datashare_catalogs AS c ON c.id = b.catalog_id WHERE b.status = 'committed'
GROUP BY c.department, c.status, COALESCE(to_char(b.finished_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'), '')
ON CONFLICT (department, status, month) DO UPDATE SET records = excluded.records;
