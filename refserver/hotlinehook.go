package refserver

import (
	"context"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/hotline"
)

// HotlineOutcomeActor is recorded as the writer (UpdatedBy) of every
// outcome the hotline bridge records.
const HotlineOutcomeActor = "govcase"

// hotlineBridge is the actor the hotline bridge reads and writes outcomes
// as: center staff named HotlineOutcomeActor. Recording outcomes is a
// center-only write; the bridge makes it on the center's behalf, since it
// runs in the server's own process after govcase saved a change that the
// caller was allowed to make (a department accepting or replying to its
// case included). No token is involved, and nothing outside the server can
// act as the bridge.
func hotlineBridge() govops.Actor { return govops.Actor{Name: HotlineOutcomeActor} }

// HotlineOutcome derives the facts of the hotline outcome (办理情况) of a
// case from the case as saved, for RecordOutcome. ok is false for a case that is not of kind hotline, or
// that was never dispatched (it counts in no month yet). The flags:
//
//	dispatched        DispatchedAt is set
//	accepted_on_time  Case.AcceptedOnTime: accepted, not after AcceptBy
//	resolved_on_time  Case.RepliedOnTime: replied, not after ResolveBy
//	returned          ReturnCount > 0 (退单, at least once)
//	redone            RedoCount > 0 (重办, at least once)
//	replied           RepliedAt is set, or the case is replied or closed
//
// Month is the month of c.DispatchedAt in Asia/Shanghai, which is the
// month of the first dispatch when it is called on that dispatch;
// HotlineOutcomes keeps the month it recorded then, because a reopen or a
// re-dispatch moves DispatchedAt. The outcome is filed under the case
// number ("2026-000123") and the department the case is with now; a case
// with no department (cancelled while back at the center) leaves its last
// outcome as it was.
func HotlineOutcome(c govcase.Case) (hotline.OutcomeInput, bool) {
	if c.Kind != govcase.KindHotline || c.DispatchedAt.IsZero() || c.Department == "" {
		return hotline.OutcomeInput{}, false
	}
	return hotline.OutcomeInput{
		CaseNumber:     c.Number,
		Department:     c.Department,
		Month:          hotline.MonthOf(c.DispatchedAt),
		Dispatched:     true,
		AcceptedOnTime: c.AcceptedOnTime(),
		ResolvedOnTime: c.RepliedOnTime(),
		Returned:       c.ReturnCount > 0,
		Redone:         c.RedoCount > 0,
		Replied:        !c.RepliedAt.IsZero() || c.Status == govcase.StatusReplied || c.Status == govcase.StatusClosed,
	}, true
}

// HotlineOutcomes is the hotline bridge: a CaseHook that, after every saved
// change of a hotline case, records the case's outcome in svc through
// RecordOutcome (which writes nothing when the facts did not change), as
// center staff named HotlineOutcomeActor ("govcase"). The
// hotline package never sees a govcase type; the bridge hands it plain
// values (see HotlineOutcome).
//
// The month a case counts in is the month of its first dispatch, in
// Asia/Shanghai: the first change that finds no outcome for the case
// records the month of DispatchedAt, and every later change keeps the
// month already recorded, so a case dispatched on 31 August and redone in
// September stays in August. Cases that are not hotline cases, and hotline
// cases not yet dispatched, are left alone. A cancelled case (作废) keeps
// the outcome it had; hotline has no way to drop one.
//
// Each change records the full facts of the case as saved by that change.
// Two writes to the same case racing each other from two requests may
// reach hotline in the opposite order; the next change of the case
// records its facts again.
func HotlineOutcomes(svc *hotline.Service) CaseHook {
	return CaseHook{Name: "hotline-outcomes", Run: func(ctx context.Context, c govcase.Case, _ govcase.Event) error {
		o, ok := HotlineOutcome(c)
		if !ok {
			return nil
		}
		o.KeepMonth = true
		_, err := svc.RecordOutcome(ctx, hotlineBridge(), o)
		return err
	}}
}
