package apikit

import (
	"context"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
)

// Access is who may call a route at all. Everything finer (which records a
// department sees, what a read-only caller may not change, what only the
// center may do) is decided by the domain Services, which take the same
// govops.Actor.
type Access int

// Access levels.
const (
	Public     Access = iota // no token needed
	AnyRole                  // any valid token
	CenterRole               // admin or viewer: center-wide reads
	AdminRole                // admin only
)

// Route is one endpoint of a domain: a method, a path in bunrouter syntax
// ("/api/v1/cases/:number"), who may call it, and its handler.
type Route struct {
	Method  string
	Path    string
	Access  Access
	Handler bunrouter.HandlerFunc
}

// Module is one domain's HTTP mapping, as refserver assembles it: its
// routes, and the OpenAPI fragment that documents exactly those routes (a
// JSON object with "paths" and "components"; see refserver's merge).
type Module interface {
	Routes() []Route
	OpenAPI() []byte
}

type actorKey struct{}

// WithActor returns ctx carrying the caller of a request. refserver sets
// it once a token is verified.
func WithActor(ctx context.Context, a govops.Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// Actor is the caller of a request as every domain Service sees it; the
// zero Actor (which every Service refuses) when no token was verified.
func Actor(ctx context.Context) govops.Actor {
	a, _ := ctx.Value(actorKey{}).(govops.Actor)
	return a
}

type subjectKey struct{}

// WithSubjectSlot returns ctx with room for the subject of a request, and
// a function that reads what a handler put there.
func WithSubjectSlot(ctx context.Context) (context.Context, func() string) {
	slot := new(string)
	return context.WithValue(ctx, subjectKey{}, slot), func() string { return *slot }
}

// SetSubject names the record a request created or changed (a case
// number, an ID, a code) once the handler knows it: the path may have
// named it by another reference, or not at all. Without it the server
// takes the record the path names.
func SetSubject(ctx context.Context, subject string) {
	if slot, ok := ctx.Value(subjectKey{}).(*string); ok {
		*slot = subject
	}
}
