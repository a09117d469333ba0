package datashare_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
)

// repMetricsCatalog seeds the catalog of the seed's share ratio: 66
// published structured entries (1–40 spreadsheets, 41–66 databases; odd
// sequences RSJ's, even GAJ's), of which 1–30 are shared unconditionally,
// 31–58 on condition and 59–66 not at all; 5 published electronic files of
// MZJ (theme class, shared), which are not structured; and entries that
// are not published (3 drafts, 1 withdrawn), which count for nothing.
func repMetricsCatalog(tb testing.TB, st datashare.Store) []datashare.Catalog {
	tb.Helper()
	var cs []datashare.Catalog
	for seq := 1; seq <= 75; seq++ {
		dept := "GAJ"
		if seq%2 == 1 {
			dept = "RSJ"
		}
		cs = append(cs, repCatalog(dept, seq, func(c *datashare.Catalog) {
			if seq > 40 {
				c.Format, c.SubFormat = datashare.FormatDatabase, "mysql"
			}
			switch {
			case seq <= 30 || seq > 66:
				c.ShareType, c.Condition, c.LegalBasis = datashare.ShareUnconditional, "", ""
			case seq > 58:
				c.ShareType = datashare.ShareNone
			}
			switch {
			case seq > 66 && seq <= 71:
				c.Department, c.Format, c.SubFormat = "MZJ", datashare.FormatFile, "pdf"
				c.Class, c.Code = datashare.ClassTheme, fmt.Sprintf("201001/%06d", seq)
			case seq > 71 && seq <= 74:
				c.Status, c.Published = datashare.CatalogDraft, time.Time{}
			case seq == 75:
				c.Status = datashare.CatalogWithdrawn
			}
		}))
	}
	repSeed(tb, st, cs...)
	return cs
}

func TestService_Metrics(t *testing.T) {
	ctx := context.Background()
	s, st, _ := repService(t)
	cs := repMetricsCatalog(t, st)
	// Records: entry 1 (RSJ) two batches, in March and April in Shanghai
	// (February and March in UTC), and a failed one; entry 2 (GAJ) a batch
	// replaced by a full refresh; a draft and a withdrawn entry have data
	// that is not counted.
	repMount(t, st, &cs[0], repBatch{Mounted: 100, Finished: time.Date(2022, 2, 28, 16, 30, 0, 0, time.UTC)})
	repMount(t, st, &cs[0], repBatch{Mounted: 50, Finished: time.Date(2022, 3, 31, 16, 30, 0, 0, time.UTC)})
	repMount(t, st, &cs[0], repBatch{Mounted: 999, Finished: repAt(2022, 4, 2, 9, 0), Fail: true})
	repMount(t, st, &cs[1], repBatch{Mounted: 7, Finished: repAt(2022, 4, 10, 9, 0)})
	repMount(t, st, &cs[1], repBatch{Mounted: 20, Finished: repAt(2022, 5, 1, 9, 0), Replace: true})
	repMount(t, st, &cs[71], repBatch{Mounted: 1000, Finished: repAt(2022, 5, 1, 9, 0)})
	repMount(t, st, &cs[74], repBatch{Mounted: 500, Finished: repAt(2022, 5, 1, 9, 0)})

	t.Run("OK", func(t *testing.T) {
		m, err := s.Metrics(ctx, repCenter(), datashare.MetricsQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if m.Catalogs != 71 || m.Structured != 66 || m.Shared != 58 || m.Department != "" {
			t.Fatalf("catalogs %d, structured %d, shared %d", m.Catalogs, m.Structured, m.Shared)
		}
		if r := m.ShareRatio; r.Numerator != 58 || r.Denominator != 66 || r.Percent.String() != "87.88" || r.String() != "87.88%" {
			t.Fatalf("share ratio = %+v", r)
		}
		if want := "58 / 66 structured catalogs (电子表格, 数据库) with share type 无条件共享 or 有条件共享 = 87.88%; published entries only"; m.Rule != want {
			t.Fatalf("rule = %q, want %q", m.Rule, want)
		}
		counts := func(mc []datashare.MetricCount) string {
			var parts []string
			for _, c := range mc {
				parts = append(parts, fmt.Sprintf("%s:%d", c.Value, c.Count))
			}
			return strings.Join(parts, " ")
		}
		if got := counts(m.ByClass); got != "basic:66 theme:5 department:0" {
			t.Fatalf("by class: %s", got)
		}
		if got := counts(m.ByFormat); got != "file:5 spreadsheet:40 database:26 image:0 media:0 self:0 service:0" {
			t.Fatalf("by format: %s", got)
		}
		if got := counts(m.ByShareType); got != "unconditional:35 conditional:28 none:8" || m.ByShareType[0].Label != "无条件共享" {
			t.Fatalf("by share type: %s", got)
		}
		if m.Records != 170 || len(m.ByCatalog) != 71 || m.ByCatalog[0].Code != cs[0].Code || m.ByCatalog[0].Records != 150 ||
			m.ByCatalog[0].Name != cs[0].Name || m.ByCatalog[0].Department != "RSJ" || m.ByCatalog[1].Records != 20 || m.ByCatalog[2].Records != 0 {
			t.Fatalf("records %d, by catalog %+v", m.Records, m.ByCatalog[:3])
		}
		if got := fmt.Sprint(m.ByDepartment); got != "[{GAJ 33 20} {MZJ 5 0} {RSJ 33 150}]" {
			t.Fatalf("by department: %s", got)
		}
		if got := fmt.Sprint(m.ByMonth); got != "[{2022-03 100} {2022-04 50} {2022-05 20}]" {
			t.Fatalf("by month: %s", got)
		}
	})
	t.Run("OKDepartment", func(t *testing.T) {
		for _, by := range []govops.Actor{repRSJ(), repCenter()} {
			m, err := s.Metrics(ctx, by, datashare.MetricsQuery{Department: "RSJ"})
			if err != nil || m.Department != "RSJ" || m.Catalogs != 33 || m.Structured != 33 || m.Shared != 29 || m.Records != 150 ||
				len(m.ByDepartment) != 1 || !strings.HasSuffix(m.Rule, "; department RSJ") || !strings.HasPrefix(m.Rule, "29 / 33 ") {
				t.Fatalf("%s: %+v, %v", by.Name, m, err)
			}
		}
		// A department is its own scope without asking.
		m, err := s.Metrics(ctx, repGAJ(), datashare.MetricsQuery{})
		if err != nil || m.Department != "GAJ" || m.Records != 20 {
			t.Fatalf("GAJ: %+v, %v", m, err)
		}
	})
	t.Run("OKStructuredFormats", func(t *testing.T) {
		s2 := datashare.NewService(st, datashare.WithStructuredFormats(datashare.FormatDatabase))
		m, err := s2.Metrics(ctx, repViewer(), datashare.MetricsQuery{})
		if err != nil || m.Structured != 26 || m.Shared != 18 || m.ShareRatio.String() != "69.23%" ||
			m.Rule != "18 / 26 structured catalogs (数据库) with share type 无条件共享 or 有条件共享 = 69.23%; published entries only" {
			t.Fatalf("metrics = %+v, %v", m, err)
		}
	})
	t.Run("OKCost", func(t *testing.T) {
		st.recordReads.Store(0)
		st.batchPages.Store(0)
		if _, err := s.Metrics(ctx, repCenter(), datashare.MetricsQuery{}); err != nil {
			t.Fatal(err)
		}
		if st.batchPages.Load() != 0 {
			t.Fatalf("read %d pages of batches: the Store's counts stand for them", st.batchPages.Load())
		}
		if st.recordReads.Load() != 0 || st.unbounded.Load() || st.maxLimit.Load() > 500 {
			t.Fatalf("record reads %d, unbounded %v, largest page %d", st.recordReads.Load(), st.unbounded.Load(), st.maxLimit.Load())
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		_, err := s.Metrics(ctx, repGAJ(), datashare.MetricsQuery{Department: "RSJ"})
		repForbiddenField(t, err, "department")
		_, err = s.Metrics(ctx, repMZJViewer(), datashare.MetricsQuery{Department: "RSJ"})
		repForbiddenField(t, err, "department")
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		_, err := s.Metrics(ctx, repCenter(), datashare.MetricsQuery{Department: " RSJ"})
		repFields(t, err, map[string]string{"department": ""})
		_, err = s.Metrics(ctx, govops.Actor{}, datashare.MetricsQuery{})
		repFields(t, err, map[string]string{"actor": ""})
	})
}

func TestService_MetricsPaging(t *testing.T) {
	ctx := context.Background()
	s, st, _ := repService(t)
	cs := make([]datashare.Catalog, 1201)
	for i := range cs {
		cs[i] = repCatalog("RSJ", i+1)
	}
	repSeed(t, st, cs...)
	for i := range 501 {
		repMount(t, st, &cs[i%3], repBatch{Mounted: 2, Finished: repAt(2022, 6, 1, 9, 0)})
	}
	st.catalogPages.Store(0)
	st.batchPages.Store(0)
	st.mountReads.Store(0)
	m, err := s.Metrics(ctx, repCenter(), datashare.MetricsQuery{})
	if err != nil || m.Catalogs != 1201 || m.Records != 1002 || m.ByCatalog[0].Records != 334 || m.ShareRatio.String() != "100.00%" {
		t.Fatalf("metrics: catalogs %d, records %d, %v", m.Catalogs, m.Records, err)
	}
	// 1201 entries in pages of 500 take 3 reads; the 501 batches none:
	// one read of the Store's counts stands for them.
	if st.catalogPages.Load() != 3 || st.batchPages.Load() != 0 || st.mountReads.Load() != 1 || st.maxLimit.Load() != 500 || st.unbounded.Load() {
		t.Fatalf("catalog pages %d, batch pages %d, count reads %d, largest page %d",
			st.catalogPages.Load(), st.batchPages.Load(), st.mountReads.Load(), st.maxLimit.Load())
	}
}

// TestService_MetricsMovedEntry checks that an entry's records count for
// its department and status as they stand, whoever mounted them: moved to
// another department, the entry takes its records, months included, along;
// withdrawn, it leaves the metrics with them; published again, it brings
// them back.
func TestService_MetricsMovedEntry(t *testing.T) {
	ctx := context.Background()
	s, st, _ := repService(t)
	cs := []datashare.Catalog{repCatalog("RSJ", 1), repCatalog("RSJ", 2)}
	repSeed(t, st, cs...)
	repMount(t, st, &cs[0], repBatch{Mounted: 100, Finished: repAt(2022, 3, 1, 9, 0)})
	repMount(t, st, &cs[0], repBatch{Mounted: 20, Finished: repAt(2022, 4, 1, 9, 0)})
	repMount(t, st, &cs[1], repBatch{Mounted: 3, Finished: repAt(2022, 4, 1, 9, 0)})
	change := func(mod func(c *datashare.Catalog)) {
		t.Helper()
		c, err := st.Catalog(ctx, cs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		mod(c)
		c.Version++
		if err := st.UpdateCatalog(ctx, c, nil); err != nil {
			t.Fatal(err)
		}
	}
	metrics := func(dept string) string {
		t.Helper()
		m, err := s.Metrics(ctx, repCenter(), datashare.MetricsQuery{Department: dept})
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%d %v %v", m.Records, m.ByMonth, m.ByDepartment)
	}
	change(func(c *datashare.Catalog) { c.Department = "GAJ" })
	for dept, want := range map[string]string{
		"GAJ": "120 [{2022-03 100} {2022-04 20}] [{GAJ 1 120}]",
		"RSJ": "3 [{2022-04 3}] [{RSJ 1 3}]",
		"":    "123 [{2022-03 100} {2022-04 23}] [{GAJ 1 120} {RSJ 1 3}]",
	} {
		if got := metrics(dept); got != want {
			t.Fatalf("metrics of %q after the move: %s, want %s", dept, got, want)
		}
	}
	change(func(c *datashare.Catalog) { c.Status = datashare.CatalogWithdrawn })
	if got, want := metrics(""), "3 [{2022-04 3}] [{RSJ 1 3}]"; got != want {
		t.Fatalf("metrics after the withdrawal: %s, want %s", got, want)
	}
	change(func(c *datashare.Catalog) { c.Status = datashare.CatalogPublished })
	if got, want := metrics("GAJ"), "120 [{2022-03 100} {2022-04 20}] [{GAJ 1 120}]"; got != want {
		t.Fatalf("metrics after publishing again: %s, want %s", got, want)
	}
}
