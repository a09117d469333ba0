// Package console is the reference server's web console (管理控制台): the
// pages on which center staff and departments do their daily work in a
// browser, in Chinese.
//
// It is server-rendered with html/template. Its stylesheet and icon are
// embedded in the binary, nothing is loaded from elsewhere, and it runs no
// script at all: charts are SVG drawn on the server, and a long operation
// (an import, a crawl) shows its progress on a page that refreshes itself.
//
// A token signs in once and becomes a session: an HttpOnly, SameSite=Strict
// cookie (Secure over TLS) that expires, whose secret the server keeps only
// hashed. Every form carries a CSRF token derived from the session. Every
// page is sent with a Content-Security-Policy that allows no script and no
// framing. The console calls the same domain Services as the API, with the
// same govops.Actor as the token's, so roles and department scoping are
// exactly the API's: a department that opens another department's case by
// its URL gets the same "not found" as the API gives.
//
// refserver mounts the console at "/" beside the API; the Backend it is
// given is how the console reaches what the server itself owns (tokens,
// sessions, the audit log, the calendar), so that this package does not
// import refserver.
package console
