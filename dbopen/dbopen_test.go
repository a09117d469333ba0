package dbopen_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/dbopen/groupcommit"
)

func TestDialect(t *testing.T) {
	tests := map[string]string{
		"postgres://u@h/db":   dbopen.Postgres,
		"postgresql://u@h/db": dbopen.Postgres,
		"mysql://root@h/db":   dbopen.MySQL,
		"govops.db":           dbopen.SQLite,
		"file:x.db?mode=ro":   dbopen.SQLite,
		"":                    dbopen.SQLite,
	}
	for dsn, want := range tests {
		if got := dbopen.Dialect(dsn); got != want {
			t.Errorf("Dialect(%q) = %s, want %s", dsn, got, want)
		}
	}
}

func TestMySQLConfig(t *testing.T) {
	cfg, err := dbopen.MySQLConfig("mysql://app:s%40cret@db.local/govops?charset=utf8mb4")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.User != "app" || cfg.Passwd != "s@cret" || cfg.Addr != "db.local:3306" || cfg.DBName != "govops" {
		t.Fatalf("config = %+v", cfg)
	}
	if !cfg.ParseTime || cfg.Loc != time.UTC || cfg.Params["charset"] != "utf8mb4" || cfg.Params["time_zone"] != "'+00:00'" {
		t.Fatalf("config = %+v, want UTC times and the given params", cfg)
	}
}

func TestOpen_SQLite(t *testing.T) {
	for name, dsn := range map[string]string{
		"Path": t.TempDir() + "/x.db",
		"File": "file:" + t.TempDir() + "/y.db",
	} {
		t.Run(name, func(t *testing.T) {
			db, err := dbopen.Open(dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if got := db.Dialect().Name().String(); got != dbopen.SQLite {
				t.Fatalf("dialect %s, want %s", got, dbopen.SQLite)
			}
			var mode string
			if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
				t.Fatalf("journal_mode = %q, %v; want wal", mode, err)
			}
			var fk int
			if err := db.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
				t.Fatalf("foreign_keys = %d, %v; want 1", fk, err)
			}
			var busy int
			if err := db.QueryRow("PRAGMA busy_timeout").Scan(&busy); err != nil || busy != 10000 {
				t.Fatalf("busy_timeout = %d, %v; want 10000", busy, err)
			}
			// 2 is MEMORY: statement journals stay in memory.
			var temp int
			if err := db.QueryRow("PRAGMA temp_store").Scan(&temp); err != nil || temp != 2 {
				t.Fatalf("temp_store = %d, %v; want 2 (memory)", temp, err)
			}
		})
	}
}

func TestOpen_ErrUnreachable(t *testing.T) {
	if _, err := dbopen.Open("postgres://nobody@127.0.0.1:1/none?sslmode=disable&dial_timeout=1s"); err == nil {
		t.Fatal("Open of a server that does not listen returned no error")
	}
	if _, err := dbopen.Open("mysql://%zz@h/db"); err == nil {
		t.Fatal("Open of an unparsable MySQL DSN returned no error")
	}
}

// TestPGConnector: a DSN the driver cannot read is an error that says
// what is wrong (the driver itself panics); the read timeout is
// PGReadTimeout unless the DSN sets one.
func TestPGConnector(t *testing.T) {
	for dsn, want := range map[string]string{
		"postgres://u@h:5432/db?sslmode=bogus":   "sslmode 'bogus' is not supported",
		"postgres://%zz":                         "invalid URL escape",
		"postgres://u@h/db?read_timeout=abc":     `invalid read_timeout duration`,
		"postgresql://u@h/db?dial_timeout=never": "dial_timeout",
	} {
		if _, err := dbopen.PGConnector(dsn); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("PGConnector(%q) = %v; want an error saying %q", dsn, err, want)
		}
		if _, err := dbopen.Open(dsn); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Open(%q) = %v; want an error saying %q", dsn, err, want)
		}
	}
	for _, dsn := range []string{"postgres://u:s3cret@h/%zz", "mysql://u:s3cret@h/%zz"} {
		if _, err := dbopen.Open(dsn); err == nil || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("Open(%q) = %v; want an error without the password", dsn, err)
		}
	}
	for dsn, want := range map[string]time.Duration{
		"postgres://u@h/db?sslmode=disable":                  dbopen.PGReadTimeout,
		"postgres://u@h/db?sslmode=disable&read_timeout=90s": 90 * time.Second,
	} {
		c, err := dbopen.PGConnector(dsn)
		if err != nil {
			t.Fatalf("PGConnector(%q): %v", dsn, err)
		}
		if got := c.Config().ReadTimeout; got != want {
			t.Errorf("PGConnector(%q): read timeout %s, want %s", dsn, got, want)
		}
	}
}

func TestOpenGrouped(t *testing.T) {
	t.Run("SQLite", func(t *testing.T) {
		db, err := dbopen.OpenGrouped(t.TempDir() + "/g.db")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if groupcommit.Of(db.DB) == nil {
			t.Fatal("OpenGrouped of a SQLite file did not group commits")
		}
		var mode string
		var fk, busy int
		if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
			t.Fatalf("journal_mode = %q, %v; want wal", mode, err)
		}
		if err := db.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
			t.Fatalf("foreign_keys = %d, %v; want 1", fk, err)
		}
		if err := db.QueryRow("PRAGMA busy_timeout").Scan(&busy); err != nil || busy != 10000 {
			t.Fatalf("busy_timeout = %d, %v; want 10000", busy, err)
		}
	})
	t.Run("Postgres", func(t *testing.T) {
		dsn := os.Getenv("GOVOPS_TEST_PG_DSN")
		if dsn == "" {
			t.Skip("GOVOPS_TEST_PG_DSN is not set")
		}
		db, err := dbopen.OpenGrouped(dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if groupcommit.Of(db.DB) != nil || db.Dialect().Name().String() != dbopen.Postgres {
			t.Fatal("OpenGrouped of PostgreSQL is not Open's plain pool")
		}
	})
}
