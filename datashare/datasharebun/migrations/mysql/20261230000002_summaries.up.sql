-- Summaries of the committed batches, which every Commit (adding its batch,
-- taking away those it replaces) and every change of an entry's department
-- or status change in their own transaction, so that the metrics and the
-- quality report read one row per group rather than every batch. A row
-- whose counts fall to zero stays. Each INSERT fills its summary from the
-- batches already stored, so that an upgraded database is right at once;
-- run again (MySQL's DDL does not roll back), it sets the counts to the
-- batches' again.
--
-- The records each entry's committed batches mounted.
CREATE TABLE IF NOT EXISTS datashare_mount_summary (
    catalog_id VARCHAR(36) NOT NULL,
    records    BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (catalog_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- The item statistics (present, invalid) of each entry's committed
-- batches, by item name, summed from their item_stats.
CREATE TABLE IF NOT EXISTS datashare_item_summary (
    catalog_id VARCHAR(36)    NOT NULL,
    item       VARBINARY(255) NOT NULL,
    present    BIGINT         NOT NULL DEFAULT 0,
    invalid    BIGINT         NOT NULL DEFAULT 0,
    PRIMARY KEY (catalog_id, item)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- The records of the committed batches by their entry's department and
-- status as they stand, and the month (Asia/Shanghai, UTC+8 since 1991)
-- the batch committed in; '' for a batch without a finish time.
CREATE TABLE IF NOT EXISTS datashare_month_summary (
    department VARBINARY(255) NOT NULL,
    status     VARCHAR(16)    NOT NULL,
    month      VARCHAR(7)     NOT NULL,
    records    BIGINT         NOT NULL DEFAULT 0,
    PRIMARY KEY (department, status, month)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- Finds each entry's latest committed batch for the quality report. Added
-- only when information_schema lacks it, as govcase's indexes are (MySQL
-- has no CREATE INDEX IF NOT EXISTS).
SET @datashare_ddl = IF(EXISTS(SELECT 1 FROM information_schema.statistics
        WHERE table_schema = DATABASE() AND table_name = 'datashare_batches' AND index_name = 'datashare_batches_latest_ix'),
    'DO 0',
    'ALTER TABLE datashare_batches ADD INDEX datashare_batches_latest_ix (catalog_id, status, finished_at, id)');
--bun:split
PREPARE datashare_stmt FROM @datashare_ddl;
--bun:split
EXECUTE datashare_stmt;
--bun:split
DEALLOCATE PREPARE datashare_stmt;
--bun:split
INSERT INTO datashare_mount_summary (catalog_id, records)
SELECT catalog_id, SUM(mounted) FROM datashare_batches WHERE status = 'committed' GROUP BY catalog_id
ON DUPLICATE KEY UPDATE records = VALUES(records);
--bun:split
-- MySQL 5.7 and TiDB have no JSON_TABLE: the statistics of a batch are
-- read by their index, 0 to 255 (an entry has at most 64 items), up to the
-- longest list of any batch, measured once.
INSERT INTO datashare_item_summary (catalog_id, item, present, invalid)
SELECT b.catalog_id, CAST(JSON_UNQUOTE(JSON_EXTRACT(b.item_stats, CONCAT('$[', n.i, '].item'))) AS BINARY) AS item,
    SUM(CAST(JSON_EXTRACT(b.item_stats, CONCAT('$[', n.i, '].present')) AS SIGNED)),
    SUM(CAST(JSON_EXTRACT(b.item_stats, CONCAT('$[', n.i, '].invalid')) AS SIGNED))
FROM datashare_batches AS b
JOIN (SELECT h.d * 16 + l.d AS i
    FROM (SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5
        UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9 UNION ALL SELECT 10 UNION ALL SELECT 11
        UNION ALL SELECT 12 UNION ALL SELECT 13 UNION ALL SELECT 14 UNION ALL SELECT 15) AS h
    CROSS JOIN (SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5
        UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9 UNION ALL SELECT 10 UNION ALL SELECT 11
        UNION ALL SELECT 12 UNION ALL SELECT 13 UNION ALL SELECT 14 UNION ALL SELECT 15) AS l) AS n
    ON n.i < (SELECT MAX(JSON_LENGTH(m.item_stats)) FROM datashare_batches AS m WHERE m.status = 'committed')
    AND n.i < JSON_LENGTH(b.item_stats)
WHERE b.status = 'committed'
GROUP BY b.catalog_id, item
ON DUPLICATE KEY UPDATE present = VALUES(present), invalid = VALUES(invalid);
--bun:split
INSERT INTO datashare_month_summary (department, status, month, records)
SELECT c.department, c.status, COALESCE(DATE_FORMAT(b.finished_at + INTERVAL 8 HOUR, '%Y-%m'), '') AS month, SUM(b.mounted)
FROM datashare_batches AS b JOIN datashare_catalogs AS c ON c.id = b.catalog_id WHERE b.status = 'committed'
GROUP BY c.department, c.status, month
ON DUPLICATE KEY UPDATE records = VALUES(records);
