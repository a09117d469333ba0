-- hotline schema for SQLite. Every statement is idempotent (IF NOT EXISTS),
-- so running the migration twice, or after a crash halfway, is harmless.
-- Times are TEXT in UTC ('2006-01-02 15:04:05.999999+00:00'); NULL means
-- "not set". Months are 'YYYY-MM' text. Points and scores are decimal text,
-- never REAL. Text compares byte-wise (SQLite's BINARY collation).
CREATE TABLE IF NOT EXISTS hotline_callbacks (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    case_number VARCHAR(64)  NOT NULL,
    department  VARCHAR(64)  NOT NULL,
    month       CHAR(7)      NOT NULL,
    result      VARCHAR(32)  NOT NULL,
    called_at   TIMESTAMP,
    note        TEXT         NOT NULL DEFAULT '',
    created_at  TIMESTAMP,
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
    case_number      VARCHAR(64)  NOT NULL PRIMARY KEY,
    department       VARCHAR(64)  NOT NULL,
    month            CHAR(7)      NOT NULL,
    dispatched       SMALLINT     NOT NULL DEFAULT 0,
    accepted_on_time SMALLINT     NOT NULL DEFAULT 0,
    resolved_on_time SMALLINT     NOT NULL DEFAULT 0,
    returned         SMALLINT     NOT NULL DEFAULT 0,
    redone           SMALLINT     NOT NULL DEFAULT 0,
    replied          SMALLINT     NOT NULL DEFAULT 0,
    version          BIGINT       NOT NULL,
    updated_at       TIMESTAMP,
    updated_by       VARCHAR(128) NOT NULL DEFAULT ''
);
--bun:split
-- Covers OutcomeCounts: GROUP BY month, department summing the flags reads the index alone.
CREATE INDEX IF NOT EXISTS hotline_outcomes_month_dept_ix ON hotline_outcomes
    (month, department, dispatched, accepted_on_time, resolved_on_time, returned, redone, replied);
--bun:split
CREATE TABLE IF NOT EXISTS hotline_schemes (
    id             VARCHAR(36)  NOT NULL PRIMARY KEY,
    effective_from CHAR(7)      NOT NULL,
    name           VARCHAR(128) NOT NULL,
    body           TEXT         NOT NULL,
    created_at     TIMESTAMP,
    created_by     VARCHAR(128) NOT NULL DEFAULT ''
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS hotline_schemes_effective_from_uq ON hotline_schemes (effective_from);
--bun:split
CREATE TABLE IF NOT EXISTS hotline_deductions (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    department    VARCHAR(64)  NOT NULL,
    month         CHAR(7)      NOT NULL,
    rule_code     VARCHAR(64)  NOT NULL,
    points        VARCHAR(32)  NOT NULL,
    reason        TEXT         NOT NULL DEFAULT '',
    case_number   VARCHAR(64)  NOT NULL DEFAULT '',
    recorded_at   TIMESTAMP,
    recorded_by   VARCHAR(128) NOT NULL DEFAULT '',
    appeal_by     TIMESTAMP,
    status        VARCHAR(16)  NOT NULL,
    appealed_at   TIMESTAMP,
    appealed_by   VARCHAR(128) NOT NULL DEFAULT '',
    materials     TEXT         NOT NULL DEFAULT '',
    attachments   TEXT         NOT NULL DEFAULT '[]',
    decided_at    TIMESTAMP,
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
    id           VARCHAR(36)  NOT NULL PRIMARY KEY,
    deduction_id VARCHAR(36)  NOT NULL,
    seq          INTEGER      NOT NULL,
    type         VARCHAR(16)  NOT NULL,
    actor        VARCHAR(128) NOT NULL DEFAULT '',
    actor_dept   VARCHAR(64)  NOT NULL DEFAULT '',
    at           TIMESTAMP,
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
    district     VARCHAR(128) NOT NULL,
    score        VARCHAR(32)  NOT NULL,
    satisfaction VARCHAR(32)  NOT NULL,
    imported_at  TIMESTAMP,
    imported_by  VARCHAR(128) NOT NULL DEFAULT '',
    PRIMARY KEY (period, district)
);
