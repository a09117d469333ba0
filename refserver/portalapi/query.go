package portalapi

import (
	"context"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/refserver/apikit"
)

// The query parameters of the listings, read into the Service's inputs.
// The Service checks the values (a status it does not know, a cursor it
// did not issue) and names the parameter; the query names only what is not
// even of the right kind (a year that is not a number, a flag that is not
// true or false).

// maxYear bounds the year parameters.
const maxYear = 9999

func siteList(q *apikit.Query) portal.SiteListInput {
	return portal.SiteListInput{Department: q.One("department"), Status: portal.SiteStatus(q.One("status")),
		After: q.One("cursor"), Limit: q.PageLimit()}
}

func (a *API) columnList(q *apikit.Query) portal.ColumnListInput {
	return portal.ColumnListInput{Site: q.One("site"), Department: q.One("department"), Stale: q.Bool("stale"),
		At: q.Time("at", a.loc(), false), After: q.One("cursor"), Limit: q.PageLimit()}
}

func (a *API) postList(q *apikit.Query) portal.PostListInput {
	in := portal.PostListInput{Site: q.One("site"), Column: q.One("column"), Department: q.One("department"),
		Source: portal.PostSource(q.One("source")), From: q.Time("from", a.loc(), false), To: q.Time("to", a.loc(), true),
		After: q.One("cursor"), Limit: q.PageLimit()}
	return in
}

func (a *API) probeList(q *apikit.Query) portal.ProbeListInput {
	return portal.ProbeListInput{Site: q.One("site"), From: q.Time("from", a.loc(), false), To: q.Time("to", a.loc(), true),
		Failed: q.Bool("failed"), After: q.One("cursor"), Limit: q.PageLimit()}
}

func crawlList(q *apikit.Query) portal.CrawlListInput {
	return portal.CrawlListInput{Site: q.One("site"), Status: portal.CrawlStatus(q.One("status")), After: q.One("cursor"), Limit: q.PageLimit()}
}

func findingList(q *apikit.Query) portal.FindingListInput {
	in := portal.FindingListInput{Crawl: q.One("crawl"), Site: q.One("site"), Kind: portal.FindingKind(q.One("kind")),
		Department: q.One("department"), After: q.One("cursor"), Limit: q.PageLimit()}
	if in.Crawl != "" {
		if _, err := apikit.ParseID(in.Crawl); err != nil {
			q.Add("crawl", "must be the ID of a crawl")
		}
	}
	return in
}

func taskList(q *apikit.Query) portal.TaskListInput {
	return portal.TaskListInput{Site: q.One("site"), Kind: portal.FindingKind(q.One("kind")), Status: portal.TaskStatus(q.One("status")),
		Department: q.One("department"), Case: q.One("case"), After: q.One("cursor"), Limit: q.PageLimit()}
}

func consultationList(q *apikit.Query) portal.ConsultationListInput {
	return portal.ConsultationListInput{Site: q.One("site"), Department: q.One("department"), Unanswered: q.Bool("unanswered"),
		After: q.One("cursor"), Limit: q.PageLimit()}
}

func accountList(q *apikit.Query) portal.AccountListInput {
	return portal.AccountListInput{Department: q.One("department"), Platform: portal.Platform(q.One("platform")),
		Status: portal.AccountStatus(q.One("status")), After: q.One("cursor"), Limit: q.PageLimit()}
}

func (a *API) inspectionList(q *apikit.Query) portal.MediaInspectionListInput {
	return portal.MediaInspectionListInput{Account: q.One("account"), Department: q.One("department"),
		From: q.Time("from", a.loc(), false), To: q.Time("to", a.loc(), true), After: q.One("cursor"), Limit: q.PageLimit()}
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

// none is the status of the records that have none (columns,
// consultations): their events name no status.
type none string

// Label returns "".
func (none) Label() string { return "" }

// trail reads a trail whose statuses are those of one kind of record (S):
// the Service's events carry the status of any kind as a plain string, and
// the label is the record kind's ("active" is a site's 监管中 and an
// account's 运营中).
func trail[S apikit.Labeled](read func(ctx context.Context, by govops.Actor, ref string) ([]portal.Event, error)) func(ctx context.Context, by govops.Actor, ref string) ([]govops.Event[portal.EventType, S], error) {
	return func(ctx context.Context, by govops.Actor, ref string) ([]govops.Event[portal.EventType, S], error) {
		evs, err := read(ctx, by, ref)
		if err != nil {
			return nil, err
		}
		out := make([]govops.Event[portal.EventType, S], len(evs))
		for i, e := range evs {
			out[i] = govops.Event[portal.EventType, S]{ID: e.ID, Subject: e.Subject, Seq: e.Seq, Type: e.Type,
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
