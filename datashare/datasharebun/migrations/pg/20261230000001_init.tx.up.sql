-- datashare schema for PostgreSQL (and KingbaseES, openGauss). Every
-- statement is idempotent (IF NOT EXISTS) and the migration runs in one
-- transaction. Times are TIMESTAMPTZ; NULL means "not set". Codes and IDs
-- use COLLATE "C", so that they compare and order byte-wise whatever the
-- database's collation. Lists are JSON text.
CREATE TABLE IF NOT EXISTS datashare_catalogs (
    id              VARCHAR(36) COLLATE "C" NOT NULL PRIMARY KEY,
    code            VARCHAR(255) COLLATE "C" NOT NULL,
    name            TEXT         NOT NULL DEFAULT '',
    department      VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '',
    provider        TEXT         NOT NULL DEFAULT '',
    provider_code   VARCHAR(255) NOT NULL DEFAULT '',
    summary         TEXT         NOT NULL DEFAULT '',
    classification  VARCHAR(16)  NOT NULL DEFAULT '',
    format_class    VARCHAR(16)  NOT NULL DEFAULT '',
    sub_format      TEXT         NOT NULL DEFAULT '',
    items           TEXT         NOT NULL DEFAULT '[]',
    key_items       TEXT         NOT NULL DEFAULT '[]',
    share_type      VARCHAR(16)  NOT NULL DEFAULT '',
    share_condition TEXT         NOT NULL DEFAULT '',
    legal_basis     TEXT         NOT NULL DEFAULT '',
    share_method    VARCHAR(16)  NOT NULL DEFAULT '',
    open_type       VARCHAR(16)  NOT NULL DEFAULT '',
    open_condition  TEXT         NOT NULL DEFAULT '',
    update_cycle    VARCHAR(16)  NOT NULL DEFAULT '',
    published       TIMESTAMPTZ,
    related         TEXT         NOT NULL DEFAULT '[]',
    status          VARCHAR(16)  NOT NULL DEFAULT '',
    version         BIGINT       NOT NULL,
    created_at      TIMESTAMPTZ,
    updated_at      TIMESTAMPTZ
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS datashare_catalogs_code_uq ON datashare_catalogs (code);
--bun:split
CREATE INDEX IF NOT EXISTS datashare_catalogs_dept_ix ON datashare_catalogs (department, code);
--bun:split
-- A mount: its records are visible while it is committed, and only then.
CREATE TABLE IF NOT EXISTS datashare_batches (
    id           VARCHAR(36) COLLATE "C" NOT NULL PRIMARY KEY,
    catalog_id   VARCHAR(36) COLLATE "C" NOT NULL,
    catalog_code VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '',
    department   VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '',
    actor        TEXT         NOT NULL DEFAULT '',
    actor_dept   TEXT         NOT NULL DEFAULT '',
    mount_mode   VARCHAR(32)  NOT NULL DEFAULT '',
    is_replace   BOOLEAN      NOT NULL DEFAULT FALSE,
    status       VARCHAR(16)  NOT NULL,
    started_at   TIMESTAMPTZ,
    touched_at   TIMESTAMPTZ,
    finished_at  TIMESTAMPTZ,
    row_count    BIGINT       NOT NULL DEFAULT 0,
    mounted      BIGINT       NOT NULL DEFAULT 0,
    bad_rows     BIGINT       NOT NULL DEFAULT 0,
    warnings     BIGINT       NOT NULL DEFAULT 0,
    file_columns TEXT         NOT NULL DEFAULT '[]',
    item_stats   TEXT         NOT NULL DEFAULT '[]',
    key_rows     BIGINT       NOT NULL DEFAULT 0,
    key_distinct BIGINT       NOT NULL DEFAULT 0,
    source       TEXT         NOT NULL DEFAULT '',
    problem      TEXT         NOT NULL DEFAULT '',
    version      BIGINT       NOT NULL
);
--bun:split
CREATE INDEX IF NOT EXISTS datashare_batches_catalog_ix ON datashare_batches (catalog_id, status);
--bun:split
-- Finds the loading batches of dead processes.
CREATE INDEX IF NOT EXISTS datashare_batches_touched_ix ON datashare_batches (status, touched_at);
--bun:split
CREATE INDEX IF NOT EXISTS datashare_batches_dept_ix ON datashare_batches (department, id);
--bun:split
-- The records of every batch, clustered by entry, batch and line: a
-- listing reads them in that order. No foreign key: a mount writes them
-- chunk by chunk, and a dead batch's are deleted after it fails.
CREATE TABLE IF NOT EXISTS datashare_records (
    catalog_id VARCHAR(36) COLLATE "C" NOT NULL,
    batch_id   VARCHAR(36) COLLATE "C" NOT NULL,
    line_no    BIGINT       NOT NULL,
    record_key TEXT COLLATE "C" NOT NULL DEFAULT '',
    data       TEXT         NOT NULL,
    PRIMARY KEY (catalog_id, batch_id, line_no)
);
--bun:split
-- Commit counts the entry's keys through it (uniqueness of quality).
CREATE INDEX IF NOT EXISTS datashare_records_key_ix ON datashare_records (catalog_id, record_key);
--bun:split
CREATE TABLE IF NOT EXISTS datashare_requests (
    id           VARCHAR(36) COLLATE "C" NOT NULL PRIMARY KEY,
    catalog_id   VARCHAR(36) COLLATE "C" NOT NULL,
    catalog_code VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '',
    consumer     VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '',
    provider     VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '',
    purpose      TEXT         NOT NULL DEFAULT '',
    items        TEXT         NOT NULL DEFAULT '[]',
    applicant    TEXT         NOT NULL DEFAULT '',
    status       VARCHAR(16)  NOT NULL,
    filed        TIMESTAMPTZ,
    limit_days   INTEGER      NOT NULL DEFAULT 0,
    decided      TIMESTAMPTZ,
    decider      TEXT         NOT NULL DEFAULT '',
    reason       TEXT         NOT NULL DEFAULT '',
    expires      TIMESTAMPTZ,
    revoked      TIMESTAMPTZ,
    version      BIGINT       NOT NULL
);
--bun:split
CREATE INDEX IF NOT EXISTS datashare_requests_consumer_ix ON datashare_requests (consumer, id);
--bun:split
CREATE INDEX IF NOT EXISTS datashare_requests_provider_ix ON datashare_requests (provider, id);
--bun:split
CREATE INDEX IF NOT EXISTS datashare_requests_catalog_ix ON datashare_requests (catalog_id, id);
--bun:split
-- The trail of every entry, batch and request: an event ID is unique
-- across all of them.
CREATE TABLE IF NOT EXISTS datashare_events (
    id          VARCHAR(36) COLLATE "C" NOT NULL PRIMARY KEY,
    subject_id  VARCHAR(36) COLLATE "C" NOT NULL,
    seq         BIGINT       NOT NULL,
    type        VARCHAR(32)  NOT NULL,
    actor       TEXT         NOT NULL DEFAULT '',
    actor_dept  TEXT         NOT NULL DEFAULT '',
    at          TIMESTAMPTZ,
    from_status VARCHAR(32)  NOT NULL DEFAULT '',
    to_status   VARCHAR(32)  NOT NULL DEFAULT '',
    department  TEXT         NOT NULL DEFAULT '',
    note        TEXT         NOT NULL DEFAULT '',
    attachments TEXT         NOT NULL DEFAULT '[]'
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS datashare_events_seq_uq ON datashare_events (subject_id, seq);
