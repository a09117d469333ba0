-- netops schema for MySQL 5.7+/8, MariaDB 10.3+ (and TiDB, OceanBase).
-- MySQL commits DDL implicitly, so the migration cannot run in a
-- transaction; instead every statement is idempotent: each table is created
-- with its indexes in one CREATE TABLE IF NOT EXISTS. Times are DATETIME(6)
-- in UTC; NULL means "not set". Lists are JSON text.
--
-- Codes are VARBINARY: compared and ordered as bytes, exactly. A
-- utf8mb4_bin VARCHAR would be byte-ordered too, but it pads with spaces, so
-- that "XZDL" and "XZDL " would be one code. Other text is utf8mb4_bin.
CREATE TABLE IF NOT EXISTS netops_sites (
    id         VARCHAR(36)  NOT NULL,
    code       VARBINARY(255) NOT NULL,
    name       TEXT         NOT NULL,
    zone       VARCHAR(16)  NOT NULL DEFAULT '',
    address    TEXT         NOT NULL,
    rooms      TEXT         NOT NULL,
    note       TEXT         NOT NULL,
    version    BIGINT       NOT NULL,
    created_at DATETIME(6),
    updated_at DATETIME(6),
    PRIMARY KEY (id),
    UNIQUE KEY netops_sites_code_uq (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
CREATE TABLE IF NOT EXISTS netops_units (
    id         VARCHAR(36)  NOT NULL,
    unit       VARBINARY(255) NOT NULL,
    site       VARBINARY(255) NOT NULL DEFAULT '',
    room       VARBINARY(255) NOT NULL DEFAULT '',
    note       TEXT         NOT NULL,
    version    BIGINT       NOT NULL,
    created_at DATETIME(6),
    updated_at DATETIME(6),
    PRIMARY KEY (id),
    UNIQUE KEY netops_units_unit_uq (unit),
    KEY netops_units_site_ix (site, unit)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- A link. circuit_id is NULL when the link has none, so that the unique
-- index holds (carrier, circuit_id) only for the links that have one.
CREATE TABLE IF NOT EXISTS netops_links (
    id                VARCHAR(36)  NOT NULL,
    unit              VARBINARY(255) NOT NULL,
    site              VARBINARY(255) NOT NULL DEFAULT '',
    room              VARBINARY(255) NOT NULL DEFAULT '',
    carrier           VARBINARY(255) NOT NULL DEFAULT '',
    circuit_id        VARBINARY(255),
    type              VARCHAR(16)  NOT NULL,
    via_extranet      BOOLEAN      NOT NULL DEFAULT FALSE,
    network           VARBINARY(255) NOT NULL DEFAULT '',
    bandwidth_mbps    BIGINT       NOT NULL DEFAULT 0,
    vlan              INTEGER      NOT NULL DEFAULT 0,
    prefixes          TEXT         NOT NULL,
    status            VARCHAR(16)  NOT NULL,
    planned_at        DATETIME(6),
    provisioning_at   DATETIME(6),
    active_at         DATETIME(6),
    deprovisioning_at DATETIME(6),
    decommissioned_at DATETIME(6),
    note              TEXT         NOT NULL,
    version           BIGINT       NOT NULL,
    created_at        DATETIME(6),
    updated_at        DATETIME(6),
    PRIMARY KEY (id),
    UNIQUE KEY netops_links_circuit_uq (carrier, circuit_id),
    KEY netops_links_unit_ix (unit, id),
    KEY netops_links_connected_ix (type, status, unit)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- Each prefix of a live link, as the range [lo, hi] of its addresses (4
-- bytes for IPv4, 16 for IPv6, big-endian) in its address space: the
-- prefixes that overlap p are those whose lo lies in p, and p's ancestors,
-- each found by the index. unit and status are the link's, rewritten with
-- it; a decommissioned link has no rows.
CREATE TABLE IF NOT EXISTS netops_link_prefixes (
    link_id VARCHAR(36)  NOT NULL,
    ord     INTEGER      NOT NULL,
    space   VARBINARY(255) NOT NULL,
    family  INTEGER      NOT NULL,
    lo      VARBINARY(16)         NOT NULL,
    hi      VARBINARY(16)         NOT NULL,
    bits    INTEGER      NOT NULL,
    unit    VARBINARY(255) NOT NULL,
    status  VARCHAR(16)  NOT NULL,
    PRIMARY KEY (link_id, ord),
    KEY netops_link_prefixes_lo_ix (space, family, lo, bits)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
CREATE TABLE IF NOT EXISTS netops_networks (
    id         VARCHAR(36)  NOT NULL,
    code       VARBINARY(255) NOT NULL,
    name       TEXT         NOT NULL,
    authority  TEXT         NOT NULL,
    ic_mode    VARCHAR(16)  NOT NULL DEFAULT '',
    ic_site    VARBINARY(255) NOT NULL DEFAULT '',
    ic_room    VARBINARY(255) NOT NULL DEFAULT '',
    ic_since   DATETIME(6),
    ic_note    TEXT         NOT NULL,
    status     VARCHAR(16)  NOT NULL,
    note       TEXT         NOT NULL,
    version    BIGINT       NOT NULL,
    created_at DATETIME(6),
    updated_at DATETIME(6),
    PRIMARY KEY (id),
    UNIQUE KEY netops_networks_code_uq (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
CREATE TABLE IF NOT EXISTS netops_unit_migrations (
    id          VARCHAR(36)  NOT NULL,
    unit        VARBINARY(255) NOT NULL,
    from_site   VARBINARY(255) NOT NULL DEFAULT '',
    from_room   VARBINARY(255) NOT NULL DEFAULT '',
    to_site     VARBINARY(255) NOT NULL DEFAULT '',
    to_room     VARBINARY(255) NOT NULL DEFAULT '',
    planned_for DATETIME(6),
    plan        TEXT         NOT NULL,
    cutover_at  DATETIME(6),
    verified_at DATETIME(6),
    verified_by VARBINARY(255) NOT NULL DEFAULT '',
    status      VARCHAR(16)  NOT NULL,
    note        TEXT         NOT NULL,
    version     BIGINT       NOT NULL,
    created_at  DATETIME(6),
    updated_at  DATETIME(6),
    PRIMARY KEY (id),
    KEY netops_unit_migrations_unit_ix (unit, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- A visit. arrival is 0 while it has not arrived, 1 on time, 2 late, and
-- response_seconds its whole seconds to arrive, for VisitGroups.
-- The visits not arrived, in the order VisitGroups groups them, with their
-- status and due time: its count of the overdue reads them alone, and
-- sorts nothing.
CREATE TABLE IF NOT EXISTS netops_visits (
    id               VARCHAR(36)  NOT NULL,
    ticket_kind      VARCHAR(16)  NOT NULL DEFAULT '',
    ticket_ref       VARBINARY(255) NOT NULL DEFAULT '',
    unit             VARBINARY(255) NOT NULL,
    zone             VARCHAR(16)  NOT NULL DEFAULT '',
    technician       VARBINARY(255) NOT NULL DEFAULT '',
    summary          TEXT         NOT NULL,
    contact          TEXT         NOT NULL,
    contact_phone    TEXT         NOT NULL,
    reported_at      DATETIME(6),
    sla_minutes      INTEGER      NOT NULL DEFAULT 0,
    due_at           DATETIME(6),
    arrived_at       DATETIME(6),
    resolved_at      DATETIME(6),
    month            VARCHAR(7)   NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    arrival          INTEGER      NOT NULL DEFAULT 0,
    response_seconds BIGINT       NOT NULL DEFAULT 0,
    note             TEXT         NOT NULL,
    version          BIGINT       NOT NULL,
    created_at       DATETIME(6),
    updated_at       DATETIME(6),
    PRIMARY KEY (id),
    KEY netops_visits_reported_ix (reported_at),
    KEY netops_visits_unit_ix (unit, reported_at),
    KEY netops_visits_ticket_ix (ticket_ref),
    KEY netops_visits_overdue_ix (arrival, month, zone, technician, status, due_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- The count of the visits of each month, zone, technician, status and
-- arrival, and their response seconds, kept in the transaction of every
-- write of a visit: VisitGroups of whole months reads these rows rather
-- than the visits.
CREATE TABLE IF NOT EXISTS netops_visit_counts (
    month            VARCHAR(7)   NOT NULL,
    zone             VARCHAR(16)  NOT NULL,
    technician       VARBINARY(255) NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    arrival          INTEGER      NOT NULL,
    visits           BIGINT       NOT NULL,
    response_seconds BIGINT       NOT NULL,
    PRIMARY KEY (month, zone, technician, status, arrival)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
CREATE TABLE IF NOT EXISTS netops_plans (
    id            VARCHAR(36)  NOT NULL,
    name          TEXT         NOT NULL,
    target_kind   VARCHAR(16)  NOT NULL DEFAULT '',
    target_site   VARBINARY(255) NOT NULL DEFAULT '',
    target_room   VARBINARY(255) NOT NULL DEFAULT '',
    target_device VARBINARY(255) NOT NULL DEFAULT '',
    frequency     VARCHAR(16)  NOT NULL DEFAULT '',
    checklist     TEXT         NOT NULL,
    assignee      VARBINARY(255) NOT NULL DEFAULT '',
    start_on      DATETIME(6),
    last_done     DATETIME(6),
    next_due      DATETIME(6),
    status        VARCHAR(16)  NOT NULL,
    note          TEXT         NOT NULL,
    version       BIGINT       NOT NULL,
    created_at    DATETIME(6),
    updated_at    DATETIME(6),
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
CREATE TABLE IF NOT EXISTS netops_records (
    id            VARCHAR(36)  NOT NULL,
    plan_id       VARCHAR(36)  NOT NULL,
    target_kind   VARCHAR(16)  NOT NULL DEFAULT '',
    target_site   VARBINARY(255) NOT NULL DEFAULT '',
    target_room   VARBINARY(255) NOT NULL DEFAULT '',
    target_device VARBINARY(255) NOT NULL DEFAULT '',
    at            DATETIME(6),
    inspector     VARBINARY(255) NOT NULL DEFAULT '',
    results       TEXT         NOT NULL,
    findings      TEXT         NOT NULL,
    passed        BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at    DATETIME(6),
    PRIMARY KEY (id),
    KEY netops_records_plan_ix (plan_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- A booking, and its staff apart, one row a person, for the filter by
-- person.
CREATE TABLE IF NOT EXISTS netops_bookings (
    id         VARCHAR(36)  NOT NULL,
    title      TEXT         NOT NULL,
    department VARBINARY(255) NOT NULL DEFAULT '',
    site       VARBINARY(255) NOT NULL DEFAULT '',
    room       VARBINARY(255) NOT NULL DEFAULT '',
    start_at   DATETIME(6)    NOT NULL,
    end_at     DATETIME(6)    NOT NULL,
    mode       VARCHAR(16)  NOT NULL DEFAULT '',
    staff      TEXT         NOT NULL,
    status     VARCHAR(16)  NOT NULL,
    note       TEXT         NOT NULL,
    version    BIGINT       NOT NULL,
    created_at DATETIME(6),
    updated_at DATETIME(6),
    PRIMARY KEY (id),
    KEY netops_bookings_start_ix (start_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
CREATE TABLE IF NOT EXISTS netops_booking_staff (
    booking_id VARCHAR(36)  NOT NULL,
    ord        INTEGER      NOT NULL,
    person     VARBINARY(255) NOT NULL,
    PRIMARY KEY (booking_id, ord),
    KEY netops_booking_staff_person_ix (person, booking_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
CREATE TABLE IF NOT EXISTS netops_shifts (
    id         VARCHAR(36)  NOT NULL,
    person     VARBINARY(255) NOT NULL,
    role       TEXT         NOT NULL,
    start_at   DATETIME(6)    NOT NULL,
    end_at     DATETIME(6)    NOT NULL,
    status     VARCHAR(16)  NOT NULL,
    note       TEXT         NOT NULL,
    version    BIGINT       NOT NULL,
    created_at DATETIME(6),
    updated_at DATETIME(6),
    PRIMARY KEY (id),
    KEY netops_shifts_start_ix (start_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
CREATE TABLE IF NOT EXISTS netops_devices (
    id              VARCHAR(36)  NOT NULL,
    asset_tag       VARBINARY(255) NOT NULL,
    name            TEXT         NOT NULL,
    kind            VARCHAR(16)  NOT NULL DEFAULT '',
    site            VARBINARY(255) NOT NULL DEFAULT '',
    room            VARBINARY(255) NOT NULL DEFAULT '',
    vendor          TEXT         NOT NULL,
    model           TEXT         NOT NULL,
    serial          TEXT         NOT NULL,
    purchased_on    DATETIME(6),
    end_of_life     DATETIME(6),
    repl_planned_on DATETIME(6),
    repl_model      TEXT         NOT NULL,
    repl_note       TEXT         NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    note            TEXT         NOT NULL,
    version         BIGINT       NOT NULL,
    created_at      DATETIME(6),
    updated_at      DATETIME(6),
    PRIMARY KEY (id),
    UNIQUE KEY netops_devices_tag_uq (asset_tag)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- The trail of every aggregate: an event ID is unique across all of them,
-- and so is an event's (subject, seq).
CREATE TABLE IF NOT EXISTS netops_events (
    id          VARCHAR(36) NOT NULL,
    subject_id  VARCHAR(36) NOT NULL,
    seq         BIGINT      NOT NULL,
    type        VARCHAR(32) NOT NULL,
    actor       TEXT        NOT NULL,
    actor_dept  TEXT        NOT NULL,
    at          DATETIME(6),
    from_status VARCHAR(32) NOT NULL DEFAULT '',
    to_status   VARCHAR(32) NOT NULL DEFAULT '',
    department  TEXT        NOT NULL,
    note        TEXT        NOT NULL,
    attachments TEXT        NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY netops_events_seq_uq (subject_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
-- The generation of each guarded scope (see netops.Guard): a write that
-- holds one moves it on with UPDATE … WHERE scope = ? AND gen = ?.
CREATE TABLE IF NOT EXISTS netops_generations (
    scope VARCHAR(64) NOT NULL,
    gen   BIGINT      NOT NULL,
    PRIMARY KEY (scope)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
