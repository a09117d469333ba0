DROP TABLE IF EXISTS portal_events;
--bun:split
DROP TABLE IF EXISTS portal_inspections;
--bun:split
DROP TABLE IF EXISTS portal_accounts;
--bun:split
DROP TABLE IF EXISTS portal_consultations;
--bun:split
DROP TABLE IF EXISTS portal_tasks;
--bun:split
DROP TABLE IF EXISTS portal_findings;
--bun:split
DROP TABLE IF EXISTS portal_crawls;
--bun:split
DROP TABLE IF EXISTS portal_probes;
--bun:split
DROP TABLE IF EXISTS portal_posts;
--bun:split
DROP TABLE IF EXISTS portal_columns;
--bun:split
DROP TABLE IF EXISTS portal_sites;
