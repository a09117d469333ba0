package netops

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/govops-kit/govops"
)

// visitAction names a step of a visit's lifecycle, as errors report it.
type visitAction string

const (
	visitArrive  visitAction = "arrive at"
	visitResolve visitAction = "resolve"
	visitCancel  visitAction = "cancel"
)

// visitRule is one row of the visit table: the statuses a step leaves,
// the status it leads to, the event it records, whether it needs a note
// and whether it may name the technician who acted.
type visitRule struct {
	from       []VisitStatus
	to         VisitStatus
	event      EventType
	needNote   bool
	technician bool
}

// visitLifecycle is the visit table:
//
//	reported → arrived    the technician is on site (到场)
//	arrived  → resolved   the fault is fixed (解决)
//	reported → resolved   fixed without going there (a remote fix, 远程解决):
//	                      the response is given when it is fixed, so
//	                      ArrivedAt is set to the same time and the visit is
//	                      on time when it is fixed by its DueAt
//	reported → cancelled  no longer needed (a duplicate, a false report);
//	                      the note says why. A visit once arrived has been
//	                      served and is resolved, not cancelled.
//
// Resolved and cancelled are final. Every step is center only.
func visitLifecycle(a visitAction) (visitRule, bool) {
	switch a {
	case visitArrive:
		return visitRule{from: []VisitStatus{VisitReported}, to: VisitArrived, event: EventVisitArrived, technician: true}, true
	case visitResolve:
		return visitRule{from: []VisitStatus{VisitReported, VisitArrived}, to: VisitResolved, event: EventVisitResolved, technician: true}, true
	case visitCancel:
		return visitRule{from: []VisitStatus{VisitReported}, to: VisitCancelled, event: EventVisitCancelled, needNote: true}, true
	}
	return visitRule{}, false
}

// visitStep takes step a of the visit ref, as by, under the rule table: it
// checks the actor, the input, the version, the status and the step's
// time (now unless given; never in the future, never before the step
// before), and stores the visit at its next version with one event. A
// write that lost to another writer is read and tried again when
// IfVersion is 0 (see govops.UpdateVersioned).
func (s *Service) visitStep(ctx context.Context, by govops.Actor, ref string, a visitAction, in VisitStep) (*Visit, error) {
	ru, ok := visitLifecycle(a)
	if !ok {
		return nil, govops.Errorf(govops.EINTERNAL, "netops: no rule for visit step %s", a)
	}
	if err := by.CenterOnly(string(a) + " visits"); err != nil {
		return nil, err
	}
	in.Technician = strings.TrimSpace(in.Technician)
	in.Note = strings.TrimSpace(in.Note)
	var p govops.Problems
	govops.CheckTime(&p, "at", in.At, false)
	if in.Technician != "" {
		if ru.technician {
			govops.CheckText(&p, "technician", in.Technician, MaxNameLen, true)
		} else {
			p.Addf("technician", "a visit's %s names no technician: leave it out", strings.TrimSuffix(string(a), " at"))
		}
	}
	if ru.needNote && in.Note == "" {
		p.Addf("note", "required: say why the visit is %s", ru.to)
	} else {
		govops.CheckText(&p, "note", in.Note, MaxNoteLen, false)
	}
	govops.CheckIfVersion(&p, in.IfVersion)
	if err := p.Err(); err != nil {
		return nil, err
	}
	id, err := govops.ParseID("ref", ref, "visit")
	if err != nil {
		return nil, err
	}
	var out *Visit
	var ev Event
	err = govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.store.Visit(ctx, id)
		if err != nil {
			return nil, err
		}
		if in.IfVersion != 0 && cur.Version != in.IfVersion {
			return nil, govops.StaleVersion("visit "+cur.ID.String(), cur.Version, in.IfVersion)
		}
		if !slices.Contains(ru.from, cur.Status) {
			return nil, govops.Errorf(govops.ECONFLICT, "cannot %s visit %s: it is %s (%s), and only a visit that is %s moves to %s (%s)",
				a, cur.ID, cur.Status, cur.Status.Label(), visitStatusList(ru.from), ru.to, ru.to.Label()).
				WithField("status", string(cur.Status))
		}
		now := s.clock()
		at := now
		if !in.At.IsZero() {
			at = govops.StoredTime(in.At)
		}
		var p govops.Problems
		govops.CheckPast(&p, "at", at, now)
		prevField, prev := "reported", cur.ReportedAt
		if !cur.ArrivedAt.IsZero() {
			prevField, prev = "arrival", cur.ArrivedAt
		}
		if at.Before(prev) {
			p.Addf("at", "must not be before the visit's %s at %s (got %s)", prevField, opsShow(prev), opsShow(at))
		}
		if a == visitResolve && in.Technician != "" && !cur.ArrivedAt.IsZero() && in.Technician != cur.Technician {
			p.Addf("technician", "%s arrived already and the visit stays theirs: leave it out", govops.Truncate(cur.Technician, 40))
		}
		if err := p.Err(); err != nil {
			return nil, err
		}
		next := *cur
		next.Status, next.Version, next.UpdatedAt = ru.to, cur.Version+1, now
		if in.Technician != "" {
			next.Technician = in.Technician
		}
		switch a {
		case visitArrive:
			next.ArrivedAt = at
		case visitResolve:
			next.ResolvedAt = at
			if next.ArrivedAt.IsZero() {
				next.ArrivedAt = at // a remote fix: see visitLifecycle
			}
		}
		if in.Note != "" {
			next.Note = in.Note
		}
		ev, err = opsEvent(next.ID, next.Version, ru.event, by, now, Status(cur.Status), Status(next.Status), next.Unit, in.Note)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateVisit(ctx, &next, []Event{ev}) }), nil
	})
	if err != nil {
		return nil, err
	}
	s.opsObserve(ctx, *out, []Event{ev})
	return out, nil
}

// visitTimes checks the step times of a visit recorded after the fact, as
// the steps would check them one after the other.
func visitTimes(p *govops.Problems, reported, arrived, resolved, now time.Time) {
	okR := govops.CheckPast(p, "reported_at", reported, now)
	okA := arrived.IsZero() || govops.CheckPast(p, "arrived_at", arrived, now)
	okS := resolved.IsZero() || govops.CheckPast(p, "resolved_at", resolved, now)
	if okR && okA && !arrived.IsZero() && arrived.Before(reported) {
		p.Addf("arrived_at", "must not be before reported_at (%s)", opsShow(reported))
		okA = false
	}
	switch {
	case !okS || resolved.IsZero():
	case !arrived.IsZero() && okA && resolved.Before(arrived):
		p.Addf("resolved_at", "must not be before arrived_at (%s)", opsShow(arrived))
	case okR && resolved.Before(reported):
		p.Addf("resolved_at", "must not be before reported_at (%s)", opsShow(reported))
	}
}

func visitStatusList(ss []VisitStatus) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = fmt.Sprintf("%s (%s)", s, s.Label())
	}
	return strings.Join(parts, " or ")
}
