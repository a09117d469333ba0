package govcasemem

import (
	"bytes"
	"cmp"
	"context"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
)

// Store is an in-memory govcase.Store. The zero value is not usable; call
// New. A Store is safe for concurrent use.
type Store struct {
	mu       sync.Mutex
	cases    map[uuid.UUID]*govcase.Case
	byNumber map[string]uuid.UUID
	order    []uuid.UUID // every case ID, ascending in byte order
	events   map[uuid.UUID][]govcase.Event
	eventIDs map[uuid.UUID]bool // the ID of every stored event
	seqs     map[int]int64
	rules    map[uuid.UUID]govcase.RoutingRule

	// summary counts the cases by group (see summary.go), changed with
	// every write under mu; loc is the zone of its months.
	summary map[summaryKey]summaryCounts
	loc     *time.Location
}

// Store implements govcase.Store, and keeps a case summary.
var (
	_ govcase.Store        = (*Store)(nil)
	_ govops.SummaryKeeper = (*Store)(nil)
)

// Option configures a Store.
type Option func(*Store)

// WithLocation sets the zone whose calendar months the Store's summary
// counts cases by (the month of CreatedAt there): CaseStats and CaseCounts
// answer from the summary when their creation bounds are month starts in
// this zone, and go through the cases otherwise. nil keeps the default,
// govops.ShanghaiLocation().
func WithLocation(loc *time.Location) Option {
	return func(s *Store) {
		if loc != nil {
			s.loc = loc
		}
	}
}

// New returns an empty Store.
func New(opts ...Option) *Store {
	s := &Store{
		cases:    map[uuid.UUID]*govcase.Case{},
		byNumber: map[string]uuid.UUID{},
		events:   map[uuid.UUID][]govcase.Event{},
		eventIDs: map[uuid.UUID]bool{},
		seqs:     map[int]int64{},
		rules:    map[uuid.UUID]govcase.RoutingRule{},
		summary:  map[summaryKey]summaryCounts{},
		loc:      govops.ShanghaiLocation(),
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// alive returns an EINTERNAL error wrapping the context's error once ctx is
// done, so that a cancelled caller is told so rather than served.
func alive(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return govops.Errorf(govops.EINTERNAL, "govcasemem: %w", err)
	}
	return nil
}

// NextSeq returns the next case sequence number of year, starting at 1.
func (s *Store) NextSeq(ctx context.Context, year int) (int64, error) {
	if err := alive(ctx); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seqs[year]++
	return s.seqs[year], nil
}

// CreateCase stores a copy of c and appends copies of events. It returns
// ECONFLICT if a case with the same ID or Number exists, or an event's ID is
// taken; nothing changes then.
func (s *Store) CreateCase(ctx context.Context, c *govcase.Case, events []govcase.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	if c == nil {
		return govops.Errorf(govops.EINTERNAL, "govcasemem: CreateCase needs a case, got nil")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.cases[c.ID]; ok {
		return govops.Errorf(govops.ECONFLICT, "case %s already exists", c.ID)
	}
	if _, ok := s.byNumber[c.Number]; ok {
		return govops.Errorf(govops.ECONFLICT, "case number %s is already taken", c.Number)
	}
	if err := s.checkEventIDs(events); err != nil {
		return err
	}
	stored := *c
	s.cases[c.ID] = &stored
	s.count(&stored, 1)
	s.byNumber[c.Number] = c.ID
	i, _ := slices.BinarySearchFunc(s.order, c.ID, compareID)
	s.order = slices.Insert(s.order, i, c.ID)
	s.events[c.ID] = s.appendEvents(nil, events)
	return nil
}

// GetCase returns a copy of the case with id, or ENOTFOUND.
func (s *Store) GetCase(ctx context.Context, id uuid.UUID) (*govcase.Case, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.cases[id]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "case %s not found", id)
	}
	out := *c
	return &out, nil
}

// GetCaseByNumber returns a copy of the case with a human number, or
// ENOTFOUND.
func (s *Store) GetCaseByNumber(ctx context.Context, number string) (*govcase.Case, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.byNumber[number]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "case number %s not found", number)
	}
	out := *s.cases[id]
	return &out, nil
}

// UpdateCase replaces the stored case c.ID with a copy of c and appends
// events, if the stored Version is c.Version-1. It returns ENOTFOUND for an
// unknown case and ECONFLICT for a stale version or a taken event ID;
// nothing changes then. The one lock makes the case and its events visible
// together.
func (s *Store) UpdateCase(ctx context.Context, c *govcase.Case, events []govcase.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	if c == nil {
		return govops.Errorf(govops.EINTERNAL, "govcasemem: UpdateCase needs a case, got nil")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.cases[c.ID]
	if !ok {
		return govops.Errorf(govops.ENOTFOUND, "case %s not found", c.ID)
	}
	if old.Version != c.Version-1 {
		return govops.Errorf(govops.ECONFLICT,
			"case %s was changed by someone else (stored version %d, update expects %d): reload it and try again",
			c.ID, old.Version, c.Version-1)
	}
	if c.Number != old.Number {
		// The number is unique; keep the index right even though the
		// Service never renumbers a case.
		if other, taken := s.byNumber[c.Number]; taken && other != c.ID {
			return govops.Errorf(govops.ECONFLICT, "case number %s is already taken", c.Number)
		}
	}
	if err := s.checkEventIDs(events); err != nil {
		return err
	}
	if c.Number != old.Number {
		delete(s.byNumber, old.Number)
		s.byNumber[c.Number] = c.ID
	}
	stored := *c
	s.count(old, -1)
	s.count(&stored, 1)
	s.cases[c.ID] = &stored
	s.events[c.ID] = s.appendEvents(s.events[c.ID], events)
	return nil
}

// ListEvents returns copies of the events of a case in Seq order, or
// ENOTFOUND if the case does not exist.
func (s *Store) ListEvents(ctx context.Context, caseID uuid.UUID) ([]govcase.Event, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.cases[caseID]; !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "case %s not found", caseID)
	}
	out := make([]govcase.Event, len(s.events[caseID]))
	for i, e := range s.events[caseID] {
		out[i] = copyEvent(e)
	}
	slices.SortStableFunc(out, func(a, b govcase.Event) int { return cmp.Compare(a.Seq, b.Seq) })
	return out, nil
}

// ListCases returns copies of the cases matching f, ID descending.
func (s *Store) ListCases(ctx context.Context, f govcase.Filter) ([]*govcase.Case, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	end := len(s.order)
	if f.After != uuid.Nil {
		end, _ = slices.BinarySearchFunc(s.order, f.After, compareID) // first ID >= After
	}
	var out []*govcase.Case
	for i := end - 1; i >= 0; i-- {
		if f.Limit > 0 && len(out) == f.Limit {
			break
		}
		c := s.cases[s.order[i]]
		if matches(c, f) {
			cp := *c
			out = append(out, &cp)
		}
	}
	return out, nil
}

// matches reports whether c passes every field of f except the After cursor
// and Limit, with the semantics that govcase.Filter documents.
func matches(c *govcase.Case, f govcase.Filter) bool {
	switch {
	case len(f.Kinds) > 0 && !slices.Contains(f.Kinds, c.Kind),
		len(f.Statuses) > 0 && !slices.Contains(f.Statuses, c.Status),
		f.Department != "" && c.Department != f.Department,
		f.Category != "" && c.Category != f.Category,
		f.Priority != "" && c.Priority != f.Priority,
		f.Source != "" && c.Source != f.Source,
		f.ExternalNo != "" && c.ExternalNo != f.ExternalNo,
		f.Year != 0 && c.Year != f.Year,
		f.Text != "" && !containsText(c, f.Text, f.MaskedText),
		!f.CreatedFrom.IsZero() && c.CreatedAt.Before(f.CreatedFrom),
		!f.CreatedTo.IsZero() && !c.CreatedAt.Before(f.CreatedTo),
		!f.ResolveByBefore.IsZero() && (c.ResolveBy.IsZero() || !c.ResolveBy.Before(f.ResolveByBefore)),
		!f.ResolveByAfter.IsZero() && (c.ResolveBy.IsZero() || c.ResolveBy.Before(f.ResolveByAfter)),
		f.ProvisionalDeadlines && !c.AcceptByProvisional && !c.ResolveByProvisional:
		return false
	}
	return true
}

func containsText(c *govcase.Case, text string, masked bool) bool {
	if strings.Contains(c.Number, text) {
		return true
	}
	if masked {
		return strings.Contains(c.SearchText(), text)
	}
	return strings.Contains(c.Title, text) || strings.Contains(c.Description, text) || strings.Contains(c.ExternalNo, text)
}

// SaveRoutingRule stores a copy of r, replacing a rule with the same ID.
func (s *Store) SaveRoutingRule(ctx context.Context, r govcase.RoutingRule) error {
	if err := alive(ctx); err != nil {
		return err
	}
	r.Keywords = slices.Clone(r.Keywords)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rules[r.ID] = r
	return nil
}

// DeleteRoutingRule removes a rule, or returns ENOTFOUND.
func (s *Store) DeleteRoutingRule(ctx context.Context, id uuid.UUID) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.rules[id]; !ok {
		return govops.Errorf(govops.ENOTFOUND, "routing rule %s not found", id)
	}
	delete(s.rules, id)
	return nil
}

// ListRoutingRules returns copies of every rule, Priority descending, then
// ID ascending.
func (s *Store) ListRoutingRules(ctx context.Context) ([]govcase.RoutingRule, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	out := make([]govcase.RoutingRule, 0, len(s.rules))
	for _, r := range s.rules {
		r.Keywords = slices.Clone(r.Keywords)
		out = append(out, r)
	}
	s.mu.Unlock()
	sort.Slice(out, func(i, j int) bool {
		if out[i].Priority != out[j].Priority {
			return out[i].Priority > out[j].Priority
		}
		return compareID(out[i].ID, out[j].ID) < 0
	})
	return out, nil
}

// checkEventIDs returns ECONFLICT if an event of events has the ID of a
// stored event or of another one of events, as a database's primary key on
// the event ID would. The caller holds the lock.
func (s *Store) checkEventIDs(events []govcase.Event) error {
	for i, e := range events {
		if s.eventIDs[e.ID] || slices.ContainsFunc(events[:i], func(o govcase.Event) bool { return o.ID == e.ID }) {
			return govops.Errorf(govops.ECONFLICT, "an event with id %s already exists", e.ID)
		}
	}
	return nil
}

// appendEvents appends copies of events to dst and records their IDs. The
// caller holds the lock.
func (s *Store) appendEvents(dst, events []govcase.Event) []govcase.Event {
	for _, e := range events {
		s.eventIDs[e.ID] = true
		dst = append(dst, copyEvent(e))
	}
	return dst
}

// copyEvent returns a deep copy of e: its Attachments are the one part a
// value copy would share.
func copyEvent(e govcase.Event) govcase.Event {
	e.Attachments = slices.Clone(e.Attachments)
	return e
}

func compareID(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) }
