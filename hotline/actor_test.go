package hotline_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/hotline"
)

// The actors of the rule matrix: center staff, the department the
// records are of, another department, and a read-only center auditor.
func ownDept() govops.Actor   { return govops.Actor{Name: "yuejin-wang", Department: "yuejin"} }
func otherDept() govops.Actor { return govops.Actor{Name: "zhifa-liu", Department: "zhifa"} }
func readOnly() govops.Actor  { return govops.Actor{Name: "auditor-zhao", ReadOnly: true} }

// fixture is a Service holding one record of each kind for yuejin and
// for zhifa, and a deduction against yuejin with an open appeal.
type fixture struct {
	svc      *hotline.Service
	callback uuid.UUID // yuejin's, with a note
	deduct   uuid.UUID // against yuejin, recorded
	appealed uuid.UUID // against yuejin, appealed
	outcome  string    // yuejin's case number
}

func aug() hotline.Month { return hotline.NewMonth(2022, 8) }

func mustFixture(tb testing.TB) *fixture {
	tb.Helper()
	ctx := context.Background()
	svc, _ := MustOpenService(tb)
	fx := &fixture{svc: svc, outcome: "2022-000101"}
	for _, dept := range []string{"yuejin", "zhifa"} {
		c, err := svc.RecordCallback(ctx, center(), hotline.CallbackInput{CaseNumber: "CB-" + dept, Department: dept,
			Result: hotline.ResultDissatisfied, CalledAt: shanghai(2022, 8, 3, 10, 0), Note: "市民王女士反映仍未修好"})
		if err != nil {
			tb.Fatal(err)
		}
		if dept == "yuejin" {
			fx.callback = c.ID
		}
	}
	for i, dept := range []string{"yuejin", "zhifa"} {
		if _, err := svc.RecordOutcome(ctx, center(), hotline.OutcomeInput{CaseNumber: fmt.Sprintf("2022-%06d", 101+i),
			Department: dept, Month: aug(), Dispatched: true, Replied: true}); err != nil {
			tb.Fatal(err)
		}
	}
	fx.deduct = mustRecord(tb, svc, "yuejin").ID
	mustRecord(tb, svc, "zhifa")
	fx.appealed = mustRecord(tb, svc, "yuejin").ID
	if _, err := svc.FileAppeal(ctx, ownDept(), fx.appealed.String(), appeal()); err != nil {
		tb.Fatal(err)
	}
	return fx
}

// snapshot sums up what the store holds, as center staff see it, so that
// a refused write can be shown to have changed nothing.
func (fx *fixture) snapshot(tb testing.TB) string {
	tb.Helper()
	ctx := context.Background()
	cs, err1 := items(fx.svc.ListCallbacks(ctx, center(), hotline.CallbackFilter{}))
	os, err2 := items(fx.svc.ListOutcomes(ctx, center(), hotline.OutcomeFilter{}))
	scs, err3 := fx.svc.ListSchemes(ctx, center())
	ds, err4 := items(fx.svc.ListDeductions(ctx, center(), hotline.DeductionFilter{}))
	rk, err5 := fx.svc.PeerRanking(ctx, center(), hotline.YearPeriod(2022))
	for _, err := range []error{err1, err2, err3, err4, err5} {
		if err != nil {
			tb.Fatal(err)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "callbacks %d, outcomes %d, schemes %d, peers %d;", len(cs), len(os), len(scs), len(rk.Districts))
	for _, o := range os {
		fmt.Fprintf(&b, " %s v%d", o.CaseNumber, o.Version)
	}
	for _, d := range ds {
		fmt.Fprintf(&b, " %s %s v%d", d.Department, d.Status, d.Version)
	}
	return b.String()
}

func TestService_ActorRules(t *testing.T) {
	const (
		ok        = ""
		forbidden = govops.EFORBIDDEN
		notFound  = govops.ENOTFOUND
	)
	actors := []struct {
		name string
		by   func() govops.Actor
	}{{"Center", center}, {"OwnDept", ownDept}, {"OtherDept", otherDept}, {"ReadOnly", readOnly}}
	centerOnly := [4]string{ok, forbidden, forbidden, forbidden}
	everyone := [4]string{ok, ok, ok, ok}
	ownRecord := [4]string{ok, ok, notFound, ok}
	ownFilter := [4]string{ok, ok, forbidden, ok}

	type call func(ctx context.Context, fx *fixture, by govops.Actor) error
	newCallback := func(n string) hotline.CallbackInput {
		return hotline.CallbackInput{CaseNumber: n, Department: "yuejin", Result: hotline.ResultSatisfied, CalledAt: shanghai(2022, 8, 4, 9, 0)}
	}
	newOutcome := hotline.OutcomeInput{CaseNumber: "2022-000900", Department: "yuejin", Month: aug(), Dispatched: true}
	newScheme := func() hotline.Scheme {
		sc := hotline.DefaultScheme()
		sc.EffectiveFrom = hotline.NewMonth(2023, 1)
		return sc
	}
	peers := []hotline.PeerResult{{District: "柳北区", Period: hotline.YearPeriod(2022), Score: dec("98.5"), Satisfaction: dec("95.92")}}
	for _, tc := range []struct {
		method string
		call   call
		want   [4]string // center, own department, other department, read-only
	}{
		{"RecordCallback", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.RecordCallback(ctx, by, newCallback("CB-new"))
			return err
		}, centerOnly},
		{"GetCallback", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.GetCallback(ctx, by, fx.callback.String())
			return err
		}, ownRecord},
		{"ListCallbacks", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.ListCallbacks(ctx, by, hotline.CallbackFilter{})
			return err
		}, everyone},
		{"ListCallbacksOfYuejin", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.ListCallbacks(ctx, by, hotline.CallbackFilter{Department: "yuejin"})
			return err
		}, ownFilter},
		{"ImportCallbacks", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.ImportCallbacks(ctx, by, []hotline.CallbackInput{newCallback("CB-imported")}, csvimport.AllOrNothing)
			return err
		}, centerOnly},
		{"ImportCallbacksCSV", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.ImportCallbacksCSV(ctx, by, strings.NewReader("case_number,department,result,called_at\nCB-csv,yuejin,满意,2022-08-05 10:00\n"), csvimport.AllOrNothing)
			return err
		}, centerOnly},
		{"RecordOutcome", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.RecordOutcome(ctx, by, newOutcome)
			return err
		}, centerOnly},
		{"RecordOutcomeChangingOwn", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.RecordOutcome(ctx, by, hotline.OutcomeInput{CaseNumber: fx.outcome, Department: "yuejin", Month: aug(), Dispatched: true})
			return err
		}, centerOnly},
		{"GetOutcome", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.GetOutcome(ctx, by, fx.outcome)
			return err
		}, ownRecord},
		{"ListOutcomes", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.ListOutcomes(ctx, by, hotline.OutcomeFilter{})
			return err
		}, everyone},
		{"ListOutcomesOfYuejin", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.ListOutcomes(ctx, by, hotline.OutcomeFilter{Department: "yuejin"})
			return err
		}, ownFilter},
		{"ImportOutcomes", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.ImportOutcomes(ctx, by, []hotline.OutcomeInput{newOutcome}, csvimport.AllOrNothing)
			return err
		}, centerOnly},
		{"ImportOutcomesCSV", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.ImportOutcomesCSV(ctx, by, strings.NewReader("case_number,department,month,dispatched,accepted_on_time,resolved_on_time,returned,redone,replied\n2022-000901,yuejin,2022-08,1,1,1,0,0,1\n"), csvimport.AllOrNothing)
			return err
		}, centerOnly},
		{"SaveScheme", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.SaveScheme(ctx, by, newScheme())
			return err
		}, centerOnly},
		{"SchemeFor", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.SchemeFor(ctx, by, aug())
			return err
		}, everyone},
		{"ListSchemes", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.ListSchemes(ctx, by)
			return err
		}, everyone},
		{"RecordDeduction", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.RecordDeduction(ctx, by, hotline.DeductionInput{Department: "yuejin", Month: aug(), RuleCode: hotline.RuleOverdue, Reason: "超期"})
			return err
		}, centerOnly},
		{"GetDeduction", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.GetDeduction(ctx, by, fx.deduct.String())
			return err
		}, ownRecord},
		{"ListDeductions", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.ListDeductions(ctx, by, hotline.DeductionFilter{})
			return err
		}, everyone},
		{"ListDeductionsOfYuejin", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.ListDeductions(ctx, by, hotline.DeductionFilter{Department: "yuejin"})
			return err
		}, ownFilter},
		{"DeductionHistory", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.DeductionHistory(ctx, by, fx.deduct.String())
			return err
		}, ownRecord},
		// Only the department the deduction is against appeals; another
		// department cannot see the deduction at all.
		{"FileAppeal", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.FileAppeal(ctx, by, fx.deduct.String(), appeal())
			return err
		}, [4]string{forbidden, ok, notFound, forbidden}},
		{"DecideAppeal", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.DecideAppeal(ctx, by, fx.appealed.String(), hotline.DecisionInput{Decision: hotline.DecisionOverturn, Note: "属实"})
			return err
		}, centerOnly},
		{"RecomputeAppealWindows", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.RecomputeAppealWindows(ctx, by)
			return err
		}, centerOnly},
		{"MonthlyAssessment", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.MonthlyAssessment(ctx, by, aug())
			return err
		}, everyone},
		{"YearToDate", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.YearToDate(ctx, by, aug())
			return err
		}, everyone},
		{"ImportPeerResults", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.ImportPeerResults(ctx, by, peers, csvimport.AllOrNothing)
			return err
		}, centerOnly},
		{"ImportPeerResultsCSV", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.ImportPeerResultsCSV(ctx, by, strings.NewReader("district,period,score,satisfaction\n柳北区,2022,98.50,95.92\n"), csvimport.AllOrNothing)
			return err
		}, centerOnly},
		{"PeerRanking", func(ctx context.Context, fx *fixture, by govops.Actor) error {
			_, err := fx.svc.PeerRanking(ctx, by, hotline.YearPeriod(2022))
			return err
		}, everyone},
	} {
		for i, a := range actors {
			t.Run(tc.method+"/"+a.name, func(t *testing.T) {
				ctx := context.Background()
				fx := mustFixture(t)
				before := fx.snapshot(t)
				err := tc.call(ctx, fx, a.by())
				mustCode(t, err, tc.want[i])
				if err != nil {
					if after := fx.snapshot(t); after != before {
						t.Fatalf("a refused call changed the store:\nbefore %s\nafter  %s", before, after)
					}
				}
			})
		}
	}
}

func TestService_ActorValidation(t *testing.T) {
	ctx := context.Background()
	fx := mustFixture(t)
	long := strings.Repeat("王", govops.MaxActorLen+1)
	for _, tc := range []struct {
		name  string
		by    govops.Actor
		field string
	}{
		{"ErrNoName", govops.Actor{Department: "yuejin"}, "actor"},
		{"ErrBlankName", govops.Actor{Name: "  "}, "actor"},
		{"ErrNameTooLong", govops.Actor{Name: long}, "actor"},
		{"ErrNUL", govops.Actor{Name: "li\x00"}, "actor"},
		{"ErrDepartmentSpaces", govops.Actor{Name: "wang", Department: " yuejin"}, "actor.department"},
		{"ErrDepartmentTooLong", govops.Actor{Name: "wang", Department: strings.Repeat("d", govops.MaxCodeLen+1)}, "actor.department"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mustField(t, tc.by.Validate(), tc.field)
			// A read is refused as a write is, before anything is read.
			_, err := fx.svc.GetCallback(ctx, tc.by, fx.callback.String())
			mustField(t, err, tc.field)
			_, err = fx.svc.MonthlyAssessment(ctx, tc.by, aug())
			mustField(t, err, tc.field)
			// A write is refused for its actor before its input is read.
			_, err = fx.svc.RecordCallback(ctx, tc.by, hotline.CallbackInput{})
			mustField(t, err, tc.field)
			if _, ok := govops.ErrorFields(err)["case_number"]; ok {
				t.Fatalf("the input of a bad actor was checked: %v", err)
			}
		})
	}
	t.Run("OK", func(t *testing.T) {
		for _, by := range []govops.Actor{center(), ownDept(), readOnly(), {Name: strings.Repeat("王", govops.MaxActorLen)}} {
			if err := by.Validate(); err != nil {
				t.Fatalf("%+v: %v", by, err)
			}
		}
	})
}

// TestService_DepartmentScope checks what each actor gets back: a
// department only its own records and assessment rows (with the district
// totals), a read-only actor callbacks without their notes.
func TestService_DepartmentScope(t *testing.T) {
	ctx := context.Background()
	fx := mustFixture(t)
	svc := fx.svc

	t.Run("Lists", func(t *testing.T) {
		for _, tc := range []struct {
			name  string
			by    govops.Actor
			depts string // the departments of the callbacks, outcomes and deductions listed
		}{
			{"Center", center(), "yuejin zhifa"},
			{"OwnDept", ownDept(), "yuejin"},
			{"OtherDept", otherDept(), "zhifa"},
			{"ReadOnly", readOnly(), "yuejin zhifa"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				cs, err := items(svc.ListCallbacks(ctx, tc.by, hotline.CallbackFilter{}))
				if err != nil {
					t.Fatal(err)
				}
				os, err := items(svc.ListOutcomes(ctx, tc.by, hotline.OutcomeFilter{}))
				if err != nil {
					t.Fatal(err)
				}
				ds, err := items(svc.ListDeductions(ctx, tc.by, hotline.DeductionFilter{}))
				if err != nil {
					t.Fatal(err)
				}
				seen := func(depts ...string) string {
					set := map[string]bool{}
					for _, d := range depts {
						set[d] = true
					}
					var out []string
					for _, d := range []string{"yuejin", "zhifa"} {
						if set[d] {
							out = append(out, d)
						}
					}
					return strings.Join(out, " ")
				}
				var cd, od, dd []string
				for _, c := range cs {
					cd = append(cd, c.Department)
				}
				for _, o := range os {
					od = append(od, o.Department)
				}
				for _, d := range ds {
					dd = append(dd, d.Department)
				}
				if seen(cd...) != tc.depts || seen(od...) != tc.depts || seen(dd...) != tc.depts {
					t.Fatalf("callbacks of %v, outcomes of %v, deductions of %v; want %s", cd, od, dd, tc.depts)
				}
				if tc.by.Department != "" && (len(cs) != 1 || len(os) != 1) {
					t.Fatalf("%d callbacks, %d outcomes; want 1 each", len(cs), len(os))
				}
			})
		}
	})
	t.Run("OwnDepartmentFilterIsAllowed", func(t *testing.T) {
		cs, err := items(svc.ListCallbacks(ctx, ownDept(), hotline.CallbackFilter{Department: "yuejin"}))
		if err != nil || len(cs) != 1 {
			t.Fatalf("ListCallbacks = %v, %v", cs, err)
		}
	})
	t.Run("ErrForeignFilterNamesDepartment", func(t *testing.T) {
		_, err := svc.ListDeductions(ctx, ownDept(), hotline.DeductionFilter{Department: "zhifa"})
		mustCode(t, err, govops.EFORBIDDEN)
		if _, ok := govops.ErrorFields(err)["department"]; !ok {
			t.Fatalf("error does not name department: %v", err)
		}
	})
	t.Run("ForeignRecordLooksMissing", func(t *testing.T) {
		_, err := svc.GetCallback(ctx, otherDept(), fx.callback.String())
		_, missing := svc.GetCallback(ctx, otherDept(), uuid.Must(uuid.NewV7()).String())
		mustCode(t, err, govops.ENOTFOUND)
		mustCode(t, missing, govops.ENOTFOUND)
		if strings.Contains(govops.ErrorMessage(err), "yuejin") {
			t.Fatalf("the message leaks the department: %v", err)
		}
	})
	t.Run("ReadOnlySeesNoNote", func(t *testing.T) {
		for _, tc := range []struct {
			name     string
			by       govops.Actor
			wantNote bool
		}{{"Center", center(), true}, {"OwnDept", ownDept(), true}, {"ReadOnly", readOnly(), false},
			{"ReadOnlyOfOwnDept", govops.Actor{Name: "yuejin-audit", Department: "yuejin", ReadOnly: true}, false}} {
			t.Run(tc.name, func(t *testing.T) {
				c, err := svc.GetCallback(ctx, tc.by, fx.callback.String())
				if err != nil {
					t.Fatal(err)
				}
				cs, err := items(svc.ListCallbacks(ctx, tc.by, hotline.CallbackFilter{Department: "yuejin"}))
				if err != nil || len(cs) != 1 {
					t.Fatalf("ListCallbacks = %v, %v", cs, err)
				}
				if (c.Note != "") != tc.wantNote || (cs[0].Note != "") != tc.wantNote {
					t.Fatalf("notes %q and %q; want shown = %v", c.Note, cs[0].Note, tc.wantNote)
				}
			})
		}
		// Masking a copy leaves the stored note alone.
		if c, _ := svc.GetCallback(ctx, center(), fx.callback.String()); c.Note == "" {
			t.Fatal("the stored note was lost")
		}
	})
	t.Run("Assessments", func(t *testing.T) {
		all, err := svc.MonthlyAssessment(ctx, center(), aug())
		if err != nil {
			t.Fatal(err)
		}
		allYTD, err := svc.YearToDate(ctx, center(), aug())
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name  string
			by    govops.Actor
			depts string
		}{
			{"Center", center(), "yuejin zhifa"},
			{"ReadOnly", readOnly(), "yuejin zhifa"},
			{"OwnDept", ownDept(), "yuejin"},
			{"OtherDept", otherDept(), "zhifa"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				ma, err := svc.MonthlyAssessment(ctx, tc.by, aug())
				if err != nil {
					t.Fatal(err)
				}
				if got := assessedDepts(ma.Departments); got != tc.depts {
					t.Fatalf("monthly rows %q, want %q", got, tc.depts)
				}
				// The district totals are the whole district's for everyone.
				if !ma.District.Total.Equal(all.District.Total) || ma.District.Deductions != 3 || ma.District.Volume != 2 {
					t.Fatalf("district %+v, want %+v", ma.District, all.District)
				}
				y, err := svc.YearToDate(ctx, tc.by, aug())
				if err != nil {
					t.Fatal(err)
				}
				var ytd, ded []string
				for _, a := range y.Departments {
					ytd = append(ytd, a.Department)
				}
				for _, d := range y.DeductionsByDepartment {
					ded = append(ded, d.Department)
				}
				if strings.Join(ytd, " ") != tc.depts || strings.Join(ded, " ") != tc.depts ||
					len(y.Monthly) != 1 || assessedDepts(y.Monthly[0].Departments) != tc.depts {
					t.Fatalf("year to date rows %v, deductions of %v, monthly %+v; want %s", ytd, ded, y.Monthly, tc.depts)
				}
				if y.District.Deductions != allYTD.District.Deductions || !y.District.AverageScore.Equal(allYTD.District.AverageScore) {
					t.Fatalf("year to date district %+v, want %+v", y.District, allYTD.District)
				}
			})
		}
	})
}

func assessedDepts(as []hotline.Assessment) string {
	var out []string
	for _, a := range as {
		out = append(out, a.Department)
	}
	return strings.Join(out, " ")
}
