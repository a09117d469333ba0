DROP INDEX IF EXISTS portal_consultations_ix_site_answered;
--bun:split
DROP INDEX IF EXISTS portal_consultations_ix_site_received;
--bun:split
DROP TABLE IF EXISTS portal_consultation_summary;
--bun:split
DROP TABLE IF EXISTS portal_probe_summary;
--bun:split
DROP TABLE IF EXISTS portal_post_summary;
--bun:split
DROP TABLE IF EXISTS portal_task_fixed_summary;
--bun:split
DROP TABLE IF EXISTS portal_task_opened_summary;
