-- Summary rows (see portalbun.Store): counts per group of records, which
-- the store changes in the transaction of every write of those records,
-- so that the dashboards' counts read groups instead of every record. Each
-- table is filled here from the records already stored (any rows it had
-- replaced), so that an upgraded database is right at once. A month is
-- yyyymm in Asia/Shanghai (UTC+8 all year), an hour yyyymmddhh in UTC, 0
-- for a time not set; newest_us is microseconds since 1970 UTC. Keys are
-- COLLATE "C", as the records' columns. Rows that come to zero are kept,
-- not deleted.

-- The tasks per (scope, site, department, month opened, kind, status),
-- and the fixed ones per month fixed: each task counts in four scopes, so
-- that every filter of TaskGroups reads its own rows: 'a' (site and
-- department ''), 'd' (its department), 's' (its site), 'sd' (both).
CREATE TABLE IF NOT EXISTS portal_task_opened_summary (
    scope         VARCHAR(2) COLLATE "C" NOT NULL,
    site_id       VARCHAR(36) COLLATE "C" NOT NULL,
    department    VARCHAR(255) COLLATE "C" NOT NULL,
    opened_month  INTEGER NOT NULL,
    kind          VARCHAR(32) COLLATE "C" NOT NULL,
    status        VARCHAR(32) COLLATE "C" NOT NULL,
    n             BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, site_id, department, opened_month, kind, status)
);
--bun:split
DELETE FROM portal_task_opened_summary;
--bun:split
INSERT INTO portal_task_opened_summary (scope, site_id, department, opened_month, kind, status, n)
SELECT * FROM (
    SELECT 'a' AS scope, '' AS site_id, '' AS department, COALESCE(CAST(to_char(opened AT TIME ZONE 'UTC' + INTERVAL '8 hours', 'YYYYMM') AS INTEGER), 0) AS month, kind, status, COUNT(*) AS n
    FROM portal_tasks GROUP BY 4, 5, 6
    UNION ALL
    SELECT 'd', '', department, COALESCE(CAST(to_char(opened AT TIME ZONE 'UTC' + INTERVAL '8 hours', 'YYYYMM') AS INTEGER), 0), kind, status, COUNT(*)
    FROM portal_tasks GROUP BY 3, 4, 5, 6
    UNION ALL
    SELECT 's', site_id, '', COALESCE(CAST(to_char(opened AT TIME ZONE 'UTC' + INTERVAL '8 hours', 'YYYYMM') AS INTEGER), 0), kind, status, COUNT(*)
    FROM portal_tasks GROUP BY 2, 4, 5, 6
    UNION ALL
    SELECT 'sd', site_id, department, COALESCE(CAST(to_char(opened AT TIME ZONE 'UTC' + INTERVAL '8 hours', 'YYYYMM') AS INTEGER), 0), kind, status, COUNT(*)
    FROM portal_tasks GROUP BY 2, 3, 4, 5, 6
) AS scoped;
--bun:split
CREATE TABLE IF NOT EXISTS portal_task_fixed_summary (
    scope         VARCHAR(2) COLLATE "C" NOT NULL,
    site_id       VARCHAR(36) COLLATE "C" NOT NULL,
    department    VARCHAR(255) COLLATE "C" NOT NULL,
    fixed_month  INTEGER NOT NULL,
    kind          VARCHAR(32) COLLATE "C" NOT NULL,
    status        VARCHAR(32) COLLATE "C" NOT NULL,
    n             BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, site_id, department, fixed_month, kind, status)
);
--bun:split
DELETE FROM portal_task_fixed_summary;
--bun:split
INSERT INTO portal_task_fixed_summary (scope, site_id, department, fixed_month, kind, status, n)
SELECT * FROM (
    SELECT 'a' AS scope, '' AS site_id, '' AS department, COALESCE(CAST(to_char(fixed AT TIME ZONE 'UTC' + INTERVAL '8 hours', 'YYYYMM') AS INTEGER), 0) AS month, kind, status, COUNT(*) AS n
    FROM portal_tasks WHERE fixed IS NOT NULL GROUP BY 4, 5, 6
    UNION ALL
    SELECT 'd', '', department, COALESCE(CAST(to_char(fixed AT TIME ZONE 'UTC' + INTERVAL '8 hours', 'YYYYMM') AS INTEGER), 0), kind, status, COUNT(*)
    FROM portal_tasks WHERE fixed IS NOT NULL GROUP BY 3, 4, 5, 6
    UNION ALL
    SELECT 's', site_id, '', COALESCE(CAST(to_char(fixed AT TIME ZONE 'UTC' + INTERVAL '8 hours', 'YYYYMM') AS INTEGER), 0), kind, status, COUNT(*)
    FROM portal_tasks WHERE fixed IS NOT NULL GROUP BY 2, 4, 5, 6
    UNION ALL
    SELECT 'sd', site_id, department, COALESCE(CAST(to_char(fixed AT TIME ZONE 'UTC' + INTERVAL '8 hours', 'YYYYMM') AS INTEGER), 0), kind, status, COUNT(*)
    FROM portal_tasks WHERE fixed IS NOT NULL GROUP BY 2, 3, 4, 5, 6
) AS scoped;
--bun:split
-- The posts per (month published, site, column, department, source), and
-- the newest one's publish time.
CREATE TABLE IF NOT EXISTS portal_post_summary (
    pub_month     INTEGER      NOT NULL,
    site_id       VARCHAR(36) COLLATE "C"  NOT NULL,
    column_id     VARCHAR(36) COLLATE "C"  NOT NULL,
    department    VARCHAR(255) COLLATE "C" NOT NULL,
    source        VARCHAR(32) COLLATE "C"  NOT NULL,
    n             BIGINT       NOT NULL DEFAULT 0,
    newest_us     BIGINT       NOT NULL DEFAULT 0,
    PRIMARY KEY (pub_month, site_id, column_id, department, source)
);
--bun:split
DELETE FROM portal_post_summary;
--bun:split
INSERT INTO portal_post_summary (pub_month, site_id, column_id, department, source, n, newest_us)
SELECT COALESCE(CAST(to_char(published AT TIME ZONE 'UTC' + INTERVAL '8 hours', 'YYYYMM') AS INTEGER), 0),
       site_id, column_id, department, source, COUNT(*),
       COALESCE(CAST(EXTRACT(EPOCH FROM date_trunc('second', MAX(published))) AS BIGINT) * 1000000
                + CAST(EXTRACT(MICROSECONDS FROM MAX(published)) AS BIGINT) % 1000000,
                -62135596800000000)
FROM portal_posts GROUP BY 1, 2, 3, 4, 5;
--bun:split
-- The probes, and the failed ones, per (site, hour).
CREATE TABLE IF NOT EXISTS portal_probe_summary (
    site_id       VARCHAR(36) COLLATE "C" NOT NULL,
    probe_hour    BIGINT       NOT NULL,
    total         BIGINT       NOT NULL DEFAULT 0,
    failed        BIGINT       NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, probe_hour)
);
--bun:split
DELETE FROM portal_probe_summary;
--bun:split
INSERT INTO portal_probe_summary (site_id, probe_hour, total, failed)
SELECT site_id, COALESCE(CAST(to_char(probed_at AT TIME ZONE 'UTC', 'YYYYMMDDHH24') AS BIGINT), 0), COUNT(*),
       SUM(CASE WHEN ok THEN 0 ELSE 1 END)
FROM portal_probes GROUP BY 1, 2;
--bun:split
-- The consultations per (site, month received, month answered: 0 while
-- unanswered, department).
CREATE TABLE IF NOT EXISTS portal_consultation_summary (
    site_id        VARCHAR(36) COLLATE "C"  NOT NULL,
    received_month INTEGER      NOT NULL,
    answered_month INTEGER      NOT NULL,
    department     VARCHAR(255) COLLATE "C" NOT NULL,
    n              BIGINT       NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, received_month, answered_month, department)
);
--bun:split
DELETE FROM portal_consultation_summary;
--bun:split
INSERT INTO portal_consultation_summary (site_id, received_month, answered_month, department, n)
SELECT site_id, COALESCE(CAST(to_char(received AT TIME ZONE 'UTC' + INTERVAL '8 hours', 'YYYYMM') AS INTEGER), 0),
       COALESCE(CAST(to_char(answered AT TIME ZONE 'UTC' + INTERVAL '8 hours', 'YYYYMM') AS INTEGER), 0), department, COUNT(*)
FROM portal_consultations GROUP BY 1, 2, 3, 4;
--bun:split
-- A site's consultations received in a month before a time, and those
-- answered after one: the ends of the evaluator's window that the summary
-- does not hold.
CREATE INDEX IF NOT EXISTS portal_consultations_ix_site_received ON portal_consultations (site_id, received);
--bun:split
CREATE INDEX IF NOT EXISTS portal_consultations_ix_site_answered ON portal_consultations (site_id, answered);
