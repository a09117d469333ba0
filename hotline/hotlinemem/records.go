package hotlinemem

import (
	"bytes"
	"context"
	"slices"
	"sort"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops/hotline"
)

// CreateOutcome implements hotline.Store.
func (s *Store) CreateOutcome(ctx context.Context, o *hotline.Outcome) error {
	return s.BulkInsertOutcomes(ctx, []hotline.Outcome{*o})
}

// BulkInsertOutcomes implements hotline.Store.
func (s *Store) BulkInsertOutcomes(ctx context.Context, os []hotline.Outcome) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	seen := make(map[string]bool, len(os))
	for i := range os {
		n := os[i].CaseNumber
		if _, ok := s.outcomes[n]; ok || seen[n] {
			return conflict("case %s already has an outcome", n)
		}
		seen[n] = true
	}
	stored := make([]hotline.Outcome, len(os))
	copy(stored, os)
	for i := range stored {
		o := &stored[i]
		s.outcomes[o.CaseNumber] = o
		s.sums.addOutcome(o, 1)
	}
	return nil
}

// UpdateOutcome implements hotline.Store: the outcome's counts move from
// its old group of the outcome summary to its new one.
func (s *Store) UpdateOutcome(ctx context.Context, o *hotline.Outcome) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, ok := s.outcomes[o.CaseNumber]
	if !ok {
		return notFound("case %s has no outcome", o.CaseNumber)
	}
	if cur.Version != o.Version-1 {
		return conflict("the outcome of case %s is at version %d, not %d: it was changed meanwhile", o.CaseNumber, cur.Version, o.Version-1)
	}
	n := *o
	s.sums.addOutcome(cur, -1)
	s.sums.addOutcome(&n, 1)
	s.outcomes[n.CaseNumber] = &n
	return nil
}

// GetOutcome implements hotline.Store.
func (s *Store) GetOutcome(ctx context.Context, caseNumber string) (*hotline.Outcome, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	o, ok := s.outcomes[caseNumber]
	if !ok {
		return nil, notFound("case %s has no outcome", caseNumber)
	}
	cp := *o
	return &cp, nil
}

// ListOutcomes implements hotline.Store.
func (s *Store) ListOutcomes(ctx context.Context, f hotline.OutcomeFilter) ([]hotline.Outcome, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	var out []hotline.Outcome
	for _, o := range s.outcomes {
		if (!f.Month.IsZero() && o.Month != f.Month) || (f.Department != "" && o.Department != f.Department) ||
			(f.After != "" && o.CaseNumber <= f.After) {
			continue
		}
		out = append(out, *o)
	}
	s.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return out[i].CaseNumber < out[j].CaseNumber })
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

// ExistingOutcomes implements hotline.Store.
func (s *Store) ExistingOutcomes(ctx context.Context, caseNumbers []string) ([]string, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	seen := map[string]bool{}
	var out []string
	for _, n := range caseNumbers {
		if _, ok := s.outcomes[n]; ok && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out, nil
}

// OutcomeCounts implements hotline.Store from the outcome summary.
func (s *Store) OutcomeCounts(ctx context.Context, r hotline.MonthRange) ([]hotline.OutcomeCount, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []hotline.OutcomeCount
	for m, groups := range s.sums.outcomes {
		if !r.Contains(m) {
			continue
		}
		for d, c := range groups {
			if c[0] > 0 {
				out = append(out, hotline.OutcomeCount{Month: m, Department: d, Total: c[0], Dispatched: c[1],
					AcceptedOnTime: c[2], ResolvedOnTime: c[3], Returned: c[4], Redone: c[5], Replied: c[6]})
			}
		}
	}
	return out, nil
}

// CreateScheme implements hotline.Store.
func (s *Store) CreateScheme(ctx context.Context, sc *hotline.Scheme) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, x := range s.schemes {
		if x.ID == sc.ID {
			return conflict("a scheme with id %s already exists", sc.ID)
		}
		if x.EffectiveFrom == sc.EffectiveFrom {
			return conflict("a scheme effective from %s already exists", sc.EffectiveFrom)
		}
	}
	s.schemes = append(s.schemes, sc.Clone())
	sort.Slice(s.schemes, func(i, j int) bool { return s.schemes[i].EffectiveFrom.Before(s.schemes[j].EffectiveFrom) })
	return nil
}

// SchemeFor implements hotline.Store.
func (s *Store) SchemeFor(ctx context.Context, m hotline.Month) (*hotline.Scheme, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for i := len(s.schemes) - 1; i >= 0; i-- {
		if !s.schemes[i].EffectiveFrom.After(m) {
			c := s.schemes[i].Clone()
			return &c, nil
		}
	}
	return nil, notFound("no scheme is in force in %s", m)
}

// ListSchemes implements hotline.Store.
func (s *Store) ListSchemes(ctx context.Context) ([]hotline.Scheme, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]hotline.Scheme, len(s.schemes))
	for i, x := range s.schemes {
		out[i] = x.Clone()
	}
	return out, nil
}

func cloneEvents(es []hotline.DeductionEvent) []hotline.DeductionEvent {
	out := make([]hotline.DeductionEvent, len(es))
	for i, e := range es {
		e.Attachments = append([]string(nil), e.Attachments...)
		out[i] = e
	}
	return out
}

// checkEventIDs returns ECONFLICT if an event of events has the ID of a
// stored event or of another one of events, as a database's primary key on
// the event ID would. The caller holds the write lock.
func (s *Store) checkEventIDs(events []hotline.DeductionEvent) error {
	for i, e := range events {
		if s.eventIDs[e.ID] || slices.ContainsFunc(events[:i], func(o hotline.DeductionEvent) bool { return o.ID == e.ID }) {
			return conflict("a deduction event with id %s already exists", e.ID)
		}
	}
	return nil
}

// appendEvents appends copies of events to dst and records their IDs. The
// caller holds the write lock.
func (s *Store) appendEvents(dst, events []hotline.DeductionEvent) []hotline.DeductionEvent {
	for _, e := range events {
		s.eventIDs[e.ID] = true
	}
	return append(dst, cloneEvents(events)...)
}

// CreateDeduction implements hotline.Store. The one lock makes the
// deduction and its events visible together.
func (s *Store) CreateDeduction(ctx context.Context, d *hotline.Deduction, events []hotline.DeductionEvent) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.deductions[d.ID]; ok {
		return conflict("a deduction with id %s already exists", d.ID)
	}
	if err := s.checkEventIDs(events); err != nil {
		return err
	}
	s.deductions[d.ID] = d.Clone()
	s.events[d.ID] = s.appendEvents(nil, events)
	s.sums.addDeduction(d, 1)
	return nil
}

// UpdateDeduction implements hotline.Store. The one lock makes the
// deduction and its events visible together.
func (s *Store) UpdateDeduction(ctx context.Context, d *hotline.Deduction, events []hotline.DeductionEvent) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, ok := s.deductions[d.ID]
	if !ok {
		return notFound("no deduction with id %s", d.ID)
	}
	if cur.Version != d.Version-1 {
		return conflict("the deduction is at version %d, not %d: it was changed meanwhile", cur.Version, d.Version-1)
	}
	if err := s.checkEventIDs(events); err != nil {
		return err
	}
	s.sums.addDeduction(cur, -1)
	s.sums.addDeduction(d, 1)
	s.deductions[d.ID] = d.Clone()
	s.events[d.ID] = s.appendEvents(s.events[d.ID], events)
	return nil
}

// GetDeduction implements hotline.Store.
func (s *Store) GetDeduction(ctx context.Context, id uuid.UUID) (*hotline.Deduction, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	d, ok := s.deductions[id]
	if !ok {
		return nil, notFound("no deduction with id %s", id)
	}
	return d.Clone(), nil
}

func inRange(r hotline.MonthRange, m hotline.Month) bool {
	return (r.First.IsZero() || !m.Before(r.First)) && (r.Last.IsZero() || !m.After(r.Last))
}

// ListDeductions implements hotline.Store.
func (s *Store) ListDeductions(ctx context.Context, f hotline.DeductionFilter) ([]hotline.Deduction, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	var out []hotline.Deduction
	for _, d := range s.deductions {
		if !inRange(f.Months, d.Month) || (f.Department != "" && d.Department != f.Department) ||
			(f.CaseNumber != "" && d.CaseNumber != f.CaseNumber) ||
			(f.ProvisionalAppealBy && !d.AppealByProvisional) ||
			(f.After != uuid.Nil && bytes.Compare(d.ID[:], f.After[:]) >= 0) {
			continue
		}
		if len(f.Statuses) > 0 {
			match := false
			for _, st := range f.Statuses {
				match = match || d.Status == st
			}
			if !match {
				continue
			}
		}
		out = append(out, *d.Clone())
	}
	s.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return bytes.Compare(out[i].ID[:], out[j].ID[:]) > 0 })
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

// ListDeductionEvents implements hotline.Store.
func (s *Store) ListDeductionEvents(ctx context.Context, id uuid.UUID) ([]hotline.DeductionEvent, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if _, ok := s.deductions[id]; !ok {
		return nil, notFound("no deduction with id %s", id)
	}
	return cloneEvents(s.events[id]), nil
}

// DeductionCounts implements hotline.Store from the deduction summary: the
// groups of the statuses counting, summed over the statuses.
func (s *Store) DeductionCounts(ctx context.Context, r hotline.MonthRange, counting []hotline.DeductionStatus) ([]hotline.DeductionGroup, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	type key struct {
		m      hotline.Month
		d      string
		points string
	}
	sums := map[key]int64{}
	s.mu.RLock()
	for m, groups := range s.sums.deductions {
		if !r.Contains(m) {
			continue
		}
		for g, n := range groups {
			if slices.Contains(counting, g.status) {
				sums[key{m, g.department, g.points}] += n
			}
		}
	}
	s.mu.RUnlock()
	out := make([]hotline.DeductionGroup, 0, len(sums))
	for k, n := range sums {
		if n > 0 {
			out = append(out, hotline.DeductionGroup{Month: k.m, Department: k.d, Points: decimal.RequireFromString(k.points), Count: n})
		}
	}
	return out, nil
}

// ReplacePeerResults implements hotline.Store.
func (s *Store) ReplacePeerResults(ctx context.Context, rs []hotline.PeerResult) error {
	if err := alive(ctx); err != nil {
		return err
	}
	next := map[hotline.Period]map[string]hotline.PeerResult{}
	for _, r := range rs {
		m := next[r.Period]
		if m == nil {
			m = map[string]hotline.PeerResult{}
			next[r.Period] = m
		}
		if _, dup := m[r.District]; dup {
			return conflict("%s has two results for %s", r.District, r.Period)
		}
		m[r.District] = r
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for p, m := range next {
		s.peers[p] = m
	}
	return nil
}

// ListPeerResults implements hotline.Store.
func (s *Store) ListPeerResults(ctx context.Context, p hotline.Period) ([]hotline.PeerResult, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	out := make([]hotline.PeerResult, 0, len(s.peers[p]))
	for _, r := range s.peers[p] {
		out = append(out, r)
	}
	s.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return out[i].District < out[j].District })
	return out, nil
}
