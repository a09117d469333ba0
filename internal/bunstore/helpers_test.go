package bunstore_test

import (
	"testing"
	"testing/fstest"
	"time"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/internal/dbtest"
)

// errs is the mapper of the test adapter.
const errs bunstore.Errors = "kittest"

// itemRow is an aggregate with a version and a unique name.
type itemRow struct {
	bun.BaseModel `bun:"table:kit_items"`

	ID      string    `bun:"id,pk"`
	Name    string    `bun:"name"`
	At      time.Time `bun:"at,nullzero"`
	Version int64     `bun:"version"`
}

// itemEventRow is an event of an item; (item_id, seq) is unique.
type itemEventRow struct {
	bun.BaseModel `bun:"table:kit_item_events"`

	ID     string `bun:"id,pk"`
	ItemID string `bun:"item_id"`
	Seq    int64  `bun:"seq"`
}

// bulkRow is a row of the chunked-insert table: four columns, so that
// 20,000 rows need 80,000 bind parameters, more than any dialect allows
// in one statement.
type bulkRow struct {
	bun.BaseModel `bun:"table:kit_bulk"`

	ID    int64  `bun:"id,pk"`
	Batch string `bun:"batch"`
	A     int64  `bun:"a"`
	B     string `bun:"b"`
}

// kitMigrations are the test schema in each dialect's folder, as an
// adapter embeds them.
func kitMigrations() fstest.MapFS {
	files := fstest.MapFS{}
	schema := map[string][3]string{
		"sqlite": {"TEXT", "TEXT", ".tx"},
		"pg":     {"VARCHAR(64)", "TIMESTAMPTZ", ".tx"},
		"mysql":  {"VARCHAR(64)", "DATETIME(6)", ""},
	}
	for dir, s := range schema {
		text, ts, tx := s[0], s[1], s[2]
		up := "CREATE TABLE IF NOT EXISTS kit_items (id " + text + " NOT NULL PRIMARY KEY, name " + text + " NOT NULL, at " + ts + " NULL, version BIGINT NOT NULL);\n" +
			"--bun:split\n" +
			"CREATE UNIQUE INDEX kit_items_name_uq ON kit_items (name);\n" +
			"--bun:split\n" +
			"CREATE TABLE IF NOT EXISTS kit_item_events (id " + text + " NOT NULL PRIMARY KEY, item_id " + text + " NOT NULL, seq BIGINT NOT NULL);\n" +
			"--bun:split\n" +
			"CREATE UNIQUE INDEX kit_item_events_seq_uq ON kit_item_events (item_id, seq);\n" +
			"--bun:split\n" +
			"CREATE TABLE IF NOT EXISTS kit_bulk (id BIGINT NOT NULL PRIMARY KEY, batch " + text + " NOT NULL, a BIGINT NOT NULL, b " + text + " NOT NULL);\n"
		files["migrations/"+dir+"/20250101000001_kit"+tx+".up.sql"] = &fstest.MapFile{Data: []byte(up)}
		files["migrations/"+dir+"/20250101000001_kit"+tx+".down.sql"] = &fstest.MapFile{Data: []byte("DROP TABLE kit_bulk;\n")}
	}
	return files
}

// MustOpenDB returns a fresh database of dialect with the test schema.
func MustOpenDB(tb testing.TB, dialect string) *bun.DB {
	tb.Helper()
	db := dbtest.Open(tb, dialect)
	if err := bunstore.Migrate(tb.Context(), db, kitMigrations(), "kittest"); err != nil {
		tb.Fatalf("Migrate: %v", err)
	}
	return db
}

// forEachDialect runs fn as one subtest per dialect.
func forEachDialect(t *testing.T, fn func(t *testing.T, dialect string)) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) { fn(t, d) })
	}
}

// wantCode fails tb unless err carries code.
func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := govops.ErrorCode(err); got != code {
		tb.Fatalf("error code %q (%v), want %q", got, err, code)
	}
}

// wantMessage fails tb unless err is a *govops.Error with code and msg.
func wantMessage(tb testing.TB, err error, code, msg string) {
	tb.Helper()
	wantCode(tb, err, code)
	if ge := err.(*govops.Error); ge.Message != msg {
		tb.Fatalf("message %q, want %q", ge.Message, msg)
	}
}
