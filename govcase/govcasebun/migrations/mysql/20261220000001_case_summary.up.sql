-- The case summary (see govops.SummaryKeeper): the cases counted by year
-- (Case.Year), kind, status and department ('' for none), with the sums
-- CaseStats reports, in two kinds of rows. A month row (month yyyymm)
-- counts the cases created in that month of the Store's zone
-- (govcasebun.WithLocation); a total row (month 0) counts the group's
-- cases of every month, those without a creation time included. The Store
-- changes both in the transaction of every write of a case. CaseStats
-- reads the total rows, or the month rows of whole months, and CaseCounts
-- the month rows, instead of scanning govcase_cases. The key starts with
-- the month, which every such query bounds: a year's totals are one range
-- of it, in the order of CaseStats' GROUP BY.
--
-- The months depend on the zone, which SQL does not know, so the migration
-- leaves the table empty: Migrate fills it from govcase_cases, in Go's
-- zone arithmetic, whenever it is empty while cases exist (the state right
-- after this migration on a database that holds cases). InnoDB keeps the
-- rows in the primary key, so that a query reads one range of it.
-- Idempotent.
CREATE TABLE IF NOT EXISTS govcase_case_summary (
    `month`          INT         NOT NULL,
    `year`           INT         NOT NULL,
    kind             VARCHAR(64) NOT NULL,
    status           VARCHAR(32) NOT NULL,
    department       VARCHAR(64) NOT NULL DEFAULT '',
    n                BIGINT      NOT NULL DEFAULT 0,
    dispatched       BIGINT      NOT NULL DEFAULT 0,
    accepted         BIGINT      NOT NULL DEFAULT 0,
    accepted_on_time BIGINT      NOT NULL DEFAULT 0,
    replied          BIGINT      NOT NULL DEFAULT 0,
    replied_on_time  BIGINT      NOT NULL DEFAULT 0,
    handling_secs    BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (`month`, `year`, kind, status, department)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
