package storetest_test

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/datashare/datasharemem"
	"github.com/govops-kit/govops/datashare/storetest"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// TestBrokenStoresAreCaught runs the suite over stores that each break one
// rule of datashare.Store, as a store written from the contract by hand
// might, and requires that the suite fails in the case written for that
// rule, and in no other.
func TestBrokenStoresAreCaught(t *testing.T) {
	storetestkit.RequireCaught(t, run, []storetestkit.Broken[datashare.Store]{
		{Name: "IgnoresVersion", CaughtBy: "Catalogs", Make: func() datashare.Store { return ignoresVersion{datasharemem.New()} }},
		{Name: "WriterLeaksBeforeCommit", CaughtBy: "OpenMounts", Make: func() datashare.Store {
			return &leakyWriter{Store: datasharemem.New(), ghosts: map[uuid.UUID][]datashare.Record{}}
		}},
		{Name: "RecordsAfterIncluded", CaughtBy: "RecordListing", Make: func() datashare.Store { return afterIncluded{datasharemem.New()} }},
		{Name: "UpdateRequestIgnoresCancellation", CaughtBy: "Cancellation", Make: func() datashare.Store {
			return updateIgnoresCancellation{datasharemem.New()}
		}},
		{Name: "BatchesByStart", CaughtBy: "BatchListing", Make: func() datashare.Store { return batchesByStart{datasharemem.New()} }},
		{Name: "CatalogsFoldCase", CaughtBy: "CatalogListing", Make: func() datashare.Store { return catalogsFoldCase{datasharemem.New()} }},
		{Name: "MonthsByMountDepartment", CaughtBy: "Summaries", Make: func() datashare.Store { return monthsByMountDepartment{datasharemem.New()} }},
	})
}

// run runs the suite over stores that declare the capability of open
// mounts, as datasharemem's do.
func run(t *testing.T, newHarness storetest.HarnessMaker) {
	storetest.RunConformanceTests(t, func(ctx context.Context, tb testing.TB) (storetest.Harness, error) {
		h, err := newHarness(ctx, tb)
		return capable{h}, err
	})
}

// capable declares CapOpenMounts for the stores of a harness.
type capable struct{ storetest.Harness }

func (capable) Supports(capability string) bool { return capability == storetest.CapOpenMounts }

// ignoresVersion writes an entry over whatever version is stored: last
// writer wins, as an UPDATE without "AND version = ?" does.
type ignoresVersion struct{ *datasharemem.Store }

func (s ignoresVersion) UpdateCatalog(ctx context.Context, c *datashare.Catalog, events []datashare.Event) error {
	if cur, err := s.Store.Catalog(ctx, c.ID); err == nil {
		next := *c
		next.Version = cur.Version + 1
		c = &next
	}
	return s.Store.UpdateCatalog(ctx, c, events)
}

// leakyWriter shows the records a mount wrote as soon as they are written,
// as a writer does that commits each chunk into the table readers read
// without hiding it behind its batch, until the writer's Commit or Abort.
type leakyWriter struct {
	*datasharemem.Store
	mu     sync.Mutex
	ghosts map[uuid.UUID][]datashare.Record // by batch
}

func (s *leakyWriter) BeginMount(ctx context.Context, b datashare.Batch, events []datashare.Event) (datashare.MountWriter, error) {
	w, err := s.Store.BeginMount(ctx, b, events)
	if err != nil {
		return nil, err
	}
	return &leak{MountWriter: w, s: s, batch: b.ID}, nil
}

func (s *leakyWriter) Records(ctx context.Context, catalog uuid.UUID, after datashare.RecordKey, limit int) ([]datashare.Record, error) {
	rs, err := s.Store.Records(ctx, catalog, after, limit)
	if err != nil || limit > 0 || after.Batch != uuid.Nil {
		return rs, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, gs := range s.ghosts {
		for _, g := range gs {
			if g.Catalog == catalog {
				rs = append(rs, g)
			}
		}
	}
	slices.SortFunc(rs, func(a, b datashare.Record) int {
		return cmp.Or(storetestkit.CompareID(a.Batch, b.Batch), cmp.Compare(a.Line, b.Line))
	})
	return rs, nil
}

type leak struct {
	datashare.MountWriter
	s     *leakyWriter
	batch uuid.UUID
}

func (w *leak) Write(ctx context.Context, rs []datashare.Record, at time.Time) error {
	if err := w.MountWriter.Write(ctx, rs, at); err != nil {
		return err
	}
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	w.s.ghosts[w.batch] = append(w.s.ghosts[w.batch], rs...)
	return nil
}

func (w *leak) forget() {
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	delete(w.s.ghosts, w.batch)
}

func (w *leak) Commit(ctx context.Context, b *datashare.Batch, events []datashare.Event, replaced func(*datashare.Batch) (datashare.Event, error)) error {
	w.forget()
	return w.MountWriter.Commit(ctx, b, events, replaced)
}

func (w *leak) Abort(ctx context.Context, b *datashare.Batch, events []datashare.Event) error {
	w.forget()
	return w.MountWriter.Abort(ctx, b, events)
}

// afterIncluded starts a page of records at its key rather than after it,
// as a query written with >= does.
type afterIncluded struct{ *datasharemem.Store }

func (s afterIncluded) Records(ctx context.Context, catalog uuid.UUID, after datashare.RecordKey, limit int) ([]datashare.Record, error) {
	if after.Batch != uuid.Nil && after.Line > 0 {
		after.Line--
	}
	return s.Store.Records(ctx, catalog, after, limit)
}

// updateIgnoresCancellation writes a change after its caller has given up.
type updateIgnoresCancellation struct{ *datasharemem.Store }

func (s updateIgnoresCancellation) UpdateRequest(ctx context.Context, r *datashare.Request, events []datashare.Event) error {
	return s.Store.UpdateRequest(context.WithoutCancel(ctx), r, events)
}

// batchesByStart lists batches in the order they started, not by ID.
type batchesByStart struct{ *datasharemem.Store }

func (s batchesByStart) Batches(ctx context.Context, f datashare.BatchFilter, after uuid.UUID, limit int) ([]datashare.Batch, error) {
	bs, err := s.Store.Batches(ctx, f, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(bs, func(a, b datashare.Batch) int { return a.StartedAt.Compare(b.StartedAt) })
	if after != uuid.Nil {
		i := slices.IndexFunc(bs, func(b datashare.Batch) bool { return b.ID == after })
		bs = bs[i+1:]
	}
	if limit > 0 && len(bs) > limit {
		bs = bs[:limit]
	}
	return bs, nil
}

// catalogsFoldCase orders entries as a case-insensitive collation does.
type catalogsFoldCase struct{ *datasharemem.Store }

func (s catalogsFoldCase) Catalogs(ctx context.Context, f datashare.CatalogFilter, after string, limit int) ([]datashare.Catalog, error) {
	cs, err := s.Store.Catalogs(ctx, f, "", 0)
	if err != nil {
		return nil, err
	}
	fold := func(a, b string) int {
		return cmp.Or(strings.Compare(strings.ToLower(a), strings.ToLower(b)), strings.Compare(a, b))
	}
	slices.SortFunc(cs, func(a, b datashare.Catalog) int { return fold(a.Code, b.Code) })
	if after != "" {
		cs = slices.DeleteFunc(cs, func(c datashare.Catalog) bool { return fold(c.Code, after) <= 0 })
	}
	if limit > 0 && len(cs) > limit {
		cs = cs[:limit]
	}
	return cs, nil
}

// monthsByMountDepartment counts the months of a department's records by
// the department a batch was mounted for, not the entry's as it stands,
// as a month summary that an entry's move to another department does not
// change would.
type monthsByMountDepartment struct{ *datasharemem.Store }

func (s monthsByMountDepartment) MountTotals(ctx context.Context, f datashare.MountFilter) (*datashare.MountTotals, error) {
	t, err := s.Store.MountTotals(ctx, f)
	if err != nil || f.Department == "" {
		return t, err
	}
	all, err := s.Store.MountTotals(ctx, datashare.MountFilter{Status: f.Status})
	if err != nil {
		return nil, err
	}
	entries := map[uuid.UUID]bool{}
	for _, e := range all.Entries {
		entries[e.Catalog] = true
	}
	bs, err := s.Store.Batches(ctx, datashare.BatchFilter{Department: f.Department, Status: datashare.BatchCommitted}, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	months := map[string]int64{}
	for _, b := range bs {
		if entries[b.Catalog] {
			months[datashare.MountMonth(b.FinishedAt)] += b.Mounted
		}
	}
	t.Months = nil
	for mo, n := range months {
		t.Months = append(t.Months, datashare.MonthRecords{Month: mo, Records: n})
	}
	return t, nil
}
