package bunstore_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/govops-kit/govops/internal/bunstore"
)

func TestChunkRows(t *testing.T) {
	tests := []struct {
		dialect dialect.Name
		cols    int
		want    int
	}{
		{dialect.SQLite, 4, 1000},
		{dialect.SQLite, 40, 819}, // 32,766 / 40
		{dialect.PG, 40, 1000},
		{dialect.PG, 100, 655}, // 65,535 / 100
		{dialect.MySQL, 200, 327},
		{dialect.MySQL, 100_000, 1},
	}
	for _, tt := range tests {
		if got := bunstore.ChunkRows(tt.dialect, tt.cols); got != tt.want {
			t.Errorf("ChunkRows(%s, %d) = %d, want %d", tt.dialect, tt.cols, got, tt.want)
		}
	}
}

// insertCounter counts the INSERT statements into kit_bulk.
type insertCounter struct{ n atomic.Int64 }

func (c *insertCounter) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	return ctx
}

func (c *insertCounter) AfterQuery(_ context.Context, e *bun.QueryEvent) {
	if strings.HasPrefix(e.Query, "INSERT INTO ") && strings.Contains(e.Query[:40], "kit_bulk") {
		c.n.Add(1)
	}
}

// bulk returns n rows of batch with ids from first.
func bulk(batch string, first, n int) []bulkRow {
	rows := make([]bulkRow, n)
	for i := range rows {
		id := int64(first + i)
		rows[i] = bulkRow{ID: id, Batch: batch, A: id * 7, B: fmt.Sprintf("row %d", id)}
	}
	return rows
}

func countBatch(tb testing.TB, db bun.IDB, batch string) int {
	tb.Helper()
	n, err := db.NewSelect().Model((*bulkRow)(nil)).Where("batch = ?", batch).Count(tb.Context())
	if err != nil {
		tb.Fatal(err)
	}
	return int(n)
}

func TestInsertChunked(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d string) {
		counter := &insertCounter{}
		db := MustOpenDB(t, d).WithQueryHook(counter)
		ctx := t.Context()

		t.Run("OverTheParameterLimit", func(t *testing.T) {
			// 20,000 rows of 4 columns are 80,000 values: one statement
			// could not bind them in any dialect.
			rows := bulk("big", 1, 20_000)
			counter.n.Store(0)
			if err := bunstore.InsertChunked(ctx, db, rows); err != nil {
				t.Fatal(err)
			}
			if n := countBatch(t, db, "big"); n != len(rows) {
				t.Fatalf("%d rows stored, want %d", n, len(rows))
			}
			chunk := bunstore.ChunkRows(db.Dialect().Name(), 4)
			if want := int64((len(rows) + chunk - 1) / chunk); counter.n.Load() != want {
				t.Fatalf("%d INSERT statements, want %d of at most %d rows", counter.n.Load(), want, chunk)
			}
		})
		t.Run("ErrTakenStoresNothing", func(t *testing.T) {
			// The last chunk repeats a stored id: the whole batch, begun in
			// its own transaction, is rolled back.
			rows := append(bulk("dup", 100_001, 2_500), bulkRow{ID: 1, Batch: "dup"})
			err := bunstore.InsertChunked(ctx, db, rows)
			if !bunstore.IsUniqueViolation(err) {
				t.Fatalf("InsertChunked of a taken id: %v, want a unique violation", err)
			}
			if n := countBatch(t, db, "dup"); n != 0 {
				t.Fatalf("%d rows of a refused batch were kept", n)
			}
		})
		t.Run("InCallersTransaction", func(t *testing.T) {
			errRollback := errors.New("roll back")
			err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
				if err := bunstore.InsertChunked(ctx, tx, bulk("tx", 200_001, 1_500)); err != nil {
					return err
				}
				if n := countBatch(t, tx, "tx"); n != 1_500 {
					t.Errorf("%d rows visible inside the transaction, want 1500", n)
				}
				return errRollback
			})
			if err != errRollback {
				t.Fatal(err)
			}
			if n := countBatch(t, db, "tx"); n != 0 {
				t.Fatalf("%d rows outlived the caller's rollback", n)
			}
		})
		t.Run("Empty", func(t *testing.T) {
			if err := bunstore.InsertChunked[bulkRow](ctx, db, nil); err != nil {
				t.Fatal(err)
			}
		})
	})
}
