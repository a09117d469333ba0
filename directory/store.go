package directory

import "context"

// Store persists departments with their trails. It holds no business rule:
// the Service validates, assigns IDs and versions, resolves parents, keeps
// the tree free of cycles and decides what a change records, before it
// calls the Store. Every method returns *govops.Error values with the codes
// its comment names; any other failure, a cancelled context included, is
// EINTERNAL, and a method called with a cancelled context stores nothing.
// Values passed in are not retained and values returned are the caller's
// own. Times come in UTC, cut to the microsecond, and must come back as the
// same instants (in any location).
//
// Codes are compared two ways. A code is unique by its CodeKey (regardless
// of letter case), so that "YUEJIN" cannot stand beside "yuejin"; a lookup
// by code is exact, so that "yuejin" does not find "YUEJIN". Codes are
// ordered byte-wise.
type Store interface {
	// Create stores every department of ds (each at Version 1) and
	// events, in one atomic step: all of them or, on any error, none.
	// Returns ECONFLICT if a department's code has the CodeKey of a stored
	// department's or of another one of ds, if a department's ID is taken,
	// or if an event has the ID of a stored event or of another one of
	// events; nothing is stored then. An empty ds stores nothing.
	Create(ctx context.Context, ds []Department, events []Event) error

	// Update replaces the stored department d.ID, whose Version must still
	// be d.Version-1, with d, and appends events, in one atomic step. The
	// Service never changes a department's Code or ID. Returns ENOTFOUND if
	// there is no such department, and ECONFLICT if its stored version
	// differs (a concurrent writer won) or if an event has the ID of a
	// stored event or of another one of events; nothing is written then.
	//
	// Atomic means that concurrent readers never see the department and its
	// events apart: a Department that returns version v, followed by
	// Events, finds every event appended up to version v; Events followed by
	// Department never finds an event newer than the department. A store
	// that writes the department and then, in a second statement outside
	// the same transaction, its events breaks this.
	Update(ctx context.Context, d *Department, events []Event) error

	// Department returns the department whose code is exactly code.
	// Returns ENOTFOUND if there is none.
	Department(ctx context.Context, code string) (*Department, error)

	// Lookup returns the stored departments whose code has the CodeKey of
	// one of codes, each once, in any order: the departments that take
	// those codes, whatever their letter case. An empty codes returns none.
	Lookup(ctx context.Context, codes []string) ([]Department, error)

	// Departments returns the departments matching f ordered by Code
	// (byte order), at most limit of them (all when limit is 0), starting
	// after the code after when it is not empty.
	Departments(ctx context.Context, f Filter, after string, limit int) ([]Department, error)

	// Count returns the number of departments matching f.
	Count(ctx context.Context, f Filter) (int64, error)

	// Events returns the events of the department whose code is exactly
	// code, in Seq order. Returns ENOTFOUND if there is no such department.
	Events(ctx context.Context, code string) ([]Event, error)

	// Counts counts the departments grouped by kind, zone and status, one
	// group each, in any order; the Service sums and sorts them. Groups
	// with no department are left out. It runs in the database (GROUP BY),
	// not over a listing.
	Counts(ctx context.Context) ([]Group, error)
}

// Filter selects departments; each field that is not zero narrows the
// selection, and the zero Filter selects every department.
type Filter struct {
	// Kinds keeps the departments of any of these kinds.
	Kinds []Kind
	// Zone keeps the departments in this zone. The zero Zone does not
	// filter: it cannot ask for the units whose zone is not known.
	Zone Zone
	// Parent keeps the departments whose parent is exactly this code.
	Parent string
	// Status keeps the departments of this status.
	Status Status
	// Text keeps the departments whose code contains Text in any letter
	// case (ASCII letters, as codes are ASCII), or whose name contains it
	// exactly.
	Text string
}

// Group is the number of departments of one kind, zone and status.
type Group struct {
	Kind   Kind
	Zone   Zone
	Status Status
	Count  int64
}
