-- refserver audit log for SQLite: one row per change made through the
-- server or the command line, never edited. Every statement is idempotent.
-- Times are UTC.
--
-- Every write request inserts a row, so the table has as few trees as the
-- listing needs. The primary key is the listing's own order, (occurred_at,
-- id), newest first read backwards, and the keyset cursor's; WITHOUT ROWID
-- keeps the rows in that tree rather than in a rowid tree beside it. The
-- two indexes serve the listing by actor and by token, each ending (as
-- every index of a WITHOUT ROWID table does) in the primary key. The
-- subject and method filters have no index: they read the primary key
-- newest first.
CREATE TABLE IF NOT EXISTS refserver_audit (
    id          VARCHAR(36)   NOT NULL,
    occurred_at TIMESTAMP     NOT NULL,
    request_id  VARCHAR(128)  NOT NULL DEFAULT '',
    token_id    VARCHAR(36)   NOT NULL DEFAULT '',
    actor       VARCHAR(255)  NOT NULL,
    role        VARCHAR(64)   NOT NULL DEFAULT '',
    department  VARCHAR(64)   NOT NULL DEFAULT '',
    method      VARCHAR(64)   NOT NULL DEFAULT '',
    route       VARCHAR(255)  NOT NULL DEFAULT '',
    path        VARCHAR(1024) NOT NULL DEFAULT '',
    status      INTEGER       NOT NULL,
    subject     VARCHAR(255)  NOT NULL DEFAULT '',
    PRIMARY KEY (occurred_at, id)
) WITHOUT ROWID;
--bun:split
CREATE INDEX IF NOT EXISTS refserver_audit_actor ON refserver_audit (actor, occurred_at, id);
--bun:split
CREATE INDEX IF NOT EXISTS refserver_audit_token ON refserver_audit (token_id, occurred_at, id);
