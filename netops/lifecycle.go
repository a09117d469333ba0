package netops

import (
	"slices"
	"time"
)

// linkRule is one row of the link lifecycle table: the statuses a link
// moves to its status from, and whether the move needs a note. A move to
// an earlier status (see linkBack) undoes the step before it: it clears
// the date of the status it leaves and keeps the date of the one it
// returns to.
type linkRule struct {
	from      []LinkStatus
	needsNote bool
}

// linkLifecycle is the link table, by the status moved to. A link goes
// forward one step at a time, as a NetBox circuit does, and besides:
//
//   - a planned link may be decommissioned at once: the plan is cancelled;
//   - a provisioning link may go back to planned: the carrier's work is
//     put off (the order stands, the date of provisioning is cleared);
//   - a deprovisioning link may go back to active: the removal is rolled
//     back (the date it became active stays).
//
// Decommissioning needs a note: the trail says why the line went.
// Nothing leaves decommissioned.
func linkLifecycle(to LinkStatus) (linkRule, bool) {
	switch to {
	case LinkPlanned:
		return linkRule{from: []LinkStatus{LinkProvisioning}}, true
	case LinkProvisioning:
		return linkRule{from: []LinkStatus{LinkPlanned}}, true
	case LinkActive:
		return linkRule{from: []LinkStatus{LinkProvisioning, LinkDeprovisioning}}, true
	case LinkDeprovisioning:
		return linkRule{from: []LinkStatus{LinkActive}}, true
	case LinkDecommissioned:
		return linkRule{from: []LinkStatus{LinkPlanned, LinkDeprovisioning}, needsNote: true}, true
	}
	return linkRule{}, false
}

// LinkMoveAllowed reports whether a link in status from may move to
// status to (see MoveLink).
func LinkMoveAllowed(from, to LinkStatus) bool {
	r, ok := linkLifecycle(to)
	return ok && slices.Contains(r.from, from)
}

// linkBack reports whether a move from status from to status to goes
// back in the lifecycle: a rollback.
func linkBack(from, to LinkStatus) bool {
	all := LinkStatuses()
	return slices.Index(all, to) < slices.Index(all, from)
}

// linkMovesFrom lists the statuses a link in status from may move to.
func linkMovesFrom(from LinkStatus) []LinkStatus {
	var out []LinkStatus
	for _, to := range LinkStatuses() {
		if LinkMoveAllowed(from, to) {
			out = append(out, to)
		}
	}
	return out
}

// step returns the date of status st in ss.
func (ss *LinkSteps) step(st LinkStatus) *time.Time {
	switch st {
	case LinkPlanned:
		return &ss.Planned
	case LinkProvisioning:
		return &ss.Provisioning
	case LinkActive:
		return &ss.Active
	case LinkDeprovisioning:
		return &ss.Deprovisioning
	case LinkDecommissioned:
		return &ss.Decommissioned
	}
	return nil
}

// upTo sets the date of every status up to st, in lifecycle order, to at:
// a link recorded in a later status than planned (an inventory of lines
// in service) went through every step before it.
func (ss *LinkSteps) upTo(st LinkStatus, at time.Time) {
	for _, s := range LinkStatuses() {
		*ss.step(s) = at
		if s == st {
			return
		}
	}
}

// latest returns the latest date ss records: the date of the step a link
// took last, which a later step may not precede.
func (ss *LinkSteps) latest() time.Time {
	var t time.Time
	for _, s := range LinkStatuses() {
		if d := *ss.step(s); d.After(t) {
			t = d
		}
	}
	return t
}

// migrationRule is one row of the migration lifecycle table: the statuses
// a migration moves to its status from, the event it records, the verb
// errors use, and whether it needs a note.
type migrationRule struct {
	from      []MigrationStatus
	event     EventType
	verb      string
	needsNote bool
}

// migrationLifecycle is the migration table, by the status moved to: a
// planned migration is cut over (the unit's profile moves to the new site
// in the same write) and then verified; only a planned one may be
// cancelled, with a note, since after the cutover the unit is at its new
// site already.
func migrationLifecycle(to MigrationStatus) (migrationRule, bool) {
	switch to {
	case MigrationCutover:
		return migrationRule{from: []MigrationStatus{MigrationPlanned}, event: EventMigrationCutover, verb: "cut over"}, true
	case MigrationVerified:
		return migrationRule{from: []MigrationStatus{MigrationCutover}, event: EventMigrationVerified, verb: "verify"}, true
	case MigrationCancelled:
		return migrationRule{from: []MigrationStatus{MigrationPlanned}, event: EventMigrationCancelled, verb: "cancel", needsNote: true}, true
	}
	return migrationRule{}, false
}

// MigrationMoveAllowed reports whether a migration in status from may
// move to status to.
func MigrationMoveAllowed(from, to MigrationStatus) bool {
	r, ok := migrationLifecycle(to)
	return ok && slices.Contains(r.from, from)
}

// open reports whether a migration in status s still holds its unit: a
// unit has at most one open migration at a time.
func (s MigrationStatus) open() bool { return s == MigrationPlanned || s == MigrationCutover }
