package dbtest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/dbopen"
)

// CachedSQLite returns a SQLite database seeded once and kept under
// os.TempDir() as name, for benchmarks whose fixtures take long to build.
// seed fills a fresh database; only a complete one is ever found at the
// path, so name must change whenever the schema or the seed does. The
// database is closed when tb ends.
func CachedSQLite(tb testing.TB, name string, seed func(db *bun.DB)) *bun.DB {
	tb.Helper()
	path := filepath.Join(os.TempDir(), name)
	if _, err := os.Stat(path); err != nil {
		partial := path + ".partial"
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(partial + suffix)
		}
		db, err := dbopen.Open(partial)
		if err != nil {
			tb.Fatalf("dbtest: %v", err)
		}
		seed(db)
		if _, err := db.Exec("ANALYZE"); err != nil {
			tb.Fatalf("dbtest: analyze: %v", err)
		}
		if err := db.Close(); err != nil { // checkpoints and removes the WAL
			tb.Fatalf("dbtest: %v", err)
		}
		if err := os.Rename(partial, path); err != nil {
			tb.Fatalf("dbtest: %v", err)
		}
	}
	db, err := dbopen.Open(path)
	if err != nil {
		tb.Fatalf("dbtest: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}
