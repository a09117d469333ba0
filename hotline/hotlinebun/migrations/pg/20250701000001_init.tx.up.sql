-- hotline schema for PostgreSQL (and KingbaseES, openGauss). Every statement
-- is idempotent (IF NOT EXISTS) and the migration runs in one transaction.
-- Times are TIMESTAMPTZ; NULL means "not set". Months are 'YYYY-MM' text.
-- Points and scores are exact decimal text. Codes that the store orders or
-- pages by use COLLATE "C", so that they compare byte-wise whatever the
-- database's collation.
CREATE TABLE IF NOT EXISTS hotline_callbacks (
    id          VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    case_number VARCHAR(64) COLLATE "C"  NOT NULL,
    department  VARCHAR(64) COLLATE "C"  NOT NULL,
    month       CHAR(7)      NOT NULL,
    result      VARCHAR(32)  NOT NULL,
    called_at   TIMESTAMPTZ,
    note        TEXT         NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ,
    created_by  VARCHAR(128) NOT NULL DEFAULT ''
);
--bun:split
-- One callback per case and month.
CREATE UNIQUE INDEX IF NOT EXISTS hotline_callbacks_case_month_uq ON hotline_callbacks (case_number, month);
--bun:split
-- Covers CallbackCounts: GROUP BY month, department, result reads the index alone.
CREATE INDEX IF NOT EXISTS hotline_callbacks_month_dept_result_ix ON hotline_callbacks (month, department, result);
--bun:split
CREATE TABLE IF NOT EXISTS hotline_outcomes (
    case_number      VARCHAR(64) COLLATE "C"  NOT NULL PRIMARY KEY,
    department       VARCHAR(64) COLLATE "C"  NOT NULL,
    month            CHAR(7)      NOT NULL,
    dispatched       SMALLINT     NOT NULL DEFAULT 0,
    accepted_on_time SMALLINT     NOT NULL DEFAULT 0,
    resolved_on_time SMALLINT     NOT NULL DEFAULT 0,
    returned         SMALLINT     NOT NULL DEFAULT 0,
    redone           SMALLINT     NOT NULL DEFAULT 0,
    replied          SMALLINT     NOT NULL DEFAULT 0,
    version          BIGINT       NOT NULL,
    updated_at       TIMESTAMPTZ,
    updated_by       VARCHAR(128) NOT NULL DEFAULT ''
);
--bun:split
-- Covers OutcomeCounts: GROUP BY month, department summing the flags reads the index alone.
CREATE INDEX IF NOT EXISTS hotline_outcomes_month_dept_ix ON hotline_outcomes
    (month, department, dispatched, accepted_on_time, resolved_on_time, returned, redone, replied);
--bun:split
CREATE TABLE IF NOT EXISTS hotline_schemes (
    id             VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    effective_from CHAR(7)      NOT NULL,
    name           VARCHAR(128) NOT NULL,
    body           TEXT         NOT NULL,
    created_at     TIMESTAMPTZ,
    created_by     VARCHAR(128) NOT NULL DEFAULT ''
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS hotline_schemes_effective_from_uq ON hotline_schemes (effective_from);
--bun:split
CREATE TABLE IF NOT EXISTS hotline_deductions (
    id            VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    department    VARCHAR(64) COLLATE "C"  NOT NULL,
    month         CHAR(7)      NOT NULL,
    rule_code     VARCHAR(64)  NOT NULL,
    points        VARCHAR(32)  NOT NULL,
    reason        TEXT         NOT NULL DEFAULT '',
    case_number   VARCHAR(64) COLLATE "C"  NOT NULL DEFAULT '',
    recorded_at   TIMESTAMPTZ,
    recorded_by   VARCHAR(128) NOT NULL DEFAULT '',
    appeal_by     TIMESTAMPTZ,
    status        VARCHAR(16)  NOT NULL,
    appealed_at   TIMESTAMPTZ,
    appealed_by   VARCHAR(128) NOT NULL DEFAULT '',
    materials     TEXT         NOT NULL DEFAULT '',
    attachments   TEXT         NOT NULL DEFAULT '[]',
    decided_at    TIMESTAMPTZ,
    decided_by    VARCHAR(128) NOT NULL DEFAULT '',
    decision_note TEXT         NOT NULL DEFAULT '',
    version       BIGINT       NOT NULL
);
--bun:split
-- Covers DeductionCounts: GROUP BY month, department, points in index order, status filtered from the index.
CREATE INDEX IF NOT EXISTS hotline_deductions_month_dept_ix ON hotline_deductions (month, department, points, status);
--bun:split
CREATE INDEX IF NOT EXISTS hotline_deductions_dept_id_ix ON hotline_deductions (department, id);
--bun:split
CREATE TABLE IF NOT EXISTS hotline_deduction_events (
    id           VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    deduction_id VARCHAR(36) COLLATE "C"  NOT NULL,
    seq          INTEGER      NOT NULL,
    type         VARCHAR(16)  NOT NULL,
    actor        VARCHAR(128) NOT NULL DEFAULT '',
    actor_dept   VARCHAR(64)  NOT NULL DEFAULT '',
    at           TIMESTAMPTZ,
    from_status  VARCHAR(16)  NOT NULL DEFAULT '',
    to_status    VARCHAR(16)  NOT NULL DEFAULT '',
    note         TEXT         NOT NULL DEFAULT '',
    attachments  TEXT         NOT NULL DEFAULT '[]'
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS hotline_deduction_events_seq_uq ON hotline_deduction_events (deduction_id, seq);
--bun:split
CREATE TABLE IF NOT EXISTS hotline_peer_results (
    period       VARCHAR(7)   NOT NULL,
    district     VARCHAR(128) COLLATE "C" NOT NULL,
    score        VARCHAR(32)  NOT NULL,
    satisfaction VARCHAR(32)  NOT NULL,
    imported_at  TIMESTAMPTZ,
    imported_by  VARCHAR(128) NOT NULL DEFAULT '',
    PRIMARY KEY (period, district)
);
