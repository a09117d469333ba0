package securitybun_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/security"
	"github.com/govops-kit/govops/security/securitybun"
)

// TestStore_FilterPlans checks on SQLite that every filter of every
// listing, alone, finds its records through an index of its table rather
// than by reading the table, over enough rows of many values that a
// planner would read the table if it had no index to use.
func TestStore_FilterPlans(t *testing.T) {
	var last string
	db := dbtest.Open(t, dbopen.SQLite).WithQueryHook(dbtest.SelectHook(func(q string) { last = q }))
	st, err := securitybun.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := t.Context()
	const n = 600
	day := func(i int) time.Time { return time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i) }
	dept := func(i int) string { return fmt.Sprintf("lbq-%03d", i%150) }
	plans := make([]uuid.UUID, 150)
	for i := range plans {
		plans[i] = uuid.Must(uuid.NewV7())
	}
	var hs []security.Hardening
	for i := range n {
		id := uuid.Must(uuid.NewV7())
		p := security.Plan{ID: id, Code: fmt.Sprintf("plan-%03d", i%150), Revision: 1 + i/150, Year: 1900 + i%150,
			Status: security.PlanStatus(fmt.Sprintf("s%03d", i%150)), Version: 1}
		d := security.Drill{ID: id, Plan: plans[i%150], Date: day(i), Version: 1}
		in := security.Inspection{ID: id, Department: dept(i), Date: day(i), Version: 1}
		x := security.Exercise{ID: id, Start: day(i), Version: 1}
		inc := security.Incident{ID: id, Department: dept(i), Grade: security.Grade(fmt.Sprintf("g%03d", i%150)),
			Status: security.IncidentStatus(fmt.Sprintf("s%03d", i%150)), DetectedAt: day(i), Version: 1}
		for _, err := range []error{st.CreatePlan(ctx, &p, nil), st.CreateDrill(ctx, &d, nil), st.CreateInspection(ctx, &in, nil),
			st.CreateExercise(ctx, &x, nil), st.CreateIncident(ctx, &inc, nil)} {
			if err != nil {
				t.Fatal(err)
			}
		}
		hs = append(hs, security.Hardening{ID: id, Department: dept(i), Kind: security.FindingKind(fmt.Sprintf("k%03d", i%150)),
			Severity: security.Severity(fmt.Sprintf("v%03d", i%150)), Status: security.HardeningStatus(fmt.Sprintf("s%03d", i%150)),
			Source:  security.Source{Kind: security.SourceKind(fmt.Sprintf("c%03d", i%150)), ID: uuid.Must(uuid.NewV7()), Seq: 1},
			FoundOn: day(i), Version: 1})
	}
	if err := st.CreateHardenings(ctx, hs, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "ANALYZE"); err != nil {
		t.Fatal(err)
	}
	near := day(3)
	for name, list := range map[string]func() error{
		"Plans/Code":   func() error { _, err := st.Plans(ctx, security.PlanFilter{Code: "plan-007"}, uuid.Nil, 0); return err },
		"Plans/Status": func() error { _, err := st.Plans(ctx, security.PlanFilter{Status: "s007"}, uuid.Nil, 0); return err },
		"Plans/Year":   func() error { _, err := st.Plans(ctx, security.PlanFilter{Year: 1907}, uuid.Nil, 0); return err },
		"Drills/Plan":  func() error { _, err := st.Drills(ctx, security.DrillFilter{Plan: plans[7]}, uuid.Nil, 0); return err },
		"Drills/From": func() error {
			_, err := st.Drills(ctx, security.DrillFilter{From: day(n - 3)}, uuid.Nil, 0)
			return err
		},
		"Drills/To": func() error { _, err := st.Drills(ctx, security.DrillFilter{To: near}, uuid.Nil, 0); return err },
		"Inspections/Department": func() error {
			_, err := st.Inspections(ctx, security.InspectionFilter{Department: "lbq-007"}, uuid.Nil, 0)
			return err
		},
		"Inspections/To": func() error {
			_, err := st.Inspections(ctx, security.InspectionFilter{To: near}, uuid.Nil, 0)
			return err
		},
		"Hardenings/Department": func() error {
			_, err := st.Hardenings(ctx, security.HardeningFilter{Department: "lbq-007"}, uuid.Nil, 0)
			return err
		},
		"Hardenings/Status": func() error {
			_, err := st.Hardenings(ctx, security.HardeningFilter{Status: "s007"}, uuid.Nil, 0)
			return err
		},
		"Hardenings/Kind": func() error {
			_, err := st.Hardenings(ctx, security.HardeningFilter{Kind: "k007"}, uuid.Nil, 0)
			return err
		},
		"Hardenings/Severity": func() error {
			_, err := st.Hardenings(ctx, security.HardeningFilter{Severity: "v007"}, uuid.Nil, 0)
			return err
		},
		"Hardenings/SourceKind": func() error {
			_, err := st.Hardenings(ctx, security.HardeningFilter{SourceKind: "c007"}, uuid.Nil, 0)
			return err
		},
		"Hardenings/SourceID": func() error {
			_, err := st.Hardenings(ctx, security.HardeningFilter{SourceID: hs[7].Source.ID}, uuid.Nil, 0)
			return err
		},
		"Hardenings/FoundBefore": func() error {
			_, err := st.Hardenings(ctx, security.HardeningFilter{FoundBefore: near}, uuid.Nil, 0)
			return err
		},
		"Exercises/To": func() error { _, err := st.Exercises(ctx, security.ExerciseFilter{To: near}, uuid.Nil, 0); return err },
		"Incidents/Department": func() error {
			_, err := st.Incidents(ctx, security.IncidentFilter{Department: "lbq-007"}, uuid.Nil, 0)
			return err
		},
		"Incidents/Grade": func() error {
			_, err := st.Incidents(ctx, security.IncidentFilter{Grade: "g007"}, uuid.Nil, 0)
			return err
		},
		"Incidents/Status": func() error {
			_, err := st.Incidents(ctx, security.IncidentFilter{Status: "s007"}, uuid.Nil, 0)
			return err
		},
		"Incidents/To": func() error {
			_, err := st.Incidents(ctx, security.IncidentFilter{To: near}, uuid.Nil, 0)
			return err
		},
	} {
		t.Run(name, func(t *testing.T) {
			if err := list(); err != nil {
				t.Fatal(err)
			}
			plan := dbtest.QueryPlan(t, db, last)
			if !strings.Contains(plan, "SEARCH") || strings.Contains(plan, "SCAN ") {
				t.Fatalf("%s reads the table rather than searching an index:\n%s\n%s", name, last, plan)
			}
		})
	}
}
