-- Summary rows (see portalbun.Store): counts per group of records, which
-- the store changes in the transaction of every write of those records,
-- so that the dashboards' counts read groups instead of every record. Each
-- table is filled here from the records already stored (any rows it had
-- replaced: MySQL runs no migration in a transaction, so every statement
-- may run again), so that an upgraded database is right at once. A month
-- is yyyymm in Asia/Shanghai (UTC+8 all year), an hour yyyymmddhh in UTC,
-- 0 for a time not set; newest_us is microseconds since 1970 UTC. Keys are
-- VARBINARY, as the records' columns. Rows that come to zero are kept,
-- not deleted.

-- The tasks per (scope, site, department, month opened, kind, status),
-- and the fixed ones per month fixed: each task counts in four scopes, so
-- that every filter of TaskGroups reads its own rows: 'a' (site and
-- department ''), 'd' (its department), 's' (its site), 'sd' (both).
CREATE TABLE IF NOT EXISTS portal_task_opened_summary (
    scope         VARBINARY(2) NOT NULL,
    site_id       VARCHAR(36) NOT NULL,
    department    VARBINARY(255) NOT NULL,
    opened_month  INT NOT NULL,
    kind          VARBINARY(32) NOT NULL,
    status        VARBINARY(32) NOT NULL,
    n             BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, site_id, department, opened_month, kind, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
DELETE FROM portal_task_opened_summary;
--bun:split
INSERT INTO portal_task_opened_summary (scope, site_id, department, opened_month, kind, status, n)
SELECT * FROM (
    SELECT 'a' AS scope, '' AS site_id, '' AS department, COALESCE(EXTRACT(YEAR_MONTH FROM DATE_ADD(opened, INTERVAL 8 HOUR)), 0) AS month, kind, status, COUNT(*) AS n
    FROM portal_tasks GROUP BY 4, 5, 6
    UNION ALL
    SELECT 'd', '', department, COALESCE(EXTRACT(YEAR_MONTH FROM DATE_ADD(opened, INTERVAL 8 HOUR)), 0), kind, status, COUNT(*)
    FROM portal_tasks GROUP BY 3, 4, 5, 6
    UNION ALL
    SELECT 's', site_id, '', COALESCE(EXTRACT(YEAR_MONTH FROM DATE_ADD(opened, INTERVAL 8 HOUR)), 0), kind, status, COUNT(*)
    FROM portal_tasks GROUP BY 2, 4, 5, 6
    UNION ALL
    SELECT 'sd', site_id, department, COALESCE(EXTRACT(YEAR_MONTH FROM DATE_ADD(opened, INTERVAL 8 HOUR)), 0), kind, status, COUNT(*)
    FROM portal_tasks GROUP BY 2, 3, 4, 5, 6
) AS scoped;
--bun:split
CREATE TABLE IF NOT EXISTS portal_task_fixed_summary (
    scope         VARBINARY(2) NOT NULL,
    site_id       VARCHAR(36) NOT NULL,
    department    VARBINARY(255) NOT NULL,
    fixed_month  INT NOT NULL,
    kind          VARBINARY(32) NOT NULL,
    status        VARBINARY(32) NOT NULL,
    n             BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, site_id, department, fixed_month, kind, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
DELETE FROM portal_task_fixed_summary;
--bun:split
INSERT INTO portal_task_fixed_summary (scope, site_id, department, fixed_month, kind, status, n)
SELECT * FROM (
    SELECT 'a' AS scope, '' AS site_id, '' AS department, COALESCE(EXTRACT(YEAR_MONTH FROM DATE_ADD(fixed, INTERVAL 8 HOUR)), 0) AS month, kind, status, COUNT(*) AS n
    FROM portal_tasks WHERE fixed IS NOT NULL GROUP BY 4, 5, 6
    UNION ALL
    SELECT 'd', '', department, COALESCE(EXTRACT(YEAR_MONTH FROM DATE_ADD(fixed, INTERVAL 8 HOUR)), 0), kind, status, COUNT(*)
    FROM portal_tasks WHERE fixed IS NOT NULL GROUP BY 3, 4, 5, 6
    UNION ALL
    SELECT 's', site_id, '', COALESCE(EXTRACT(YEAR_MONTH FROM DATE_ADD(fixed, INTERVAL 8 HOUR)), 0), kind, status, COUNT(*)
    FROM portal_tasks WHERE fixed IS NOT NULL GROUP BY 2, 4, 5, 6
    UNION ALL
    SELECT 'sd', site_id, department, COALESCE(EXTRACT(YEAR_MONTH FROM DATE_ADD(fixed, INTERVAL 8 HOUR)), 0), kind, status, COUNT(*)
    FROM portal_tasks WHERE fixed IS NOT NULL GROUP BY 2, 3, 4, 5, 6
) AS scoped;
--bun:split
-- The posts per (month published, site, column, department, source), and
-- the newest one's publish time.
CREATE TABLE IF NOT EXISTS portal_post_summary (
    pub_month     INT            NOT NULL,
    site_id       VARCHAR(36)    NOT NULL,
    column_id     VARCHAR(36)    NOT NULL,
    department    VARBINARY(255) NOT NULL,
    source        VARBINARY(32)  NOT NULL,
    n             BIGINT         NOT NULL DEFAULT 0,
    newest_us     BIGINT         NOT NULL DEFAULT 0,
    PRIMARY KEY (pub_month, site_id, column_id, department, source)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
DELETE FROM portal_post_summary;
--bun:split
INSERT INTO portal_post_summary (pub_month, site_id, column_id, department, source, n, newest_us)
SELECT COALESCE(EXTRACT(YEAR_MONTH FROM DATE_ADD(published, INTERVAL 8 HOUR)), 0),
       site_id, column_id, department, source, COUNT(*),
       COALESCE(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', MAX(published)), -62135596800000000)
FROM portal_posts GROUP BY 1, 2, 3, 4, 5;
--bun:split
-- The probes, and the failed ones, per (site, hour).
CREATE TABLE IF NOT EXISTS portal_probe_summary (
    site_id       VARCHAR(36)    NOT NULL,
    probe_hour    BIGINT         NOT NULL,
    total         BIGINT         NOT NULL DEFAULT 0,
    failed        BIGINT         NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, probe_hour)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
DELETE FROM portal_probe_summary;
--bun:split
INSERT INTO portal_probe_summary (site_id, probe_hour, total, failed)
SELECT site_id, COALESCE(CAST(DATE_FORMAT(probed_at, '%Y%m%d%H') AS SIGNED), 0), COUNT(*),
       SUM(CASE WHEN ok THEN 0 ELSE 1 END)
FROM portal_probes GROUP BY 1, 2;
--bun:split
-- The consultations per (site, month received, month answered: 0 while
-- unanswered, department).
CREATE TABLE IF NOT EXISTS portal_consultation_summary (
    site_id        VARCHAR(36)    NOT NULL,
    received_month INT            NOT NULL,
    answered_month INT            NOT NULL,
    department     VARBINARY(255) NOT NULL,
    n              BIGINT         NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, received_month, answered_month, department)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
DELETE FROM portal_consultation_summary;
--bun:split
INSERT INTO portal_consultation_summary (site_id, received_month, answered_month, department, n)
SELECT site_id, COALESCE(EXTRACT(YEAR_MONTH FROM DATE_ADD(received, INTERVAL 8 HOUR)), 0),
       COALESCE(EXTRACT(YEAR_MONTH FROM DATE_ADD(answered, INTERVAL 8 HOUR)), 0), department, COUNT(*)
FROM portal_consultations GROUP BY 1, 2, 3, 4;
--bun:split
-- A site's consultations received in a month before a time, and those
-- answered after one: the ends of the evaluator's window that the summary
-- does not hold. Each index is added only when information_schema lacks
-- it, so that the statement may run again.
SET @portal_ddl = IF(EXISTS(SELECT 1 FROM information_schema.statistics
        WHERE table_schema = DATABASE() AND table_name = 'portal_consultations' AND index_name = 'portal_consultations_ix_site_received'),
    'DO 0',
    'ALTER TABLE portal_consultations ADD INDEX portal_consultations_ix_site_received (site_id, received)');
--bun:split
PREPARE portal_stmt FROM @portal_ddl;
--bun:split
EXECUTE portal_stmt;
--bun:split
DEALLOCATE PREPARE portal_stmt;
--bun:split
SET @portal_ddl = IF(EXISTS(SELECT 1 FROM information_schema.statistics
        WHERE table_schema = DATABASE() AND table_name = 'portal_consultations' AND index_name = 'portal_consultations_ix_site_answered'),
    'DO 0',
    'ALTER TABLE portal_consultations ADD INDEX portal_consultations_ix_site_answered (site_id, answered)');
--bun:split
PREPARE portal_stmt FROM @portal_ddl;
--bun:split
EXECUTE portal_stmt;
--bun:split
DEALLOCATE PREPARE portal_stmt;
