// Package refserver is the govops reference HTTP server: a thin layer that
// maps HTTP requests to the domain services and bearer tokens to
// govcase.Actor values. Every business rule stays in the domain Service; the
// server only decides who may call an endpoint at all, and owns the two
// things no domain does: the department directory (部门目录) and the API
// tokens.
//
// # Wiring
//
//	srv, err := refserver.New(refserver.Config{Logger: log}, refserver.Services{
//		Cases:     govcase.NewService(govcasebun.New(db)),
//		Directory: refserver.NewBunDirectory(db), // or NewMemDirectory()
//		Ping:      db.PingContext,
//	})
//	http.ListenAndServe(":8080", srv.Handler())
//
// Config.OnCaseChanged hooks run after every successful case write; that is
// how another domain (hotline) hears about cases without importing govcase.
//
// # Tokens and roles
//
// Requests carry "Authorization: Bearer gvo_…". A token is "gvo_" and 43
// base64url characters (32 random bytes); the server stores only its
// SHA-256 in hex, finds it by that hash and compares in constant time.
// Roles map to actors:
//
//	admin  → govcase.Actor{Name, Department: ""}      center staff: everything
//	dept   → govcase.Actor{Name, Department: code}    only its department's cases
//	viewer → govcase.Actor{Name, ReadOnly: true}      reads, with personal data masked
//
// The Service answers a department asking for another department's case with
// 404, refuses writes by a viewer and center-only actions by a department with
// 403, and masks the reporter for callers who may not see it. The server adds
// only: the directory, tokens and routing-rule changes are admin-only; routing
// rules are read by center tokens (admin, viewer); dispatch targets, routing
// rule targets and dept token scopes must name a department in the directory
// (400 naming "department").
//
// # Errors
//
// Every error is application/problem+json (RFC 9457) with the extension
// members code (the govops error code), fields (each invalid field or query
// parameter and its problem) and request_id. The status comes from one table:
// invalid 400, unauthorized 401, forbidden 403, not_found 404, conflict 409,
// internal 500; a body over 1 MiB is 413 and a method a path does not take is
// 405, both with code invalid. Internal errors are logged with the request ID
// and reach the client only as "internal error".
//
// # Endpoints
//
// The route table in routes.go is the only place where endpoints are
// registered, and openapi.json (served at /api/v1/openapi.json) documents
// exactly those; a test checks both directions.
package refserver
