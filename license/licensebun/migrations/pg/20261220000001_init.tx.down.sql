DROP TABLE IF EXISTS license_events;
--bun:split
DROP TABLE IF EXISTS license_batches;
--bun:split
DROP TABLE IF EXISTS license_records;
--bun:split
DROP TABLE IF EXISTS license_schemas;
--bun:split
DROP TABLE IF EXISTS license_template_files;
--bun:split
DROP TABLE IF EXISTS license_templates;
--bun:split
DROP TABLE IF EXISTS license_claims;
--bun:split
DROP TABLE IF EXISTS license_types;
