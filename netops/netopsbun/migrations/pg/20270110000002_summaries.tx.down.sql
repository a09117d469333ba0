DROP INDEX IF EXISTS netops_visits_not_due_ix;
--bun:split
CREATE INDEX IF NOT EXISTS netops_visits_overdue_ix ON netops_visits
    (arrival, month, zone, technician, status, due_at);
--bun:split
DROP TABLE IF EXISTS netops_visit_unit_counts;
