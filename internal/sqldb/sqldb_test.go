package sqldb_test

import (
	"errors"
	"testing"
	"time"

	"github.com/govops-kit/govops/internal/sqldb"
)

func TestDialect(t *testing.T) {
	tests := map[string]string{
		"postgres://u@h/db":   sqldb.Postgres,
		"postgresql://u@h/db": sqldb.Postgres,
		"mysql://root@h/db":   sqldb.MySQL,
		"govops.db":           sqldb.SQLite,
		"file:x.db?mode=ro":   sqldb.SQLite,
		"":                    sqldb.SQLite,
	}
	for dsn, want := range tests {
		if got := sqldb.Dialect(dsn); got != want {
			t.Errorf("Dialect(%q) = %s, want %s", dsn, got, want)
		}
	}
}

func TestMySQLConfig(t *testing.T) {
	cfg, err := sqldb.MySQLConfig("mysql://app:s%40cret@db.local/govops?charset=utf8mb4")
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

func TestOpenSQLite(t *testing.T) {
	db, err := sqldb.Open(t.TempDir() + "/x.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var mode string
	if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v; want wal", mode, err)
	}
	if _, err := db.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("INSERT INTO t VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec("INSERT INTO t VALUES (1)")
	if !sqldb.IsUniqueViolation(err) || !sqldb.IsTransient(err) {
		t.Fatalf("duplicate insert: %v; want a unique violation", err)
	}
	if sqldb.IsUniqueViolation(errors.New("disk full")) || sqldb.IsTransient(nil) {
		t.Fatal("other errors are neither unique violations nor transient")
	}
}

func TestTimes(t *testing.T) {
	in := time.Date(2022, 10, 8, 9, 0, 0, 123456789, time.FixedZone("CST", 8*3600))
	if got := sqldb.DBTime(in); !got.Equal(in.Truncate(time.Microsecond)) || got.Location() != time.UTC {
		t.Fatalf("DBTime = %v", got)
	}
	if !sqldb.DBTime(time.Time{}).IsZero() || !sqldb.GoTime(time.Time{}).IsZero() {
		t.Fatal("zero times stay zero")
	}
}
