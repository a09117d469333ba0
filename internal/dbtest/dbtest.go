// Package dbtest opens isolated SQLite, PostgreSQL and MySQL test databases.
//
// SQLite is always available (a file in t.TempDir()). PostgreSQL and MySQL
// come from GOVOPS_TEST_PG_DSN (postgres://…) and GOVOPS_TEST_MYSQL_DSN
// (mysql://…); each test gets its own schema or database, dropped when it
// ends. When a variable is unset the test is skipped with a message saying
// which one, except on CI (CI=true), where it fails instead.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/dbopen"
)

// Environment variables read by Open.
const (
	EnvPostgres = "GOVOPS_TEST_PG_DSN"
	EnvMySQL    = "GOVOPS_TEST_MYSQL_DSN"
	// EnvConformanceDir names a folder in which Record leaves one file per
	// conformance suite and dialect that passed, so that CI can prove the
	// suites really ran on PostgreSQL and MySQL.
	EnvConformanceDir = "GOVOPS_CONFORMANCE_DIR"
)

// Dialects lists the dialects every bun adapter is tested on.
func Dialects() []string { return []string{dbopen.SQLite, dbopen.Postgres, dbopen.MySQL} }

// BenchDialects lists the dialects the bun adapters' benchmarks run on:
// SQLite always, PostgreSQL when GOVOPS_TEST_PG_DSN is set. Unlike DSN, it
// neither skips nor fails for want of a server, so that a benchmark run on
// a bare machine still measures SQLite.
func BenchDialects() []string {
	ds := []string{dbopen.SQLite}
	if os.Getenv(EnvPostgres) != "" {
		ds = append(ds, dbopen.Postgres)
	}
	return ds
}

// DSN returns the base DSN for dialect, skipping (or, on CI, failing) tb
// when its variable is unset.
func DSN(tb testing.TB, dialect string) string {
	tb.Helper()
	env := ""
	switch dialect {
	case dbopen.SQLite:
		return filepath.Join(tb.TempDir(), "test.db")
	case dbopen.Postgres:
		env = EnvPostgres
	case dbopen.MySQL:
		env = EnvMySQL
	default:
		tb.Fatalf("dbtest: unknown dialect %q", dialect)
	}
	dsn := os.Getenv(env)
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("dbtest: %s is not set; CI requires %s tests to run", env, dialect)
		}
		tb.Skipf("dbtest: %s is not set; skipping %s (set it to run against a real server)", env, dialect)
	}
	return dsn
}

// Open returns a database of dialect that no other test shares, and closes
// and drops it when tb ends.
func Open(tb testing.TB, dialect string) *bun.DB {
	tb.Helper()
	db, _ := OpenDSN(tb, dialect)
	return db
}

// OpenDSN is Open, and also returns the DSN of the database it opened, so
// that another process (a child the test kills) can open it too.
func OpenDSN(tb testing.TB, dialect string) (*bun.DB, string) {
	tb.Helper()
	dsn := DSN(tb, dialect)
	if dialect == dbopen.SQLite {
		db, err := dbopen.Open(dsn)
		if err != nil {
			tb.Fatalf("dbtest: %v", err)
		}
		tb.Cleanup(func() { db.Close() })
		return db, dsn
	}
	name := "govops_t_" + randomSuffix(tb)
	admin, err := dbopen.Open(dsn)
	if err != nil {
		tb.Fatalf("dbtest: open %s: %v", dialect, err)
	}
	ctx := context.Background()
	var isolated string
	switch dialect {
	case dbopen.Postgres:
		if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+name); err != nil {
			admin.Close()
			tb.Fatalf("dbtest: create schema: %v", err)
		}
		isolated = withQuery(tb, dsn, "search_path", name)
	case dbopen.MySQL:
		if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name+" CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"); err != nil {
			admin.Close()
			tb.Fatalf("dbtest: create database: %v", err)
		}
		u, err := url.Parse(dsn)
		if err != nil {
			tb.Fatalf("dbtest: %s: %v", EnvMySQL, err)
		}
		u.Path = "/" + name
		isolated = u.String()
	}
	db, err := dbopen.Open(isolated)
	if err != nil {
		admin.Close()
		tb.Fatalf("dbtest: open isolated %s: %v", dialect, err)
	}
	tb.Cleanup(func() {
		db.Close()
		defer admin.Close()
		stmt := "DROP DATABASE IF EXISTS " + name
		if dialect == dbopen.Postgres {
			stmt = "DROP SCHEMA IF EXISTS " + name + " CASCADE"
		}
		if _, err := admin.ExecContext(context.Background(), stmt); err != nil {
			tb.Errorf("dbtest: drop %s: %v", name, err)
		}
	})
	return db, isolated
}

// Record notes that suite passed on dialect, in the folder named by
// GOVOPS_CONFORMANCE_DIR (nothing happens when it is unset). Call it with
// t.Cleanup after the suite, so that only a passing, unskipped run counts.
func Record(tb testing.TB, suite, dialect string) {
	tb.Helper()
	dir := os.Getenv(EnvConformanceDir)
	if dir == "" || tb.Failed() || tb.Skipped() {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Errorf("dbtest: %v", err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, suite+"-"+dialect), []byte("passed\n"), 0o644); err != nil {
		tb.Errorf("dbtest: %v", err)
	}
}

func withQuery(tb testing.TB, dsn, key, value string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		tb.Fatalf("dbtest: %v", err)
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

func randomSuffix(tb testing.TB) string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		tb.Fatalf("dbtest: %v", err)
	}
	return strings.ToLower(hex.EncodeToString(b[:]))
}

// Name returns a subtest name for dialect, for use with t.Run.
func Name(dialect string) string { return fmt.Sprintf("dialect=%s", dialect) }

// RequireConcurrentMigrate runs migrate four times at once on one fresh
// database of dialect, each as a new Store would, and fails tb unless
// every run succeeds and no row is left in the migration locks table
// locks: the check every bun adapter makes of its migrations.
func RequireConcurrentMigrate(tb testing.TB, dialect string, locks string, migrate func(ctx context.Context, db *bun.DB) error) {
	tb.Helper()
	db := Open(tb, dialect)
	ctx := tb.Context()
	errs := make([]error, 4)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() { errs[i] = migrate(ctx, db) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			tb.Fatalf("Migrate %d: %v", i, err)
		}
	}
	n, err := db.NewSelect().TableExpr(locks).Count(ctx)
	if err != nil || n != 0 {
		tb.Fatalf("%d migration locks left behind (%v)", n, err)
	}
}
