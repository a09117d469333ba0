package license

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// Store persists the catalog: types, claims, templates, schemas, records,
// their trails and import batches. It holds no business rule: the Service
// validates, assigns IDs, versions and identifiers, checks permissions and
// decides what a change records before it calls the Store.
//
// Every method returns *govops.Error values with the codes its comment
// names; any other failure, a cancelled context included, is EINTERNAL,
// and a method called with a cancelled context stores nothing. Values
// passed in are not retained and values returned are the caller's own.
// Times come in UTC, cut to the microsecond, and must come back as the
// same instants (in any location). Codes and identifiers are compared
// exactly, byte for byte.
//
// A method that takes events appends them in the same atomic step as the
// change they record: all of it or, on any error, none. Event IDs are
// unique across the Store: an event whose ID is taken is ECONFLICT.
type Store interface {
	// CreateTypes stores every type of ts (each at Version 1) and events.
	// Returns ECONFLICT if a type's Code or ID is taken, by a stored type
	// or another one of ts; nothing is stored then.
	CreateTypes(ctx context.Context, ts []Type, events []Event) error

	// UpdateType replaces the stored type t.ID, whose Version must still be
	// t.Version-1, with t, and appends events. The Service never changes a
	// type's Code or ID. Returns ENOTFOUND if there is no such type and
	// ECONFLICT if its stored version differs; nothing is written then.
	UpdateType(ctx context.Context, t *Type, events []Event) error

	// Type returns the type of code. Returns ENOTFOUND if there is none.
	Type(ctx context.Context, code string) (*Type, error)

	// LookupTypes returns the stored types whose codes are among codes,
	// each once, in any order.
	LookupTypes(ctx context.Context, codes []string) ([]Type, error)

	// Types returns the types matching f ordered by Code (byte order), at
	// most limit of them (all when limit is 0), starting after the code
	// after when it is not empty.
	Types(ctx context.Context, f TypeFilter, after string, limit int) ([]Type, error)

	// CreateClaim stores c (at Version 1) and events. Returns ECONFLICT if
	// a claim of the same Type and Department, or of c's ID, is stored
	// (whatever its status); nothing is stored then.
	CreateClaim(ctx context.Context, c Claim, events []Event) error

	// UpdateClaim replaces the stored claim c.ID, whose Version must still
	// be c.Version-1, with c, and appends events. Returns ENOTFOUND if
	// there is no such claim and ECONFLICT if its stored version differs.
	UpdateClaim(ctx context.Context, c *Claim, events []Event) error

	// Claim returns the claim of the type code typ by department dept.
	// Returns ENOTFOUND if there is none.
	Claim(ctx context.Context, typ, dept string) (*Claim, error)

	// Claims returns the claims matching f ordered by ID, at most limit of
	// them (all when limit is 0), after the ID after when it is not
	// uuid.Nil.
	Claims(ctx context.Context, f ClaimFilter, after uuid.UUID, limit int) ([]Claim, error)

	// CreateTemplate stores t (at Version 1) with its content, and events.
	// Returns ECONFLICT if its ID, or its Revision within its Type, is
	// taken; nothing is stored then.
	CreateTemplate(ctx context.Context, t Template, content []byte, events []Event) error

	// UpdateTemplates replaces each stored template of ts, whose Version
	// must still be its Version-1, and appends events, all in one atomic
	// step (approving one revision supersedes another). Returns ENOTFOUND
	// if one of them is not stored and ECONFLICT if one's stored version
	// differs; nothing is written then.
	UpdateTemplates(ctx context.Context, ts []*Template, events []Event) error

	// Template returns the template id. Returns ENOTFOUND if there is none.
	Template(ctx context.Context, id uuid.UUID) (*Template, error)

	// Templates returns the templates of the type code typ ordered by
	// Revision; none for a type without templates.
	Templates(ctx context.Context, typ string) ([]Template, error)

	// TemplateContent returns the content stored with the template id, as
	// given. Returns ENOTFOUND if there is no such template.
	TemplateContent(ctx context.Context, id uuid.UUID) ([]byte, error)

	// PutSchema stores s and appends events. A schema at Version 1 is new:
	// ECONFLICT if its type has a schema or its ID is taken. Otherwise it
	// replaces the stored schema s.ID, whose Version must still be
	// s.Version-1: ENOTFOUND if there is none, ECONFLICT if its version
	// differs. Nothing is written on an error.
	PutSchema(ctx context.Context, s *Schema, events []Event) error

	// Schema returns the schema of the type code typ. Returns ENOTFOUND if
	// the type has none.
	Schema(ctx context.Context, typ string) (*Schema, error)

	// Schemas returns the schemas of the types among typs, in any order.
	Schemas(ctx context.Context, typs []string) ([]Schema, error)

	// CreateRecord stores r (at Version 1). Returns ECONFLICT if its ID or
	// Identifier is taken, if a stored record of its Type has its Number,
	// or if r is Exclusive and valid and a stored record of its Type and
	// HolderCode is Exclusive and valid; nothing is stored then.
	CreateRecord(ctx context.Context, r Record) error

	// UpdateRecord replaces the stored record r.ID, whose Version must
	// still be r.Version-1, with r, and appends events. The Service changes
	// only a record's State, Exclusive, Version and UpdatedAt. Returns
	// ENOTFOUND if there is no such record, and ECONFLICT if its stored
	// version differs or if the change makes it an Exclusive valid record
	// beside another of its type and holder code.
	UpdateRecord(ctx context.Context, r *Record, events []Event) error

	// Reissue replaces prev as UpdateRecord does and stores next as
	// CreateRecord does, in one atomic step, with the codes of both;
	// nothing is written on an error.
	Reissue(ctx context.Context, prev *Record, events []Event, next Record) error

	// Record returns the record id. Returns ENOTFOUND if there is none.
	Record(ctx context.Context, id uuid.UUID) (*Record, error)

	// RecordByIdentifier returns the record whose Identifier is exactly
	// identifier. Returns ENOTFOUND if there is none.
	RecordByIdentifier(ctx context.Context, identifier string) (*Record, error)

	// Records returns the records matching f ordered by ID, at most limit
	// of them (all when limit is 0), after the ID after when it is not
	// uuid.Nil.
	Records(ctx context.Context, f RecordFilter, after uuid.UUID, limit int) ([]Record, error)

	// BeginImport starts a bulk write of records (see RecordWriter). What
	// it writes is seen by no other reader until Commit.
	BeginImport(ctx context.Context) (RecordWriter, error)

	// Batch returns the import batch id. Returns ENOTFOUND if there is
	// none.
	Batch(ctx context.Context, id uuid.UUID) (*Batch, error)

	// Events returns the events of subject (a type, claim, template, schema
	// or record ID) in Seq order; none for an unknown subject.
	Events(ctx context.Context, subject uuid.UUID) ([]Event, error)

	// Facts returns what the coverage report is computed from, read in the
	// database rather than over listings: every type's code, name and
	// whether it has an approved template and a schema; every claim; and
	// the number of records by type and department, whatever their state,
	// in any order (groups with no record left out).
	//
	// The types and claims are the catalog, whose size is that of the
	// district's license list (tens to a few thousand types), and are read
	// whole. The records are what grows: licensebun and licensemem count
	// them from a summary by type and department that every write of
	// records keeps in its own transaction (see govops.SummaryKeeper), so
	// that Facts costs the number of groups, not of records.
	Facts(ctx context.Context) (*Facts, error)
}

// RecordWriter writes the records of one import inside one transaction,
// chunk by chunk, so that an import of millions of rows streams. Nothing
// it writes is visible until Commit, and nothing stays behind after
// Rollback, or when the process dies before Commit.
//
// Exactly one of Commit or Rollback ends it; Rollback after Commit does
// nothing, so a caller may defer it.
type RecordWriter interface {
	// Write stores each record of rs (each at Version 1) that takes no
	// Identifier, no Number within its Type and, when Exclusive and valid,
	// no holder code within its Type that a stored record, a record
	// written earlier through this writer, or an earlier record of rs
	// takes; it returns a Refusal for each record it did not store, in the
	// order of rs. An error (EINTERNAL, or ECONFLICT when a concurrent
	// writer took a key first) ends the import: the caller rolls back.
	Write(ctx context.Context, rs []Record) ([]Refusal, error)
	// Commit stores b and makes everything written visible at once.
	Commit(ctx context.Context, b Batch) error
	// Rollback discards everything written.
	Rollback() error
}

// Refusal is a record a RecordWriter did not store: its index in the
// slice written, the field whose value was taken ("identifier", "number"
// or "holder_code"), and the record that takes it (its identifier), when
// the store can tell.
type Refusal struct {
	Index int
	Field string
	By    string
}

// Batch is one import of records, stored when it commits: who ran it,
// when, in which mode, and what it did. Each record it wrote names it.
type Batch struct {
	ID         uuid.UUID
	Actor      string
	ActorDept  string
	At         time.Time
	Mode       string
	Rows       int64
	Imported   int64
	BadRows    int64
	Warnings   int64
	SourceName string
}

// TypeFilter selects types; each field that is not zero narrows the
// selection.
type TypeFilter struct {
	// Level keeps the types of this level.
	Level Level
	// Authority keeps the types whose AuthorityCode is exactly this.
	Authority string
	// Text keeps the types whose code or name contains Text exactly.
	Text string
}

// ClaimFilter selects claims; each field that is not zero narrows the
// selection.
type ClaimFilter struct {
	Type       string
	Department string
	Kind       ClaimKind
	Status     ClaimStatus
}

// RecordFilter selects records; each field that is not zero narrows the
// selection.
type RecordFilter struct {
	Type       string
	Department string
	State      State
	// HolderCode keeps the records of this exact holder code.
	HolderCode string
	// Batch keeps the records one import wrote.
	Batch uuid.UUID
}

// Facts is what the coverage report is computed from (Store.Facts).
type Facts struct {
	Types   []TypeFacts
	Claims  []Claim
	Records []RecordCount
}

// TypeFacts is what the coverage report needs of one type.
type TypeFacts struct {
	Code             string
	Name             string
	ApprovedTemplate bool
	Schema           bool
}

// RecordCount is the number of records of one type by one department.
type RecordCount struct {
	Type       string
	Department string
	Records    int64
}
