// Package bunstore is what every govops bun adapter shares, so that each
// one holds only the rows and queries of its own domain:
//
//   - Errors: the one mapping of database failures onto govops codes;
//   - Table and Versioned: prepared single-row inserts, and the versioned
//     "UPDATE … WHERE id = ? AND version = ?" that appends the aggregate's
//     events in the same transaction, telling ENOTFOUND from ECONFLICT;
//   - InsertChunked: multi-row inserts in chunks that every dialect accepts;
//   - FromRows: the rows of a listing converted, each by the adapter's
//     fromRow;
//   - Migrate: embedded SQL migrations in the adapter's own tables, with a
//     lock that processes starting together wait for;
//   - DBTime and GoTime: how times are written and read.
//
// It holds no domain rule. Opening the database is dbopen's job.
package bunstore
