package directory

import (
	"context"
	"fmt"
	"strings"

	"github.com/govops-kit/govops"
)

// maxDepth bounds the walk up the tree that looks for a cycle: a district's
// tree is a few levels deep, and a longer walk means the stored tree is
// already broken.
const maxDepth = 1000

// UpdateInput is what Update takes. A nil field is left as it is; Parent
// and Zone may be set to "" to clear them.
type UpdateInput struct {
	Name   *string
	Kind   *Kind
	Parent *string
	Zone   *Zone
	// IfVersion, when not zero, must equal the department's version: a
	// client that showed the department to its user makes sure nobody
	// changed it meanwhile (ECONFLICT otherwise).
	IfVersion int64
}

// problems adds the problems of in's fields, for the unit code, to p.
func (in *UpdateInput) problems(p *govops.Problems, code string) {
	if in.Name != nil {
		checkName(p, strings.TrimSpace(*in.Name))
	}
	if in.Kind != nil && !in.Kind.Valid() {
		p.Addf("kind", "unknown kind %q: use %s", govops.Truncate(string(*in.Kind), 40), kindChoices())
	}
	if in.Zone != nil && !in.Zone.Valid() {
		p.Addf("zone", "unknown zone %q: use %s", govops.Truncate(string(*in.Zone), 40), zoneChoices())
	}
	if in.Parent != nil {
		checkParentCode(p, code, *in.Parent)
	}
	govops.CheckIfVersion(p, in.IfVersion)
}

// apply returns cur with in's fields set, and the list of the changes, one
// "field: old → new" each, in the order of the fields.
func (in *UpdateInput) apply(cur *Department) (Department, []string) {
	next := *cur
	var changes []string
	set := func(field string, dst *string, v string) {
		if *dst != v {
			changes = append(changes, field+": "+shown(*dst)+" → "+shown(v))
			*dst = v
		}
	}
	if in.Name != nil {
		set("name", &next.Name, strings.TrimSpace(*in.Name))
	}
	if in.Kind != nil {
		set("kind", (*string)(&next.Kind), string(*in.Kind))
	}
	if in.Parent != nil {
		set("parent", &next.Parent, *in.Parent)
	}
	if in.Zone != nil {
		set("zone", (*string)(&next.Zone), string(*in.Zone))
	}
	return next, changes
}

// shown is a value in the note of a change, where "" would read as nothing.
func shown(v string) string {
	if v == "" {
		return "(none)"
	}
	return v
}

// Update changes the name, kind, parent or zone of the department whose
// code is exactly code: only the fields given, and only center staff (a
// department or read-only actor gets EFORBIDDEN). A change that changes
// nothing returns the department as it is, without a new version or event;
// any other appends an updated event that lists the changes, in the same
// store call.
//
// It returns EINVALID naming every bad field: the rules of Create for the
// parent and the kind, and also "parent" when the new parent is the unit
// itself or below it (a cycle), and "kind" when a township with villages
// or communities below it would become another kind. It returns ENOTFOUND
// for an unknown code, and ECONFLICT when in.IfVersion is set and stale.
// With IfVersion zero, a write that loses a race with another writer is
// tried again on the new version (govops.Retry).
func (s *Service) Update(ctx context.Context, by govops.Actor, code string, in UpdateInput) (*Department, error) {
	if err := by.CenterOnly("change departments"); err != nil {
		return nil, err
	}
	var p govops.Problems
	checkCode(&p, "code", code)
	in.problems(&p, code)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return s.write(ctx, code, in.IfVersion, func(cur *Department) (*Department, []Event, error) {
		next, changes := in.apply(cur)
		if len(changes) == 0 {
			return nil, nil, nil
		}
		if err := s.checkTree(ctx, cur, &next); err != nil {
			return nil, nil, err
		}
		now := s.clock()
		next.Version, next.UpdatedAt = cur.Version+1, now
		ev, err := newEvent(&next, EventUpdated, by, now, cur.Status, strings.Join(changes, "; "))
		return &next, []Event{ev}, err
	})
}

// checkTree returns EINVALID naming "parent" or "kind" when next, the new
// version of cur, would break the tree: a parent that cannot be
// (checkParent) or that is next itself or below it, or a township that
// stops being one while villages or communities sit below it.
func (s *Service) checkTree(ctx context.Context, cur, next *Department) error {
	var p govops.Problems
	if next.Parent != cur.Parent || next.Kind != cur.Kind {
		par, err := s.checkParent(ctx, &p, next.Kind, next.Parent, next.Active())
		if err != nil {
			return err
		}
		if par != nil && next.Parent != cur.Parent {
			if err := s.checkCycle(ctx, &p, next.Code, par); err != nil {
				return err
			}
		}
	}
	if cur.Kind == KindTownship && next.Kind != KindTownship {
		n, err := s.store.Count(ctx, Filter{Parent: cur.Code, Kinds: []Kind{KindVillage, KindCommunity}})
		if err != nil {
			return err
		}
		if n > 0 {
			p.Addf("kind", "%d villages and communities are below township %s: move them to another township first", n, cur.Code)
		}
	}
	return p.Err()
}

// checkCycle adds a problem naming "parent" when par, the new parent of the
// unit code, is below that unit: walking up from par reaches code.
func (s *Service) checkCycle(ctx context.Context, p *govops.Problems, code string, par *Department) error {
	path := []string{par.Code}
	for a := par; a.Parent != ""; {
		if a.Parent == code {
			p.Addf("parent", "%s is below %s (%s → %s): it cannot become its parent", par.Code, code,
				strings.Join(path, " → "), code)
			return nil
		}
		if len(path) > maxDepth {
			return govops.Errorf(govops.EINTERNAL, "directory: the units above %s go more than %d levels up: the stored tree has a cycle", par.Code, maxDepth)
		}
		next, err := s.store.Department(ctx, a.Parent)
		if govops.ErrorCode(err) == govops.ENOTFOUND {
			return nil // the top of the tree, even if a stored parent is gone
		}
		if err != nil {
			return err
		}
		a = next
		path = append(path, a.Code)
	}
	return nil
}

// transition is a change of a department's status, the lifecycle of a unit
// being
//
//	active 在用 ⇄ dissolved 撤销
type transition struct {
	what           string // the change, for a refusal: "dissolve departments"
	verb           string // "dissolved"
	event          EventType
	from, to       Status
	reasonRequired bool
	// check refuses the change of cur for a reason of the tree; it may be nil.
	check func(s *Service, ctx context.Context, cur *Department) error
}

// Dissolve dissolves (撤销) the active department whose code is exactly
// code, for reason (required): it stays in the directory, since history
// names it, but its department check refuses new work. Only center staff
// may. It returns EINVALID naming "children" and their number when active
// units are below it (dissolve or move them first), ECONFLICT when it is
// dissolved already or ifVersion is set and stale, and ENOTFOUND for an
// unknown code. The dissolved event records the reason.
func (s *Service) Dissolve(ctx context.Context, by govops.Actor, code, reason string, ifVersion int64) (*Department, error) {
	return s.transition(ctx, by, code, reason, ifVersion, transition{
		what: "dissolve departments", verb: "dissolved", event: EventDissolved,
		from: StatusActive, to: StatusDissolved, reasonRequired: true, check: (*Service).noActiveChildren})
}

// Restore makes the dissolved department whose code is exactly code active
// again (恢复), with an optional reason. Only center staff may. It returns
// EINVALID naming "parent" when the unit above it is dissolved (restore
// that first), ECONFLICT when it is active already or ifVersion is set and
// stale, and ENOTFOUND for an unknown code.
func (s *Service) Restore(ctx context.Context, by govops.Actor, code, reason string, ifVersion int64) (*Department, error) {
	return s.transition(ctx, by, code, reason, ifVersion, transition{
		what: "restore departments", verb: "restored", event: EventRestored,
		from: StatusDissolved, to: StatusActive, check: (*Service).parentActive})
}

// transition runs t on the department code, recording reason as the note
// of its event.
func (s *Service) transition(ctx context.Context, by govops.Actor, code, reason string, ifVersion int64, t transition) (*Department, error) {
	if err := by.CenterOnly(t.what); err != nil {
		return nil, err
	}
	var p govops.Problems
	checkCode(&p, "code", code)
	govops.CheckText(&p, "reason", reason, MaxReasonLen, t.reasonRequired)
	govops.CheckIfVersion(&p, ifVersion)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return s.write(ctx, code, ifVersion, func(cur *Department) (*Department, []Event, error) {
		if cur.Status != t.from {
			return nil, nil, govops.Errorf(govops.ECONFLICT, "department %s is %s (%s): only %s departments can be %s",
				cur.Code, cur.Status, cur.Status.Label(), t.from, t.verb)
		}
		if t.check != nil {
			if err := t.check(s, ctx, cur); err != nil {
				return nil, nil, err
			}
		}
		now := s.clock()
		next := *cur
		next.Status, next.Version, next.UpdatedAt = t.to, cur.Version+1, now
		ev, err := newEvent(&next, t.event, by, now, cur.Status, reason)
		return &next, []Event{ev}, err
	})
}

// noActiveChildren refuses to dissolve cur while active units are below it.
func (s *Service) noActiveChildren(ctx context.Context, cur *Department) error {
	n, err := s.store.Count(ctx, Filter{Parent: cur.Code, Status: StatusActive})
	if err != nil || n == 0 {
		return err
	}
	return govops.Errorf(govops.EINVALID, "department %s has %d active units below it: dissolve them, or move them to another parent, first", cur.Code, n).
		WithField("children", fmt.Sprintf("%d active units below it", n))
}

// parentActive refuses to restore cur below a dissolved unit.
func (s *Service) parentActive(ctx context.Context, cur *Department) error {
	if cur.Parent == "" {
		return nil
	}
	par, err := s.store.Department(ctx, cur.Parent)
	switch {
	case govops.ErrorCode(err) == govops.ENOTFOUND:
		return nil
	case err != nil:
		return err
	case !par.Active():
		return govops.FieldError("parent", fmt.Sprintf("department %s is dissolved (撤销): restore it first, or move %s to another parent", par.Code, cur.Code))
	}
	return nil
}

// write changes the department code: change gets the stored department and
// returns its next version with the events of that version, or a nil
// department when nothing changes. With ifVersion set, the stored version
// must equal it (ECONFLICT otherwise); with ifVersion zero, a write that
// another writer beat is read and tried again.
func (s *Service) write(ctx context.Context, code string, ifVersion int64,
	change func(cur *Department) (*Department, []Event, error)) (*Department, error) {
	var out *Department
	_, err := govops.Retry(ctx, govops.MaxWriteRetries, func(int) (bool, error) {
		cur, err := s.store.Department(ctx, code)
		if err != nil {
			return false, err
		}
		if ifVersion != 0 && cur.Version != ifVersion {
			return false, govops.Errorf(govops.ECONFLICT, "department %s is at version %d, not %d: reload it and try again", code, cur.Version, ifVersion)
		}
		next, events, err := change(cur)
		if err != nil {
			return false, err
		}
		if next == nil {
			out = cur
			return false, nil
		}
		if err := s.store.Update(ctx, next, events); err != nil {
			// Only a write that named no version may try again: one that
			// did must not land on a change its caller has not seen.
			return govops.ErrorCode(err) == govops.ECONFLICT && ifVersion == 0, err
		}
		out = next
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
