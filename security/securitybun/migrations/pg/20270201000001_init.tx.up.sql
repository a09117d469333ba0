-- security schema for PostgreSQL (and KingbaseES, openGauss). Every
-- statement is idempotent (IF NOT EXISTS) and the migration runs in one
-- transaction. Times are TIMESTAMPTZ; NULL means "not set". Codes and
-- other keys are COLLATE "C": compared and ordered byte for byte. The lists
-- inside a record are JSON text; every filter of the Store is a column of
-- its own, indexed.

-- A revision of an emergency plan; grades are JSON. (code, revision) is unique.
CREATE TABLE IF NOT EXISTS security_plans (
    id            VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    code          VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '',
    revision      INTEGER      NOT NULL DEFAULT 0,
    year          INTEGER      NOT NULL DEFAULT 0,
    title         TEXT         NOT NULL DEFAULT '',
    scope         TEXT         NOT NULL DEFAULT '',
    grades        TEXT         NOT NULL DEFAULT '[]',
    status        VARCHAR(32) COLLATE "C"  NOT NULL DEFAULT '',
    approved_by   TEXT         NOT NULL DEFAULT '',
    approved_on   TIMESTAMPTZ,
    superseded_by VARCHAR(36) COLLATE "C"  NOT NULL DEFAULT '',
    note          TEXT         NOT NULL DEFAULT '',
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ,
    updated_at    TIMESTAMPTZ
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
    id            VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    plan_id       VARCHAR(36) COLLATE "C"  NOT NULL DEFAULT '',
    held_on       TIMESTAMPTZ,
    type          VARCHAR(32) COLLATE "C"  NOT NULL DEFAULT '',
    scenario      TEXT         NOT NULL DEFAULT '',
    participants  TEXT         NOT NULL DEFAULT '[]',
    findings      TEXT         NOT NULL DEFAULT '[]',
    actions       TEXT         NOT NULL DEFAULT '[]',
    note          TEXT         NOT NULL DEFAULT '',
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ,
    updated_at    TIMESTAMPTZ
);
--bun:split
CREATE INDEX IF NOT EXISTS security_drills_ix_plan ON security_drills (plan_id, id);
--bun:split
CREATE INDEX IF NOT EXISTS security_drills_ix_held ON security_drills (held_on);
--bun:split
-- A self-inspection of a unit; its items and findings are JSON.
CREATE TABLE IF NOT EXISTS security_inspections (
    id            VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    department    VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '',
    inspected_on  TIMESTAMPTZ,
    scope         TEXT         NOT NULL DEFAULT '',
    inspector     TEXT         NOT NULL DEFAULT '',
    items         TEXT         NOT NULL DEFAULT '[]',
    findings      TEXT         NOT NULL DEFAULT '[]',
    note          TEXT         NOT NULL DEFAULT '',
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ,
    updated_at    TIMESTAMPTZ
);
--bun:split
CREATE INDEX IF NOT EXISTS security_inspections_ix_department ON security_inspections (department, id);
--bun:split
CREATE INDEX IF NOT EXISTS security_inspections_ix_inspected ON security_inspections (inspected_on);
--bun:split
-- An item of the self-inspection checklist; its code is unique.
CREATE TABLE IF NOT EXISTS security_checklist (
    id            VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    code          VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '',
    control       TEXT         NOT NULL DEFAULT '',
    category      TEXT         NOT NULL DEFAULT '',
    text          TEXT         NOT NULL DEFAULT '',
    builtin       BOOLEAN      NOT NULL DEFAULT FALSE,
    retired       BOOLEAN      NOT NULL DEFAULT FALSE,
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ,
    updated_at    TIMESTAMPTZ
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS security_checklist_uq ON security_checklist (code);
--bun:split
-- A hardening record. source_id is NULL for a record without a source record, so
-- that the unique index holds (source_kind, source_id, source_seq) only for the
-- findings of a stored record: a finding is raised once, whoever writes.
CREATE TABLE IF NOT EXISTS security_hardenings (
    id            VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    department    VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '',
    asset         TEXT         NOT NULL DEFAULT '',
    kind          VARCHAR(32) COLLATE "C"  NOT NULL DEFAULT '',
    severity      VARCHAR(32) COLLATE "C"  NOT NULL DEFAULT '',
    detail        TEXT         NOT NULL DEFAULT '',
    source_kind   VARCHAR(32) COLLATE "C"  NOT NULL DEFAULT '',
    source_id     VARCHAR(36) COLLATE "C",
    source_seq    INTEGER      NOT NULL DEFAULT 0,
    source_ref    TEXT         NOT NULL DEFAULT '',
    found_on      TIMESTAMPTZ,
    status        VARCHAR(32) COLLATE "C"  NOT NULL DEFAULT '',
    remediation   TEXT         NOT NULL DEFAULT '',
    remediated_by TEXT         NOT NULL DEFAULT '',
    remediated_on TIMESTAMPTZ,
    verified_by   TEXT         NOT NULL DEFAULT '',
    verified_at   TIMESTAMPTZ,
    retests       INTEGER      NOT NULL DEFAULT 0,
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ,
    updated_at    TIMESTAMPTZ
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
    id            VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    name          TEXT         NOT NULL DEFAULT '',
    organizer     TEXT         NOT NULL DEFAULT '',
    start_at      TIMESTAMPTZ,
    end_at        TIMESTAMPTZ,
    role          VARCHAR(32) COLLATE "C"  NOT NULL DEFAULT '',
    detected      INTEGER      NOT NULL DEFAULT 0,
    blocked       INTEGER      NOT NULL DEFAULT 0,
    early         INTEGER      NOT NULL DEFAULT 0,
    findings      TEXT         NOT NULL DEFAULT '[]',
    note          TEXT         NOT NULL DEFAULT '',
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ,
    updated_at    TIMESTAMPTZ
);
--bun:split
CREATE INDEX IF NOT EXISTS security_exercises_ix_start ON security_exercises (start_at);
--bun:split
-- A security incident.
CREATE TABLE IF NOT EXISTS security_incidents (
    id            VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    department    VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '',
    title         TEXT         NOT NULL DEFAULT '',
    type          VARCHAR(32) COLLATE "C"  NOT NULL DEFAULT '',
    grade         VARCHAR(32) COLLATE "C"  NOT NULL DEFAULT '',
    colour        VARCHAR(32) COLLATE "C"  NOT NULL DEFAULT '',
    status        VARCHAR(32) COLLATE "C"  NOT NULL DEFAULT '',
    detected_at   TIMESTAMPTZ,
    reported_at   TIMESTAMPTZ,
    contained_at  TIMESTAMPTZ,
    resolved_at   TIMESTAMPTZ,
    note          TEXT         NOT NULL DEFAULT '',
    version       BIGINT       NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ,
    updated_at    TIMESTAMPTZ
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
    id            VARCHAR(36) COLLATE "C"  NOT NULL PRIMARY KEY,
    subject_id    VARCHAR(36) COLLATE "C"  NOT NULL,
    seq           BIGINT       NOT NULL DEFAULT 0,
    type          VARCHAR(32) COLLATE "C"  NOT NULL DEFAULT '',
    actor         TEXT         NOT NULL DEFAULT '',
    actor_dept    TEXT         NOT NULL DEFAULT '',
    at            TIMESTAMPTZ,
    from_status   VARCHAR(32) COLLATE "C"  NOT NULL DEFAULT '',
    to_status     VARCHAR(32) COLLATE "C"  NOT NULL DEFAULT '',
    department    TEXT         NOT NULL DEFAULT '',
    note          TEXT         NOT NULL DEFAULT '',
    attachments   TEXT         NOT NULL DEFAULT '[]'
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS security_events_seq_uq ON security_events (subject_id, seq);
