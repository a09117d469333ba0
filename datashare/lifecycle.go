package datashare

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/govops-kit/govops"
)

// RequestAction names a step of a share request's lifecycle, as errors
// report it.
type RequestAction string

// Request actions.
const (
	ActionApprove  RequestAction = "approve"  // 同意共享
	ActionDeny     RequestAction = "deny"     // 不同意共享
	ActionWithdraw RequestAction = "withdraw" // 撤回申请
	ActionRevoke   RequestAction = "revoke"   // 撤销授权
)

// RequestActions lists every request action.
func RequestActions() []RequestAction {
	return []RequestAction{ActionApprove, ActionDeny, ActionWithdraw, ActionRevoke}
}

// RequestStatuses lists every request status.
func RequestStatuses() []RequestStatus {
	return []RequestStatus{RequestPending, RequestApproved, RequestDenied, RequestWithdrawn, RequestRevoked}
}

// Valid reports whether s is one of RequestStatuses.
func (s RequestStatus) Valid() bool { return slices.Contains(RequestStatuses(), s) }

// requestParty is who may take a request action besides the center, which
// may take them all: the provider answers and revokes, the consumer
// withdraws what it asked.
type requestParty int

const (
	partyProvider requestParty = iota + 1
	partyConsumer
)

// requestRule is one row of the share-request table: the statuses an
// action leaves, the status it leads to, the event it records, which party
// (beside the center) may take it, and whether it needs a reason.
type requestRule struct {
	from       []RequestStatus
	to         RequestStatus
	event      EventType
	party      requestParty
	needReason bool
}

// requestLifecycle is the share-request table. A denial and a revocation
// need a reason because the consumer must learn why it may not have (or
// no longer has) the data; a withdrawal is the consumer's own choice.
func requestLifecycle(a RequestAction) (requestRule, bool) {
	switch a {
	case ActionApprove:
		return requestRule{from: []RequestStatus{RequestPending}, to: RequestApproved, event: EventRequestApproved, party: partyProvider}, true
	case ActionDeny:
		return requestRule{from: []RequestStatus{RequestPending}, to: RequestDenied, event: EventRequestDenied, party: partyProvider, needReason: true}, true
	case ActionWithdraw:
		return requestRule{from: []RequestStatus{RequestPending}, to: RequestWithdrawn, event: EventRequestWithdrawn, party: partyConsumer}, true
	case ActionRevoke:
		return requestRule{from: []RequestStatus{RequestApproved}, to: RequestRevoked, event: EventGrantRevoked, party: partyProvider, needReason: true}, true
	}
	return requestRule{}, false
}

// RequestAllowed reports whether action may be taken on a share request in
// status st.
func RequestAllowed(action RequestAction, st RequestStatus) bool {
	r, ok := requestLifecycle(action)
	return ok && slices.Contains(r.from, st)
}

// maxRequestText bounds a purpose, a reason and a note, in characters.
const maxRequestText = 2000

// moveRequest takes action on the share request id, as by, under the rule
// table: it checks the actor, the version and the status, lets change fill
// in the new state (it may refuse), and stores the request at its next
// version with one event whose note is note. A write that lost to another
// writer is read and tried again when ifVersion is 0 (see
// govops.UpdateVersioned).
func (s *Service) moveRequest(ctx context.Context, by govops.Actor, id string, action RequestAction, ifVersion int64, note string, change func(r *Request, now time.Time) error) (*RequestView, error) {
	ru, ok := requestLifecycle(action)
	if !ok {
		return nil, govops.Errorf(govops.EINTERNAL, "datashare: no rule for request action %s", action)
	}
	if err := by.MayWrite(string(action) + " share requests"); err != nil {
		return nil, err
	}
	field := "note"
	if ru.needReason || action == ActionWithdraw {
		field = "reason"
	}
	var p govops.Problems
	govops.CheckText(&p, field, note, maxRequestText, ru.needReason)
	govops.CheckIfVersion(&p, ifVersion)
	if err := p.Err(); err != nil {
		return nil, err
	}
	var out *Request
	err := govops.UpdateVersioned(ctx, ifVersion, func() (func() error, error) {
		cur, err := s.readRequest(ctx, by, id)
		if err != nil {
			return nil, err
		}
		if err := mayActOnRequest(by, cur, action, ru.party); err != nil {
			return nil, err
		}
		if ifVersion != 0 && cur.Version != ifVersion {
			return nil, govops.StaleVersion("share request "+cur.ID.String(), cur.Version, ifVersion)
		}
		if !slices.Contains(ru.from, cur.Status) {
			return nil, govops.Errorf(govops.ECONFLICT, "cannot %s share request %s: it is %s (%s), and only a request that is %s moves to %s (%s)",
				action, cur.ID, cur.Status, cur.Status.Label(), requestStatusList(ru.from), ru.to, ru.to.Label()).
				WithField("status", string(cur.Status))
		}
		now := s.clock()
		next := *cur
		next.Items = slices.Clone(cur.Items)
		next.Status, next.Version = ru.to, cur.Version+1
		if err := change(&next, now); err != nil {
			return nil, err
		}
		ev, err := govops.NewEvent(next.ID, next.Version, ru.event, by, now, Status(cur.Status), Status(next.Status))
		if err != nil {
			return nil, err
		}
		ev.Department, ev.Note = next.Provider, note
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateRequest(ctx, &next, []Event{ev}) }), nil
	})
	if err != nil {
		return nil, err
	}
	return s.requestView(by, out, s.clock()), nil
}

// mayActOnRequest returns the EFORBIDDEN of a department that is not the
// party the action is for. The center takes every action.
func mayActOnRequest(by govops.Actor, r *Request, action RequestAction, party requestParty) error {
	if by.IsCenter() {
		return nil
	}
	switch party {
	case partyProvider:
		if by.Department != r.Provider {
			return govops.Errorf(govops.EFORBIDDEN, "only the provider %s or the center may %s share request %s", r.Provider, action, r.ID)
		}
	case partyConsumer:
		if by.Department != r.Consumer {
			return govops.Errorf(govops.EFORBIDDEN, "only the consumer %s or the center may %s share request %s", r.Consumer, action, r.ID)
		}
	}
	return nil
}

func requestStatusList(ss []RequestStatus) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = fmt.Sprintf("%s (%s)", s, s.Label())
	}
	return strings.Join(parts, " or ")
}
