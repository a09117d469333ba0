package datashare

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// Store persists the catalog: entries, mount batches and the records they
// write, share requests, and the trails of all three. It holds no business
// rule: the Service validates, assigns IDs and versions, checks
// permissions, encodes records and decides what a change records before it
// calls the Store.
//
// Every method returns *govops.Error values with the codes its comment
// names; any other failure, a cancelled context included, is EINTERNAL,
// and a method called with a cancelled context stores nothing. Values
// passed in are not retained and values returned are the caller's own.
// Times come in UTC, cut to the microsecond, and must come back as the
// same instants (in any location). Codes are compared exactly, byte for
// byte.
//
// A method that takes events appends them in the same atomic step as the
// change they record: all of it or, on any error, none. Event IDs are
// unique across the Store: an event whose ID is taken is ECONFLICT.
type Store interface {
	// CreateCatalogs stores every entry of cs (each at Version 1) and
	// events, in one atomic step. Returns ECONFLICT if an entry's Code or
	// ID is taken, by a stored entry or another one of cs; nothing is
	// stored then.
	CreateCatalogs(ctx context.Context, cs []Catalog, events []Event) error

	// UpdateCatalog replaces the stored entry c.ID, whose Version must
	// still be c.Version-1, with c, and appends events. The Service never
	// changes an entry's ID or Code. Returns ENOTFOUND if there is no such
	// entry and ECONFLICT if its stored version differs; nothing is
	// written then.
	UpdateCatalog(ctx context.Context, c *Catalog, events []Event) error

	// Catalog returns the entry id. Returns ENOTFOUND if there is none.
	Catalog(ctx context.Context, id uuid.UUID) (*Catalog, error)

	// CatalogByCode returns the entry of code. Returns ENOTFOUND if there
	// is none.
	CatalogByCode(ctx context.Context, code string) (*Catalog, error)

	// Catalogs returns the entries matching f ordered by Code (byte
	// order), at most limit of them (all when limit is 0), starting after
	// the code after when it is not empty.
	Catalogs(ctx context.Context, f CatalogFilter, after string, limit int) ([]Catalog, error)

	// BeginMount stores b (a BatchLoading batch at Version 1) and events,
	// and returns the writer of its records. Returns ECONFLICT if b's ID
	// is taken and ENOTFOUND if there is no entry b.Catalog; nothing is
	// stored then.
	BeginMount(ctx context.Context, b Batch, events []Event) (MountWriter, error)

	// AbortMount ends the loading batch b.ID, whose Version must still be
	// b.Version-1, as b says (BatchFailed, with its Problem and
	// FinishedAt), deletes every record it wrote and appends events. It is
	// how a batch whose writer is gone (its process died) is cleaned up.
	// Returns ENOTFOUND if there is no such batch and ECONFLICT if its
	// stored version differs or it is not loading.
	AbortMount(ctx context.Context, b *Batch, events []Event) error

	// Batch returns the batch id. Returns ENOTFOUND if there is none.
	Batch(ctx context.Context, id uuid.UUID) (*Batch, error)

	// Batches returns the batches matching f ordered by ID (so by start,
	// IDs being UUIDv7), at most limit of them (all when limit is 0),
	// after the ID after when it is not uuid.Nil.
	Batches(ctx context.Context, f BatchFilter, after uuid.UUID, limit int) ([]Batch, error)

	// Records returns the visible records of the entry catalog (those of
	// its BatchCommitted batches) ordered by Batch then Line, at most
	// limit of them (all when limit is 0), after the key after when its
	// Batch is not uuid.Nil. The records of a loading, failed or replaced
	// batch are never returned, by this or any other method.
	Records(ctx context.Context, catalog uuid.UUID, after RecordKey, limit int) ([]Record, error)

	// MountTotals returns what the committed batches of the entries
	// matching f mounted (see MountTotals): the records of each entry, and
	// the records by the month (MountMonth of their FinishedAt) their
	// batch committed in, counting each batch's Mounted. It is what
	// Service.Metrics reports of the records.
	//
	// It reads no batch and no record: datasharebun and datasharemem keep
	// these counts in summaries that each Commit (adding its batch and
	// taking away those it replaces) and each UpdateCatalog that moves an
	// entry to another department or status change in the same atomic
	// step as the batches and the entry (see govops.SummaryKeeper), so
	// that the cost is the number of entries and months, not of batches.
	MountTotals(ctx context.Context, f MountFilter) (*MountTotals, error)

	// MountStats returns, for each entry matching f that has a committed
	// batch, what those batches say of its quality (see EntryMounts), in
	// any order. It is what Service.Quality assesses. datasharebun and
	// datasharemem read the sums from summaries, as MountTotals does, and
	// find each entry's latest committed batch through an index: the cost
	// is the number of entries and their items, not of batches.
	MountStats(ctx context.Context, f MountFilter) ([]EntryMounts, error)

	// CreateRequest stores r (at Version 1) and events. Returns ECONFLICT
	// if its ID is taken; nothing is stored then.
	CreateRequest(ctx context.Context, r Request, events []Event) error

	// UpdateRequest replaces the stored request r.ID, whose Version must
	// still be r.Version-1, with r, and appends events. Returns ENOTFOUND
	// if there is no such request and ECONFLICT if its stored version
	// differs; nothing is written then.
	UpdateRequest(ctx context.Context, r *Request, events []Event) error

	// Request returns the request id. Returns ENOTFOUND if there is none.
	Request(ctx context.Context, id uuid.UUID) (*Request, error)

	// Requests returns the requests matching f ordered by ID, at most
	// limit of them (all when limit is 0), after the ID after when it is
	// not uuid.Nil.
	Requests(ctx context.Context, f RequestFilter, after uuid.UUID, limit int) ([]Request, error)

	// Events returns the events of subject (an entry, batch or request
	// ID) in Seq order; none for an unknown subject.
	Events(ctx context.Context, subject uuid.UUID) ([]Event, error)
}

// MountWriter writes the records of one batch, chunk by chunk, so that a
// mount of millions of rows streams. An adapter may commit each chunk in a
// transaction of its own (so that a long mount never holds the database),
// as long as no record it wrote is visible before Commit: a reader sees the
// records of committed batches only (Store.Records). After Abort, or a
// process that died before Commit and Store.AbortMount, none is left.
//
// Exactly one of Commit or Abort ends it; Abort after Commit does nothing,
// so a caller may defer it. A writer is used by one goroutine.
type MountWriter interface {
	// Write stores rs, each naming the writer's batch and entry, with
	// lines not written before. It touches the batch (TouchedAt = at), so
	// that a reader can tell a live mount from a dead one. An error ends
	// the mount: the caller aborts.
	Write(ctx context.Context, rs []Record, at time.Time) error

	// Commit stores b, the writer's batch at its next Version with
	// Status BatchCommitted and its counts, makes every record written
	// visible at once, and appends events, in one atomic step.
	//
	// When b.Replace is set, every other committed batch of the entry is
	// replaced in that same step: replaced is called with each, as it
	// will be stored (Status BatchReplaced, FinishedAt b.FinishedAt, at
	// its next Version), and returns the event to append to its trail;
	// its records are deleted. An error from replaced fails the Commit.
	//
	// Commit sets b.KeyRows and b.KeyDistinct (the entry's visible records
	// with a Key, and their distinct Keys, once b's are visible) in the
	// stored batch and in b. Returns ECONFLICT if the stored batch is no
	// longer at b.Version-1 or not loading (another process aborted it);
	// nothing is then visible.
	Commit(ctx context.Context, b *Batch, events []Event, replaced func(old *Batch) (Event, error)) error

	// Abort ends the batch as Store.AbortMount does, with b and events.
	Abort(ctx context.Context, b *Batch, events []Event) error
}

// CatalogFilter selects catalog entries; each field that is not zero
// narrows the selection.
type CatalogFilter struct {
	Department string
	Class      Class
	Format     Format
	ShareType  ShareType
	Open       OpenType
	Status     CatalogStatus
	// Text keeps the entries whose code or name contains Text exactly.
	Text string
}

// BatchFilter selects mount batches; each field that is not zero narrows
// the selection.
type BatchFilter struct {
	Catalog    uuid.UUID
	Department string
	Status     BatchStatus
	// TouchedBefore keeps the batches last touched before this instant.
	TouchedBefore time.Time
}

// RequestFilter selects share requests; each field that is not zero
// narrows the selection.
type RequestFilter struct {
	Catalog uuid.UUID
	// Party keeps the requests this department made or must answer.
	Party    string
	Consumer string
	Provider string
	Status   RequestStatus
}
