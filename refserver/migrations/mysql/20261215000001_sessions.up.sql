-- refserver console sessions for MySQL and MariaDB: one row per sign-in,
-- keyed by the hash of the session's secret (the secret itself is never
-- stored). One idempotent statement, as MySQL commits DDL implicitly.
-- Times are DATETIME(6) in UTC.
CREATE TABLE IF NOT EXISTS refserver_sessions (
    id         VARCHAR(36)  NOT NULL PRIMARY KEY,
    hash       VARCHAR(64)  NOT NULL,
    token_hash VARCHAR(64)  NOT NULL,
    created_at DATETIME(6)  NOT NULL,
    expires_at DATETIME(6)  NOT NULL,
    UNIQUE KEY refserver_sessions_hash (hash),
    KEY refserver_sessions_expires (expires_at)
) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
