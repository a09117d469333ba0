package storetest

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// TestSchemes checks scheme versions: lookup by month, order, and the
// error codes of a taken month or ID.
func (cases) TestSchemes(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	_, err := st.SchemeFor(ctx, aug())
	storetestkit.MustCode(t, err, govops.ENOTFOUND, "SchemeFor with no scheme stored")

	first := hotline.DefaultScheme()
	first.ID, first.Name, first.EffectiveFrom = storetestkit.NewID(t), "2022年考核办法", hotline.NewMonth(2022, 1)
	first.CreatedAt, first.CreatedBy = baseTime(), "admin"
	second := first.Clone()
	second.ID, second.Name, second.EffectiveFrom = storetestkit.NewID(t), "2022年7月起考核办法", jul()
	second.Base = decimal.RequireFromString("10.5")
	second.Satisfaction = hotline.SatisfactionRule{Levels: []hotline.Result{hotline.ResultVerySatisfied}, CountUnreachable: true}
	second.NotApplicable = hotline.NotApplicableZero
	second.DeductionRules = append(second.DeductionRules, hotline.DeductionRule{Code: "false_reply", Label: "虚假回复", Points: decimal.RequireFromString("1.25")})
	// Stored out of order on purpose.
	storetestkit.Must(t, st.CreateScheme(ctx, &second), "CreateScheme July")
	storetestkit.Must(t, st.CreateScheme(ctx, &first), "CreateScheme January")

	for _, tc := range []struct {
		month hotline.Month
		want  *hotline.Scheme
	}{
		{hotline.NewMonth(2021, 12), nil},
		{hotline.NewMonth(2022, 1), &first},
		{hotline.NewMonth(2022, 6), &first},
		{jul(), &second},
		{hotline.NewMonth(2023, 5), &second},
	} {
		t.Run("SchemeFor"+tc.month.String(), func(t *testing.T) {
			got, err := st.SchemeFor(ctx, tc.month)
			if tc.want == nil {
				storetestkit.MustCode(t, err, govops.ENOTFOUND, "SchemeFor before the first scheme")
				return
			}
			storetestkit.Must(t, err, "SchemeFor")
			storetestkit.RequireEqual(t, *tc.want, *got, "scheme")
		})
	}
	list, err := st.ListSchemes(ctx)
	storetestkit.Must(t, err, "ListSchemes")
	if len(list) != 2 || list[0].ID != first.ID || list[1].ID != second.ID {
		t.Fatalf("ListSchemes is not ordered by EffectiveFrom: %v", list)
	}
	t.Run("ErrSameMonth", func(t *testing.T) {
		dup := first.Clone()
		dup.ID = storetestkit.NewID(t)
		storetestkit.MustCode(t, st.CreateScheme(ctx, &dup), govops.ECONFLICT, "CreateScheme of a taken month")
	})
	t.Run("ErrSameID", func(t *testing.T) {
		dup := first.Clone()
		dup.EffectiveFrom = hotline.NewMonth(2024, 1)
		storetestkit.MustCode(t, st.CreateScheme(ctx, &dup), govops.ECONFLICT, "CreateScheme of a taken id")
	})
}

// deduction returns a recorded deduction at version 1 with every field the
// recording sets.
func deduction(tb testing.TB, dept string, m hotline.Month, points string) *hotline.Deduction {
	tb.Helper()
	t0 := baseTime()
	return &hotline.Deduction{ID: storetestkit.NewID(tb), Department: dept, Month: m, RuleCode: hotline.RuleOverdue,
		Points: decimal.RequireFromString(points), Reason: "案件超期办结", CaseNumber: "2022-000123",
		RecordedAt: t0, RecordedBy: "中心-王", AppealBy: t0.Add(7 * 24 * time.Hour),
		Status: hotline.DeductionRecorded, Version: 1}
}

// dedEvent returns the event that brought d to its Version and Status.
func dedEvent(tb testing.TB, d *hotline.Deduction, typ hotline.DeductionEventType, from hotline.DeductionStatus, dept string) hotline.DeductionEvent {
	tb.Helper()
	return hotline.DeductionEvent{ID: storetestkit.NewID(tb), Subject: d.ID, Seq: d.Version, Type: typ, Actor: "someone",
		ActorDept: dept, At: baseTime().Add(time.Duration(d.Version) * time.Hour), From: from,
		To: d.Status, Department: d.Department, Note: fmt.Sprintf("第%d步", d.Version)}
}

// appealed returns the next version of d with an appeal filed.
func appealed(d *hotline.Deduction) *hotline.Deduction {
	n := d.Clone()
	n.Status, n.Version = hotline.DeductionAppealed, d.Version+1
	n.AppealedAt, n.AppealedBy = baseTime().Add(24*time.Hour), "跃进-张"
	n.Materials, n.Attachments = "办结时间有误，附系统截图", []string{"截图1.png", "https://example.org/证明.pdf"}
	return n
}

// TestDeductionCRUD checks that a deduction round-trips through its
// appeal and decision with its events, and the error codes of unknown,
// duplicate and stale deductions.
func (cases) TestDeductionCRUD(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	d := deduction(t, "区征补中心", aug(), "0.2")
	ev1 := dedEvent(t, d, hotline.EventRecorded, "", "")
	storetestkit.Must(t, st.CreateDeduction(ctx, d, []hotline.DeductionEvent{ev1}), "CreateDeduction")
	got, err := st.GetDeduction(ctx, d.ID)
	storetestkit.Must(t, err, "GetDeduction")
	storetestkit.RequireEqual(t, *d, *got, "deduction")

	t.Run("ErrDuplicateID", func(t *testing.T) {
		dup := deduction(t, "x", aug(), "0.5")
		dup.ID = d.ID
		storetestkit.MustCode(t, st.CreateDeduction(ctx, dup, nil), govops.ECONFLICT, "CreateDeduction with a taken id")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := st.GetDeduction(ctx, storetestkit.NewID(t))
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "GetDeduction of an unknown id")
		_, err = st.ListDeductionEvents(ctx, storetestkit.NewID(t))
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "ListDeductionEvents of an unknown id")
		ghost := deduction(t, "x", aug(), "0.2")
		ghost.Version = 2
		storetestkit.MustCode(t, st.UpdateDeduction(ctx, ghost, nil), govops.ENOTFOUND, "UpdateDeduction of an unknown id")
	})

	v2 := appealed(d)
	ev2 := dedEvent(t, v2, hotline.EventAppealed, hotline.DeductionRecorded, "区征补中心")
	ev2.Attachments = v2.Attachments
	storetestkit.Must(t, st.UpdateDeduction(ctx, v2, []hotline.DeductionEvent{ev2}), "UpdateDeduction to appealed")
	got, err = st.GetDeduction(ctx, d.ID)
	storetestkit.Must(t, err, "GetDeduction")
	storetestkit.RequireEqual(t, *v2, *got, "appealed deduction")

	t.Run("ErrStaleVersion", func(t *testing.T) {
		stale := appealed(d) // version 2 again
		stale.Materials = "another appeal"
		storetestkit.MustCode(t, st.UpdateDeduction(ctx, stale, []hotline.DeductionEvent{dedEvent(t, stale, hotline.EventAppealed, "", "")}),
			govops.ECONFLICT, "UpdateDeduction of a stale version")
		got, err := st.GetDeduction(ctx, d.ID)
		storetestkit.Must(t, err, "GetDeduction")
		storetestkit.RequireEqual(t, *v2, *got, "deduction after a stale write")
	})

	v3 := v2.Clone()
	v3.Status, v3.Version = hotline.DeductionOverturned, 3
	v3.DecidedAt, v3.DecidedBy, v3.DecisionNote = baseTime().Add(48*time.Hour), "中心-王", "材料属实，撤销扣分"
	ev3 := dedEvent(t, v3, hotline.EventOverturned, hotline.DeductionAppealed, "")
	storetestkit.Must(t, st.UpdateDeduction(ctx, v3, []hotline.DeductionEvent{ev3}), "UpdateDeduction to overturned")
	got, err = st.GetDeduction(ctx, d.ID)
	storetestkit.Must(t, err, "GetDeduction")
	storetestkit.RequireEqual(t, *v3, *got, "overturned deduction")

	evs, err := st.ListDeductionEvents(ctx, d.ID)
	storetestkit.Must(t, err, "ListDeductionEvents")
	storetestkit.RequireEqual(t, []hotline.DeductionEvent{ev1, ev2, ev3}, evs, "events (stale write must have appended nothing)")

	t.Run("ReturnsCopies", func(t *testing.T) {
		got.Attachments[0] = "changed"
		evs[1].Attachments[0] = "changed"
		again, _ := st.GetDeduction(ctx, d.ID)
		evs2, _ := st.ListDeductionEvents(ctx, d.ID)
		if again.Attachments[0] != v3.Attachments[0] || evs2[1].Attachments[0] != ev2.Attachments[0] {
			t.Fatalf("a returned value shares memory with the store")
		}
	})
}

// TestListDeductions checks every DeductionFilter field and keyset paging.
func (cases) TestListDeductions(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	statuses := hotline.AllDeductionStatuses()
	var all []hotline.Deduction
	for i := range 60 {
		m := hotline.NewMonth(2022, time.Month(1+i%9))
		d := deduction(t, fmt.Sprintf("dept%d", i%4), m, "0.2")
		d.Status = statuses[i%len(statuses)]
		if i%5 == 0 {
			d.CaseNumber = ""
		}
		d.AppealByProvisional = i%3 == 0
		storetestkit.Must(t, st.CreateDeduction(ctx, d, []hotline.DeductionEvent{dedEvent(t, d, hotline.EventRecorded, "", "")}), "CreateDeduction")
		all = append(all, *d)
	}
	sort.Slice(all, func(i, j int) bool { return storetestkit.CompareID(all[i].ID, all[j].ID) > 0 })
	for i, f := range []hotline.DeductionFilter{
		{},
		{Months: hotline.MonthRange{First: hotline.NewMonth(2022, 3), Last: hotline.NewMonth(2022, 5)}},
		{Months: hotline.MonthRange{First: hotline.NewMonth(2022, 7)}},
		{Months: hotline.MonthRange{Last: hotline.NewMonth(2022, 2)}},
		{Department: "dept1", Statuses: []hotline.DeductionStatus{hotline.DeductionAppealed, hotline.DeductionUpheld}},
		{CaseNumber: "2022-000123", Statuses: []hotline.DeductionStatus{hotline.DeductionOverturned}},
		{ProvisionalAppealBy: true},
		{ProvisionalAppealBy: true, Statuses: []hotline.DeductionStatus{hotline.DeductionRecorded}},
		{ProvisionalAppealBy: true, Department: "dept2", Months: hotline.MonthRange{First: hotline.NewMonth(2022, 4)}},
	} {
		t.Run(fmt.Sprintf("Filter%d", i), func(t *testing.T) {
			var want []uuid.UUID
			for _, d := range all {
				ok := (f.Months.First.IsZero() || !d.Month.Before(f.Months.First)) &&
					(f.Months.Last.IsZero() || !d.Month.After(f.Months.Last)) &&
					(f.Department == "" || d.Department == f.Department) &&
					(f.CaseNumber == "" || d.CaseNumber == f.CaseNumber) &&
					(!f.ProvisionalAppealBy || d.AppealByProvisional)
				if len(f.Statuses) > 0 {
					in := false
					for _, s := range f.Statuses {
						in = in || s == d.Status
					}
					ok = ok && in
				}
				if ok {
					want = append(want, d.ID)
				}
			}
			var got []uuid.UUID
			f.Limit = 4
			for {
				page, err := st.ListDeductions(ctx, f)
				storetestkit.Must(t, err, "ListDeductions")
				for _, d := range page {
					got = append(got, d.ID)
				}
				if len(page) < 4 {
					break
				}
				f.After = page[len(page)-1].ID
			}
			if len(want) == 0 {
				t.Fatalf("the fixture has no deduction for filter %d: it proves nothing", i)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("listed %d deductions, want %d (newest first)", len(got), len(want))
			}
		})
	}
}

// TestAppealRace has 50 goroutines decide the same open appeal: each read
// the deduction at version 2 and writes version 3. Exactly one may win.
func (cases) TestAppealRace(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	d := deduction(t, "区执法局", aug(), "0.2")
	storetestkit.Must(t, st.CreateDeduction(ctx, d, []hotline.DeductionEvent{dedEvent(t, d, hotline.EventRecorded, "", "")}), "CreateDeduction")
	v2 := appealed(d)
	storetestkit.Must(t, st.UpdateDeduction(ctx, v2, []hotline.DeductionEvent{dedEvent(t, v2, hotline.EventAppealed, hotline.DeductionRecorded, "区执法局")}), "UpdateDeduction")

	won := storetestkit.RequireOneWinner(t, 50, func(i int) (func() error, error) {
		cur, err := st.GetDeduction(ctx, d.ID)
		if err != nil {
			return nil, err
		}
		next := cur.Clone()
		next.Version = cur.Version + 1
		next.Status = hotline.DeductionUpheld
		if i%2 == 0 {
			next.Status = hotline.DeductionOverturned
		}
		next.DecidedAt, next.DecidedBy, next.DecisionNote = baseTime(), fmt.Sprintf("staff-%02d", i), "decision"
		ev := dedEvent(t, next, hotline.EventUpheld, hotline.DeductionAppealed, "")
		return func() error { return st.UpdateDeduction(ctx, next, []hotline.DeductionEvent{ev}) }, nil
	})
	evs, err := st.ListDeductionEvents(ctx, d.ID)
	storetestkit.Must(t, err, "ListDeductionEvents")
	got, err := st.GetDeduction(ctx, d.ID)
	storetestkit.Must(t, err, "GetDeduction")
	if len(evs) != 3 || got.Version != 3 || evs[2].To != got.Status || got.DecidedBy != fmt.Sprintf("staff-%02d", won) {
		t.Fatalf("after the race: version %d decided by %s, %d events; want 3 decided by the winner staff-%02d, and 3 events agreeing with it", got.Version, got.DecidedBy, len(evs), won)
	}
}

// TestProvisionalAppealBy checks that the provisional flag of the appeal
// window is kept through a create and through the update that recomputes
// the window, in both directions, and that the ProvisionalAppealBy filter
// follows the stored flag rather than the one first written.
func (cases) TestProvisionalAppealBy(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	prov := deduction(t, "区住建局", aug(), "0.2")
	prov.AppealByProvisional = true
	final := deduction(t, "区住建局", aug(), "0.2")
	for _, d := range []*hotline.Deduction{prov, final} {
		storetestkit.Must(t, st.CreateDeduction(ctx, d, []hotline.DeductionEvent{dedEvent(t, d, hotline.EventRecorded, "", "")}), "CreateDeduction")
		got, err := st.GetDeduction(ctx, d.ID)
		storetestkit.Must(t, err, "GetDeduction")
		storetestkit.RequireEqual(t, *d, *got, fmt.Sprintf("deduction with AppealByProvisional %v", d.AppealByProvisional))
	}
	listed := func(f hotline.DeductionFilter) []uuid.UUID {
		t.Helper()
		ds, err := st.ListDeductions(ctx, f)
		storetestkit.Must(t, err, "ListDeductions")
		ids := make([]uuid.UUID, len(ds))
		for i, d := range ds {
			ids[i] = d.ID
		}
		return ids
	}
	if got := listed(hotline.DeductionFilter{ProvisionalAppealBy: true}); fmt.Sprint(got) != fmt.Sprint([]uuid.UUID{prov.ID}) {
		t.Fatalf("ProvisionalAppealBy lists %v, want only %v", got, prov.ID)
	}
	if got := listed(hotline.DeductionFilter{}); len(got) != 2 {
		t.Fatalf("a zero ProvisionalAppealBy lists %d deductions, want both", len(got))
	}

	// The window is recomputed: it moves and is final now.
	moved := prov.Clone()
	moved.AppealBy, moved.AppealByProvisional, moved.Version = prov.AppealBy.Add(72*time.Hour), false, 2
	ev := dedEvent(t, moved, hotline.EventAppealWindowRecomputed, moved.Status, "")
	ev.Note = "appeal_by 2022-08-21 00:00 → 2022-08-24 00:00"
	storetestkit.Must(t, st.UpdateDeduction(ctx, moved, []hotline.DeductionEvent{ev}), "UpdateDeduction clearing AppealByProvisional")
	got, err := st.GetDeduction(ctx, prov.ID)
	storetestkit.Must(t, err, "GetDeduction")
	storetestkit.RequireEqual(t, *moved, *got, "deduction after its window was recomputed")
	if ids := listed(hotline.DeductionFilter{ProvisionalAppealBy: true}); len(ids) != 0 {
		t.Fatalf("ProvisionalAppealBy still lists %v after the flag was cleared", ids)
	}

	// The other way: an update may set the flag.
	again := final.Clone()
	again.AppealByProvisional, again.Version = true, 2
	storetestkit.Must(t, st.UpdateDeduction(ctx, again, []hotline.DeductionEvent{dedEvent(t, again, hotline.EventAppealWindowRecomputed, again.Status, "")}),
		"UpdateDeduction setting AppealByProvisional")
	got, err = st.GetDeduction(ctx, final.ID)
	storetestkit.Must(t, err, "GetDeduction")
	storetestkit.RequireEqual(t, *again, *got, "deduction after its flag was set")
	if ids := listed(hotline.DeductionFilter{ProvisionalAppealBy: true}); fmt.Sprint(ids) != fmt.Sprint([]uuid.UUID{final.ID}) {
		t.Fatalf("ProvisionalAppealBy lists %v, want only %v", ids, final.ID)
	}
	evs, err := st.ListDeductionEvents(ctx, prov.ID)
	storetestkit.Must(t, err, "ListDeductionEvents")
	storetestkit.RequireEqual(t, ev, evs[len(evs)-1], "recomputation event")
}

// TestDeductionEventTypes stores one event of every type, each at the
// length of its name, and reads each back unchanged: a store whose type
// column is too narrow for one of them fails here.
func (cases) TestDeductionEventTypes(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	for _, typ := range hotline.AllDeductionEventTypes() {
		t.Run(string(typ), func(t *testing.T) {
			if !typ.Valid() {
				t.Fatalf("%s is listed but not Valid", typ)
			}
			d := deduction(t, "区城管局", aug(), "0.2")
			ev := dedEvent(t, d, typ, "", "")
			storetestkit.Must(t, st.CreateDeduction(ctx, d, []hotline.DeductionEvent{ev}), "CreateDeduction with a "+string(typ)+" event")
			evs, err := st.ListDeductionEvents(ctx, d.ID)
			storetestkit.Must(t, err, "ListDeductionEvents")
			storetestkit.RequireEqual(t, []hotline.DeductionEvent{ev}, evs, "events")
		})
	}
}
