package netops

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// PlanMigration plans the move of a unit to another site. The unit must
// have a network profile: its site (and room) are where it moves from.
// Center only. It returns EINVALID naming every bad field ("unit": no
// profile; "to_site": unknown, or the unit's site already; "to_room": not
// a room of it; "planned_for": required; "plan", "note"), and ECONFLICT
// when the unit has an open migration (planned or cut over) already.
func (s *Service) PlanMigration(ctx context.Context, by govops.Actor, in MigrationInput) (*Migration, error) {
	if err := by.CenterOnly("plan migrations"); err != nil {
		return nil, err
	}
	in.Unit, in.ToSite, in.ToRoom = strings.TrimSpace(in.Unit), strings.TrimSpace(in.ToSite), strings.TrimSpace(in.ToRoom)
	var p govops.Problems
	var u *UnitNet
	if govops.CheckCode(&p, "unit", in.Unit) {
		var err error
		u, err = s.store.Unit(ctx, in.Unit)
		if govops.ErrorCode(err) == govops.ENOTFOUND {
			u, err = nil, nil
			p.Addf("unit", "unit %s has no network profile: record its site first (SetUnit)", in.Unit)
		}
		if err != nil {
			return nil, err
		}
	}
	if err := s.lookups().checkPlace(ctx, &p, "to_site", in.ToSite, "to_room", in.ToRoom, true); err != nil {
		return nil, err
	}
	if u != nil && in.ToSite == u.Site {
		p.Addf("to_site", "unit %s is at site %s already: a migration moves it to another site", u.Unit, u.Site)
	}
	if govops.CheckTime(&p, "planned_for", in.PlannedFor, true) {
		in.PlannedFor = govops.StoredTime(in.PlannedFor)
	}
	govops.CheckText(&p, "plan", in.Plan, MaxNoteLen, false)
	govops.CheckText(&p, "note", in.Note, MaxNoteLen, false)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if err := s.noOpenMigration(ctx, u.Unit); err != nil {
		return nil, err
	}
	id, err := mintID()
	if err != nil {
		return nil, err
	}
	now := s.clock()
	m := &Migration{ID: id, Unit: u.Unit, FromSite: u.Site, FromRoom: u.Room, ToSite: in.ToSite, ToRoom: in.ToRoom,
		PlannedFor: in.PlannedFor, Plan: in.Plan, Status: MigrationPlanned, Note: in.Note, Version: 1, CreatedAt: now, UpdatedAt: now}
	ev, err := invEvent(id, 1, EventMigrationPlanned, by, now, "", Status(MigrationPlanned), m.Unit, in.Note)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateMigration(ctx, m, []Event{ev}); err != nil {
		return nil, err
	}
	return m, nil
}

// noOpenMigration returns the ECONFLICT of a unit that has an open
// migration, nil when it has none.
func (s *Service) noOpenMigration(ctx context.Context, unit string) error {
	for _, st := range MigrationStatuses() {
		if !st.open() {
			continue
		}
		ms, err := s.store.Migrations(ctx, MigrationFilter{Unit: unit, Status: st}, uuid.Nil, 1)
		if err != nil {
			return err
		}
		if len(ms) > 0 {
			m := ms[0]
			return govops.Errorf(govops.ECONFLICT, "unit %s has an open migration already (%s, %s (%s) to site %s): finish or cancel it first",
				unit, m.ID, m.Status, m.Status.Label(), m.ToSite).WithField("unit", "has an open migration")
		}
	}
	return nil
}

// CutoverMigration records the cutover and moves the unit's profile to the
// new site, in one write: the migration's trail and the unit's both tell
// it. At is when (now unless set; never in the future). Center only. It
// returns ECONFLICT when the migration is not planned, when the unit has
// moved since it was planned (cancel it and plan again), or when IfVersion
// is stale.
func (s *Service) CutoverMigration(ctx context.Context, by govops.Actor, ref string, in MigrationStep) (*Migration, error) {
	return s.moveMigration(ctx, by, ref, MigrationCutover, in, func(m *Migration, u *UnitNet, at time.Time) error {
		if u.Site != m.FromSite || u.Room != m.FromRoom {
			return govops.Errorf(govops.ECONFLICT, "unit %s is at %s now, not at %s where migration %s moves it from: cancel the migration and plan it again",
				u.Unit, place(u.Site, u.Room), place(m.FromSite, m.FromRoom), m.ID)
		}
		m.CutoverAt = at
		u.Site, u.Room = m.ToSite, m.ToRoom
		return nil
	})
}

// place names a site and room for a message.
func place(site, room string) string {
	if room == "" {
		return "site " + site
	}
	return fmt.Sprintf("site %s room %s", site, room)
}

// VerifyMigration records that the unit works at its new site: when (At,
// now unless set; never in the future nor before the cutover) and by whom
// (the actor's name). Center only. It returns ECONFLICT when the
// migration is not cut over, or when IfVersion is stale.
func (s *Service) VerifyMigration(ctx context.Context, by govops.Actor, ref string, in MigrationStep) (*Migration, error) {
	return s.moveMigration(ctx, by, ref, MigrationVerified, in, func(m *Migration, _ *UnitNet, at time.Time) error {
		if at.Before(m.CutoverAt) {
			return govops.FieldError("at", fmt.Sprintf("is before the cutover (%s): verify a migration after it", m.CutoverAt.In(shanghai).Format("2006-01-02 15:04")))
		}
		m.VerifiedAt, m.VerifiedBy = at, by.Name
		return nil
	})
}

// CancelMigration cancels a planned migration; the note is required. Once
// cut over, a migration is not cancelled: the unit is at its new site (plan
// another migration back). Center only.
func (s *Service) CancelMigration(ctx context.Context, by govops.Actor, ref string, in MigrationStep) (*Migration, error) {
	return s.moveMigration(ctx, by, ref, MigrationCancelled, in, nil)
}

// moveMigration moves the migration ref to status to under the rule
// table: it checks the actor, the input, the version and the status, lets
// change fill in the new state (it may refuse; u is the unit's profile to
// move, nil unless the move is a cutover), and stores the migration (and
// the profile) at their next versions with their events, in one write.
func (s *Service) moveMigration(ctx context.Context, by govops.Actor, ref string, to MigrationStatus, in MigrationStep, change func(m *Migration, u *UnitNet, at time.Time) error) (*Migration, error) {
	rule, ok := migrationLifecycle(to)
	if !ok {
		return nil, govops.Errorf(govops.EINTERNAL, "netops: no rule for migration status %s", to)
	}
	if err := by.CenterOnly(rule.verb + " migrations"); err != nil {
		return nil, err
	}
	id, err := govops.ParseID("migration", ref, "migration")
	if err != nil {
		return nil, err
	}
	now := s.clock()
	var p govops.Problems
	if govops.CheckText(&p, "note", in.Note, MaxNoteLen, false) && rule.needsNote && strings.TrimSpace(in.Note) == "" {
		p.Addf("note", "is required to %s a migration: say why", rule.verb)
	}
	at := in.At
	if checkPast(&p, "at", at, now) && at.IsZero() {
		at = now
	}
	at = govops.StoredTime(at)
	govops.CheckIfVersion(&p, in.IfVersion)
	if err := p.Err(); err != nil {
		return nil, err
	}
	var out *Migration
	err = govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.readMigration(ctx, id)
		if err != nil {
			return nil, err
		}
		if in.IfVersion != 0 && cur.Version != in.IfVersion {
			return nil, govops.StaleVersion("migration "+cur.ID.String(), cur.Version, in.IfVersion)
		}
		if !slices.Contains(rule.from, cur.Status) {
			return nil, govops.Errorf(govops.ECONFLICT, "cannot %s migration %s: it is %s (%s), and only a migration that is %s moves to %s (%s)",
				rule.verb, cur.ID, cur.Status, cur.Status.Label(), choices(rule.from), to, to.Label()).
				WithField("status", string(cur.Status))
		}
		next := *cur
		next.Status, next.Version, next.UpdatedAt = to, cur.Version+1, now
		var u *UnitNet
		if to == MigrationCutover {
			if u, err = s.store.Unit(ctx, cur.Unit); err != nil {
				return nil, err
			}
			u.Version, u.UpdatedAt = u.Version+1, now
		}
		if change != nil {
			if err := change(&next, u, at); err != nil {
				return nil, err
			}
		}
		ev, err := invEvent(next.ID, next.Version, rule.event, by, now, Status(cur.Status), Status(to), next.Unit, in.Note)
		if err != nil {
			return nil, err
		}
		evs := []Event{ev}
		if u != nil {
			uev, err := invEvent(u.ID, u.Version, EventUnitMoved, by, now, "", "", u.Unit,
				fmt.Sprintf("moved from %s to %s by migration %s", place(next.FromSite, next.FromRoom), place(next.ToSite, next.ToRoom), next.ID))
			if err != nil {
				return nil, err
			}
			evs = append(evs, uev)
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateMigration(ctx, &next, u, evs) }), nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// readMigration returns the migration id: ENOTFOUND naming it when there
// is none.
func (s *Service) readMigration(ctx context.Context, id uuid.UUID) (*Migration, error) {
	m, err := s.store.Migration(ctx, id)
	if govops.ErrorCode(err) == govops.ENOTFOUND {
		return nil, govops.Errorf(govops.ENOTFOUND, "no migration %s", id)
	}
	return m, err
}

// visibleMigration returns the migration ref when by may read it: a
// department its own unit's only, ENOTFOUND for another's.
func (s *Service) visibleMigration(ctx context.Context, by govops.Actor, ref string) (*Migration, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	id, err := govops.ParseID("migration", ref, "migration")
	if err != nil {
		return nil, err
	}
	m, err := s.readMigration(ctx, id)
	if err != nil {
		return nil, err
	}
	if !by.MaySee(m.Unit) {
		return nil, govops.Errorf(govops.ENOTFOUND, "no migration %s", id)
	}
	return m, nil
}

// Migration returns the migration ref. A department reads its own unit's.
func (s *Service) Migration(ctx context.Context, by govops.Actor, ref string) (*Migration, error) {
	m, err := s.visibleMigration(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	v := maskFor(by, m.Unit, *m)
	return &v, nil
}

// Migrations lists migrations, by ID. A department sees its own unit's only
// (asking for another unit's is EFORBIDDEN naming "department"). It
// returns EINVALID naming "unit", "status", "cursor" or "limit".
func (s *Service) Migrations(ctx context.Context, by govops.Actor, in MigrationListInput) (govops.Page[Migration], error) {
	var p govops.Problems
	by.Check(&p)
	f := MigrationFilter{Unit: strings.TrimSpace(in.Unit), Status: in.Status}
	if f.Unit != "" {
		govops.CheckCode(&p, "unit", f.Unit)
	}
	if f.Status != "" && !f.Status.Valid() {
		p.Addf("status", "unknown status %q: use %s", govops.Truncate(string(f.Status), 40), choices(MigrationStatuses()))
	}
	limit := govops.CheckLimit(&p, in.Limit)
	if err := p.Err(); err != nil {
		return govops.Page[Migration]{}, err
	}
	var err error
	if f.Unit, err = by.Scope(f.Unit); err != nil {
		return govops.Page[Migration]{}, err
	}
	after, err := govops.CursorID(in.Cursor)
	if err != nil {
		return govops.Page[Migration]{}, err
	}
	ms, err := s.store.Migrations(ctx, f, after, limit+1)
	if err != nil {
		return govops.Page[Migration]{}, err
	}
	for i := range ms {
		ms[i] = maskFor(by, ms[i].Unit, ms[i])
	}
	return govops.NewPage(ms, limit, func(m Migration) string { return m.ID.String() }), nil
}

// MigrationTrail returns the trail of the migration ref, to whoever may
// read the migration.
func (s *Service) MigrationTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	m, err := s.visibleMigration(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	evs, err := s.store.Events(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	return maskFor(by, m.Unit, evs), nil
}
