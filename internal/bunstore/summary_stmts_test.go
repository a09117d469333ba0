package bunstore_test

import (
	"context"
	"sync"
	"testing"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/internal/dbtest"
)

// TestSummaryStmts checks that the prepared upserts add what Summary.Add
// adds: one to three groups through their statements, five beyond the
// maximum and any before Prepare through Add, from concurrent writers too.
func TestSummaryStmts(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			db := openTally(t, d)
			ctx := t.Context()
			stmts := kitSummary.Prepared(db, 3)
			t.Cleanup(func() { stmts.Close() })

			// Before Prepare, Add goes through Summary.Add.
			if err := addPrepared(ctx, db, stmts, 0, 2022, "hotline", 1); err != nil {
				t.Fatal(err)
			}
			if err := stmts.Prepare(ctx); err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			errs := make(chan error, 40)
			for i := 1; i <= 40; i++ {
				wg.Go(func() {
					errs <- addPrepared(ctx, db, stmts, i, 2022+i%2, []string{"hotline", "itops"}[i%3%2], i%4/3)
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatalf("concurrent prepared add: %v", err)
				}
			}
			// Several groups at once: two, three (the maximum), five
			// (beyond it), and deltas that cancel out.
			err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
				for _, n := range []int{2, 3, 5} {
					deltas := make([]bunstore.SummaryDelta, n)
					for i := range deltas {
						deltas[i] = bunstore.SummaryDelta{Key: []any{2030 + i, "portal"}, Counts: []int64{1, 0}}
					}
					if err := stmts.Add(ctx, tx, deltas...); err != nil {
						return err
					}
				}
				return stmts.Add(ctx, tx,
					bunstore.SummaryDelta{Key: []any{2022, "hotline"}, Counts: []int64{1, 1}},
					bunstore.SummaryDelta{Key: []any{2022, "hotline"}, Counts: []int64{-1, -1}})
			})
			if err != nil {
				t.Fatal(err)
			}
			stored, err := kitSummary.Stored(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string][]int64{
				"year=2030 kind=portal": {3, 0}, "year=2031 kind=portal": {3, 0}, "year=2032 kind=portal": {2, 0},
				"year=2033 kind=portal": {1, 0}, "year=2034 kind=portal": {1, 0},
			}
			for k, w := range want {
				if g := stored[k]; len(g) != 2 || g[0] != w[0] || g[1] != w[1] {
					t.Errorf("group %s: stored %v, want %v", k, g, w)
				}
			}
			// The tally's records are only those addPrepared wrote.
			if _, err := db.Exec("DELETE FROM kit_tally WHERE year >= 2030"); err != nil {
				t.Fatal(err)
			}
			chk, err := kitSummary.Repair(ctx, db, kitRecompute, false)
			if err != nil {
				t.Fatal(err)
			}
			if len(chk.Diffs) != 0 || chk.Groups != 4 {
				t.Fatalf("after the prepared adds: %d groups, diffs %+v; want 4 groups, none", chk.Groups, chk.Diffs)
			}
		})
	}
}

// addPrepared writes a record and its summary delta in one transaction,
// through the prepared upserts.
func addPrepared(ctx context.Context, db *bun.DB, stmts *bunstore.SummaryStmts, id, year int, kind string, flagged int) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO kit_tally_records (id, year, kind, flagged) VALUES (?, ?, ?, ?)", id, year, kind, flagged); err != nil {
			return err
		}
		return stmts.Add(ctx, tx, bunstore.SummaryDelta{Key: []any{year, kind}, Counts: []int64{1, int64(flagged)}})
	})
}
