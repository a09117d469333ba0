-- security schema for SQLite. Every statement is idempotent (IF NOT EXISTS)
-- and the migration runs in one transaction. Times are the text bun writes
-- (UTC, "2006-01-02 15:04:05.999999+00:00"), which compares in time order;
-- NULL means "not set". Text compares byte-wise (BINARY). The lists inside
-- a record are JSON text; every filter of the Store is a column of its own,
-- indexed.

-- A revision of an emergency plan; grades are JSON. (code, revision) is unique.
CREATE TABLE IF NOT EXISTS security_plans (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    code          VARCHAR(255) NOT NULL DEFAULT '',
    revision      INTEGER      NOT NULL DEFAULT 0,
    year          INTEGER      NOT NULL DEFAULT 0,
    title         TEXT         NOT NULL DEFAULT '',
    scope         TEXT         NOT NULL DEFAULT '',
    grades        TEXT         NOT NULL DEFAULT '[]',
    status        VARCHAR(32)  NOT NULL DEFAULT '',
    approved_by   TEXT         NOT NULL DEFAULT '',
    approved_on   TIMESTAMP,
    superseded_by VARCHAR(36)  NOT NULL DEFAULT '',
    note          TEXT         NOT NULL DEFAULT '',
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    TIMESTAMP,
    updated_at    TIMESTAMP
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS security_plans_uq ON security_plans (code, revision);
--bun:split
CREATE INDEX IF NOT EXISTS security_plans_ix_status ON security_plans (status, id);
--bun:split
CREATE INDEX IF NOT EXISTS security_plans_ix_year ON security_plans (year, id);
--bun:split
-- A drill of a plan revision; participants, findings and actions are JSON.
CREATE TABLE IF NOT EXISTS security_drills (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    plan_id       VARCHAR(36)  NOT NULL DEFAULT '',
    held_on       TIMESTAMP,
    type          VARCHAR(32)  NOT NULL DEFAULT '',
    scenario      TEXT         NOT NULL DEFAULT '',
    participants  TEXT         NOT NULL DEFAULT '[]',
    findings      TEXT         NOT NULL DEFAULT '[]',
    actions       TEXT         NOT NULL DEFAULT '[]',
    note          TEXT         NOT NULL DEFAULT '',
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    TIMESTAMP,
    updated_at    TIMESTAMP
);
--bun:split
CREATE INDEX IF NOT EXISTS security_drills_ix_plan ON security_drills (plan_id, id);
--bun:split
CREATE INDEX IF NOT EXISTS security_drills_ix_held ON security_drills (held_on);
--bun:split
-- A self-inspection of a unit; its items and findings are JSON.
CREATE TABLE IF NOT EXISTS security_inspections (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    department    VARCHAR(255) NOT NULL DEFAULT '',
    inspected_on  TIMESTAMP,
    scope         TEXT         NOT NULL DEFAULT '',
    inspector     TEXT         NOT NULL DEFAULT '',
    items         TEXT         NOT NULL DEFAULT '[]',
    findings      TEXT         NOT NULL DEFAULT '[]',
    note          TEXT         NOT NULL DEFAULT '',
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    TIMESTAMP,
    updated_at    TIMESTAMP
);
--bun:split
CREATE INDEX IF NOT EXISTS security_inspections_ix_department ON security_inspections (department, id);
--bun:split
CREATE INDEX IF NOT EXISTS security_inspections_ix_inspected ON security_inspections (inspected_on);
--bun:split
-- An item of the self-inspection checklist; its code is unique.
CREATE TABLE IF NOT EXISTS security_checklist (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    code          VARCHAR(255) NOT NULL DEFAULT '',
    control       TEXT         NOT NULL DEFAULT '',
    category      TEXT         NOT NULL DEFAULT '',
    text          TEXT         NOT NULL DEFAULT '',
    builtin       BOOLEAN      NOT NULL DEFAULT FALSE,
    retired       BOOLEAN      NOT NULL DEFAULT FALSE,
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    TIMESTAMP,
    updated_at    TIMESTAMP
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS security_checklist_uq ON security_checklist (code);
--bun:split
-- A hardening record. source_id is NULL for a record without a source record, so
-- that the unique index holds (source_kind, source_id, source_seq) only for the
-- findings of a stored record: a finding is raised once, whoever writes.
CREATE TABLE IF NOT EXISTS security_hardenings (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    department    VARCHAR(255) NOT NULL DEFAULT '',
    asset         TEXT         NOT NULL DEFAULT '',
    kind          VARCHAR(32)  NOT NULL DEFAULT '',
    severity      VARCHAR(32)  NOT NULL DEFAULT '',
    detail        TEXT         NOT NULL DEFAULT '',
    source_kind   VARCHAR(32)  NOT NULL DEFAULT '',
    source_id     VARCHAR(36),
    source_seq    INTEGER      NOT NULL DEFAULT 0,
    source_ref    TEXT         NOT NULL DEFAULT '',
    found_on      TIMESTAMP,
    status        VARCHAR(32)  NOT NULL DEFAULT '',
    remediation   TEXT         NOT NULL DEFAULT '',
    remediated_by TEXT         NOT NULL DEFAULT '',
    remediated_on TIMESTAMP,
    verified_by   TEXT         NOT NULL DEFAULT '',
    verified_at   TIMESTAMP,
    retests       INTEGER      NOT NULL DEFAULT 0,
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    TIMESTAMP,
    updated_at    TIMESTAMP
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS security_hardenings_source_uq ON security_hardenings (source_kind, source_id, source_seq);
--bun:split
CREATE INDEX IF NOT EXISTS security_hardenings_ix_source ON security_hardenings (source_id);
--bun:split
CREATE INDEX IF NOT EXISTS security_hardenings_ix_department ON security_hardenings (department, id);
--bun:split
CREATE INDEX IF NOT EXISTS security_hardenings_ix_status ON security_hardenings (status, id);
--bun:split
CREATE INDEX IF NOT EXISTS security_hardenings_ix_kind ON security_hardenings (kind, id);
--bun:split
CREATE INDEX IF NOT EXISTS security_hardenings_ix_severity ON security_hardenings (severity, id);
--bun:split
CREATE INDEX IF NOT EXISTS security_hardenings_ix_source_kind ON security_hardenings (source_kind, id);
--bun:split
CREATE INDEX IF NOT EXISTS security_hardenings_ix_found ON security_hardenings (found_on);
--bun:split
-- An attack-defence exercise; its findings are JSON.
CREATE TABLE IF NOT EXISTS security_exercises (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    name          TEXT         NOT NULL DEFAULT '',
    organizer     TEXT         NOT NULL DEFAULT '',
    start_at      TIMESTAMP,
    end_at        TIMESTAMP,
    role          VARCHAR(32)  NOT NULL DEFAULT '',
    detected      INTEGER      NOT NULL DEFAULT 0,
    blocked       INTEGER      NOT NULL DEFAULT 0,
    early         INTEGER      NOT NULL DEFAULT 0,
    findings      TEXT         NOT NULL DEFAULT '[]',
    note          TEXT         NOT NULL DEFAULT '',
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    TIMESTAMP,
    updated_at    TIMESTAMP
);
--bun:split
CREATE INDEX IF NOT EXISTS security_exercises_ix_start ON security_exercises (start_at);
--bun:split
-- A security incident.
CREATE TABLE IF NOT EXISTS security_incidents (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    department    VARCHAR(255) NOT NULL DEFAULT '',
    title         TEXT         NOT NULL DEFAULT '',
    type          VARCHAR(32)  NOT NULL DEFAULT '',
    grade         VARCHAR(32)  NOT NULL DEFAULT '',
    colour        VARCHAR(32)  NOT NULL DEFAULT '',
    status        VARCHAR(32)  NOT NULL DEFAULT '',
    detected_at   TIMESTAMP,
    reported_at   TIMESTAMP,
    contained_at  TIMESTAMP,
    resolved_at   TIMESTAMP,
    note          TEXT         NOT NULL DEFAULT '',
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    TIMESTAMP,
    updated_at    TIMESTAMP
);
--bun:split
CREATE INDEX IF NOT EXISTS security_incidents_ix_department ON security_incidents (department, id);
--bun:split
CREATE INDEX IF NOT EXISTS security_incidents_ix_grade ON security_incidents (grade, id);
--bun:split
CREATE INDEX IF NOT EXISTS security_incidents_ix_status ON security_incidents (status, id);
--bun:split
CREATE INDEX IF NOT EXISTS security_incidents_ix_detected ON security_incidents (detected_at);
--bun:split
-- The trail of every security record: an event's ID and its (subject_id, seq) are unique.
CREATE TABLE IF NOT EXISTS security_events (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    subject_id    VARCHAR(36)  NOT NULL,
    seq           BIGINT       NOT NULL DEFAULT 0,
    type          VARCHAR(32)  NOT NULL DEFAULT '',
    actor         TEXT         NOT NULL DEFAULT '',
    actor_dept    TEXT         NOT NULL DEFAULT '',
    at            TIMESTAMP,
    from_status   VARCHAR(32)  NOT NULL DEFAULT '',
    to_status     VARCHAR(32)  NOT NULL DEFAULT '',
    department    TEXT         NOT NULL DEFAULT '',
    note          TEXT         NOT NULL DEFAULT '',
    attachments   TEXT         NOT NULL DEFAULT '[]'
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS security_events_seq_uq ON security_events (subject_id, seq);
