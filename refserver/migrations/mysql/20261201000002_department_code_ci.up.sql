-- Department codes are unique regardless of letter case: "YUEJIN" may not
-- stand beside "yuejin", which a person reading a dispatch or a token
-- listing could not tell apart. The table's collation, utf8mb4_bin, keeps
-- lookups exact; the lower-cased code is a stored generated column with a
-- unique key, which MariaDB and MySQL 5.7 support alike (an index on an
-- expression needs MySQL 8.0.13). Codes are ASCII, so LOWER() folds them
-- whole.
--
-- MySQL commits DDL implicitly and has no ADD COLUMN IF NOT EXISTS, so the
-- column and its key are added by one ALTER TABLE that runs only when
-- information_schema does not list the column yet: running the migration
-- again is harmless. A database that already holds such a pair fails here
-- (duplicate entry), the ALTER TABLE changes nothing, and
-- BunDirectory.Migrate names the pair. The statements share one
-- connection, and with it @refserver_ddl.
SET @refserver_ddl = (SELECT IF(COUNT(*) = 0,
    'ALTER TABLE refserver_departments ADD COLUMN code_ci VARCHAR(64) AS (LOWER(code)) STORED, ADD UNIQUE KEY refserver_departments_code_ci (code_ci)',
    'DO 0')
    FROM information_schema.columns
    WHERE table_schema = DATABASE() AND table_name = 'refserver_departments' AND column_name = 'code_ci');
--bun:split
PREPARE refserver_stmt FROM @refserver_ddl;
--bun:split
EXECUTE refserver_stmt;
--bun:split
DEALLOCATE PREPARE refserver_stmt;
