package groupcommit_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/uptrace/bun/driver/sqliteshim"

	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/dbopen/groupcommit"
)

// BenchmarkCommit writes small transactions (an insert into a table with
// two indexes) from 1 and from 16 goroutines, on a plain connection
// (dbopen.Open: one connection, one COMMIT each) and, in the same run, on a
// Connector over the same kind of file. It reports transactions a second
// and, for the Connector, the transactions each COMMIT carried; 1 writer
// shows what grouping costs a sequential workload.
func BenchmarkCommit(b *testing.B) {
	for _, writers := range []int{1, 16} {
		b.Run(fmt.Sprintf("writers=%d/plain", writers), func(b *testing.B) {
			db, err := dbopen.Open(filepath.Join(b.TempDir(), "plain.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			benchCommit(b, db.DB, writers)
		})
		b.Run(fmt.Sprintf("writers=%d/grouped", writers), func(b *testing.B) {
			db := groupcommit.OpenDB(sqliteshim.Driver(), testDSN(filepath.Join(b.TempDir(), "grouped.db")), groupcommit.Options{})
			defer db.Close()
			before := groupcommit.Of(db).Stats()
			benchCommit(b, db, writers)
			st := groupcommit.Of(db).Stats()
			if c := st.Commits - before.Commits; c > 0 {
				b.ReportMetric(float64(st.Members-before.Members)/float64(c), "tx/commit")
			}
		})
	}
}

func benchCommit(b *testing.B, db *sql.DB, writers int) {
	ctx := context.Background()
	for _, q := range []string{
		"CREATE TABLE e (id INTEGER PRIMARY KEY, k TEXT NOT NULL, at INTEGER NOT NULL, body TEXT NOT NULL)",
		"CREATE UNIQUE INDEX e_k ON e (k)",
		"CREATE INDEX e_at ON e (at, id)",
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1)
				if i > int64(b.N) {
					return
				}
				tx, err := db.BeginTx(ctx, nil)
				if err != nil {
					b.Error(err)
					return
				}
				if _, err := tx.ExecContext(ctx, "INSERT INTO e (k, at, body) VALUES (?, ?, ?)", fmt.Sprint("k", i), i, "跃进路口路灯不亮"); err != nil {
					tx.Rollback()
					b.Error(err)
					return
				}
				if err := tx.Commit(); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
}
