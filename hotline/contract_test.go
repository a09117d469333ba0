package hotline_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/hotline"
)

// seedListings stores n callbacks, outcomes and deductions of yuejin, and
// as many of zhifa, in August 2022.
func seedListings(tb testing.TB, svc *hotline.Service, n int) {
	tb.Helper()
	ctx := context.Background()
	for _, dept := range []string{"yuejin", "zhifa"} {
		var cbs []hotline.CallbackInput
		var ocs []hotline.OutcomeInput
		for i := range n {
			number := fmt.Sprintf("P-%s-%04d", dept, i)
			cbs = append(cbs, hotline.CallbackInput{CaseNumber: number, Department: dept, Result: hotline.ResultSatisfied,
				CalledAt: shanghai(2022, 8, 3, 10, 0)})
			ocs = append(ocs, hotline.OutcomeInput{CaseNumber: number, Department: dept, Month: aug(), Dispatched: true})
			mustRecord(tb, svc, dept)
		}
		if _, err := svc.ImportCallbacks(ctx, center(), cbs, csvimport.AllOrNothing); err != nil {
			tb.Fatal(err)
		}
		if _, err := svc.ImportOutcomes(ctx, center(), ocs, csvimport.AllOrNothing); err != nil {
			tb.Fatal(err)
		}
	}
}

// listing pages through one of the Service's listings.
type listing struct {
	name string
	list func(ctx context.Context, svc *hotline.Service, by govops.Actor, cursor string, limit int) (keys []string, next string, err error)
}

func listings() []listing {
	return []listing{
		{"Callbacks", func(ctx context.Context, svc *hotline.Service, by govops.Actor, cursor string, limit int) ([]string, string, error) {
			p, err := svc.ListCallbacks(ctx, by, hotline.CallbackFilter{Cursor: cursor, Limit: limit})
			var keys []string
			for _, c := range p.Items {
				keys = append(keys, c.Department+" "+c.ID.String())
			}
			return keys, p.Next, err
		}},
		{"Outcomes", func(ctx context.Context, svc *hotline.Service, by govops.Actor, cursor string, limit int) ([]string, string, error) {
			p, err := svc.ListOutcomes(ctx, by, hotline.OutcomeFilter{Cursor: cursor, Limit: limit})
			var keys []string
			for _, o := range p.Items {
				keys = append(keys, o.Department+" "+o.CaseNumber)
			}
			return keys, p.Next, err
		}},
		{"Deductions", func(ctx context.Context, svc *hotline.Service, by govops.Actor, cursor string, limit int) ([]string, string, error) {
			p, err := svc.ListDeductions(ctx, by, hotline.DeductionFilter{Cursor: cursor, Limit: limit})
			var keys []string
			for _, d := range p.Items {
				keys = append(keys, d.Department+" "+d.ID.String())
			}
			return keys, p.Next, err
		}},
	}
}

// TestService_Paging checks the paging every listing shares: 50 to a page
// by default, at most 500, an opaque cursor that resumes after the last
// item, an empty Next on the last page, and a department's listing paged
// over its own records alone.
func TestService_Paging(t *testing.T) {
	ctx := context.Background()
	svc, _ := MustOpenService(t)
	seedListings(t, svc, 60)
	for _, l := range listings() {
		t.Run(l.name, func(t *testing.T) {
			all, next, err := l.list(ctx, svc, center(), "", 500)
			if err != nil || len(all) != 120 || next != "" {
				t.Fatalf("one page of 500: %d items, next %q, %v; want all 120 and no next", len(all), next, err)
			}
			t.Run("DefaultIs50", func(t *testing.T) {
				keys, next, err := l.list(ctx, svc, center(), "", 0)
				if err != nil || len(keys) != govops.DefaultPageSize || next == "" {
					t.Fatalf("limit 0: %d items, next %q, %v; want %d and a next page", len(keys), next, err, govops.DefaultPageSize)
				}
			})
			t.Run("PagesResumeAfterTheLast", func(t *testing.T) {
				var got []string
				cursor := ""
				for pages := 0; ; pages++ {
					if pages > 20 {
						t.Fatal("the listing never ends")
					}
					keys, next, err := l.list(ctx, svc, center(), cursor, 7)
					if err != nil {
						t.Fatal(err)
					}
					if len(keys) > 7 || (next != "" && len(keys) != 7) {
						t.Fatalf("a page of %d with next %q, limit 7", len(keys), next)
					}
					got = append(got, keys...)
					if next == "" {
						break
					}
					cursor = next
				}
				if fmt.Sprint(got) != fmt.Sprint(all) {
					t.Fatalf("paged through %d items, want the %d of one page, in the same order", len(got), len(all))
				}
			})
			t.Run("DepartmentPagesItsOwn", func(t *testing.T) {
				var got []string
				cursor := ""
				for {
					keys, next, err := l.list(ctx, svc, ownDept(), cursor, 25)
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, keys...)
					if next == "" {
						break
					}
					cursor = next
				}
				var want []string
				for _, k := range all {
					if k[:len("yuejin")] == "yuejin" {
						want = append(want, k)
					}
				}
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Fatalf("yuejin paged through %d items, want its %d", len(got), len(want))
				}
			})
			for _, tc := range []struct {
				name   string
				cursor string
				limit  int
				field  string
			}{
				{"ErrLimitOver500", "", govops.MaxPageSize + 1, "limit"},
				{"ErrLimitNegative", "", -1, "limit"},
				{"ErrCursorNotIssued", "!!", 0, "cursor"},
				{"ErrCursorRawKey", uuid.Must(uuid.NewV7()).String(), 0, "cursor"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					_, _, err := l.list(ctx, svc, center(), tc.cursor, tc.limit)
					mustField(t, err, tc.field)
				})
			}
		})
	}
}

// TestService_References checks how the records without a human number
// are named: by their ID as a string. A number finds nothing, and a
// malformed reference is EINVALID naming "id".
func TestService_References(t *testing.T) {
	ctx := context.Background()
	fx := mustFixture(t)
	for _, tc := range []struct {
		name string
		call func(ref string) error
	}{
		{"GetCallback", func(ref string) error { _, err := fx.svc.GetCallback(ctx, center(), ref); return err }},
		{"GetDeduction", func(ref string) error { _, err := fx.svc.GetDeduction(ctx, center(), ref); return err }},
		{"DeductionHistory", func(ref string) error { _, err := fx.svc.DeductionHistory(ctx, center(), ref); return err }},
		{"FileAppeal", func(ref string) error { _, err := fx.svc.FileAppeal(ctx, ownDept(), ref, appeal()); return err }},
		{"DecideAppeal", func(ref string) error {
			_, err := fx.svc.DecideAppeal(ctx, center(), ref, hotline.DecisionInput{Decision: hotline.DecisionUphold, Note: "n"})
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mustCode(t, tc.call("2022-000123"), govops.ENOTFOUND)
			mustCode(t, tc.call(uuid.Must(uuid.NewV7()).String()), govops.ENOTFOUND)
			for _, bad := range []string{"", "  ", "2022 000123", "编号"} {
				mustField(t, tc.call(bad), "id")
			}
		})
	}
}

// TestService_IfVersion checks the inputs that change a record with
// IfVersion: 0 does not check, a stale version is ECONFLICT and changes
// nothing, a negative one is EINVALID.
func TestService_IfVersion(t *testing.T) {
	ctx := context.Background()
	fx := mustFixture(t)
	ref := fx.deduct.String()
	_, err := fx.svc.FileAppeal(ctx, ownDept(), ref, hotline.AppealInput{Materials: "m", IfVersion: -1})
	mustField(t, err, "if_version")
	_, err = fx.svc.FileAppeal(ctx, ownDept(), ref, hotline.AppealInput{Materials: "m", IfVersion: 2})
	mustCode(t, err, govops.ECONFLICT)
	d, err := fx.svc.FileAppeal(ctx, ownDept(), ref, hotline.AppealInput{Materials: "m", IfVersion: 1})
	if err != nil || d.Version != 2 {
		t.Fatalf("appeal at version 1 = %+v, %v", d, err)
	}
	_, err = fx.svc.DecideAppeal(ctx, center(), ref, hotline.DecisionInput{Decision: hotline.DecisionUphold, Note: "n", IfVersion: 1})
	mustCode(t, err, govops.ECONFLICT)
	_, err = fx.svc.DecideAppeal(ctx, center(), ref, hotline.DecisionInput{Decision: hotline.DecisionUphold, Note: "n", IfVersion: -2})
	mustField(t, err, "if_version")
	if d, err = fx.svc.DecideAppeal(ctx, center(), ref, hotline.DecisionInput{Decision: hotline.DecisionUphold, Note: "n"}); err != nil || d.Version != 3 {
		t.Fatalf("a decision without IfVersion = %+v, %v", d, err)
	}
	_, err = fx.svc.RecordOutcome(ctx, center(), hotline.OutcomeInput{CaseNumber: fx.outcome, Department: "yuejin",
		Month: aug(), Dispatched: true, IfVersion: -1})
	mustField(t, err, "if_version")
}

// TestService_TimesInUTC checks that every time the Service stores is in
// UTC, whatever the zone of the clock and of the input.
func TestService_TimesInUTC(t *testing.T) {
	ctx := context.Background()
	svc, _ := MustOpenService(t)
	c, err := svc.RecordCallback(ctx, center(), hotline.CallbackInput{CaseNumber: "T-1", Department: "yuejin",
		Result: hotline.ResultSatisfied, CalledAt: shanghai(2022, 9, 1, 9, 30)})
	if err != nil {
		t.Fatal(err)
	}
	o, err := svc.RecordOutcome(ctx, center(), hotline.OutcomeInput{CaseNumber: "T-1", Department: "yuejin", Month: aug(), Dispatched: true})
	if err != nil {
		t.Fatal(err)
	}
	d := mustRecord(t, svc, "yuejin")
	d, err = svc.FileAppeal(ctx, ownDept(), d.ID.String(), appeal())
	if err != nil {
		t.Fatal(err)
	}
	hist, err := svc.DeductionHistory(ctx, center(), d.ID.String())
	if err != nil {
		t.Fatal(err)
	}
	times := map[string]time.Time{"CalledAt": c.CalledAt, "CreatedAt": c.CreatedAt, "UpdatedAt": o.UpdatedAt,
		"RecordedAt": d.RecordedAt, "AppealBy": d.AppealBy, "AppealedAt": d.AppealedAt}
	for i, e := range hist {
		times[fmt.Sprintf("history[%d].At", i)] = e.At
	}
	for name, at := range times {
		if at.Location() != time.UTC || at.IsZero() {
			t.Errorf("%s = %s, want a time in UTC", name, at)
		}
	}
	if !c.CalledAt.Equal(shanghai(2022, 9, 1, 9, 30)) {
		t.Errorf("CalledAt = %s, want the instant given", c.CalledAt)
	}
}

// TestService_HistoryNamesTheDepartment checks that every event of a
// deduction's trail carries the deduction's department.
func TestService_HistoryNamesTheDepartment(t *testing.T) {
	ctx := context.Background()
	fx := mustFixture(t)
	if _, err := fx.svc.DecideAppeal(ctx, center(), fx.appealed.String(), hotline.DecisionInput{Decision: hotline.DecisionOverturn, Note: "属实"}); err != nil {
		t.Fatal(err)
	}
	hist, err := fx.svc.DeductionHistory(ctx, ownDept(), fx.appealed.String())
	if err != nil || len(hist) != 3 {
		t.Fatalf("history = %+v, %v", hist, err)
	}
	for _, e := range hist {
		if e.Department != "yuejin" || e.Subject != fx.appealed {
			t.Fatalf("event %d of %s names department %q, want yuejin", e.Seq, e.Subject, e.Department)
		}
	}
}
