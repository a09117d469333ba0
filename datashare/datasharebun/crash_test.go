package datasharebun_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/datashare/datasharebun"
	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/internal/dbtest"
)

// The environment of the child process TestMount_Killed starts and kills.
const (
	crashDSNEnv   = "GOVOPS_CRASH_DSN"
	crashEntryEnv = "GOVOPS_CRASH_ENTRY"
)

// endlessFile is a CSV file for mountEntry that never ends: a mount of it
// writes chunk after chunk until its process dies.
type endlessFile struct {
	tb  testing.TB
	buf bytes.Buffer
	row int
}

func (f *endlessFile) Read(p []byte) (int, error) {
	if f.row == 0 {
		f.buf.WriteString(mountHeader)
	}
	for f.buf.Len() < len(p) {
		mountRow(f.tb, &f.buf, f.row)
		f.row++
	}
	return f.buf.Read(p)
}

// TestMountCrashChild is the process TestMount_Killed kills: it mounts an
// endless file, all or nothing, into the database its parent names, and
// never ends on its own. Run alone, it skips.
func TestMountCrashChild(t *testing.T) {
	dsn, entry := os.Getenv(crashDSNEnv), os.Getenv(crashEntryEnv)
	if dsn == "" {
		t.Skip("the process TestMount_Killed starts and kills; it does nothing on its own")
	}
	db, err := dbopen.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	st, err := datasharebun.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	s := datashare.NewService(st)
	_, err = s.Mount(context.Background(), mountCenter, entry, &endlessFile{tb: t}, datashare.MountOptions{})
	t.Fatalf("the endless mount ended: %v", err)
}

// TestMount_Killed kills (SIGKILL) a process in the middle of an
// all-or-nothing mount that has written many chunks, then reopens the
// database: no record of the batch is visible, the batch is still loading
// until RecoverMounts fails it and deletes what it wrote, and the database
// passes its integrity check (SQLite's PRAGMA integrity_check, PostgreSQL's
// amcheck on every index of the schema).
func TestMount_Killed(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills a process; skipped with -short")
	}
	for _, d := range []string{dbopen.SQLite, dbopen.Postgres} {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			db, dsn := dbtest.OpenDSN(t, d)
			st, err := datasharebun.Open(t.Context(), db)
			if err != nil {
				t.Fatal(err)
			}
			_, c := newMountService(t, st)

			cmd := exec.Command(os.Args[0], "-test.run=^TestMountCrashChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), crashDSNEnv+"="+dsn, crashEntryEnv+"="+c.Code)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			killed := false
			t.Cleanup(func() {
				if !killed {
					cmd.Process.Kill()
					cmd.Wait()
				}
			})

			// Wait until the child has committed several chunks of its
			// batch, which the database holds but nobody may see.
			const written = 20_000
			deadline := time.Now().Add(2 * time.Minute)
			var n int
			for n < written {
				if time.Now().After(deadline) {
					t.Fatalf("the child wrote %d rows in 2 minutes; its output:\n%s", n, out.String())
				}
				time.Sleep(50 * time.Millisecond)
				if err := db.NewRaw("SELECT COUNT(*) FROM datashare_records WHERE catalog_id = ?", c.ID.String()).Scan(t.Context(), &n); err != nil {
					t.Fatal(err)
				}
			}
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			cmd.Wait()
			killed, seen := true, n
			db.Close()

			// Reopen, as a restarted server would.
			db2, err := dbopen.Open(dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db2.Close()
			st2, err := datasharebun.Open(t.Context(), db2)
			if err != nil {
				t.Fatal(err)
			}
			ctx := t.Context()
			if rs, err := st2.Records(ctx, c.ID, datashare.RecordKey{}, 0); err != nil || len(rs) != 0 {
				t.Fatalf("after the kill, Records = %d records, %v; want none", len(rs), err)
			}
			loading, err := st2.Batches(ctx, datashare.BatchFilter{Catalog: c.ID}, [16]byte{}, 0)
			if err != nil || len(loading) != 1 || loading[0].Status != datashare.BatchLoading {
				t.Fatalf("after the kill, batches = %+v, %v; want the one loading", loading, err)
			}
			s2 := datashare.NewService(st2, datashare.WithNow(func() time.Time { return time.Now().Add(time.Hour) }))
			m, err := s2.Metrics(ctx, mountCenter, datashare.MetricsQuery{})
			if err != nil || m.Records != 0 {
				t.Fatalf("metrics count %d records, %v; want 0", m.Records, err)
			}
			failed, err := s2.RecoverMounts(ctx, mountCenter)
			if err != nil || len(failed) != 1 || failed[0].Status != datashare.BatchFailed || !strings.Contains(failed[0].Problem, "abandoned") {
				t.Fatalf("RecoverMounts = %+v, %v; want the batch failed as abandoned", failed, err)
			}
			if err := db2.NewRaw("SELECT COUNT(*) FROM datashare_records WHERE catalog_id = ?", c.ID.String()).Scan(ctx, &n); err != nil || n != 0 {
				t.Fatalf("after recovery the database holds %d rows of the batch, %v; want 0", n, err)
			}
			checkIntegrity(t, d, db2)
			t.Logf("killed with at least %d rows of the batch written; none visible, all deleted on recovery", seen)
		})
	}
}

// checkIntegrity runs the database's own integrity check: SQLite's
// PRAGMA integrity_check, and on PostgreSQL amcheck's bt_index_check of
// every B-tree index of the test's schema.
func checkIntegrity(t *testing.T, dialect string, db *bun.DB) {
	t.Helper()
	ctx := t.Context()
	switch dialect {
	case dbopen.SQLite:
		var res string
		if err := db.NewRaw("PRAGMA integrity_check").Scan(ctx, &res); err != nil || res != "ok" {
			t.Fatalf("integrity_check = %q, %v", res, err)
		}
	case dbopen.Postgres:
		if _, err := db.ExecContext(ctx, "CREATE EXTENSION IF NOT EXISTS amcheck"); err != nil {
			t.Fatalf("amcheck, PostgreSQL's integrity check, is not available: %v", err)
		}
		var schema string
		if err := db.NewRaw("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'amcheck'").Scan(ctx, &schema); err != nil {
			t.Fatal(err)
		}
		var checked int
		err := db.NewRaw(fmt.Sprintf(`SELECT COUNT(%s.bt_index_check(c.oid, true)) FROM pg_index i
			JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
			WHERE a.amname = 'btree' AND c.relnamespace = current_schema()::regnamespace`, schema)).Scan(ctx, &checked)
		if err != nil || checked == 0 {
			t.Fatalf("bt_index_check checked %d indexes: %v", checked, err)
		}
		t.Logf("amcheck: %d indexes intact", checked)
	}
}
