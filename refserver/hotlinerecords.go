package refserver

import (
	"bytes"
	"context"
	"io"
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/hotline"
)

// The hotline records: callbacks (回访), case outcomes (办理情况) and the
// city's published district results (城区成绩), with their CSV imports.

func (s *Server) createCallback(w http.ResponseWriter, req bunrouter.Request) error {
	var in callbackCreateJSON
	if err := decodeJSON(w, req.Request, &in, false); err != nil {
		return err
	}
	var p govops.Problems
	ci := hotline.CallbackInput{CaseNumber: in.CaseNumber, Department: in.Department,
		Result: hotline.Result(in.Result), Note: in.Note}
	if in.Month != "" {
		m, err := parseMonth("month", in.Month)
		if err != nil {
			p.Add("month", monthRule)
		}
		ci.Month = m
	}
	ci.CalledAt = parseTime(&p, "called_at", in.CalledAt, false)
	if err := p.Err(); err != nil {
		return err
	}
	ctx := req.Context()
	c, err := s.hotline.RecordCallback(ctx, actorFrom(ctx), ci)
	if err != nil {
		return err
	}
	setSubject(ctx, c.ID.String())
	w.Header().Set("Location", "/api/v1/hotline/callbacks/"+c.ID.String())
	return writeJSON(w, http.StatusCreated, s.callbackOut(*c))
}

func (s *Server) listCallbacks(w http.ResponseWriter, req bunrouter.Request) error {
	q := newQuery(req.URL)
	f := hotline.CallbackFilter{
		Month: q.month("month"), Department: q.one("department"), CaseNumber: q.one("case_number"),
		Result: hotline.Result(q.one("result")), Cursor: q.one("cursor"), Limit: q.pageLimit(),
	}
	if err := q.err(); err != nil {
		return err
	}
	ctx := req.Context()
	page, err := s.hotline.ListCallbacks(ctx, actorFrom(ctx), f)
	if err != nil {
		return err
	}
	out := callbackListJSON{Items: make([]callbackJSON, len(page.Items)), NextCursor: page.Next}
	for i, c := range page.Items {
		out.Items[i] = s.callbackOut(c)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) getCallback(w http.ResponseWriter, req bunrouter.Request) error {
	id, err := pathID(req)
	if err != nil {
		return err
	}
	if err := newQuery(req.URL).err(); err != nil {
		return err
	}
	ctx := req.Context()
	c, err := s.hotline.GetCallback(ctx, actorFrom(ctx), id.String())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.callbackOut(*c))
}

// importCSV answers a CSV import: the mode from the query, the body as
// text/csv, and the report of every bad row.
func (s *Server) importCSV(w http.ResponseWriter, req bunrouter.Request,
	run func(context.Context, govops.Actor, io.Reader, csvimport.Mode) (*csvimport.Report, error)) error {
	q := newQuery(req.URL)
	mode, name := q.importMode()
	if err := q.err(); err != nil {
		return err
	}
	data, err := readCSV(w, req.Request)
	if err != nil {
		return err
	}
	ctx := req.Context()
	rep, err := run(ctx, actorFrom(ctx), bytes.NewReader(data), mode)
	return importAnswer(w, name, rep, err)
}

func (s *Server) importCallbacks(w http.ResponseWriter, req bunrouter.Request) error {
	return s.importCSV(w, req, s.hotline.ImportCallbacksCSV)
}

func (s *Server) listOutcomes(w http.ResponseWriter, req bunrouter.Request) error {
	q := newQuery(req.URL)
	f := hotline.OutcomeFilter{Month: q.month("month"), Department: q.one("department"),
		Cursor: q.one("cursor"), Limit: q.pageLimit()}
	if err := q.err(); err != nil {
		return err
	}
	ctx := req.Context()
	page, err := s.hotline.ListOutcomes(ctx, actorFrom(ctx), f)
	if err != nil {
		return err
	}
	out := outcomeListJSON{Items: make([]outcomeJSON, len(page.Items)), NextCursor: page.Next}
	for i, o := range page.Items {
		out.Items[i] = s.outcomeOut(o)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) getOutcome(w http.ResponseWriter, req bunrouter.Request) error {
	if err := newQuery(req.URL).err(); err != nil {
		return err
	}
	ctx := req.Context()
	number := req.Param("number")
	o, err := s.hotline.GetOutcome(ctx, actorFrom(ctx), number)
	if err != nil {
		return renameField(err, "case_number", "number")
	}
	w.Header().Set("ETag", etag(o.Version))
	return writeJSON(w, http.StatusOK, s.outcomeOut(*o))
}

func (s *Server) importOutcomes(w http.ResponseWriter, req bunrouter.Request) error {
	return s.importCSV(w, req, s.hotline.ImportOutcomesCSV)
}

func (s *Server) importPeers(w http.ResponseWriter, req bunrouter.Request) error {
	return s.importCSV(w, req, s.hotline.ImportPeerResultsCSV)
}

func (s *Server) peerRanking(w http.ResponseWriter, req bunrouter.Request) error {
	q := newQuery(req.URL)
	v := q.one("period")
	if err := q.err(); err != nil {
		return err
	}
	if v == "" {
		return govops.FieldError("period", "is required: a year (2022) or a month (2022-08)")
	}
	p, err := hotline.ParsePeriod(v)
	if err != nil || !(len(v) == 4 || len(v) == 7 && v[4] == '-') {
		return govops.FieldError("period", "must be a year (2022) or a month (2022-08)")
	}
	r, err := s.hotline.PeerRanking(req.Context(), actorFrom(req.Context()), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rankingOut(r))
}
