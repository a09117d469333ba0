// Package refserver is the govops reference HTTP server: a thin layer that
// maps HTTP requests to the domain services and bearer tokens to
// govops.Actor values. Every business rule stays in the domain Service; the
// server only decides who may call an endpoint at all, and owns what no
// domain does: the API tokens, the audit log and the calendar tables
// loaded through the API. It also wires the domains together: the hotline bridge records
// the outcome of every hotline case as the case changes.
//
// # Wiring
//
//	own := refserver.NewBunStore(db) // or NewMemStore(); migrate each store first
//	deps := directory.NewService(directorybun.New(db))
//	caseStore := govcasebun.New(db)
//	hl := hotline.NewService(hotlinebun.New(db),
//		hotline.WithDepartmentCheck(deps.Check()),
//		hotline.WithPersonalData(refserver.CasePersonalData(caseStore)))
//	cases := govcase.NewService(caseStore,
//		refserver.CaseOptions(log, deps.Check(), refserver.HotlineOutcomes(hl))...)
//	srv, err := refserver.New(refserver.Config{Logger: log}, refserver.Services{
//		Cases: cases, Hotline: hl, Departments: deps, Store: own, Ping: db.PingContext,
//	})
//	http.ListenAndServe(":8080", srv.Handler())
//
// CaseOptions gives the govcase Service two options: the department
// directory's check (dispatch targets and routing-rule targets must name
// an active unit of the directory; the Service runs the check after its own
// permission checks, so a caller who may not dispatch hears that first),
// and one observer that runs CaseHooks after every saved change. The
// observer is handed the case as saved and the event the change appended,
// so nothing is read back. A hook that fails or panics is logged with the
// request ID and never fails the write. HotlineOutcomes is the hook that
// feeds hotline.Service.RecordOutcome; embedders add their own hooks
// beside it.
//
// # Tokens and roles
//
// Requests carry "Authorization: Bearer gvo_…". A token is "gvo_" and 43
// base64url characters (32 random bytes); the server stores only its
// SHA-256 in hex, finds it by that hash and compares in constant time.
// Roles map to actors:
//
//	admin  → govops.Actor{Name, Department: ""}      center staff: everything
//	dept   → govops.Actor{Name, Department: code}    only its department's cases
//	viewer → govops.Actor{Name, ReadOnly: true}      reads, with personal data masked
//
// The Service answers a department asking for another department's case with
// 404 and a department filter (cases, stats) naming another department with
// 403 naming "department", refuses writes by a viewer and center-only actions
// by a department with 403, and masks personal data for callers who may not
// see it (govops.Mask: the reporter, and the phone and ID numbers and the
// reporter's name wherever free text quotes them). A viewer's q searches the
// masked text it sees, never the stored text, so that search cannot rebuild
// a hidden digit; and it may not filter by an exact external_no (403).
// The Service also decides who may touch routing rules: center staff change
// them, district-wide readers (admin, viewer) read them and ask for
// suggestions, and a department gets 403; the route table refuses the same
// callers before the Service is asked, so that an embedder of the Service
// gets the same protection as the server. Every answer to a token carries
// Cache-Control: no-store. The server adds only: changes to the directory
// and tokens are admin-only (the directory Service refuses anyone else
// too); dept token scopes must name an active unit of the directory, and
// so must dispatch and routing-rule targets, through the directory's
// department check (400 naming "department").
//
// # Hotline
//
// The 12345 hotline assessment lives under /api/v1/hotline: callbacks,
// case outcomes, scheme versions, deductions with appeals, the monthly and
// year-to-date assessments and the peer ranking. Who may do what:
//
//	admin   everything: records, imports, schemes, deductions, decisions
//	dept    reads its own department's callbacks, outcomes and deductions
//	        (another department's is 404; a department filter naming
//	        another one is 403), the assessment rows of its own department
//	        plus the district totals, every scheme and the peer ranking;
//	        files appeals against its own deductions, and nothing else
//	viewer  reads what admin reads, without callback notes (free text that
//	        may quote the citizen); writes nothing
//
// Imports take a text/csv body and mode=all-or-nothing (the default) or
// keep-good. Every bad row is reported with its line and field. With
// all-or-nothing and any bad row nothing is written and the answer is 422,
// code invalid, with fields such as "row[3].month" and the full report in
// the problem's "report" member; with keep-good the answer is 200 with the
// same report. A file the server cannot read at all (no header, an unknown
// column) is 400, a body that is not text/csv 415.
//
// Decimals travel as strings with two places ("95.92"), months as
// "2022-08", a rate with a zero denominator as null. Deductions carry their
// version as ETag; appeals and decisions honour If-Match. Single callbacks
// and deductions must name a department of the directory; imports take the
// department codes of the file as they are. The listings of callbacks,
// outcomes and deductions are paged by the hotline Service: 50 to a page
// unless limit says otherwise (at most 500), with next_cursor, an opaque
// token, to pass back as cursor.
//
// # Data catalog
//
// The government data resource catalog (Services.Data, package datashare)
// lives under /api/v1/data: catalog entries, the data mounted into them,
// share requests, metrics, quality and the DCAT and national-template
// exports (refserver/datashareapi). A department catalogs, mounts into and
// answers requests for its own entries and files requests for itself; the
// center does all of it for any department; a viewer reads, with personal
// values masked. An entry is named in a path by its ID or by its code,
// whose "/" the path writes %2F: the router matches the path as sent, so
// the code arrives as one segment.
//
// A mount (POST /api/v1/data/catalogs/{id}/mount) streams its body, CSV or
// JSON lines, into the Service as it arrives, up to Config.MaxMountBytes
// (1 GiB unless set); a larger body is 413 naming the bound, and nothing of
// it is visible. Its read deadline is pushed back as the body arrives
// (datashareapi.MountReadIdle), since a large mount outlasts the read
// timeout a server gives a whole request. Mounts whose process died stay
// loading until datashare's RecoverMounts fails them: cmd/refserver runs
// it at every start, and admins through POST /api/v1/data/batches/recover.
//
// # Netops
//
// The extranet and its IT operations (Services.Netops, package netops) live
// under /api/v1/netops (refserver/netopsapi): sites, unit network profiles,
// links with their prefixes and lifecycle, business private networks,
// migrations, on-site visits and their compliance, inspections, meeting
// bookings, the duty roster and the equipment register. The center (admin)
// writes them; a department reads the sites and networks and its own
// unit's profile, links, migrations and visits (another unit's is 404),
// and books meetings for itself; the district-wide reports, inspections,
// the roster and the register are the admin's and the viewer's (403 for a
// department token, at the route table and in the Service). A viewer reads
// a visit's contact masked.
//
// NetopsOptions wires the netops Service to the other domains, which it
// never imports: its units are the directory's active units
// (NetopsDirectory), a visit's case ticket must name an open IT-operations
// case and gives the unit (NetopsTickets), and a visit's arrival,
// resolution and cancellation are written on its case's trail as comments
// by NetopsActor (NetopsObserver), with the discipline of CaseHooks:
// HookTimeout, a recovered panic, an error logged with the request ID,
// never a failed visit.
//
// # Security
//
// The network security records (Services.Security, package security) live
// under /api/v1/security (refserver/securityapi): emergency plans and their
// approval, drills with their follow-up actions, the overdue actions and
// the drill compliance check, the self-inspection checklist and
// inspections, hardening records raised from an inspection, an exercise or
// a drill and their remediation, verification and re-tests, attack-defense
// exercises and their summary, incidents and their steps, the year's
// report, and the trail of each record. The center (admin) writes them; a
// department reads the plans and the checklist and its own unit's
// inspections, hardening records and incidents (another unit's is 404),
// remediates its own hardening records and reports its own incidents;
// drills, exercises, the overdue actions and the compliance check are the
// admin's and the viewer's (403 for a department token). A viewer reads
// the names of inspectors, owners and verifiers masked.
//
// No security endpoint takes a credential. Every body a security route
// decodes goes first through security.CredentialFieldJSON, hooked into
// apikit.DecodeBody with apikit.WithBodyCheck for those routes only: a body
// holding a field named like a credential (password, passwd, pwd, secret,
// 口令, 密码, at any depth, in any case) is refused with 400 naming the
// field's path, never its value, before the strict decoder reads it; and
// the Service refuses free text that writes one out. The body is never
// stored or logged, and the audit log records no body. Passwords found on
// devices are audited on the command line (refserver password-check).
//
// # Portal
//
// The supervision of the government websites and new media
// (Services.Portal, package portal) lives under /api/v1/portal
// (refserver/portalapi): sites and their columns, posts (one by one or a
// CSV import) and their counts, availability probes, crawls, their
// findings and the rectification tasks made of them, update urges,
// consultations, new-media accounts and their weekly inspections, and the
// single-veto evaluator. The center (admin) writes them; every token reads
// the sites, columns, posts and probes; a department reads its own
// findings, tasks, consultations, accounts and inspections (another
// unit's is 404: a finding is a unit's when it is on a page of the unit's
// column), records its own posts, marks its own tasks fixed and answers
// its own consultations; crawls are the admin's and the viewer's (403 for
// a department token).
//
// A crawl is a background job on the portal Service: POST
// /api/v1/portal/crawls answers 202 with the crawl and its Location, GET
// /api/v1/portal/crawls/{id} shows its progress (pages, links, bytes,
// queued, findings by kind), and POST …/cancel stops it, keeping what it
// found. Call the portal Service's Shutdown when the server stops: the
// serve command does, within -shutdown-timeout. The crawler refuses
// loopback and private addresses unless the Service is built with
// portal.WithPrivateTargets (the serve command's -portal-allow-private),
// so that the API cannot be used to scan the server's own network; the
// serve command probes every active site every -probe-every (10 minutes;
// 0 turns it off) with RunProbes, stopped on shutdown, and every minute
// ends the crawls whose process stopped (ReapCrawls; POST …/crawls/reap
// runs it at once). POST /api/v1/portal/columns/{id}/feed records an RSS
// or Atom feed as the column's posts.
//
// # The annual report
//
// GET /api/v1/reports/annual?year=2022 (refserver/reportapi) is the year's
// work summary (package annual) computed from what every domain stores:
// JSON by default, Markdown or a self-contained, print-ready HTML page with
// format=markdown|html or an Accept of text/markdown or text/html. Admin
// and viewer tokens get the district's, a dept token its own department's
// (annual.Build with the token's actor). It reads every domain, so New
// serves it only when Services holds every one (404 otherwise).
//
// PortalOptions wires the portal Service to the other domains, which it
// never imports: units are checked against the directory, and every new
// task is dispatched through the command platform (PortalDispatcher) as a
// case of kind portal for the task's department, whose number the task
// keeps. PortalLink goes the other way: its CaseHook, given to the case
// Service with CaseOptions, marks a task fixed when its case closes (办结),
// pending portal's re-check, with the discipline of CaseHooks. The case
// Service is built first, then portal with it, then PortalLink.Set.
//
// # Calendar
//
// Deadlines count on one govops.Calendar (Services.Calendar), shared by
// the case and hotline Services. GET /api/v1/calendar (any token) lists
// each year's source (official, override or provisional), its exceptions
// and the stored tables, with a warning for each provisional year within
// CalendarLookahead. Admins store a year's notice or a district's
// overrides with PUT /api/v1/calendar/tables/{notice|district}/{year}, a
// text/plain body in the format of govops.ParseCalendarTable, and remove
// them with DELETE; both take If-Match. A stored table lives in the
// Store (CalendarStore): the server that stores it loads it at once
// and every other server on the database within CalendarRefresh, so no
// restart is needed. Storing a notice recomputes, once, the provisional
// deadlines of open cases and the provisional appeal windows it makes
// final (RecomputeDeadlines), each with an event on its case or deduction.
//
// # Audit log
//
// Every change leaves an audit event (审计日志, AuditEvent): each POST, PUT,
// PATCH or DELETE made with a valid token, whatever its answer (a refused
// write is recorded with its 4xx status), and the token changes made with
// `refserver token create|revoke` (actor "cli") and the first-start admin
// token (actor "bootstrap"). An event names the token, its role and
// department, the route pattern and path, the status and, when known, the
// subject: the case number, department code, token or record ID. It never
// holds a request body, a query string, or a token secret or hash.
// Requests without a valid token (401) are left to the access log.
//
// The event is written by a middleware after the handler, before the
// response ends, so a client that has read its response can read its
// event at GET /api/v1/audit (admin only; filters actor, token_id,
// subject, method, from and to; newest first). A failed audit write is
// logged at error level with the request ID and every field of the event,
// and leaves the answer as it was: the change is already committed, and a
// 500 would invite a retry that repeats it.
//
// # Runtime
//
// GET /api/v1/admin/runtime (admin only) reports the process's own state:
// its goroutines, the heap (objects, and the goal of the next collection),
// all the memory the Go runtime has mapped, the collections so far and the
// resident set (VmRSS of /proc/self/status, left out without /proc). It is
// read with runtime/metrics, which does not stop the world, so a monitor
// may poll it under load; scripts/soak.sh reads it before and after a
// sustained load to find goroutines that pile up. Each process answers for
// itself, whichever database it shares.
//
// # Errors
//
// Every error is application/problem+json (RFC 9457) with the extension
// members code (the govops error code), fields (each invalid field or query
// parameter and its problem) and request_id. The status comes from one table:
// invalid 400, unauthorized 401, forbidden 403, not_found 404, conflict 409,
// internal 500; a body over 1 MiB is 413, a method a path does not take
// 405, a body of the wrong media type 415 and an import whose rows are bad
// 422, all with code invalid. Internal errors are logged with the request
// ID and reach the client only as "internal error".
//
// A JSON endpoint takes a body declared as application/json or
// application/*+json, with no charset or charset=utf-8; any other
// Content-Type, or a body sent without one, is 415 naming "Content-Type".
// An empty body needs no Content-Type (the actions whose fields are all
// optional take one). The JSON is refused rather than repaired where
// encoding/json would change it silently: a string or key that is not
// UTF-8 or escapes half a surrogate pair (which would become U+FFFD), and a
// key given twice in one object (of which the last would win), are 400
// naming the field by its path ("title", "reporter.name").
//
// Input is refused (400, naming the field or parameter) before any store
// sees it when it could not be stored or compared: a query value that is
// not UTF-8 or holds NUL or another control character (tab, newline and
// carriage return aside), a time outside the years 1900 to 9999 in UTC or
// in Asia/Shanghai (query times, "until", "called_at"), a department or
// token name that is not one line of text, and a CSV import whose header
// names more than MaxCSVColumns columns. A refused query string reports at
// most 20 problems, the known parameters once, and counts the rest under
// "query". Request headers over 64 KiB are answered by net/http itself
// with a plain-text 431 (see the serve command), not a problem.
//
// # Endpoints
//
// Each domain's HTTP mapping is a package of its own under refserver
// (caseapi, hotlineapi, directoryapi, licenseapi, datashareapi, netopsapi,
// securityapi, portalapi, and reportapi for the annual report): its JSON
// shapes, its handlers, built from the shared builders of apikit (Get,
// Page, Read, Events, Create, Action, Import), its route table and its
// OpenAPI fragment.
// refserver keeps authentication, the audit log, error mapping and
// assembly: modules() in routes.go lists the domain packages, one line
// each, and Services.Modules adds an embedder's own. A domain package never sees a
// token or the audit log: it reads the caller with apikit.Actor and names
// what it changed with apikit.SetSubject.
//
// The route table (routeTable in routes.go, the server's own routes and
// every module's) is the only place where endpoints are registered. The
// document served at /api/v1/openapi.json is the server's own part
// (openapi.json: info, security, the shared components and its own paths)
// with every module's fragment merged in; New refuses a fragment that does
// not document exactly its module's routes, and a path or component that
// two parts define. The end-to-end tests check every request and response
// they exchange against the served document (internal/apitest), so a JSON
// field renamed in a shape and not in the document fails a test. Every GET
// endpoint answers HEAD too, with the status and headers of the GET and no
// body; HEAD is registered with each GET route in New and is listed
// neither in Routes nor in the document.
//
// Every JSON write endpoint documents an example body. The personal-data
// test (personaldata_test.go) reads the route table and the document, plants
// a phone number, an ID number and a reporter's name in every text field of
// each example that the endpoint accepts, then reads every GET endpoint as
// a viewer and as a foreign department and fails on any raw occurrence. A
// body whose schema says "x-personal": false (the directory, tokens,
// routing rules, schemes: the center's own data, not citizens') and a
// property that says so (a reference such as a case number) are not
// planted. A new domain's endpoints run under the test by documenting
// their examples.
package refserver
