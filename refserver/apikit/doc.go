// Package apikit is what every domain's HTTP mapping in the reference
// server shares: the route and access levels a domain package declares,
// the caller and the subject of a request, strict JSON and CSV bodies,
// query parameters that refuse what they do not know, the one JSON shape
// of a trail, a rate and an import report, and the handler builders (Get,
// Page, Read, Events, Create, Action, Import) that a domain's routes are
// made of.
//
// A domain package under refserver (caseapi, hotlineapi, directoryapi, …)
// imports apikit and its own domain, never refserver: it returns errors
// and refserver's one error table turns them into problems, and it never
// sees a token or the audit log. refserver authenticates each request,
// puts the caller in its context (WithActor) and records what the
// handler named as its subject (SetSubject).
package apikit
