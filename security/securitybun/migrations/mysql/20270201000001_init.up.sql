-- security schema for MySQL 5.7+/8, MariaDB 10.3+ (and TiDB, OceanBase).
-- MySQL commits DDL implicitly, so the migration cannot run in a
-- transaction; instead every statement is idempotent: each table is created
-- with its indexes in one CREATE TABLE IF NOT EXISTS. Times are DATETIME(6)
-- in UTC; NULL means "not set". The lists inside a record are JSON text;
-- every filter of the Store is a column of its own, indexed.
--
-- Codes and other keys are VARBINARY: compared and ordered as bytes,
-- exactly. A utf8mb4_bin VARCHAR would be byte-ordered too, but it pads
-- with spaces, so that "ia-a" and "ia-a " would be one code. Other text is
-- utf8mb4_bin.

-- A revision of an emergency plan; grades are JSON. (code, revision) is unique.
CREATE TABLE IF NOT EXISTS security_plans (
    id            VARCHAR(36)  NOT NULL,
    code          VARBINARY(255) NOT NULL DEFAULT '',
    revision      INT          NOT NULL DEFAULT 0,
    year          INT          NOT NULL DEFAULT 0,
    title         TEXT         NOT NULL,
    scope         TEXT         NOT NULL,
    grades        MEDIUMTEXT   NOT NULL,
    status        VARBINARY(32) NOT NULL DEFAULT '',
    approved_by   TEXT         NOT NULL,
    approved_on   DATETIME(6),
    superseded_by VARCHAR(36)  NOT NULL DEFAULT '',
    note          TEXT         NOT NULL,
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    DATETIME(6),
    updated_at    DATETIME(6),
    PRIMARY KEY (id),
    UNIQUE KEY security_plans_uq (code, revision),
    KEY security_plans_ix_status (status, id),
    KEY security_plans_ix_year (year, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- A drill of a plan revision; participants, findings and actions are JSON.
CREATE TABLE IF NOT EXISTS security_drills (
    id            VARCHAR(36)  NOT NULL,
    plan_id       VARCHAR(36)  NOT NULL DEFAULT '',
    held_on       DATETIME(6),
    type          VARBINARY(32) NOT NULL DEFAULT '',
    scenario      TEXT         NOT NULL,
    participants  MEDIUMTEXT   NOT NULL,
    findings      MEDIUMTEXT   NOT NULL,
    actions       MEDIUMTEXT   NOT NULL,
    note          TEXT         NOT NULL,
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    DATETIME(6),
    updated_at    DATETIME(6),
    PRIMARY KEY (id),
    KEY security_drills_ix_plan (plan_id, id),
    KEY security_drills_ix_held (held_on)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- A self-inspection of a unit; its items and findings are JSON.
CREATE TABLE IF NOT EXISTS security_inspections (
    id            VARCHAR(36)  NOT NULL,
    department    VARBINARY(255) NOT NULL DEFAULT '',
    inspected_on  DATETIME(6),
    scope         TEXT         NOT NULL,
    inspector     TEXT         NOT NULL,
    items         MEDIUMTEXT   NOT NULL,
    findings      MEDIUMTEXT   NOT NULL,
    note          TEXT         NOT NULL,
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    DATETIME(6),
    updated_at    DATETIME(6),
    PRIMARY KEY (id),
    KEY security_inspections_ix_department (department, id),
    KEY security_inspections_ix_inspected (inspected_on)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- An item of the self-inspection checklist; its code is unique.
CREATE TABLE IF NOT EXISTS security_checklist (
    id            VARCHAR(36)  NOT NULL,
    code          VARBINARY(255) NOT NULL DEFAULT '',
    control       TEXT         NOT NULL,
    category      TEXT         NOT NULL,
    text          TEXT         NOT NULL,
    builtin       BOOLEAN      NOT NULL DEFAULT FALSE,
    retired       BOOLEAN      NOT NULL DEFAULT FALSE,
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    DATETIME(6),
    updated_at    DATETIME(6),
    PRIMARY KEY (id),
    UNIQUE KEY security_checklist_uq (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- A hardening record. source_id is NULL for a record without a source record, so
-- that the unique index holds (source_kind, source_id, source_seq) only for the
-- findings of a stored record: a finding is raised once, whoever writes.
CREATE TABLE IF NOT EXISTS security_hardenings (
    id            VARCHAR(36)  NOT NULL,
    department    VARBINARY(255) NOT NULL DEFAULT '',
    asset         TEXT         NOT NULL,
    kind          VARBINARY(32) NOT NULL DEFAULT '',
    severity      VARBINARY(32) NOT NULL DEFAULT '',
    detail        TEXT         NOT NULL,
    source_kind   VARBINARY(32) NOT NULL DEFAULT '',
    source_id     VARCHAR(36),
    source_seq    INT          NOT NULL DEFAULT 0,
    source_ref    TEXT         NOT NULL,
    found_on      DATETIME(6),
    status        VARBINARY(32) NOT NULL DEFAULT '',
    remediation   TEXT         NOT NULL,
    remediated_by TEXT         NOT NULL,
    remediated_on DATETIME(6),
    verified_by   TEXT         NOT NULL,
    verified_at   DATETIME(6),
    retests       INT          NOT NULL DEFAULT 0,
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    DATETIME(6),
    updated_at    DATETIME(6),
    PRIMARY KEY (id),
    UNIQUE KEY security_hardenings_source_uq (source_kind, source_id, source_seq),
    KEY security_hardenings_ix_source (source_id),
    KEY security_hardenings_ix_department (department, id),
    KEY security_hardenings_ix_status (status, id),
    KEY security_hardenings_ix_kind (kind, id),
    KEY security_hardenings_ix_severity (severity, id),
    KEY security_hardenings_ix_source_kind (source_kind, id),
    KEY security_hardenings_ix_found (found_on)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- An attack-defence exercise; its findings are JSON.
CREATE TABLE IF NOT EXISTS security_exercises (
    id            VARCHAR(36)  NOT NULL,
    name          TEXT         NOT NULL,
    organizer     TEXT         NOT NULL,
    start_at      DATETIME(6),
    end_at        DATETIME(6),
    role          VARBINARY(32) NOT NULL DEFAULT '',
    detected      INT          NOT NULL DEFAULT 0,
    blocked       INT          NOT NULL DEFAULT 0,
    early         INT          NOT NULL DEFAULT 0,
    findings      MEDIUMTEXT   NOT NULL,
    note          TEXT         NOT NULL,
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    DATETIME(6),
    updated_at    DATETIME(6),
    PRIMARY KEY (id),
    KEY security_exercises_ix_start (start_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- A security incident.
CREATE TABLE IF NOT EXISTS security_incidents (
    id            VARCHAR(36)  NOT NULL,
    department    VARBINARY(255) NOT NULL DEFAULT '',
    title         TEXT         NOT NULL,
    type          VARBINARY(32) NOT NULL DEFAULT '',
    grade         VARBINARY(32) NOT NULL DEFAULT '',
    colour        VARBINARY(32) NOT NULL DEFAULT '',
    status        VARBINARY(32) NOT NULL DEFAULT '',
    detected_at   DATETIME(6),
    reported_at   DATETIME(6),
    contained_at  DATETIME(6),
    resolved_at   DATETIME(6),
    note          TEXT         NOT NULL,
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    DATETIME(6),
    updated_at    DATETIME(6),
    PRIMARY KEY (id),
    KEY security_incidents_ix_department (department, id),
    KEY security_incidents_ix_grade (grade, id),
    KEY security_incidents_ix_status (status, id),
    KEY security_incidents_ix_detected (detected_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- The trail of every security record: an event's ID and its (subject_id, seq) are unique.
CREATE TABLE IF NOT EXISTS security_events (
    id            VARCHAR(36)  NOT NULL,
    subject_id    VARCHAR(36)  NOT NULL,
    seq           BIGINT       NOT NULL DEFAULT 0,
    type          VARBINARY(32) NOT NULL DEFAULT '',
    actor         TEXT         NOT NULL,
    actor_dept    TEXT         NOT NULL,
    at            DATETIME(6),
    from_status   VARBINARY(32) NOT NULL DEFAULT '',
    to_status     VARBINARY(32) NOT NULL DEFAULT '',
    department    TEXT         NOT NULL,
    note          TEXT         NOT NULL,
    attachments   MEDIUMTEXT   NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY security_events_seq_uq (subject_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
