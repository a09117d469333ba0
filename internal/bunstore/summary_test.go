package bunstore_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/internal/dbtest"
)

// kitSummary counts kit_tally_records by (year, kind): n and a flag.
var kitSummary = bunstore.Summary{Table: "kit_tally", Keys: []string{"year", "kind"}, Counts: []string{"n", "flagged"}}

func kitRecompute(db bun.IDB) *bun.SelectQuery {
	return db.NewSelect().TableExpr("kit_tally_records").
		ColumnExpr("year, kind, COUNT(*), SUM(flagged)").GroupExpr("year, kind")
}

func openTally(t *testing.T, dialect string) *bun.DB {
	t.Helper()
	db := dbtest.Open(t, dialect)
	text := "TEXT"
	if dialect != "sqlite" {
		text = "VARCHAR(32)"
	}
	for _, q := range []string{
		"CREATE TABLE kit_tally (year INT NOT NULL, kind " + text + " NOT NULL, n BIGINT NOT NULL DEFAULT 0, flagged BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (year, kind))",
		"CREATE TABLE kit_tally_records (id INT NOT NULL PRIMARY KEY, year INT NOT NULL, kind " + text + " NOT NULL, flagged INT NOT NULL)",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// addRecord writes a record and its summary delta in one transaction, as a
// Store does.
func addRecord(ctx context.Context, db *bun.DB, id, year int, kind string, flagged int) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO kit_tally_records (id, year, kind, flagged) VALUES (?, ?, ?, ?)", id, year, kind, flagged); err != nil {
			return err
		}
		return kitSummary.Add(ctx, tx, bunstore.SummaryDelta{Key: []any{year, kind}, Counts: []int64{1, int64(flagged)}})
	})
}

func TestSummary(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			db := openTally(t, d)
			ctx := t.Context()

			// Concurrent writers of the same and of different groups.
			var wg sync.WaitGroup
			errs := make(chan error, 40)
			for i := range 40 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs <- addRecord(ctx, db, i, 2022+i%2, []string{"hotline", "itops"}[i%3%2], i%4/3)
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatalf("concurrent add: %v", err)
				}
			}
			chk, err := kitSummary.Repair(ctx, db, kitRecompute, false)
			if err != nil {
				t.Fatal(err)
			}
			if len(chk.Diffs) != 0 || chk.Groups != 4 {
				t.Fatalf("after concurrent adds: %d groups, diffs %+v; want 4 groups, none", chk.Groups, chk.Diffs)
			}

			// Deltas of one group merge, and cancelling ones write nothing.
			err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
				return kitSummary.Add(ctx, tx,
					bunstore.SummaryDelta{Key: []any{2022, "hotline"}, Counts: []int64{1, 0}},
					bunstore.SummaryDelta{Key: []any{2022, "hotline"}, Counts: []int64{-1, 0}},
					bunstore.SummaryDelta{Key: []any{2030, "portal"}, Counts: []int64{2, 1}},
					bunstore.SummaryDelta{Key: []any{2030, "portal"}, Counts: []int64{-2, -1}})
			})
			if err != nil {
				t.Fatal(err)
			}
			stored, err := kitSummary.Stored(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := stored["year=2030 kind=portal"]; ok || len(stored) != 4 {
				t.Fatalf("stored %v: want the four groups, no row for deltas that cancel", stored)
			}

			// A bulk write of more groups than one statement carries.
			many := make([]bunstore.SummaryDelta, 2500)
			for i := range many {
				many[i] = bunstore.SummaryDelta{Key: []any{3000 + i, "bulk"}, Counts: []int64{1, int64(i % 2)}}
			}
			err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error { return kitSummary.Add(ctx, tx, many...) })
			if err != nil {
				t.Fatalf("Add of %d groups: %v", len(many), err)
			}
			stored, err = kitSummary.Stored(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			if got := stored["year=5499 kind=bulk"]; len(stored) != 4+len(many) || len(got) != 2 || got[0] != 1 || got[1] != 1 {
				t.Fatalf("after a bulk Add: %d groups, the last %v; want %d, n=1 flagged=1", len(stored), got, 4+len(many))
			}
			if _, err := db.Exec("DELETE FROM kit_tally WHERE kind = 'bulk'"); err != nil {
				t.Fatal(err)
			}

			// A write behind the Store's back is a difference, which
			// repair mends.
			if _, err := db.Exec("UPDATE kit_tally SET n = n + 5 WHERE year = 2022 AND kind = 'hotline'"); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec("INSERT INTO kit_tally (year, kind, n, flagged) VALUES (1999, 'ghost', 1, 0)"); err != nil {
				t.Fatal(err)
			}
			chk, err = kitSummary.Repair(ctx, db, kitRecompute, true)
			if err != nil {
				t.Fatal(err)
			}
			if len(chk.Diffs) != 2 || !chk.Repaired {
				t.Fatalf("repair found %+v (repaired %v); want the two bad groups", chk.Diffs, chk.Repaired)
			}
			got := fmt.Sprint(chk.Diffs[0].Group, "|", chk.Diffs[0].Records, "|", chk.Diffs[1].Group, "|", chk.Diffs[1].Stored)
			if !strings.HasPrefix(got, "year=1999 kind=ghost||year=2022 kind=hotline|n=") {
				t.Fatalf("diffs %q", got)
			}
			chk, err = kitSummary.Repair(ctx, db, kitRecompute, false)
			if err != nil || len(chk.Diffs) != 0 {
				t.Fatalf("after repair: %+v, %v; want no difference", chk.Diffs, err)
			}
		})
	}
}

// TestSummary_Max checks that a Max column keeps the greatest value added,
// in one statement and across statements, beside a count that sums.
func TestSummary_Max(t *testing.T) {
	newest := bunstore.Summary{Table: "kit_newest", Keys: []string{"kind"}, Counts: []string{"n", "newest"}, Max: []string{"newest"}}
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			db := dbtest.Open(t, d)
			ctx := t.Context()
			if _, err := db.Exec("CREATE TABLE kit_newest (kind VARCHAR(32) NOT NULL PRIMARY KEY, n BIGINT NOT NULL DEFAULT 0, newest BIGINT NOT NULL DEFAULT 0)"); err != nil {
				t.Fatal(err)
			}
			add := func(deltas ...bunstore.SummaryDelta) {
				t.Helper()
				if err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error { return newest.Add(ctx, tx, deltas...) }); err != nil {
					t.Fatal(err)
				}
			}
			add(bunstore.SummaryDelta{Key: []any{"post"}, Counts: []int64{1, 50}},
				bunstore.SummaryDelta{Key: []any{"post"}, Counts: []int64{1, 70}},
				bunstore.SummaryDelta{Key: []any{"post"}, Counts: []int64{1, 60}},
				bunstore.SummaryDelta{Key: []any{"old"}, Counts: []int64{1, -5}})
			add(bunstore.SummaryDelta{Key: []any{"post"}, Counts: []int64{2, 40}})
			add(bunstore.SummaryDelta{Key: []any{"old"}, Counts: []int64{1, -3}})
			stored, err := newest.Stored(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprint(stored); got != "map[kind=old:[2 -3] kind=post:[5 70]]" {
				t.Fatalf("stored %s; want post at 5 posts, newest 70, and old at 2, newest -3", got)
			}
		})
	}
}

// TestSummary_AddChunked checks that the deltas of more groups than one
// statement carries (a large import's) all land, in several statements.
func TestSummary_AddChunked(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			db := openTally(t, d)
			ctx := t.Context()
			n := 2*bunstore.ChunkRows(db.Dialect().Name(), 4) + 7
			deltas := make([]bunstore.SummaryDelta, 0, 2*n)
			for i := range n {
				deltas = append(deltas, bunstore.SummaryDelta{Key: []any{2000 + i%50, fmt.Sprintf("k%05d", i)}, Counts: []int64{1, int64(i % 2)}},
					bunstore.SummaryDelta{Key: []any{2000 + i%50, fmt.Sprintf("k%05d", i)}, Counts: []int64{2, 0}})
			}
			if err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error { return kitSummary.Add(ctx, tx, deltas...) }); err != nil {
				t.Fatal(err)
			}
			stored, err := kitSummary.Stored(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			var sum, flagged int64
			for _, c := range stored {
				sum, flagged = sum+c[0], flagged+c[1]
			}
			if len(stored) != n || sum != int64(3*n) || flagged != int64(n/2) {
				t.Fatalf("stored %d groups counting %d, %d flagged; want %d groups counting %d, %d flagged", len(stored), sum, flagged, n, 3*n, n/2)
			}
		})
	}
}
