package license

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/idcode"
)

// Action names a change of a record's state.
type Action string

// Record actions.
const (
	ActionSuspend   Action = "suspend"   // 暂扣
	ActionReinstate Action = "reinstate" // 发还: a suspended license is valid again
	ActionAnnul     Action = "annul"     // 撤销
	ActionCancel    Action = "cancel"    // 注销
	ActionExpire    Action = "expire"    // 失效
	ActionRevoke    Action = "revoke"    // 吊销
)

// Actions lists every record action.
func Actions() []Action {
	return []Action{ActionSuspend, ActionReinstate, ActionAnnul, ActionCancel, ActionExpire, ActionRevoke}
}

// rule is one row of the record lifecycle: the states an action leaves,
// the state it leads to, the event it records, and whether it needs a
// reason.
type rule struct {
	from       []State
	to         State
	event      EventType
	needReason bool
}

// lifecycle is the record lifecycle table. Every action but expire needs a
// reason, since each ends or interrupts a holder's license.
func lifecycle(a Action) (rule, bool) {
	live := []State{StateValid, StateSuspended}
	switch a {
	case ActionSuspend:
		return rule{from: []State{StateValid}, to: StateSuspended, event: EventRecordSuspended, needReason: true}, true
	case ActionReinstate:
		return rule{from: []State{StateSuspended}, to: StateValid, event: EventRecordReinstated, needReason: true}, true
	case ActionAnnul:
		return rule{from: live, to: StateAnnulled, event: EventRecordAnnulled, needReason: true}, true
	case ActionCancel:
		return rule{from: live, to: StateCancelled, event: EventRecordCancelled, needReason: true}, true
	case ActionExpire:
		return rule{from: live, to: StateExpired, event: EventRecordExpired}, true
	case ActionRevoke:
		return rule{from: live, to: StateRevoked, event: EventRecordRevoked, needReason: true}, true
	}
	return rule{}, false
}

// Allowed reports whether action may be taken on a record in state st.
func Allowed(action Action, st State) bool {
	r, ok := lifecycle(action)
	return ok && slices.Contains(r.from, st)
}

// Transition takes action on the record ref names (its ID or identifier),
// with a reason: the record's state changes as the lifecycle table says,
// with an event. The center acts on any record, a department on its own.
// It returns EINVALID naming "action" or "reason", ENOTFOUND for a record
// the actor cannot see, and ECONFLICT when the record's state does not
// allow the action (naming both states), ifVersion is stale, or a
// reinstated license would be the holder's second valid one of a
// single-valid type.
func (s *Service) Transition(ctx context.Context, by govops.Actor, ref string, action Action, reason string, ifVersion int64) (*Record, error) {
	if err := by.MayWrite("change license records"); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	ru, ok := lifecycle(action)
	var p govops.Problems
	if !ok {
		p.Addf("action", "unknown action %s: use suspend, reinstate, annul, cancel, expire or revoke", quote(string(action)))
	}
	govops.CheckText(&p, "reason", reason, MaxTextLen, ru.needReason)
	govops.CheckIfVersion(&p, ifVersion)
	if err := p.Err(); err != nil {
		return nil, err
	}
	var out *Record
	err := govops.UpdateVersioned(ctx, ifVersion, func() (func() error, error) {
		cur, err := s.liveRecord(ctx, by, ref, ifVersion)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(ru.from, cur.State) {
			return nil, govops.Errorf(govops.ECONFLICT, "license %s is %s (%s): it cannot %s, which needs %s", cur.Identifier, cur.State, cur.State.Label(), action, statesText(ru.from))
		}
		if ru.to == StateValid {
			if err := s.checkExclusive(ctx, cur); err != nil {
				return nil, err
			}
		}
		next, ev, err := s.moved(by, cur, ru.to, ru.event, reason)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateRecord(ctx, &next, []Event{ev}) }), nil
	})
	if err != nil {
		return nil, err
	}
	return maskRecord(by, out), nil
}

// checkExclusive returns the ECONFLICT of making r valid while its holder
// holds another valid license of r's single-valid type.
func (s *Service) checkExclusive(ctx context.Context, r *Record) error {
	if !r.Exclusive {
		return nil
	}
	rs, err := s.store.Records(ctx, RecordFilter{Type: r.Type, HolderCode: r.HolderCode, State: StateValid}, uuid.Nil, 0)
	if err != nil {
		return err
	}
	for _, o := range rs {
		if o.ID != r.ID && o.Exclusive {
			return govops.Errorf(govops.ECONFLICT, "the holder has a valid license of type %s already (%s): a holder has one at a time; end it first", r.Type, o.Identifier).
				WithField("holder_code", "holds a valid license of this type")
		}
	}
	return nil
}

// liveRecord reads the record ref names for a change by by, checked
// against ifVersion.
func (s *Service) liveRecord(ctx context.Context, by govops.Actor, ref string, ifVersion int64) (*Record, error) {
	cur, err := s.record(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	if ifVersion != 0 && cur.Version != ifVersion {
		return nil, govops.StaleVersion("license "+cur.Identifier, cur.Version, ifVersion)
	}
	return cur, nil
}

// moved returns cur moved to state to, at its next version, with the
// event that records it.
func (s *Service) moved(by govops.Actor, cur *Record, to State, t EventType, note string) (Record, Event, error) {
	now := s.clock()
	next := *cur
	next.State, next.Version, next.UpdatedAt = to, cur.Version+1, now
	ev, err := newEvent(next.ID, next.Version, t, by, now, string(cur.State), string(to), next.Department, note)
	return next, ev, err
}

func statesText(ss []State) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = fmt.Sprintf("%s (%s)", s, s.Label())
	}
	return strings.Join(parts, " or ")
}

// ReissueInput is what Reissue takes: the new license's number and dates,
// and its face data (nil keeps the old one's). The type, issuer,
// department and holder are the old license's.
type ReissueInput struct {
	Number    string
	IssueDate time.Time
	ValidFrom time.Time
	ValidTo   time.Time
	Face      map[string]string
	Reason    string
	// IfVersion, when not zero, must equal the old record's version.
	IfVersion int64
}

// Reissue re-issues (换发) the valid or suspended license ref names: the
// old record is cancelled (注销) and a new valid one written, in one step,
// whose Previous is the old identifier. The new identifier keeps the old
// serial with the next version when the old identifier was issued in the
// usual form; otherwise a new one is issued. The center re-issues any
// record, a department its own. It returns what CreateRecord and
// Transition return.
func (s *Service) Reissue(ctx context.Context, by govops.Actor, ref string, in ReissueInput) (*Record, error) {
	if err := by.MayWrite("re-issue licenses"); err != nil {
		return nil, err
	}
	in.Reason = strings.TrimSpace(in.Reason)
	var p govops.Problems
	govops.CheckText(&p, "reason", in.Reason, MaxTextLen, true)
	govops.CheckIfVersion(&p, in.IfVersion)
	if err := p.Err(); err != nil {
		return nil, err
	}
	var out *Record
	err := govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.liveRecord(ctx, by, ref, in.IfVersion)
		if err != nil {
			return nil, err
		}
		if cur.State.Final() {
			return nil, govops.Errorf(govops.ECONFLICT, "license %s is %s (%s): only a valid or suspended license is re-issued", cur.Identifier, cur.State, cur.State.Label())
		}
		face := in.Face
		if face == nil {
			face = cur.Face
		}
		ri := RecordInput{Number: in.Number, Type: cur.Type, IssueDate: in.IssueDate, ValidFrom: in.ValidFrom, ValidTo: in.ValidTo,
			Issuer: cur.Issuer, IssuerCode: cur.IssuerCode, Department: cur.Department, Holder: cur.Holder,
			HolderCodeType: cur.HolderCodeType, HolderCode: cur.HolderCode, Face: face, Previous: cur.Identifier}
		ri.normalize()
		var p govops.Problems
		next, _, err := s.newChecker(idcode.Warn).check(ctx, &p, &ri)
		if err != nil {
			return nil, err
		}
		if err := p.Err(); err != nil {
			return nil, err
		}
		if err := s.stamp(&next, by, uuid.Nil); err != nil {
			return nil, err
		}
		if id, ok := reissuedID(cur.Identifier); ok {
			next.Identifier = id
		}
		old, ev, err := s.moved(by, cur, StateCancelled, EventRecordReissued, in.Reason+" (re-issued as "+next.Identifier+")")
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.Reissue(ctx, &old, []Event{ev}, next) }), nil
	})
	if err != nil {
		return nil, err
	}
	return maskRecord(by, out), nil
}

// reissuedID returns the identifier that re-issues the license prev
// identifies: its serial at the next version. ok is false when prev is not
// an identifier of that form.
func reissuedID(prev string) (string, bool) {
	id, err := idcode.ParseLicenseID(prev, idcode.Warn)
	if err != nil {
		return "", false
	}
	v, ok := nextVersion(id.Version)
	if !ok {
		return "", false
	}
	out, err := idcode.NewLicenseID(id.TypeCode, id.Issuer, id.Serial, v)
	return out, err == nil
}
