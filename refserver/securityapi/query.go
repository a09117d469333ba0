package securityapi

import (
	"context"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/refserver/apikit"
	"github.com/govops-kit/govops/security"
)

// The query parameters of the listings, read into the Service's inputs.
// The Service checks the values (a status it does not know, a cursor it
// did not issue) and names the parameter; the query names only what is not
// even of the right kind (a year that is not a number).

// maxYear bounds the year parameters.
const maxYear = 9999

func planList(q *apikit.Query) security.PlanListInput {
	return security.PlanListInput{Code: q.One("code"), Status: security.PlanStatus(q.One("status")), Year: q.Int("year", 0, maxYear),
		After: q.One("cursor"), Limit: q.PageLimit()}
}

func drillList(q *apikit.Query) security.DrillListInput {
	in := security.DrillListInput{Plan: q.One("plan"), Year: q.Int("year", 0, maxYear), After: q.One("cursor"), Limit: q.PageLimit()}
	if in.Plan != "" {
		if _, err := apikit.ParseID(in.Plan); err != nil {
			q.Add("plan", "must be the ID of an emergency plan")
		}
	}
	return in
}

func inspectionList(q *apikit.Query) security.InspectionListInput {
	return security.InspectionListInput{Department: q.One("department"), Year: q.Int("year", 0, maxYear), After: q.One("cursor"), Limit: q.PageLimit()}
}

func hardeningFilter(q *apikit.Query) security.HardeningListInput {
	in := security.HardeningListInput{Department: q.One("department"), Status: security.HardeningStatus(q.One("status")),
		Kind: security.FindingKind(q.One("kind")), Severity: security.Severity(q.One("severity")),
		SourceKind: security.SourceKind(q.One("source_kind")), Source: q.One("source"), After: q.One("cursor"), Limit: q.PageLimit()}
	if in.Source != "" {
		if _, err := apikit.ParseID(in.Source); err != nil {
			q.Add("source", "must be the ID of an inspection, an exercise or a drill")
		}
	}
	return in
}

func exerciseList(q *apikit.Query) security.ExerciseListInput {
	return security.ExerciseListInput{Year: q.Int("year", 0, maxYear), After: q.One("cursor"), Limit: q.PageLimit()}
}

func incidentList(q *apikit.Query) security.IncidentListInput {
	return security.IncidentListInput{Department: q.One("department"), Grade: security.Grade(q.One("grade")),
		Status: security.IncidentStatus(q.One("status")), Year: q.Int("year", 0, maxYear), After: q.One("cursor"), Limit: q.PageLimit()}
}

// loc is the zone a date sent alone is read in.
func (a *API) loc() *time.Location {
	if a.clock.Loc != nil {
		return a.clock.Loc
	}
	return govops.ShanghaiLocation()
}

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

// none is the status of the records that have none (inspections and
// exercises): their events name no status.
type none string

// Label returns "".
func (none) Label() string { return "" }

// trail reads a trail whose statuses are those of one kind of record (S):
// the Service's events carry the status of any kind as a plain string, and
// the label is the record kind's ("open" is a hardening record's 待整改 and
// an action's 待完成).
func trail[S apikit.Labeled](read func(ctx context.Context, by govops.Actor, ref string) ([]security.Event, error)) func(ctx context.Context, by govops.Actor, ref string) ([]govops.Event[security.EventType, S], error) {
	return func(ctx context.Context, by govops.Actor, ref string) ([]govops.Event[security.EventType, S], error) {
		evs, err := read(ctx, by, ref)
		if err != nil {
			return nil, err
		}
		out := make([]govops.Event[security.EventType, S], len(evs))
		for i, e := range evs {
			out[i] = govops.Event[security.EventType, S]{ID: e.ID, Subject: e.Subject, Seq: e.Seq, Type: e.Type,
				Actor: e.Actor, ActorDept: e.ActorDept, At: e.At, From: S(e.From), To: S(e.To),
				Department: e.Department, Note: e.Note, Attachments: e.Attachments}
		}
		return out, nil
	}
}

// byID wraps a read of a record named in the path by its ID, so that a
// path segment that is no ID is 400 naming "id", as in every domain,
// before the Service is asked.
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
