package govcase

import (
	"context"
	"strings"
	"time"

	"github.com/govops-kit/govops"
)

// Action names a lifecycle action, as events and errors report it.
type Action string

// Lifecycle actions.
const (
	ActionDispatch         Action = "dispatch"
	ActionAccept           Action = "accept"
	ActionReturn           Action = "return"
	ActionRequestExtension Action = "request_extension"
	ActionDecideExtension  Action = "decide_extension"
	ActionUrge             Action = "urge"
	ActionReply            Action = "reply"
	ActionClose            Action = "close"
	ActionReopen           Action = "reopen"
	ActionCancel           Action = "cancel"
	ActionComment          Action = "comment"
)

// rule is one row of the lifecycle table: from which statuses an action is
// allowed, the status it leads to ("" keeps the status), who may take it,
// and whether it needs a note.
type rule struct {
	from       []Status
	to         Status
	centerOnly bool
	needsNote  string // the note's field name in errors, when required
}

// Rules is the lifecycle table. Departments act only on cases dispatched to
// them; the center may act on any case.
func lifecycle(a Action) rule {
	switch a {
	case ActionDispatch:
		return rule{from: []Status{StatusRegistered, StatusReturned}, to: StatusDispatched, centerOnly: true}
	case ActionAccept:
		return rule{from: []Status{StatusDispatched}, to: StatusAccepted}
	case ActionReturn:
		return rule{from: []Status{StatusDispatched, StatusAccepted}, to: StatusReturned, needsNote: "reason"}
	case ActionRequestExtension:
		return rule{from: []Status{StatusDispatched, StatusAccepted}, needsNote: "reason"}
	case ActionDecideExtension:
		return rule{from: []Status{StatusDispatched, StatusAccepted}, centerOnly: true}
	case ActionUrge:
		return rule{from: []Status{StatusDispatched, StatusAccepted}, centerOnly: true}
	case ActionReply:
		return rule{from: []Status{StatusAccepted}, to: StatusReplied, needsNote: "reply"}
	case ActionClose:
		return rule{from: []Status{StatusReplied}, to: StatusClosed, centerOnly: true}
	case ActionReopen:
		return rule{from: []Status{StatusReplied, StatusClosed}, to: StatusDispatched, centerOnly: true, needsNote: "reason"}
	case ActionCancel:
		return rule{from: []Status{StatusRegistered, StatusReturned, StatusDispatched, StatusAccepted}, to: StatusCancelled, centerOnly: true, needsNote: "reason"}
	case ActionComment:
		return rule{from: AllStatuses(), needsNote: "note"}
	}
	return rule{}
}

// Allowed reports whether action may be taken on a case in status st.
func Allowed(action Action, st Status) bool {
	for _, f := range lifecycle(action).from {
		if f == st {
			return true
		}
	}
	return false
}

// ActionInput is what every lifecycle action takes. IfVersion, when not
// zero, is the version the caller last saw (an HTTP If-Match): a case that
// has changed since fails with ECONFLICT instead of being overwritten.
type ActionInput struct {
	IfVersion int64
	Note      string
}

// DispatchInput dispatches (派单) a case to a department. With
// UseSuggestion and no Department, the routing rules choose it.
type DispatchInput struct {
	ActionInput
	Department    string
	UseSuggestion bool
}

// ExtensionInput asks for a new resolve-by deadline (延期).
type ExtensionInput struct {
	ActionInput
	Until time.Time
}

// ExtensionDecision approves or denies a pending extension request.
type ExtensionDecision struct {
	ActionInput
	Approve bool
}

// transition loads the case, checks the lifecycle table and the actor,
// applies change and stores the case with one new event. change may fill in
// the event and return an error to stop.
//
// An action that does not depend on the case's state beyond its status (a
// comment, an urge), asked for without IfVersion, is retried when a
// concurrent writer saved the case first (govops.Retry): every such action
// lands, and the trail holds them all. Such actions on one case take turns
// within this Service (govops.Turns), so that only writers in other
// processes collide and spend the retries.
func (s *Service) transition(ctx context.Context, by govops.Actor, ref string, action Action, in ActionInput, evType EventType, change func(c *Case, ev *Event, now time.Time) error) (*Case, error) {
	if err := by.MayWrite("change cases"); err != nil {
		return nil, err
	}
	r := lifecycle(action)
	if r.needsNote != "" && strings.TrimSpace(in.Note) == "" {
		return nil, govops.FieldError(r.needsNote, "is required to "+strings.ReplaceAll(string(action), "_", " ")+" a case")
	}
	var p govops.Problems
	noteField := r.needsNote
	if noteField == "" {
		noteField = "note"
	}
	govops.CheckText(&p, noteField, in.Note, maxNote, false)
	if in.IfVersion < 0 {
		p.Add("if_version", "must be a positive version")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	attempts := 1
	if in.IfVersion == 0 && (action == ActionComment || action == ActionUrge) {
		attempts = govops.MaxWriteRetries
		release, err := s.turns.Take(ctx, ref)
		if err != nil {
			return nil, err
		}
		defer release()
	}
	var c *Case
	_, err := govops.Retry(ctx, attempts, func(int) (lost bool, err error) {
		c, lost, err = s.transitionOnce(ctx, by, ref, action, r, in, evType, change)
		return lost, err
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// transitionOnce is one attempt of transition. lost reports that the Store
// refused the write because another writer saved the case since it was
// read (its ECONFLICT is err).
func (s *Service) transitionOnce(ctx context.Context, by govops.Actor, ref string, action Action, r rule, in ActionInput, evType EventType, change func(c *Case, ev *Event, now time.Time) error) (_ *Case, lost bool, _ error) {
	c, err := s.load(ctx, by, ref)
	if err != nil {
		return nil, false, err
	}
	if r.centerOnly && !by.IsCenter() {
		what := strings.ReplaceAll(string(action), "_", " ") + " a case"
		if action == ActionDecideExtension {
			what = "decide a case's extension request"
		}
		return nil, false, govops.Errorf(govops.EFORBIDDEN, "only the center may %s", what)
	}
	if in.IfVersion != 0 && in.IfVersion != c.Version {
		return nil, false, govops.Errorf(govops.ECONFLICT, "case %s has changed (version %d, you sent %d): reload it and try again", c.Number, c.Version, in.IfVersion)
	}
	if !Allowed(action, c.Status) {
		return nil, false, govops.Errorf(govops.ECONFLICT, "cannot %s case %s: it is %s (%s), and %s needs %s",
			action, c.Number, c.Status, c.Status.Label(), action, statusList(r.from)).WithField("status", string(c.Status))
	}
	now := s.clock()
	ev, err := govops.NewEvent(c.ID, c.Version+1, evType, by, now, c.Status, "")
	if err != nil {
		return nil, false, err
	}
	ev.Note = in.Note
	if err := change(c, &ev, now); err != nil {
		return nil, false, err
	}
	if r.to != "" {
		c.Status = r.to
	}
	ev.To, ev.Department = c.Status, c.Department
	c.UpdatedAt = now
	c.Version++
	if err := s.store.UpdateCase(ctx, c, []Event{ev}); err != nil {
		return nil, govops.ErrorCode(err) == govops.ECONFLICT, err
	}
	s.notify(ctx, c, ev)
	return present(by, c), false, nil
}

func statusList(ss []Status) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = string(s)
	}
	return strings.Join(parts, " or ")
}

// Dispatch sends a registered or returned case to a department (派单) and
// sets its deadlines by the DeadlinePolicy, flagging each one counted
// across a provisional calendar year (AcceptByProvisional,
// ResolveByProvisional). When the policy cannot count a deadline, for a year
// the calendar has no data for, Dispatch returns EINVALID naming the field
// "accept_by" or "resolve_by", and the field "calendar".
func (s *Service) Dispatch(ctx context.Context, by govops.Actor, ref string, in DispatchInput) (*Case, error) {
	dept := strings.TrimSpace(in.Department)
	if dept != "" {
		var p govops.Problems
		if !govops.CheckCode(&p, "department", dept) {
			return nil, p.Err()
		}
	}
	return s.transition(ctx, by, ref, ActionDispatch, in.ActionInput, EventDispatched, func(c *Case, ev *Event, now time.Time) error {
		if dept == "" && in.UseSuggestion {
			d, _, ok, err := s.suggest(ctx, c)
			if err != nil {
				return err
			}
			if !ok {
				return govops.FieldError("department", "no routing rule matches this case; name the department")
			}
			dept = strings.TrimSpace(d)
		}
		if dept == "" {
			return govops.FieldError("department", "is required: the department to dispatch to")
		}
		if err := s.deptCheck.Check(ctx, dept); err != nil {
			return err
		}
		c.Department = dept
		return s.setDeadlines(c, now)
	})
}

// setDeadlines starts the clock of a dispatch (or reopen) at now: both
// deadlines, and whether each is provisional.
func (s *Service) setDeadlines(c *Case, now time.Time) error {
	d, err := s.countDeadlines(c, now)
	if err != nil {
		return err
	}
	c.DispatchedAt = now
	c.AcceptBy, c.AcceptByProvisional = d.acceptBy, d.acceptByProvisional
	c.ResolveBy, c.ResolveByProvisional = d.resolveBy, d.resolveByProvisional
	c.AcceptedAt, c.RepliedAt, c.ClosedAt = time.Time{}, time.Time{}, time.Time{}
	c.ExtensionUntil, c.ExtensionReason = time.Time{}, ""
	return nil
}

// Accept records that the department took the case (签收).
func (s *Service) Accept(ctx context.Context, by govops.Actor, ref string, in ActionInput) (*Case, error) {
	return s.transition(ctx, by, ref, ActionAccept, in, EventAccepted, func(c *Case, _ *Event, now time.Time) error {
		c.AcceptedAt = now
		return nil
	})
}

// Return sends the case back to the center (退单); a reason is required.
func (s *Service) Return(ctx context.Context, by govops.Actor, ref string, in ActionInput) (*Case, error) {
	return s.transition(ctx, by, ref, ActionReturn, in, EventReturned, func(c *Case, _ *Event, _ time.Time) error {
		c.ReturnCount++
		c.AcceptedAt = time.Time{}
		c.ExtensionUntil, c.ExtensionReason = time.Time{}, ""
		return nil
	})
}

// RequestExtension asks the center for a later resolve-by deadline (延期).
// It must come before the current deadline, name a later time, and give a
// reason; one request may be pending at a time.
func (s *Service) RequestExtension(ctx context.Context, by govops.Actor, ref string, in ExtensionInput) (*Case, error) {
	var p govops.Problems
	if !govops.CheckTime(&p, "until", in.Until, false) {
		return nil, p.Err()
	}
	until := govops.StoredTime(in.Until)
	return s.transition(ctx, by, ref, ActionRequestExtension, in.ActionInput, EventExtensionRequested, func(c *Case, ev *Event, now time.Time) error {
		if !c.ExtensionUntil.IsZero() {
			return govops.Errorf(govops.ECONFLICT, "case %s already has an extension request pending until the center decides it", c.Number)
		}
		if in.Until.IsZero() {
			return govops.FieldError("until", "is required: the new resolve-by time")
		}
		if !now.Before(c.ResolveBy) {
			return govops.FieldError("until", "an extension must be asked for before the deadline "+c.ResolveBy.In(s.cal.Location()).Format("2006-01-02 15:04"))
		}
		if !until.After(c.ResolveBy) {
			return govops.FieldError("until", "must be after the current deadline "+c.ResolveBy.In(s.cal.Location()).Format("2006-01-02 15:04"))
		}
		if until.After(c.ResolveBy.AddDate(1, 0, 0)) {
			return govops.FieldError("until", "must be within a year of the current deadline "+c.ResolveBy.In(s.cal.Location()).Format("2006-01-02 15:04"))
		}
		c.ExtensionUntil = until
		c.ExtensionReason = in.Note
		ev.Note = in.Note + " (until " + until.In(s.cal.Location()).Format("2006-01-02 15:04") + ")"
		return nil
	})
}

// DecideExtension approves or denies the pending extension request. An
// approval moves ResolveBy to the requested time, which no calendar change
// moves again: ResolveByProvisional is cleared.
func (s *Service) DecideExtension(ctx context.Context, by govops.Actor, ref string, in ExtensionDecision) (*Case, error) {
	evType := EventExtensionDenied
	if in.Approve {
		evType = EventExtensionApproved
	}
	return s.transition(ctx, by, ref, ActionDecideExtension, in.ActionInput, evType, func(c *Case, _ *Event, _ time.Time) error {
		if c.ExtensionUntil.IsZero() {
			return govops.Errorf(govops.ECONFLICT, "case %s has no pending extension request", c.Number)
		}
		if !in.Approve && strings.TrimSpace(in.Note) == "" {
			return govops.FieldError("reason", "is required to deny an extension")
		}
		if in.Approve {
			c.ResolveBy, c.ResolveByProvisional = c.ExtensionUntil, false
		}
		c.ExtensionUntil, c.ExtensionReason = time.Time{}, ""
		return nil
	})
}

// Urge presses the department on an open case (督办/催办) and counts it.
func (s *Service) Urge(ctx context.Context, by govops.Actor, ref string, in ActionInput) (*Case, error) {
	return s.transition(ctx, by, ref, ActionUrge, in, EventUrged, func(c *Case, _ *Event, _ time.Time) error {
		c.UrgeCount++
		return nil
	})
}

// Reply records the department's handling result (办理反馈).
func (s *Service) Reply(ctx context.Context, by govops.Actor, ref string, in ActionInput) (*Case, error) {
	return s.transition(ctx, by, ref, ActionReply, in, EventReplied, func(c *Case, _ *Event, now time.Time) error {
		c.RepliedAt = now
		c.Reply = in.Note
		c.ExtensionUntil, c.ExtensionReason = time.Time{}, ""
		return nil
	})
}

// Close ends a replied case (办结).
func (s *Service) Close(ctx context.Context, by govops.Actor, ref string, in ActionInput) (*Case, error) {
	return s.transition(ctx, by, ref, ActionClose, in, EventClosed, func(c *Case, _ *Event, now time.Time) error {
		c.ClosedAt = now
		return nil
	})
}

// Reopen sends a replied or closed case back to its department for redo
// (重办), for example after a dissatisfied callback. New deadlines are set,
// and whether each is provisional, as at dispatch.
func (s *Service) Reopen(ctx context.Context, by govops.Actor, ref string, in ActionInput) (*Case, error) {
	return s.transition(ctx, by, ref, ActionReopen, in, EventReopened, func(c *Case, _ *Event, now time.Time) error {
		c.RedoCount++
		c.Reply = ""
		return s.setDeadlines(c, now)
	})
}

// Cancel voids a case (作废), for example a duplicate; a reason is required.
// A case cancelled while back at the center (registered or returned)
// belongs to no department any more, so that a department that returned it
// does not see it again.
func (s *Service) Cancel(ctx context.Context, by govops.Actor, ref string, in ActionInput) (*Case, error) {
	return s.transition(ctx, by, ref, ActionCancel, in, EventCancelled, func(c *Case, _ *Event, _ time.Time) error {
		if c.Status == StatusRegistered || c.Status == StatusReturned {
			c.Department = ""
		}
		return nil
	})
}

// Comment adds a note to the trail without changing the case's status.
func (s *Service) Comment(ctx context.Context, by govops.Actor, ref string, in ActionInput) (*Case, error) {
	return s.transition(ctx, by, ref, ActionComment, in, EventCommented, func(*Case, *Event, time.Time) error { return nil })
}
