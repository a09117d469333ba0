-- netops schema for SQLite. Every statement is idempotent (IF NOT EXISTS)
-- and the migration runs in one transaction. Times are the text bun writes
-- (UTC, "2006-01-02 15:04:05.999999+00:00"), which compares in time order;
-- NULL means "not set". Text compares byte-wise (BINARY). Lists are JSON
-- text.
CREATE TABLE IF NOT EXISTS netops_sites (
    id         VARCHAR(36)  NOT NULL PRIMARY KEY,
    code       VARCHAR(255) NOT NULL,
    name       TEXT         NOT NULL DEFAULT '',
    zone       VARCHAR(16)  NOT NULL DEFAULT '',
    address    TEXT         NOT NULL DEFAULT '',
    rooms      TEXT         NOT NULL DEFAULT '[]',
    note       TEXT         NOT NULL DEFAULT '',
    version    BIGINT       NOT NULL,
    created_at TIMESTAMP,
    updated_at TIMESTAMP
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS netops_sites_code_uq ON netops_sites (code);
--bun:split
CREATE TABLE IF NOT EXISTS netops_units (
    id         VARCHAR(36)  NOT NULL PRIMARY KEY,
    unit       VARCHAR(255) NOT NULL,
    site       VARCHAR(255) NOT NULL DEFAULT '',
    room       VARCHAR(255) NOT NULL DEFAULT '',
    note       TEXT         NOT NULL DEFAULT '',
    version    BIGINT       NOT NULL,
    created_at TIMESTAMP,
    updated_at TIMESTAMP
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS netops_units_unit_uq ON netops_units (unit);
--bun:split
CREATE INDEX IF NOT EXISTS netops_units_site_ix ON netops_units (site, unit);
--bun:split
-- A link. circuit_id is NULL when the link has none, so that the unique
-- index holds (carrier, circuit_id) only for the links that have one.
CREATE TABLE IF NOT EXISTS netops_links (
    id                VARCHAR(36)  NOT NULL PRIMARY KEY,
    unit              VARCHAR(255) NOT NULL,
    site              VARCHAR(255) NOT NULL DEFAULT '',
    room              VARCHAR(255) NOT NULL DEFAULT '',
    carrier           VARCHAR(255) NOT NULL DEFAULT '',
    circuit_id        VARCHAR(255),
    type              VARCHAR(16)  NOT NULL,
    via_extranet      BOOLEAN      NOT NULL DEFAULT FALSE,
    network           VARCHAR(255) NOT NULL DEFAULT '',
    bandwidth_mbps    BIGINT       NOT NULL DEFAULT 0,
    vlan              INTEGER      NOT NULL DEFAULT 0,
    prefixes          TEXT         NOT NULL DEFAULT '[]',
    status            VARCHAR(16)  NOT NULL,
    planned_at        TIMESTAMP,
    provisioning_at   TIMESTAMP,
    active_at         TIMESTAMP,
    deprovisioning_at TIMESTAMP,
    decommissioned_at TIMESTAMP,
    note              TEXT         NOT NULL DEFAULT '',
    version           BIGINT       NOT NULL,
    created_at        TIMESTAMP,
    updated_at        TIMESTAMP
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS netops_links_circuit_uq ON netops_links (carrier, circuit_id);
--bun:split
CREATE INDEX IF NOT EXISTS netops_links_unit_ix ON netops_links (unit, id);
--bun:split
CREATE INDEX IF NOT EXISTS netops_links_connected_ix ON netops_links (type, status, unit);
--bun:split
-- Each prefix of a live link, as the range [lo, hi] of its addresses (4
-- bytes for IPv4, 16 for IPv6, big-endian) in its address space: the
-- prefixes that overlap p are those whose lo lies in p, and p's ancestors,
-- each found by the index. unit and status are the link's, rewritten with
-- it; a decommissioned link has no rows.
CREATE TABLE IF NOT EXISTS netops_link_prefixes (
    link_id VARCHAR(36)  NOT NULL,
    ord     INTEGER      NOT NULL,
    space   VARCHAR(255) NOT NULL,
    family  INTEGER      NOT NULL,
    lo      BLOB         NOT NULL,
    hi      BLOB         NOT NULL,
    bits    INTEGER      NOT NULL,
    unit    VARCHAR(255) NOT NULL,
    status  VARCHAR(16)  NOT NULL,
    PRIMARY KEY (link_id, ord)
);
--bun:split
CREATE INDEX IF NOT EXISTS netops_link_prefixes_lo_ix ON netops_link_prefixes (space, family, lo, bits);
--bun:split
CREATE TABLE IF NOT EXISTS netops_networks (
    id         VARCHAR(36)  NOT NULL PRIMARY KEY,
    code       VARCHAR(255) NOT NULL,
    name       TEXT         NOT NULL DEFAULT '',
    authority  TEXT         NOT NULL DEFAULT '',
    ic_mode    VARCHAR(16)  NOT NULL DEFAULT '',
    ic_site    VARCHAR(255) NOT NULL DEFAULT '',
    ic_room    VARCHAR(255) NOT NULL DEFAULT '',
    ic_since   TIMESTAMP,
    ic_note    TEXT         NOT NULL DEFAULT '',
    status     VARCHAR(16)  NOT NULL,
    note       TEXT         NOT NULL DEFAULT '',
    version    BIGINT       NOT NULL,
    created_at TIMESTAMP,
    updated_at TIMESTAMP
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS netops_networks_code_uq ON netops_networks (code);
--bun:split
CREATE TABLE IF NOT EXISTS netops_unit_migrations (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    unit        VARCHAR(255) NOT NULL,
    from_site   VARCHAR(255) NOT NULL DEFAULT '',
    from_room   VARCHAR(255) NOT NULL DEFAULT '',
    to_site     VARCHAR(255) NOT NULL DEFAULT '',
    to_room     VARCHAR(255) NOT NULL DEFAULT '',
    planned_for TIMESTAMP,
    plan        TEXT         NOT NULL DEFAULT '',
    cutover_at  TIMESTAMP,
    verified_at TIMESTAMP,
    verified_by VARCHAR(255) NOT NULL DEFAULT '',
    status      VARCHAR(16)  NOT NULL,
    note        TEXT         NOT NULL DEFAULT '',
    version     BIGINT       NOT NULL,
    created_at  TIMESTAMP,
    updated_at  TIMESTAMP
);
--bun:split
CREATE INDEX IF NOT EXISTS netops_unit_migrations_unit_ix ON netops_unit_migrations (unit, id);
--bun:split
-- A visit. arrival is 0 while it has not arrived, 1 on time, 2 late, and
-- response_seconds its whole seconds to arrive, for VisitGroups.
CREATE TABLE IF NOT EXISTS netops_visits (
    id               VARCHAR(36)  NOT NULL PRIMARY KEY,
    ticket_kind      VARCHAR(16)  NOT NULL DEFAULT '',
    ticket_ref       VARCHAR(255) NOT NULL DEFAULT '',
    unit             VARCHAR(255) NOT NULL,
    zone             VARCHAR(16)  NOT NULL DEFAULT '',
    technician       VARCHAR(255) NOT NULL DEFAULT '',
    summary          TEXT         NOT NULL DEFAULT '',
    contact          TEXT         NOT NULL DEFAULT '',
    contact_phone    TEXT         NOT NULL DEFAULT '',
    reported_at      TIMESTAMP,
    sla_minutes      INTEGER      NOT NULL DEFAULT 0,
    due_at           TIMESTAMP,
    arrived_at       TIMESTAMP,
    resolved_at      TIMESTAMP,
    month            VARCHAR(7)   NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    arrival          INTEGER      NOT NULL DEFAULT 0,
    response_seconds BIGINT       NOT NULL DEFAULT 0,
    note             TEXT         NOT NULL DEFAULT '',
    version          BIGINT       NOT NULL,
    created_at       TIMESTAMP,
    updated_at       TIMESTAMP
);
--bun:split
CREATE INDEX IF NOT EXISTS netops_visits_reported_ix ON netops_visits (reported_at);
--bun:split
CREATE INDEX IF NOT EXISTS netops_visits_unit_ix ON netops_visits (unit, reported_at);
--bun:split
CREATE INDEX IF NOT EXISTS netops_visits_ticket_ix ON netops_visits (ticket_ref);
--bun:split
-- The visits not arrived, in the order VisitGroups groups them, with their
-- status and due time: its count of the overdue reads them alone, and
-- sorts nothing.
CREATE INDEX IF NOT EXISTS netops_visits_overdue_ix ON netops_visits
    (arrival, month, zone, technician, status, due_at);
--bun:split
-- The count of the visits of each month, zone, technician, status and
-- arrival, and their response seconds, kept in the transaction of every
-- write of a visit: VisitGroups of whole months reads these rows rather
-- than the visits.
CREATE TABLE IF NOT EXISTS netops_visit_counts (
    month            VARCHAR(7)   NOT NULL,
    zone             VARCHAR(16)  NOT NULL,
    technician       VARCHAR(255) NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    arrival          INTEGER      NOT NULL,
    visits           BIGINT       NOT NULL,
    response_seconds BIGINT       NOT NULL,
    PRIMARY KEY (month, zone, technician, status, arrival)
);
--bun:split
CREATE TABLE IF NOT EXISTS netops_plans (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    name          TEXT         NOT NULL DEFAULT '',
    target_kind   VARCHAR(16)  NOT NULL DEFAULT '',
    target_site   VARCHAR(255) NOT NULL DEFAULT '',
    target_room   VARCHAR(255) NOT NULL DEFAULT '',
    target_device VARCHAR(255) NOT NULL DEFAULT '',
    frequency     VARCHAR(16)  NOT NULL DEFAULT '',
    checklist     TEXT         NOT NULL DEFAULT '[]',
    assignee      VARCHAR(255) NOT NULL DEFAULT '',
    start_on      TIMESTAMP,
    last_done     TIMESTAMP,
    next_due      TIMESTAMP,
    status        VARCHAR(16)  NOT NULL,
    note          TEXT         NOT NULL DEFAULT '',
    version       BIGINT       NOT NULL,
    created_at    TIMESTAMP,
    updated_at    TIMESTAMP
);
--bun:split
CREATE TABLE IF NOT EXISTS netops_records (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    plan_id       VARCHAR(36)  NOT NULL,
    target_kind   VARCHAR(16)  NOT NULL DEFAULT '',
    target_site   VARCHAR(255) NOT NULL DEFAULT '',
    target_room   VARCHAR(255) NOT NULL DEFAULT '',
    target_device VARCHAR(255) NOT NULL DEFAULT '',
    at            TIMESTAMP,
    inspector     VARCHAR(255) NOT NULL DEFAULT '',
    results       TEXT         NOT NULL DEFAULT '[]',
    findings      TEXT         NOT NULL DEFAULT '',
    passed        BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMP
);
--bun:split
CREATE INDEX IF NOT EXISTS netops_records_plan_ix ON netops_records (plan_id, id);
--bun:split
-- A booking, and its staff apart, one row a person, for the filter by
-- person.
CREATE TABLE IF NOT EXISTS netops_bookings (
    id         VARCHAR(36)  NOT NULL PRIMARY KEY,
    title      TEXT         NOT NULL DEFAULT '',
    department VARCHAR(255) NOT NULL DEFAULT '',
    site       VARCHAR(255) NOT NULL DEFAULT '',
    room       VARCHAR(255) NOT NULL DEFAULT '',
    start_at   TIMESTAMP    NOT NULL,
    end_at     TIMESTAMP    NOT NULL,
    mode       VARCHAR(16)  NOT NULL DEFAULT '',
    staff      TEXT         NOT NULL DEFAULT '[]',
    status     VARCHAR(16)  NOT NULL,
    note       TEXT         NOT NULL DEFAULT '',
    version    BIGINT       NOT NULL,
    created_at TIMESTAMP,
    updated_at TIMESTAMP
);
--bun:split
CREATE INDEX IF NOT EXISTS netops_bookings_start_ix ON netops_bookings (start_at, id);
--bun:split
CREATE TABLE IF NOT EXISTS netops_booking_staff (
    booking_id VARCHAR(36)  NOT NULL,
    ord        INTEGER      NOT NULL,
    person     VARCHAR(255) NOT NULL,
    PRIMARY KEY (booking_id, ord)
);
--bun:split
CREATE INDEX IF NOT EXISTS netops_booking_staff_person_ix ON netops_booking_staff (person, booking_id);
--bun:split
CREATE TABLE IF NOT EXISTS netops_shifts (
    id         VARCHAR(36)  NOT NULL PRIMARY KEY,
    person     VARCHAR(255) NOT NULL,
    role       TEXT         NOT NULL DEFAULT '',
    start_at   TIMESTAMP    NOT NULL,
    end_at     TIMESTAMP    NOT NULL,
    status     VARCHAR(16)  NOT NULL,
    note       TEXT         NOT NULL DEFAULT '',
    version    BIGINT       NOT NULL,
    created_at TIMESTAMP,
    updated_at TIMESTAMP
);
--bun:split
CREATE INDEX IF NOT EXISTS netops_shifts_start_ix ON netops_shifts (start_at, id);
--bun:split
CREATE TABLE IF NOT EXISTS netops_devices (
    id              VARCHAR(36)  NOT NULL PRIMARY KEY,
    asset_tag       VARCHAR(255) NOT NULL,
    name            TEXT         NOT NULL DEFAULT '',
    kind            VARCHAR(16)  NOT NULL DEFAULT '',
    site            VARCHAR(255) NOT NULL DEFAULT '',
    room            VARCHAR(255) NOT NULL DEFAULT '',
    vendor          TEXT         NOT NULL DEFAULT '',
    model           TEXT         NOT NULL DEFAULT '',
    serial          TEXT         NOT NULL DEFAULT '',
    purchased_on    TIMESTAMP,
    end_of_life     TIMESTAMP,
    repl_planned_on TIMESTAMP,
    repl_model      TEXT         NOT NULL DEFAULT '',
    repl_note       TEXT         NOT NULL DEFAULT '',
    status          VARCHAR(16)  NOT NULL,
    note            TEXT         NOT NULL DEFAULT '',
    version         BIGINT       NOT NULL,
    created_at      TIMESTAMP,
    updated_at      TIMESTAMP
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS netops_devices_tag_uq ON netops_devices (asset_tag);
--bun:split
-- The trail of every aggregate: an event ID is unique across all of them,
-- and so is an event's (subject, seq).
CREATE TABLE IF NOT EXISTS netops_events (
    id          VARCHAR(36) NOT NULL PRIMARY KEY,
    subject_id  VARCHAR(36) NOT NULL,
    seq         BIGINT      NOT NULL,
    type        VARCHAR(32) NOT NULL,
    actor       TEXT        NOT NULL DEFAULT '',
    actor_dept  TEXT        NOT NULL DEFAULT '',
    at          TIMESTAMP,
    from_status VARCHAR(32) NOT NULL DEFAULT '',
    to_status   VARCHAR(32) NOT NULL DEFAULT '',
    department  TEXT        NOT NULL DEFAULT '',
    note        TEXT        NOT NULL DEFAULT '',
    attachments TEXT        NOT NULL DEFAULT '[]'
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS netops_events_seq_uq ON netops_events (subject_id, seq);
--bun:split
-- The generation of each guarded scope (see netops.Guard): a write that
-- holds one moves it on with UPDATE … WHERE scope = ? AND gen = ?.
CREATE TABLE IF NOT EXISTS netops_generations (
    scope VARCHAR(64) NOT NULL PRIMARY KEY,
    gen   BIGINT      NOT NULL
);
