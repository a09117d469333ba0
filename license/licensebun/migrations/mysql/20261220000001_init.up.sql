-- license schema for MySQL 5.7+/8, MariaDB 10.3+ (and TiDB, OceanBase).
-- MySQL commits DDL implicitly, so the migration cannot run in a
-- transaction; instead every statement is idempotent: each table is created
-- with its indexes in one CREATE TABLE IF NOT EXISTS. Times are DATETIME(6)
-- in UTC; NULL means "not set".
--
-- Codes, identifiers and numbers are VARBINARY: compared and ordered as
-- bytes, exactly. A utf8mb4_bin VARCHAR would be byte-ordered too, but it
-- pads with spaces, so that "LB-001" and "LB-001 " would be one key; the
-- collations that do not pad differ between MySQL and MariaDB. Other text
-- is utf8mb4_bin.
CREATE TABLE IF NOT EXISTS license_types (
    id              VARCHAR(36)     NOT NULL,
    code            VARBINARY(256)  NOT NULL,
    name            VARCHAR(255)    NOT NULL,
    authority       VARCHAR(255)    NOT NULL DEFAULT '',
    authority_code  VARBINARY(256)  NOT NULL DEFAULT '',
    level           VARCHAR(16)     NOT NULL DEFAULT '',
    holder_category VARCHAR(16)     NOT NULL DEFAULT '',
    validity_min    INT             NOT NULL DEFAULT 0,
    validity_max    INT             NOT NULL DEFAULT 0,
    services        MEDIUMTEXT      NOT NULL,
    source          TEXT            NOT NULL,
    single_valid    BOOLEAN         NOT NULL DEFAULT FALSE,
    version         BIGINT          NOT NULL,
    created_at      DATETIME(6)     NULL,
    updated_at      DATETIME(6)     NULL,
    PRIMARY KEY (id),
    UNIQUE KEY license_types_code_uq (code),
    KEY license_types_level_ix (level, code),
    KEY license_types_authority_ix (authority_code, code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- One claim per type and department, whatever its status.
CREATE TABLE IF NOT EXISTS license_claims (
    id          VARCHAR(36)     NOT NULL,
    type        VARBINARY(256)  NOT NULL,
    department  VARBINARY(256)  NOT NULL,
    kind        VARCHAR(16)     NOT NULL,
    status      VARCHAR(16)     NOT NULL,
    expected    BIGINT          NOT NULL DEFAULT -1,
    explanation TEXT            NOT NULL,
    version     BIGINT          NOT NULL,
    created_at  DATETIME(6)     NULL,
    updated_at  DATETIME(6)     NULL,
    PRIMARY KEY (id),
    UNIQUE KEY license_claims_type_dept_uq (type, department),
    KEY license_claims_dept_ix (department)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
CREATE TABLE IF NOT EXISTS license_templates (
    id         VARCHAR(36)     NOT NULL,
    type       VARBINARY(256)  NOT NULL,
    revision   INT             NOT NULL,
    format     VARCHAR(8)      NOT NULL,
    file_name  TEXT            NOT NULL,
    sha256     VARCHAR(64)     NOT NULL DEFAULT '',
    size       BIGINT          NOT NULL DEFAULT 0,
    status     VARCHAR(16)     NOT NULL,
    department VARBINARY(256)  NOT NULL DEFAULT '',
    version    BIGINT          NOT NULL,
    created_at DATETIME(6)     NULL,
    updated_at DATETIME(6)     NULL,
    PRIMARY KEY (id),
    UNIQUE KEY license_templates_revision_uq (type, revision)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- The content apart, so that no listing reads it.
CREATE TABLE IF NOT EXISTS license_template_files (
    template_id VARCHAR(36) NOT NULL,
    content     LONGBLOB    NOT NULL,
    PRIMARY KEY (template_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
CREATE TABLE IF NOT EXISTS license_schemas (
    id         VARCHAR(36)     NOT NULL,
    type       VARBINARY(256)  NOT NULL,
    fields     MEDIUMTEXT      NOT NULL,
    version    BIGINT          NOT NULL,
    created_at DATETIME(6)     NULL,
    updated_at DATETIME(6)     NULL,
    PRIMARY KEY (id),
    UNIQUE KEY license_schemas_type_uq (type)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- exclusive_key is type, 0x1f and holder_code for an exclusive valid record
-- and NULL otherwise: its unique key holds the rule of one exclusive valid
-- record per type and holder code (NULLs never collide). Secondary keys
-- end with the primary key in InnoDB, so (department) serves pages in ID
-- order; the explicit id keeps the definitions alike on every dialect.
CREATE TABLE IF NOT EXISTS license_records (
    id               VARCHAR(36)     NOT NULL,
    identifier       VARBINARY(1020) NOT NULL,
    number           VARBINARY(1020) NOT NULL,
    number_key       VARBINARY(1100) NOT NULL,
    type             VARBINARY(256)  NOT NULL,
    issue_date       DATETIME(6)     NULL,
    valid_from       DATETIME(6)     NULL,
    valid_to         DATETIME(6)     NULL,
    issuer           VARCHAR(255)    NOT NULL DEFAULT '',
    issuer_code      VARBINARY(256)  NOT NULL DEFAULT '',
    department       VARBINARY(256)  NOT NULL DEFAULT '',
    holder           VARCHAR(255)    NOT NULL DEFAULT '',
    holder_code_type VARCHAR(16)     NOT NULL DEFAULT '',
    holder_code      VARBINARY(1020) NOT NULL DEFAULT '',
    face             MEDIUMTEXT      NOT NULL,
    state            VARCHAR(16)     NOT NULL,
    previous         VARBINARY(1020) NOT NULL DEFAULT '',
    is_exclusive     BOOLEAN         NOT NULL DEFAULT FALSE,
    exclusive_key    VARBINARY(1280) NULL,
    warnings         TEXT            NOT NULL,
    batch_id         VARCHAR(36)     NULL,
    created_by       VARCHAR(128)    NOT NULL DEFAULT '',
    created_by_dept  VARCHAR(64)    NOT NULL DEFAULT '',
    version          BIGINT          NOT NULL,
    created_at       DATETIME(6)     NULL,
    updated_at       DATETIME(6)     NULL,
    PRIMARY KEY (id),
    UNIQUE KEY license_records_identifier_uq (identifier),
    UNIQUE KEY license_records_number_uq (number_key),
    UNIQUE KEY license_records_exclusive_uq (exclusive_key),
    KEY license_records_type_dept_ix (type, department),
    KEY license_records_type_ix (type, id),
    KEY license_records_dept_ix (department, id),
    KEY license_records_state_ix (state, id),
    KEY license_records_holder_ix (holder_code, id),
    KEY license_records_batch_ix (batch_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
CREATE TABLE IF NOT EXISTS license_batches (
    id          VARCHAR(36)  NOT NULL,
    actor       VARCHAR(128) NOT NULL DEFAULT '',
    actor_dept  VARCHAR(64)  NOT NULL DEFAULT '',
    at          DATETIME(6)  NULL,
    mode        VARCHAR(32)  NOT NULL DEFAULT '',
    row_count   BIGINT       NOT NULL DEFAULT 0,
    imported    BIGINT       NOT NULL DEFAULT 0,
    bad_rows    BIGINT       NOT NULL DEFAULT 0,
    warnings    BIGINT       NOT NULL DEFAULT 0,
    source_name TEXT         NOT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- The trail of every type, claim, template, schema and record: an event ID
-- is unique across all of them.
CREATE TABLE IF NOT EXISTS license_events (
    id          VARCHAR(36)  NOT NULL,
    subject_id  VARCHAR(36)  NOT NULL,
    seq         INT          NOT NULL,
    type        VARCHAR(32)  NOT NULL,
    actor       VARCHAR(128) NOT NULL DEFAULT '',
    actor_dept  VARCHAR(64)  NOT NULL DEFAULT '',
    at          DATETIME(6)  NULL,
    from_status VARCHAR(32)  NOT NULL DEFAULT '',
    to_status   VARCHAR(32)  NOT NULL DEFAULT '',
    department  VARCHAR(64)  NOT NULL DEFAULT '',
    note        TEXT         NOT NULL,
    attachments MEDIUMTEXT   NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY license_events_seq_uq (subject_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
