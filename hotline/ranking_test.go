package hotline_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/hotline"
)

func TestRank(t *testing.T) {
	y := hotline.YearPeriod(2022)
	pr := func(spec string) []hotline.PeerResult {
		var out []hotline.PeerResult
		for _, f := range strings.Fields(spec) {
			name, score, _ := strings.Cut(f, "=")
			out = append(out, hotline.PeerResult{District: name, Period: y, Score: dec(score)})
		}
		return out
	}
	for _, tc := range []struct {
		name, in, want string // want: "rank:name" in display order
	}{
		{"Distinct", "B=91 A=90 C=92", "1:C 2:B 3:A"},
		{"TieSharesAndSkips", "A=98 C=97 B=97 D=96", "1:A 2:B 2:C 4:D"},
		{"TieAtTop", "B=95 A=95 C=94", "1:A 1:B 3:C"},
		{"AllEqual", "C=90 B=90 A=90", "1:A 1:B 1:C"},
		{"TieAtBottom", "A=99 C=80 B=80", "1:A 2:B 2:C"},
		{"TwoTies", "A=9 B=9 C=8 D=8 E=7", "1:A 1:B 3:C 3:D 5:E"},
		{"ScaleDoesNotMatter", "A=97.0 B=97.00 C=97.01", "1:C 2:A 2:B"},
		{"ChineseNamesByCodePoint", "柳南区=96 城中区=96 柳北区=98", "1:柳北区 2:城中区 2:柳南区"},
		{"Empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, r := range hotline.Rank(pr(tc.in), "") {
				got = append(got, fmt.Sprintf("%d:%s", r.Rank, r.District))
			}
			if g := strings.Join(got, " "); g != tc.want {
				t.Fatalf("Rank(%s) = %q, want %q", tc.in, g, tc.want)
			}
		})
	}
}

func TestService_PeerRanking(t *testing.T) {
	ctx := context.Background()
	svc, _ := MustOpenService(t, hotline.WithHomeDistrict("柳北区"))
	csv := "district,period,score,satisfaction\n" +
		"城中区,2022,97.20,95.10\n" +
		"柳北区,2022,98.50,95.92%\n" +
		"鱼峰区,2022,97.20,94.80\n" +
		"柳南区,2022,96.90,94.20\n" +
		"柳北区,2022-08,99.40,96.10\n"
	rep, err := svc.ImportPeerResultsCSV(ctx, staff("admin"), strings.NewReader(csv), csvimport.AllOrNothing)
	if err != nil || rep.Imported != 5 {
		t.Fatalf("import = %+v, %v", rep, err)
	}
	rk, err := svc.PeerRanking(ctx, center(), hotline.YearPeriod(2022))
	if err != nil {
		t.Fatal(err)
	}
	if rk.HomeRank != 1 || len(rk.Districts) != 4 || !rk.Districts[0].Home || rk.Districts[0].District != "柳北区" {
		t.Fatalf("ranking = %+v", rk)
	}
	if rk.Districts[1].Rank != 2 || rk.Districts[2].Rank != 2 || rk.Districts[3].Rank != 4 {
		t.Fatalf("ranks = %+v, want 1 2 2 4", rk.Districts)
	}
	if !rk.Districts[0].Satisfaction.Equal(dec("95.92")) {
		t.Fatalf("satisfaction = %s", rk.Districts[0].Satisfaction)
	}

	t.Run("ReimportReplacesThePeriod", func(t *testing.T) {
		_, err := svc.ImportPeerResults(ctx, staff("admin"), []hotline.PeerResult{
			{District: "城中区", Period: hotline.YearPeriod(2022), Score: dec("99"), Satisfaction: dec("96")},
			{District: "柳北区", Period: hotline.YearPeriod(2022), Score: dec("98.5"), Satisfaction: dec("95.92")},
		}, csvimport.AllOrNothing)
		if err != nil {
			t.Fatal(err)
		}
		rk, _ := svc.PeerRanking(ctx, center(), hotline.YearPeriod(2022))
		if len(rk.Districts) != 2 || rk.HomeRank != 2 {
			t.Fatalf("ranking = %+v", rk)
		}
		m, _ := svc.PeerRanking(ctx, center(), hotline.MonthPeriod(hotline.NewMonth(2022, 8)))
		if len(m.Districts) != 1 {
			t.Fatalf("the month's results were touched: %+v", m)
		}
	})
	t.Run("HomeMissing", func(t *testing.T) {
		rk, err := svc.PeerRanking(ctx, center(), hotline.YearPeriod(2021))
		if err != nil || rk.HomeRank != 0 || len(rk.Districts) != 0 {
			t.Fatalf("ranking = %+v, %v", rk, err)
		}
	})
	t.Run("ErrDuplicateDistrict", func(t *testing.T) {
		rep, err := svc.ImportPeerResults(ctx, staff("admin"), []hotline.PeerResult{
			{District: "城中区", Period: hotline.YearPeriod(2023), Score: dec("99"), Satisfaction: dec("96")},
			{District: "城中区", Period: hotline.YearPeriod(2023), Score: dec("98"), Satisfaction: dec("96")},
		}, csvimport.AllOrNothing)
		mustCode(t, err, govops.EINVALID)
		if len(rep.Errors) != 1 || rep.Errors[0].Row != 2 {
			t.Fatalf("report = %+v", rep)
		}
	})
	t.Run("ErrBadPeriod", func(t *testing.T) {
		_, err := svc.PeerRanking(ctx, center(), hotline.Period{Year: 2022, Month: 14})
		mustField(t, err, "period")
	})
}

// TestService_ImportPeerResultsKeepGood checks that a keep-good import never
// drops a district from a ranking: a period is replaced as a whole, so a
// period with a bad row is not replaced at all and its good rows are
// reported as not imported.
func TestService_ImportPeerResultsKeepGood(t *testing.T) {
	ctx := context.Background()
	y2022, aug := hotline.YearPeriod(2022), hotline.MonthPeriod(hotline.NewMonth(2022, 8))
	stored := "district,period,score,satisfaction\n" +
		"城中区,2022,97.20,95.10\n" +
		"柳北区,2022,98.50,95.92\n" +
		"鱼峰区,2022,97.20,94.80\n" +
		"柳北区,2022-08,99.40,96.10\n"
	open := func(t *testing.T) *hotline.Service {
		t.Helper()
		svc, _ := MustOpenService(t, hotline.WithHomeDistrict("柳北区"))
		if _, err := svc.ImportPeerResultsCSV(ctx, center(), strings.NewReader(stored), csvimport.AllOrNothing); err != nil {
			t.Fatal(err)
		}
		return svc
	}
	ranking := func(t *testing.T, svc *hotline.Service, p hotline.Period) string {
		t.Helper()
		rk, err := svc.PeerRanking(ctx, center(), p)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, d := range rk.Districts {
			out = append(out, fmt.Sprintf("%d %s %s", d.Rank, d.District, d.Score.StringFixed(2)))
		}
		return strings.Join(out, ", ")
	}
	errorsOf := func(rep *csvimport.Report) string {
		var out []string
		for _, e := range rep.Errors {
			out = append(out, fmt.Sprintf("%d %s", e.Row, e.Field))
		}
		return strings.Join(out, ", ")
	}
	before2022 := "1 柳北区 98.50, 2 城中区 97.20, 2 鱼峰区 97.20"

	t.Run("PeriodWithABadRowIsKept", func(t *testing.T) {
		svc := open(t)
		// 2022: one good row, and 柳北区's row is bad. 2022-08: all good.
		csv := "district,period,score,satisfaction\n" +
			"城中区,2022,99.00,96.00\n" + // line 2: good, but its period has a bad row
			"柳北区,2022,9x.5,95.00\n" + // line 3: bad score
			"柳北区,2022-08,99.00,96.00\n" + // line 4: good
			"城中区,2022-08,98.00,95.00\n" // line 5: good
		rep, err := svc.ImportPeerResultsCSV(ctx, center(), strings.NewReader(csv), csvimport.KeepGood)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Rows != 4 || rep.Imported != 2 || rep.BadRows() != 2 || errorsOf(rep) != "2 period, 3 score" {
			t.Fatalf("report = %+v; want 2 of 4 rows imported, rows 2 (held back) and 3 (bad) reported", rep)
		}
		if p := rep.Errors[0].Problem; !strings.Contains(p, "row 3") || !strings.Contains(p, "2022") {
			t.Fatalf("the held-back row does not say why: %q", p)
		}
		if got := ranking(t, svc, y2022); got != before2022 {
			t.Fatalf("2022 = %s; want it untouched: %s", got, before2022)
		}
		if got := ranking(t, svc, aug); got != "1 柳北区 99.00, 2 城中区 98.00" {
			t.Fatalf("2022-08 = %s; want it replaced", got)
		}
	})
	t.Run("DuplicateHoldsBackItsPeriod", func(t *testing.T) {
		svc := open(t)
		rep, err := svc.ImportPeerResults(ctx, center(), []hotline.PeerResult{
			{District: "城中区", Period: y2022, Score: dec("99"), Satisfaction: dec("96")},
			{District: "城中区", Period: y2022, Score: dec("98"), Satisfaction: dec("96")},
		}, csvimport.KeepGood)
		if err != nil || rep.Imported != 0 || errorsOf(rep) != "1 period, 2 district" {
			t.Fatalf("report = %+v, %v", rep, err)
		}
		if got := ranking(t, svc, y2022); got != before2022 {
			t.Fatalf("2022 = %s; want it untouched", got)
		}
	})
	t.Run("BadRowInGoSliceHoldsBackItsPeriod", func(t *testing.T) {
		svc := open(t)
		rep, err := svc.ImportPeerResults(ctx, center(), []hotline.PeerResult{
			{District: "城中区", Period: y2022, Score: dec("99"), Satisfaction: dec("96")},
			{District: "柳北区", Period: y2022, Score: dec("-1"), Satisfaction: dec("96")},
			{District: "柳北区", Period: aug, Score: dec("97"), Satisfaction: dec("96")},
		}, csvimport.KeepGood)
		if err != nil || rep.Imported != 1 || errorsOf(rep) != "1 period, 2 score" {
			t.Fatalf("report = %+v, %v", rep, err)
		}
		if got := ranking(t, svc, y2022); got != before2022 {
			t.Fatalf("2022 = %s; want it untouched", got)
		}
		if got := ranking(t, svc, aug); got != "1 柳北区 97.00" {
			t.Fatalf("2022-08 = %s", got)
		}
	})
	t.Run("UnreadablePeriodHoldsBackEveryPeriod", func(t *testing.T) {
		svc := open(t)
		csv := "district,period,score,satisfaction\n" +
			"城中区,2022,99.00,96.00\n" +
			"柳北区,2022-08,99.00,96.00\n" +
			"柳北区,二〇二二,98.00,95.00\n" // which period this was for cannot be known
		rep, err := svc.ImportPeerResultsCSV(ctx, center(), strings.NewReader(csv), csvimport.KeepGood)
		if err != nil || rep.Imported != 0 || errorsOf(rep) != "2 period, 3 period, 4 period" {
			t.Fatalf("report = %+v, %v", rep, err)
		}
		if got := ranking(t, svc, y2022); got != before2022 {
			t.Fatalf("2022 = %s; want it untouched", got)
		}
		if got := ranking(t, svc, aug); got != "1 柳北区 99.40" {
			t.Fatalf("2022-08 = %s; want it untouched", got)
		}
	})
	t.Run("AllOrNothingUnchanged", func(t *testing.T) {
		svc := open(t)
		csv := "district,period,score,satisfaction\n" +
			"城中区,2022,99.00,96.00\n" +
			"柳北区,2022,9x.5,95.00\n" +
			"柳北区,2022-08,99.00,96.00\n"
		rep, err := svc.ImportPeerResultsCSV(ctx, center(), strings.NewReader(csv), csvimport.AllOrNothing)
		mustCode(t, err, govops.EINVALID)
		// Only the bad row is reported: nothing was written anyway.
		if rep.Imported != 0 || errorsOf(rep) != "3 score" {
			t.Fatalf("report = %+v", rep)
		}
		if got := ranking(t, svc, y2022); got != before2022 {
			t.Fatalf("2022 = %s; want it untouched", got)
		}
	})
}
