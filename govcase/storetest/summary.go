package storetest

import (
	"fmt"
	"math/rand"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// A Store may answer CaseStats and CaseCounts from summary rows that it
// changes with every write (see govcase.CaseMonth), and then implements
// govops.SummaryKeeper. The cases below hold every Store to the
// brute-force counts after random sequences of writes, concurrent ones
// included, whichever way it answers; a SummaryKeeper must moreover find
// its summaries equal to its cases.

// writer makes random, internally consistent writes of cases through a
// Store, as the Service would make them: a registration, then transitions
// each at a later time than the case's last change, with the version and
// the event the Service would give. Dispatch and reply times are whole
// seconds (see generator.next); every other time has microseconds.
type writer struct {
	tb  testing.TB
	st  govcase.Store
	mu  sync.Mutex // guards rng and ids: goroutines share the writer
	rng *rand.Rand
	ids []uuid.UUID // every case created, in creation order
}

func newWriter(tb testing.TB, st govcase.Store, seed int64) *writer {
	return &writer{tb: tb, st: st, rng: rand.New(rand.NewSource(seed))}
}

// intn returns a random int in [0, n).
func (w *writer) intn(n int) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.rng.Intn(n)
}

// created returns a random creation time: most within the year, some a
// moment either side of a month start in Asia/Shanghai (which is where a
// summary by month in that zone splits), none in the hours around the new
// year, when the year of the number (Shanghai's) and the year of CreatedAt
// in UTC differ (TestYearBoundary's business).
func (w *writer) created(year int) time.Time {
	shanghai := govops.ShanghaiLocation()
	if w.intn(3) == 0 {
		start := time.Date(year, time.Month(2+w.intn(11)), 1, 0, 0, 0, 0, shanghai)
		offsets := []time.Duration{-time.Microsecond, 0, time.Microsecond, -time.Hour, 7*time.Hour + 59*time.Minute, 8 * time.Hour}
		return storetestkit.Micro(start.Add(offsets[w.intn(len(offsets))]))
	}
	from := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	span := int64(364 * 24 * time.Hour / time.Microsecond)
	w.mu.Lock()
	at := from.Add(time.Duration(w.rng.Int63n(span)) * time.Microsecond)
	w.mu.Unlock()
	return at
}

// register creates a new case of 2022 or 2023, numbered by NextSeq.
func (w *writer) register() error {
	ctx := w.tb.Context()
	year := 2022 + w.intn(2)
	n, err := w.st.NextSeq(ctx, year)
	if err != nil {
		return err
	}
	kinds := fixtureKinds()
	at := w.created(year)
	c := &govcase.Case{
		ID: storetestkit.NewID(w.tb), Number: govcase.FormatNumber(year, n), Year: year,
		Kind: kinds[w.intn(len(kinds))], Category: govcase.CategoryComplaint, Priority: govcase.PriorityNormal,
		Source: govcase.SourcePhone, Title: "事项", Status: govcase.StatusRegistered,
		CreatedAt: at, UpdatedAt: at, Version: 1,
	}
	if err := w.st.CreateCase(ctx, c, []govcase.Event{event(w.tb, c, govcase.EventRegistered, "")}); err != nil {
		return err
	}
	w.mu.Lock()
	w.ids = append(w.ids, c.ID)
	w.mu.Unlock()
	return nil
}

// pick returns a random case created so far.
func (w *writer) pick() uuid.UUID {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.ids[w.rng.Intn(len(w.ids))]
}

// transition reads case id and writes one random change that its status
// allows. A concurrent writer may win: that is ECONFLICT, which the caller
// decides about.
func (w *writer) transition(id uuid.UUID) error {
	ctx := w.tb.Context()
	cur, err := w.st.GetCase(ctx, id)
	if err != nil {
		return err
	}
	next, typ := w.change(*cur)
	next.Version = cur.Version + 1
	return w.st.UpdateCase(ctx, &next, []govcase.Event{event(w.tb, &next, typ, cur.Status)})
}

// change returns c changed by one random action its status allows, at a
// random later time, and the type of its event.
func (w *writer) change(c govcase.Case) (govcase.Case, govcase.EventType) {
	w.mu.Lock()
	// Late or on time: 10 minutes to 4 days after the last change, whole
	// seconds, and a random fraction for the times that keep one.
	now := c.UpdatedAt.Truncate(time.Second).Add(time.Duration(600+w.rng.Int63n(4*24*3600)) * time.Second)
	frac := time.Duration(w.rng.Int63n(1_000_000)) * time.Microsecond
	roll := w.rng.Intn(100)
	depts := fixtureDepartments()
	dept := depts[w.rng.Intn(len(depts))]
	days := time.Duration(1+w.rng.Intn(6)) * 24 * time.Hour
	kinds := fixtureKinds()
	kind := kinds[w.rng.Intn(len(kinds))]
	w.mu.Unlock()

	dispatch := func() {
		c.Department = dept
		c.DispatchedAt = now
		c.AcceptBy = now.Add(2*time.Hour + frac)
		c.ResolveBy = now.Add(days + frac)
		c.AcceptedAt, c.RepliedAt, c.ClosedAt = time.Time{}, time.Time{}, time.Time{}
		c.Status = govcase.StatusDispatched
	}
	c.UpdatedAt = now.Add(frac)
	typ := govcase.EventCommented
	switch {
	case roll < 4:
		// A correction no action of the Service makes, but which a Store
		// must count right all the same: another kind, or another
		// creation time (maybe across a month start).
		if roll < 2 {
			c.Kind = kind
		} else {
			c.CreatedAt = w.created(c.Year)
		}
	case roll < 10 && (c.Status == govcase.StatusDispatched || c.Status == govcase.StatusAccepted):
		typ = govcase.EventUrged
		c.UrgeCount++
	case roll < 18 && (c.Status == govcase.StatusDispatched || c.Status == govcase.StatusAccepted):
		// A new deadline (an approved extension, or one counted again
		// once a calendar notice is out) turns a late reply or
		// acceptance on time, or the other way round.
		typ = govcase.EventExtensionApproved
		c.AcceptBy = c.AcceptBy.Add(-time.Hour)
		c.ResolveBy = c.ResolveBy.Add(days)
	case roll < 24 && govcase.Allowed(govcase.ActionCancel, c.Status):
		typ = govcase.EventCancelled
		if c.Status == govcase.StatusRegistered || c.Status == govcase.StatusReturned {
			c.Department = ""
		}
		c.Status = govcase.StatusCancelled
	case roll < 32 && govcase.Allowed(govcase.ActionReturn, c.Status):
		typ = govcase.EventReturned
		c.ReturnCount++
		c.AcceptedAt = time.Time{}
		c.Status = govcase.StatusReturned
	case roll < 40 && govcase.Allowed(govcase.ActionReopen, c.Status):
		typ = govcase.EventReopened
		c.RedoCount++
		c.Reply = ""
		dispatch()
	case govcase.Allowed(govcase.ActionDispatch, c.Status):
		typ = govcase.EventDispatched
		dispatch()
	case c.Status == govcase.StatusDispatched:
		typ = govcase.EventAccepted
		c.AcceptedAt = now.Add(frac)
		c.Status = govcase.StatusAccepted
	case c.Status == govcase.StatusAccepted:
		typ = govcase.EventReplied
		c.RepliedAt = now
		c.Reply = "已办理"
		c.Status = govcase.StatusReplied
	case c.Status == govcase.StatusReplied:
		typ = govcase.EventClosed
		c.ClosedAt = now.Add(frac)
		c.Status = govcase.StatusClosed
	}
	return c, typ
}

// sequence makes n random writes one after the other: registrations (the
// first one always), and transitions of random cases.
func (w *writer) sequence(n int) {
	w.tb.Helper()
	for i := range n {
		if len(w.ids) == 0 || w.intn(3) == 0 {
			storetestkit.Must(w.tb, w.register(), "register a case")
			continue
		}
		storetestkit.Must(w.tb, w.transition(w.pick()), fmt.Sprintf("write %d of a sequence", i))
	}
}

// concurrent has goroutines write at once: some register cases, the others
// change a few cases, several goroutines the same case, so that some lose
// with ECONFLICT, which is fine; any other error is not.
func (w *writer) concurrent(goroutines, each int) {
	w.tb.Helper()
	hot := []uuid.UUID{w.pick(), w.pick(), w.pick()}
	errs := make(chan error, goroutines*each)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for range each {
				var err error
				if g%4 == 0 {
					err = w.register()
				} else {
					err = w.transition(hot[w.intn(len(hot))])
				}
				if err != nil && govops.ErrorCode(err) != govops.ECONFLICT {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		w.tb.Fatalf("concurrent writes: %v", err)
	}
}

// summaryStatsFilters are the CaseStats filters checked after every
// sequence: the ones a summary by year and month in Asia/Shanghai can
// answer, and ones whose creation bounds fall inside a month there.
func summaryStatsFilters() map[string]govcase.StatsFilter {
	sh := govops.ShanghaiLocation()
	month := func(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, sh).UTC() }
	return map[string]govcase.StatsFilter{
		"all":                       {},
		"year 2022":                 {Year: 2022},
		"year 2023":                 {Year: 2023},
		"kind":                      {Kind: govcase.KindHotline},
		"department":                {Department: "dept02"},
		"year kind department":      {Year: 2022, Kind: govcase.KindITOps, Department: "dept01"},
		"months":                    {CreatedFrom: month(2022, 3), CreatedTo: month(2022, 7)},
		"months across the year":    {CreatedFrom: month(2022, 12), CreatedTo: month(2023, 2), Kind: govcase.KindPortal},
		"from a month":              {CreatedFrom: month(2023, 5)},
		"to a month":                {CreatedTo: month(2022, 10), Department: "dept03"},
		"a month of a year":         {Year: 2023, CreatedFrom: month(2023, 8), CreatedTo: month(2023, 9)},
		"from inside a month":       {CreatedFrom: month(2022, 3).Add(time.Microsecond), CreatedTo: month(2022, 7)},
		"to inside a month":         {CreatedFrom: month(2022, 3), CreatedTo: month(2022, 7).Add(-time.Microsecond)},
		"UTC months":                {CreatedFrom: time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC), CreatedTo: time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)},
		"mid-month range of a kind": {CreatedFrom: month(2022, 5).Add(14 * 24 * time.Hour), CreatedTo: month(2023, 5).Add(time.Hour), Kind: govcase.KindHotline},
	}
}

// summaryCountQuery is a CaseCounts query checked after every sequence.
type summaryCountQuery struct {
	f      govcase.StatsFilter
	bounds []time.Time
}

// summaryCountQueries are the CaseCounts queries checked after every
// sequence: months and quarters in Asia/Shanghai, as Service.MonthlyCounts
// asks with its default calendar, and bounds inside months.
func summaryCountQueries() map[string]summaryCountQuery {
	sh := govops.ShanghaiLocation()
	month := func(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, sh).UTC() }
	quarters := []time.Time{month(2022, 1), month(2022, 4), month(2022, 7), month(2022, 10), month(2023, 1), month(2023, 4)}
	return map[string]summaryCountQuery{
		"months of 2022":                {govcase.StatsFilter{Year: 2022}, monthBounds(2022, sh)},
		"months of 2023, every year":    {govcase.StatsFilter{}, monthBounds(2023, sh)},
		"months of a kind":              {govcase.StatsFilter{Year: 2023, Kind: govcase.KindITOps}, monthBounds(2023, sh)},
		"months of a department":        {govcase.StatsFilter{Year: 2022, Department: "dept04"}, monthBounds(2022, sh)},
		"quarters, created range":       {govcase.StatsFilter{CreatedFrom: month(2022, 5), CreatedTo: month(2023, 2)}, quarters},
		"quarters, created inside":      {govcase.StatsFilter{CreatedFrom: month(2022, 5).Add(time.Hour)}, quarters},
		"UTC months":                    {govcase.StatsFilter{Year: 2022}, monthBounds(2022, time.UTC)},
		"bounds inside months":          {govcase.StatsFilter{}, []time.Time{month(2022, 2).Add(time.Microsecond), month(2022, 6), month(2023, 1).Add(-time.Hour)}},
		"one period over the two years": {govcase.StatsFilter{}, []time.Time{month(2022, 1), month(2024, 1)}},
	}
}

// requireCounts checks CaseStats and CaseCounts on every filter against
// brute-force counts of the cases the store lists, and, when the store
// keeps summaries, that they equal its cases.
func requireCounts(t *testing.T, st govcase.Store, when string) {
	t.Helper()
	ctx := t.Context()
	all, err := st.ListCases(ctx, govcase.Filter{})
	storetestkit.Must(t, err, "ListCases "+when)
	for name, f := range summaryStatsFilters() {
		got, err := st.CaseStats(ctx, f)
		storetestkit.Must(t, err, "CaseStats "+name+" "+when)
		want := refStats(all, f)
		var problems []string
		wg, gg := sortedGroups(want.Groups), sortedGroups(got.Groups)
		want.Groups, got.Groups = nil, nil
		problems = append(problems, storetestkit.Diff(want, got)...)
		if groups(wg) != groups(gg) {
			problems = append(problems, fmt.Sprintf("Groups:\n   got %s\n  want %s", groups(gg), groups(wg)))
		}
		if len(problems) > 0 {
			t.Fatalf("CaseStats of %q %s differs from a brute-force count of the %d listed cases:\n  %s",
				name, when, len(all), strings.Join(problems, "\n  "))
		}
	}
	for name, q := range summaryCountQueries() {
		got, err := st.CaseCounts(ctx, q.f, q.bounds)
		storetestkit.Must(t, err, "CaseCounts "+name+" "+when)
		if w, g := periodCounts(refCounts(all, q.f, q.bounds)), periodCounts(got); w != g {
			t.Fatalf("CaseCounts of %q %s differs from a brute-force count of the %d listed cases:\n got %s\nwant %s",
				name, when, len(all), g, w)
		}
	}
	if keeper, ok := st.(govops.SummaryKeeper); ok {
		rep, err := keeper.RepairSummaries(ctx, false)
		storetestkit.Must(t, err, "RepairSummaries "+when)
		if !rep.Clean() {
			t.Fatalf("RepairSummaries %s found summaries that differ from the cases:\n%s", when, rep)
		}
	}
}

// TestSummaries runs random sequences of writes (registrations, dispatches,
// acceptances, returns, replies, closings, reopenings, cancellations,
// urgings, new deadlines, and corrections of kind and creation time), each
// followed by writes from goroutines at once, and after every sequence
// checks CaseStats and CaseCounts on filters a summary by month can answer
// and filters it cannot against a brute-force count of the listed cases;
// a Store that implements govops.SummaryKeeper must also find its
// summaries clean.
func (cases) TestSummaries(t *testing.T, mk storeMaker) {
	st := mk(t)
	w := newWriter(t, st, 20221231)
	sequences := storetestkit.Scale(3, 6)
	for i := range sequences {
		w.sequence(30)
		requireCounts(t, st, fmt.Sprintf("after sequence %d", i+1))
		w.concurrent(8, 4)
		requireCounts(t, st, fmt.Sprintf("after the concurrent writes of sequence %d", i+1))
	}
}

// TestSummaryRepairClean checks that a repair of the summaries of a store
// whose summaries nobody corrupted finds nothing to repair, changes
// nothing, and leaves the statistics as they were. It applies to a Store
// that implements govops.SummaryKeeper. (Whether the statistics are right
// is TestSummaries' business.)
func (cases) TestSummaryRepairClean(t *testing.T, mk storeMaker) {
	ctx, st := t.Context(), mk(t)
	keeper, ok := st.(govops.SummaryKeeper)
	if !ok {
		t.Skipf("%T keeps no summaries: it does not implement govops.SummaryKeeper", st)
	}
	w := newWriter(t, st, 7)
	w.sequence(40)
	w.concurrent(4, 3)
	before, err := st.CaseStats(ctx, govcase.StatsFilter{})
	storetestkit.Must(t, err, "CaseStats")
	rep, err := keeper.RepairSummaries(ctx, true)
	storetestkit.Must(t, err, "RepairSummaries(repair)")
	if !rep.Clean() || len(rep.Summaries) == 0 {
		t.Fatalf("a repair of clean summaries found differences (or no summary):\n%s", rep)
	}
	for _, s := range rep.Summaries {
		if s.Repaired || s.Groups == 0 {
			t.Fatalf("summary %s: %d groups, repaired %v; want the groups of the cases, nothing repaired", s.Name, s.Groups, s.Repaired)
		}
	}
	after, err := st.CaseStats(ctx, govcase.StatsFilter{})
	storetestkit.Must(t, err, "CaseStats after the repair")
	requireEqualStats(t, before, after)
	rep, err = keeper.RepairSummaries(ctx, false)
	storetestkit.Must(t, err, "RepairSummaries after the repair")
	if !rep.Clean() {
		t.Fatalf("the summaries differ from the cases after a repair that found nothing:\n%s", rep)
	}
}
