-- datashare schema for MySQL 5.7+/8, MariaDB 10.3+ (and TiDB, OceanBase).
-- MySQL commits DDL implicitly, so the migration cannot run in a
-- transaction; instead every statement is idempotent: each table is created
-- with its indexes in one CREATE TABLE IF NOT EXISTS. Times are DATETIME(6)
-- in UTC; NULL means "not set". Lists are JSON text.
--
-- Codes (an entry's, a department's, a record's key) are VARBINARY:
-- compared and ordered as bytes, exactly. A utf8mb4_bin VARCHAR would be
-- byte-ordered too, but it pads with spaces, so that "101001/000001" and
-- "101001/000001 " would be one code; the collations that do not pad differ
-- between MySQL and MariaDB. Other text is utf8mb4_bin.
CREATE TABLE IF NOT EXISTS datashare_catalogs (
    id              VARCHAR(36)     NOT NULL,
    code            VARBINARY(255)  NOT NULL,
    name            TEXT            NOT NULL,
    department      VARBINARY(255)  NOT NULL,
    provider        TEXT            NOT NULL,
    provider_code   VARCHAR(255)    NOT NULL,
    summary         TEXT            NOT NULL,
    classification  VARCHAR(16)     NOT NULL,
    format_class    VARCHAR(16)     NOT NULL,
    sub_format      TEXT            NOT NULL,
    items           MEDIUMTEXT      NOT NULL,
    key_items       TEXT            NOT NULL,
    share_type      VARCHAR(16)     NOT NULL,
    share_condition TEXT            NOT NULL,
    legal_basis     TEXT            NOT NULL,
    share_method    VARCHAR(16)     NOT NULL,
    open_type       VARCHAR(16)     NOT NULL,
    open_condition  TEXT            NOT NULL,
    update_cycle    VARCHAR(16)     NOT NULL,
    published       DATETIME(6)     NULL,
    related         TEXT            NOT NULL,
    status          VARCHAR(16)     NOT NULL,
    version         BIGINT          NOT NULL,
    created_at      DATETIME(6)     NULL,
    updated_at      DATETIME(6)     NULL,
    PRIMARY KEY (id),
    UNIQUE KEY datashare_catalogs_code_uq (code),
    KEY datashare_catalogs_dept_ix (department, code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- A mount: its records are visible while it is committed, and only then.
-- touched_at finds the loading batches of dead processes.
CREATE TABLE IF NOT EXISTS datashare_batches (
    id           VARCHAR(36)     NOT NULL,
    catalog_id   VARCHAR(36)     NOT NULL,
    catalog_code VARBINARY(255)  NOT NULL,
    department   VARBINARY(255)  NOT NULL,
    actor        TEXT            NOT NULL,
    actor_dept   TEXT            NOT NULL,
    mount_mode   VARCHAR(32)     NOT NULL,
    is_replace   BOOLEAN         NOT NULL DEFAULT FALSE,
    status       VARCHAR(16)     NOT NULL,
    started_at   DATETIME(6)     NULL,
    touched_at   DATETIME(6)     NULL,
    finished_at  DATETIME(6)     NULL,
    row_count    BIGINT          NOT NULL DEFAULT 0,
    mounted      BIGINT          NOT NULL DEFAULT 0,
    bad_rows     BIGINT          NOT NULL DEFAULT 0,
    warnings     BIGINT          NOT NULL DEFAULT 0,
    file_columns MEDIUMTEXT      NOT NULL,
    item_stats   MEDIUMTEXT      NOT NULL,
    key_rows     BIGINT          NOT NULL DEFAULT 0,
    key_distinct BIGINT          NOT NULL DEFAULT 0,
    source       TEXT            NOT NULL,
    problem      TEXT            NOT NULL,
    version      BIGINT          NOT NULL,
    PRIMARY KEY (id),
    KEY datashare_batches_catalog_ix (catalog_id, status),
    KEY datashare_batches_touched_ix (status, touched_at),
    KEY datashare_batches_dept_ix (department, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- The records of every batch, clustered by entry, batch and line: a
-- listing reads them in that order, and the key index, which holds the
-- primary key too, covers Commit's count. No foreign key: a mount writes
-- them chunk by chunk, and a dead batch's are deleted after it fails. A
-- record is at most 16 MiB (MEDIUMTEXT).
CREATE TABLE IF NOT EXISTS datashare_records (
    catalog_id VARCHAR(36)     NOT NULL,
    batch_id   VARCHAR(36)     NOT NULL,
    line_no    BIGINT          NOT NULL,
    record_key VARBINARY(255)  NOT NULL,
    data       MEDIUMTEXT      NOT NULL,
    PRIMARY KEY (catalog_id, batch_id, line_no),
    KEY datashare_records_key_ix (catalog_id, record_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
CREATE TABLE IF NOT EXISTS datashare_requests (
    id           VARCHAR(36)     NOT NULL,
    catalog_id   VARCHAR(36)     NOT NULL,
    catalog_code VARBINARY(255)  NOT NULL,
    consumer     VARBINARY(255)  NOT NULL,
    provider     VARBINARY(255)  NOT NULL,
    purpose      TEXT            NOT NULL,
    items        MEDIUMTEXT      NOT NULL,
    applicant    TEXT            NOT NULL,
    status       VARCHAR(16)     NOT NULL,
    filed        DATETIME(6)     NULL,
    limit_days   INT             NOT NULL DEFAULT 0,
    decided      DATETIME(6)     NULL,
    decider      TEXT            NOT NULL,
    reason       TEXT            NOT NULL,
    expires      DATETIME(6)     NULL,
    revoked      DATETIME(6)     NULL,
    version      BIGINT          NOT NULL,
    PRIMARY KEY (id),
    KEY datashare_requests_consumer_ix (consumer, id),
    KEY datashare_requests_provider_ix (provider, id),
    KEY datashare_requests_catalog_ix (catalog_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- The trail of every entry, batch and request: an event ID is unique
-- across all of them.
CREATE TABLE IF NOT EXISTS datashare_events (
    id          VARCHAR(36)  NOT NULL,
    subject_id  VARCHAR(36)  NOT NULL,
    seq         BIGINT       NOT NULL,
    type        VARCHAR(32)  NOT NULL,
    actor       TEXT         NOT NULL,
    actor_dept  TEXT         NOT NULL,
    at          DATETIME(6)  NULL,
    from_status VARCHAR(32)  NOT NULL DEFAULT '',
    to_status   VARCHAR(32)  NOT NULL DEFAULT '',
    department  TEXT         NOT NULL,
    note        TEXT         NOT NULL,
    attachments MEDIUMTEXT   NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY datashare_events_seq_uq (subject_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
