// Package govcase runs the cases of the command platform (综合指挥平台): the
// 12345 hotline, IT operations, platform operations, portal and supervision
// cases that a district center registers, dispatches to departments, urges
// and closes.
//
// A Service holds every rule: who may do what, validation, the lifecycle
// state machine, deadlines on the working-day calendar, routing suggestions
// and human case numbers. A Store only persists cases and their append-only
// event trail. Two stores come with the package: govcasemem (in memory) and
// govcasebun (SQLite, PostgreSQL, MySQL). To plug in your own database,
// implement Store and run govcase/storetest.RunConformanceTests against it.
//
// # The contract
//
// govcase follows the contract every govops domain shares:
//
//   - Every Service method takes (ctx, by govops.Actor, …), reads included,
//     and enforces who may call it. Center staff do everything; a
//     department sees and acts on the cases dispatched to it (another
//     department's case is ENOTFOUND, so that its existence does not leak);
//     a read-only actor reads, with personal data masked, and changes
//     nothing (EFORBIDDEN). Routing rules are read by district-wide actors
//     and changed by center staff only.
//   - A case is named by a reference string: its number ("2022-000123") or
//     its ID.
//   - A Case carries Version; every action takes IfVersion (0 skips the
//     check), and a stale one is ECONFLICT.
//   - List returns a govops.Page with an opaque cursor: 50 cases by
//     default, at most 500.
//   - Rates are govops.Rate, the trail is govops.Event (Event).
//   - Every time a Service hands its Store, and every time a Case or an
//     Event carries, is UTC; the reference server shows them in
//     Asia/Shanghai.
//
// The lifecycle:
//
//	registered 登记 → dispatched 派单 → accepted 签收 → replied 办理反馈 → closed 办结
//
// A department may return a case (退单) to the center, which re-dispatches
// it; it may ask for an extension (延期), which the center approves or denies.
// The center may urge a case (督办), reopen a replied or closed case for redo
// (重办), or cancel it (作废).
//
// # Personal data
//
// The reporter (Contact) and every free-text field of a Case and an Event
// are personal data, marked on the types for govops.Mask. Center staff and
// the handling department see a case whole; a read-only actor sees it
// masked, its reporter's name and phone masked wherever its text quotes
// them. Such an actor's search (Filter.Text) runs on Case.SearchText, the
// masked projection a bun Store keeps in a column, so that it can never
// learn a digit the masking hides; it may not filter by an exact external
// number either.
//
// # Statistics
//
// Service.Stats and Service.MonthlyCounts ask the Store (CaseStats,
// CaseCounts), which counts in the database. Both stores of this module
// keep a summary (汇总) of the cases by year, kind, status and department,
// in total and by month of creation in a zone (Asia/Shanghai unless
// configured otherwise), changed in the same atomic step as each write,
// and answer from it whenever the query's creation bounds are unset or
// month starts in that zone, which covers a year, a kind, a department,
// whole months and MonthlyCounts with a calendar in the same zone; other
// bounds count the cases themselves. Either way the answer is the count of the cases. Such
// a Store implements govops.SummaryKeeper, which checks its summary
// against its cases and repairs it.
//
// # Provisional deadlines
//
// Deadlines are counted on the working-day calendar when a case is
// dispatched or reopened, and stored, so that a later calendar change does
// not move them. The exception is a deadline that reaches a year whose
// State Council notice is not out yet: the calendar counts such a year
// provisionally (its statutory holidays, without 调休), and the case records
// it in AcceptByProvisional or ResolveByProvisional. Once the notice is
// loaded into the calendar (govops.Calendar.SetTables), the center calls
// Service.RecomputeDeadlines: every provisional deadline of an open case is
// counted again from its dispatch, and each one that moved, or became final,
// is stored with a deadline_recomputed (期限重算) event that shows the old
// and new times. Final deadlines, and those of cases no longer open, never
// move, and a second call for the same notice changes nothing.
package govcase
