package govcase

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"
)

// Store persists cases, their events and routing rules. It holds no business
// rule: the Service validates, decides transitions and computes deadlines
// before it calls the Store. Every method returns *govops.Error values with
// the codes its comment names; any other failure is EINTERNAL.
//
// Every method fails on a cancelled context: it returns an error rather than
// doing the work or waiting, and changes nothing.
//
// govcase/storetest checks an implementation against everything below.
type Store interface {
	// NextSeq returns the next case sequence number of year: 1 for the
	// first call, and never the same number twice for the same year, even
	// under concurrent callers and across processes sharing a database.
	// Gaps are allowed.
	NextSeq(ctx context.Context, year int) (int64, error)

	// CreateCase stores c (whose Version is 1) and appends events, in one
	// atomic step. Every field of c and of each event is kept and read back
	// as given, times to the microsecond (UTC; the Service gives UTC
	// times), an event's Attachments included. Returns ECONFLICT if a case with the same ID or Number
	// exists, or if an event has the ID of a stored event (of any case) or
	// of another one of events; nothing is stored then.
	CreateCase(ctx context.Context, c *Case, events []Event) error

	// GetCase returns the case with id. Returns ENOTFOUND if there is none.
	GetCase(ctx context.Context, id uuid.UUID) (*Case, error)

	// GetCaseByNumber returns the case with a human number. Returns
	// ENOTFOUND if there is none.
	GetCaseByNumber(ctx context.Context, number string) (*Case, error)

	// UpdateCase replaces the stored case c.ID, whose Version must still be
	// c.Version-1, with c, and appends events, in one atomic step. Returns
	// ENOTFOUND if the case does not exist, and ECONFLICT if its stored
	// version differs (a concurrent writer won) or if an event has the ID of
	// a stored event (of any case) or of another one of events; nothing is
	// written then.
	//
	// Atomic means that concurrent readers never see the case and its
	// events apart: a GetCase that returns version v, followed by a
	// ListEvents, finds every event appended up to version v; a ListEvents
	// followed by a GetCase never finds an event newer than the case. A
	// store that writes the case and then, in a second statement outside
	// the same transaction, its events breaks this.
	UpdateCase(ctx context.Context, c *Case, events []Event) error

	// ListCases returns the cases matching f, newest first (ID descending),
	// at most f.Limit of them (all when Limit is 0), starting after the case
	// f.After when it is set.
	ListCases(ctx context.Context, f Filter) ([]*Case, error)

	// ListEvents returns the events of a case in Seq order. Returns
	// ENOTFOUND if the case does not exist.
	ListEvents(ctx context.Context, caseID uuid.UUID) ([]Event, error)

	// CaseStats counts the cases matching f, grouped and timed as Stats
	// describes: one group for each combination of Kind, Status and
	// Department that has a case, in any order (the Service sorts them);
	// on-time counts as Case.AcceptedOnTime and Case.RepliedOnTime decide
	// them; HandlingSeconds truncated to whole seconds case by case
	// (Case.HandlingSeconds) before it is summed. It runs in the database
	// (GROUP BY), not over a listing. A Store may answer it from summary
	// rows that it changes with every write (see CaseMonth), and then
	// implements govops.SummaryKeeper; its answer must equal the count of
	// the cases all the same, whatever the filter.
	CaseStats(ctx context.Context, f StatsFilter) (Stats, error)

	// CaseCounts counts the cases matching f by Kind and by the period
	// their CreatedAt falls in: period i is [bounds[i], bounds[i+1]), so
	// bounds (at least two, ascending, in UTC) make len(bounds)-1 periods,
	// and a case created before the first bound or at or after the last
	// is not counted. One PeriodCount for each period and kind that has a
	// case, in any order. It runs in the database, in one pass (GROUP BY),
	// so that a chart of a year by month costs one query, not twelve. A
	// Store that keeps summaries by month may answer from them when every
	// bound is a month start (MonthPeriods).
	CaseCounts(ctx context.Context, f StatsFilter, bounds []time.Time) ([]PeriodCount, error)

	// SaveRoutingRule stores r, replacing a rule with the same ID.
	SaveRoutingRule(ctx context.Context, r RoutingRule) error

	// DeleteRoutingRule removes a rule. Returns ENOTFOUND if there is none.
	DeleteRoutingRule(ctx context.Context, id uuid.UUID) error

	// ListRoutingRules returns every rule, ordered by Priority descending,
	// then ID.
	ListRoutingRules(ctx context.Context) ([]RoutingRule, error)
}

// Filter selects cases. Zero fields do not filter.
type Filter struct {
	Kinds      []Kind
	Statuses   []Status
	Department string
	Category   Category
	Priority   Priority
	Source     Source
	ExternalNo string
	Year       int // Case.Year, the year of the number: see StatsFilter.Year

	// Text matches a substring of the number, title, description or
	// external number (case-sensitive).
	Text string
	// MaskedText, when true, matches Text against what a reader who may not
	// see personal data sees: the number and Case.SearchText (the masked
	// title, description and external number), never the stored text. The Service sets it for such readers, so that
	// a search can never tell them a digit that masking hides.
	MaskedText bool

	CreatedFrom time.Time // CreatedAt >= CreatedFrom
	CreatedTo   time.Time // CreatedAt < CreatedTo

	// ResolveByBefore keeps cases whose ResolveBy is set and before it:
	// with Statuses = OpenStatuses() and the current time this lists overdue
	// cases; with a later time, the cases due soon.
	ResolveByBefore time.Time
	// ResolveByAfter keeps cases whose ResolveBy is set and at or after it.
	ResolveByAfter time.Time

	// ProvisionalDeadlines, when true, keeps cases with AcceptByProvisional
	// or ResolveByProvisional set: the deadlines that wait for a year's
	// notice, which Service.RecomputeDeadlines revisits. False does not
	// filter.
	ProvisionalDeadlines bool

	// After and Limit are the keyset of one page, which Service.List sets
	// from ListInput.Cursor and ListInput.Limit.
	After uuid.UUID // only cases with ID < After
	Limit int       // at most Limit cases; 0 for all
}

// StatsFilter selects the cases that CaseStats counts.
type StatsFilter struct {
	// Year keeps the cases whose Year is Year; 0 keeps every year. A case's
	// Year is that of its number, which the Service counts in
	// Asia/Shanghai: a case created at 2022-12-31 17:00 UTC is a case of
	// 2023. It is not the year of CreatedAt in UTC.
	Year        int
	CreatedFrom time.Time // CreatedAt >= CreatedFrom
	CreatedTo   time.Time // CreatedAt < CreatedTo
	Kind        Kind
	Department  string
}

// StatsGroup is the number of cases of one kind, status and department.
type StatsGroup struct {
	Kind       Kind
	Status     Status
	Department string
	Count      int64
}

// PeriodCount is the number of cases of one kind created in one period
// of a CaseCounts query.
type PeriodCount struct {
	Period int // the index of the period: [bounds[Period], bounds[Period+1])
	Kind   Kind
	Count  int64
}

// PeriodOf returns the index of the period of bounds that t falls in
// (period i is [bounds[i], bounds[i+1])), or -1 if it falls in none: the
// rule of Store.CaseCounts, for stores that count in Go.
func PeriodOf(t time.Time, bounds []time.Time) int {
	if len(bounds) < 2 || t.Before(bounds[0]) || !t.Before(bounds[len(bounds)-1]) {
		return -1
	}
	// The first bound after t closes t's period.
	i, _ := slices.BinarySearchFunc(bounds, t, func(b, t time.Time) int {
		if b.After(t) {
			return 1
		}
		return -1
	})
	return i - 1
}

// Stats is what CaseStats counts.
type Stats struct {
	Groups []StatsGroup // in any order from a Store; Service.Stats sorts them
	Total  int64

	Dispatched     int64 // cases ever dispatched (DispatchedAt set)
	Accepted       int64 // cases with AcceptedAt set
	AcceptedOnTime int64 // … and Case.AcceptedOnTime
	Replied        int64 // cases with RepliedAt set
	RepliedOnTime  int64 // … and Case.RepliedOnTime
	// HandlingSeconds is the sum over replied cases that have a
	// DispatchedAt of RepliedAt minus DispatchedAt, each truncated to whole
	// seconds before the sum (Case.HandlingSeconds), so that four cases of 3,600.75 s make 14,400
	// s, not 14,403. Divided by Replied it is the mean handling time that
	// Service.Stats reports.
	HandlingSeconds int64
}

// RoutingRule suggests a department for cases of a kind and category whose
// title or description contains one of the keywords (任务下发精准). Empty Kind,
// Category or Keywords match any case.
type RoutingRule struct {
	ID         uuid.UUID
	Kind       Kind
	Category   Category
	Keywords   []string
	Department string
	Priority   int // higher wins when several rules match
	CreatedAt  time.Time
}
