package bunstore

import (
	"context"
	"reflect"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
)

// MaxChunkRows is the most rows one INSERT of InsertChunked carries. bun
// inlines the values into the SQL text, so beyond the bind-parameter limit
// the bound is the statement's size: a thousand rows of a few hundred bytes
// each stay far below every server's packet limit.
const MaxChunkRows = 1000

// ChunkRows returns how many rows of cols columns one INSERT may carry on
// dialect d: at most MaxChunkRows, and few enough that rows×cols stays
// under the dialect's limit of bind parameters (SQLite 32,766; PostgreSQL
// and MySQL 65,535), so that the chunks stay valid should the values ever
// be bound rather than inlined.
func ChunkRows(d dialect.Name, cols int) int {
	limit := 65535
	if d == dialect.SQLite {
		limit = 32766
	}
	return max(1, min(MaxChunkRows, limit/max(1, cols)))
}

// InsertChunked inserts rows, a slice of a bun row struct, with multi-row
// INSERTs of ChunkRows rows each. Inside a transaction (db a bun.Tx) it
// runs there, so that the caller's other statements commit or roll back
// with it. Given the *bun.DB and more than one chunk, it runs them in one
// transaction of its own, so that a batch is stored whole or not at all; a
// single chunk is one statement, atomic by itself. Errors are returned
// unmapped, for the caller to pass to its Errors with its own messages.
func InsertChunked[R any](ctx context.Context, db bun.IDB, rows []R) error {
	if len(rows) == 0 {
		return nil
	}
	cols := len(db.Dialect().Tables().Get(reflect.TypeFor[R]()).Fields)
	n := ChunkRows(db.Dialect().Name(), cols)
	insert := func(ctx context.Context, db bun.IDB) error {
		for start := 0; start < len(rows); start += n {
			chunk := rows[start:min(start+n, len(rows))]
			if _, err := db.NewInsert().Model(&chunk).Exec(ctx); err != nil {
				return err
			}
		}
		return nil
	}
	if bdb, ok := db.(*bun.DB); ok && len(rows) > n {
		return bdb.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error { return insert(ctx, tx) })
	}
	return insert(ctx, db)
}
