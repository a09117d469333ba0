package netopsapi

import (
	"context"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
	"github.com/govops-kit/govops/refserver/apikit"
)

// The query parameters of the listings, read into the Service's inputs.
// The Service checks the values (a status it does not know, a period too
// long) and names the parameter; the query names only what is not even of
// the right kind (a time that does not parse, a flag that is not a bool).

func unitList(q *apikit.Query) netops.UnitListInput {
	return netops.UnitListInput{Site: q.One("site"), Cursor: q.One("cursor"), Limit: q.PageLimit()}
}

func linkList(q *apikit.Query) netops.LinkListInput {
	return netops.LinkListInput{Unit: q.One("unit"), Site: q.One("site"), Type: netops.LinkType(q.One("type")),
		Status: netops.LinkStatus(q.One("status")), Network: q.One("network"), SelfBuilt: q.Bool("self_built"),
		Cursor: q.One("cursor"), Limit: q.PageLimit()}
}

func migrationList(q *apikit.Query) netops.MigrationListInput {
	return netops.MigrationListInput{Unit: q.One("unit"), Status: netops.MigrationStatus(q.One("status")),
		Cursor: q.One("cursor"), Limit: q.PageLimit()}
}

func (a *API) visitList(q *apikit.Query) netops.VisitListInput {
	return netops.VisitListInput{Unit: q.One("unit"), Zone: netops.Zone(q.One("zone")), Technician: q.One("technician"),
		Status: netops.VisitStatus(q.One("status")), Ticket: q.One("ticket"), From: a.from(q), To: a.to(q),
		Breached: q.Bool("breached"), Cursor: q.One("cursor"), Limit: q.PageLimit()}
}

func planList(q *apikit.Query) netops.PlanListInput {
	return netops.PlanListInput{Status: netops.PlanStatus(q.One("status")), Site: q.One("site"),
		Cursor: q.One("cursor"), Limit: q.PageLimit()}
}

func (a *API) recordList(q *apikit.Query) netops.RecordListInput {
	in := netops.RecordListInput{Plan: q.One("plan"), From: a.from(q), To: a.to(q), Cursor: q.One("cursor"), Limit: q.PageLimit()}
	if in.Plan != "" {
		if _, err := apikit.ParseID(in.Plan); err != nil {
			q.Add("plan", "must be the ID of an inspection plan")
		}
	}
	return in
}

func deviceList(q *apikit.Query) netops.DeviceListInput {
	return netops.DeviceListInput{Site: q.One("site"), Kind: netops.DeviceKind(q.One("kind")),
		Status: netops.DeviceStatus(q.One("status")), Cursor: q.One("cursor"), Limit: q.PageLimit()}
}

// loc is the zone a date sent alone is read in.
func (a *API) loc() *time.Location {
	if a.clock.Loc != nil {
		return a.clock.Loc
	}
	return govops.ShanghaiLocation()
}

// from reads the from parameter: a time, or a date's first instant.
func (a *API) from(q *apikit.Query) time.Time { return q.Time("from", a.loc(), false) }

// to reads the to parameter, an exclusive bound: a time, or a date, which
// then includes that whole day.
func (a *API) to(q *apikit.Query) time.Time { return q.Time("to", a.loc(), true) }

// at reads the time field of a body: RFC 3339, "" for none.
func at(p *govops.Problems, field, s string) time.Time { return apikit.ParseTime(p, field, s, false) }

// day reads the date field of a body: a date ("2026-03-01", its first
// instant in the API's zone) or an RFC 3339 time, "" for none.
func (a *API) day(p *govops.Problems, field, s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := apikit.ParseTimeOrDate(s, a.loc(), false)
	if err != nil {
		p.Add(field, govops.ErrorMessage(err))
	}
	return t
}

// none is the status of the records that have none (sites and unit
// profiles): their events name no status.
type none string

// Label returns "".
func (none) Label() string { return "" }

// trail reads a trail whose statuses are those of one kind of record (S):
// the Service's events carry the status of any kind as a plain string, and
// the label is the record kind's ("active" is a link's 在用 and a plan's
// 执行中).
func trail[S apikit.Labeled](read func(ctx context.Context, by govops.Actor, ref string) ([]netops.Event, error)) func(ctx context.Context, by govops.Actor, ref string) ([]govops.Event[netops.EventType, S], error) {
	return func(ctx context.Context, by govops.Actor, ref string) ([]govops.Event[netops.EventType, S], error) {
		evs, err := read(ctx, by, ref)
		if err != nil {
			return nil, err
		}
		out := make([]govops.Event[netops.EventType, S], len(evs))
		for i, e := range evs {
			out[i] = govops.Event[netops.EventType, S]{ID: e.ID, Subject: e.Subject, Seq: e.Seq, Type: e.Type,
				Actor: e.Actor, ActorDept: e.ActorDept, At: e.At, From: S(e.From), To: S(e.To),
				Department: e.Department, Note: e.Note, Attachments: e.Attachments}
		}
		return out, nil
	}
}

// maxPatchTries bounds the reads and writes of a PATCH without If-Match
// that other writers keep overtaking.
const maxPatchTries = 5

// patch changes the fields a PATCH gives. The Service replaces every
// editable field at once, so the record is read, the given fields are laid
// over it and the whole is written back at the version read: another
// writer's change in between is never undone. With If-Match (version) a
// change since that version is 409; without it the PATCH is laid over the
// newer record and written again, as long as the record did move (a 409
// for another reason, such as an overlapping prefix, is answered at once).
func patch[T any](version int64, read func() (T, int64, error), write func(cur T, ifVersion int64) (T, error)) (T, error) {
	var seen int64 = -1
	var last error
	for try := 1; ; try++ {
		cur, v, err := read()
		if err != nil {
			var zero T
			return zero, err
		}
		if v == seen {
			var zero T
			return zero, last
		}
		iv := version
		if version == 0 {
			iv = v
		}
		out, err := write(cur, iv)
		if version == 0 && govops.ErrorCode(err) == govops.ECONFLICT && try < maxPatchTries {
			seen, last = v, err
			continue
		}
		return out, err
	}
}

// set lays v over dst when the field was given.
func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// byID wraps a read of a record named in the path by its ID (a link, a
// migration, a visit, a plan, a booking, a shift), so that a path segment
// that is no ID is 400 naming "id", as in every domain, before the
// Service is asked.
func byID[T any](read func(ctx context.Context, by govops.Actor, ref string) (T, error)) func(ctx context.Context, by govops.Actor, ref string) (T, error) {
	return func(ctx context.Context, by govops.Actor, ref string) (T, error) {
		if _, err := apikit.ParseID(ref); err != nil {
			var zero T
			return zero, err
		}
		return read(ctx, by, ref)
	}
}

// actByID is byID for an action.
func actByID[B, T any](act apikit.Act[B, T]) apikit.Act[B, T] {
	return func(ctx context.Context, by govops.Actor, ref string, version int64, body *B) (T, error) {
		if _, err := apikit.ParseID(ref); err != nil {
			var zero T
			return zero, err
		}
		return act(ctx, by, ref, version, body)
	}
}

// listLinks is the Service's listing, its unit filter named as the query
// names it (the Service scopes it as a department).
func (a *API) listLinks(ctx context.Context, by govops.Actor, in netops.LinkListInput) (govops.Page[netops.Link], error) {
	page, err := a.svc.Links(ctx, by, in)
	return page, apikit.RenameField(err, "department", "unit")
}

// listMigrations is listLinks for migrations.
func (a *API) listMigrations(ctx context.Context, by govops.Actor, in netops.MigrationListInput) (govops.Page[netops.Migration], error) {
	page, err := a.svc.Migrations(ctx, by, in)
	return page, apikit.RenameField(err, "department", "unit")
}
