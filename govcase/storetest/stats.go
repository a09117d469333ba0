package storetest

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// refStats is the brute-force reference of CaseStats. It reads the Stats
// doc comments as SQL does: a comparison with an unset deadline is false
// (NULL), so an acceptance without AcceptBy or a reply without ResolveBy is
// never on time, and a reply without DispatchedAt adds no handling time.
func refStats(all []*govcase.Case, f govcase.StatsFilter) govcase.Stats {
	var st govcase.Stats
	type key struct {
		k govcase.Kind
		s govcase.Status
		d string
	}
	counts := map[key]int64{}
	for _, c := range all {
		if !statsSelects(f, c) {
			continue
		}
		counts[key{c.Kind, c.Status, c.Department}]++
		st.Total++
		if !c.DispatchedAt.IsZero() {
			st.Dispatched++
		}
		if !c.AcceptedAt.IsZero() {
			st.Accepted++
			if !c.AcceptBy.IsZero() && (c.AcceptedAt.Before(c.AcceptBy) || c.AcceptedAt.Equal(c.AcceptBy)) {
				st.AcceptedOnTime++
			}
		}
		if !c.RepliedAt.IsZero() {
			st.Replied++
			if !c.ResolveBy.IsZero() && (c.RepliedAt.Before(c.ResolveBy) || c.RepliedAt.Equal(c.ResolveBy)) {
				st.RepliedOnTime++
			}
			if !c.DispatchedAt.IsZero() {
				st.HandlingSeconds += int64(c.RepliedAt.Sub(c.DispatchedAt).Seconds())
			}
		}
	}
	for k, n := range counts {
		st.Groups = append(st.Groups, govcase.StatsGroup{Kind: k.k, Status: k.s, Department: k.d, Count: n})
	}
	return st
}

// statsSelects reports whether f selects c.
func statsSelects(f govcase.StatsFilter, c *govcase.Case) bool {
	return (f.Year == 0 || c.Year == f.Year) &&
		(f.CreatedFrom.IsZero() || !c.CreatedAt.Before(f.CreatedFrom)) &&
		(f.CreatedTo.IsZero() || c.CreatedAt.Before(f.CreatedTo)) &&
		(f.Kind == "" || c.Kind == f.Kind) &&
		(f.Department == "" || c.Department == f.Department)
}

// statsFixture returns a few hundred random cases plus planted ones on every
// boundary the counts depend on.
func statsFixture(tb testing.TB) []*govcase.Case {
	g := newGenerator(tb, 20221231)
	all := g.cases(300)
	plant := func(status govcase.Status, year int, edit func(c *govcase.Case)) {
		for {
			c := g.next(year)
			if c.Status == status {
				edit(c)
				all = append(all, c)
				return
			}
		}
	}
	// Accepted exactly at the deadline: on time.
	plant(govcase.StatusAccepted, 2022, func(c *govcase.Case) { c.AcceptedAt = c.AcceptBy })
	// Replied exactly at the deadline: on time.
	plant(govcase.StatusReplied, 2022, func(c *govcase.Case) { c.ResolveBy = c.RepliedAt })
	// Accepted or replied with no deadline: counted, never on time.
	plant(govcase.StatusAccepted, 2022, func(c *govcase.Case) { c.AcceptBy = time.Time{} })
	plant(govcase.StatusClosed, 2023, func(c *govcase.Case) { c.ResolveBy = time.Time{} })
	// Replied with no dispatch time: counted as replied, adds no handling time.
	plant(govcase.StatusReplied, 2021, func(c *govcase.Case) { c.DispatchedAt = time.Time{} })
	// Created exactly on the bounds of the period filters.
	plant(govcase.StatusClosed, 2022, func(c *govcase.Case) { c.CreatedAt = createdFromPivot() })
	plant(govcase.StatusDispatched, 2022, func(c *govcase.Case) { c.CreatedAt = createdToPivot() })
	return all
}

// TestStats checks CaseStats against a brute-force count over a randomized
// fixture with cases planted on every boundary the counts depend on.
func (cases) TestStats(t *testing.T, mk storeMaker) {
	ctx, st := t.Context(), mk(t)
	all := statsFixture(t)
	createAll(t, ctx, st, all)

	// Guard the fixture: every count must have cases on both sides.
	ref := refStats(all, govcase.StatsFilter{})
	if ref.AcceptedOnTime == 0 || ref.AcceptedOnTime == ref.Accepted || ref.RepliedOnTime == 0 ||
		ref.RepliedOnTime == ref.Replied || ref.Dispatched == ref.Total || ref.HandlingSeconds == 0 {
		t.Fatalf("fixture problem: the counts do not exercise on-time and late cases: %+v", ref)
	}

	from, to := createdFromPivot(), createdToPivot()
	rows := []struct {
		name string
		f    govcase.StatsFilter
		none bool
	}{
		{name: "all", f: govcase.StatsFilter{}},
		{name: "year", f: govcase.StatsFilter{Year: 2022}},
		{name: "year without cases", f: govcase.StatsFilter{Year: 2099}, none: true},
		{name: "created range", f: govcase.StatsFilter{CreatedFrom: from, CreatedTo: to}},
		{name: "created from", f: govcase.StatsFilter{CreatedFrom: from}},
		{name: "created to", f: govcase.StatsFilter{CreatedTo: to}},
		{name: "kind", f: govcase.StatsFilter{Kind: govcase.KindHotline}},
		{name: "department", f: govcase.StatsFilter{Department: "dept02"}},
		{name: "kind and department", f: govcase.StatsFilter{Kind: govcase.KindITOps, Department: "dept01"}},
		{name: "year and kind", f: govcase.StatsFilter{Year: 2023, Kind: govcase.KindPortal}},
		{name: "every field", f: govcase.StatsFilter{Year: 2022, CreatedFrom: from, CreatedTo: to, Kind: govcase.KindSupervision, Department: "dept03"}},
	}
	for _, row := range rows {
		t.Run(strings.ReplaceAll(row.name, " ", "_"), func(t *testing.T) {
			want := refStats(all, row.f)
			if (want.Total == 0) != row.none {
				t.Fatalf("fixture problem: the filter counts %d cases", want.Total)
			}
			got, err := st.CaseStats(ctx, row.f)
			storetestkit.Must(t, err, "CaseStats")
			requireEqualStats(t, want, got)
		})
	}
	t.Run("HandlingTimePerCase", func(t *testing.T) { testHandlingTimePerCase(t, mk(t)) })
}

// testHandlingTimePerCase checks that handling time is truncated to whole
// seconds case by case, and only then summed: four cases each handled in one
// hour and 750 ms make 14,400 seconds, where a store that sums the exact
// durations and truncates the total would report 14,403.
func testHandlingTimePerCase(t *testing.T, st govcase.Store) {
	ctx := t.Context()
	g := newGenerator(t, 4)
	var all []*govcase.Case
	for len(all) < 4 {
		c := g.next(2022)
		if c.Status != govcase.StatusReplied {
			continue
		}
		c.DispatchedAt = c.DispatchedAt.Add(123 * time.Millisecond)
		c.RepliedAt = c.DispatchedAt.Add(time.Hour + 750*time.Millisecond)
		all = append(all, c)
	}
	createAll(t, ctx, st, all)
	want := refStats(all, govcase.StatsFilter{})
	if want.HandlingSeconds != 4*3600 {
		t.Fatalf("fixture problem: the reference handling time is %d s, want 14400", want.HandlingSeconds)
	}
	got, err := st.CaseStats(ctx, govcase.StatsFilter{})
	storetestkit.Must(t, err, "CaseStats")
	requireEqualStats(t, want, got)
}

// TestYearBoundary checks that Filter.Year and StatsFilter.Year select by
// the case's Year, the year of its number, which the Service counts in
// Asia/Shanghai: a case created at 2022-12-31 17:00 UTC is a case of 2023
// (2023-01-01 01:00 in Shanghai), and one created a second before 16:00 UTC
// on that day is still of 2022. A store that takes the year of CreatedAt in
// UTC counts both in 2022.
func (cases) TestYearBoundary(t *testing.T, mk storeMaker) {
	ctx, st := t.Context(), mk(t)
	mark := func(c *govcase.Case, created time.Time) *govcase.Case {
		c.CreatedAt, c.UpdatedAt = created, created
		return c
	}
	newYear := time.Date(2022, 12, 31, 16, 0, 0, 0, time.UTC) // midnight in Shanghai
	all := []*govcase.Case{
		mark(bareCase(t, "2022-000900"), newYear.Add(-time.Microsecond)),
		mark(bareCase(t, "2023-000001"), newYear),
		mark(bareCase(t, "2023-000002"), newYear.Add(time.Hour)),
		mark(bareCase(t, "2023-000003"), time.Date(2023, 1, 1, 0, 30, 0, 0, time.UTC)),
		mark(bareCase(t, "2024-000001"), time.Date(2023, 12, 31, 16, 30, 0, 0, time.UTC)),
	}
	createAll(t, ctx, st, all)
	byID := map[uuid.UUID]*govcase.Case{}
	for _, c := range all {
		byID[c.ID] = c
	}
	for _, year := range []int{2022, 2023, 2024} {
		t.Run(strconv.Itoa(year), func(t *testing.T) {
			listed, err := st.ListCases(ctx, govcase.Filter{Year: year})
			storetestkit.Must(t, err, "ListCases")
			requireSameCases(t, refList(all, govcase.Filter{Year: year}), listed, byID)
			got, err := st.CaseStats(ctx, govcase.StatsFilter{Year: year})
			storetestkit.Must(t, err, "CaseStats")
			requireEqualStats(t, refStats(all, govcase.StatsFilter{Year: year}), got)
		})
	}
}

// requireEqualStats checks got against want, its groups in any order: a
// Store may return them as its database groups them.
func requireEqualStats(tb testing.TB, want, got govcase.Stats) {
	tb.Helper()
	var problems []string
	wg, gg := sortedGroups(want.Groups), sortedGroups(got.Groups)
	want.Groups, got.Groups = nil, nil
	problems = append(problems, storetestkit.Diff(want, got)...)
	if !slices.Equal(wg, gg) {
		problems = append(problems, fmt.Sprintf("Groups (kind/status/department=count):\n   got %s\n  want %s", groups(gg), groups(wg)))
	}
	if len(problems) > 0 {
		tb.Fatalf("CaseStats differs from a brute-force count:\n  %s", strings.Join(problems, "\n  "))
	}
}

// sortedGroups returns a copy of gs ordered by kind, status and department,
// so that two lists of the same groups compare equal.
func sortedGroups(gs []govcase.StatsGroup) []govcase.StatsGroup {
	out := slices.Clone(gs)
	slices.SortFunc(out, func(a, b govcase.StatsGroup) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Status, b.Status), cmp.Compare(a.Department, b.Department))
	})
	return out
}

func groups(gs []govcase.StatsGroup) string {
	parts := make([]string, len(gs))
	for i, g := range gs {
		parts[i] = fmt.Sprintf("%s/%s/%s=%d", g.Kind, g.Status, g.Department, g.Count)
	}
	return "[" + strings.Join(parts, " ") + "]"
}
