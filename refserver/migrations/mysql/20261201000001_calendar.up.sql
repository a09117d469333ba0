-- refserver calendar tables for MySQL and MariaDB: the State Council
-- notices and district overrides that admins load through the API, one row
-- per kind and year, shared by every server on the database. A deleted
-- table keeps its row with an empty body, so that the sum of the versions
-- grows with every change and tells each server when to reload. One
-- idempotent statement, as MySQL commits DDL implicitly.
CREATE TABLE IF NOT EXISTS refserver_calendar_tables (
    kind       VARCHAR(16)  NOT NULL,
    cal_year   INT          NOT NULL,
    body       MEDIUMTEXT   NOT NULL,
    version    BIGINT       NOT NULL,
    updated_at DATETIME(6)  NOT NULL,
    updated_by VARCHAR(255) NOT NULL DEFAULT '',
    PRIMARY KEY (kind, cal_year)
) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
