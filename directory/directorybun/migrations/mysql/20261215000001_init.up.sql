-- directory schema for MySQL 5.7+/8, MariaDB 10.3+ (and TiDB, OceanBase).
-- MySQL commits DDL implicitly, so the migration cannot run in a
-- transaction; instead every statement is idempotent: each table is created
-- with its indexes in one CREATE TABLE IF NOT EXISTS. utf8mb4_bin keeps
-- comparisons and ordering byte-wise whatever the server's default
-- collation, and lookups by code exact. Times are DATETIME(6) in UTC; NULL
-- means "not set".
--
-- Codes are unique regardless of letter case: "YUEJIN" may not stand beside
-- "yuejin". The lower-cased code is a stored generated column with a unique
-- key, which MariaDB and MySQL 5.7 support alike (an index on an expression
-- needs MySQL 8.0.13). Codes are ASCII, so LOWER() folds them whole.
CREATE TABLE IF NOT EXISTS directory_departments (
    id         VARCHAR(36)  NOT NULL,
    code       VARCHAR(64)  NOT NULL,
    name       VARCHAR(255) NOT NULL,
    kind       VARCHAR(16)  NOT NULL,
    parent     VARCHAR(64)  NOT NULL DEFAULT '',
    zone       VARCHAR(16)  NOT NULL DEFAULT '',
    status     VARCHAR(16)  NOT NULL,
    version    BIGINT       NOT NULL,
    created_at DATETIME(6)  NULL,
    updated_at DATETIME(6)  NULL,
    code_ci    VARCHAR(64)  AS (LOWER(code)) STORED,
    PRIMARY KEY (id),
    UNIQUE KEY directory_departments_code_uq (code),
    UNIQUE KEY directory_departments_code_ci (code_ci),
    KEY directory_departments_parent_ix (parent, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
CREATE TABLE IF NOT EXISTS directory_events (
    id            VARCHAR(36)  NOT NULL,
    department_id VARCHAR(36)  NOT NULL,
    seq           INT          NOT NULL,
    type          VARCHAR(16)  NOT NULL,
    actor         VARCHAR(128) NOT NULL DEFAULT '',
    actor_dept    VARCHAR(64)  NOT NULL DEFAULT '',
    at            DATETIME(6)  NULL,
    from_status   VARCHAR(16)  NOT NULL DEFAULT '',
    to_status     VARCHAR(16)  NOT NULL DEFAULT '',
    department    VARCHAR(64)  NOT NULL DEFAULT '',
    note          TEXT         NOT NULL,
    attachments   MEDIUMTEXT   NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY directory_events_seq_uq (department_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
