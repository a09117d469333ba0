package hotline

import (
	"context"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Store persists callbacks, case outcomes, scoring schemes, deductions with
// their event trail, and peer results. It holds no business rule: the
// Service validates, assigns IDs and versions, decides transitions and turns
// counts into rates and scores before or after it calls the Store. Every
// method returns *govops.Error values with the codes its comment names; any
// other failure is EINTERNAL. Values passed in are not retained and values
// returned are the caller's own. Times come in UTC, cut to the microsecond,
// and must come back as the same instants (in any location).
//
// Every method fails on a cancelled context: it returns an error rather than
// doing the work or waiting, and changes nothing. (A bulk method given
// nothing to store may return nil instead: it has no work to abandon.)
//
// hotline/storetest checks an implementation against everything below.
type Store interface {
	// CreateCallback stores c. Returns ECONFLICT if a callback with the same
	// ID, or with the same CaseNumber and Month, exists.
	CreateCallback(ctx context.Context, c *Callback) error

	// BulkInsertCallbacks stores every callback of cs in one atomic step.
	// Returns ECONFLICT if any of them has the ID or the CaseNumber and
	// Month of a stored callback or of another one in cs; nothing is stored
	// then. An empty cs stores nothing and returns nil.
	BulkInsertCallbacks(ctx context.Context, cs []Callback) error

	// GetCallback returns the callback with id. Returns ENOTFOUND if there
	// is none.
	GetCallback(ctx context.Context, id uuid.UUID) (*Callback, error)

	// ListCallbacks returns the callbacks matching f, newest first (ID
	// descending), at most f.Limit of them (all when Limit is 0), starting
	// after the callback f.After when it is set. It ignores f.Cursor, which
	// the Service has turned into After.
	ListCallbacks(ctx context.Context, f CallbackFilter) ([]Callback, error)

	// ExistingCallbacks returns those of keys for which a callback is
	// stored, in any order, each once.
	ExistingCallbacks(ctx context.Context, keys []CallbackKey) ([]CallbackKey, error)

	// CallbackCounts counts the callbacks of the months in r, grouped by
	// month, department and result, one group each, in any order; the
	// Service sorts them. Groups with no callback are left out. It runs in
	// the database (a GROUP BY, or summary rows the store keeps: see
	// govops.SummaryKeeper), not over a listing.
	CallbackCounts(ctx context.Context, r MonthRange) ([]CallbackCount, error)

	// CreateOutcome stores o, whose Version is 1. Returns ECONFLICT if an
	// outcome with the same CaseNumber exists.
	CreateOutcome(ctx context.Context, o *Outcome) error

	// UpdateOutcome replaces the stored outcome o.CaseNumber, whose Version
	// must still be o.Version-1, with o. Returns ENOTFOUND if there is none
	// and ECONFLICT if its stored version differs (a concurrent writer
	// won); nothing is written then.
	UpdateOutcome(ctx context.Context, o *Outcome) error

	// GetOutcome returns the outcome of a case. Returns ENOTFOUND if there
	// is none.
	GetOutcome(ctx context.Context, caseNumber string) (*Outcome, error)

	// ListOutcomes returns the outcomes matching f ordered by CaseNumber
	// (byte order), at most f.Limit of them (all when Limit is 0), starting
	// after the case number f.After when it is set. It ignores f.Cursor.
	ListOutcomes(ctx context.Context, f OutcomeFilter) ([]Outcome, error)

	// BulkInsertOutcomes stores every outcome of os (each with Version 1) in
	// one atomic step. Returns ECONFLICT if any of them has the CaseNumber
	// of a stored outcome or of another one in os; nothing is stored then.
	// An empty os stores nothing and returns nil.
	BulkInsertOutcomes(ctx context.Context, os []Outcome) error

	// ExistingOutcomes returns those of caseNumbers for which an outcome is
	// stored, in any order, each once.
	ExistingOutcomes(ctx context.Context, caseNumbers []string) ([]string, error)

	// OutcomeCounts counts the outcomes of the months in r, grouped by month
	// and department, one group each, in any order; the Service sorts them.
	// Groups with no outcome are left out. It runs in the database (a
	// GROUP BY, or summary rows), not over a listing.
	OutcomeCounts(ctx context.Context, r MonthRange) ([]OutcomeCount, error)

	// CreateScheme stores a scheme version. Returns ECONFLICT if a scheme
	// with the same ID or the same EffectiveFrom exists.
	CreateScheme(ctx context.Context, s *Scheme) error

	// SchemeFor returns the scheme in force in month m: the one with the
	// latest EffectiveFrom that is not after m. Returns ENOTFOUND if every
	// stored scheme starts after m, or none is stored.
	SchemeFor(ctx context.Context, m Month) (*Scheme, error)

	// ListSchemes returns every stored scheme ordered by EffectiveFrom.
	ListSchemes(ctx context.Context) ([]Scheme, error)

	// CreateDeduction stores d (whose Version is 1) and appends events, in
	// one atomic step. Returns ECONFLICT if a deduction with the same ID
	// exists, or if an event has the ID of a stored event (of any
	// deduction) or of another one of events; nothing is stored then.
	CreateDeduction(ctx context.Context, d *Deduction, events []DeductionEvent) error

	// UpdateDeduction replaces the stored deduction d.ID, whose Version must
	// still be d.Version-1, with d, and appends events, in one atomic step.
	// Returns ENOTFOUND if it does not exist, and ECONFLICT if its stored
	// version differs (a concurrent writer won) or if an event has the ID of
	// a stored event (of any deduction) or of another one of events; nothing
	// is written then.
	//
	// Atomic means that concurrent readers never see the deduction and its
	// events apart: a GetDeduction that returns version v, followed by a
	// ListDeductionEvents, finds every event appended up to version v; a
	// ListDeductionEvents followed by a GetDeduction never finds an event
	// newer than the deduction. A store that writes the deduction and then,
	// in a second statement outside the same transaction, its events breaks
	// this.
	UpdateDeduction(ctx context.Context, d *Deduction, events []DeductionEvent) error

	// GetDeduction returns the deduction with id. Returns ENOTFOUND if there
	// is none.
	GetDeduction(ctx context.Context, id uuid.UUID) (*Deduction, error)

	// ListDeductions returns the deductions matching f, newest first (ID
	// descending), at most f.Limit of them (all when Limit is 0), starting
	// after the deduction f.After when it is set. It ignores f.Cursor.
	ListDeductions(ctx context.Context, f DeductionFilter) ([]Deduction, error)

	// ListDeductionEvents returns the events of a deduction in Seq order.
	// Returns ENOTFOUND if the deduction does not exist.
	ListDeductionEvents(ctx context.Context, id uuid.UUID) ([]DeductionEvent, error)

	// DeductionCounts counts the deductions of the months in r whose Status
	// is one of counting, grouped by month, department and points (by
	// value: 0.2 and 0.20 are one group), one group each, in any order;
	// the Service multiplies, sums and sorts them. Deductions of any other
	// status are left out, and so is a group with none; an empty counting
	// counts nothing. Which statuses count is the Service's rule: the
	// Store takes the list as given. It runs in the database (a GROUP BY,
	// or summary rows), not over a listing.
	DeductionCounts(ctx context.Context, r MonthRange, counting []DeductionStatus) ([]DeductionGroup, error)

	// ReplacePeerResults stores rs, replacing every stored result of each
	// period that occurs in rs, in one atomic step. Returns ECONFLICT if rs
	// holds two results for the same district and period; nothing is
	// written then. An empty rs writes nothing.
	ReplacePeerResults(ctx context.Context, rs []PeerResult) error

	// ListPeerResults returns the results of period p ordered by District
	// (byte order). It returns an empty list, not ENOTFOUND, when the
	// period has none.
	ListPeerResults(ctx context.Context, p Period) ([]PeerResult, error)
}

// MonthRange is the months from First to Last, both included.
type MonthRange struct {
	First, Last Month
}

// SingleMonth returns the range of month m alone.
func SingleMonth(m Month) MonthRange { return MonthRange{First: m, Last: m} }

// Contains reports whether m lies in r.
func (r MonthRange) Contains(m Month) bool { return !m.Before(r.First) && !m.After(r.Last) }

// CallbackFilter selects callbacks. Zero fields do not filter.
//
// Cursor and Limit page the Service's listing; After and Limit page the
// Store's. The Service reads Cursor, the Next of the page before ("" for
// the first page), and Limit, the page size (0 means
// govops.DefaultPageSize, at most govops.MaxPageSize); it then hands the
// Store the key the cursor carries as After, and one more than the page
// size as Limit, to learn whether another page follows.
type CallbackFilter struct {
	Month      Month
	Department string
	CaseNumber string
	Result     Result
	Cursor     string
	After      uuid.UUID // keyset key of the Store: only callbacks with ID < After
	Limit      int
}

// OutcomeFilter selects outcomes. Zero fields do not filter; Cursor, After
// and Limit page as in CallbackFilter.
type OutcomeFilter struct {
	Month      Month
	Department string
	Cursor     string
	After      string // keyset key of the Store: only case numbers > After
	Limit      int
}

// DeductionFilter selects deductions. Zero fields do not filter; Cursor,
// After and Limit page as in CallbackFilter.
type DeductionFilter struct {
	Months     MonthRange // a zero First or Last leaves that end open
	Department string
	Statuses   []DeductionStatus
	CaseNumber string
	// ProvisionalAppealBy, when set, keeps only the deductions whose
	// AppealByProvisional is set: those whose appeal window was counted on
	// a provisional calendar year. False does not filter.
	ProvisionalAppealBy bool
	Cursor              string
	After               uuid.UUID // keyset key of the Store: only deductions with ID < After
	Limit               int
}

// CallbackCount is the number of callbacks of one month, department and
// result.
type CallbackCount struct {
	Month      Month
	Department string
	Result     Result
	Count      int64
}

// OutcomeCount sums the outcomes of one month and department: Total
// outcomes, and how many have each flag set.
type OutcomeCount struct {
	Month          Month
	Department     string
	Total          int64
	Dispatched     int64
	AcceptedOnTime int64
	ResolvedOnTime int64
	Returned       int64
	Redone         int64
	Replied        int64
}

// Add adds the counts of o to c.
func (c *OutcomeCount) Add(o OutcomeCount) {
	c.Total += o.Total
	c.Dispatched += o.Dispatched
	c.AcceptedOnTime += o.AcceptedOnTime
	c.ResolvedOnTime += o.ResolvedOnTime
	c.Returned += o.Returned
	c.Redone += o.Redone
	c.Replied += o.Replied
}

// DeductionGroup is what the Store counts of deductions: the number of
// those of one month and department whose points are Points each.
type DeductionGroup struct {
	Month      Month
	Department string
	Points     decimal.Decimal // the points of each deduction of the group
	Count      int64
}

// DeductionCount is the number and total points of the deductions of one
// month and department that count.
type DeductionCount struct {
	Month      Month
	Department string
	Count      int64
	Points     decimal.Decimal
}
