package groupcommit_test

import (
	"context"
	"database/sql"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/driver/sqliteshim"

	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/dbopen/groupcommit"
)

// MustOpenDB opens a fresh SQLite file with group commit as the server
// does (dbopen.OpenGrouped), closed when tb ends.
func MustOpenDB(tb testing.TB) *bun.DB {
	tb.Helper()
	db, err := dbopen.OpenGrouped(filepath.Join(tb.TempDir(), "test.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// lineUpOptions make a group commit only when nobody waits for the turn:
// no linger, and no age limit that a slow machine could reach, so that a
// test decides who shares a group.
func lineUpOptions() groupcommit.Options {
	return groupcommit.Options{Linger: -1, MaxDelay: time.Hour}
}

// testDSN is the SQLite DSN dbopen builds for path, with extra pragmas.
func testDSN(path string, extra ...string) string {
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
	for _, e := range extra {
		dsn += "&" + e
	}
	return dsn
}

// grouped is a database opened over a Connector with chosen options, and
// a plain connection to the same file that sees only what is committed.
type grouped struct {
	db    *sql.DB
	c     *groupcommit.Connector
	plain *bun.DB
	path  string
}

// mustOpenGrouped opens a fresh file over a Connector with opts, creates
// table t (id INTEGER PRIMARY KEY, v TEXT UNIQUE), and opens a plain
// connection beside it. extra pragmas go into the DSN.
func mustOpenGrouped(tb testing.TB, opts groupcommit.Options, extra ...string) *grouped {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "g.db")
	db := groupcommit.OpenDB(sqliteshim.Driver(), testDSN(path, extra...), opts)
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)"); err != nil {
		tb.Fatal(err)
	}
	plain, err := dbopen.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { plain.Close() })
	return &grouped{db: db, c: groupcommit.Of(db), plain: plain, path: path}
}

// plainHas reports whether the plain connection sees a row of t with v.
func (g *grouped) plainHas(tb testing.TB, v string) bool {
	tb.Helper()
	var n int
	if err := g.plain.QueryRow("SELECT count(*) FROM t WHERE v = ?", v).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n == 1
}

// plainCount returns the rows of t the plain connection sees.
func (g *grouped) plainCount(tb testing.TB) int {
	tb.Helper()
	var n int
	if err := g.plain.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

// waitFor waits until n goroutines wait for the turn.
func (g *grouped) waitFor(tb testing.TB, n int) {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for g.c.Waiting() < n {
		if time.Now().After(deadline) {
			tb.Fatalf("%d wait for the turn after 10s, want %d", g.c.Waiting(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// mustBegin begins a transaction, failing tb otherwise.
func mustBegin(tb testing.TB, db *sql.DB) *sql.Tx {
	tb.Helper()
	tx, err := db.BeginTx(context.Background(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	return tx
}

// goBegin begins a transaction on a goroutine of its own, which waits for
// the turn, and sends it once begun (nil after an error, reported to tb).
func goBegin(tb testing.TB, db *sql.DB) <-chan *sql.Tx {
	c := make(chan *sql.Tx, 1)
	go func() {
		tx, err := db.BeginTx(context.Background(), nil)
		if err != nil {
			tb.Error(err)
		}
		c <- tx
	}()
	return c
}

// walCommits counts the commit frames in the WAL file of path: frames
// whose header holds the database size after a commit, with the WAL's
// current salts. It counts every commit since the WAL last started over,
// read from the file, apart from anything the Connector reports.
func walCommits(tb testing.TB, path string) int {
	tb.Helper()
	b, err := os.ReadFile(path + "-wal")
	if err != nil {
		tb.Fatal(err)
	}
	if len(b) < 32 {
		return 0
	}
	page := int(binary.BigEndian.Uint32(b[8:12]))
	salt1, salt2 := binary.BigEndian.Uint32(b[16:20]), binary.BigEndian.Uint32(b[20:24])
	n := 0
	for off := 32; off+24+page <= len(b); off += 24 + page {
		h := b[off : off+24]
		if binary.BigEndian.Uint32(h[8:12]) != salt1 || binary.BigEndian.Uint32(h[12:16]) != salt2 {
			break
		}
		if binary.BigEndian.Uint32(h[4:8]) != 0 {
			n++
		}
	}
	return n
}
