package storetest_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/license"
	"github.com/govops-kit/govops/license/licensemem"
	"github.com/govops-kit/govops/license/storetest"
)

// TestBrokenStoresAreCaught runs the suite over stores that each break one
// rule of license.Store, as a store written from the contract by hand
// might, and requires that the suite fails in the case written for that
// rule, and in no other.
func TestBrokenStoresAreCaught(t *testing.T) {
	storetestkit.RequireCaught(t, storetest.RunConformanceTests, []storetestkit.Broken[license.Store]{
		{Name: "IgnoresVersion", CaughtBy: "Versions", Make: func() license.Store { return ignoresVersion{licensemem.New()} }},
		{Name: "DropsUpdateEvents", CaughtBy: "Trail", Make: func() license.Store { return dropsUpdateEvents{licensemem.New()} }},
		{Name: "IgnoresExclusive", CaughtBy: "Exclusive", Make: func() license.Store {
			return &ignoresExclusive{Store: licensemem.New(), marked: map[uuid.UUID]bool{}}
		}},
		{Name: "WriterLeaksBeforeCommit", CaughtBy: "Import", Make: func() license.Store {
			return &leakyWriter{Store: licensemem.New(), ghosts: map[uuid.UUID]license.Record{}}
		}},
		{Name: "UpdateIgnoresCancellation", CaughtBy: "Cancellation", Make: func() license.Store {
			return updateIgnoresCancellation{licensemem.New()}
		}},
		{Name: "RecordsAfterIncluded", CaughtBy: "RecordListing", Make: func() license.Store { return afterIncluded{licensemem.New()} }},
		{Name: "FactsAnyTemplate", CaughtBy: "Facts", Make: func() license.Store { return factsAnyTemplate{licensemem.New()} }},
		{Name: "ReissueUncounted", CaughtBy: "Summaries", Make: func() license.Store {
			return &reissueUncounted{Store: licensemem.New(), reissued: map[uuid.UUID]bool{}}
		}},
	})
}

// ignoresVersion writes a type or a record over whatever version is
// stored: last writer wins, as an UPDATE without "AND version = ?" does.
type ignoresVersion struct{ *licensemem.Store }

func (s ignoresVersion) UpdateType(ctx context.Context, t *license.Type, events []license.Event) error {
	if cur, err := s.Store.Type(ctx, t.Code); err == nil {
		next := *t
		next.Version = cur.Version + 1
		t = &next
	}
	return s.Store.UpdateType(ctx, t, events)
}

func (s ignoresVersion) UpdateRecord(ctx context.Context, r *license.Record, events []license.Event) error {
	if cur, err := s.Store.Record(ctx, r.ID); err == nil {
		next := *r
		next.Version = cur.Version + 1
		r = &next
	}
	return s.Store.UpdateRecord(ctx, r, events)
}

// dropsUpdateEvents stores every change but not the events that record it.
type dropsUpdateEvents struct{ *licensemem.Store }

func (s dropsUpdateEvents) UpdateType(ctx context.Context, t *license.Type, _ []license.Event) error {
	return s.Store.UpdateType(ctx, t, nil)
}

func (s dropsUpdateEvents) UpdateClaim(ctx context.Context, c *license.Claim, _ []license.Event) error {
	return s.Store.UpdateClaim(ctx, c, nil)
}

func (s dropsUpdateEvents) UpdateTemplates(ctx context.Context, ts []*license.Template, _ []license.Event) error {
	return s.Store.UpdateTemplates(ctx, ts, nil)
}

func (s dropsUpdateEvents) PutSchema(ctx context.Context, sc *license.Schema, events []license.Event) error {
	if sc.Version > 1 {
		events = nil
	}
	return s.Store.PutSchema(ctx, sc, events)
}

func (s dropsUpdateEvents) UpdateRecord(ctx context.Context, r *license.Record, _ []license.Event) error {
	return s.Store.UpdateRecord(ctx, r, nil)
}

func (s dropsUpdateEvents) Reissue(ctx context.Context, prev *license.Record, _ []license.Event, next license.Record) error {
	return s.Store.Reissue(ctx, prev, nil, next)
}

// ignoresExclusive stores every record it is given as if it were not
// exclusive, remembering which were, so that they read back as given but
// never count toward the rule of one valid record per holder.
type ignoresExclusive struct {
	*licensemem.Store
	mu     sync.Mutex
	marked map[uuid.UUID]bool
}

func (s *ignoresExclusive) hide(r license.Record) *license.Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.marked[r.ID] = r.Exclusive
	r.Exclusive = false
	return &r
}

func (s *ignoresExclusive) show(rs ...*license.Record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range rs {
		if s.marked[r.ID] {
			r.Exclusive = true
		}
	}
}

func (s *ignoresExclusive) CreateRecord(ctx context.Context, r license.Record) error {
	return s.Store.CreateRecord(ctx, *s.hide(r))
}

func (s *ignoresExclusive) UpdateRecord(ctx context.Context, r *license.Record, events []license.Event) error {
	return s.Store.UpdateRecord(ctx, s.hide(*r), events)
}

func (s *ignoresExclusive) Reissue(ctx context.Context, prev *license.Record, events []license.Event, next license.Record) error {
	return s.Store.Reissue(ctx, s.hide(*prev), events, *s.hide(next))
}

func (s *ignoresExclusive) Record(ctx context.Context, id uuid.UUID) (*license.Record, error) {
	r, err := s.Store.Record(ctx, id)
	if err == nil {
		s.show(r)
	}
	return r, err
}

func (s *ignoresExclusive) RecordByIdentifier(ctx context.Context, identifier string) (*license.Record, error) {
	r, err := s.Store.RecordByIdentifier(ctx, identifier)
	if err == nil {
		s.show(r)
	}
	return r, err
}

func (s *ignoresExclusive) Records(ctx context.Context, f license.RecordFilter, after uuid.UUID, limit int) ([]license.Record, error) {
	rs, err := s.Store.Records(ctx, f, after, limit)
	for i := range rs {
		s.show(&rs[i])
	}
	return rs, err
}

// leakyWriter's imports write each record where readers see it at once,
// as a writer does that commits every chunk, and never take it back.
type leakyWriter struct {
	*licensemem.Store
	mu     sync.Mutex
	ghosts map[uuid.UUID]license.Record // written by an import, by ID
}

func (s *leakyWriter) BeginImport(ctx context.Context) (license.RecordWriter, error) {
	w, err := s.Store.BeginImport(ctx)
	if err != nil {
		return nil, err
	}
	return leak{RecordWriter: w, s: s}, nil
}

type leak struct {
	license.RecordWriter
	s *leakyWriter
}

func (w leak) Write(ctx context.Context, rs []license.Record) ([]license.Refusal, error) {
	refused, err := w.RecordWriter.Write(ctx, rs)
	if err != nil {
		return refused, err
	}
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	for i, r := range rs {
		if !slices.ContainsFunc(refused, func(ref license.Refusal) bool { return ref.Index == i }) {
			w.s.ghosts[r.ID] = r
		}
	}
	return refused, nil
}

func (s *leakyWriter) ghost(match func(license.Record) bool) (*license.Record, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.ghosts {
		if match(r) {
			return &r, true
		}
	}
	return nil, false
}

func (s *leakyWriter) Record(ctx context.Context, id uuid.UUID) (*license.Record, error) {
	r, err := s.Store.Record(ctx, id)
	if govops.ErrorCode(err) == govops.ENOTFOUND {
		if g, ok := s.ghost(func(r license.Record) bool { return r.ID == id }); ok {
			return g, nil
		}
	}
	return r, err
}

func (s *leakyWriter) RecordByIdentifier(ctx context.Context, identifier string) (*license.Record, error) {
	r, err := s.Store.RecordByIdentifier(ctx, identifier)
	if govops.ErrorCode(err) == govops.ENOTFOUND {
		if g, ok := s.ghost(func(r license.Record) bool { return r.Identifier == identifier }); ok {
			return g, nil
		}
	}
	return r, err
}

// updateIgnoresCancellation writes a change after its caller has given up.
type updateIgnoresCancellation struct{ *licensemem.Store }

func (s updateIgnoresCancellation) UpdateRecord(ctx context.Context, r *license.Record, events []license.Event) error {
	return s.Store.UpdateRecord(context.WithoutCancel(ctx), r, events)
}

// afterIncluded starts a page of records at its key rather than after it,
// as a query written with >= does.
type afterIncluded struct{ *licensemem.Store }

func (s afterIncluded) Records(ctx context.Context, f license.RecordFilter, after uuid.UUID, limit int) ([]license.Record, error) {
	rs, err := s.Store.Records(ctx, f, uuid.Nil, 0)
	rs = slices.DeleteFunc(rs, func(r license.Record) bool { return storetestkit.CompareID(r.ID, after) < 0 })
	if limit > 0 && len(rs) > limit {
		rs = rs[:limit]
	}
	return rs, err
}

// factsAnyTemplate counts a type with any template as having an approved
// one.
type factsAnyTemplate struct{ *licensemem.Store }

func (s factsAnyTemplate) Facts(ctx context.Context) (*license.Facts, error) {
	f, err := s.Store.Facts(ctx)
	if err != nil {
		return nil, err
	}
	for i := range f.Types {
		ts, err := s.Store.Templates(ctx, f.Types[i].Code)
		if err != nil {
			return nil, err
		}
		f.Types[i].ApprovedTemplate = len(ts) > 0
	}
	return f, nil
}

// reissueUncounted leaves the record a reissue stores out of Facts' counts,
// as a store whose Reissue forgot its summary's delta would.
type reissueUncounted struct {
	*licensemem.Store
	mu       sync.Mutex
	reissued map[uuid.UUID]bool
}

func (s *reissueUncounted) Reissue(ctx context.Context, prev *license.Record, events []license.Event, next license.Record) error {
	err := s.Store.Reissue(ctx, prev, events, next)
	if err == nil {
		s.mu.Lock()
		s.reissued[next.ID] = true
		s.mu.Unlock()
	}
	return err
}

func (s *reissueUncounted) Facts(ctx context.Context) (*license.Facts, error) {
	f, err := s.Store.Facts(ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for id := range s.reissued {
		r, err := s.Store.Record(ctx, id)
		if err != nil {
			return nil, err
		}
		for i := range f.Records {
			if f.Records[i].Type == r.Type && f.Records[i].Department == r.Department {
				f.Records[i].Records--
			}
		}
	}
	f.Records = slices.DeleteFunc(f.Records, func(c license.RecordCount) bool { return c.Records == 0 })
	return f, nil
}
