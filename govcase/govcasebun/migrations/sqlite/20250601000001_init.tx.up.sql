-- govcase schema for SQLite. Every statement is idempotent (IF NOT EXISTS),
-- so running the migration twice, or after a crash halfway, is harmless.
-- Times are TEXT in UTC ('2006-01-02 15:04:05.999999+00:00'), which sorts
-- and compares correctly as text; NULL means "not set". The indexes are
-- explained in doc.go.
CREATE TABLE IF NOT EXISTS govcase_cases (
    id               VARCHAR(36)  NOT NULL PRIMARY KEY,
    number           VARCHAR(32)  NOT NULL,
    year             INTEGER      NOT NULL,
    kind             VARCHAR(64)  NOT NULL,
    category         VARCHAR(64)  NOT NULL DEFAULT '',
    priority         VARCHAR(32)  NOT NULL DEFAULT '',
    source           VARCHAR(32)  NOT NULL DEFAULT '',
    external_no      VARCHAR(128) NOT NULL DEFAULT '',
    title            TEXT         NOT NULL DEFAULT '',
    description      TEXT         NOT NULL DEFAULT '',
    reporter_name    VARCHAR(255) NOT NULL DEFAULT '',
    reporter_phone   VARCHAR(255) NOT NULL DEFAULT '',
    location         TEXT         NOT NULL DEFAULT '',
    department       VARCHAR(64)  NOT NULL DEFAULT '',
    status           VARCHAR(32)  NOT NULL,
    accept_by        TIMESTAMP,
    resolve_by       TIMESTAMP,
    dispatched_at    TIMESTAMP,
    accepted_at      TIMESTAMP,
    replied_at       TIMESTAMP,
    closed_at        TIMESTAMP,
    reply            TEXT         NOT NULL DEFAULT '',
    urge_count       INTEGER      NOT NULL DEFAULT 0,
    return_count     INTEGER      NOT NULL DEFAULT 0,
    redo_count       INTEGER      NOT NULL DEFAULT 0,
    extension_until  TIMESTAMP,
    extension_reason TEXT         NOT NULL DEFAULT '',
    created_at       TIMESTAMP,
    updated_at       TIMESTAMP,
    version          BIGINT       NOT NULL,
    -- Derived by the store from the columns above on every write, so that
    -- CaseStats needs no cross-dialect time arithmetic.
    is_dispatched    SMALLINT     NOT NULL DEFAULT 0,
    is_accepted      SMALLINT     NOT NULL DEFAULT 0,
    accepted_on_time SMALLINT     NOT NULL DEFAULT 0,
    is_replied       SMALLINT     NOT NULL DEFAULT 0,
    replied_on_time  SMALLINT     NOT NULL DEFAULT 0,
    handling_secs    BIGINT
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS govcase_cases_number_uq ON govcase_cases (number);
--bun:split
CREATE INDEX IF NOT EXISTS govcase_cases_dept_status_id_ix ON govcase_cases (department, status, id);
--bun:split
CREATE INDEX IF NOT EXISTS govcase_cases_status_id_ix ON govcase_cases (status, id);
--bun:split
CREATE INDEX IF NOT EXISTS govcase_cases_status_resolve_by_ix ON govcase_cases (status, resolve_by);
--bun:split
CREATE INDEX IF NOT EXISTS govcase_cases_kind_status_id_ix ON govcase_cases (kind, status, id);
--bun:split
CREATE INDEX IF NOT EXISTS govcase_cases_external_no_ix ON govcase_cases (external_no);
--bun:split
CREATE INDEX IF NOT EXISTS govcase_cases_created_at_ix ON govcase_cases (created_at);
--bun:split
CREATE INDEX IF NOT EXISTS govcase_cases_stats_ix ON govcase_cases (year, kind, status, department, created_at,
    is_dispatched, is_accepted, accepted_on_time, is_replied, replied_on_time, handling_secs);
--bun:split
CREATE TABLE IF NOT EXISTS govcase_events (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    case_id     VARCHAR(36)  NOT NULL REFERENCES govcase_cases (id),
    seq         INTEGER      NOT NULL,
    type        VARCHAR(64)  NOT NULL,
    actor       VARCHAR(255) NOT NULL DEFAULT '',
    actor_dept  VARCHAR(64)  NOT NULL DEFAULT '',
    at          TIMESTAMP,
    from_status VARCHAR(32)  NOT NULL DEFAULT '',
    to_status   VARCHAR(32)  NOT NULL DEFAULT '',
    department  VARCHAR(64)  NOT NULL DEFAULT '',
    note        TEXT         NOT NULL DEFAULT ''
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS govcase_events_case_seq_uq ON govcase_events (case_id, seq);
--bun:split
CREATE TABLE IF NOT EXISTS govcase_sequences (
    year INTEGER NOT NULL PRIMARY KEY,
    last BIGINT  NOT NULL
);
--bun:split
CREATE TABLE IF NOT EXISTS govcase_routing_rules (
    id         VARCHAR(36) NOT NULL PRIMARY KEY,
    kind       VARCHAR(64) NOT NULL DEFAULT '',
    category   VARCHAR(64) NOT NULL DEFAULT '',
    keywords   TEXT        NOT NULL DEFAULT '[]',
    department VARCHAR(64) NOT NULL DEFAULT '',
    priority   INTEGER     NOT NULL DEFAULT 0,
    created_at TIMESTAMP
);
