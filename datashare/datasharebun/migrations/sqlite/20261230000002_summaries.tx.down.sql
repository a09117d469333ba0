DROP INDEX IF EXISTS datashare_batches_latest_ix;
--bun:split
DROP TABLE IF EXISTS datashare_month_summary;
--bun:split
DROP TABLE IF EXISTS datashare_item_summary;
--bun:split
DROP TABLE IF EXISTS datashare_mount_summary;
