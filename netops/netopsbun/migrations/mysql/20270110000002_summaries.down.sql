ALTER TABLE netops_visits DROP INDEX netops_visits_not_due_ix, ADD INDEX netops_visits_overdue_ix (arrival, month, zone, technician, status, due_at);
--bun:split
DROP TABLE IF EXISTS netops_visit_unit_counts;
