package securitybun_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/security"
	"github.com/govops-kit/govops/security/securitybun"
)

// countKey keys a HardeningCount for storetestkit.RequireGroups.
func countKey(c security.HardeningCount) string {
	return fmt.Sprintf("%s|%s|%d|%d", c.Kind, c.Severity, c.FoundYear, c.VerifiedYear)
}

// countsOf counts hs as HardeningCounts does, of dept ("" all).
func countsOf(hs []security.Hardening, dept string) []security.HardeningCount {
	by := map[string]*security.HardeningCount{}
	var out []*security.HardeningCount
	for _, h := range hs {
		if dept != "" && h.Department != dept {
			continue
		}
		c := security.HardeningCount{Kind: h.Kind, Severity: h.Severity, FoundYear: h.FoundYear(), VerifiedYear: h.VerifiedYear()}
		k := countKey(c)
		if by[k] == nil {
			by[k] = &c
			out = append(out, &c)
		}
		by[k].Count++
	}
	res := make([]security.HardeningCount, len(out))
	for i, c := range out {
		res[i] = *c
	}
	return res
}

// summaryFixture stores records of every status and some inspections in
// st, changing some of them, and returns the records as stored.
func summaryFixture(t *testing.T, st *securitybun.Store) []security.Hardening {
	t.Helper()
	ctx := t.Context()
	r := rand.New(rand.NewPCG(5, 8))
	sh := govops.ShanghaiLocation()
	var hs []security.Hardening
	for i := range 40 {
		h := security.Hardening{ID: uuid.Must(uuid.NewV7()), Department: []string{"", "lbq-scjg", "lbq-gaj"}[i%3],
			Asset: fmt.Sprintf("ZC-%03d", i), Kind: security.FindingKinds()[i%5], Severity: security.Severities()[i%4],
			Source:  security.Source{Kind: security.SourceInspection, ID: uuid.Must(uuid.NewV7()), Seq: 1},
			FoundOn: time.Date(2022, time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), 0, 0, 0, sh).UTC(),
			Status:  []security.HardeningStatus{security.HardeningOpen, security.HardeningVerified}[i%2], Version: 1}
		if h.Status == security.HardeningVerified {
			h.VerifiedAt = h.FoundOn.AddDate(0, 1, 0)
		}
		hs = append(hs, h)
	}
	storetestkit.Must(t, st.CreateHardenings(ctx, hs, nil), "CreateHardenings")
	for i := range hs[:10] {
		h := &hs[i]
		h.Status, h.VerifiedAt, h.Version = security.HardeningVerified, h.FoundOn.AddDate(1, 0, 0), 2
		storetestkit.Must(t, st.UpdateHardening(ctx, h, nil), "UpdateHardening")
	}
	for i := range 12 {
		in := security.Inspection{ID: uuid.Must(uuid.NewV7()), Department: "lbq-scjg",
			Date: time.Date(2022, time.Month(1+i), 1, 0, 0, 0, 0, sh).UTC(), Version: 1}
		storetestkit.Must(t, st.CreateInspection(ctx, &in, nil), "CreateInspection")
	}
	return hs
}

// TestStore_SummaryRepair changes summary rows behind the Store's back,
// on every dialect: the counts then answer from the rows as changed (they
// are the Store's answer), RepairSummaries without repair names each
// group that differs and changes nothing, and with repair makes the
// summaries equal the records again.
func TestStore_SummaryRepair(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			st, db := MustOpenStore(t, d)
			ctx := t.Context()
			hs := summaryFixture(t, st)
			rep, err := st.RepairSummaries(ctx, false)
			if err != nil || !rep.Clean() || len(rep.Summaries) != 5 {
				t.Fatalf("RepairSummaries of the fixture: %v\n%s", err, rep)
			}
			first := countsOf(hs, "")[0]
			for _, q := range []string{
				fmt.Sprintf("UPDATE security_hardening_counts SET hardenings = hardenings + 2 WHERE kind = '%s' AND severity = '%s' AND found_year = %d AND verified_year = %d",
					first.Kind, first.Severity, first.FoundYear, first.VerifiedYear),
				"DELETE FROM security_hardening_dept_day_counts WHERE department = 'lbq-gaj'",
				"INSERT INTO security_inspection_counts (month, inspections) VALUES ('1999-01', 5)",
			} {
				if _, err := db.ExecContext(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			got, err := st.HardeningCounts(ctx, "")
			storetestkit.Must(t, err, "HardeningCounts")
			corrupt := countsOf(hs, "")
			corrupt[0].Count += 2
			storetestkit.RequireGroups(t, corrupt, got, countKey, "HardeningCounts of a changed summary row")
			if n, err := st.CountInspections(ctx, security.InspectionFilter{}); err != nil || n != 12+5 {
				t.Fatalf("CountInspections over a ghost row: %d, %v; want 17", n, err)
			}

			wantDiffs := map[string]int{"security_hardening_counts": 1, "security_inspection_counts": 1}
			groups := map[string]bool{}
			for _, h := range hs {
				if h.Department == "lbq-gaj" {
					groups[fmt.Sprint(h.FoundDay().Unix(), h.Severity, h.VerifiedYear())] = true
				}
			}
			wantDiffs["security_hardening_dept_day_counts"] = len(groups)
			for _, repair := range []bool{false, true} {
				rep, err := st.RepairSummaries(ctx, repair)
				storetestkit.Must(t, err, "RepairSummaries")
				for _, s := range rep.Summaries {
					if len(s.Diffs) != wantDiffs[s.Name] || s.Repaired != (repair && len(s.Diffs) > 0) {
						t.Fatalf("RepairSummaries(%v): %s has %d differences (repaired %v), want %d:\n%s",
							repair, s.Name, len(s.Diffs), s.Repaired, wantDiffs[s.Name], rep)
					}
				}
			}
			rep, err = st.RepairSummaries(ctx, false)
			if err != nil || !rep.Clean() {
				t.Fatalf("RepairSummaries after a repair: %v\n%s", err, rep)
			}
			got, err = st.HardeningCounts(ctx, "")
			storetestkit.Must(t, err, "HardeningCounts")
			storetestkit.RequireGroups(t, countsOf(hs, ""), got, countKey, "HardeningCounts after a repair")
			if n, err := st.CountInspections(ctx, security.InspectionFilter{}); err != nil || n != 12 {
				t.Fatalf("CountInspections after a repair: %d, %v; want 12", n, err)
			}
		})
	}
}

// TestStore_MigrateFillsSummaries upgrades, on every dialect, a database
// of the first schema holding records (found and verified across the
// first instant of a year and of a day in Asia/Shanghai, not found on any
// day, verified at no time, a VerifiedAt left on a record not verified)
// and checks that the migration computes what the Store computes for a
// record it writes, and fills the summaries from the records: the counts
// equal the listing's and RepairSummaries finds them clean.
func TestStore_MigrateFillsSummaries(t *testing.T) {
	sh := govops.ShanghaiLocation()
	newYear := time.Date(2023, 1, 1, 0, 0, 0, 0, sh)
	times := []any{nil, newYear.UTC(), newYear.Add(-time.Microsecond).UTC(), time.Date(2022, 3, 1, 7, 59, 0, 0, time.UTC),
		time.Date(2022, 3, 1, 8, 0, 0, 0, time.UTC), time.Date(2021, 11, 30, 23, 0, 0, 0, time.UTC)}
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			db := dbtest.Open(t, d)
			ctx := t.Context()
			if err := securitybun.MigrateToForTest(ctx, db, "20270201000001"); err != nil {
				t.Fatal(err)
			}
			n := 0
			for i, found := range times {
				for j, verified := range times {
					for _, status := range []string{"open", "verified"} {
						n++
						_, err := db.ExecContext(ctx, `INSERT INTO security_hardenings (id, department, asset, kind, severity, detail,
							source_kind, source_id, source_seq, source_ref, found_on, status, remediation, remediated_by, verified_by,
							verified_at, retests, version) VALUES (?, ?, 'A', ?, ?, '', 'other', NULL, 0, '', ?, ?, '', '', '', ?, 0, 1)`,
							uuid.Must(uuid.NewV7()).String(), []string{"", "lbq-scjg"}[n%2], security.FindingKinds()[i%5],
							security.Severities()[j%4], found, status, verified)
						if err != nil {
							t.Fatal(err)
						}
					}
				}
				_, err := db.ExecContext(ctx, `INSERT INTO security_inspections (id, department, inspected_on, scope, inspector,
					items, findings, note, version) VALUES (?, 'lbq-scjg', ?, '', '', '[]', '[]', '', 1)`, uuid.Must(uuid.NewV7()).String(), found)
				if err != nil {
					t.Fatal(err)
				}
			}
			st, err := securitybun.Open(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			hs, err := st.Hardenings(ctx, security.HardeningFilter{}, uuid.Nil, 0)
			if err != nil || len(hs) != n {
				t.Fatalf("Hardenings: %d, %v; want %d", len(hs), err, n)
			}
			for _, dept := range []string{"", "lbq-scjg"} {
				got, err := st.HardeningCounts(ctx, dept)
				storetestkit.Must(t, err, "HardeningCounts")
				storetestkit.RequireGroups(t, countsOf(hs, dept), got, countKey, fmt.Sprintf("HardeningCounts of %q after the upgrade", dept))
			}
			days, err := st.HardeningDays(ctx, "", time.Date(2021, 1, 1, 0, 0, 0, 0, sh), time.Date(2024, 1, 1, 0, 0, 0, 0, sh))
			storetestkit.Must(t, err, "HardeningDays")
			want := map[string]int64{}
			for _, h := range hs {
				if !h.FoundOn.IsZero() {
					want[fmt.Sprintf("%s|%s|%d", h.Severity, h.FoundDay().Format(time.RFC3339), h.VerifiedYear())]++
				}
			}
			gotDays := map[string]int64{}
			for _, g := range days {
				gotDays[fmt.Sprintf("%s|%s|%d", g.Severity, g.FoundDay.UTC().Format(time.RFC3339), g.VerifiedYear)] += g.Count
			}
			storetestkit.RequireEqual(t, want, gotDays, "HardeningDays after the upgrade")
			for _, f := range []security.InspectionFilter{{}, {From: newYear}, {To: newYear},
				{From: time.Date(2022, 3, 1, 0, 0, 0, 0, sh), To: time.Date(2022, 4, 1, 0, 0, 0, 0, sh)}} {
				xs, err := st.Inspections(ctx, f, uuid.Nil, 0)
				storetestkit.Must(t, err, "Inspections")
				if c, err := st.CountInspections(ctx, f); err != nil || c != int64(len(xs)) {
					t.Fatalf("CountInspections %+v after the upgrade: %d, %v; the listing holds %d", f, c, err, len(xs))
				}
			}
			rep, err := st.RepairSummaries(ctx, false)
			if err != nil || !rep.Clean() {
				t.Fatalf("RepairSummaries after the upgrade: %v\n%s", err, rep)
			}
		})
	}
}
