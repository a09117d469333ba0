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

// repRate renders r as "num/den=percent", or "num/den=n/a".
func repRate(r govops.Rate) string {
	return fmt.Sprintf("%d/%d=%s", r.Numerator, r.Denominator, r)
}

func TestService_Quality(t *testing.T) {
	ctx := context.Background()
	s, st, _ := repService(t)
	a := repCatalog("RSJ", 1)
	b := repCatalog("GAJ", 2, func(c *datashare.Catalog) {
		c.Format, c.SubFormat, c.Cycle, c.Key = datashare.FormatDatabase, "oracle", datashare.CycleYearly, nil
		c.Items = []datashare.Item{{Name: "单位名称", Type: datashare.TypeString, Required: true},
			{Name: "统一社会信用代码", Type: datashare.TypeString, Required: true}}
	})
	c := repCatalog("RSJ", 3, func(c *datashare.Catalog) {
		c.Cycle, c.Key = datashare.CycleWeekly, nil
		// 备注 was declared (required) after the entry's data was mounted.
		c.Items = []datashare.Item{{Name: "名称", Type: datashare.TypeString, Required: true},
			{Name: "数量", Type: datashare.TypeInteger}, {Name: "备注", Type: datashare.TypeString, Required: true}}
	})
	file := repCatalog("RSJ", 4, func(c *datashare.Catalog) { c.Format, c.SubFormat = datashare.FormatFile, "pdf" })
	draft := repCatalog("RSJ", 5, func(c *datashare.Catalog) { c.Status, c.Published = datashare.CatalogDraft, time.Time{} })
	repSeed(t, st, a, b, c, file, draft)
	all := []string{"姓名", "公民身份号码", "出生日期", "住址"}
	repMount(t, st, &a, repBatch{Mounted: 100, Finished: repAt(2022, 8, 20, 10, 0), Columns: all, Keys: []string{"k1", "k2", "k3", "k3"},
		Items: []datashare.ItemStats{{Item: "姓名", Present: 100}, {Item: "公民身份号码", Present: 95, Invalid: 5},
			{Item: "出生日期", Present: 80}, {Item: "住址", Present: 50}}})
	repMount(t, st, &a, repBatch{Mounted: 50, Finished: repAt(2022, 9, 1, 10, 0), Columns: all[:3], Keys: []string{"k4", ""},
		Items: []datashare.ItemStats{{Item: "姓名", Present: 50}, {Item: "公民身份号码", Present: 50, Invalid: 2},
			{Item: "出生日期", Present: 40}, {Item: "住址"}}})
	repMount(t, st, &c, repBatch{Mounted: 999, Finished: repAt(2022, 8, 1, 10, 0), Columns: []string{"名称"},
		Items: []datashare.ItemStats{{Item: "名称", Present: 999}}})
	repMount(t, st, &c, repBatch{Mounted: 10, Finished: repAt(2022, 8, 20, 10, 0), Columns: []string{"名称", "数量"}, Replace: true,
		Items: []datashare.ItemStats{{Item: "名称", Present: 10}, {Item: "数量", Present: 4}}})
	repMount(t, st, &c, repBatch{Mounted: 5, Finished: repAt(2022, 9, 4, 10, 0), Columns: []string{"名称", "数量", "备注"}, Fail: true})
	repMount(t, st, &file, repBatch{Mounted: 3, Finished: repAt(2022, 9, 4, 10, 0)})
	repMount(t, st, &draft, repBatch{Mounted: 3, Finished: repAt(2022, 9, 4, 10, 0)})

	t.Run("OK", func(t *testing.T) {
		q, err := s.Quality(ctx, repCenter(), datashare.QualityQuery{Worst: 2})
		if err != nil {
			t.Fatal(err)
		}
		if q.Catalogs != 3 || len(q.Entries) != 3 || q.Entries[0].Code != a.Code || q.Entries[1].Code != b.Code || q.Entries[2].Code != c.Code {
			t.Fatalf("entries = %+v", q.Entries)
		}
		want := map[string][5]string{
			a.Code: {"295/300=98.33%", "458/465=98.49%", "4/5=80.00%", "1/1=100.00%", "3/4=75.00%"},
			b.Code: {"0/0=n/a", "0/0=n/a", "0/0=n/a", "0/1=0.00%", "0/0=n/a"},
			c.Code: {"10/20=50.00%", "14/14=100.00%", "0/0=n/a", "0/1=0.00%", "2/3=66.67%"},
		}
		for _, e := range q.Entries {
			for i, d := range datashare.Dimensions() {
				if got := repRate(e.Rate(d)); got != want[e.Code][i] {
					t.Errorf("%s %s = %s, want %s", e.Code, d, got, want[e.Code][i])
				}
			}
		}
		if e := q.Entries[0]; strings.Join(e.Missing, ",") != "住址" || !e.LastMounted.Equal(repAt(2022, 9, 1, 10, 0)) {
			t.Errorf("A: missing %v, last mounted %v", e.Missing, e.LastMounted)
		}
		if e := q.Entries[2]; strings.Join(e.Missing, ",") != "备注" || !e.LastMounted.Equal(repAt(2022, 8, 20, 10, 0)) {
			t.Errorf("C: missing %v, last mounted %v", e.Missing, e.LastMounted)
		}
		if e := q.Entries[1]; e.Missing != nil || !e.LastMounted.IsZero() {
			t.Errorf("B: %+v", e)
		}
		overall := []string{"305/320=95.31%", "472/479=98.54%", "4/5=80.00%", "1/3=33.33%", "5/7=71.43%"}
		wantWorst := [][]string{{c.Code, a.Code}, {a.Code, c.Code}, {a.Code}, {b.Code, c.Code}, {c.Code, a.Code}}
		if len(q.Dimensions) != 5 {
			t.Fatalf("dimensions = %+v", q.Dimensions)
		}
		for i, dq := range q.Dimensions {
			if dq.Dimension != datashare.Dimensions()[i] || repRate(dq.Overall) != overall[i] {
				t.Errorf("%s overall = %s, want %s", dq.Dimension, repRate(dq.Overall), overall[i])
			}
			num, den, _ := strings.Cut(strings.Split(overall[i], "=")[0], "/")
			if !strings.Contains(dq.Rule, num+" / "+den) || !strings.HasSuffix(dq.Rule, "= "+strings.Split(overall[i], "=")[1]) {
				t.Errorf("%s rule = %q", dq.Dimension, dq.Rule)
			}
			var codes []string
			for _, w := range dq.Worst {
				codes = append(codes, w.Code)
			}
			if strings.Join(codes, " ") != strings.Join(wantWorst[i], " ") {
				t.Errorf("%s worst = %v, want %v", dq.Dimension, codes, wantWorst[i])
			}
		}
		if w := q.Dimensions[4].Worst[0]; strings.Join(w.Missing, ",") != "备注" || w.Rate.String() != "66.67%" || w.Name != c.Name {
			t.Errorf("worst consistency = %+v", w)
		}
	})
	t.Run("OKDefaultWorst", func(t *testing.T) {
		q, err := s.Quality(ctx, repViewer(), datashare.QualityQuery{})
		if err != nil || len(q.Dimensions[3].Worst) != 3 {
			t.Fatalf("quality = %+v, %v", q, err)
		}
		q, err = s.Quality(ctx, repCenter(), datashare.QualityQuery{Worst: 1})
		if err != nil || len(q.Dimensions[0].Worst) != 1 || q.Dimensions[0].Worst[0].Code != c.Code {
			t.Fatalf("quality = %+v, %v", q, err)
		}
	})
	t.Run("OKDepartment", func(t *testing.T) {
		q, err := s.Quality(ctx, repRSJ(), datashare.QualityQuery{})
		if err != nil || q.Department != "RSJ" || q.Catalogs != 2 || repRate(q.Dimensions[3].Overall) != "1/2=50.00%" {
			t.Fatalf("quality = %+v, %v", q, err)
		}
	})
	t.Run("OKCost", func(t *testing.T) {
		st.recordReads.Store(0)
		st.batchPages.Store(0)
		if _, err := s.Quality(ctx, repCenter(), datashare.QualityQuery{}); err != nil {
			t.Fatal(err)
		}
		if st.batchPages.Load() != 0 {
			t.Fatalf("read %d pages of batches: the Store's counts stand for them", st.batchPages.Load())
		}
		if st.recordReads.Load() != 0 || st.unbounded.Load() {
			t.Fatalf("record reads %d, unbounded %v", st.recordReads.Load(), st.unbounded.Load())
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		_, err := s.Quality(ctx, repGAJ(), datashare.QualityQuery{Department: "RSJ"})
		repForbiddenField(t, err, "department")
	})
	t.Run("ErrWorst", func(t *testing.T) {
		for _, n := range []int{-1, 501} {
			_, err := s.Quality(ctx, repCenter(), datashare.QualityQuery{Worst: n})
			repFields(t, err, map[string]string{"worst": "between 1 and 500"})
		}
	})
}

func TestService_QualityTimeliness(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		cycle  datashare.Cycle
		now    time.Time
		latest time.Time
		onTime bool
	}{
		{datashare.CycleRealtime, repAt(2022, 9, 5, 10, 0), repAt(2022, 9, 4, 10, 0), true},
		{datashare.CycleRealtime, repAt(2022, 9, 5, 10, 0), repAt(2022, 9, 4, 9, 59), false},
		{datashare.CycleDaily, repAt(2022, 9, 5, 10, 0), repAt(2022, 9, 4, 10, 0), true},
		{datashare.CycleDaily, repAt(2022, 9, 5, 10, 0), repAt(2022, 9, 4, 9, 59), false},
		{datashare.CycleWeekly, repAt(2022, 9, 5, 10, 0), repAt(2022, 8, 29, 10, 0), true},
		{datashare.CycleWeekly, repAt(2022, 9, 5, 10, 0), repAt(2022, 8, 29, 9, 59), false},
		// A month before 31 March is the last day of February.
		{datashare.CycleMonthly, repAt(2022, 3, 31, 10, 0), repAt(2022, 2, 28, 10, 0), true},
		{datashare.CycleMonthly, repAt(2022, 3, 31, 10, 0), repAt(2022, 2, 28, 9, 59), false},
		{datashare.CycleMonthly, repAt(2022, 3, 1, 10, 0), repAt(2022, 1, 31, 10, 0), false},
		// Months are counted in Shanghai: 1 March 00:30 there is still
		// February in UTC.
		{datashare.CycleMonthly, repAt(2022, 3, 1, 0, 30), repAt(2022, 2, 1, 0, 30), true},
		{datashare.CycleQuarterly, repAt(2022, 5, 31, 10, 0), repAt(2022, 2, 28, 10, 0), true},
		{datashare.CycleQuarterly, repAt(2022, 5, 31, 10, 0), repAt(2022, 2, 28, 9, 59), false},
		{datashare.CycleYearly, repAt(2024, 2, 29, 10, 0), repAt(2023, 2, 28, 10, 0), true},
		{datashare.CycleYearly, repAt(2024, 2, 29, 10, 0), repAt(2023, 2, 28, 9, 59), false},
		// A commit after now (a clock set back) is up to date.
		{datashare.CycleDaily, repAt(2022, 9, 5, 10, 0), repAt(2022, 9, 5, 11, 0), true},
	} {
		t.Run(fmt.Sprintf("%s/%s/%s", tt.cycle, tt.now.Format("0102T1504"), tt.latest.Format("0102T1504")), func(t *testing.T) {
			s, st, clk := repService(t)
			e := repCatalog("RSJ", 1, func(c *datashare.Catalog) { c.Cycle = tt.cycle })
			repSeed(t, st, e)
			repMount(t, st, &e, repBatch{Mounted: 1, Finished: tt.latest.Add(-48 * time.Hour * 365)})
			repMount(t, st, &e, repBatch{Mounted: 1, Finished: tt.latest})
			clk.Set(tt.now)
			q, err := s.Quality(ctx, repCenter(), datashare.QualityQuery{})
			if err != nil {
				t.Fatal(err)
			}
			want := "0/1=0.00%"
			if tt.onTime {
				want = "1/1=100.00%"
			}
			if got := repRate(q.Entries[0].Timeliness); got != want {
				t.Fatalf("timeliness = %s, want %s", got, want)
			}
		})
	}
}
