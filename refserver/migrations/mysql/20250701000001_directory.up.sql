-- refserver directory schema for MySQL and MariaDB. MySQL commits DDL
-- implicitly, so the migration runs outside a transaction and every
-- statement is idempotent; indexes are declared inside CREATE TABLE, which
-- MySQL 8 allows where it lacks CREATE INDEX IF NOT EXISTS. utf8mb4_bin keeps
-- code and hash comparisons exact. Times are DATETIME(6) in UTC; NULL means
-- "not set".
CREATE TABLE IF NOT EXISTS refserver_departments (
    code       VARCHAR(64)  NOT NULL,
    name       VARCHAR(255) NOT NULL,
    kind       VARCHAR(16)  NOT NULL,
    parent     VARCHAR(64)  NOT NULL DEFAULT '',
    created_at DATETIME(6)  NULL,
    PRIMARY KEY (code)
) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
--bun:split
CREATE TABLE IF NOT EXISTS refserver_tokens (
    id           VARCHAR(36)  NOT NULL,
    name         VARCHAR(255) NOT NULL,
    role         VARCHAR(16)  NOT NULL,
    department   VARCHAR(64)  NOT NULL DEFAULT '',
    hash         CHAR(64)     NOT NULL,
    created_at   DATETIME(6)  NULL,
    revoked_at   DATETIME(6)  NULL,
    last_used_at DATETIME(6)  NULL,
    PRIMARY KEY (id),
    UNIQUE KEY refserver_tokens_hash_uq (hash)
) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
