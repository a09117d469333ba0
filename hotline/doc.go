// Package hotline runs the 12345 government hotline assessment (政府热线考核)
// of a district: callbacks (回访) and their satisfaction rate, case outcomes,
// the scoring scheme (考核办法) as versioned data, deductions (扣分) with
// appeals (申请复核), monthly and year-to-date assessments, and the ranking
// of the district among its peers (城区排名).
//
// A Service holds every rule, who may do what included; a Store only
// persists and counts. Two stores come with the package: hotlinemem (in
// memory) and hotlinebun (SQLite, PostgreSQL, MySQL). To plug in your own
// database, implement Store and run hotline/storetest.RunConformanceTests
// against it.
//
// # The contract every domain shares
//
// Every method of the Service takes the context and the govops.Actor
// asking, reads included, and enforces what that actor may do: center
// staff (no department) record callbacks, outcomes, schemes and
// deductions, run the imports and decide appeals; a department reads only
// its own records and assessment rows (plus the district totals) and
// appeals the deductions against it; a read-only actor changes nothing and
// sees callbacks without their notes. Another department's record answers
// ENOTFOUND, so that its existence does not leak. Schemes and the peer
// ranking are published to every valid actor. HomeDistrict and
// AppealWindow return configuration, not records, and take no actor.
//
// Callbacks and deductions have no human number: a reference to one is its
// ID as a string (govops.ParseRef). A number finds nothing (ENOTFOUND), and
// a malformed reference is EINVALID naming "id". An outcome is named by
// its case number.
//
// Deductions and outcomes change after they are created and carry a
// Version (1 when created, +1 per change); the inputs that change them
// carry IfVersion, which, when not zero, must equal the stored version
// (ECONFLICT otherwise). Callbacks and peer results are never changed, and
// a scheme is never changed either: SaveScheme stores a new version in
// force from its month.
//
// ListCallbacks, ListOutcomes and ListDeductions return a govops.Page: 50
// items unless the filter's Limit asks for another number, at most 500,
// and Next, an opaque cursor that the filter's Cursor takes back for the
// page after.
//
// Every time the Service stores is in UTC, cut to the microsecond: its
// clock's, and those of its inputs (a callback's CalledAt). Months, appeal
// windows and the API show them in Asia/Shanghai.
//
// Each change of a deduction appends a govops.Event to its trail
// (DeductionEvent), in the same step as the change, naming the deduction's
// department.
//
// # Facts that cannot be true
//
// The Service also refuses facts that cannot be true, with EINVALID naming
// the field: a callback made in the future (called_at more than
// MaxCallbackClockSkew after the Service's clock), a callback for a case
// whose outcome is known that names another department than the outcome
// does (department), and a deduction for a month after the current one in
// Asia/Shanghai (month). An import reports each such row as a bad row,
// every one of them, as it reports a field that does not parse.
//
// # Scoring
//
// The assessment of a month is computed from three counts the Store runs
// per department (a GROUP BY, or summary rows kept by every write, as
// hotlinebun and hotlinemem keep them): callbacks per result, outcome
// flags, and
// deductions per points among the statuses that count, which the Service
// chooses (every status but overturned). The Store returns the groups in
// any order; the Service sums and sorts them, turns them into rates
// (govops.Rate), rounded half-up to 2 places, and scores each rate by the
// bands of the scheme in force that month:
//
//	total = base + Σ indicator scores − Σ deduction points
//
// A rate with a zero denominator is not applicable; the scheme says whether
// it earns full marks (the default) or nothing.
//
// # Deductions and appeals
//
// A deduction's life:
//
//	recorded 已扣分 → appealed 复核中 → upheld 维持 | overturned 撤销
//
// Only the department a deduction is against may appeal it, within a window
// of working days (default 5) whose deadline is stored when the deduction is
// recorded; only the center decides. An overturned deduction stops counting
// and keeps its history.
//
// The window is counted on the working-day calendar (govops.Calendar). When
// it crosses a year whose State Council notice is not out yet, the
// calendar counts that year provisionally, from the statutory holidays
// alone, and the deduction is stored with AppealByProvisional set: its
// deadline may be off by the length of a holiday. Once the notice is
// loaded (Calendar SetTables), RecomputeAppealWindows counts the pending
// windows again: each that moved or is now final is stored with its new
// deadline and flag, and an appeal_window_recomputed event (复核期限重算)
// that shows the old and the new deadline. A window already appealed or
// decided never moves.
//
// Links to other domains are plain values: a case number and a department
// code. The reference server feeds outcomes from command-platform case
// events by calling RecordOutcome, which is idempotent, as center staff
// named "govcase".
//
// # Personal data
//
// A reader who may not see a record's personal data (govops.Actor
// SeesPersonalData: a read-only actor) gets it through govops.Mask: a
// callback without its note (it may quote the citizen), and the phone and
// ID numbers in a deduction's reason, materials, decision note and history
// masked. WithPersonalData tells the Service the reporter's name and phone
// of the case a record names, so that they are masked too wherever its
// free text quotes them; refserver wires it to govcase.
package hotline
