// Command hotline-assessment rebuilds the 12345 hotline part of a district
// center's 2022 work summary from data: it fills an in-memory store with
// January–August 2022 callbacks, case outcomes, deductions, one appeal and
// the city's published district results, runs the monthly and year-to-date
// assessment through hotline.Service, and prints the paragraph the summary
// reports. Every figure printed is computed; only the raw records below are
// made up.
//
//	go run ./examples/hotline-assessment
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/hotline/hotlinemem"
)

// home is the district assessed.
const home = "柳北区"

// The actors: the center's assessment team (center staff have no
// department), and the clerk of the department that appeals.
func assessor() govops.Actor { return govops.Actor{Name: "中心-考核组"} }
func zhengbuClerk() govops.Actor {
	return govops.Actor{Name: "征补中心-经办人", Department: "zhengbu"}
}

// department is one handling department: its code and its name.
type department struct{ code, name string }

func departments() []department {
	return []department{
		{"yuejin", "区跃进街道办事处"}, {"zhifa", "区执法局"}, {"zhengbu", "区征补中心"},
		{"zhujian", "区住建局"}, {"shijian", "区市场监管局"}, {"jiaoyu", "区教育局"},
		{"weijian", "区卫健局"}, {"minzheng", "区民政局"}, {"jiefang", "区解放街道办事处"},
		{"queershan", "区雀儿山街道办事处"}, {"shengli", "区胜利街道办事处"}, {"jinxiu", "区锦绣街道办事处"},
	}
}

// monthData is what happened in one month: valid callbacks (answered),
// how many of them were satisfied, and callbacks nobody answered.
type monthData struct {
	valid, satisfied, unreachable int
}

// year2022 holds the callback volumes of January–August 2022. The monthly
// satisfaction rates they give (95.80, 96.00, 95.91, 96.00, 95.83, 96.00,
// 95.92, 95.92) are not used anywhere: the program computes them.
func year2022() []monthData {
	return []monthData{
		{1000, 958, 31}, {900, 864, 27}, {1100, 1055, 35}, {1050, 1008, 30},
		{1200, 1150, 38}, {1150, 1104, 33}, {1250, 1199, 40}, {1200, 1151, 36},
	}
}

// summary holds the figures of the printed paragraph.
type summary struct {
	Through             hotline.Month
	AverageSatisfaction decimal.Decimal
	DeductionPoints     decimal.Decimal
	Deducted            []string // "区跃进街道办事处被扣0.2分"
	Appealed            int
	Rank                int
	Districts           int
	Response            govops.Rate
	Volume              int64
	Monthly             []string // "1月95.80%"
}

func main() {
	if _, err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "hotline-assessment:", err)
		os.Exit(1)
	}
}

// run builds the data, assesses it and writes the paragraph to w.
func run(ctx context.Context, w io.Writer) (*summary, error) {
	clock := shanghai(2022, 9, 5, 10, 0)
	svc := hotline.NewService(hotlinemem.New(),
		hotline.WithNow(func() time.Time { return clock }),
		hotline.WithHomeDistrict(home))
	depts := departments()
	names := map[string]string{}
	for _, d := range depts {
		names[d.code] = d.name
	}

	if err := seed(ctx, svc, depts); err != nil {
		return nil, err
	}

	// Three 0.2-point deductions, each recorded when the month's results
	// came out, then one appeal filed within its window.
	type ded struct {
		dept, rule, reason string
		month              hotline.Month
		at                 time.Time
	}
	var zhengbu *hotline.Deduction
	for _, d := range []ded{
		{"yuejin", hotline.RuleDissatisfiedVerified, "市民回访不满意，经核实属实", hotline.NewMonth(2022, 3), shanghai(2022, 4, 8, 9, 0)},
		{"zhifa", hotline.RuleOverdue, "占道经营投诉超期办结", hotline.NewMonth(2022, 6), shanghai(2022, 7, 7, 9, 0)},
		{"zhengbu", hotline.RuleOverdue, "征地补偿咨询超期答复", hotline.NewMonth(2022, 8), shanghai(2022, 9, 1, 9, 0)},
	} {
		clock = d.at
		rec, err := svc.RecordDeduction(ctx, assessor(), hotline.DeductionInput{
			Department: d.dept, Month: d.month, RuleCode: d.rule, Reason: d.reason})
		if err != nil {
			return nil, err
		}
		if d.dept == "zhengbu" {
			zhengbu = rec
		}
	}
	clock = shanghai(2022, 9, 5, 10, 0)
	// Only the department a deduction is against may appeal it.
	if _, err := svc.FileAppeal(ctx, zhengbuClerk(), zhengbu.ID.String(), hotline.AppealInput{
		Materials:   "该件已在时限内电话答复市民，系统办结时间录入滞后",
		Attachments: []string{"通话记录截图.png", "办结说明.pdf"},
	}); err != nil {
		return nil, err
	}

	through := hotline.NewMonth(2022, 8)
	ytd, err := svc.YearToDate(ctx, assessor(), through)
	if err != nil {
		return nil, err
	}

	// The city's published results of the other urban districts; ours is
	// the year-to-date result just computed.
	y := hotline.YearPeriod(2022)
	peers := []hotline.PeerResult{
		{District: "城中区", Period: y, Score: decimal.RequireFromString("98.62"), Satisfaction: decimal.RequireFromString("95.31")},
		{District: "鱼峰区", Period: y, Score: decimal.RequireFromString("98.62"), Satisfaction: decimal.RequireFromString("95.08")},
		{District: "柳南区", Period: y, Score: decimal.RequireFromString("98.15"), Satisfaction: decimal.RequireFromString("94.66")},
		{District: "柳江区", Period: y, Score: decimal.RequireFromString("97.90"), Satisfaction: decimal.RequireFromString("94.12")},
		{District: home, Period: y, Score: ytd.District.AverageScore, Satisfaction: ytd.District.AverageSatisfaction},
	}
	if _, err := svc.ImportPeerResults(ctx, assessor(), peers, csvimport.AllOrNothing); err != nil {
		return nil, err
	}
	rk, err := svc.PeerRanking(ctx, assessor(), y)
	if err != nil {
		return nil, err
	}
	appealed, err := countAppealed(ctx, svc, hotline.MonthRange{First: hotline.NewMonth(2022, 1), Last: through})
	if err != nil {
		return nil, err
	}

	s := &summary{Through: through, AverageSatisfaction: ytd.District.AverageSatisfaction,
		DeductionPoints: ytd.District.DeductionPoints, Appealed: appealed, Rank: rk.HomeRank,
		Districts: len(rk.Districts), Response: ytd.District.Response, Volume: ytd.District.Volume}
	// The seed lists the departments in the order they lost points.
	byMonth := map[string]hotline.Month{}
	for _, ma := range ytd.Monthly {
		for _, a := range ma.Departments {
			if _, seen := byMonth[a.Department]; !seen && a.Deductions > 0 {
				byMonth[a.Department] = ma.Month
			}
		}
	}
	ordered := append([]hotline.DeductionCount(nil), ytd.DeductionsByDepartment...)
	sort.SliceStable(ordered, func(i, j int) bool {
		return byMonth[ordered[i].Department].Before(byMonth[ordered[j].Department])
	})
	for _, d := range ordered {
		s.Deducted = append(s.Deducted, fmt.Sprintf("%s被扣%s分", names[d.Department], d.Points))
	}
	for _, ma := range ytd.Monthly {
		s.Monthly = append(s.Monthly, fmt.Sprintf("%d月%s", int(ma.Month.Month), ma.District.Satisfaction()))
	}
	fmt.Fprintln(w, paragraph(s))
	fmt.Fprintf(w, "各月满意率：%s。\n", strings.Join(s.Monthly, "，"))
	return s, nil
}

// countAppealed counts the deductions of the months in r whose appeal is
// open, a page at a time.
func countAppealed(ctx context.Context, svc *hotline.Service, r hotline.MonthRange) (int, error) {
	f := hotline.DeductionFilter{Months: r, Statuses: []hotline.DeductionStatus{hotline.DeductionAppealed}}
	n := 0
	for {
		page, err := svc.ListDeductions(ctx, assessor(), f)
		if err != nil {
			return 0, err
		}
		n += len(page.Items)
		if page.Next == "" {
			return n, nil
		}
		f.Cursor = page.Next
	}
}

// paragraph writes the summary the way the work summary words it.
func paragraph(s *summary) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d年的政府热线月度考核成绩更新到%d月，今年每月平均满意率为%s%%，共被扣%s分",
		s.Through.Year, int(s.Through.Month), s.AverageSatisfaction.StringFixed(2), s.DeductionPoints)
	if len(s.Deducted) > 0 {
		fmt.Fprintf(&b, "，具体为%s", strings.Join(s.Deducted, "，"))
	}
	if s.Rank > 0 {
		fmt.Fprintf(&b, "，按照各城区现有成绩计算得出%s政府在今年政府热线城区排名为%s（共%d个城区）", home, ordinal(s.Rank), s.Districts)
	} else {
		fmt.Fprintf(&b, "，%s暂无城区排名", home)
	}
	if s.Appealed > 0 {
		fmt.Fprintf(&b, "，区政务网络服务中心针对扣分情况已督促相关部门准备材料进行复核（已提交复核%d件）", s.Appealed)
	}
	fmt.Fprintf(&b, "。今年派单%d件，已反馈%d件，回应率%s", s.Response.Denominator, s.Response.Numerator, s.Response)
	if s.Response.Applicable && s.Response.Numerator == s.Response.Denominator {
		b.WriteString("，事件皆已反馈，真正做到了“事事有回应，件件有答复”")
	}
	b.WriteString("。")
	return b.String()
}

// ordinal returns "第一" … "第十", and "第11" beyond.
func ordinal(n int) string {
	digits := []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	if n >= 1 && n <= len(digits) {
		return "第" + digits[n-1]
	}
	return fmt.Sprintf("第%d", n)
}

func shanghai(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, govops.ShanghaiLocation())
}

// seed imports, month by month, one outcome per dispatched case and one
// callback per case called back, spread over the departments in turn. The
// imports are the center's: the outcomes come from the command platform,
// the callbacks from the city's 12345 callback team, each recorded under
// the name of its source.
func seed(ctx context.Context, svc *hotline.Service, depts []department) error {
	platform := govops.Actor{Name: "case-hook"}
	city := govops.Actor{Name: "市12345回访"}
	seq := 0
	for i, md := range year2022() {
		m := hotline.NewMonth(2022, time.Month(i+1))
		cases := md.valid + md.unreachable + 300 // some cases are not called back
		var outcomes []hotline.OutcomeInput
		var callbacks []hotline.CallbackInput
		for j := 0; j < cases; j++ {
			seq++
			number := fmt.Sprintf("2022-%06d", seq)
			dept := depts[seq%len(depts)].code
			outcomes = append(outcomes, hotline.OutcomeInput{CaseNumber: number, Department: dept, Month: m,
				Dispatched: true, AcceptedOnTime: seq%47 != 0, ResolvedOnTime: seq%61 != 0,
				Returned: seq%53 == 0, Redone: seq%89 == 0, Replied: true})
			if j >= md.valid+md.unreachable {
				continue
			}
			var r hotline.Result
			switch {
			case j >= md.valid:
				r = hotline.ResultUnreachable
			case j >= md.satisfied:
				r = []hotline.Result{hotline.ResultDissatisfied, hotline.ResultDissatisfied, hotline.ResultVeryDissatisfied}[j%3]
			default:
				r = []hotline.Result{hotline.ResultVerySatisfied, hotline.ResultVerySatisfied, hotline.ResultSatisfied, hotline.ResultBasicallySatisfied}[j%4]
			}
			callbacks = append(callbacks, hotline.CallbackInput{CaseNumber: number, Department: dept, Month: m,
				Result: r, CalledAt: m.Start().AddDate(0, 0, j%27).Add(time.Duration(9+j%8) * time.Hour)})
		}
		if _, err := svc.ImportOutcomes(ctx, platform, outcomes, csvimport.AllOrNothing); err != nil {
			return fmt.Errorf("outcomes of %s: %w", m, err)
		}
		if _, err := svc.ImportCallbacks(ctx, city, callbacks, csvimport.AllOrNothing); err != nil {
			return fmt.Errorf("callbacks of %s: %w", m, err)
		}
	}
	return nil
}
