-- portal schema for PostgreSQL (and KingbaseES, openGauss). Every
-- statement is idempotent (IF NOT EXISTS) and the migration runs in one
-- transaction. Times are TIMESTAMPTZ; NULL means "not set". Codes, keys
-- and everything a listing filters on are COLLATE "C": compared and
-- ordered byte for byte. Lists and maps inside a record are JSON text;
-- durations are BIGINT microseconds. A URL or key that must be unique or
-- found exactly, and may be long, is also kept as its SHA-256 (hex), which
-- the unique index or the filter uses.

-- A supervised website; domains are JSON. code is unique.
CREATE TABLE IF NOT EXISTS portal_sites (
    id            VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    code          VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '',
    name          TEXT         NOT NULL DEFAULT '',
    department    VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '',
    home          TEXT         NOT NULL DEFAULT '',
    domains       TEXT         NOT NULL DEFAULT '[]',
    status        VARCHAR(32) COLLATE "C"  NOT NULL DEFAULT '',
    home_updated  TIMESTAMPTZ,
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ,
    updated_at    TIMESTAMPTZ
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS portal_sites_uq ON portal_sites (code);
--bun:split
CREATE INDEX IF NOT EXISTS portal_sites_ix_dept ON portal_sites (department, id);
--bun:split
CREATE INDEX IF NOT EXISTS portal_sites_ix_status ON portal_sites (status, id);
--bun:split
-- A column of a site. (site_id, code) is unique.
CREATE TABLE IF NOT EXISTS portal_columns (
    id            VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    site_id       VARCHAR(36) COLLATE "C"  NOT NULL DEFAULT '',
    code          VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '',
    name          TEXT         NOT NULL DEFAULT '',
    url           TEXT         NOT NULL DEFAULT '',
    department    VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '',
    requirement   VARCHAR(32) COLLATE "C"  NOT NULL DEFAULT '',
    is_home       BOOLEAN      NOT NULL DEFAULT FALSE,
    last_update   TIMESTAMPTZ,
    updated_by    VARCHAR(32) COLLATE "C"  NOT NULL DEFAULT '',
    is_empty      BOOLEAN      NOT NULL DEFAULT FALSE,
    retired       BOOLEAN      NOT NULL DEFAULT FALSE,
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ,
    changed_at    TIMESTAMPTZ
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS portal_columns_uq ON portal_columns (site_id, code);
--bun:split
CREATE INDEX IF NOT EXISTS portal_columns_ix_dept ON portal_columns (department, id);
--bun:split
-- A post of a column. (site_id, url_hash) is unique: url_hash is the
-- SHA-256 of url.
CREATE TABLE IF NOT EXISTS portal_posts (
    id            VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    site_id       VARCHAR(36) COLLATE "C"  NOT NULL DEFAULT '',
    column_id     VARCHAR(36) COLLATE "C"  NOT NULL DEFAULT '',
    title         TEXT         NOT NULL DEFAULT '',
    url           TEXT         NOT NULL DEFAULT '',
    url_hash      CHAR(64) COLLATE "C"     NOT NULL DEFAULT '',
    published     TIMESTAMPTZ,
    department    VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '',
    source        VARCHAR(32) COLLATE "C"  NOT NULL DEFAULT '',
    posted_by     TEXT         NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS portal_posts_uq ON portal_posts (site_id, url_hash);
--bun:split
CREATE INDEX IF NOT EXISTS portal_posts_ix_published ON portal_posts (site_id, published);
--bun:split
CREATE INDEX IF NOT EXISTS portal_posts_ix_column ON portal_posts (column_id, published);
--bun:split
CREATE INDEX IF NOT EXISTS portal_posts_ix_dept ON portal_posts (department, id);
--bun:split
CREATE INDEX IF NOT EXISTS portal_posts_ix_source ON portal_posts (source, id);
--bun:split
CREATE INDEX IF NOT EXISTS portal_posts_ix_when ON portal_posts (published);
--bun:split
-- An availability probe of a site; latency_us is microseconds.
CREATE TABLE IF NOT EXISTS portal_probes (
    id            VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    site_id       VARCHAR(36) COLLATE "C"  NOT NULL DEFAULT '',
    url           TEXT         NOT NULL DEFAULT '',
    probed_at     TIMESTAMPTZ,
    status        INTEGER      NOT NULL DEFAULT 0,
    latency_us    BIGINT       NOT NULL DEFAULT 0,
    ok            BOOLEAN      NOT NULL DEFAULT FALSE,
    failure       TEXT         NOT NULL DEFAULT ''
);
--bun:split
CREATE INDEX IF NOT EXISTS portal_probes_ix_site ON portal_probes (site_id, probed_at);
--bun:split
CREATE INDEX IF NOT EXISTS portal_probes_ix_when ON portal_probes (probed_at);
--bun:split
-- A crawl of a site; options and the findings' counts are JSON.
CREATE TABLE IF NOT EXISTS portal_crawls (
    id            VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    site_id       VARCHAR(36) COLLATE "C"  NOT NULL DEFAULT '',
    status        VARCHAR(32) COLLATE "C"  NOT NULL DEFAULT '',
    options       TEXT         NOT NULL DEFAULT '{}',
    started       TIMESTAMPTZ,
    ended         TIMESTAMPTZ,
    pages         BIGINT       NOT NULL DEFAULT 0,
    links         BIGINT       NOT NULL DEFAULT 0,
    bytes         BIGINT       NOT NULL DEFAULT 0,
    queued        BIGINT       NOT NULL DEFAULT 0,
    findings      TEXT         NOT NULL DEFAULT '{}',
    cancel_requested BOOLEAN   NOT NULL DEFAULT FALSE,
    failure       TEXT         NOT NULL DEFAULT '',
    crawled_by    TEXT         NOT NULL DEFAULT '',
    version       BIGINT       NOT NULL DEFAULT 0,
    updated_at    TIMESTAMPTZ
);
--bun:split
CREATE INDEX IF NOT EXISTS portal_crawls_ix_site ON portal_crawls (site_id, id);
--bun:split
CREATE INDEX IF NOT EXISTS portal_crawls_ix_status ON portal_crawls (status, id);
--bun:split
-- A finding of a crawl. (crawl_id, seq) is unique.
CREATE TABLE IF NOT EXISTS portal_findings (
    id            VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    crawl_id      VARCHAR(36) COLLATE "C"  NOT NULL DEFAULT '',
    seq           BIGINT       NOT NULL DEFAULT 0,
    site_id       VARCHAR(36) COLLATE "C"  NOT NULL DEFAULT '',
    kind          VARCHAR(32) COLLATE "C"  NOT NULL DEFAULT '',
    page          TEXT         NOT NULL DEFAULT '',
    column_id     VARCHAR(36) COLLATE "C"  NOT NULL DEFAULT '',
    department    VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '',
    target        TEXT         NOT NULL DEFAULT '',
    link_text     TEXT         NOT NULL DEFAULT '',
    status        INTEGER      NOT NULL DEFAULT 0,
    word          TEXT         NOT NULL DEFAULT '',
    suggestion    TEXT         NOT NULL DEFAULT '',
    context       TEXT         NOT NULL DEFAULT '',
    reason        TEXT         NOT NULL DEFAULT '',
    finding_key   TEXT         NOT NULL DEFAULT '',
    found_at      TIMESTAMPTZ
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS portal_findings_uq ON portal_findings (crawl_id, seq);
--bun:split
CREATE INDEX IF NOT EXISTS portal_findings_ix_site ON portal_findings (site_id, id);
--bun:split
CREATE INDEX IF NOT EXISTS portal_findings_ix_kind ON portal_findings (kind, id);
--bun:split
CREATE INDEX IF NOT EXISTS portal_findings_ix_dept ON portal_findings (department, id);
--bun:split
-- A rectification task. finding_id is unique, NULL for a task of no
-- finding; key_hash is the SHA-256 of task_key.
CREATE TABLE IF NOT EXISTS portal_tasks (
    id            VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    site_id       VARCHAR(36) COLLATE "C"  NOT NULL DEFAULT '',
    kind          VARCHAR(32) COLLATE "C"  NOT NULL DEFAULT '',
    finding_id    VARCHAR(36) COLLATE "C",
    column_id     VARCHAR(36) COLLATE "C"  NOT NULL DEFAULT '',
    consultation_id VARCHAR(36) COLLATE "C" NOT NULL DEFAULT '',
    task_key      TEXT         NOT NULL DEFAULT '',
    key_hash      CHAR(64) COLLATE "C"     NOT NULL DEFAULT '',
    department    VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '',
    title         TEXT         NOT NULL DEFAULT '',
    detail        TEXT         NOT NULL DEFAULT '',
    page          TEXT         NOT NULL DEFAULT '',
    target        TEXT         NOT NULL DEFAULT '',
    word          TEXT         NOT NULL DEFAULT '',
    suggestion    TEXT         NOT NULL DEFAULT '',
    due           TIMESTAMPTZ,
    status        VARCHAR(32) COLLATE "C"  NOT NULL DEFAULT '',
    case_number   VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '',
    opened        TIMESTAMPTZ,
    fixed         TIMESTAMPTZ,
    fixed_by      TEXT         NOT NULL DEFAULT '',
    fix           TEXT         NOT NULL DEFAULT '',
    verified      TIMESTAMPTZ,
    verified_by   TEXT         NOT NULL DEFAULT '',
    rechecks      BIGINT       NOT NULL DEFAULT 0,
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ,
    updated_at    TIMESTAMPTZ
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS portal_tasks_uq ON portal_tasks (finding_id);
--bun:split
CREATE INDEX IF NOT EXISTS portal_tasks_ix_key ON portal_tasks (key_hash);
--bun:split
CREATE INDEX IF NOT EXISTS portal_tasks_ix_site ON portal_tasks (site_id, id);
--bun:split
CREATE INDEX IF NOT EXISTS portal_tasks_ix_dept ON portal_tasks (department, id);
--bun:split
CREATE INDEX IF NOT EXISTS portal_tasks_ix_case ON portal_tasks (case_number);
--bun:split
CREATE INDEX IF NOT EXISTS portal_tasks_ix_column ON portal_tasks (column_id);
--bun:split
CREATE INDEX IF NOT EXISTS portal_tasks_ix_kind ON portal_tasks (kind, id);
--bun:split
CREATE INDEX IF NOT EXISTS portal_tasks_ix_status ON portal_tasks (status, id);
--bun:split
CREATE INDEX IF NOT EXISTS portal_tasks_ix_opened ON portal_tasks (opened);
--bun:split
CREATE INDEX IF NOT EXISTS portal_tasks_ix_fixed ON portal_tasks (fixed);
--bun:split
-- A consultation left on a site. (site_id, ref) is unique.
CREATE TABLE IF NOT EXISTS portal_consultations (
    id            VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    site_id       VARCHAR(36) COLLATE "C"  NOT NULL DEFAULT '',
    ref           VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '',
    subject       TEXT         NOT NULL DEFAULT '',
    asker         TEXT         NOT NULL DEFAULT '',
    department    VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '',
    received      TIMESTAMPTZ,
    answered      TIMESTAMPTZ,
    answer        TEXT         NOT NULL DEFAULT '',
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ,
    updated_at    TIMESTAMPTZ
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS portal_consultations_uq ON portal_consultations (site_id, ref);
--bun:split
CREATE INDEX IF NOT EXISTS portal_consultations_ix_received ON portal_consultations (received);
--bun:split
CREATE INDEX IF NOT EXISTS portal_consultations_ix_dept ON portal_consultations (department, id);
--bun:split
CREATE INDEX IF NOT EXISTS portal_consultations_ix_answered ON portal_consultations (answered);
--bun:split
-- A new-media account. code is unique.
CREATE TABLE IF NOT EXISTS portal_accounts (
    id            VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    code          VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '',
    name          TEXT         NOT NULL DEFAULT '',
    platform      VARCHAR(32) COLLATE "C"  NOT NULL DEFAULT '',
    handle        TEXT         NOT NULL DEFAULT '',
    department    VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '',
    status        VARCHAR(32) COLLATE "C"  NOT NULL DEFAULT '',
    last_post     TIMESTAMPTZ,
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ,
    updated_at    TIMESTAMPTZ
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS portal_accounts_uq ON portal_accounts (code);
--bun:split
CREATE INDEX IF NOT EXISTS portal_accounts_ix_dept ON portal_accounts (department, id);
--bun:split
CREATE INDEX IF NOT EXISTS portal_accounts_ix_platform ON portal_accounts (platform, id);
--bun:split
CREATE INDEX IF NOT EXISTS portal_accounts_ix_status ON portal_accounts (status, id);
--bun:split
-- A week's inspection of an account. (account_id, week) is unique.
CREATE TABLE IF NOT EXISTS portal_inspections (
    id            VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    account_id    VARCHAR(36) COLLATE "C"  NOT NULL DEFAULT '',
    department    VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '',
    week          TIMESTAMPTZ,
    inspected     TIMESTAMPTZ,
    inspector     TEXT         NOT NULL DEFAULT '',
    last_post     TIMESTAMPTZ,
    review_in_place BOOLEAN    NOT NULL DEFAULT FALSE,
    interactive   BOOLEAN      NOT NULL DEFAULT FALSE,
    issues        TEXT         NOT NULL DEFAULT '',
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ,
    updated_at    TIMESTAMPTZ
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS portal_inspections_uq ON portal_inspections (account_id, week);
--bun:split
CREATE INDEX IF NOT EXISTS portal_inspections_ix_week ON portal_inspections (week);
--bun:split
CREATE INDEX IF NOT EXISTS portal_inspections_ix_dept ON portal_inspections (department, id);
--bun:split
-- The trail of every portal record. (subject_id, seq) is unique.
CREATE TABLE IF NOT EXISTS portal_events (
    id            VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    subject_id    VARCHAR(36) COLLATE "C"  NOT NULL,
    seq           BIGINT       NOT NULL DEFAULT 0,
    type          VARCHAR(64) COLLATE "C"  NOT NULL DEFAULT '',
    actor         TEXT         NOT NULL DEFAULT '',
    actor_dept    TEXT         NOT NULL DEFAULT '',
    at            TIMESTAMPTZ,
    from_status   VARCHAR(64) COLLATE "C"  NOT NULL DEFAULT '',
    to_status     VARCHAR(64) COLLATE "C"  NOT NULL DEFAULT '',
    department    TEXT         NOT NULL DEFAULT '',
    note          TEXT         NOT NULL DEFAULT '',
    attachments   TEXT         NOT NULL DEFAULT '[]'
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS portal_events_seq_uq ON portal_events (subject_id, seq);
