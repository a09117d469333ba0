// Package groupcommit commits the concurrent writes of a SQLite database
// together: many logical transactions, one physical COMMIT.
//
// SQLite writes through one connection at a time, and on a busy server
// every small transaction pays its own COMMIT: the WAL frames of every page
// it touched, in its table and in each index, written again by the next
// transaction that touches the same pages. A Connector puts many logical
// connections (the *sql.DB pool) over ONE physical connection. Each logical
// transaction takes an exclusive turn on it, runs inside the physical
// transaction the group has open, and on Commit hands the turn on and
// waits: the holder of the turn that finds nobody waiting (or the group
// full, or old) COMMITs, and every member then returns that COMMIT's
// result. Nobody is told "committed" before the COMMIT that holds its
// writes has returned, so durability is what the physical connection's
// settings give (WAL with synchronous=NORMAL in dbopen: a process killed
// at any moment keeps every acknowledged write).
//
// It is transparent to code written against database/sql or bun:
//
//   - A logical transaction starts a SAVEPOINT when writes of others are
//     already in the group (the first member needs none), so that its
//     Rollback, or an error its own code returns, undoes it alone: a
//     UNIQUE violation or an ECONFLICT of one member never fails another.
//   - A statement outside a transaction (Exec, Query, a prepared
//     statement) takes a turn too. A write joins the open group and returns
//     after its COMMIT; with no group open and nobody waiting it runs in
//     SQLite's own autocommit, as without this package. A single statement
//     is atomic in SQLite, so it needs no savepoint.
//   - Rows hold the turn until they are closed or read to the end; a write
//     that returns rows (INSERT … RETURNING) reports its group's outcome
//     from Rows.Next at the end (Rows.Err) and from Rows.Close (Row.Scan).
//   - If SQLite rolls the physical transaction back itself (an I/O error,
//     SQLITE_FULL, an interrupt, a trigger's RAISE(ROLLBACK)) or its COMMIT
//     fails, every member of the group gets the error. After any error of a
//     statement the package asks SQLite whether the transaction is still
//     open.
//   - A context that ends while waiting for a turn returns its error. Once
//     a write runs inside the group it is not interrupted by its context
//     (SQLite would roll back the whole group for an interrupted INSERT,
//     UPDATE or DELETE); reads still are.
//   - BEGIN, COMMIT, END and ROLLBACK in SQL text are refused (use
//     BeginTx); SAVEPOINT, RELEASE and ROLLBACK TO only run inside a
//     logical transaction. PRAGMA, VACUUM, ATTACH, DETACH and scripts of
//     several statements run outside any group, after the open one commits.
//
// Reads see what the members already released into the open group have
// written, before its COMMIT: it is the same connection. Members of one
// group commit or fail together, so a write that depends on such a read
// is never kept without what it read; only a read answered to a client can
// show data that a failed COMMIT then takes back. Deferred foreign keys
// (DEFERRABLE INITIALLY DEFERRED, PRAGMA defer_foreign_keys) are checked
// by SQLite at the COMMIT, so a member that violates one fails its whole
// group; govops declares none.
package groupcommit
