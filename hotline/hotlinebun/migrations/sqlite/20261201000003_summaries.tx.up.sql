-- Summary rows (govops.SummaryKeeper): the counts that CallbackCounts,
-- OutcomeCounts and DeductionCounts read, one row per group, which every
-- write changes in its own transaction. Each is filled here from the
-- records (emptied first, so that running this again is harmless), so an
-- upgraded database answers right at once; the migration runs in one
-- transaction. Key columns are NOT NULL, counts BIGINT NOT NULL DEFAULT 0,
-- and a group whose counts fall to zero keeps its row. WITHOUT ROWID: the
-- primary key is the table.
CREATE TABLE IF NOT EXISTS hotline_callback_summary (
    month      CHAR(7)     NOT NULL,
    department VARCHAR(64) NOT NULL,
    result     VARCHAR(32) NOT NULL,
    n          BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (month, department, result)
) WITHOUT ROWID;
--bun:split
DELETE FROM hotline_callback_summary;
--bun:split
INSERT INTO hotline_callback_summary (month, department, result, n)
SELECT month, department, result, COUNT(*) FROM hotline_callbacks GROUP BY month, department, result;
--bun:split
CREATE TABLE IF NOT EXISTS hotline_outcome_summary (
    month            CHAR(7)     NOT NULL,
    department       VARCHAR(64) NOT NULL,
    n                BIGINT      NOT NULL DEFAULT 0,
    dispatched       BIGINT      NOT NULL DEFAULT 0,
    accepted_on_time BIGINT      NOT NULL DEFAULT 0,
    resolved_on_time BIGINT      NOT NULL DEFAULT 0,
    returned         BIGINT      NOT NULL DEFAULT 0,
    redone           BIGINT      NOT NULL DEFAULT 0,
    replied          BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (month, department)
) WITHOUT ROWID;
--bun:split
DELETE FROM hotline_outcome_summary;
--bun:split
INSERT INTO hotline_outcome_summary (month, department, n, dispatched, accepted_on_time, resolved_on_time, returned, redone, replied)
SELECT month, department, COUNT(*), SUM(dispatched), SUM(accepted_on_time), SUM(resolved_on_time), SUM(returned), SUM(redone), SUM(replied)
FROM hotline_outcomes GROUP BY month, department;
--bun:split
-- points is the deduction's exact decimal text, as hotline_deductions
-- holds it: the canonical text of its value, so 0.2 and 0.20 are one group.
CREATE TABLE IF NOT EXISTS hotline_deduction_summary (
    month      CHAR(7)     NOT NULL,
    department VARCHAR(64) NOT NULL,
    status     VARCHAR(16) NOT NULL,
    points     VARCHAR(32) NOT NULL,
    n          BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (month, department, status, points)
) WITHOUT ROWID;
--bun:split
DELETE FROM hotline_deduction_summary;
--bun:split
INSERT INTO hotline_deduction_summary (month, department, status, points, n)
SELECT month, department, status, points, COUNT(*) FROM hotline_deductions GROUP BY month, department, status, points;
