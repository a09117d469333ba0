package annual

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
)

// buildHotline computes the section from what svc stores, as by sees it:
// the average of the monthly satisfaction rates, the points deducted and
// from whom, the home district's rank among its peers and the response
// rate, from the hotline's year-to-date assessment through December, its
// deductions and the city's published results of the year. A department's
// actor gets its own department's figures, and the district's published
// rank.
func buildHotline(ctx context.Context, svc Services, by govops.Actor, year int) (Section, error) {
	var s Section
	dept := by.Department
	through := hotline.NewMonth(year, 12)
	ytd, err := svc.Hotline.YearToDate(ctx, by, through)
	if govops.ErrorCode(err) == govops.EFORBIDDEN {
		s.Notes = append(s.Notes, "无权读取政府热线考核结果，本节未计数。")
		return s, nil
	}
	if err != nil {
		return s, err
	}
	home := svc.Hotline.HomeDistrict()
	who := "全区"
	if home != "" {
		who = home
	}
	// The months of the year and the assessment of each, for the district
	// or for the actor's department.
	var months []hotline.Assessment
	var monthOf []hotline.Month
	for _, ma := range ytd.Monthly {
		a := ma.District
		if dept != "" {
			var ok bool
			if a, ok = ma.Department(dept); !ok {
				continue
			}
		}
		months = append(months, a)
		monthOf = append(monthOf, ma.Month)
	}
	total := ytd.District
	if dept != "" {
		total, _ = ytd.Department(dept)
		who = "本单位"
	}
	ytdLink := "/api/v1/hotline/assessments/ytd?through=" + through.String()
	var b strings.Builder

	// 每月平均满意率.
	var rates []govops.Rate
	sum := decimal.Zero
	last := hotline.Month{}
	monthly := Series{Key: KeySatisfaction, Label: "每月满意率", Unit: "%"}
	for i, a := range months {
		r := a.Satisfaction()
		if r.Applicable {
			rates = append(rates, r)
			sum = sum.Add(r.Percent)
			last = monthOf[i]
			monthly.Points = append(monthly.Points, Point{Month: int(monthOf[i].Month), Value: r.Percent})
		}
	}
	if len(monthly.Points) > 0 {
		s.Series = append(s.Series, monthly)
	}
	avg, n := govops.AveragePercent(rates)
	scope := ""
	if dept != "" {
		scope = "（仅" + dept + "本单位的回访）"
	}
	if n > 0 {
		den := decimal.NewFromInt(int64(n))
		s.Figures = append(s.Figures, Figure{Key: KeySatisfaction, Label: "每月平均满意率", Value: avg, Unit: "%",
			Numerator: &sum, Denominator: &den,
			Rule: fmt.Sprintf("%d年各月满意率的算术平均%s：每月满意率=（非常满意+满意+基本满意）÷有效回访（不含未接通），按回访所计月份统计，先各自四舍五入保留两位小数；分子为有回访的各月满意率之和，分母为这些月份数，平均后四舍五入保留两位小数", year, scope),
			Link: ytdLink})
		fmt.Fprintf(&b, "%d年的政府热线月度考核成绩更新到%d月，今年%s每月平均满意率为%s%%", year, int(last.Month), who, avg.StringFixed(2))
	} else {
		s.Notes = append(s.Notes, fmt.Sprintf("%d年没有有效回访记录%s，满意率无法计算。", year, scope))
		fmt.Fprintf(&b, "%d年%s暂无政府热线回访满意率数据", year, who)
	}

	// 扣分.
	dq := url.Values{"from": {hotline.NewMonth(year, 1).String()}, "to": {through.String()},
		"status": {"recorded,appealed,upheld"}}
	if dept != "" {
		dq.Set("department", dept)
	}
	dedLink := "/api/v1/hotline/deductions?" + dq.Encode()
	dedRule := fmt.Sprintf("%d年1月至12月各考核月份记入的扣分%s，含已扣分、复核中和复核维持的，不含复核撤销的；分值按记录时的扣分值累加", year, scope)
	points := total.DeductionPoints
	byDept := ytd.DeductionsByDepartment
	units := int64(len(byDept))
	s.Figures = append(s.Figures,
		Figure{Key: KeyDeducted, Label: "共被扣分", Value: points, Unit: "分", Rule: dedRule, Link: dedLink},
		Count(KeyDeductedUnits, "被扣分单位", "个", units, dedRule+"；按单位去重计数", dedLink))
	if points.IsPositive() {
		fmt.Fprintf(&b, "，共被扣%s分", points.String())
		if names := hotlineDeducted(ctx, svc, by, ytd); len(names) > 0 {
			fmt.Fprintf(&b, "，具体为%s", strings.Join(names, "，"))
		}
	} else {
		b.WriteString("，未被扣分")
	}

	// 城区排名, published: every actor reads it.
	per := hotline.YearPeriod(year)
	rk, err := svc.Hotline.PeerRanking(ctx, by, per)
	switch {
	case govops.ErrorCode(err) == govops.EFORBIDDEN:
		s.Notes = append(s.Notes, "无权读取各城区热线成绩，城区排名未计。")
	case err != nil:
		return Section{}, err
	case rk.HomeRank == 0:
		s.Notes = append(s.Notes, fmt.Sprintf("尚未导入%d年各城区热线成绩（或其中没有本区），城区排名无法计算。", year))
	default:
		s.Figures = append(s.Figures, Count(KeyRank, "城区排名", "名", int64(rk.HomeRank),
			fmt.Sprintf("按市里公布的%d年度各城区热线考核成绩（共%d个城区）由高到低排名，同分并列（1、2、2、4）；本区为%s", year, len(rk.Districts), rk.HomeDistrict),
			"/api/v1/hotline/peers/ranking?period="+per.String()))
		fmt.Fprintf(&b, "，按照各城区现有成绩计算得出%s政府在今年政府热线城区排名为%s", rk.HomeDistrict, hotlineOrdinal(rk.HomeRank))
	}
	if ap := hotlineAppealed(ctx, svc, by, year); ap > 0 {
		b.WriteString("，区政务网络服务中心针对扣分情况已督促相关部门准备材料进行复核")
	}
	b.WriteString("。")

	// 事件反馈率.
	resp := total.Response
	if resp.Applicable {
		f := Rate(KeyResponseRate, "事件反馈率", resp.Numerator, resp.Denominator,
			fmt.Sprintf("%d年各月派单的热线案件%s中已办理反馈的占比：分母为已派单的热线案件（按首次派单月份计），分子为其中已反馈（办理反馈或办结）的；百分比四舍五入保留两位小数", year, scope),
			ytdLink)
		s.Figures = append(s.Figures, f)
		fmt.Fprintf(&b, "市民反映的与%s相关的事件，由区政务网络服务中心分发至相应的部门处置，全年派单%d件，已反馈%d件，反馈率%s%%",
			hotlineWhose(home, dept), resp.Denominator, resp.Numerator, f.Value.StringFixed(2))
		if resp.Numerator == resp.Denominator {
			b.WriteString("，事件皆已反馈，真正做到了“事事有回应，件件有答复”")
		}
		b.WriteString("。")
	} else {
		s.Notes = append(s.Notes, fmt.Sprintf("%d年没有派单的热线案件%s，事件反馈率无法计算。", year, scope))
	}
	s.Text = b.String()
	return s, nil
}

func hotlineWhose(home, dept string) string {
	switch {
	case dept != "":
		return "本单位"
	case home != "":
		return home + "政府"
	}
	return "区政府"
}

// hotlineDeducted names the units that lost points and their points, in
// the order they first lost them ("区执法局被扣0.2分"). A name the
// directory does not give stays a code.
func hotlineDeducted(ctx context.Context, svc Services, by govops.Actor, ytd *hotline.YearToDate) []string {
	first := map[string]hotline.Month{}
	for _, ma := range ytd.Monthly {
		for _, a := range ma.Departments {
			if _, seen := first[a.Department]; !seen && a.Deductions > 0 {
				first[a.Department] = ma.Month
			}
		}
	}
	ds := append([]hotline.DeductionCount(nil), ytd.DeductionsByDepartment...)
	sort.SliceStable(ds, func(i, j int) bool { return first[ds[i].Department].Before(first[ds[j].Department]) })
	var out []string
	for _, d := range ds {
		name := d.Department
		if dep, err := svc.Departments.Get(ctx, by, d.Department); err == nil {
			name = dep.Name
		}
		out = append(out, fmt.Sprintf("%s被扣%s分", name, d.Points.String()))
	}
	return out
}

// hotlineAppealed counts the year's deductions that went to review
// (复核): appealed, upheld or overturned. There are few deductions in a
// year; one page holds them.
func hotlineAppealed(ctx context.Context, svc Services, by govops.Actor, year int) int {
	page, err := svc.Hotline.ListDeductions(ctx, by, hotline.DeductionFilter{
		Months:   hotline.MonthRange{First: hotline.NewMonth(year, 1), Last: hotline.NewMonth(year, 12)},
		Statuses: []hotline.DeductionStatus{hotline.DeductionAppealed, hotline.DeductionUpheld, hotline.DeductionOverturned},
		Limit:    govops.MaxPageSize})
	if err != nil {
		return 0
	}
	return len(page.Items)
}

// hotlineOrdinal returns "第一" … "第十", and "第11" beyond.
func hotlineOrdinal(n int) string {
	digits := []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	if n >= 1 && n <= len(digits) {
		return "第" + digits[n-1]
	}
	return fmt.Sprintf("第%d", n)
}
