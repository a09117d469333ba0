-- refserver audit log for MySQL and MariaDB: one row per change made
-- through the server or the command line, never edited. MySQL commits DDL
-- implicitly, so the migration runs outside a transaction and is one
-- idempotent statement, with its indexes declared inside CREATE TABLE.
-- utf8mb4_bin keeps actor and subject comparisons exact. Times are
-- DATETIME(6) in UTC.
--
-- Every write request inserts a row, so the table has as few indexes as
-- the listing needs. The primary key, by which InnoDB clusters the rows,
-- is the listing's own order, (occurred_at, id), newest first read
-- backwards, and the keyset cursor's; rows arrive in about that order, so
-- inserts append. The two indexes serve the listing by actor and by token
-- and end in the same columns. The subject and method filters have no
-- index: they read the primary key newest first.
CREATE TABLE IF NOT EXISTS refserver_audit (
    id          VARCHAR(36)   NOT NULL,
    occurred_at DATETIME(6)   NOT NULL,
    request_id  VARCHAR(128)  NOT NULL DEFAULT '',
    token_id    VARCHAR(36)   NOT NULL DEFAULT '',
    actor       VARCHAR(255)  NOT NULL,
    role        VARCHAR(64)   NOT NULL DEFAULT '',
    department  VARCHAR(64)   NOT NULL DEFAULT '',
    method      VARCHAR(64)   NOT NULL DEFAULT '',
    route       VARCHAR(255)  NOT NULL DEFAULT '',
    path        VARCHAR(1024) NOT NULL DEFAULT '',
    status      INT           NOT NULL,
    subject     VARCHAR(255)  NOT NULL DEFAULT '',
    PRIMARY KEY (occurred_at, id),
    KEY refserver_audit_actor (actor, occurred_at, id),
    KEY refserver_audit_token (token_id, occurred_at, id)
) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
