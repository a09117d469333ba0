package portal

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// Store persists the portal records and their trails. It holds no
// business rule: the Service validates, assigns IDs and versions, checks
// permissions and lifecycles, and decides what a change records before it
// calls the Store.
//
// Every method returns *govops.Error values with the codes its comment
// names; any other failure, a cancelled context included, is EINTERNAL,
// and a method called with a cancelled context stores nothing. Values
// passed in are not retained and values returned are the caller's own,
// slices and maps inside a record (a site's domains, a crawl's findings
// count) included. Times come in UTC, cut to the microsecond, and must come
// back as the same instants (in any location); a zero time comes back
// zero. A Duration comes back to the microsecond. Codes, keys and URLs are
// compared exactly, byte for byte. An empty slice or map may come back
// nil.
//
// A method that takes events appends them in the same atomic step as the
// change they record: all of it or, on any error, none. Event IDs are
// unique across the Store (ECONFLICT), and so is an event's (Subject,
// Seq).
//
// A write of a versioned record (Update…) replaces the stored record
// whose ID is the record's and whose Version is still Version-1. Returns
// ENOTFOUND if there is no such record and ECONFLICT if its stored version
// differs; nothing is written then. The Service never changes an ID, a
// site's, column's or account's Code, or the site of a column.
//
// Listings that take after and limit return at most limit records (all
// when limit is 0), ordered by ID, starting after the ID after when it is
// not uuid.Nil. A filter's time bounds are half-open ([From, To)), a zero
// bound open; a record's zero time lies before every bound, as in Go.
//
// The aggregates (TaskGroups, PostGroups, ProbeTally, CountConsultations)
// are what the dashboards, the annual report and the evaluator read, so
// their cost should not grow with the records: portalmem and portalbun
// answer them from summary rows (counts per month, hour, site, department,
// kind…) that every write changes in its own atomic step, and implement
// govops.SummaryKeeper. The Service asks TaskGroups and PostGroups for
// months in Asia/Shanghai, ProbeTally and CountConsultations for any
// window. An adapter may count however it likes: the answers must equal
// the records', which the conformance suite checks after random writes.
type Store interface {
	// Events returns the trail of the record whose ID is subject, in Seq
	// order: none for an unknown subject.
	Events(ctx context.Context, subject uuid.UUID) ([]Event, error)

	// CreateSite stores s at Version 1, with events. Returns ECONFLICT if
	// its ID or Code is taken.
	CreateSite(ctx context.Context, s *Site, events []Event) error
	// UpdateSite replaces the site s.ID (see Store).
	UpdateSite(ctx context.Context, s *Site, events []Event) error
	// Site returns the site id: ENOTFOUND if none.
	Site(ctx context.Context, id uuid.UUID) (*Site, error)
	// SiteByCode returns the site whose Code is code: ENOTFOUND if none.
	SiteByCode(ctx context.Context, code string) (*Site, error)
	// Sites returns the sites matching f, ordered by ID.
	Sites(ctx context.Context, f SiteFilter, after uuid.UUID, limit int) ([]Site, error)

	// CreateColumn stores c at Version 1, with events. Returns ECONFLICT
	// if its ID, or its (SiteID, Code), is taken; ENOTFOUND if its site is
	// not stored.
	CreateColumn(ctx context.Context, c *Column, events []Event) error
	// UpdateColumns replaces every column of cs (see Store), and the
	// site, when site is not nil, in one atomic step with events: a post
	// or a crawl moves several columns' last updates, and the home
	// column's moves its site's HomeUpdated. Any of them missing or stale
	// writes none.
	UpdateColumns(ctx context.Context, cs []Column, site *Site, events []Event) error
	// Column returns the column id: ENOTFOUND if none.
	Column(ctx context.Context, id uuid.UUID) (*Column, error)
	// ColumnByCode returns the column of site whose Code is code:
	// ENOTFOUND if none.
	ColumnByCode(ctx context.Context, site uuid.UUID, code string) (*Column, error)
	// Columns returns the columns matching f, ordered by ID.
	Columns(ctx context.Context, f ColumnFilter, after uuid.UUID, limit int) ([]Column, error)

	// CreatePosts stores every post of ps, and replaces every column of
	// cs and the site, when site is not nil (see Store), with events, in
	// one atomic step. Returns ECONFLICT if a post's ID is taken, or if
	// its (SiteID, URL) is another stored post's or another one of ps's:
	// a post is recorded once. Any of cs missing or stale, or a post's
	// column not stored (ENOTFOUND), writes none.
	CreatePosts(ctx context.Context, ps []Post, cs []Column, site *Site, events []Event) error
	// Posts returns the posts matching f, ordered by ID.
	Posts(ctx context.Context, f PostFilter, after uuid.UUID, limit int) ([]Post, error)
	// PostGroups counts the posts matching f per (ColumnID, Department,
	// Source), with the newest one's Published, in any order.
	PostGroups(ctx context.Context, f PostFilter) ([]PostGroup, error)

	// CreateProbes stores every probe of ps in one atomic step. Returns
	// ECONFLICT if an ID is taken.
	CreateProbes(ctx context.Context, ps []Probe) error
	// Probes returns the probes matching f, ordered by ID.
	Probes(ctx context.Context, f ProbeFilter, after uuid.UUID, limit int) ([]Probe, error)
	// ProbeTally counts the probes matching f (Failed is ignored): all of
	// them, and the failed ones.
	ProbeTally(ctx context.Context, f ProbeFilter) (ProbeTally, error)

	// CreateCrawl stores c at Version 1, with events. Returns ECONFLICT if
	// its ID is taken.
	CreateCrawl(ctx context.Context, c *Crawl, events []Event) error
	// UpdateCrawl replaces the crawl c.ID (see Store): its cancel
	// request, its end.
	UpdateCrawl(ctx context.Context, c *Crawl, events []Event) error
	// SaveCrawlProgress writes p, and at as UpdatedAt, into the crawl id
	// while its Status is running, and nothing else: its Version, its
	// cancel request and every other field stay as stored, and no event
	// is appended, since progress is no change of state and an event's
	// Seq is the Version it made. It returns the crawl as stored after the
	// write, so that the runner reads a cancel request recorded since its
	// last save; a crawl that is not running is returned unchanged.
	// Returns ENOTFOUND if there is no crawl id.
	SaveCrawlProgress(ctx context.Context, id uuid.UUID, p CrawlProgress, at time.Time) (*Crawl, error)
	// EndCrawl replaces the crawl c.ID (see Store) and stores every
	// finding of fs, with events, in one atomic step. Returns ECONFLICT if
	// a finding's ID, or its (CrawlID, Seq), is taken.
	EndCrawl(ctx context.Context, c *Crawl, fs []Finding, events []Event) error
	// Crawl returns the crawl id: ENOTFOUND if none.
	Crawl(ctx context.Context, id uuid.UUID) (*Crawl, error)
	// Crawls returns the crawls matching f, ordered by ID.
	Crawls(ctx context.Context, f CrawlFilter, after uuid.UUID, limit int) ([]Crawl, error)

	// Finding returns the finding id: ENOTFOUND if none.
	Finding(ctx context.Context, id uuid.UUID) (*Finding, error)
	// Findings returns the findings matching f, ordered by ID.
	Findings(ctx context.Context, f FindingFilter, after uuid.UUID, limit int) ([]Finding, error)

	// CreateTasks stores every task of ts at Version 1, with events, in
	// one atomic step. Returns ECONFLICT if an ID is taken, or if a task's
	// FindingID, not uuid.Nil, is another stored task's or another one of
	// ts's: a finding makes one task.
	CreateTasks(ctx context.Context, ts []Task, events []Event) error
	// UpdateTask replaces the task t.ID (see Store).
	UpdateTask(ctx context.Context, t *Task, events []Event) error
	// Task returns the task id: ENOTFOUND if none.
	Task(ctx context.Context, id uuid.UUID) (*Task, error)
	// Tasks returns the tasks matching f, ordered by ID.
	Tasks(ctx context.Context, f TaskFilter, after uuid.UUID, limit int) ([]Task, error)
	// TaskGroups counts the tasks matching f per (Kind, Status), in any
	// order. Each bound of f that is set applies, all together; a task
	// never fixed (zero Fixed) lies outside any fixed bound that is set.
	TaskGroups(ctx context.Context, f TaskGroupFilter) ([]TaskGroup, error)

	// CreateConsultation stores c at Version 1, with events. Returns
	// ECONFLICT if its ID, or its (SiteID, Ref), is taken.
	CreateConsultation(ctx context.Context, c *Consultation, events []Event) error
	// UpdateConsultation replaces the consultation c.ID (see Store).
	UpdateConsultation(ctx context.Context, c *Consultation, events []Event) error
	// Consultation returns the consultation id: ENOTFOUND if none.
	Consultation(ctx context.Context, id uuid.UUID) (*Consultation, error)
	// Consultations returns the consultations matching f, ordered by ID.
	Consultations(ctx context.Context, f ConsultationFilter, after uuid.UUID, limit int) ([]Consultation, error)
	// CountConsultations counts the consultations matching f: as many as
	// Consultations would list.
	CountConsultations(ctx context.Context, f ConsultationFilter) (int, error)

	// CreateAccount stores a at Version 1, with events. Returns ECONFLICT
	// if its ID or Code is taken.
	CreateAccount(ctx context.Context, a *Account, events []Event) error
	// UpdateAccount replaces the account a.ID (see Store).
	UpdateAccount(ctx context.Context, a *Account, events []Event) error
	// Account returns the account id: ENOTFOUND if none.
	Account(ctx context.Context, id uuid.UUID) (*Account, error)
	// AccountByCode returns the account whose Code is code: ENOTFOUND if
	// none.
	AccountByCode(ctx context.Context, code string) (*Account, error)
	// Accounts returns the accounts matching f, ordered by ID.
	Accounts(ctx context.Context, f AccountFilter, after uuid.UUID, limit int) ([]Account, error)

	// CreateMediaInspection stores in at Version 1, and replaces the
	// account a when it is not nil (its LastPost), with events, in one
	// atomic step. Returns ECONFLICT if its ID, or its (AccountID, Week),
	// is taken; a missing or stale account writes none.
	CreateMediaInspection(ctx context.Context, in *MediaInspection, a *Account, events []Event) error
	// UpdateMediaInspection replaces the inspection in.ID (see Store), and
	// the account a when it is not nil, in one atomic step.
	UpdateMediaInspection(ctx context.Context, in *MediaInspection, a *Account, events []Event) error
	// MediaInspection returns the inspection id: ENOTFOUND if none.
	MediaInspection(ctx context.Context, id uuid.UUID) (*MediaInspection, error)
	// MediaInspections returns the inspections matching f, ordered by ID.
	MediaInspections(ctx context.Context, f MediaInspectionFilter, after uuid.UUID, limit int) ([]MediaInspection, error)
	// LatestInspections returns, for every account that has one, its
	// inspection of the latest Week before the time before (any time when
	// zero), in any order.
	LatestInspections(ctx context.Context, before time.Time) ([]MediaInspection, error)
}
