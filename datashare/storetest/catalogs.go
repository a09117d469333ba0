package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// TestCatalogs checks that entries round-trip, every field included, that
// lookups by code are exact, the error codes of unknown entries and of a
// taken code or ID, stored or twice in one CreateCatalogs, with nothing of
// the refused call stored, and versioned updates.
func (cases) TestCatalogs(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	c := newCatalog(t, "101001AB/000001", "市场主体登记信息")
	evs := mustCreateCatalogs(t, st, c)
	requireCatalog(t, st, c, "after CreateCatalogs")
	requireEvents(t, st, c.ID, evs, "after CreateCatalogs")

	t.Run("Several", func(t *testing.T) {
		a := newCatalog(t, "201001/000001", "法人单位基本信息")
		a.Class, a.Format, a.ShareType, a.Condition, a.LegalBasis = datashare.ClassTheme, datashare.FormatSpreadsheet, datashare.ShareUnconditional, "", ""
		// An entry with nothing but what identifies it: nil lists, zero
		// times, times in UTC.
		z := datashare.Catalog{ID: storetestkit.NewID(t), Code: "301001/000001", Name: "z", Version: 1,
			CreatedAt: baseTime().UTC(), UpdatedAt: baseTime().UTC()}
		b := newCatalog(t, "101001/000002", "个体工商户登记信息")
		b.Items = b.Items[:1]
		b.Key = nil
		evs := mustCreateCatalogs(t, st, a, z, b)
		for i, x := range []datashare.Catalog{a, z, b} {
			requireCatalog(t, st, x, "after CreateCatalogs of several")
			requireEvents(t, st, x.ID, evs[i:i+1], "after CreateCatalogs of several")
		}
	})
	t.Run("ErrTaken", func(t *testing.T) {
		fresh := newCatalog(t, "101009/000001", "新目录")
		sameCode := newCatalog(t, c.Code, "同代码")
		sameID := newCatalog(t, "101009/000002", "同ID")
		sameID.ID = c.ID
		twiceCode := newCatalog(t, fresh.Code, "同批同代码")
		twiceID := newCatalog(t, "101009/000003", "同批同ID")
		twiceID.ID = fresh.ID
		for _, tc := range []struct {
			name string
			cs   []datashare.Catalog
		}{
			{"CodeStored", []datashare.Catalog{sameCode}},
			{"CodeStoredInBatch", []datashare.Catalog{fresh, sameCode}},
			{"IDStored", []datashare.Catalog{sameID}},
			{"IDStoredInBatch", []datashare.Catalog{fresh, sameID}},
			{"CodeTwice", []datashare.Catalog{fresh, twiceCode}},
			{"IDTwice", []datashare.Catalog{fresh, twiceID}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				tried := make([]datashare.Event, len(tc.cs))
				for i := range tc.cs {
					tried[i] = catalogCreated(t, &tc.cs[i])
				}
				storetestkit.MustCode(t, st.CreateCatalogs(ctx, tc.cs, tried), govops.ECONFLICT, "CreateCatalogs with a taken key")
				requireNoCatalog(t, st, fresh, "after a refused CreateCatalogs")
				_, err := st.CatalogByCode(ctx, sameID.Code)
				storetestkit.MustCode(t, err, govops.ENOTFOUND, "CatalogByCode of a refused entry")
				_, err = st.CatalogByCode(ctx, twiceID.Code)
				storetestkit.MustCode(t, err, govops.ENOTFOUND, "CatalogByCode of a refused entry")
				requireEvents(t, st, fresh.ID, nil, "after a refused CreateCatalogs")
				requireCatalog(t, st, c, "after a refused CreateCatalogs")
				requireEvents(t, st, c.ID, evs, "after a refused CreateCatalogs")
			})
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := st.Catalog(ctx, storetestkit.NewID(t))
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "Catalog of an unknown id")
		for _, code := range []string{"nowhere", strings.ToLower(c.Code), c.Code + " ", " " + c.Code, c.Code[:len(c.Code)-1]} {
			_, err := st.CatalogByCode(ctx, code)
			storetestkit.MustCode(t, err, govops.ENOTFOUND, fmt.Sprintf("CatalogByCode(%q)", code))
		}
		ghost := newCatalog(t, "101099/000001", "不存在")
		next, ev := renamedCatalog(t, &ghost, "改名")
		storetestkit.MustCode(t, st.UpdateCatalog(ctx, next, []datashare.Event{ev}), govops.ENOTFOUND, "UpdateCatalog of an unknown entry")
		requireNoCatalog(t, st, ghost, "after UpdateCatalog of an unknown entry")
		requireEvents(t, st, ghost.ID, nil, "after UpdateCatalog of an unknown entry")
	})
	t.Run("ReturnsCopies", func(t *testing.T) {
		got, err := st.Catalog(ctx, c.ID)
		storetestkit.Must(t, err, "Catalog")
		got.Items[0].Name, got.Key[0], got.Related[0], got.Name = "changed", "changed", "changed", "changed"
		requireCatalog(t, st, c, "after the caller changed what it got")
	})
	t.Run("Update", func(t *testing.T) {
		next, ev := renamedCatalog(t, &c, "市场主体登记信息（2022版）")
		next.Status, next.Open, next.OpenCondition = datashare.CatalogWithdrawn, datashare.OpenNone, ""
		next.Published = time.Time{}
		storetestkit.Must(t, st.UpdateCatalog(ctx, next, []datashare.Event{ev}), "UpdateCatalog")
		requireCatalog(t, st, *next, "after UpdateCatalog")
		requireEvents(t, st, c.ID, []datashare.Event{evs[0], ev}, "after UpdateCatalog")

		t.Run("ErrStale", func(t *testing.T) {
			for _, v := range []int64{next.Version, next.Version + 2} {
				stale, sev := renamedCatalog(t, next, "stale")
				stale.Version = v
				storetestkit.MustCode(t, st.UpdateCatalog(ctx, stale, []datashare.Event{sev}), govops.ECONFLICT,
					fmt.Sprintf("UpdateCatalog to version %d of an entry at version %d", v, next.Version))
			}
			requireCatalog(t, st, *next, "after a stale UpdateCatalog")
			requireEvents(t, st, c.ID, []datashare.Event{evs[0], ev}, "after a stale UpdateCatalog")
		})
	})
}

// catalogFixture returns entries whose codes, departments, classes,
// formats, share types, open attributes and statuses vary independently.
// Their codes include pairs whose byte order differs from the order of a
// linguistic collation ("101001Z" before "101001a", "/" before "0"), and
// their names Chinese text and the wildcards of LIKE.
func catalogFixture(tb testing.TB) []datashare.Catalog {
	tb.Helper()
	codes := []string{"101001Z/000001", "101001a/000001", "101001/000010", "1010010/000001", "101001/000009",
		"101001B/000001", "101001b/000002"}
	for i := range 29 {
		codes = append(codes, fmt.Sprintf("%d%02d%03d/%06d", 1+i%3, 1+i%4, 1+i%5, i))
	}
	names := []string{"人口基础信息", "法人单位登记信息", "不动产登记信息", "社保缴纳 100% 明细", "a_b 对照表", "Population 人口"}
	depts := []string{"lbq-scjg", "lbq-rsj", "lbq-zrzyj"}
	out := make([]datashare.Catalog, len(codes))
	for i, code := range codes {
		c := newCatalog(tb, code, fmt.Sprintf("%s（%d）", names[i%len(names)], i))
		c.Department = depts[i%len(depts)]
		c.Class = datashare.Classes()[i%3]
		c.Format = datashare.Formats()[i%len(datashare.Formats())]
		c.ShareType = datashare.ShareTypes()[(i/2)%3]
		c.Open = datashare.OpenTypes()[(i/3)%3]
		c.Status = []datashare.CatalogStatus{datashare.CatalogDraft, datashare.CatalogPublished, datashare.CatalogWithdrawn}[(i/4)%3]
		c.UpdatedAt = storetestkit.Micro(baseTime().Add(time.Duration(i) * time.Second))
		out[i] = c
	}
	return out
}

// catalogMatches is the reference of CatalogFilter.
func catalogMatches(c *datashare.Catalog, f datashare.CatalogFilter) bool {
	return (f.Department == "" || c.Department == f.Department) &&
		(f.Class == "" || c.Class == f.Class) &&
		(f.Format == "" || c.Format == f.Format) &&
		(f.ShareType == "" || c.ShareType == f.ShareType) &&
		(f.Open == "" || c.Open == f.Open) &&
		(f.Status == "" || c.Status == f.Status) &&
		(f.Text == "" || strings.Contains(c.Code, f.Text) || strings.Contains(c.Name, f.Text))
}

// TestCatalogListing checks Catalogs against a brute-force reference: each
// filter alone and together, ordered by code in byte order, paged with
// after and limit, a page starting after a code that is not stored.
func (cases) TestCatalogListing(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	all := catalogFixture(t)
	mustCreateCatalogs(t, st, all...)
	slices.SortFunc(all, func(a, b datashare.Catalog) int { return strings.Compare(a.Code, b.Code) })

	filters := map[string]datashare.CatalogFilter{
		"None":          {},
		"Department":    {Department: "lbq-rsj"},
		"Class":         {Class: datashare.ClassTheme},
		"Format":        {Format: datashare.FormatSpreadsheet},
		"ShareType":     {ShareType: datashare.ShareConditional},
		"Open":          {Open: datashare.OpenUnconditional},
		"Status":        {Status: datashare.CatalogPublished},
		"TextCode":      {Text: "/00001"},
		"TextName":      {Text: "登记"},
		"TextCase":      {Text: "B/"},
		"TextPercent":   {Text: "%"},
		"TextUnderline": {Text: "_"},
		"TextNone":      {Text: "无此文本"},
		"Together":      {Department: "lbq-scjg", Status: datashare.CatalogDraft, Text: "/0"},
		"NoneMatch":     {Department: "nowhere"},
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range filters {
			if !yield(n) {
				return
			}
		}
	})
	for _, name := range names {
		f := filters[name]
		t.Run(name, func(t *testing.T) {
			var want []datashare.Catalog
			for i := range all {
				if catalogMatches(&all[i], f) {
					want = append(want, all[i])
				}
			}
			if name != "NoneMatch" && name != "TextNone" && len(want) == 0 {
				t.Fatalf("storetest: filter %s matches no fixture entry", name)
			}
			got, err := st.Catalogs(ctx, f, "", 0)
			storetestkit.Must(t, err, "Catalogs")
			storetestkit.RequireEqual(t, want, got, "entries of "+name)
			for _, limit := range []int{1, 7} {
				var paged []datashare.Catalog
				after := ""
				for range len(want) + 1 {
					page, err := st.Catalogs(ctx, f, after, limit)
					storetestkit.Must(t, err, "Catalogs page")
					if len(page) > limit {
						t.Fatalf("a page of limit %d held %d entries", limit, len(page))
					}
					paged = append(paged, page...)
					if len(page) < limit {
						break
					}
					after = page[len(page)-1].Code
				}
				storetestkit.RequireEqual(t, want, paged, fmt.Sprintf("entries of %s paged by %d", name, limit))
			}
		})
	}
	t.Run("AfterUnstored", func(t *testing.T) {
		after := "101001/0000095" // between 101001/000009 and 101001/000010
		var want []datashare.Catalog
		for _, c := range all {
			if c.Code > after {
				want = append(want, c)
			}
		}
		got, err := st.Catalogs(ctx, datashare.CatalogFilter{}, after, 3)
		storetestkit.Must(t, err, "Catalogs")
		storetestkit.RequireEqual(t, want[:3], got, "entries after a code that is not stored")
	})
}
