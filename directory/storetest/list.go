package storetest

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// fixture returns n departments of every kind, zone and status, with codes
// whose byte order differs from their order in any other collation
// ("B_1" < "a-2" < "a.1" < "a_0"), parents among them, and names that hold
// the wildcards of SQL's LIKE ('%', '_') and ASCII letters of either case.
func fixture(tb testing.TB, n int) []directory.Department {
	tb.Helper()
	rng := rand.New(rand.NewPCG(7, uint64(n)))
	names := []string{"城区街道", "长塘镇", "覆盖率100%", "a_b办", "Office", "OFFICE", "跃进社区", "区政务网络服务中心"}
	zones := append(directory.Zones(), "")
	kinds, statuses := directory.Kinds(), directory.Statuses()
	out := make([]directory.Department, n)
	for i := range out {
		code := fmt.Sprintf("%c%c%d", "aAbBzZ"[rng.IntN(6)], "-._"[rng.IntN(3)], i)
		parent := ""
		if i > 0 && rng.IntN(3) > 0 {
			parent = out[rng.IntN(i)].Code
		}
		out[i] = unit(tb, code, fmt.Sprintf("%s%d", names[rng.IntN(len(names))], i),
			kinds[rng.IntN(len(kinds))], parent, zones[rng.IntN(len(zones))])
		out[i].Status = statuses[rng.IntN(len(statuses))]
	}
	return out
}

// selects is the brute-force reference of a Filter: whether it selects d.
func selects(f directory.Filter, d directory.Department) bool {
	return (len(f.Kinds) == 0 || slices.Contains(f.Kinds, d.Kind)) &&
		(f.Zone == "" || d.Zone == f.Zone) &&
		(f.Parent == "" || d.Parent == f.Parent) &&
		(f.Status == "" || d.Status == f.Status) &&
		(f.Text == "" || strings.Contains(strings.ToLower(d.Code), strings.ToLower(f.Text)) || strings.Contains(d.Name, f.Text))
}

// filters returns the filters the listing cases run, over the departments
// of ds.
func filters(ds []directory.Department) map[string]directory.Filter {
	parent := ""
	for _, d := range ds {
		if d.Parent != "" {
			parent = d.Parent
			break
		}
	}
	return map[string]directory.Filter{
		"All":               {},
		"OneKind":           {Kinds: []directory.Kind{directory.KindVillage}},
		"TwoKinds":          {Kinds: []directory.Kind{directory.KindVillage, directory.KindCommunity}},
		"Zone":              {Zone: directory.ZoneUrban},
		"Parent":            {Parent: parent},
		"ParentOtherCase":   {Parent: strings.ToUpper(parent)},
		"Dissolved":         {Status: directory.StatusDissolved},
		"Active":            {Status: directory.StatusActive},
		"TextCodeAnyCase":   {Text: "A-"},
		"TextCodeDigits":    {Text: "1"},
		"TextUnderscore":    {Text: "_"},
		"TextPercent":       {Text: "%"},
		"TextDot":           {Text: "."},
		"TextName":          {Text: "街道"},
		"TextNameExactCase": {Text: "Office"},
		"TextNowhere":       {Text: "没有"},
		"Everything": {Kinds: []directory.Kind{directory.KindDepartment, directory.KindTownship}, Zone: directory.ZoneSuburban,
			Status: directory.StatusActive, Text: "b"},
	}
}

// TestFilters checks Departments and Count with each filter against the
// brute-force reference: the departments it selects, in byte order of their
// codes.
func (cases) TestFilters(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	ds := fixture(t, 120)
	mustCreate(t, st, ds...)
	fs := filters(ds)
	for _, name := range slices.Sorted(maps.Keys(fs)) {
		f := fs[name]
		t.Run(name, func(t *testing.T) {
			var want []directory.Department
			for _, d := range ds {
				if selects(f, d) {
					want = append(want, d)
				}
			}
			slices.SortFunc(want, func(a, b directory.Department) int { return strings.Compare(a.Code, b.Code) })
			got, err := st.Departments(ctx, f, "", 0)
			storetestkit.Must(t, err, "Departments")
			storetestkit.RequireEqual(t, want, got, fmt.Sprintf("Departments(%+v)", f))
			n, err := st.Count(ctx, f)
			storetestkit.Must(t, err, "Count")
			if n != int64(len(want)) {
				t.Fatalf("Count(%+v) = %d, want %d", f, n, len(want))
			}
		})
	}
}

// TestPagination checks keyset pages: limit departments after a code, in
// byte order, whether or not the code is stored, that together give the
// whole listing once.
func (cases) TestPagination(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	ds := fixture(t, 60)
	mustCreate(t, st, ds...)
	codes := make([]string, len(ds))
	for i, d := range ds {
		codes[i] = d.Code
	}
	slices.Sort(codes)
	for _, f := range []directory.Filter{{}, {Status: directory.StatusActive}} {
		var all []string
		for _, d := range ds {
			if selects(f, d) {
				all = append(all, d.Code)
			}
		}
		slices.Sort(all)
		var got []string
		after := ""
		for page := 0; ; page++ {
			ps, err := st.Departments(ctx, f, after, 7)
			storetestkit.Must(t, err, "Departments")
			if len(ps) > 7 {
				t.Fatalf("page %d holds %d departments, over the limit of 7", page, len(ps))
			}
			for _, d := range ps {
				got = append(got, d.Code)
			}
			if len(ps) < 7 {
				break
			}
			after = ps[len(ps)-1].Code
		}
		if !slices.Equal(got, all) {
			t.Fatalf("pages of %+v give\n  %v\nwant\n  %v", f, got, all)
		}
	}
	// A key that is no stored code: between two codes, and before them all.
	mid := codes[len(codes)/2]
	for _, after := range []string{mid + "-", "+", "~"} {
		ps, err := st.Departments(ctx, directory.Filter{}, after, 3)
		storetestkit.Must(t, err, "Departments")
		var want []string
		for _, c := range codes {
			if c > after && len(want) < 3 {
				want = append(want, c)
			}
		}
		var gotCodes []string
		for _, d := range ps {
			gotCodes = append(gotCodes, d.Code)
		}
		if !slices.Equal(gotCodes, want) {
			t.Fatalf("3 departments after %q: %v, want %v", after, gotCodes, want)
		}
	}
}

// TestCounts checks Counts against a brute-force count of the fixture:
// every group of kind, zone and status once, in any order.
func (cases) TestCounts(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	got, err := st.Counts(ctx)
	storetestkit.Must(t, err, "Counts of an empty store")
	if len(got) != 0 {
		t.Fatalf("Counts of an empty store = %v, want no group", got)
	}
	ds := fixture(t, 150)
	mustCreate(t, st, ds...)
	type key struct {
		k directory.Kind
		z directory.Zone
		s directory.Status
	}
	n := map[key]int64{}
	for _, d := range ds {
		n[key{d.Kind, d.Zone, d.Status}]++
	}
	var want []directory.Group
	for k, c := range n {
		want = append(want, directory.Group{Kind: k.k, Zone: k.z, Status: k.s, Count: c})
	}
	got, err = st.Counts(ctx)
	storetestkit.Must(t, err, "Counts")
	storetestkit.RequireGroups(t, want, got, func(g directory.Group) key { return key{g.Kind, g.Zone, g.Status} }, "Counts")
}
