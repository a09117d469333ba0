DROP TABLE IF EXISTS datashare_events;
--bun:split
DROP TABLE IF EXISTS datashare_requests;
--bun:split
DROP TABLE IF EXISTS datashare_records;
--bun:split
DROP TABLE IF EXISTS datashare_batches;
--bun:split
DROP TABLE IF EXISTS datashare_catalogs;
