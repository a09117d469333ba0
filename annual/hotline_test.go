package annual_test

import (
	"strings"
	"testing"

	"github.com/govops-kit/govops/annual"
)

func TestHotlineSection(t *testing.T) {
	w := newCasesWorld(t)
	t.Run("Center", func(t *testing.T) {
		r, s := w.section(worldCenter, annual.SectionHotline)
		wantFigures(t, r, map[string]string{
			annual.KeySatisfaction: "83.34", annual.KeyDeducted: "0.2", annual.KeyDeductedUnits: "1",
			annual.KeyRank: "2", annual.KeyResponseRate: "80",
		})
		f, _ := r.Figure(annual.KeyResponseRate)
		if f.Numerator.IntPart() != 4 || f.Denominator.IntPart() != 5 {
			t.Errorf("response %v/%v, want 4/5 (the hotline cases dispatched in 2022)", f.Numerator, f.Denominator)
		}
		f, _ = r.Figure(annual.KeySatisfaction)
		if f.Denominator == nil || f.Denominator.IntPart() != 2 || f.Numerator.String() != "166.67" {
			t.Errorf("satisfaction %v over %v months, want 166.67 over 2", f.Numerator, f.Denominator)
		}
		for _, want := range []string{"更新到4月", "83.34%", "共被扣0.2分", "区执法局被扣0.2分", "排名为第二", "复核"} {
			if !strings.Contains(s.Text, want) {
				t.Errorf("text %q lacks %q", s.Text, want)
			}
		}
		if strings.Contains(s.Text, "事事有回应") {
			t.Errorf("text %q claims every case answered", s.Text)
		}
		// The monthly series is what the average was taken of: two months
		// whose rates sum to the figure's numerator.
		sr, ok := s.SeriesOf(annual.KeySatisfaction)
		if !ok || len(sr.Points) != 2 {
			t.Fatalf("series %+v, want the two months with callbacks", sr)
		}
		sum := sr.Points[0].Value.Add(sr.Points[1].Value)
		if !sum.Equal(*f.Numerator) || sr.Points[0].Month >= sr.Points[1].Month {
			t.Errorf("series %+v: sum %v, want %v, months in order", sr.Points, sum, f.Numerator)
		}
	})
	t.Run("Department", func(t *testing.T) {
		r, s := w.section(worldYuejin, annual.SectionHotline)
		wantFigures(t, r, map[string]string{
			annual.KeySatisfaction: "100", annual.KeyDeducted: "0", annual.KeyDeductedUnits: "0",
			annual.KeyRank: "2", annual.KeyResponseRate: "100",
		})
		if !strings.Contains(s.Text, "事事有回应") || !strings.Contains(s.Text, "未被扣分") {
			t.Errorf("text %q", s.Text)
		}
		r, _ = w.section(worldZhifa, annual.SectionHotline)
		wantFigures(t, r, map[string]string{annual.KeySatisfaction: "50", annual.KeyDeducted: "0.2", annual.KeyDeductedUnits: "1"})
	})
	t.Run("NoRanking", func(t *testing.T) {
		r, err := annual.Build(w.ctx, w.svc.Annual(), worldCenter, 2021)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := r.Figure(annual.KeyRank); ok {
			t.Error("2021 has no published results, but the report ranks it")
		}
		for _, s := range r.Sections {
			if s.Key == annual.SectionHotline && len(s.Notes) == 0 {
				t.Error("2021: no note says the rank is missing")
			}
		}
	})
}
