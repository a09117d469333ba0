package storetest

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// refCounts is the brute-force reference of CaseCounts.
func refCounts(all []*govcase.Case, f govcase.StatsFilter, bounds []time.Time) []govcase.PeriodCount {
	type key struct {
		p int
		k govcase.Kind
	}
	counts := map[key]int64{}
	for _, c := range all {
		if !statsSelects(f, c) {
			continue
		}
		for i := 0; i+1 < len(bounds); i++ {
			if !c.CreatedAt.Before(bounds[i]) && c.CreatedAt.Before(bounds[i+1]) {
				counts[key{i, c.Kind}]++
				break
			}
		}
	}
	out := make([]govcase.PeriodCount, 0, len(counts))
	for k, n := range counts {
		out = append(out, govcase.PeriodCount{Period: k.p, Kind: k.k, Count: n})
	}
	return out
}

// monthBounds returns the 13 bounds of the months of year in loc, in UTC.
func monthBounds(year int, loc *time.Location) []time.Time {
	out := make([]time.Time, 13)
	for i := range out {
		out[i] = time.Date(year, time.Month(i+1), 1, 0, 0, 0, 0, loc).UTC()
	}
	return out
}

// TestCounts checks CaseCounts against a brute-force count over the stats
// fixture, with cases planted on a period's bound (which counts in the
// period it opens), a microsecond before it, and before the first bound
// and on the last (which count in none).
func (cases) TestCounts(t *testing.T, mk storeMaker) {
	ctx, st := t.Context(), mk(t)
	all := statsFixture(t)
	shanghai := time.FixedZone("CST", 8*3600)
	months := monthBounds(2022, shanghai)
	g := newGenerator(t, 20221130)
	for i, at := range []time.Time{months[3], months[3].Add(-time.Microsecond), months[0].Add(-time.Microsecond), months[12]} {
		c := g.next(2022)
		c.Number = govcase.FormatNumber(2022, int64(900001+i)) // apart from the fixture's numbers
		c.CreatedAt = at
		all = append(all, c)
	}
	createAll(t, ctx, st, all)

	rows := []struct {
		name   string
		f      govcase.StatsFilter
		bounds []time.Time
	}{
		{name: "months", bounds: months},
		{name: "months of the year", f: govcase.StatsFilter{Year: 2022}, bounds: months},
		{name: "kind", f: govcase.StatsFilter{Kind: govcase.KindHotline}, bounds: months},
		{name: "department", f: govcase.StatsFilter{Department: "dept02", Year: 2022}, bounds: months},
		{name: "created range inside", f: govcase.StatsFilter{CreatedFrom: createdFromPivot(), CreatedTo: createdToPivot()}, bounds: months},
		{name: "uneven periods", bounds: []time.Time{months[0], months[1].Add(time.Hour), months[9], monthBounds(2023, shanghai)[6]}},
		{name: "one period", bounds: []time.Time{months[0], months[12]}},
	}
	for _, row := range rows {
		t.Run(strings.ReplaceAll(row.name, " ", "_"), func(t *testing.T) {
			want := refCounts(all, row.f, row.bounds)
			if len(want) == 0 {
				t.Fatal("fixture problem: nothing to count")
			}
			got, err := st.CaseCounts(ctx, row.f, row.bounds)
			storetestkit.Must(t, err, "CaseCounts")
			if w, g := periodCounts(want), periodCounts(got); w != g {
				t.Fatalf("CaseCounts:\n got %s\nwant %s", g, w)
			}
		})
	}
}

func periodCounts(pcs []govcase.PeriodCount) string {
	pcs = slices.Clone(pcs)
	slices.SortFunc(pcs, func(a, b govcase.PeriodCount) int {
		return cmp.Or(cmp.Compare(a.Period, b.Period), cmp.Compare(a.Kind, b.Kind))
	})
	parts := make([]string, len(pcs))
	for i, p := range pcs {
		parts[i] = fmt.Sprintf("%d/%s=%d", p.Period, p.Kind, p.Count)
	}
	return strings.Join(parts, " ")
}
