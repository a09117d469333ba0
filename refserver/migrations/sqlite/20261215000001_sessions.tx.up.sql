-- refserver console sessions for SQLite: one row per sign-in, keyed by the
-- hash of the session's secret (the secret itself is never stored). Times
-- are UTC.
CREATE TABLE IF NOT EXISTS refserver_sessions (
    id         VARCHAR(36)  NOT NULL PRIMARY KEY,
    hash       VARCHAR(64)  NOT NULL,
    token_hash VARCHAR(64)  NOT NULL,
    created_at TIMESTAMP    NOT NULL,
    expires_at TIMESTAMP    NOT NULL
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS refserver_sessions_hash ON refserver_sessions (hash);
--bun:split
CREATE INDEX IF NOT EXISTS refserver_sessions_expires ON refserver_sessions (expires_at);
