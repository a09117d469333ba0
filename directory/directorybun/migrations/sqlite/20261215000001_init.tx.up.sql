-- directory schema for SQLite. Every statement is idempotent (IF NOT
-- EXISTS), so running the migration twice, or after a crash halfway, is
-- harmless. Times are TEXT in UTC; NULL means "not set". Text compares
-- byte-wise (SQLite's BINARY collation), which is the order of codes.
CREATE TABLE IF NOT EXISTS directory_departments (
    id         VARCHAR(36)  NOT NULL PRIMARY KEY,
    code       VARCHAR(64)  NOT NULL,
    name       VARCHAR(255) NOT NULL,
    kind       VARCHAR(16)  NOT NULL,
    parent     VARCHAR(64)  NOT NULL DEFAULT '',
    zone       VARCHAR(16)  NOT NULL DEFAULT '',
    status     VARCHAR(16)  NOT NULL,
    version    BIGINT       NOT NULL,
    created_at TIMESTAMP,
    updated_at TIMESTAMP
);
--bun:split
-- Exact lookups and pages in code order.
CREATE UNIQUE INDEX IF NOT EXISTS directory_departments_code_uq ON directory_departments (code);
--bun:split
-- Codes are unique regardless of letter case: "YUEJIN" may not stand beside
-- "yuejin". Codes are ASCII, so lower() folds them whole.
CREATE UNIQUE INDEX IF NOT EXISTS directory_departments_code_ci ON directory_departments (lower(code));
--bun:split
-- The units below a unit, by status: the children a dissolution counts.
CREATE INDEX IF NOT EXISTS directory_departments_parent_ix ON directory_departments (parent, status);
--bun:split
CREATE TABLE IF NOT EXISTS directory_events (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    department_id VARCHAR(36)  NOT NULL,
    seq           INTEGER      NOT NULL,
    type          VARCHAR(16)  NOT NULL,
    actor         VARCHAR(128) NOT NULL DEFAULT '',
    actor_dept    VARCHAR(64)  NOT NULL DEFAULT '',
    at            TIMESTAMP,
    from_status   VARCHAR(16)  NOT NULL DEFAULT '',
    to_status     VARCHAR(16)  NOT NULL DEFAULT '',
    department    VARCHAR(64)  NOT NULL DEFAULT '',
    note          TEXT         NOT NULL DEFAULT '',
    attachments   TEXT         NOT NULL DEFAULT '[]'
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS directory_events_seq_uq ON directory_events (department_id, seq);
