-- The case summary (see govops.SummaryKeeper): one row per group of cases,
-- keyed by the case's year (Case.Year), kind, status, department ('' for
-- none) and the month of its creation (yyyymm) in the Store's zone
-- (govcasebun.WithLocation; 0 for a case without a creation time), with
-- the sums CaseStats reports. The Store changes it in the transaction of
-- every write of a case; CaseStats and CaseCounts read it instead of
-- scanning govcase_cases. The key's order puts the month last, so that a
-- year's groups by kind, status and department come in key order.
--
-- The months depend on the zone, which SQL does not know, so the migration
-- leaves the table empty: Migrate fills it from govcase_cases, in Go's
-- zone arithmetic, whenever it is empty while cases exist (the state right
-- after this migration on a database that holds cases). WITHOUT ROWID keeps
-- each row in the primary key's own B-tree, so a year's rows are read
-- from one range of it.
CREATE TABLE IF NOT EXISTS govcase_case_summary (
    year             INTEGER     NOT NULL,
    kind             VARCHAR(64) NOT NULL,
    status           VARCHAR(32) NOT NULL,
    department       VARCHAR(64) NOT NULL DEFAULT '',
    month            INTEGER     NOT NULL,
    n                BIGINT      NOT NULL DEFAULT 0,
    dispatched       BIGINT      NOT NULL DEFAULT 0,
    accepted         BIGINT      NOT NULL DEFAULT 0,
    accepted_on_time BIGINT      NOT NULL DEFAULT 0,
    replied          BIGINT      NOT NULL DEFAULT 0,
    replied_on_time  BIGINT      NOT NULL DEFAULT 0,
    handling_secs    BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (year, kind, status, department, month)
) WITHOUT ROWID;
