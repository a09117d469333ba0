package caseapi

import (
	"context"
	"net/http"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/refserver/apikit"
)

func (a *API) register(ctx context.Context, by govops.Actor, in *caseCreateJSON) (*govcase.Case, error) {
	rin := govcase.RegisterInput{
		Kind: govcase.Kind(in.Kind), Category: govcase.Category(in.Category),
		Priority: govcase.Priority(in.Priority), Source: govcase.Source(in.Source), ExternalNo: in.ExternalNo,
		Title: in.Title, Description: in.Description, Location: in.Location,
	}
	if in.Reporter != nil {
		rin.Reporter = govcase.Contact{Name: in.Reporter.Name, Phone: in.Reporter.Phone}
	}
	return a.svc.Register(ctx, by, rin)
}

// listInput reads the filters of the case listing.
func (a *API) listInput(q *apikit.Query) govcase.ListInput {
	loc := a.clock.Loc
	var in govcase.ListInput
	for _, k := range q.List("kind") {
		in.Filter.Kinds = append(in.Filter.Kinds, govcase.Kind(k))
	}
	for _, st := range q.List("status") {
		in.Filter.Statuses = append(in.Filter.Statuses, govcase.Status(st))
	}
	in.Filter.Department = q.One("department")
	in.Filter.Category = govcase.Category(q.One("category"))
	in.Filter.Priority = govcase.Priority(q.One("priority"))
	in.Filter.Source = govcase.Source(q.One("source"))
	in.Filter.ExternalNo = q.One("external_no")
	in.Filter.Year = q.Int("year", 1900, 9999)
	in.Filter.Text = q.One("q")
	in.Filter.CreatedFrom = q.Time("created_from", loc, false)
	in.Filter.CreatedTo = q.Time("created_to", loc, true)
	in.Filter.ResolveByBefore = q.Time("due_before", loc, false)
	in.Limit = q.PageLimit()
	in.Overdue = q.Bool("overdue")
	in.DueWithin = q.Duration("due_within")
	in.Cursor = q.One("cursor")
	return in
}

// caseAction is one lifecycle action of the case Service, as action
// calls it with the caller, the case reference from the path, the
// If-Match version and note, and the decoded body.
type caseAction[T any] func(ctx context.Context, by govops.Actor, ref string, ai govcase.ActionInput, body *T) (*govcase.Case, error)

// action serves one lifecycle action with apikit.Action. note picks the
// body field that carries the action's note, and noteField names it, so
// that the Service's complaints about "note" name the field the client
// actually sent.
func action[T any](a *API, emptyBody bool, noteField string, note func(*T) string, do caseAction[T]) bunrouter.HandlerFunc {
	return apikit.Action(a.cases, "number", emptyBody, func(ctx context.Context, by govops.Actor, ref string, v int64, b *T) (*govcase.Case, error) {
		c, err := do(ctx, by, ref, govcase.ActionInput{IfVersion: v, Note: note(b)}, b)
		if err != nil {
			return nil, apikit.RenameField(err, "note", noteField)
		}
		return c, nil
	})
}

// noteOnly adapts a lifecycle action whose body carries nothing but its
// note (a body of type T, which action has already read the note from).
func noteOnly[T any](fn func(context.Context, govops.Actor, string, govcase.ActionInput) (*govcase.Case, error)) caseAction[T] {
	return func(ctx context.Context, by govops.Actor, ref string, ai govcase.ActionInput, _ *T) (*govcase.Case, error) {
		return fn(ctx, by, ref, ai)
	}
}

func (a *API) dispatch(ctx context.Context, by govops.Actor, ref string, ai govcase.ActionInput, b *dispatchJSON) (*govcase.Case, error) {
	return a.svc.Dispatch(ctx, by, ref, govcase.DispatchInput{ActionInput: ai, Department: b.Department, UseSuggestion: b.UseSuggestion})
}

func (a *API) requestExtension(ctx context.Context, by govops.Actor, ref string, ai govcase.ActionInput, b *extensionJSON) (*govcase.Case, error) {
	var until time.Time
	if b.Until != "" {
		t, err := time.Parse(time.RFC3339, b.Until)
		if err != nil {
			return nil, govops.FieldError("until", `must be an RFC 3339 time, e.g. "2026-03-20T17:30:00+08:00"`)
		}
		if !govops.TimeInRange(t) {
			return nil, govops.FieldError("until", apikit.TimeRangeRule)
		}
		until = t
	}
	return a.svc.RequestExtension(ctx, by, ref, govcase.ExtensionInput{ActionInput: ai, Until: until})
}

func (a *API) decideExtension(ctx context.Context, by govops.Actor, ref string, ai govcase.ActionInput, b *extensionDecisionJSON) (*govcase.Case, error) {
	if b.Approve == nil {
		return nil, govops.FieldError("approve", "is required: true to approve the extension, false to deny it")
	}
	return a.svc.DecideExtension(ctx, by, ref, govcase.ExtensionDecision{ActionInput: ai, Approve: *b.Approve})
}

func (a *API) stats(w http.ResponseWriter, req bunrouter.Request) error {
	loc := a.clock.Loc
	q := apikit.NewQuery(req.URL)
	f := govcase.StatsFilter{
		Year:        q.Int("year", 1900, 9999),
		Kind:        govcase.Kind(q.One("kind")),
		Department:  q.One("department"),
		CreatedFrom: q.Time("created_from", loc, false),
		CreatedTo:   q.Time("created_to", loc, true),
	}
	if err := q.Err(); err != nil {
		return err
	}
	r, err := a.svc.Stats(req.Context(), apikit.Actor(req.Context()), f)
	if err != nil {
		return err
	}
	return apikit.WriteJSON(w, http.StatusOK, a.statsOut(r))
}
