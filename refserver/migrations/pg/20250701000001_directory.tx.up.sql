-- refserver directory schema for PostgreSQL. Every statement is idempotent.
-- Times are UTC; NULL means "not set".
CREATE TABLE IF NOT EXISTS refserver_departments (
    code       VARCHAR(64)  NOT NULL PRIMARY KEY,
    name       VARCHAR(255) NOT NULL,
    kind       VARCHAR(16)  NOT NULL,
    parent     VARCHAR(64)  NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ
);
--bun:split
CREATE TABLE IF NOT EXISTS refserver_tokens (
    id           VARCHAR(36)  NOT NULL PRIMARY KEY,
    name         VARCHAR(255) NOT NULL,
    role         VARCHAR(16)  NOT NULL,
    department   VARCHAR(64)  NOT NULL DEFAULT '',
    hash         CHAR(64)     NOT NULL,
    created_at   TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS refserver_tokens_hash_uq ON refserver_tokens (hash);
