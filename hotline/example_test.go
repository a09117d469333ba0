package hotline_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/hotline/hotlinemem"
)

// A month of a small district: callbacks imported from the city's CSV,
// outcomes fed by the case hook, one deduction, and the assessment.
func Example() {
	ctx := context.Background()
	now := time.Date(2022, 9, 5, 10, 0, 0, 0, govops.ShanghaiLocation())
	svc := hotline.NewService(hotlinemem.New(), hotline.WithNow(func() time.Time { return now }))
	aug := hotline.NewMonth(2022, 8)
	// Center staff have no department; the case hook writes as center
	// staff under its own name.
	li := govops.Actor{Name: "center-li"}
	hook := govops.Actor{Name: "govcase"}

	csv := `case_number,department,result,called_at
2022-000101,yuejin,非常满意,2022-08-03 10:00
2022-000102,yuejin,满意,2022-08-04 10:00
2022-000103,yuejin,不满意,2022-08-05 10:00
2022-000104,zhifa,基本满意,2022-08-05 11:00
2022-000105,zhifa,未接通,2022-08-06 09:00
`
	if _, err := svc.ImportCallbacksCSV(ctx, li, strings.NewReader(csv), csvimport.AllOrNothing); err != nil {
		fmt.Println(err)
		return
	}
	for i, dept := range []string{"yuejin", "yuejin", "yuejin", "zhifa", "zhifa"} {
		_, err := svc.RecordOutcome(ctx, hook, hotline.OutcomeInput{
			CaseNumber: fmt.Sprintf("2022-%06d", 101+i), Department: dept, Month: aug,
			Dispatched: true, AcceptedOnTime: true, ResolvedOnTime: i != 2, Replied: true,
		})
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	if _, err := svc.RecordDeduction(ctx, li, hotline.DeductionInput{
		Department: "yuejin", Month: aug, RuleCode: hotline.RuleOverdue,
		Reason: "2022-000103 超期办结", CaseNumber: "2022-000103",
	}); err != nil {
		fmt.Println(err)
		return
	}

	ma, err := svc.MonthlyAssessment(ctx, li, aug)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range append([]hotline.Assessment{ma.District}, ma.Departments...) {
		name := a.Department
		if name == "" {
			name = "district"
		}
		fmt.Printf("%-8s volume %d  满意率 %-7s 按时办结率 %-7s 扣分 %s  total %s\n", name, a.Volume,
			a.Satisfaction(), a.Indicator(hotline.IndicatorResolveOnTime).Rate, a.DeductionPoints, a.Total)
	}
	// Output:
	// district volume 5  满意率 75.00%  按时办结率 80.00%  扣分 0.2  total 49.8
	// yuejin   volume 3  满意率 66.67%  按时办结率 66.67%  扣分 0.2  total 34.8
	// zhifa    volume 2  满意率 100.00% 按时办结率 100.00% 扣分 0  total 100
}

// Rank shares ranks between equal scores.
func ExampleRank() {
	y := hotline.YearPeriod(2022)
	results := []hotline.PeerResult{
		{District: "城中区", Period: y, Score: dec("97.20")},
		{District: "柳北区", Period: y, Score: dec("98.50")},
		{District: "鱼峰区", Period: y, Score: dec("97.20")},
		{District: "柳南区", Period: y, Score: dec("96.90")},
	}
	for _, r := range hotline.Rank(results, "柳北区") {
		fmt.Println(r.Rank, r.District, r.Score, r.Home)
	}
	// Output:
	// 1 柳北区 98.5 true
	// 2 城中区 97.2 false
	// 2 鱼峰区 97.2 false
	// 4 柳南区 96.9 false
}

// The Service decides what each actor (govops.Actor) may see and do: a
// department reads only its own rows (with the district totals) and
// appeals the deductions against it, naming them by ID; only the center
// records deductions and decides appeals. IfVersion makes a write fail
// with ECONFLICT when someone changed the deduction since it was read.
func ExampleService_FileAppeal() {
	ctx := context.Background()
	now := time.Date(2022, 9, 5, 10, 0, 0, 0, govops.ShanghaiLocation())
	svc := hotline.NewService(hotlinemem.New(), hotline.WithNow(func() time.Time { return now }))
	aug := hotline.NewMonth(2022, 8)
	center := govops.Actor{Name: "center-li"}
	yuejin := govops.Actor{Name: "yuejin-wang", Department: "yuejin"}
	zhifa := govops.Actor{Name: "zhifa-liu", Department: "zhifa"}

	for _, dept := range []string{"yuejin", "zhifa"} {
		if _, err := svc.RecordDeduction(ctx, center, hotline.DeductionInput{
			Department: dept, Month: aug, RuleCode: hotline.RuleOverdue, Reason: "超期办结"}); err != nil {
			fmt.Println(err)
			return
		}
	}
	_, err := svc.RecordDeduction(ctx, yuejin, hotline.DeductionInput{
		Department: "zhifa", Month: aug, RuleCode: hotline.RuleOverdue, Reason: "r"})
	fmt.Println("yuejin records a deduction:", govops.ErrorCode(err))

	ma, _ := svc.MonthlyAssessment(ctx, yuejin, aug)
	fmt.Println("yuejin's rows:", len(ma.Departments), ma.Departments[0].Department,
		"district deductions:", ma.District.Deductions)

	// yuejin's listing holds its own deduction alone.
	own, _ := svc.ListDeductions(ctx, yuejin, hotline.DeductionFilter{})
	ref := own.Items[0].ID.String()
	_, err = svc.FileAppeal(ctx, zhifa, ref, hotline.AppealInput{Materials: "m"})
	fmt.Println("zhifa appeals yuejin's deduction:", govops.ErrorCode(err))
	_, err = svc.FileAppeal(ctx, yuejin, ref, hotline.AppealInput{Materials: "m", IfVersion: 7})
	fmt.Println("yuejin appeals version 7:", govops.ErrorCode(err))
	d, err := svc.FileAppeal(ctx, yuejin, ref, hotline.AppealInput{Materials: "系统延迟，已按时办结", IfVersion: own.Items[0].Version})
	fmt.Println("yuejin appeals its own:", d.Status, "version", d.Version, err)
	_, err = svc.DecideAppeal(ctx, yuejin, ref, hotline.DecisionInput{Decision: hotline.DecisionOverturn, Note: "n"})
	fmt.Println("yuejin decides:", govops.ErrorCode(err))
	d, err = svc.DecideAppeal(ctx, center, ref, hotline.DecisionInput{Decision: hotline.DecisionOverturn, Note: "属实", IfVersion: d.Version})
	fmt.Println("the center decides:", d.Status, err)
	// Output:
	// yuejin records a deduction: forbidden
	// yuejin's rows: 1 yuejin district deductions: 2
	// zhifa appeals yuejin's deduction: not_found
	// yuejin appeals version 7: conflict
	// yuejin appeals its own: appealed version 2 <nil>
	// yuejin decides: forbidden
	// the center decides: overturned <nil>
}

// A listing comes a page at a time: Next is the cursor of the page after,
// empty on the last page. Limit 0 means 50 to a page; more than 500 is
// EINVALID naming "limit".
func ExampleService_ListCallbacks() {
	ctx := context.Background()
	now := time.Date(2022, 9, 5, 10, 0, 0, 0, govops.ShanghaiLocation())
	svc := hotline.NewService(hotlinemem.New(), hotline.WithNow(func() time.Time { return now }))
	li := govops.Actor{Name: "center-li"}
	var ins []hotline.CallbackInput
	for i := range 5 {
		ins = append(ins, hotline.CallbackInput{CaseNumber: fmt.Sprintf("2022-%06d", 101+i), Department: "yuejin",
			Result: hotline.ResultSatisfied, CalledAt: time.Date(2022, 8, 3+i, 10, 0, 0, 0, govops.ShanghaiLocation())})
	}
	if _, err := svc.ImportCallbacks(ctx, li, ins, csvimport.AllOrNothing); err != nil {
		fmt.Println(err)
		return
	}
	f := hotline.CallbackFilter{Department: "yuejin", Limit: 2}
	for n := 1; ; n++ {
		page, err := svc.ListCallbacks(ctx, li, f)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Print("page ", n, ":")
		for _, c := range page.Items {
			fmt.Print(" ", c.CaseNumber)
		}
		fmt.Println()
		if page.Next == "" {
			break
		}
		f.Cursor = page.Next
	}
	_, err := svc.ListCallbacks(ctx, li, hotline.CallbackFilter{Limit: 501})
	fmt.Println(err)
	// Output:
	// page 1: 2022-000105 2022-000104
	// page 2: 2022-000103 2022-000102
	// page 3: 2022-000101
	// invalid: limit: must be between 1 and 500 (0 or none means 50)
}

// A deduction recorded at the end of 2027 has an appeal window that runs
// into 2028, whose holiday notice is not out yet: it is counted on the
// provisional calendar. Once the notice is loaded, the window is counted
// again.
func ExampleService_RecomputeAppealWindows() {
	ctx := context.Background()
	cal, err := govops.NewCalendar(govops.CalendarConfig{})
	if err != nil {
		fmt.Println(err)
		return
	}
	now := time.Date(2027, 12, 28, 10, 0, 0, 0, govops.ShanghaiLocation())
	svc := hotline.NewService(hotlinemem.New(), hotline.WithCalendar(cal), hotline.WithNow(func() time.Time { return now }))
	li := govops.Actor{Name: "center-li"}
	d, err := svc.RecordDeduction(ctx, li, hotline.DeductionInput{
		Department: "yuejin", Month: hotline.NewMonth(2027, 12), RuleCode: hotline.RuleOverdue, Reason: "超期办结",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Times are stored in UTC; the district reads them in Asia/Shanghai.
	loc := govops.ShanghaiLocation()
	fmt.Println("recorded: appeal by", d.AppealBy.In(loc).Format("2006-01-02"), "provisional:", d.AppealByProvisional)

	// The 2028 notice gives 3–5 January off.
	notice, err := govops.ParseCalendarTable(strings.NewReader("year 2028\n2028-01-03 off 元旦\n2028-01-04 off 元旦\n2028-01-05 off 元旦\n"))
	if err == nil {
		err = cal.SetTables(notice)
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := svc.RecomputeAppealWindows(ctx, li)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, ch := range rep.Changes {
		fmt.Println("moved:", ch.Field, ch.Old.In(loc).Format("2006-01-02"), "→", ch.New.In(loc).Format("2006-01-02"), "provisional:", ch.Provisional)
	}
	hist, _ := svc.DeductionHistory(ctx, li, d.ID.String())
	last := hist[len(hist)-1]
	fmt.Println(last.Type.Label()+":", last.Note)
	// Output:
	// recorded: appeal by 2028-01-05 provisional: true
	// moved: appeal_by 2028-01-05 → 2028-01-08 provisional: false
	// 复核期限重算: appeal_by 2028-01-05 00:00 → 2028-01-08 00:00
}
