package refserver

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
)

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

func (s *Server) writeCase(w http.ResponseWriter, status int, c *govcase.Case) error {
	w.Header().Set("ETag", etag(c.Version))
	return writeJSON(w, status, s.caseOut(c))
}

func etag(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }

// ifMatch reads an If-Match header holding one strong ETag of a version
// ("3") of a case or a deduction. An absent header or "*" means "whatever
// the version".
func ifMatch(req *http.Request) (int64, error) {
	h := strings.TrimSpace(req.Header.Get("If-Match"))
	if h == "" || h == "*" {
		return 0, nil
	}
	bad := govops.FieldError("If-Match", `must be one ETag as GET returned it, e.g. "3"`)
	if len(h) < 3 || h[0] != '"' || h[len(h)-1] != '"' {
		return 0, bad
	}
	n, err := strconv.ParseInt(h[1:len(h)-1], 10, 64)
	if err != nil || n < 1 {
		return 0, bad
	}
	return n, nil
}

func (s *Server) createCase(w http.ResponseWriter, req bunrouter.Request) error {
	var in caseCreateJSON
	if err := decodeJSON(w, req.Request, &in, false); err != nil {
		return err
	}
	ctx := req.Context()
	rin := govcase.RegisterInput{
		Kind: govcase.Kind(in.Kind), Category: govcase.Category(in.Category),
		Priority: govcase.Priority(in.Priority), Source: govcase.Source(in.Source), ExternalNo: in.ExternalNo,
		Title: in.Title, Description: in.Description, Location: in.Location,
	}
	if in.Reporter != nil {
		rin.Reporter = govcase.Contact{Name: in.Reporter.Name, Phone: in.Reporter.Phone}
	}
	c, err := s.cases.Register(ctx, actorFrom(ctx), rin)
	if err != nil {
		return err
	}
	setSubject(ctx, c.Number)
	w.Header().Set("Location", "/api/v1/cases/"+c.Number)
	return s.writeCase(w, http.StatusCreated, c)
}

func (s *Server) listCases(w http.ResponseWriter, req bunrouter.Request) error {
	loc := s.cases.Calendar().Location()
	q := newQuery(req.URL)
	var in govcase.ListInput
	for _, k := range q.list("kind") {
		in.Filter.Kinds = append(in.Filter.Kinds, govcase.Kind(k))
	}
	for _, st := range q.list("status") {
		in.Filter.Statuses = append(in.Filter.Statuses, govcase.Status(st))
	}
	in.Filter.Department = q.one("department")
	in.Filter.Category = govcase.Category(q.one("category"))
	in.Filter.Priority = govcase.Priority(q.one("priority"))
	in.Filter.Source = govcase.Source(q.one("source"))
	in.Filter.ExternalNo = q.one("external_no")
	in.Filter.Year = q.int("year", 1900, 9999)
	in.Filter.Text = q.one("q")
	in.Filter.CreatedFrom = q.time("created_from", loc, false)
	in.Filter.CreatedTo = q.time("created_to", loc, true)
	in.Filter.ResolveByBefore = q.time("due_before", loc, false)
	in.Limit = q.int("limit", 1, govops.MaxPageSize)
	in.Overdue = q.bool("overdue")
	in.DueWithin = q.duration("due_within")
	in.Cursor = q.one("cursor")
	if err := q.err(); err != nil {
		return err
	}
	page, err := s.cases.List(req.Context(), actorFrom(req.Context()), in)
	if err != nil {
		return err
	}
	out := caseListJSON{Items: make([]caseJSON, len(page.Items)), NextCursor: page.Next}
	for i, c := range page.Items {
		out.Items[i] = s.caseOut(c)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) getCase(w http.ResponseWriter, req bunrouter.Request) error {
	if err := newQuery(req.URL).err(); err != nil {
		return err
	}
	c, err := s.cases.Get(req.Context(), actorFrom(req.Context()), req.Param("number"))
	if err != nil {
		return err
	}
	return s.writeCase(w, http.StatusOK, c)
}

func (s *Server) caseEvents(w http.ResponseWriter, req bunrouter.Request) error {
	if err := newQuery(req.URL).err(); err != nil {
		return err
	}
	evs, err := s.cases.Events(req.Context(), actorFrom(req.Context()), req.Param("number"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, trailList(s, evs))
}

// caseAction is one lifecycle action of the case Service, as action
// calls it with the caller, the case reference from the path, the
// If-Match version and note, and the decoded body.
type caseAction[T any] func(ctx context.Context, by govops.Actor, ref string, ai govcase.ActionInput, body *T) (*govcase.Case, error)

// action serves one lifecycle action: it reads the If-Match version and a
// body of type T, then calls do with the case reference of the path. note
// picks the body field that carries the action's note, and noteField names
// it, so that the Service's complaints about "note" name the field the
// client actually sent.
func action[T any](s *Server, allowEmpty bool, noteField string, note func(*T) string, do caseAction[T]) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		version, err := ifMatch(req.Request)
		if err != nil {
			return err
		}
		if err := newQuery(req.URL).err(); err != nil {
			return err
		}
		body := new(T)
		if err := decodeJSON(w, req.Request, body, allowEmpty); err != nil {
			return err
		}
		ctx := req.Context()
		ai := govcase.ActionInput{IfVersion: version, Note: note(body)}
		c, err := do(ctx, actorFrom(ctx), req.Param("number"), ai, body)
		if err != nil {
			return renameField(err, "note", noteField)
		}
		setSubject(ctx, c.Number) // the path may have named the case by its ID
		return s.writeCase(w, http.StatusOK, c)
	}
}

// renameField moves a problem reported for field from to field to.
func renameField(err error, from, to string) error {
	if from == to {
		return err
	}
	fields := govops.ErrorFields(err)
	if _, ok := fields[from]; !ok {
		return err
	}
	out := &govops.Error{Code: govops.ErrorCode(err), Message: govops.ErrorMessage(err), Fields: map[string]string{}}
	for k, v := range fields {
		if k == from {
			k = to
		}
		out.Fields[k] = v
	}
	out.Message = strings.Replace(out.Message, from+":", to+":", 1)
	return out
}

func (s *Server) dispatch(ctx context.Context, by govops.Actor, ref string, ai govcase.ActionInput, b *dispatchJSON) (*govcase.Case, error) {
	return s.cases.Dispatch(ctx, by, ref, govcase.DispatchInput{ActionInput: ai, Department: b.Department, UseSuggestion: b.UseSuggestion})
}

func (s *Server) requestExtension(ctx context.Context, by govops.Actor, ref string, ai govcase.ActionInput, b *extensionJSON) (*govcase.Case, error) {
	var until time.Time
	if b.Until != "" {
		t, err := time.Parse(time.RFC3339, b.Until)
		if err != nil {
			return nil, govops.FieldError("until", `must be an RFC 3339 time, e.g. "2026-03-20T17:30:00+08:00"`)
		}
		if !govops.TimeInRange(t) {
			return nil, govops.FieldError("until", timeRangeRule)
		}
		until = t
	}
	return s.cases.RequestExtension(ctx, by, ref, govcase.ExtensionInput{ActionInput: ai, Until: until})
}

func (s *Server) decideExtension(ctx context.Context, by govops.Actor, ref string, ai govcase.ActionInput, b *extensionDecisionJSON) (*govcase.Case, error) {
	if b.Approve == nil {
		return nil, govops.FieldError("approve", "is required: true to approve the extension, false to deny it")
	}
	return s.cases.DecideExtension(ctx, by, ref, govcase.ExtensionDecision{ActionInput: ai, Approve: *b.Approve})
}

func (s *Server) caseStats(w http.ResponseWriter, req bunrouter.Request) error {
	loc := s.cases.Calendar().Location()
	q := newQuery(req.URL)
	f := govcase.StatsFilter{
		Year:        q.int("year", 1900, 9999),
		Kind:        govcase.Kind(q.one("kind")),
		Department:  q.one("department"),
		CreatedFrom: q.time("created_from", loc, false),
		CreatedTo:   q.time("created_to", loc, true),
	}
	if err := q.err(); err != nil {
		return err
	}
	r, err := s.cases.Stats(req.Context(), actorFrom(req.Context()), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.statsOut(r))
}
