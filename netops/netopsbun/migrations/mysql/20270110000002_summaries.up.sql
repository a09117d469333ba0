-- The count of the visits of each unit, month, zone, technician, status
-- and arrival, and their response seconds (a summary: govops.SummaryKeeper),
-- kept beside netops_visit_counts in the transaction of every write of a
-- visit, after the visit and its events: VisitGroups of one unit's whole
-- months (a department's compliance report) reads these rows rather than
-- the unit's visits. Filled from the visits already stored, emptied first
-- so that the migration runs again after a failure (MySQL commits DDL at
-- once).
CREATE TABLE IF NOT EXISTS netops_visit_unit_counts (
    unit             VARBINARY(255) NOT NULL,
    month            VARCHAR(7)     NOT NULL,
    zone             VARCHAR(16)    NOT NULL,
    technician       VARBINARY(255) NOT NULL,
    status           VARCHAR(16)    NOT NULL,
    arrival          INTEGER        NOT NULL,
    visits           BIGINT         NOT NULL DEFAULT 0,
    response_seconds BIGINT         NOT NULL DEFAULT 0,
    PRIMARY KEY (unit, month, zone, technician, status, arrival)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
DELETE FROM netops_visit_unit_counts;
--bun:split
INSERT INTO netops_visit_unit_counts (unit, month, zone, technician, status, arrival, visits, response_seconds)
SELECT unit, month, zone, technician, status, arrival, COUNT(*), SUM(response_seconds) FROM netops_visits
GROUP BY unit, month, zone, technician, status, arrival;
--bun:split
-- netops_visit_counts, kept since the first schema, counted anew from the
-- visits too, so that an upgraded database starts from summaries equal to
-- its records.
DELETE FROM netops_visit_counts;
--bun:split
INSERT INTO netops_visit_counts (month, zone, technician, status, arrival, visits, response_seconds)
SELECT month, zone, technician, status, arrival, COUNT(*), SUM(response_seconds) FROM netops_visits
GROUP BY month, zone, technician, status, arrival;
--bun:split
-- The visits not arrived by when they are due, in the order VisitGroups
-- groups them, with their unit: VisitGroups counts the overdue ones as the
-- counts' visits not arrived less those not yet due, which this index
-- finds by themselves (those reported within the last response time, when
-- the report is of now), rather than every visit not arrived. Each index
-- is dropped or added only when information_schema says so.
SET @netops_ddl = IF(EXISTS(SELECT 1 FROM information_schema.statistics
        WHERE table_schema = DATABASE() AND table_name = 'netops_visits' AND index_name = 'netops_visits_overdue_ix'),
    'ALTER TABLE netops_visits DROP INDEX netops_visits_overdue_ix',
    'DO 0');
--bun:split
PREPARE netops_stmt FROM @netops_ddl;
--bun:split
EXECUTE netops_stmt;
--bun:split
DEALLOCATE PREPARE netops_stmt;
--bun:split
SET @netops_ddl = IF(EXISTS(SELECT 1 FROM information_schema.statistics
        WHERE table_schema = DATABASE() AND table_name = 'netops_visits' AND index_name = 'netops_visits_not_due_ix'),
    'DO 0',
    'ALTER TABLE netops_visits ADD INDEX netops_visits_not_due_ix (arrival, due_at, month, zone, technician, status, unit)');
--bun:split
PREPARE netops_stmt FROM @netops_ddl;
--bun:split
EXECUTE netops_stmt;
--bun:split
DEALLOCATE PREPARE netops_stmt;
