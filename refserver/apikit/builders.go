package apikit

import (
	"context"
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
)

// Resource says how a domain answers with one kind of record: its JSON
// shape, its version (sent as the ETag) and the reference that names it.
// The handler builders below take one.
type Resource[T any] struct {
	// Out is the record's JSON shape.
	Out func(T) any
	// Version is the record's version, sent as its ETag; nil for a record
	// that has none.
	Version func(T) int64
	// Ref is the reference that names the record (a case number, an ID,
	// a code): the subject of a change, and the last segment of the
	// Location of a created record. nil leaves the subject to the path.
	Ref func(T) string
	// Location is the path under which Create's records are read
	// ("/api/v1/cases/"); Ref completes it.
	Location string
}

// Write answers with v and status, its ETag set when the record has a
// version.
func (r Resource[T]) Write(w http.ResponseWriter, status int, v T) error {
	if r.Version != nil {
		w.Header().Set("ETag", ETag(r.Version(v)))
	}
	return WriteJSON(w, status, r.Out(v))
}

// subject names v as the subject of the request, when r can.
func (r Resource[T]) subject(ctx context.Context, v T) {
	if r.Ref != nil {
		SetSubject(ctx, r.Ref(v))
	}
}

// List is the JSON shape of every listing: one page of items and the
// cursor of the next page ("" on the last).
type List struct {
	Items      []any  `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// Get serves a read of one record named by the path parameter param. It
// takes no query parameters.
func Get[T any](r Resource[T], param string, get func(ctx context.Context, by govops.Actor, ref string) (T, error)) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		if err := NewQuery(req.URL).Err(); err != nil {
			return err
		}
		ctx := req.Context()
		v, err := get(ctx, Actor(ctx), req.Param(param))
		if err != nil {
			return err
		}
		return r.Write(w, http.StatusOK, v)
	}
}

// Lister is one page of a domain's listing, as List calls it with the
// filter its query parameters made.
type Lister[F, T any] func(ctx context.Context, by govops.Actor, in F) (govops.Page[T], error)

// Page serves a listing: filter reads the query parameters into the
// Service's input (and every parameter it does not read is refused), list
// returns one page, and the answer is a List of r's shapes.
func Page[F, T any](r Resource[T], filter func(q *Query) F, list Lister[F, T]) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		q := NewQuery(req.URL)
		in := filter(q)
		if err := q.Err(); err != nil {
			return err
		}
		ctx := req.Context()
		page, err := list(ctx, Actor(ctx), in)
		if err != nil {
			return err
		}
		out := List{Items: make([]any, len(page.Items)), NextCursor: page.Next}
		for i, v := range page.Items {
			out.Items[i] = r.Out(v)
		}
		return WriteJSON(w, http.StatusOK, out)
	}
}

// Create serves the creation of a record from a JSON body of type B: it
// answers 201 with the record, its Location and its ETag, and names it as
// the subject of the request.
func Create[B, T any](r Resource[T], create func(ctx context.Context, by govops.Actor, body *B) (T, error)) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		if err := NewQuery(req.URL).Err(); err != nil {
			return err
		}
		body := new(B)
		if err := DecodeBody(w, req.Request, body, false); err != nil {
			return err
		}
		ctx := req.Context()
		v, err := create(ctx, Actor(ctx), body)
		if err != nil {
			return err
		}
		r.subject(ctx, v)
		if r.Location != "" && r.Ref != nil {
			w.Header().Set("Location", r.Location+r.Ref(v))
		}
		return r.Write(w, http.StatusCreated, v)
	}
}

// Act is one action on a record, as Action calls it: the caller, the
// reference from the path, the If-Match version (0 for any) and the
// decoded body.
type Act[B, T any] func(ctx context.Context, by govops.Actor, ref string, ifVersion int64, body *B) (T, error)

// Action serves an action on the record the path parameter param names:
// it reads the If-Match version and a JSON body of type B (which may be
// empty when emptyBody is set, for actions whose fields are all
// optional), calls act, and answers 200 with the record.
func Action[B, T any](r Resource[T], param string, emptyBody bool, act Act[B, T]) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		version, err := IfMatch(req.Request)
		if err != nil {
			return err
		}
		if err := NewQuery(req.URL).Err(); err != nil {
			return err
		}
		body := new(B)
		if err := DecodeBody(w, req.Request, body, emptyBody); err != nil {
			return err
		}
		ctx := req.Context()
		v, err := act(ctx, Actor(ctx), req.Param(param), version, body)
		if err != nil {
			return err
		}
		r.subject(ctx, v) // the path may have named the record by another reference
		return r.Write(w, http.StatusOK, v)
	}
}

// Read serves a read that takes no parameters at all (the directory's
// counts, the routing rules, the schemes): it calls read with the caller
// and answers 200 with out's shape of the result.
func Read[T any](read func(ctx context.Context, by govops.Actor) (T, error), out func(T) any) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		if err := NewQuery(req.URL).Err(); err != nil {
			return err
		}
		ctx := req.Context()
		v, err := read(ctx, Actor(ctx))
		if err != nil {
			return err
		}
		return WriteJSON(w, http.StatusOK, out(v))
	}
}
