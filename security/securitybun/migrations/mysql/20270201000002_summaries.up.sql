-- The year and the day (Asia/Shanghai) each hardening record was found
-- in, and the year a verified record was verified in
-- (security.Hardening.FoundYear, FoundDay as yyyymmdd, VerifiedYear), which
-- the Store writes with every record and the summaries below group by: 1,
-- 0 and 1 stand for a time not set, 0 for a record not verified. The rows
-- stored before are computed here at UTC+8, Asia/Shanghai's offset since
-- 1991 (times are DATETIME(6) in UTC). MySQL commits DDL at once: each
-- column and index is added only when information_schema lacks it, and the
-- summaries are emptied before they are filled, so that the migration
-- runs again after a failure.
SET @security_ddl = IF(EXISTS(SELECT 1 FROM information_schema.columns
        WHERE table_schema = DATABASE() AND table_name = 'security_hardenings' AND column_name = 'found_year'),
    'DO 0',
    'ALTER TABLE security_hardenings ADD COLUMN found_year INT NOT NULL DEFAULT 1, ADD COLUMN found_day INT NOT NULL DEFAULT 0, ADD COLUMN verified_year INT NOT NULL DEFAULT 0, ADD INDEX security_hardenings_ix_verified (verified_at)');
--bun:split
PREPARE security_stmt FROM @security_ddl;
--bun:split
EXECUTE security_stmt;
--bun:split
DEALLOCATE PREPARE security_stmt;
--bun:split
UPDATE security_hardenings SET
    found_year = CASE WHEN found_on IS NULL THEN 1 ELSE YEAR(found_on + INTERVAL 8 HOUR) END,
    found_day = CASE WHEN found_on IS NULL THEN 0 ELSE CAST(DATE_FORMAT(found_on + INTERVAL 8 HOUR, '%Y%m%d') AS SIGNED) END,
    verified_year = CASE WHEN status <> 'verified' THEN 0 WHEN verified_at IS NULL THEN 1
        ELSE YEAR(verified_at + INTERVAL 8 HOUR) END;
--bun:split
-- The month (Asia/Shanghai) of each inspection, "0001-01" for none.
SET @security_ddl = IF(EXISTS(SELECT 1 FROM information_schema.columns
        WHERE table_schema = DATABASE() AND table_name = 'security_inspections' AND column_name = 'month'),
    'DO 0',
    'ALTER TABLE security_inspections ADD COLUMN month VARBINARY(7) NOT NULL DEFAULT ''0001-01''');
--bun:split
PREPARE security_stmt FROM @security_ddl;
--bun:split
EXECUTE security_stmt;
--bun:split
DEALLOCATE PREPARE security_stmt;
--bun:split
UPDATE security_inspections SET month = DATE_FORMAT(inspected_on + INTERVAL 8 HOUR, '%Y-%m') WHERE inspected_on IS NOT NULL;
--bun:split
-- Summaries (govops.SummaryKeeper): the count of the hardening records of
-- each kind, severity, year found and year verified, of every unit and of
-- each; and of each day found, severity and year verified, of every unit
-- and of each; and the count of inspections of each month. The Store
-- changes them in the transaction of every write of a record they count,
-- after the record and its events.
CREATE TABLE IF NOT EXISTS security_hardening_counts (
    kind          VARBINARY(32) NOT NULL,
    severity      VARBINARY(32) NOT NULL,
    found_year    INT           NOT NULL,
    verified_year INT           NOT NULL,
    hardenings    BIGINT        NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, severity, found_year, verified_year)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
CREATE TABLE IF NOT EXISTS security_hardening_dept_counts (
    department    VARBINARY(255) NOT NULL,
    kind          VARBINARY(32)  NOT NULL,
    severity      VARBINARY(32)  NOT NULL,
    found_year    INT            NOT NULL,
    verified_year INT            NOT NULL,
    hardenings    BIGINT         NOT NULL DEFAULT 0,
    PRIMARY KEY (department, kind, severity, found_year, verified_year)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
CREATE TABLE IF NOT EXISTS security_hardening_day_counts (
    found_day     INT           NOT NULL,
    severity      VARBINARY(32) NOT NULL,
    verified_year INT           NOT NULL,
    hardenings    BIGINT        NOT NULL DEFAULT 0,
    PRIMARY KEY (found_day, severity, verified_year)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
CREATE TABLE IF NOT EXISTS security_hardening_dept_day_counts (
    department    VARBINARY(255) NOT NULL,
    found_day     INT            NOT NULL,
    severity      VARBINARY(32)  NOT NULL,
    verified_year INT            NOT NULL,
    hardenings    BIGINT         NOT NULL DEFAULT 0,
    PRIMARY KEY (department, found_day, severity, verified_year)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
CREATE TABLE IF NOT EXISTS security_inspection_counts (
    month       VARBINARY(7) NOT NULL,
    inspections BIGINT       NOT NULL DEFAULT 0,
    PRIMARY KEY (month)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- Filled from the records already stored.
DELETE FROM security_hardening_counts;
--bun:split
INSERT INTO security_hardening_counts (kind, severity, found_year, verified_year, hardenings)
SELECT kind, severity, found_year, verified_year, COUNT(*) FROM security_hardenings
GROUP BY kind, severity, found_year, verified_year;
--bun:split
DELETE FROM security_hardening_dept_counts;
--bun:split
INSERT INTO security_hardening_dept_counts (department, kind, severity, found_year, verified_year, hardenings)
SELECT department, kind, severity, found_year, verified_year, COUNT(*) FROM security_hardenings
GROUP BY department, kind, severity, found_year, verified_year;
--bun:split
DELETE FROM security_hardening_day_counts;
--bun:split
INSERT INTO security_hardening_day_counts (found_day, severity, verified_year, hardenings)
SELECT found_day, severity, verified_year, COUNT(*) FROM security_hardenings WHERE found_day <> 0
GROUP BY found_day, severity, verified_year;
--bun:split
DELETE FROM security_hardening_dept_day_counts;
--bun:split
INSERT INTO security_hardening_dept_day_counts (department, found_day, severity, verified_year, hardenings)
SELECT department, found_day, severity, verified_year, COUNT(*) FROM security_hardenings WHERE found_day <> 0
GROUP BY department, found_day, severity, verified_year;
--bun:split
DELETE FROM security_inspection_counts;
--bun:split
INSERT INTO security_inspection_counts (month, inspections)
SELECT month, COUNT(*) FROM security_inspections GROUP BY month;
