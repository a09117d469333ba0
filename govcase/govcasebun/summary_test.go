package govcasebun_test

import (
	"context"
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/govcase/govcasebun"
	"github.com/govops-kit/govops/internal/dbtest"
)

// summaryCases returns n cases of 2022 in every status, a third of them
// created within an hour of a month start in Shanghai, with consistent
// times; numbers start after first.
func summaryCases(tb testing.TB, seed int64, first, n int) []*govcase.Case {
	tb.Helper()
	rng := rand.New(rand.NewSource(seed))
	statuses := govcase.AllStatuses()
	kinds := []govcase.Kind{govcase.KindHotline, govcase.KindITOps, govcase.KindPortal}
	sh := govops.ShanghaiLocation()
	out := make([]*govcase.Case, n)
	for i := range out {
		c := testCase(tb, govcase.FormatNumber(2022, int64(first+i+1)))
		c.Kind, c.Status = kinds[rng.Intn(len(kinds))], statuses[rng.Intn(len(statuses))]
		if rng.Intn(3) == 0 {
			start := time.Date(2022, time.Month(2+rng.Intn(11)), 1, 0, 0, 0, 0, sh)
			c.CreatedAt = start.Add(time.Duration(rng.Int63n(int64(2*time.Hour))) - time.Hour).UTC().Truncate(time.Microsecond)
		} else {
			c.CreatedAt = time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.Int63n(int64(360 * 24 * time.Hour)))).Truncate(time.Microsecond)
		}
		c.UpdatedAt = c.CreatedAt
		if c.Status != govcase.StatusRegistered {
			c.Department = fmt.Sprintf("lbq-dept%02d", 1+rng.Intn(3))
			c.DispatchedAt = c.CreatedAt.Add(time.Duration(1+rng.Intn(3600)) * time.Second).Truncate(time.Second)
			c.AcceptBy = c.DispatchedAt.Add(2 * time.Hour)
			c.ResolveBy = c.DispatchedAt.Add(5 * 24 * time.Hour)
			c.AcceptedAt = c.DispatchedAt.Add(time.Duration(rng.Int63n(int64(4 * time.Hour)))).Truncate(time.Microsecond)
			c.RepliedAt = c.AcceptedAt.Add(time.Duration(rng.Intn(10*24*3600)) * time.Second).Truncate(time.Second)
		}
		out[i] = c
	}
	return out
}

// storeCases creates cases through st, each with its registration event.
func storeCases(tb testing.TB, st *govcasebun.Store, cases []*govcase.Case) {
	tb.Helper()
	for _, c := range cases {
		if err := st.CreateCase(tb.Context(), c, []govcase.Event{regEvent(tb, c)}); err != nil {
			tb.Fatal(err)
		}
	}
}

// requireSummaryClean fails tb unless st's summary equals its cases.
func requireSummaryClean(tb testing.TB, st *govcasebun.Store, when string) {
	tb.Helper()
	rep, err := st.RepairSummaries(tb.Context(), false)
	if err != nil {
		tb.Fatalf("RepairSummaries %s: %v", when, err)
	}
	if !rep.Clean() || len(rep.Summaries) != 1 || rep.Summaries[0].Groups == 0 {
		tb.Fatalf("RepairSummaries %s: want one clean summary with groups, got\n%s", when, rep)
	}
}

// requireStatsAsScan fails tb unless CaseStats of f equals the full scan's
// answer.
func requireStatsAsScan(tb testing.TB, st *govcasebun.Store, f govcase.StatsFilter, when string) govcase.Stats {
	tb.Helper()
	got, err := st.CaseStats(tb.Context(), f)
	if err != nil {
		tb.Fatal(err)
	}
	want, err := st.ScanStatsForTest(tb.Context(), f)
	if err != nil {
		tb.Fatal(err)
	}
	if g, w := statsText(got), statsText(want); g != w {
		tb.Fatalf("CaseStats %s:\n got %s\nscan %s", when, g, w)
	}
	return got
}

// TestStore_SummaryTampered checks that CaseStats reads the summary (a row
// changed behind the Store's back changes its answer, and not the scan's),
// and that RepairSummaries finds every changed group and, asked to,
// replaces the rows with the groups of the cases.
func TestStore_SummaryTampered(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		st, db := MustOpenStore(t, dialect)
		ctx := t.Context()
		storeCases(t, st, summaryCases(t, 1, 0, 60))
		requireSummaryClean(t, st, "after the creations")
		year := govcase.StatsFilter{Year: 2022}
		before := requireStatsAsScan(t, st, year, "before tampering")

		// Five cases more in the total of one kind, status and department
		// and in one of its months, and a group of no case at all.
		group := "kind = 'hotline' AND status = 'replied' AND department = 'lbq-dept01'"
		var month int
		if err := db.NewSelect().TableExpr("govcase_case_summary").ColumnExpr("MIN(?)", bun.Ident("month")).
			Where(group).Where("? > 0", bun.Ident("month")).Scan(ctx, &month); err != nil || month == 0 {
			t.Fatalf("fixture problem: no month row of hotline/replied/lbq-dept01 (%v)", err)
		}
		for _, m := range []int{0, month} {
			res, err := db.ExecContext(ctx, "UPDATE govcase_case_summary SET n = n + 5, replied = replied + 5 WHERE "+group+" AND ? = ?", bun.Ident("month"), m)
			if n, _ := res.RowsAffected(); err != nil || n != 1 {
				t.Fatalf("tampering with month %d: %d rows, %v", m, n, err)
			}
		}
		if _, err := db.ExecContext(ctx, "INSERT INTO govcase_case_summary (?, ?, kind, status, department, n) VALUES (0, 2022, 'portal', 'closed', 'ghost', 3)",
			bun.Ident("month"), bun.Ident("year")); err != nil {
			t.Fatal(err)
		}
		got, err := st.CaseStats(ctx, year)
		if err != nil {
			t.Fatal(err)
		}
		if want := before.Total + 5 + 3; got.Total != want {
			t.Fatalf("CaseStats after tampering counts %d cases, want %d: it must read the summary's totals", got.Total, want)
		}
		if scan, err := st.ScanStatsForTest(ctx, year); err != nil || scan.Total != before.Total {
			t.Fatalf("the scan counts %d cases, %v; want %d", scan.Total, err, before.Total)
		}
		sh := govops.ShanghaiLocation()
		start := time.Date(month/100, time.Month(month%100), 1, 0, 0, 0, 0, sh)
		inMonth := govcase.StatsFilter{CreatedFrom: start.UTC(), CreatedTo: start.AddDate(0, 1, 0).UTC()}
		got, err = st.CaseStats(ctx, inMonth)
		if err != nil {
			t.Fatal(err)
		}
		if scan, err := st.ScanStatsForTest(ctx, inMonth); err != nil || got.Total != scan.Total+5 || got.Replied != scan.Replied+5 {
			t.Fatalf("CaseStats of month %d after tampering counts %d cases, %d replied; the scan %d, %d (%v): it must read the summary's month",
				month, got.Total, got.Replied, scan.Total, scan.Replied, err)
		}

		rep, err := st.RepairSummaries(ctx, false)
		if err != nil {
			t.Fatal(err)
		}
		chk := rep.Summaries[0]
		if chk.Repaired || len(chk.Diffs) != 3 {
			t.Fatalf("check without repair: %d diffs, repaired %v; want 3, not repaired\n%s", len(chk.Diffs), chk.Repaired, rep)
		}
		for _, d := range chk.Diffs {
			switch {
			case strings.HasSuffix(d.Group, " department=ghost"):
				if d.Group != "month=0 year=2022 kind=portal status=closed department=ghost" || d.Stored != "n=3" || d.Records != "" {
					t.Fatalf("diff %+v: want the ghost group, stored n=3, no records", d)
				}
			case d.Group != fmt.Sprintf("month=%d year=2022 kind=hotline status=replied department=lbq-dept01", 0) &&
				d.Group != fmt.Sprintf("month=%d year=2022 kind=hotline status=replied department=lbq-dept01", month):
				t.Fatalf("diff %+v: not a group that was tampered with", d)
			case !strings.HasPrefix(d.Stored, "n=") || !strings.Contains(d.Stored, " replied=") || d.Records == "":
				t.Fatalf("diff %+v: want the counts stored and those of the records", d)
			}
		}
		rep, err = st.RepairSummaries(ctx, true)
		if err != nil || !rep.Summaries[0].Repaired || len(rep.Summaries[0].Diffs) != len(chk.Diffs) {
			t.Fatalf("repair: %v\n%s", err, rep)
		}
		requireSummaryClean(t, st, "after the repair")
		if after := requireStatsAsScan(t, st, year, "after the repair"); after.Total != before.Total {
			t.Fatalf("after the repair CaseStats counts %d cases, want %d", after.Total, before.Total)
		}
	})
}

// TestStore_SummaryPaths checks which table CaseStats and CaseCounts read:
// the summary for creation bounds on month starts in the Store's zone
// (Shanghai by default, UTC with WithLocation), the cases for any other,
// with the same answers as the scan either way.
func TestStore_SummaryPaths(t *testing.T) {
	sh := govops.ShanghaiLocation()
	month := func(loc *time.Location, m time.Month) time.Time { return time.Date(2022, m, 1, 0, 0, 0, 0, loc).UTC() }
	for _, zone := range []*time.Location{sh, time.UTC} {
		t.Run(zone.String(), func(t *testing.T) {
			var read []string
			db := dbtest.Open(t, dbopen.SQLite).WithQueryHook(dbtest.SelectHook(func(q string) { read = append(read, q) }))
			st, err := govcasebun.Open(t.Context(), db, govcasebun.WithLocation(zone))
			if err != nil {
				t.Fatal(err)
			}
			storeCases(t, st, summaryCases(t, 2, 0, 80))
			other := time.UTC
			if zone == time.UTC {
				other = sh
			}
			for _, row := range []struct {
				name    string
				f       govcase.StatsFilter
				summary bool
			}{
				{"no bounds", govcase.StatsFilter{Year: 2022, Kind: govcase.KindITOps}, true},
				{"months of the zone", govcase.StatsFilter{CreatedFrom: month(zone, 3), CreatedTo: month(zone, 9)}, true},
				{"from a month of the zone", govcase.StatsFilter{CreatedFrom: month(zone, 6), Department: "lbq-dept02"}, true},
				{"months of another zone", govcase.StatsFilter{CreatedFrom: month(other, 3), CreatedTo: month(other, 9)}, false},
				{"inside a month", govcase.StatsFilter{CreatedFrom: month(zone, 3), CreatedTo: month(zone, 9).Add(time.Second)}, false},
			} {
				read = nil
				requireStatsAsScan(t, st, row.f, row.name)
				if got := strings.Contains(read[0], "govcase_case_summary"); got != row.summary || len(read) != 2 {
					t.Errorf("CaseStats %s read %q; want the summary: %v", row.name, read[0], row.summary)
				}
			}
			for _, row := range []struct {
				name    string
				bounds  []time.Time
				summary bool
			}{
				{"months of the zone", []time.Time{month(zone, 1), month(zone, 2), month(zone, 4), month(zone, 12)}, true},
				{"months of another zone", []time.Time{month(other, 1), month(other, 2), month(other, 4), month(other, 12)}, false},
				{"inside a month", []time.Time{month(zone, 1), month(zone, 2).Add(time.Hour)}, false},
			} {
				read = nil
				f := govcase.StatsFilter{Year: 2022}
				got, err := st.CaseCounts(t.Context(), f, row.bounds)
				if err != nil {
					t.Fatal(err)
				}
				if len(read) != 1 || strings.Contains(read[0], "govcase_case_summary") != row.summary {
					t.Errorf("CaseCounts %s read %q; want the summary: %v", row.name, read, row.summary)
				}
				want, err := st.ScanCountsForTest(t.Context(), f, row.bounds)
				if err != nil {
					t.Fatal(err)
				}
				if g, w := countsText(got), countsText(want); g != w || len(want) == 0 {
					t.Errorf("CaseCounts %s:\n got %s\nscan %s", row.name, g, w)
				}
			}
		})
	}
}

// TestStore_SummaryFilledOnMigrate checks that Migrate fills the summary
// of a database whose cases were stored before it existed, counting the
// months in the Store's zone: a case created at 2022-03-31 20:00 UTC is
// one of April in Shanghai, of March in UTC.
func TestStore_SummaryFilledOnMigrate(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		for _, zone := range []*time.Location{govops.ShanghaiLocation(), time.UTC} {
			t.Run(zone.String(), func(t *testing.T) {
				db := dbtest.Open(t, dialect)
				ctx := t.Context()
				names := migrations(t, dialect)
				before := names[len(names)-2]
				if err := govcasebun.MigrateToForTest(ctx, db, before); err != nil {
					t.Fatalf("migrating to %s: %v", before, err)
				}
				cases := summaryCases(t, 3, 0, 40)
				cases[0].CreatedAt = time.Date(2022, 3, 31, 20, 0, 0, 0, time.UTC)
				cases[0].Kind, cases[0].Status, cases[0].Department = govcase.KindSupervision, govcase.StatusRegistered, ""
				for _, c := range cases {
					if err := insertOldCase(ctx, db, c); err != nil {
						t.Fatalf("inserting a case of schema %s: %v", before, err)
					}
				}
				st, err := govcasebun.Open(ctx, db, govcasebun.WithLocation(zone))
				if err != nil {
					t.Fatal(err)
				}
				requireSummaryClean(t, st, "after the upgrade")
				stats := requireStatsAsScan(t, st, govcase.StatsFilter{}, "after the upgrade")
				if stats.Total != int64(len(cases)) {
					t.Fatalf("CaseStats counts %d cases, want %d", stats.Total, len(cases))
				}
				var months []int
				if err := db.NewSelect().TableExpr("govcase_case_summary").ColumnExpr("?", bun.Ident("month")).
					Where("kind = 'supervision'").OrderExpr("1").Scan(ctx, &months); err != nil {
					t.Fatal(err)
				}
				want := 202204
				if zone == time.UTC {
					want = 202203
				}
				if len(months) != 2 || months[0] != 0 || months[1] != want {
					t.Fatalf("the supervision case is counted in months %v, want [0 %d]: the total and its month", months, want)
				}
				// Migrate again: the summary is filled once.
				if err := st.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				requireSummaryClean(t, st, "after a second Migrate")
			})
		}
	})
}

// insertOldCase writes c as a store of a schema without the summary did.
func insertOldCase(ctx context.Context, db *bun.DB, c *govcase.Case) error {
	var handling *int64
	if secs, ok := c.HandlingSeconds(); ok {
		handling = &secs
	}
	flag := func(b bool) int16 {
		if b {
			return 1
		}
		return 0
	}
	row := rawCaseRow{
		ID: c.ID.String(), Number: c.Number, Year: c.Year, Kind: string(c.Kind), Category: string(c.Category),
		Priority: string(c.Priority), Source: string(c.Source), Title: c.Title, Description: c.Description,
		Department: c.Department, Status: string(c.Status), AcceptBy: c.AcceptBy, ResolveBy: c.ResolveBy,
		DispatchedAt: c.DispatchedAt, AcceptedAt: c.AcceptedAt, RepliedAt: c.RepliedAt,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, Version: 1,
		IsDispatched: flag(!c.DispatchedAt.IsZero()), IsAccepted: flag(!c.AcceptedAt.IsZero()), AcceptedOnTime: flag(c.AcceptedOnTime()),
		IsReplied: flag(!c.RepliedAt.IsZero()), RepliedOnTime: flag(c.RepliedOnTime()), HandlingSecs: handling,
	}
	_, err := db.NewInsert().Model(&row).Exec(ctx)
	return err
}

// TestStore_SummaryBulkInsert checks that the bulk path of fixtures,
// InsertCasesForTest, keeps the summary right beside cases the Store
// writes one by one, in groups both write to.
func TestStore_SummaryBulkInsert(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		st, db := MustOpenStore(t, dialect)
		ctx := t.Context()
		storeCases(t, st, summaryCases(t, 4, 0, 30))
		bulk := summaryCases(t, 5, 30, 2500)
		err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			return st.InsertCasesForTest(ctx, tx, bulk)
		})
		if err != nil {
			t.Fatal(err)
		}
		storeCases(t, st, summaryCases(t, 6, 2530, 30))
		requireSummaryClean(t, st, "after the bulk insert")
		if s := requireStatsAsScan(t, st, govcase.StatsFilter{Year: 2022}, "after the bulk insert"); s.Total != 2560 {
			t.Fatalf("CaseStats counts %d cases, want 2560", s.Total)
		}
	})
}

// TestStore_SummaryRefusedUpdates checks that an update the Store refuses
// (a stale version, a case that does not exist, a taken event sequence)
// leaves the summary as it was, and that one it accepts moves the case.
func TestStore_SummaryRefusedUpdates(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		st, _ := MustOpenStore(t, dialect)
		ctx := t.Context()
		c := testCase(t, "2022-000001")
		storeCases(t, st, []*govcase.Case{c})
		next := *c
		next.Version, next.Status, next.Department = 2, govcase.StatusDispatched, "lbq-dept01"
		next.DispatchedAt = c.CreatedAt.Add(time.Hour)
		ev := regEvent(t, &next)
		if err := st.UpdateCase(ctx, &next, []govcase.Event{ev}); err != nil {
			t.Fatal(err)
		}
		stale := next
		stale.Status, stale.Department = govcase.StatusCancelled, ""
		wantCode(t, st.UpdateCase(ctx, &stale, []govcase.Event{regEvent(t, &stale)}), govops.ECONFLICT)
		ahead := next
		ahead.Version, ahead.Status = 4, govcase.StatusCancelled
		wantCode(t, st.UpdateCase(ctx, &ahead, []govcase.Event{regEvent(t, &ahead)}), govops.ECONFLICT)
		ghost := testCase(t, "2022-000002")
		ghost.Version = 2
		wantCode(t, st.UpdateCase(ctx, ghost, nil), govops.ENOTFOUND)
		dupSeq := next
		dupSeq.Version, dupSeq.Status = 3, govcase.StatusAccepted
		dup := regEvent(t, &dupSeq)
		dup.Seq = 2
		wantCode(t, st.UpdateCase(ctx, &dupSeq, []govcase.Event{dup}), govops.ECONFLICT)
		requireSummaryClean(t, st, "after the refused updates")
		s := requireStatsAsScan(t, st, govcase.StatsFilter{}, "after the refused updates")
		if len(s.Groups) != 1 || s.Groups[0].Status != govcase.StatusDispatched || s.Dispatched != 1 {
			t.Fatalf("CaseStats %+v: want the one dispatched case", s)
		}
	})
}
