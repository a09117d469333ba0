package storetest

import (
	"context"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// TestCancellation checks that every method gives up on a cancelled context
// with an error, rather than doing the work or hanging, and changes nothing.
// The bulk methods are given something to store: with nothing, they may
// return nil.
func (cases) TestCancellation(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	cb := callback(t, "2022-000123", "区执法局", aug(), hotline.ResultSatisfied)
	storetestkit.Must(t, st.CreateCallback(ctx, &cb), "CreateCallback")
	oc := outcome("2022-000123", "区执法局", aug())
	storetestkit.Must(t, st.CreateOutcome(ctx, &oc), "CreateOutcome")
	sc := hotline.DefaultScheme()
	sc.ID, sc.Name, sc.EffectiveFrom, sc.CreatedAt, sc.CreatedBy = storetestkit.NewID(t), "2022年考核办法", jul(), baseTime(), "admin"
	storetestkit.Must(t, st.CreateScheme(ctx, &sc), "CreateScheme")
	d := deduction(t, "区执法局", aug(), "0.2")
	evs := []hotline.DeductionEvent{dedEvent(t, d, hotline.EventRecorded, "", "")}
	storetestkit.Must(t, st.CreateDeduction(ctx, d, evs), "CreateDeduction")
	peer := hotline.PeerResult{District: "柳北区", Period: hotline.YearPeriod(2022), Score: decimal.RequireFromString("98.5"),
		Satisfaction: decimal.RequireFromString("95.92"), ImportedAt: baseTime(), ImportedBy: "admin"}
	storetestkit.Must(t, st.ReplacePeerResults(ctx, []hotline.PeerResult{peer}), "ReplacePeerResults")

	newCB := callback(t, "2022-000124", "区执法局", aug(), hotline.ResultSatisfied)
	newOC := outcome("2022-000124", "区执法局", aug())
	nextOC := oc
	nextOC.Version, nextOC.Replied = 2, !oc.Replied
	newSC := sc.Clone()
	newSC.ID, newSC.EffectiveFrom = storetestkit.NewID(t), sep()
	newD := deduction(t, "区执法局", aug(), "0.5")
	nextD := appealed(d)
	nextEvs := []hotline.DeductionEvent{dedEvent(t, nextD, hotline.EventAppealed, d.Status, "区执法局")}
	newPeer := peer
	newPeer.Score = decimal.RequireFromString("1")
	month := hotline.SingleMonth(aug())
	storetestkit.RequireCancelled(t, map[string]func(context.Context) error{
		"CreateCallback":      func(ctx context.Context) error { return st.CreateCallback(ctx, &newCB) },
		"BulkInsertCallbacks": func(ctx context.Context) error { return st.BulkInsertCallbacks(ctx, []hotline.Callback{newCB}) },
		"GetCallback":         func(ctx context.Context) error { _, err := st.GetCallback(ctx, cb.ID); return err },
		"ListCallbacks":       func(ctx context.Context) error { _, err := st.ListCallbacks(ctx, hotline.CallbackFilter{}); return err },
		"ExistingCallbacks": func(ctx context.Context) error {
			_, err := st.ExistingCallbacks(ctx, []hotline.CallbackKey{cb.Key()})
			return err
		},
		"CallbackCounts":     func(ctx context.Context) error { _, err := st.CallbackCounts(ctx, month); return err },
		"CreateOutcome":      func(ctx context.Context) error { return st.CreateOutcome(ctx, &newOC) },
		"UpdateOutcome":      func(ctx context.Context) error { return st.UpdateOutcome(ctx, &nextOC) },
		"GetOutcome":         func(ctx context.Context) error { _, err := st.GetOutcome(ctx, oc.CaseNumber); return err },
		"ListOutcomes":       func(ctx context.Context) error { _, err := st.ListOutcomes(ctx, hotline.OutcomeFilter{}); return err },
		"BulkInsertOutcomes": func(ctx context.Context) error { return st.BulkInsertOutcomes(ctx, []hotline.Outcome{newOC}) },
		"ExistingOutcomes": func(ctx context.Context) error {
			_, err := st.ExistingOutcomes(ctx, []string{oc.CaseNumber})
			return err
		},
		"OutcomeCounts":   func(ctx context.Context) error { _, err := st.OutcomeCounts(ctx, month); return err },
		"CreateScheme":    func(ctx context.Context) error { return st.CreateScheme(ctx, &newSC) },
		"SchemeFor":       func(ctx context.Context) error { _, err := st.SchemeFor(ctx, sep()); return err },
		"ListSchemes":     func(ctx context.Context) error { _, err := st.ListSchemes(ctx); return err },
		"CreateDeduction": func(ctx context.Context) error { return st.CreateDeduction(ctx, newD, nil) },
		"UpdateDeduction": func(ctx context.Context) error { return st.UpdateDeduction(ctx, nextD, nextEvs) },
		"GetDeduction":    func(ctx context.Context) error { _, err := st.GetDeduction(ctx, d.ID); return err },
		"ListDeductions": func(ctx context.Context) error {
			_, err := st.ListDeductions(ctx, hotline.DeductionFilter{})
			return err
		},
		"ListDeductionEvents": func(ctx context.Context) error { _, err := st.ListDeductionEvents(ctx, d.ID); return err },
		"DeductionCounts": func(ctx context.Context) error {
			_, err := st.DeductionCounts(ctx, month, hotline.AllDeductionStatuses())
			return err
		},
		"ReplacePeerResults": func(ctx context.Context) error {
			return st.ReplacePeerResults(ctx, []hotline.PeerResult{newPeer})
		},
		"ListPeerResults": func(ctx context.Context) error { _, err := st.ListPeerResults(ctx, peer.Period); return err },
	})

	cbs, err := st.ListCallbacks(ctx, hotline.CallbackFilter{})
	storetestkit.Must(t, err, "ListCallbacks")
	storetestkit.RequireEqual(t, []hotline.Callback{cb}, cbs, "callbacks after calls with a cancelled context")
	ocs, err := st.ListOutcomes(ctx, hotline.OutcomeFilter{})
	storetestkit.Must(t, err, "ListOutcomes")
	storetestkit.RequireEqual(t, []hotline.Outcome{oc}, ocs, "outcomes after calls with a cancelled context")
	scs, err := st.ListSchemes(ctx)
	storetestkit.Must(t, err, "ListSchemes")
	storetestkit.RequireEqual(t, []hotline.Scheme{sc}, scs, "schemes after calls with a cancelled context")
	ds, err := st.ListDeductions(ctx, hotline.DeductionFilter{})
	storetestkit.Must(t, err, "ListDeductions")
	storetestkit.RequireEqual(t, []hotline.Deduction{*d}, ds, "deductions after calls with a cancelled context")
	gotEvs, err := st.ListDeductionEvents(ctx, d.ID)
	storetestkit.Must(t, err, "ListDeductionEvents")
	storetestkit.RequireEqual(t, evs, gotEvs, "deduction events after calls with a cancelled context")
	peers, err := st.ListPeerResults(ctx, peer.Period)
	storetestkit.Must(t, err, "ListPeerResults")
	storetestkit.RequireEqual(t, []hotline.PeerResult{peer}, peers, "peer results after calls with a cancelled context")
}
