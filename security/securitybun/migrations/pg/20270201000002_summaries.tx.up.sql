-- The year and the day (Asia/Shanghai) each hardening record was found
-- in, and the year a verified record was verified in
-- (security.Hardening.FoundYear, FoundDay as yyyymmdd, VerifiedYear), which
-- the Store writes with every record and the summaries below group by: 1,
-- 0 and 1 stand for a time not set, 0 for a record not verified. The rows
-- stored before are computed here in Asia/Shanghai.
ALTER TABLE security_hardenings ADD COLUMN IF NOT EXISTS found_year INTEGER NOT NULL DEFAULT 1;
--bun:split
ALTER TABLE security_hardenings ADD COLUMN IF NOT EXISTS found_day INTEGER NOT NULL DEFAULT 0;
--bun:split
ALTER TABLE security_hardenings ADD COLUMN IF NOT EXISTS verified_year INTEGER NOT NULL DEFAULT 0;
--bun:split
UPDATE security_hardenings SET
    found_year = CASE WHEN found_on IS NULL THEN 1 ELSE CAST(to_char(found_on AT TIME ZONE 'Asia/Shanghai', 'YYYY') AS INTEGER) END,
    found_day = CASE WHEN found_on IS NULL THEN 0 ELSE CAST(to_char(found_on AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') AS INTEGER) END,
    verified_year = CASE WHEN status <> 'verified' THEN 0 WHEN verified_at IS NULL THEN 1
        ELSE CAST(to_char(verified_at AT TIME ZONE 'Asia/Shanghai', 'YYYY') AS INTEGER) END;
--bun:split
-- The records verified after a report's instant, which the yearly report
-- reads to count them as they stood then.
CREATE INDEX IF NOT EXISTS security_hardenings_ix_verified ON security_hardenings (verified_at);
--bun:split
-- The month (Asia/Shanghai) of each inspection, "0001-01" for none.
ALTER TABLE security_inspections ADD COLUMN IF NOT EXISTS month VARCHAR(7) COLLATE "C" NOT NULL DEFAULT '0001-01';
--bun:split
UPDATE security_inspections SET month = to_char(inspected_on AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') WHERE inspected_on IS NOT NULL;
--bun:split
-- Summaries (govops.SummaryKeeper): the count of the hardening records of
-- each kind, severity, year found and year verified, of every unit and of
-- each; and of each severity, day found and year verified, of every unit
-- and of each; and the count of inspections of each month. The Store
-- changes them in the transaction of every write of a record they count,
-- after the record and its events.
CREATE TABLE IF NOT EXISTS security_hardening_counts (
    kind          VARCHAR(32) COLLATE "C" NOT NULL,
    severity      VARCHAR(32) COLLATE "C" NOT NULL,
    found_year    INTEGER     NOT NULL,
    verified_year INTEGER     NOT NULL,
    hardenings    BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, severity, found_year, verified_year)
);
--bun:split
CREATE TABLE IF NOT EXISTS security_hardening_dept_counts (
    department    VARCHAR(255) COLLATE "C" NOT NULL,
    kind          VARCHAR(32) COLLATE "C" NOT NULL,
    severity      VARCHAR(32) COLLATE "C" NOT NULL,
    found_year    INTEGER      NOT NULL,
    verified_year INTEGER      NOT NULL,
    hardenings    BIGINT       NOT NULL DEFAULT 0,
    PRIMARY KEY (department, kind, severity, found_year, verified_year)
);
--bun:split
CREATE TABLE IF NOT EXISTS security_hardening_day_counts (
    found_day     INTEGER     NOT NULL,
    severity      VARCHAR(32) COLLATE "C" NOT NULL,
    verified_year INTEGER     NOT NULL,
    hardenings    BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (found_day, severity, verified_year)
);
--bun:split
CREATE TABLE IF NOT EXISTS security_hardening_dept_day_counts (
    department    VARCHAR(255) COLLATE "C" NOT NULL,
    severity      VARCHAR(32) COLLATE "C" NOT NULL,
    found_day     INTEGER      NOT NULL,
    verified_year INTEGER      NOT NULL,
    hardenings    BIGINT       NOT NULL DEFAULT 0,
    PRIMARY KEY (department, found_day, severity, verified_year)
);
--bun:split
CREATE TABLE IF NOT EXISTS security_inspection_counts (
    month       VARCHAR(7) COLLATE "C" NOT NULL PRIMARY KEY,
    inspections BIGINT     NOT NULL DEFAULT 0
);
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
