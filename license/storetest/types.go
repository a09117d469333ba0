package storetest

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/license"
)

// TestTypes checks that types and the events of their creation round-trip,
// that lookups by code are exact, the error codes of unknown and taken
// codes and IDs, and that a batch with one taken key stores nothing.
func (cases) TestTypes(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	a := newType(t, typeCode(1), "营业执照 (Business licence) 👍")
	b := newType(t, typeCode(2), "食品经营许可证")
	evs := mustCreateTypes(t, st, a, b)
	requireType(t, st, a, "after CreateTypes")
	requireType(t, st, b, "after CreateTypes")
	requireEvents(t, st, a.ID, evs[:1], "after CreateTypes")
	requireEvents(t, st, b.ID, evs[1:], "after CreateTypes")

	t.Run("ZeroFieldsAndUTC", func(t *testing.T) {
		z := license.Type{ID: storetestkit.NewID(t), Code: "z", Name: "z", Version: 1,
			CreatedAt: baseTime().UTC(), UpdatedAt: baseTime().UTC()}
		ev := typeAdded(t, &z)
		ev.Note, ev.ActorDept, ev.Attachments, ev.Department = "", "", nil, ""
		storetestkit.Must(t, st.CreateTypes(ctx, []license.Type{z}, []license.Event{ev}), "CreateTypes")
		requireType(t, st, z, "after CreateTypes")
		requireEvents(t, st, z.ID, []license.Event{ev}, "after CreateTypes")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		for _, code := range []string{"nowhere", strings.ToLower(a.Code), a.Code + " ", a.Code[:20]} {
			_, err := st.Type(ctx, code)
			storetestkit.MustCode(t, err, govops.ENOTFOUND, fmt.Sprintf("Type(%q)", code))
		}
		evs, err := st.Events(ctx, storetestkit.NewID(t))
		storetestkit.Must(t, err, "Events of an unknown subject")
		if len(evs) != 0 {
			t.Fatalf("Events of an unknown subject = %v, want none", evs)
		}
	})
	t.Run("ReturnsCopies", func(t *testing.T) {
		got, err := st.Type(ctx, a.Code)
		storetestkit.Must(t, err, "Type")
		got.Name, got.Services[0] = "changed by the caller", "changed by the caller"
		gotEvs, err := st.Events(ctx, a.ID)
		storetestkit.Must(t, err, "Events")
		gotEvs[0].Note, gotEvs[0].Attachments[0] = "changed by the caller", "changed by the caller"
		requireType(t, st, a, "after the caller changed what it got")
		requireEvents(t, st, a.ID, evs[:1], "after the caller changed what it got")
	})
	t.Run("ErrTaken", func(t *testing.T) {
		for _, tc := range []struct {
			name  string
			batch func(t *testing.T) []license.Type
		}{
			{"StoredCode", func(t *testing.T) []license.Type {
				return []license.Type{newType(t, typeCode(10), "ok"), newType(t, a.Code, "again")}
			}},
			{"CodeTwice", func(t *testing.T) []license.Type {
				return []license.Type{newType(t, typeCode(10), "ok"), newType(t, typeCode(11), "b"), newType(t, typeCode(11), "b again")}
			}},
			{"StoredID", func(t *testing.T) []license.Type {
				x := newType(t, typeCode(11), "x")
				x.ID = b.ID
				return []license.Type{newType(t, typeCode(10), "ok"), x}
			}},
			{"IDTwice", func(t *testing.T) []license.Type {
				x, y := newType(t, typeCode(10), "x"), newType(t, typeCode(11), "y")
				y.ID = x.ID
				return []license.Type{x, y}
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				batch := tc.batch(t)
				batchEvs := make([]license.Event, len(batch))
				for i := range batch {
					batchEvs[i] = typeAdded(t, &batch[i])
				}
				storetestkit.MustCode(t, st.CreateTypes(ctx, batch, batchEvs), govops.ECONFLICT, "CreateTypes with a taken key")
				for _, code := range []string{typeCode(10), typeCode(11)} {
					_, err := st.Type(ctx, code)
					storetestkit.MustCode(t, err, govops.ENOTFOUND, "Type "+code+" of a refused batch")
				}
				for i := range batch {
					if batch[i].ID != a.ID && batch[i].ID != b.ID {
						requireEvents(t, st, batch[i].ID, nil, "of a refused batch")
					}
				}
				requireEvents(t, st, b.ID, evs[1:], "after a refused batch")
				requireType(t, st, a, "after a refused batch")
				requireType(t, st, b, "after a refused batch")
			})
		}
	})
	t.Run("Lookup", func(t *testing.T) {
		got, err := st.LookupTypes(ctx, []string{b.Code, "nowhere", a.Code, strings.ToLower(a.Code), b.Code})
		storetestkit.Must(t, err, "LookupTypes")
		storetestkit.RequireGroups(t, []license.Type{a, b}, got, func(t license.Type) string { return t.Code }, "LookupTypes")
		got, err = st.LookupTypes(ctx, nil)
		storetestkit.Must(t, err, "LookupTypes of no codes")
		if len(got) != 0 {
			t.Fatalf("LookupTypes of no codes = %v, want none", got)
		}
	})
	t.Run("Update", func(t *testing.T) {
		next := a
		next.Name, next.Authority, next.Level, next.HolderCategory = "营业执照（新版）", "柳州市场监管局", license.LevelCounty, license.HolderMixed
		next.Validity, next.Services, next.Source, next.SingleValid = license.Validity{}, nil, "", false
		next.Version, next.UpdatedAt = 2, storetestkit.Micro(baseTime().AddDate(0, 1, 0))
		ev := event(t, a.ID, 2, license.EventTypeUpdated, "", "")
		storetestkit.Must(t, st.UpdateType(ctx, &next, []license.Event{ev}), "UpdateType")
		requireType(t, st, next, "after UpdateType")
		ghost := newType(t, "ghost", "ghost")
		g2, gev := renamedType(t, &ghost, "ghost 2")
		storetestkit.MustCode(t, st.UpdateType(ctx, g2, []license.Event{gev}), govops.ENOTFOUND, "UpdateType of an unknown type")
		_, err := st.Type(ctx, "ghost")
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "Type after UpdateType of an unknown type")
	})
}

// typeFixture returns n types of every level under three authorities,
// with codes whose byte order differs from their order in other collations
// and names that hold SQL's LIKE wildcards and ASCII letters of either
// case.
func typeFixture(tb testing.TB, n int) []license.Type {
	tb.Helper()
	rng := rand.New(rand.NewPCG(11, uint64(n)))
	auths := []string{authority, "11450200mb0123456x", "1145_200MB%123456X"}
	names := []string{"营业执照", "食品经营许可证", "覆盖率100%", "a_b证", "Permit", "PERMIT", "出生医学证明"}
	levels := license.Levels()
	out := make([]license.Type, n)
	for i := range out {
		code := fmt.Sprintf("%s%03d", auths[rng.IntN(len(auths))], i)
		out[i] = newType(tb, code, fmt.Sprintf("%s%d", names[rng.IntN(len(names))], i))
		out[i].Level = levels[rng.IntN(len(levels))]
		out[i].SingleValid = rng.IntN(2) == 0
	}
	return out
}

// typeSelects is the brute-force reference of a TypeFilter.
func typeSelects(f license.TypeFilter, t license.Type) bool {
	return (f.Level == "" || t.Level == f.Level) && (f.Authority == "" || t.AuthorityCode == f.Authority) &&
		(f.Text == "" || strings.Contains(t.Code, f.Text) || strings.Contains(t.Name, f.Text))
}

// TestTypeListing checks Types with each filter, in pages and whole,
// against the brute-force reference: the types it selects in byte order of
// their codes.
func (cases) TestTypeListing(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	ts := typeFixture(t, 90)
	mustCreateTypes(t, st, ts...)
	fs := map[string]license.TypeFilter{
		"All":            {},
		"Level":          {Level: license.LevelCounty},
		"Authority":      {Authority: authority},
		"AuthorityLower": {Authority: strings.ToLower(authority)},
		"TextCode":       {Text: "MB0123"},
		"TextDigits":     {Text: "07"},
		"TextPercent":    {Text: "%"},
		"TextUnderscore": {Text: "_"},
		"TextName":       {Text: "执照"},
		"TextExactCase":  {Text: "Permit"},
		"TextNowhere":    {Text: "没有"},
		"Everything":     {Level: license.LevelCity, Authority: authority, Text: "证"},
	}
	for _, name := range slices.Sorted(maps.Keys(fs)) {
		f := fs[name]
		t.Run(name, func(t *testing.T) {
			var want []license.Type
			for _, ty := range ts {
				if typeSelects(f, ty) {
					want = append(want, ty)
				}
			}
			slices.SortFunc(want, func(a, b license.Type) int { return strings.Compare(a.Code, b.Code) })
			got, err := st.Types(ctx, f, "", 0)
			storetestkit.Must(t, err, "Types")
			storetestkit.RequireEqual(t, want, got, fmt.Sprintf("Types(%+v)", f))
			var paged []license.Type
			after := ""
			for {
				p, err := st.Types(ctx, f, after, 7)
				storetestkit.Must(t, err, "Types")
				if len(p) > 7 {
					t.Fatalf("a page of %d types, over the limit of 7", len(p))
				}
				paged = append(paged, p...)
				if len(p) < 7 {
					break
				}
				after = p[len(p)-1].Code
			}
			storetestkit.RequireEqual(t, want, paged, fmt.Sprintf("the pages of Types(%+v)", f))
		})
	}
	t.Run("AfterUnstoredCode", func(t *testing.T) {
		codes := make([]string, len(ts))
		for i, ty := range ts {
			codes[i] = ty.Code
		}
		slices.Sort(codes)
		for _, after := range []string{codes[len(codes)/2] + "-", "0", "~"} {
			got, err := st.Types(ctx, license.TypeFilter{}, after, 3)
			storetestkit.Must(t, err, "Types")
			var want, gotCodes []string
			for _, c := range codes {
				if c > after && len(want) < 3 {
					want = append(want, c)
				}
			}
			for _, ty := range got {
				gotCodes = append(gotCodes, ty.Code)
			}
			if !slices.Equal(gotCodes, want) {
				t.Fatalf("3 types after %q: %v, want %v", after, gotCodes, want)
			}
		}
	})
}
