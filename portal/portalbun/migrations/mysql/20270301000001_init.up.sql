-- portal schema for MySQL 5.7+/8, MariaDB 10.3+ (and TiDB, OceanBase).
-- MySQL commits DDL implicitly, so the migration cannot run in a
-- transaction; instead every statement is idempotent: each table is created
-- with its indexes in one CREATE TABLE IF NOT EXISTS. Times are DATETIME(6)
-- in UTC; NULL means "not set". Lists and maps inside a record are JSON
-- text; durations are BIGINT microseconds.
--
-- Codes, keys and everything a listing filters on are VARBINARY: compared
-- and ordered as bytes, exactly (a utf8mb4_bin VARCHAR pads with spaces,
-- so that "a" and "a " would be one code). A URL or key that must be
-- unique or found exactly, and may be longer than an index allows, is
-- also kept as its SHA-256 (hex), which the unique index or the filter
-- uses. Other text is utf8mb4_bin.

-- A supervised website; domains are JSON. code is unique.
CREATE TABLE IF NOT EXISTS portal_sites (
    id            VARCHAR(36)  NOT NULL,
    code          VARBINARY(255) NOT NULL DEFAULT '',
    name          TEXT         NOT NULL,
    department    VARBINARY(255) NOT NULL DEFAULT '',
    home          TEXT         NOT NULL,
    domains       MEDIUMTEXT   NOT NULL,
    status        VARBINARY(32) NOT NULL DEFAULT '',
    home_updated  DATETIME(6),
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    DATETIME(6),
    updated_at    DATETIME(6),
    PRIMARY KEY (id),
    UNIQUE KEY portal_sites_uq (code),
    KEY portal_sites_ix_dept (department, id),
    KEY portal_sites_ix_status (status, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- A column of a site. (site_id, code) is unique.
CREATE TABLE IF NOT EXISTS portal_columns (
    id            VARCHAR(36)  NOT NULL,
    site_id       VARCHAR(36)  NOT NULL DEFAULT '',
    code          VARBINARY(255) NOT NULL DEFAULT '',
    name          TEXT         NOT NULL,
    url           TEXT         NOT NULL,
    department    VARBINARY(255) NOT NULL DEFAULT '',
    requirement   VARBINARY(32) NOT NULL DEFAULT '',
    is_home       BOOLEAN      NOT NULL DEFAULT FALSE,
    last_update   DATETIME(6),
    updated_by    VARBINARY(32) NOT NULL DEFAULT '',
    is_empty      BOOLEAN      NOT NULL DEFAULT FALSE,
    retired       BOOLEAN      NOT NULL DEFAULT FALSE,
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    DATETIME(6),
    changed_at    DATETIME(6),
    PRIMARY KEY (id),
    UNIQUE KEY portal_columns_uq (site_id, code),
    KEY portal_columns_ix_dept (department, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- A post of a column. (site_id, url_hash) is unique: url_hash is the
-- SHA-256 of url, which may be longer than an index key.
CREATE TABLE IF NOT EXISTS portal_posts (
    id            VARCHAR(36)  NOT NULL,
    site_id       VARCHAR(36)  NOT NULL DEFAULT '',
    column_id     VARCHAR(36)  NOT NULL DEFAULT '',
    title         TEXT         NOT NULL,
    url           TEXT         NOT NULL,
    url_hash      VARBINARY(64) NOT NULL DEFAULT '',
    published     DATETIME(6),
    department    VARBINARY(255) NOT NULL DEFAULT '',
    source        VARBINARY(32) NOT NULL DEFAULT '',
    posted_by     TEXT         NOT NULL,
    created_at    DATETIME(6),
    PRIMARY KEY (id),
    UNIQUE KEY portal_posts_uq (site_id, url_hash),
    KEY portal_posts_ix_published (site_id, published),
    KEY portal_posts_ix_column (column_id, published),
    KEY portal_posts_ix_dept (department, id),
    KEY portal_posts_ix_source (source, id),
    KEY portal_posts_ix_when (published)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- An availability probe of a site; latency_us is microseconds.
CREATE TABLE IF NOT EXISTS portal_probes (
    id            VARCHAR(36)  NOT NULL,
    site_id       VARCHAR(36)  NOT NULL DEFAULT '',
    url           TEXT         NOT NULL,
    probed_at     DATETIME(6),
    status        INT          NOT NULL DEFAULT 0,
    latency_us    BIGINT       NOT NULL DEFAULT 0,
    ok            BOOLEAN      NOT NULL DEFAULT FALSE,
    failure       TEXT         NOT NULL,
    PRIMARY KEY (id),
    KEY portal_probes_ix_site (site_id, probed_at),
    KEY portal_probes_ix_when (probed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- A crawl of a site; options and the findings' counts are JSON.
CREATE TABLE IF NOT EXISTS portal_crawls (
    id            VARCHAR(36)  NOT NULL,
    site_id       VARCHAR(36)  NOT NULL DEFAULT '',
    status        VARBINARY(32) NOT NULL DEFAULT '',
    options       TEXT         NOT NULL,
    started       DATETIME(6),
    ended         DATETIME(6),
    pages         BIGINT       NOT NULL DEFAULT 0,
    links         BIGINT       NOT NULL DEFAULT 0,
    bytes         BIGINT       NOT NULL DEFAULT 0,
    queued        BIGINT       NOT NULL DEFAULT 0,
    findings      TEXT         NOT NULL,
    cancel_requested BOOLEAN   NOT NULL DEFAULT FALSE,
    failure       TEXT         NOT NULL,
    crawled_by    TEXT         NOT NULL,
    version       BIGINT       NOT NULL DEFAULT 0,
    updated_at    DATETIME(6),
    PRIMARY KEY (id),
    KEY portal_crawls_ix_site (site_id, id),
    KEY portal_crawls_ix_status (status, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- A finding of a crawl. (crawl_id, seq) is unique.
CREATE TABLE IF NOT EXISTS portal_findings (
    id            VARCHAR(36)  NOT NULL,
    crawl_id      VARCHAR(36)  NOT NULL DEFAULT '',
    seq           BIGINT       NOT NULL DEFAULT 0,
    site_id       VARCHAR(36)  NOT NULL DEFAULT '',
    kind          VARBINARY(32) NOT NULL DEFAULT '',
    page          TEXT         NOT NULL,
    column_id     VARCHAR(36)  NOT NULL DEFAULT '',
    department    VARBINARY(255) NOT NULL DEFAULT '',
    target        TEXT         NOT NULL,
    link_text     TEXT         NOT NULL,
    status        INT          NOT NULL DEFAULT 0,
    word          TEXT         NOT NULL,
    suggestion    TEXT         NOT NULL,
    context       TEXT         NOT NULL,
    reason        TEXT         NOT NULL,
    finding_key   TEXT         NOT NULL,
    found_at      DATETIME(6),
    PRIMARY KEY (id),
    UNIQUE KEY portal_findings_uq (crawl_id, seq),
    KEY portal_findings_ix_site (site_id, id),
    KEY portal_findings_ix_kind (kind, id),
    KEY portal_findings_ix_dept (department, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- A rectification task. finding_id is unique, NULL for a task of no
-- finding; key_hash is the SHA-256 of task_key.
CREATE TABLE IF NOT EXISTS portal_tasks (
    id            VARCHAR(36)  NOT NULL,
    site_id       VARCHAR(36)  NOT NULL DEFAULT '',
    kind          VARBINARY(32) NOT NULL DEFAULT '',
    finding_id    VARCHAR(36),
    column_id     VARCHAR(36)  NOT NULL DEFAULT '',
    consultation_id VARCHAR(36) NOT NULL DEFAULT '',
    task_key      TEXT         NOT NULL,
    key_hash      VARBINARY(64) NOT NULL DEFAULT '',
    department    VARBINARY(255) NOT NULL DEFAULT '',
    title         TEXT         NOT NULL,
    detail        MEDIUMTEXT   NOT NULL,
    page          TEXT         NOT NULL,
    target        TEXT         NOT NULL,
    word          TEXT         NOT NULL,
    suggestion    TEXT         NOT NULL,
    due           DATETIME(6),
    status        VARBINARY(32) NOT NULL DEFAULT '',
    case_number   VARBINARY(255) NOT NULL DEFAULT '',
    opened        DATETIME(6),
    fixed         DATETIME(6),
    fixed_by      TEXT         NOT NULL,
    fix           TEXT         NOT NULL,
    verified      DATETIME(6),
    verified_by   TEXT         NOT NULL,
    rechecks      BIGINT       NOT NULL DEFAULT 0,
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    DATETIME(6),
    updated_at    DATETIME(6),
    PRIMARY KEY (id),
    UNIQUE KEY portal_tasks_uq (finding_id),
    KEY portal_tasks_ix_key (key_hash),
    KEY portal_tasks_ix_site (site_id, id),
    KEY portal_tasks_ix_dept (department, id),
    KEY portal_tasks_ix_case (case_number),
    KEY portal_tasks_ix_column (column_id),
    KEY portal_tasks_ix_kind (kind, id),
    KEY portal_tasks_ix_status (status, id),
    KEY portal_tasks_ix_opened (opened),
    KEY portal_tasks_ix_fixed (fixed)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- A consultation left on a site. (site_id, ref) is unique.
CREATE TABLE IF NOT EXISTS portal_consultations (
    id            VARCHAR(36)  NOT NULL,
    site_id       VARCHAR(36)  NOT NULL DEFAULT '',
    ref           VARBINARY(255) NOT NULL DEFAULT '',
    subject       TEXT         NOT NULL,
    asker         TEXT         NOT NULL,
    department    VARBINARY(255) NOT NULL DEFAULT '',
    received      DATETIME(6),
    answered      DATETIME(6),
    answer        MEDIUMTEXT   NOT NULL,
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    DATETIME(6),
    updated_at    DATETIME(6),
    PRIMARY KEY (id),
    UNIQUE KEY portal_consultations_uq (site_id, ref),
    KEY portal_consultations_ix_received (received),
    KEY portal_consultations_ix_dept (department, id),
    KEY portal_consultations_ix_answered (answered)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- A new-media account. code is unique.
CREATE TABLE IF NOT EXISTS portal_accounts (
    id            VARCHAR(36)  NOT NULL,
    code          VARBINARY(255) NOT NULL DEFAULT '',
    name          TEXT         NOT NULL,
    platform      VARBINARY(32) NOT NULL DEFAULT '',
    handle        TEXT         NOT NULL,
    department    VARBINARY(255) NOT NULL DEFAULT '',
    status        VARBINARY(32) NOT NULL DEFAULT '',
    last_post     DATETIME(6),
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    DATETIME(6),
    updated_at    DATETIME(6),
    PRIMARY KEY (id),
    UNIQUE KEY portal_accounts_uq (code),
    KEY portal_accounts_ix_dept (department, id),
    KEY portal_accounts_ix_platform (platform, id),
    KEY portal_accounts_ix_status (status, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- A week's inspection of an account. (account_id, week) is unique.
CREATE TABLE IF NOT EXISTS portal_inspections (
    id            VARCHAR(36)  NOT NULL,
    account_id    VARCHAR(36)  NOT NULL DEFAULT '',
    department    VARBINARY(255) NOT NULL DEFAULT '',
    week          DATETIME(6),
    inspected     DATETIME(6),
    inspector     TEXT         NOT NULL,
    last_post     DATETIME(6),
    review_in_place BOOLEAN    NOT NULL DEFAULT FALSE,
    interactive   BOOLEAN      NOT NULL DEFAULT FALSE,
    issues        MEDIUMTEXT   NOT NULL,
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    DATETIME(6),
    updated_at    DATETIME(6),
    PRIMARY KEY (id),
    UNIQUE KEY portal_inspections_uq (account_id, week),
    KEY portal_inspections_ix_week (week),
    KEY portal_inspections_ix_dept (department, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- The trail of every portal record. (subject_id, seq) is unique.
CREATE TABLE IF NOT EXISTS portal_events (
    id            VARCHAR(36)  NOT NULL,
    subject_id    VARCHAR(36)  NOT NULL,
    seq           BIGINT       NOT NULL DEFAULT 0,
    type          VARBINARY(64) NOT NULL DEFAULT '',
    actor         TEXT         NOT NULL,
    actor_dept    TEXT         NOT NULL,
    at            DATETIME(6),
    from_status   VARBINARY(64) NOT NULL DEFAULT '',
    to_status     VARBINARY(64) NOT NULL DEFAULT '',
    department    TEXT         NOT NULL,
    note          TEXT         NOT NULL,
    attachments   MEDIUMTEXT   NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY portal_events_seq_uq (subject_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
