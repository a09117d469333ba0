-- refserver calendar tables for SQLite: the State Council notices and
-- district overrides that admins load through the API, one row per kind
-- and year. A deleted table keeps its row with an empty body, so that the
-- sum of the versions grows with every change and tells each server when
-- to reload.
CREATE TABLE IF NOT EXISTS refserver_calendar_tables (
    kind       VARCHAR(16)  NOT NULL,
    cal_year   INTEGER      NOT NULL,
    body       TEXT         NOT NULL,
    version    INTEGER      NOT NULL,
    updated_at TIMESTAMP    NOT NULL,
    updated_by VARCHAR(255) NOT NULL DEFAULT '',
    PRIMARY KEY (kind, cal_year)
);
