-- license schema for PostgreSQL (and KingbaseES, openGauss). Every
-- statement is idempotent (IF NOT EXISTS) and the migration runs in one
-- transaction. Times are TIMESTAMPTZ; NULL means "not set". Codes,
-- identifiers and IDs use COLLATE "C", so that they compare and order
-- byte-wise whatever the database's collation.
CREATE TABLE IF NOT EXISTS license_types (
    id              VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    code            VARCHAR(64) COLLATE "C"  NOT NULL,
    name            VARCHAR(255) NOT NULL,
    authority       VARCHAR(255) NOT NULL DEFAULT '',
    authority_code  VARCHAR(64) COLLATE "C"  NOT NULL DEFAULT '',
    level           VARCHAR(16)  NOT NULL DEFAULT '',
    holder_category VARCHAR(16)  NOT NULL DEFAULT '',
    validity_min    INTEGER      NOT NULL DEFAULT 0,
    validity_max    INTEGER      NOT NULL DEFAULT 0,
    services        TEXT         NOT NULL DEFAULT '[]',
    source          TEXT         NOT NULL DEFAULT '',
    single_valid    BOOLEAN      NOT NULL DEFAULT FALSE,
    version         BIGINT       NOT NULL,
    created_at      TIMESTAMPTZ,
    updated_at      TIMESTAMPTZ
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS license_types_code_uq ON license_types (code);
--bun:split
CREATE INDEX IF NOT EXISTS license_types_level_ix ON license_types (level, code);
--bun:split
CREATE INDEX IF NOT EXISTS license_types_authority_ix ON license_types (authority_code, code);
--bun:split
CREATE TABLE IF NOT EXISTS license_claims (
    id          VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    type        VARCHAR(64) COLLATE "C"  NOT NULL,
    department  VARCHAR(64) COLLATE "C"  NOT NULL,
    kind        VARCHAR(16)  NOT NULL,
    status      VARCHAR(16)  NOT NULL,
    expected    BIGINT       NOT NULL DEFAULT -1,
    explanation TEXT         NOT NULL DEFAULT '',
    version     BIGINT       NOT NULL,
    created_at  TIMESTAMPTZ,
    updated_at  TIMESTAMPTZ
);
--bun:split
-- One claim per type and department, whatever its status.
CREATE UNIQUE INDEX IF NOT EXISTS license_claims_type_dept_uq ON license_claims (type, department);
--bun:split
CREATE INDEX IF NOT EXISTS license_claims_dept_ix ON license_claims (department);
--bun:split
CREATE TABLE IF NOT EXISTS license_templates (
    id         VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    type       VARCHAR(64) COLLATE "C"  NOT NULL,
    revision   INTEGER      NOT NULL,
    format     VARCHAR(8)   NOT NULL,
    file_name  TEXT         NOT NULL DEFAULT '',
    sha256     VARCHAR(64)  NOT NULL DEFAULT '',
    size       BIGINT       NOT NULL DEFAULT 0,
    status     VARCHAR(16)  NOT NULL,
    department VARCHAR(64)  NOT NULL DEFAULT '',
    version    BIGINT       NOT NULL,
    created_at TIMESTAMPTZ,
    updated_at TIMESTAMPTZ
);
--bun:split
-- A type's revisions in order; Facts finds an approved one through it.
CREATE UNIQUE INDEX IF NOT EXISTS license_templates_revision_uq ON license_templates (type, revision);
--bun:split
-- The content apart, so that no listing reads it.
CREATE TABLE IF NOT EXISTS license_template_files (
    template_id VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    content     BYTEA        NOT NULL
);
--bun:split
CREATE TABLE IF NOT EXISTS license_schemas (
    id         VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    type       VARCHAR(64) COLLATE "C"  NOT NULL,
    fields     TEXT         NOT NULL DEFAULT '[]',
    version    BIGINT       NOT NULL,
    created_at TIMESTAMPTZ,
    updated_at TIMESTAMPTZ
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS license_schemas_type_uq ON license_schemas (type);
--bun:split
-- exclusive_key is type || E'\x1f' || holder_code for an exclusive valid
-- record and NULL otherwise: its unique index holds the rule of one
-- exclusive valid record per type and holder code (NULLs never collide).
CREATE TABLE IF NOT EXISTS license_records (
    id               VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    identifier       VARCHAR(255) COLLATE "C" NOT NULL,
    number           VARCHAR(255) COLLATE "C" NOT NULL,
    number_key       VARCHAR(300) COLLATE "C" NOT NULL,
    type             VARCHAR(64) COLLATE "C"  NOT NULL,
    issue_date       TIMESTAMPTZ,
    valid_from       TIMESTAMPTZ,
    valid_to         TIMESTAMPTZ,
    issuer           VARCHAR(255) NOT NULL DEFAULT '',
    issuer_code      VARCHAR(64)  NOT NULL DEFAULT '',
    department       VARCHAR(64) COLLATE "C"  NOT NULL DEFAULT '',
    holder           VARCHAR(255) NOT NULL DEFAULT '',
    holder_code_type VARCHAR(16)  NOT NULL DEFAULT '',
    holder_code      VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '',
    face             TEXT         NOT NULL DEFAULT '{}',
    state            VARCHAR(16)  NOT NULL,
    previous         VARCHAR(255) NOT NULL DEFAULT '',
    is_exclusive     BOOLEAN      NOT NULL DEFAULT FALSE,
    exclusive_key    VARCHAR(320) COLLATE "C",
    warnings         TEXT         NOT NULL DEFAULT '[]',
    batch_id         VARCHAR(36) COLLATE "C",
    created_by       VARCHAR(128) NOT NULL DEFAULT '',
    created_by_dept  VARCHAR(64) NOT NULL DEFAULT '',
    version          BIGINT       NOT NULL,
    created_at       TIMESTAMPTZ,
    updated_at       TIMESTAMPTZ
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS license_records_identifier_uq ON license_records (identifier);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS license_records_number_uq ON license_records (number_key);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS license_records_exclusive_uq ON license_records (exclusive_key);
--bun:split
-- Covers Facts' GROUP BY type, department: an index-only scan once
-- vacuumed.
CREATE INDEX IF NOT EXISTS license_records_type_dept_ix ON license_records (type, department);
--bun:split
-- Listings in ID order by each filter.
CREATE INDEX IF NOT EXISTS license_records_type_ix ON license_records (type, id);
--bun:split
CREATE INDEX IF NOT EXISTS license_records_dept_ix ON license_records (department, id);
--bun:split
CREATE INDEX IF NOT EXISTS license_records_state_ix ON license_records (state, id);
--bun:split
CREATE INDEX IF NOT EXISTS license_records_holder_ix ON license_records (holder_code, id);
--bun:split
CREATE INDEX IF NOT EXISTS license_records_batch_ix ON license_records (batch_id, id);
--bun:split
CREATE TABLE IF NOT EXISTS license_batches (
    id          VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    actor       VARCHAR(128) NOT NULL DEFAULT '',
    actor_dept  VARCHAR(64)  NOT NULL DEFAULT '',
    at          TIMESTAMPTZ,
    mode        VARCHAR(32)  NOT NULL DEFAULT '',
    row_count   BIGINT       NOT NULL DEFAULT 0,
    imported    BIGINT       NOT NULL DEFAULT 0,
    bad_rows    BIGINT       NOT NULL DEFAULT 0,
    warnings    BIGINT       NOT NULL DEFAULT 0,
    source_name TEXT         NOT NULL DEFAULT ''
);
--bun:split
-- The trail of every type, claim, template, schema and record: an event ID
-- is unique across all of them.
CREATE TABLE IF NOT EXISTS license_events (
    id          VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    subject_id  VARCHAR(36) COLLATE "C"  NOT NULL,
    seq         INTEGER      NOT NULL,
    type        VARCHAR(32)  NOT NULL,
    actor       VARCHAR(128) NOT NULL DEFAULT '',
    actor_dept  VARCHAR(64)  NOT NULL DEFAULT '',
    at          TIMESTAMPTZ,
    from_status VARCHAR(32)  NOT NULL DEFAULT '',
    to_status   VARCHAR(32)  NOT NULL DEFAULT '',
    department  VARCHAR(64)  NOT NULL DEFAULT '',
    note        TEXT         NOT NULL DEFAULT '',
    attachments TEXT         NOT NULL DEFAULT '[]'
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS license_events_seq_uq ON license_events (subject_id, seq);
