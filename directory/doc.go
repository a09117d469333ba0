// Package directory keeps the department directory (部门目录) of a district:
// its departments (部门, 委办局), townships and sub-districts (乡镇街道),
// villages (村) and communities (社区). These are the units that cases are
// dispatched to, that department tokens are scoped to and that the extranet
// connects; other domains name them by code, and take the directory's
// department check (Service.Check) to refuse a code that names no unit, or
// a dissolved one.
//
// A Service holds every rule; a Store only persists and counts. Two stores
// come with the package: directorymem (in memory) and directorybun (SQLite,
// PostgreSQL, MySQL).
//
// # Units
//
// A unit (Department) has a Code, a Name, a Kind, the code of its Parent
// ("" for none), a Zone (行政大楼, 城区 or 郊区, which the network team's
// on-site service levels of 15, 45 and 90 minutes key on; "" while not
// known) and a Status. Codes are 1 to 64 ASCII letters, digits, '.', '_'
// and '-', unique regardless of letter case ("YUEJIN" cannot stand beside
// "yuejin": a code taken in another case is an ECONFLICT naming the unit
// that takes it), while every lookup is exact. Codes and IDs never change.
//
// The directory is a tree: a parent exists, is never the unit itself nor
// below it, is active while the unit is, and is a township (乡镇街道) for a
// village or a community. A township with villages or communities below it
// stays a township until they are moved.
//
// A unit is never deleted, since history names it:
//
//	active 在用 ⇄ dissolved 撤销
//
// Dissolve takes a reason and refuses a unit with active units below it;
// Restore refuses a unit whose parent is dissolved. A dissolved unit stays
// readable, but the department check refuses it for new work.
//
// Every change appends a govops.Event to the unit's trail (Event), in the
// same Store call as the change: created, updated (its note lists each
// changed field, "name: 旧 → 新; zone: urban → suburban"), dissolved and
// restored (with the reason). A unit carries a Version, 1 when created and
// one more with each change; Update, Dissolve and Restore take an
// IfVersion that, when not zero, must equal it (ECONFLICT otherwise). With
// IfVersion zero, a change that loses a race with another writer is read
// and tried again (govops.Retry).
//
// # The contract every domain shares
//
// Every method of the Service takes the context and the govops.Actor
// asking. Only center staff change the directory (Create, Update, Dissolve,
// Restore, Import): a department or read-only actor gets EFORBIDDEN. Every
// valid actor reads it (Get, List, Events, Counts), since departments are
// not secret. Bad input is EINVALID naming every bad field at once
// (govops.Problems). List returns a govops.Page ordered by code: 50 units
// unless Limit asks for another number, at most 500, and an opaque cursor
// for the next page. Times are UTC, to the microsecond.
//
// # Imports
//
// Import reads a CSV of units through csvimport (see Columns): English or
// Chinese headers (编码, 名称, 类型, 上级, 片区), UTF-8 or GB18030, kinds and
// zones by code or Chinese label. Parents may come later in the file than
// their children, or be in the directory already. Every bad row is
// reported with every problem it has; all-or-nothing stores nothing when a
// row is bad, keep-good stores the good rows (a row whose parent row is
// bad is bad too). The rows are stored in one Store call, all or none.
//
// # Wiring
//
// Check returns a govops.DepartmentCheck for the Services that record a
// department code (govcase, hotline):
//
//	store, err := directorybun.Open(ctx, db) // migrates its tables
//	…
//	dir := directory.NewService(store)
//	cases := govcase.NewService(caseStore, govcase.WithDepartmentCheck(dir.Check()))
//
// Counts gives the figures the center reports: active units by kind and by
// zone, in total, and dissolved units.
//
// # Plugging in a Store
//
// To keep the directory in your own database, implement Store (each
// method's comment states its guarantee and error codes) and run
// directory/storetest.RunConformanceTests against it: the suite checks
// every guarantee, on every dialect it is run on. The Store keeps codes
// unique by their CodeKey, stores a batch and a change with its events
// atomically, and filters and counts; everything else is the Service's.
package directory
