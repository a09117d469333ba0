-- govcase schema for MySQL 5.7+/8, MariaDB 10.3+ (and TiDB, OceanBase).
-- MySQL commits DDL implicitly, so the migration cannot run in a
-- transaction; instead every statement is idempotent: each table is created
-- with its indexes in one CREATE TABLE IF NOT EXISTS, which MySQL 8 allows
-- where it lacks CREATE INDEX IF NOT EXISTS. utf8mb4_bin keeps comparisons
-- and LIKE case-sensitive whatever the server's default collation is. Times
-- are DATETIME(6) in UTC (the connection's time_zone is +00:00); NULL means
-- "not set". The indexes are explained in doc.go.
CREATE TABLE IF NOT EXISTS govcase_cases (
    id               VARCHAR(36)  NOT NULL,
    number           VARCHAR(32)  NOT NULL,
    `year`           INT          NOT NULL,
    kind             VARCHAR(64)  NOT NULL,
    category         VARCHAR(64)  NOT NULL DEFAULT '',
    priority         VARCHAR(32)  NOT NULL DEFAULT '',
    source           VARCHAR(32)  NOT NULL DEFAULT '',
    external_no      VARCHAR(128) NOT NULL DEFAULT '',
    title            TEXT         NOT NULL,
    description      MEDIUMTEXT   NOT NULL,
    reporter_name    VARCHAR(255) NOT NULL DEFAULT '',
    reporter_phone   VARCHAR(255) NOT NULL DEFAULT '',
    location         TEXT         NOT NULL,
    department       VARCHAR(64)  NOT NULL DEFAULT '',
    status           VARCHAR(32)  NOT NULL,
    accept_by        DATETIME(6)  NULL,
    resolve_by       DATETIME(6)  NULL,
    dispatched_at    DATETIME(6)  NULL,
    accepted_at      DATETIME(6)  NULL,
    replied_at       DATETIME(6)  NULL,
    closed_at        DATETIME(6)  NULL,
    reply            MEDIUMTEXT   NOT NULL,
    urge_count       INT          NOT NULL DEFAULT 0,
    return_count     INT          NOT NULL DEFAULT 0,
    redo_count       INT          NOT NULL DEFAULT 0,
    extension_until  DATETIME(6)  NULL,
    extension_reason TEXT         NOT NULL,
    created_at       DATETIME(6)  NULL,
    updated_at       DATETIME(6)  NULL,
    version          BIGINT       NOT NULL,
    is_dispatched    SMALLINT     NOT NULL DEFAULT 0,
    is_accepted      SMALLINT     NOT NULL DEFAULT 0,
    accepted_on_time SMALLINT     NOT NULL DEFAULT 0,
    is_replied       SMALLINT     NOT NULL DEFAULT 0,
    replied_on_time  SMALLINT     NOT NULL DEFAULT 0,
    handling_secs    BIGINT       NULL,
    PRIMARY KEY (id),
    UNIQUE KEY govcase_cases_number_uq (number),
    KEY govcase_cases_dept_status_id_ix (department, status, id),
    KEY govcase_cases_status_id_ix (status, id),
    KEY govcase_cases_status_resolve_by_ix (status, resolve_by),
    KEY govcase_cases_kind_status_id_ix (kind, status, id),
    KEY govcase_cases_external_no_ix (external_no),
    KEY govcase_cases_created_at_ix (created_at),
    KEY govcase_cases_stats_ix (`year`, kind, status, department, created_at,
        is_dispatched, is_accepted, accepted_on_time, is_replied, replied_on_time, handling_secs)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
CREATE TABLE IF NOT EXISTS govcase_events (
    id          VARCHAR(36)  NOT NULL,
    case_id     VARCHAR(36)  NOT NULL,
    seq         INT          NOT NULL,
    type        VARCHAR(64)  NOT NULL,
    actor       VARCHAR(255) NOT NULL DEFAULT '',
    actor_dept  VARCHAR(64)  NOT NULL DEFAULT '',
    at          DATETIME(6)  NULL,
    from_status VARCHAR(32)  NOT NULL DEFAULT '',
    to_status   VARCHAR(32)  NOT NULL DEFAULT '',
    department  VARCHAR(64)  NOT NULL DEFAULT '',
    note        MEDIUMTEXT   NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY govcase_events_case_seq_uq (case_id, seq),
    CONSTRAINT govcase_events_case_fk FOREIGN KEY (case_id) REFERENCES govcase_cases (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
CREATE TABLE IF NOT EXISTS govcase_sequences (
    `year` INT    NOT NULL,
    `last` BIGINT NOT NULL,
    PRIMARY KEY (`year`)
) ENGINE=InnoDB;
--bun:split
CREATE TABLE IF NOT EXISTS govcase_routing_rules (
    id         VARCHAR(36) NOT NULL,
    kind       VARCHAR(64) NOT NULL DEFAULT '',
    category   VARCHAR(64) NOT NULL DEFAULT '',
    keywords   TEXT        NOT NULL,
    department VARCHAR(64) NOT NULL DEFAULT '',
    priority   INT         NOT NULL DEFAULT 0,
    created_at DATETIME(6) NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
