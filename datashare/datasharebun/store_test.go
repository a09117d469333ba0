package datasharebun_test

import (
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/datashare/datasharebun"
	"github.com/govops-kit/govops/datashare/storetest"
	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// stored returns how many rows of batch datashare_records holds, visible
// or not.
func stored(tb testing.TB, db *bun.DB, batch uuid.UUID) int {
	tb.Helper()
	n, err := db.NewSelect().TableExpr("datashare_records").Where("batch_id = ?", batch.String()).Count(tb.Context())
	storetestkit.Must(tb, err, "count the stored records")
	return int(n)
}

// entry stores a new benchmark entry of code in st.
func entry(tb testing.TB, st datashare.Store, code string) datashare.Catalog {
	tb.Helper()
	c := storetest.BenchCatalog(tb, code)
	storetestkit.Must(tb, st.CreateCatalogs(tb.Context(), []datashare.Catalog{c}, nil), "CreateCatalogs")
	return c
}

// failedBatch returns b as an Abort stores it.
func failedBatch(b datashare.Batch) *datashare.Batch {
	b.Status, b.Version, b.Problem = datashare.BatchFailed, b.Version+1, "aborted"
	return &b
}

// TestStore_Purge checks that the records of a failed or replaced batch
// leave the table, not only the listings, DeleteChunk (here 3) at a time,
// and that what a purge left behind (its process died) goes with the next
// one of the entry.
func TestStore_Purge(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			ctx := t.Context()
			st, db := MustOpenStore(t, d)
			datasharebun.SetDeleteChunkForTest(st, 3)
			c := entry(t, st, "110001/000001")
			kept := storetest.BenchBatch(t, &c, time.Now())
			storetestkit.Must(t, storetest.MountAll(ctx, st, kept, storetest.BenchRecords(c.ID, kept.ID, 10), 4), "mount")

			gone := storetest.BenchBatch(t, &c, time.Now())
			w, err := st.BeginMount(ctx, gone, nil)
			storetestkit.Must(t, err, "BeginMount")
			storetestkit.Must(t, w.Write(ctx, storetest.BenchRecords(c.ID, gone.ID, 11), gone.TouchedAt), "Write")
			if n := stored(t, db, gone.ID); n != 11 {
				t.Fatalf("%d rows of the loading batch stored, want 11", n)
			}
			storetestkit.Must(t, w.Abort(ctx, failedBatch(gone), nil), "Abort")
			if n := stored(t, db, gone.ID); n != 0 {
				t.Fatalf("%d rows of the aborted batch left, want none", n)
			}
			if n := stored(t, db, kept.ID); n != 10 {
				t.Fatalf("%d rows of the committed batch left, want 10", n)
			}

			// Rows of a failed batch that a dead purge left behind.
			left := storetest.BenchBatch(t, &c, time.Now())
			lw, err := st.BeginMount(ctx, left, nil)
			storetestkit.Must(t, err, "BeginMount")
			f := failedBatch(left)
			storetestkit.Must(t, lw.Abort(ctx, f, nil), "Abort")
			rows := datasharebun.RecordRowsForTest(storetest.BenchRecords(c.ID, left.ID, 7))
			_, err = db.NewInsert().Model(&rows).Exec(ctx)
			storetestkit.Must(t, err, "insert leftovers")

			// A Commit that replaces takes the replaced batch's rows, and
			// the leftovers, away.
			r := storetest.BenchBatch(t, &c, time.Now())
			r.Replace = true
			storetestkit.Must(t, storetest.MountAll(ctx, st, r, storetest.BenchRecords(c.ID, r.ID, 5), 10), "mount")
			for _, b := range []uuid.UUID{kept.ID, left.ID} {
				if n := stored(t, db, b); n != 0 {
					t.Fatalf("%d rows of batch %s left after the replacement, want none", n, b)
				}
			}
			if n := stored(t, db, r.ID); n != 5 {
				t.Fatalf("%d rows of the replacing batch stored, want 5", n)
			}
		})
	}
}

// TestStore_WriteAfterAbort checks that a writer whose batch another
// process aborted writes nothing more: its Write is ECONFLICT, and no row
// of it is stored.
func TestStore_WriteAfterAbort(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			ctx := t.Context()
			st, db := MustOpenStore(t, d)
			c := entry(t, st, "110002/000001")
			b := storetest.BenchBatch(t, &c, time.Now())
			w, err := st.BeginMount(ctx, b, nil)
			storetestkit.Must(t, err, "BeginMount")
			rs := storetest.BenchRecords(c.ID, b.ID, 6)
			storetestkit.Must(t, w.Write(ctx, rs[:3], b.TouchedAt), "Write")
			storetestkit.Must(t, st.AbortMount(ctx, failedBatch(b), nil), "AbortMount")
			storetestkit.MustCode(t, w.Write(ctx, rs[3:], b.TouchedAt), govops.ECONFLICT, "Write after AbortMount")
			if n := stored(t, db, b.ID); n != 0 {
				t.Fatalf("%d rows of the aborted batch stored, want none", n)
			}
		})
	}
}

// mysqlRecords returns records whose data holds every byte MySQL's string
// literals give a meaning to, and Chinese text.
func mysqlRecords(c, b uuid.UUID, n int) []datashare.Record {
	rs := storetest.BenchRecords(c, b, n)
	for i := range rs {
		rs[i].Data = fmt.Sprintf("{\"备注\":\"引号' \\\" 反斜杠\\\\ %d\",\"制表\":\"\t\",\"回车\":\"\r\n\",\"替换\":\"\x1a\",\"问号\":\"? ?\",\"空字节\":\"\x00\"}", i)
	}
	return rs
}

// TestStore_MySQLStatements checks the MySQL writer's INSERTs: split to
// the statement size the server allows, and with the escapes of its
// sql_mode, with or without NO_BACKSLASH_ESCAPES, every byte round-trips.
func TestStore_MySQLStatements(t *testing.T) {
	st, db := MustOpenStore(t, dbopen.MySQL)
	ctx := t.Context()
	check := func(t *testing.T, st *datasharebun.Store, code string) {
		t.Helper()
		c := entry(t, st, code)
		b := storetest.BenchBatch(t, &c, time.Now())
		rs := mysqlRecords(c.ID, b.ID, 40)
		storetestkit.Must(t, storetest.MountAll(ctx, st, b, rs, 25), "mount")
		got, err := st.Records(ctx, c.ID, datashare.RecordKey{}, 0)
		storetestkit.Must(t, err, "Records")
		storetestkit.RequireEqual(t, rs, got, "records")
	}
	t.Run("Split", func(t *testing.T) {
		datasharebun.SetStatementLimitForTest(st, 600, false) // two records a statement
		check(t, st, "110003/000001")
	})
	t.Run("NoBackslashEscapes", func(t *testing.T) {
		var name string
		storetestkit.Must(t, db.NewRaw("SELECT DATABASE()").Scan(ctx, &name), "SELECT DATABASE()")
		u, err := url.Parse(os.Getenv(dbtest.EnvMySQL))
		storetestkit.Must(t, err, "parse the DSN")
		u.Path = "/" + name
		q := u.Query()
		q.Set("sql_mode", "'NO_BACKSLASH_ESCAPES,STRICT_TRANS_TABLES'")
		u.RawQuery = q.Encode()
		plain, err := dbopen.Open(u.String())
		storetestkit.Must(t, err, "open with NO_BACKSLASH_ESCAPES")
		defer plain.Close()
		var mode string
		storetestkit.Must(t, plain.NewRaw("SELECT @@sql_mode").Scan(ctx, &mode), "SELECT @@sql_mode")
		if !strings.Contains(mode, "NO_BACKSLASH_ESCAPES") {
			t.Fatalf("sql_mode is %q, want NO_BACKSLASH_ESCAPES", mode)
		}
		check(t, datasharebun.New(plain), "110003/000002")
	})
}
