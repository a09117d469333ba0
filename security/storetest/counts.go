package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/security"
)

// countsDepts are the units of the counts' records: the center's own ("")
// and codes that differ in case only, which a store tells apart.
func countsDepts() []string { return []string{"", "lbq-scjg", "LBQ-SCJG", "lbq-gaj"} }

// countsTime returns a random instant from mid-2021 to mid-2023, often
// just before or at the first instant of a year or a day in Asia/Shanghai
// (still the day before in UTC), and now and then the zero time.
func countsTime(r *rand.Rand) time.Time {
	sh := govops.ShanghaiLocation()
	switch r.IntN(10) {
	case 0:
		return time.Time{}
	case 1:
		return time.Date(2022+r.IntN(2), 1, 1, 0, 0, 0, 0, sh).Add(-time.Duration(r.IntN(2)) * time.Microsecond)
	case 2:
		return time.Date(2022, time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, sh)
	}
	start := time.Date(2021, 6, 1, 0, 0, 0, 0, sh)
	return storetestkit.Micro(start.Add(time.Duration(r.Int64N(int64(730 * 24 * time.Hour)))))
}

// countsStatus gives h a random status and verification: verified at a
// time (or at none), or not verified, with a VerifiedAt left over from a
// re-test now and then, which a store counts by the status alone.
func countsStatus(r *rand.Rand, h *security.Hardening) {
	h.Status = pick(r, security.HardeningOpen, security.HardeningRemediated, security.HardeningVerified, security.HardeningVerified)
	h.VerifiedAt = time.Time{}
	switch {
	case h.Status == security.HardeningVerified && r.IntN(8) > 0:
		h.VerifiedAt = countsTime(r)
	case h.Status != security.HardeningVerified && r.IntN(4) == 0:
		h.VerifiedAt = countsTime(r)
	}
}

// countsRecord returns a random hardening record at version 1, of a
// source of its own (so that no two collide), of a kind and a severity
// the package knows or not.
func countsRecord(tb testing.TB, r *rand.Rand) security.Hardening {
	h := newHardening(tb, 1+r.IntN(9))
	h.Department = pick(r, countsDepts()...)
	h.Kind = pick(r, append(security.FindingKinds(), "legacy_kind")...)
	h.Severity = pick(r, append(security.Severities(), "unrated")...)
	h.FoundOn = countsTime(r)
	countsStatus(r, &h)
	return h
}

// countsChange changes what the counts group h by: it verifies it or
// reopens it, moves when it was found, or gives it to another unit, kind
// or severity.
func countsChange(r *rand.Rand, h *security.Hardening) {
	switch r.IntN(4) {
	case 0:
		countsStatus(r, h)
	case 1:
		h.FoundOn = countsTime(r)
	case 2:
		h.Department = pick(r, countsDepts()...)
	default:
		h.Kind, h.Severity = pick(r, security.FindingKinds()...), pick(r, security.Severities()...)
	}
	h.Version++
	h.UpdatedAt = at(int(h.Version))
}

// countsInspection returns an inspection at version 1 of a random unit on
// a random date.
func countsInspection(tb testing.TB, r *rand.Rand) security.Inspection {
	in := newInspection(tb, pick(r, countsDepts()...), 0)
	in.Date = countsTime(r)
	return in
}

// countsOf counts hs as HardeningCounts does, of dept ("" all).
func countsOf(hs []security.Hardening, dept string) []security.HardeningCount {
	type key struct {
		kind     security.FindingKind
		severity security.Severity
		fy, vy   int
	}
	by := map[key]int64{}
	for i := range hs {
		h := &hs[i]
		if dept == "" || h.Department == dept {
			by[key{h.Kind, h.Severity, h.FoundYear(), h.VerifiedYear()}]++
		}
	}
	var out []security.HardeningCount
	for k, n := range by {
		out = append(out, security.HardeningCount{Kind: k.kind, Severity: k.severity, FoundYear: k.fy, VerifiedYear: k.vy, Count: n})
	}
	return out
}

// daysOf counts hs as HardeningDays does, of dept ("" all) and the days
// [from, to).
func daysOf(hs []security.Hardening, dept string, from, to time.Time) []security.HardeningDay {
	type key struct {
		severity security.Severity
		day      int64
		vy       int
	}
	by := map[key]int64{}
	for i := range hs {
		h := &hs[i]
		d := h.FoundDay()
		if (dept == "" || h.Department == dept) && !d.IsZero() && !d.Before(from) && d.Before(to) {
			by[key{h.Severity, d.Unix(), h.VerifiedYear()}]++
		}
	}
	var out []security.HardeningDay
	for k, n := range by {
		out = append(out, security.HardeningDay{Severity: k.severity, FoundDay: time.Unix(k.day, 0).UTC(), VerifiedYear: k.vy, Count: n})
	}
	return out
}

func countKey(c security.HardeningCount) string {
	return fmt.Sprintf("%s|%s|%d|%d", c.Kind, c.Severity, c.FoundYear, c.VerifiedYear)
}

func dayKey(d security.HardeningDay) string {
	return fmt.Sprintf("%s|%d|%d", d.Severity, d.FoundDay.Unix(), d.VerifiedYear)
}

// requireCounts checks HardeningCounts, HardeningDays and
// CountInspections against counts of the listings, and, when st keeps
// summaries, that they equal its records.
func requireCounts(t *testing.T, st security.Store, when string) {
	t.Helper()
	ctx := t.Context()
	hs, err := st.Hardenings(ctx, security.HardeningFilter{}, uuid.Nil, 0)
	storetestkit.Must(t, err, "Hardenings "+when)
	sh := govops.ShanghaiLocation()
	windows := map[string][2]time.Time{
		"Years":     {time.Date(2020, 1, 1, 0, 0, 0, 0, sh), time.Date(2025, 1, 1, 0, 0, 0, 0, sh)},
		"180 days":  {time.Date(2022, 7, 5, 0, 0, 0, 0, sh), time.Date(2023, 1, 1, 0, 0, 0, 0, sh)},
		"Unaligned": {time.Date(2022, 3, 1, 12, 0, 0, 0, sh), time.Date(2022, 9, 30, 7, 0, 0, 0, time.UTC)},
	}
	for _, dept := range append(countsDepts(), "lbq-none") {
		got, err := st.HardeningCounts(ctx, dept)
		storetestkit.Must(t, err, "HardeningCounts "+when)
		storetestkit.RequireGroups(t, countsOf(hs, dept), got, countKey, fmt.Sprintf("HardeningCounts of %q %s", dept, when))
		for name, w := range windows {
			got, err := st.HardeningDays(ctx, dept, w[0], w[1])
			storetestkit.Must(t, err, "HardeningDays "+when)
			storetestkit.RequireGroups(t, daysOf(hs, dept, w[0], w[1]), got, dayKey,
				fmt.Sprintf("HardeningDays of %q, %s, %s", dept, name, when))
		}
	}
	for name, f := range map[string]security.InspectionFilter{
		"All":        {},
		"Year":       {From: time.Date(2022, 1, 1, 0, 0, 0, 0, sh), To: time.Date(2023, 1, 1, 0, 0, 0, 0, sh)},
		"Months":     {From: time.Date(2022, 3, 1, 0, 0, 0, 0, sh), To: time.Date(2022, 5, 1, 0, 0, 0, 0, sh)},
		"From":       {From: time.Date(2022, 7, 1, 0, 0, 0, 0, sh)},
		"To":         {To: time.Date(2022, 7, 1, 0, 0, 0, 0, sh)},
		"Unaligned":  {From: time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2022, 12, 31, 16, 0, 0, 1000, time.UTC)},
		"Department": {Department: "lbq-scjg", From: time.Date(2022, 1, 1, 0, 0, 0, 0, sh), To: time.Date(2023, 1, 1, 0, 0, 0, 0, sh)},
	} {
		xs, err := st.Inspections(ctx, f, uuid.Nil, 0)
		storetestkit.Must(t, err, "Inspections "+when)
		n, err := st.CountInspections(ctx, f)
		storetestkit.Must(t, err, "CountInspections "+when)
		if n != int64(len(xs)) {
			t.Fatalf("CountInspections %s %s = %d; the listing holds %d", name, when, n, len(xs))
		}
	}
	requireSummariesClean(t, st, when)
}

// requireSummariesClean fails t unless st, if it keeps summaries, finds
// them equal to its records.
func requireSummariesClean(t *testing.T, st security.Store, when string) {
	t.Helper()
	k, ok := st.(govops.SummaryKeeper)
	if !ok {
		return
	}
	rep, err := k.RepairSummaries(t.Context(), false)
	storetestkit.Must(t, err, "RepairSummaries "+when)
	if !rep.Clean() || len(rep.Summaries) == 0 {
		t.Fatalf("RepairSummaries %s: the summaries differ from the records (or there are none):\n%s", when, rep)
	}
}

// countsWriter writes the random sequences of TestCounts.
type countsWriter struct {
	t  *testing.T
	st security.Store
	r  *rand.Rand
	mu sync.Mutex // guards r in a concurrent round
}

func (w *countsWriter) rand(fn func(r *rand.Rand)) {
	w.mu.Lock()
	defer w.mu.Unlock()
	fn(w.r)
}

// stored returns the IDs of every stored record and inspection.
func (w *countsWriter) stored(ctx context.Context) (hs, xs []uuid.UUID) {
	all, err := w.st.Hardenings(ctx, security.HardeningFilter{}, uuid.Nil, 0)
	storetestkit.Must(w.t, err, "Hardenings")
	for _, h := range all {
		hs = append(hs, h.ID)
	}
	ins, err := w.st.Inspections(ctx, security.InspectionFilter{}, uuid.Nil, 0)
	storetestkit.Must(w.t, err, "Inspections")
	for _, in := range ins {
		xs = append(xs, in.ID)
	}
	return hs, xs
}

// step runs one write of a sequence and returns its error: a batch of
// records at once (an import), one record, a change of a stored record,
// an inspection, or a change of a stored inspection.
func (w *countsWriter) step(ctx context.Context, hs, xs []uuid.UUID) error {
	var kind int
	w.rand(func(r *rand.Rand) { kind = r.IntN(5) })
	switch {
	case kind == 0 || (kind == 2 && len(hs) == 0):
		var batch []security.Hardening
		w.rand(func(r *rand.Rand) {
			for range 1 + r.IntN(25) {
				batch = append(batch, countsRecord(w.t, r))
			}
		})
		return w.st.CreateHardenings(ctx, batch, nil)
	case kind == 1:
		var h security.Hardening
		w.rand(func(r *rand.Rand) { h = countsRecord(w.t, r) })
		ev := event(w.t, h.ID, 1, security.EventHardeningOpened, "", string(h.Status))
		return w.st.CreateHardenings(ctx, []security.Hardening{h}, []security.Event{ev})
	case kind == 2:
		var id uuid.UUID
		w.rand(func(r *rand.Rand) { id = pick(r, hs...) })
		h, err := w.st.Hardening(ctx, id)
		if err != nil {
			return err
		}
		w.rand(func(r *rand.Rand) { countsChange(r, h) })
		return w.st.UpdateHardening(ctx, h, nil)
	case kind == 3 || len(xs) == 0:
		var in security.Inspection
		w.rand(func(r *rand.Rand) { in = countsInspection(w.t, r) })
		return w.st.CreateInspection(ctx, &in, nil)
	default:
		var id uuid.UUID
		w.rand(func(r *rand.Rand) { id = pick(r, xs...) })
		in, err := w.st.Inspection(ctx, id)
		if err != nil {
			return err
		}
		w.rand(func(r *rand.Rand) {
			in.Date, in.Department = countsTime(r), pick(r, countsDepts()...)
		})
		in.Version++
		return w.st.UpdateInspection(ctx, in, nil)
	}
}

// TestCounts checks HardeningCounts, HardeningDays and CountInspections
// after each of several random sequences of writes: records created one at
// a time and in batches (an import), changes that move a record between
// groups (verified, reopened, found on another day, of another unit, kind
// or severity; a VerifiedAt left on a record not verified counting for
// nothing), inspections recorded and moved, and rounds of writers at once,
// several on the same record, the losers refused with ECONFLICT. Each
// count must equal a count of the listings (by FoundYear, FoundDay and
// VerifiedYear, across the first instant of a year and of a day in Asia/
// Shanghai); and a store that keeps summaries (govops.SummaryKeeper) must
// find them equal to its records, RepairSummaries without repair clean.
func (cases) TestCounts(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	w := &countsWriter{t: t, st: st, r: rand.New(rand.NewPCG(11, 13))}
	for seq := range 5 {
		for range 6 {
			hs, xs := w.stored(ctx)
			storetestkit.Must(t, w.step(ctx, hs, xs), fmt.Sprintf("a write of sequence %d", seq))
		}
		hs, xs := w.stored(ctx)
		storetestkit.RaceWrites(t, 12, fmt.Sprintf("a concurrent write of sequence %d", seq), func() error {
			return w.step(ctx, hs[:min(len(hs), 3)], xs[:min(len(xs), 2)])
		})
		requireCounts(t, st, fmt.Sprintf("after sequence %d", seq))
	}
}

// TestSummaryRepair checks, on a store that keeps summaries
// (govops.SummaryKeeper), that RepairSummaries over summaries that equal
// the records finds every summary clean, repairs none, and changes no
// count. A store that keeps none skips it.
func (cases) TestSummaryRepair(t *testing.T, mk storeMaker) {
	st := mk(t)
	k, ok := st.(govops.SummaryKeeper)
	if !ok {
		t.Skip("the store keeps no summaries (govops.SummaryKeeper)")
	}
	ctx := t.Context()
	w := &countsWriter{t: t, st: st, r: rand.New(rand.NewPCG(17, 19))}
	for range 20 {
		hs, xs := w.stored(ctx)
		storetestkit.Must(t, w.step(ctx, hs, xs), "a write")
	}
	before, err := st.HardeningCounts(ctx, "")
	storetestkit.Must(t, err, "HardeningCounts")
	for _, repair := range []bool{true, false} {
		rep, err := k.RepairSummaries(ctx, repair)
		storetestkit.Must(t, err, "RepairSummaries")
		if !rep.Clean() || len(rep.Summaries) == 0 {
			t.Fatalf("RepairSummaries(%v) of clean summaries found differences (or no summary):\n%s", repair, rep)
		}
		for _, s := range rep.Summaries {
			if s.Repaired || s.Groups == 0 {
				t.Fatalf("RepairSummaries(%v): %s repaired %v with %d groups; want no repair of the groups it counts", repair, s.Name, s.Repaired, s.Groups)
			}
		}
	}
	after, err := st.HardeningCounts(ctx, "")
	storetestkit.Must(t, err, "HardeningCounts")
	storetestkit.RequireGroups(t, before, after, countKey, "HardeningCounts after a repair of clean summaries")
}
