package netopsbun_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/netops"
	"github.com/govops-kit/govops/netops/netopsbun"
)

func groupKey(g netops.VisitGroup) string { return g.Month + "|" + string(g.Zone) + "|" + g.Technician }

// summaryVisits returns the 360 visits of summaryFixture, reported over
// 2022 in three units, zones and technicians, one in six cancelled, one in
// three not arrived.
func summaryVisits() []netops.Visit {
	sh := govops.ShanghaiLocation()
	var vs []netops.Visit
	for i := range 360 {
		rep := time.Date(2022, time.Month(1+i%12), 1+i%28, i%24, 0, 0, 0, sh).UTC()
		v := netops.Visit{ID: uuid.Must(uuid.NewV7()), Ticket: netops.Ticket{Kind: netops.TicketExternal, Ref: fmt.Sprint(i)},
			Unit: []string{"lbq-a", "lbq-b", "lbq-c"}[i%3], Zone: netops.Zones()[i/3%3], Technician: []string{"李工", "陈工", "王工"}[i/9%3],
			ReportedAt: rep, SLAMinutes: 45, DueAt: rep.Add(45 * time.Minute), Month: rep.In(sh).Format("2006-01"),
			Status: netops.VisitReported, Version: 1}
		switch i % 6 {
		case 1, 2:
			v.ArrivedAt, v.Status = rep.Add(time.Duration(10+i%60)*time.Minute), netops.VisitArrived
		case 3:
			v.ArrivedAt, v.ResolvedAt, v.Status = rep.Add(30*time.Minute), rep.Add(2*time.Hour), netops.VisitResolved
		case 4:
			v.Status = netops.VisitCancelled
		}
		vs = append(vs, v)
	}
	return vs
}

// TestStore_VisitSummaryRepair changes summary rows behind the Store's
// back, on every dialect: VisitGroups of whole months then answers from
// the rows as changed (they are the Store's answer), RepairSummaries
// without repair names each group that differs and changes nothing, and
// with repair makes the summaries equal the visits again.
func TestStore_VisitSummaryRepair(t *testing.T) {
	sh := govops.ShanghaiLocation()
	year := netops.VisitFilter{From: time.Date(2022, 1, 1, 0, 0, 0, 0, sh), To: time.Date(2023, 1, 1, 0, 0, 0, 0, sh),
		AsOf: time.Date(2023, 1, 1, 0, 0, 0, 0, sh)}
	unit := year
	unit.Unit = "lbq-b"
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			st, db := MustOpenStore(t, d)
			ctx := t.Context()
			vs := summaryVisits()
			storetestkit.Must(t, st.CreateVisits(ctx, vs, nil), "CreateVisits")
			for i := range vs[:30] {
				v := &vs[i]
				v.Technician, v.Version = "钱工", 2
				storetestkit.Must(t, st.UpdateVisit(ctx, v, nil), "UpdateVisit")
			}
			rep, err := st.RepairSummaries(ctx, false)
			if err != nil || !rep.Clean() || len(rep.Summaries) != 2 {
				t.Fatalf("RepairSummaries of the fixture: %v\n%s", err, rep)
			}
			want, err := netopsbun.VisitGroupsScanForTest(ctx, st, year)
			storetestkit.Must(t, err, "the scan")
			wantUnit, err := netopsbun.VisitGroupsScanForTest(ctx, st, unit)
			storetestkit.Must(t, err, "the scan")
			i := slices.IndexFunc(want, func(g netops.VisitGroup) bool { return g.Resolved > 0 })
			g := want[i]
			for _, q := range []string{
				fmt.Sprintf("UPDATE netops_visit_counts SET visits = visits + 2 WHERE month = '%s' AND zone = '%s' AND technician = '%s' AND status = 'resolved'",
					g.Month, g.Zone, g.Technician),
				"DELETE FROM netops_visit_unit_counts WHERE unit = 'lbq-b'",
			} {
				res, err := db.ExecContext(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				if n, _ := res.RowsAffected(); n == 0 {
					t.Fatalf("%s changed no row", q)
				}
			}
			got, err := st.VisitGroups(ctx, year)
			storetestkit.Must(t, err, "VisitGroups")
			corrupt := slices.Clone(want)
			corrupt[i].Visits, corrupt[i].Arrived, corrupt[i].OnTime, corrupt[i].Resolved =
				g.Visits+2, g.Arrived+2, g.OnTime+2, g.Resolved+2
			storetestkit.RequireGroups(t, corrupt, got, groupKey, "VisitGroups over a changed summary row")
			if got, err := st.VisitGroups(ctx, unit); err != nil || len(got) != 0 {
				t.Fatalf("VisitGroups of a unit whose summary rows are gone: %v, %v; want none", got, err)
			}

			var unitRows int
			err = db.NewRaw("SELECT COUNT(*) FROM (SELECT 1 FROM netops_visits WHERE unit = 'lbq-b' GROUP BY month, zone, technician, status, arrival) g").
				Scan(ctx, &unitRows)
			storetestkit.Must(t, err, "count the unit's groups")
			wantDiffs := map[string]int{"netops_visit_counts": 1, "netops_visit_unit_counts": unitRows}
			for _, repair := range []bool{false, true} {
				rep, err := st.RepairSummaries(ctx, repair)
				storetestkit.Must(t, err, "RepairSummaries")
				for _, s := range rep.Summaries {
					if len(s.Diffs) != wantDiffs[s.Name] || s.Repaired != repair {
						t.Fatalf("RepairSummaries(%v): %s has %d differences (repaired %v), want %d:\n%s",
							repair, s.Name, len(s.Diffs), s.Repaired, wantDiffs[s.Name], rep)
					}
				}
			}
			rep, err = st.RepairSummaries(ctx, false)
			if err != nil || !rep.Clean() {
				t.Fatalf("RepairSummaries after a repair: %v\n%s", err, rep)
			}
			for _, c := range []struct {
				f    netops.VisitFilter
				want []netops.VisitGroup
			}{{year, want}, {unit, wantUnit}} {
				got, err := st.VisitGroups(ctx, c.f)
				storetestkit.Must(t, err, "VisitGroups")
				storetestkit.RequireGroups(t, c.want, got, groupKey, "VisitGroups of "+c.f.Unit+" after a repair")
			}
		})
	}
}

// TestStore_MigrateFillsVisitCounts upgrades, on every dialect, a database
// of the first schema whose visits were written without their counts,
// and checks that the migration counts them, of every unit and of each:
// VisitGroups of whole months equals the scan and RepairSummaries finds
// the summaries clean.
func TestStore_MigrateFillsVisitCounts(t *testing.T) {
	sh := govops.ShanghaiLocation()
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			db := dbtest.Open(t, d)
			ctx := t.Context()
			if err := netopsbun.MigrateToForTest(ctx, db, "20270110000001"); err != nil {
				t.Fatal(err)
			}
			for _, v := range summaryVisits() {
				arrival, secs := 0, int64(0)
				var arrived any
				if !v.ArrivedAt.IsZero() {
					arrival, secs, arrived = 1, int64(v.ArrivedAt.Sub(v.ReportedAt)/time.Second), v.ArrivedAt
					if v.ArrivedAt.After(v.DueAt) {
						arrival = 2
					}
				}
				_, err := db.ExecContext(ctx, `INSERT INTO netops_visits (id, ticket_kind, ticket_ref, unit, zone, technician,
					summary, contact, contact_phone, reported_at, sla_minutes, due_at, arrived_at, month, status, arrival,
					response_seconds, note, version) VALUES (?, ?, ?, ?, ?, ?, '', '', '', ?, ?, ?, ?, ?, ?, ?, ?, '', 1)`,
					v.ID.String(), string(v.Ticket.Kind), v.Ticket.Ref, v.Unit, string(v.Zone), v.Technician, v.ReportedAt,
					v.SLAMinutes, v.DueAt, arrived, v.Month, string(v.Status), arrival, secs)
				if err != nil {
					t.Fatal(err)
				}
			}
			st, err := netopsbun.Open(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			for _, unit := range []string{"", "lbq-a", "lbq-c"} {
				f := netops.VisitFilter{Unit: unit, From: time.Date(2022, 1, 1, 0, 0, 0, 0, sh), To: time.Date(2023, 1, 1, 0, 0, 0, 0, sh),
					AsOf: time.Date(2022, 7, 1, 0, 0, 0, 0, sh)}
				want, err := netopsbun.VisitGroupsScanForTest(ctx, st, f)
				storetestkit.Must(t, err, "the scan")
				got, err := st.VisitGroups(ctx, f)
				storetestkit.Must(t, err, "VisitGroups")
				storetestkit.RequireGroups(t, want, got, groupKey, fmt.Sprintf("VisitGroups of %q after the upgrade", unit))
			}
			rep, err := st.RepairSummaries(ctx, false)
			if err != nil || !rep.Clean() {
				t.Fatalf("RepairSummaries after the upgrade: %v\n%s", err, rep)
			}
		})
	}
}
