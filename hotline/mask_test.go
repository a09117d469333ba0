package hotline_test

import (
	"context"
	"errors"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
)

// TestService_MasksNamesOfTheCase shows a read-only reader seeing a
// deduction, its history and a callback with the personal data of the case
// they name masked, the reporter's name included, while center staff and
// the department see them whole.
func TestService_MasksNamesOfTheCase(t *testing.T) {
	ctx := context.Background()
	lookups := 0
	svc, c := MustOpenService(t, hotline.WithPersonalData(func(_ context.Context, n string) ([]string, error) {
		lookups++
		if n == "2022-000777" {
			return []string{"李四", "13700001111"}, nil
		}
		return nil, nil
	}))
	viewer := govops.Actor{Name: "督查室", ReadOnly: true}
	d, err := svc.RecordDeduction(ctx, center(), hotline.DeductionInput{Department: "yuejin", Month: hotline.NewMonth(2022, 8),
		RuleCode: hotline.RuleOverdue, Reason: "李四反映超期未办，电话13700001111", CaseNumber: "2022-000777"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := svc.GetDeduction(ctx, viewer, d.ID.String())
	if err != nil || got.Reason != "李*反映超期未办，电话137****1111" || got.CaseNumber != "2022-000777" || got.Department != "yuejin" {
		t.Fatalf("viewer sees %+v, %v", got, err)
	}
	hist, err := svc.DeductionHistory(ctx, viewer, d.ID.String())
	if err != nil || hist[0].Note != "李*反映超期未办，电话137****1111" || hist[0].Actor != "center-li" {
		t.Fatalf("viewer history = %+v, %v", hist, err)
	}
	list, err := items(svc.ListDeductions(ctx, viewer, hotline.DeductionFilter{}))
	if err != nil || len(list) != 1 || list[0].Reason != got.Reason {
		t.Fatalf("viewer list = %+v, %v", list, err)
	}
	own, err := svc.GetDeduction(ctx, govops.Actor{Name: "跃进", Department: "yuejin"}, d.ID.String())
	if err != nil || own.Reason != "李四反映超期未办，电话13700001111" {
		t.Fatalf("the department sees %+v, %v", own, err)
	}

	cb, err := svc.RecordCallback(ctx, center(), hotline.CallbackInput{CaseNumber: "2022-000777", Department: "yuejin",
		Result: hotline.ResultSatisfied, CalledAt: c.Now().Add(-1), Note: "李四表示满意"})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := svc.GetCallback(ctx, viewer, cb.ID.String()); err != nil || got.Note != "" || got.Department != "yuejin" {
		t.Fatalf("viewer callback = %+v, %v", got, err)
	}

	// A failed lookup fails the read: nothing is shown unmasked.
	svc2, _ := MustOpenService(t, hotline.WithPersonalData(func(context.Context, string) ([]string, error) {
		return nil, errors.New("database down")
	}))
	d2, err := svc2.RecordDeduction(ctx, center(), hotline.DeductionInput{Department: "yuejin", Month: hotline.NewMonth(2022, 8),
		RuleCode: hotline.RuleOverdue, Reason: "李四反映", CaseNumber: "2022-000777"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc2.GetDeduction(ctx, viewer, d2.ID.String()); govops.ErrorCode(err) != govops.EINTERNAL {
		t.Fatalf("GetDeduction with a failing lookup = %v, want EINTERNAL", err)
	}
	if lookups == 0 {
		t.Fatal("the lookup was never called")
	}
}

// TestService_CaseReferencesAreCodes shows a case reference refused when it
// holds free text: it is shown as stored to every reader of its record.
func TestService_CaseReferencesAreCodes(t *testing.T) {
	ctx := context.Background()
	svc, c := MustOpenService(t)
	for _, ref := range []string{"李四 13700001111", "2022-0001 ", "LZ 0001", "LZ\u202e0001", "２０２２-000001"} {
		_, err := svc.RecordCallback(ctx, center(), hotline.CallbackInput{CaseNumber: ref, Department: "yuejin",
			Result: hotline.ResultSatisfied, CalledAt: c.Now().Add(-1)})
		mustField(t, err, "case_number")
		_, err = svc.RecordDeduction(ctx, center(), hotline.DeductionInput{Department: "yuejin", Month: hotline.NewMonth(2022, 8),
			RuleCode: hotline.RuleOverdue, Reason: "超期", CaseNumber: ref})
		mustField(t, err, "case_number")
	}
	for _, ref := range []string{"2022-000123", "LZ12345-20220314-0042", "WX_2022.001/2"} {
		if _, err := svc.RecordCallback(ctx, center(), hotline.CallbackInput{CaseNumber: ref, Department: "yuejin",
			Result: hotline.ResultSatisfied, CalledAt: c.Now().Add(-1)}); err != nil {
			t.Errorf("case reference %q refused: %v", ref, err)
		}
	}
}
