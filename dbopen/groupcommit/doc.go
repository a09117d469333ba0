// Package groupcommit commits the concurrent writes of a SQLite database
// together: many logical transactions, one physical COMMIT.
//
// SQLite writes through one connection at a time, and on a busy server
// every small transaction pays its own COMMIT: the WAL frames of every page
// it touched, in its table and in each index, written again by the next
// transaction that touches the same pages. A Connector puts many logical
// connections (the *sql.DB pool) over ONE physical connection. Each logical
// transaction takes an exclusive turn on it and runs inside the physical
// transaction the group has open; on Commit it hands the turn on and
// waits. The holder of the turn that finds nobody waiting (after a short
// linger, see Options.Linger), or the group full or old, COMMITs, and
// every member then returns that COMMIT's result. Nobody is told
// "committed" before the COMMIT that holds its writes has returned, so
// durability is what the physical connection's settings give (WAL with
// synchronous=NORMAL in dbopen: a process killed at any moment keeps every
// acknowledged write).
//
// It is transparent to code written against database/sql or bun:
//
//   - A member that fails, or whose code rolls back, is undone alone: the
//     physical transaction is rolled back and the statements of the other
//     members, which the group keeps, run again (see log.go for why this
//     beats a SAVEPOINT per member, and what the replay checks). A UNIQUE
//     violation or an ECONFLICT of one member never fails another.
//   - A statement outside a transaction (Exec, Query, a prepared
//     statement) takes a turn too. A write joins the open group and returns
//     after its COMMIT; with no group open and nobody waiting it runs in
//     SQLite's own autocommit, as without this package.
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
//   - Checkpoints of the WAL run on a connection of their own instead of
//     inside a COMMIT (see checkpointer).
//
// A request that makes several writes in a row (its change, then its
// audit event) would wait for a COMMIT after each. With a context from
// WithUnit its writes do not wait; the Unit's Wait does, once, for every
// group they joined, and returns the first failure. Writes close together
// usually share a group, and so a COMMIT.
//
// A *sql.Conn is a logical connection too: it does not keep the physical
// connection between its calls, so connection state (last_insert_rowid(),
// a TEMP table, a PRAGMA) is shared by every logical connection, as it is
// with database/sql over a single SQLite connection; Result.LastInsertId
// and transactions are the ways to keep a result to oneself.
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
