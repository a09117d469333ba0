-- hotline schema for MySQL 5.7+/8, MariaDB 10.3+ (and TiDB, OceanBase).
-- MySQL commits DDL implicitly, so the migration cannot run in a
-- transaction; instead every statement is idempotent: each table is created
-- with its indexes in one CREATE TABLE IF NOT EXISTS. utf8mb4_bin keeps
-- comparisons and ordering byte-wise whatever the server's default
-- collation. Times are DATETIME(6) in UTC (the connection's time_zone is
-- +00:00); NULL means "not set". Months are 'YYYY-MM' text. Points and
-- scores are exact decimal text.
CREATE TABLE IF NOT EXISTS hotline_callbacks (
    id          VARCHAR(36)  NOT NULL,
    case_number VARCHAR(64)  NOT NULL,
    department  VARCHAR(64)  NOT NULL,
    month       CHAR(7)      NOT NULL,
    result      VARCHAR(32)  NOT NULL,
    called_at   DATETIME(6)  NULL,
    note        TEXT         NOT NULL,
    created_at  DATETIME(6)  NULL,
    created_by  VARCHAR(128) NOT NULL DEFAULT '',
    PRIMARY KEY (id),
    UNIQUE KEY hotline_callbacks_case_month_uq (case_number, month),
    KEY hotline_callbacks_month_dept_result_ix (month, department, result)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
CREATE TABLE IF NOT EXISTS hotline_outcomes (
    case_number      VARCHAR(64)  NOT NULL,
    department       VARCHAR(64)  NOT NULL,
    month            CHAR(7)      NOT NULL,
    dispatched       SMALLINT     NOT NULL DEFAULT 0,
    accepted_on_time SMALLINT     NOT NULL DEFAULT 0,
    resolved_on_time SMALLINT     NOT NULL DEFAULT 0,
    returned         SMALLINT     NOT NULL DEFAULT 0,
    redone           SMALLINT     NOT NULL DEFAULT 0,
    replied          SMALLINT     NOT NULL DEFAULT 0,
    version          BIGINT       NOT NULL,
    updated_at       DATETIME(6)  NULL,
    updated_by       VARCHAR(128) NOT NULL DEFAULT '',
    PRIMARY KEY (case_number),
    KEY hotline_outcomes_month_dept_ix (month, department, dispatched, accepted_on_time,
        resolved_on_time, returned, redone, replied)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
CREATE TABLE IF NOT EXISTS hotline_schemes (
    id             VARCHAR(36)  NOT NULL,
    effective_from CHAR(7)      NOT NULL,
    name           VARCHAR(128) NOT NULL,
    body           MEDIUMTEXT   NOT NULL,
    created_at     DATETIME(6)  NULL,
    created_by     VARCHAR(128) NOT NULL DEFAULT '',
    PRIMARY KEY (id),
    UNIQUE KEY hotline_schemes_effective_from_uq (effective_from)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
CREATE TABLE IF NOT EXISTS hotline_deductions (
    id            VARCHAR(36)  NOT NULL,
    department    VARCHAR(64)  NOT NULL,
    month         CHAR(7)      NOT NULL,
    rule_code     VARCHAR(64)  NOT NULL,
    points        VARCHAR(32)  NOT NULL,
    reason        TEXT         NOT NULL,
    case_number   VARCHAR(64)  NOT NULL DEFAULT '',
    recorded_at   DATETIME(6)  NULL,
    recorded_by   VARCHAR(128) NOT NULL DEFAULT '',
    appeal_by     DATETIME(6)  NULL,
    status        VARCHAR(16)  NOT NULL,
    appealed_at   DATETIME(6)  NULL,
    appealed_by   VARCHAR(128) NOT NULL DEFAULT '',
    materials     TEXT         NOT NULL,
    attachments   MEDIUMTEXT   NOT NULL,
    decided_at    DATETIME(6)  NULL,
    decided_by    VARCHAR(128) NOT NULL DEFAULT '',
    decision_note TEXT         NOT NULL,
    version       BIGINT       NOT NULL,
    PRIMARY KEY (id),
    KEY hotline_deductions_month_dept_ix (month, department, points, status),
    KEY hotline_deductions_dept_id_ix (department, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
CREATE TABLE IF NOT EXISTS hotline_deduction_events (
    id           VARCHAR(36)  NOT NULL,
    deduction_id VARCHAR(36)  NOT NULL,
    seq          INT          NOT NULL,
    type         VARCHAR(16)  NOT NULL,
    actor        VARCHAR(128) NOT NULL DEFAULT '',
    actor_dept   VARCHAR(64)  NOT NULL DEFAULT '',
    at           DATETIME(6)  NULL,
    from_status  VARCHAR(16)  NOT NULL DEFAULT '',
    to_status    VARCHAR(16)  NOT NULL DEFAULT '',
    note         TEXT         NOT NULL,
    attachments  MEDIUMTEXT   NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY hotline_deduction_events_seq_uq (deduction_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
CREATE TABLE IF NOT EXISTS hotline_peer_results (
    period       VARCHAR(7)   NOT NULL,
    district     VARCHAR(128) NOT NULL,
    score        VARCHAR(32)  NOT NULL,
    satisfaction VARCHAR(32)  NOT NULL,
    imported_at  DATETIME(6)  NULL,
    imported_by  VARCHAR(128) NOT NULL DEFAULT '',
    PRIMARY KEY (period, district)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
