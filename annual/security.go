package annual

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/security"
)

// The security section's figures beyond the seed's keys: the exercises'
// rates and the drills' open follow-up actions, which the text cites.
const (
	keySecBlockRate   = "security.exercises.block_rate" // 攻防演练攻击阻断率：%
	keySecEarlyRate   = "security.exercises.early_rate" // 攻防演练提早发现率：%
	keySecActionsOpen = "security.drills.actions_open"  // 演练整改措施未完成：项
)

// secHardenedKinds are the findings whose hardening the section counts as
// the hardening of weak and password-less devices (弱密码、无密码设备):
// a weak, an empty and a default (factory) password.
var secHardenedKinds = []security.FindingKind{security.FindingWeakPassword, security.FindingNoPassword, security.FindingDefaultCredential}

// buildSecurity computes the section from what svc stores, as by sees it:
// the yearly report of the security Service (security.Service.Report),
// and the titles of the plans approved in the year. A department's actor
// gets its own unit's hardening records; the plans, drills and exercises
// are the center's.
func buildSecurity(ctx context.Context, svc Services, by govops.Actor, year int) (Section, error) {
	r, err := svc.Security.Report(ctx, by, year)
	if err != nil {
		return Section{}, err
	}
	ys := fmt.Sprint(year)
	var s Section
	hardened, byKind := 0, map[security.FindingKind]int{}
	for _, k := range r.Findings.HardenedByKind {
		byKind[k.Kind] = k.Count
	}
	for _, k := range secHardenedKinds {
		hardened += byKind[k]
	}
	hardenedFig := Count(KeyHardened, "加固弱密码、无密码设备", "台", int64(hardened),
		ys+"年内（Asia/Shanghai 日历年）经中心复核通过的加固记录中，问题类型为弱口令、空口令或默认口令者，按条计数，一条记录对应一台设备（资产）；"+
			"不论问题发现于哪一年，以复核时间在本年内且截至年末（或当前）仍为“已复核”状态为准，复测未通过而重新打开的记录待再次复核后计入",
		"/api/v1/security/hardening?status=verified")

	if by.Department != "" {
		s.Figures = []Figure{hardenedFig}
		s.Text = departmentSecurityText(r, byKind, hardened)
		s.Notes = []string{
			"应急预案由区政务网络服务中心统一制定和批准，全区适用，部门报告不计应急预案数量。",
			"应急演练和网络安全攻防演练由区政务网络服务中心组织，部门账号无权查阅，部门报告不计演练次数。",
		}
		return s, nil
	}

	titles, err := secApprovedPlans(ctx, svc.Security, by, year)
	if err != nil {
		return Section{}, err
	}
	drills := map[security.DrillType]int{}
	for _, d := range r.Drills {
		drills[d.Type] = d.Count
	}
	live := drills[security.DrillLive] + drills[security.DrillJoint]
	var detected, blocked, early int
	for _, x := range r.Exercises {
		detected += x.Exercise.Detected
		blocked += x.Exercise.Blocked
		early += x.Exercise.Early
	}
	yearRule := "（Asia/Shanghai 日历年）"
	s.Figures = []Figure{
		Count(KeyPlans, "应急预案（已批准）", "个", int64(r.PlansApproved),
			ys+"年内"+yearRule+"批准的网络安全应急预案修订版数：批准日期在本年内、状态为“现行”或其后被新版替代（“已废止”）者；草案不计",
			"/api/v1/security/plans?year="+ys),
		Count(KeyDrills, "实地（实战）演练", "次", int64(live),
			ys+"年内"+yearRule+"举行的应急演练中类型为实战演练或联合演练者，按演练日期计；桌面推演不计（另在正文中列出）",
			"/api/v1/security/drills?year="+ys),
		hardenedFig,
		Count(KeyExercises, "攻防演练", "次", int64(len(r.Exercises)),
			ys+"年内"+yearRule+"开始的网络安全攻防演练（防守方或攻击目标单位），按开始日期计",
			"/api/v1/security/exercises?year="+ys),
		Rate(keySecBlockRate, "攻防演练攻击阻断率", int64(blocked), int64(detected),
			"本年攻防演练中成功阻断的攻击次数除以监测发现的攻击次数（各场演练合计），四舍五入保留两位小数；无攻击记录时为0",
			"/api/v1/security/report?year="+ys),
		Rate(keySecEarlyRate, "攻防演练提早发现率", int64(early), int64(detected),
			"本年攻防演练中在攻击到达目标前提早发现的次数除以监测发现的攻击次数（各场演练合计），四舍五入保留两位小数；无攻击记录时为0",
			"/api/v1/security/report?year="+ys),
		Count(keySecActionsOpen, "演练整改措施未完成", "项", int64(r.ActionsOpen),
			ys+"年内举行的演练所提整改措施中，截至年末（或当前）仍为“待完成”状态者；已完成、已取消不计",
			"/api/v1/security/drills?year="+ys),
	}
	s.Text = centerSecurityText(r, titles, drills, byKind, hardened, detected, blocked, early)
	if len(r.Exercises) == 0 {
		s.Notes = append(s.Notes, ys+"年未记录网络安全攻防演练，攻击阻断率和提早发现率记为0。")
	}
	return s, nil
}

// secApprovedPlan is a plan revision approved in the year, with the revision
// it replaced.
type secApprovedPlan struct {
	plan       security.Plan
	superseded string
}

// secApprovedPlans lists the plan revisions made for year and approved in it,
// each with the title of the revision it superseded (of any year).
func secApprovedPlans(ctx context.Context, sec *security.Service, by govops.Actor, year int) ([]secApprovedPlan, error) {
	from := time.Date(year, 1, 1, 0, 0, 0, 0, govops.ShanghaiLocation())
	to := from.AddDate(1, 0, 0)
	page, err := sec.Plans(ctx, by, security.PlanListInput{Year: year, Limit: 500})
	if err != nil {
		return nil, err
	}
	var out []secApprovedPlan
	for _, pl := range page.Items {
		if pl.Status == security.PlanDraft || pl.ApprovedOn.Before(from) || !pl.ApprovedOn.Before(to) {
			continue
		}
		a := secApprovedPlan{plan: pl}
		revs, err := sec.Plans(ctx, by, security.PlanListInput{Code: pl.Code, Status: security.PlanSuperseded, Limit: 500})
		if err != nil {
			return nil, err
		}
		for _, old := range revs.Items {
			if old.SupersededBy == pl.ID {
				a.superseded = old.Title
			}
		}
		out = append(out, a)
	}
	return out, nil
}

// secBookTitle writes a title in 《》 unless it has them already.
func secBookTitle(t string) string {
	if strings.HasPrefix(t, "《") {
		return t
	}
	return "《" + t + "》"
}

// secDayCN writes t's day in Asia/Shanghai, such as 2022年2月15日.
func secDayCN(t time.Time) string {
	l := t.In(govops.ShanghaiLocation())
	return fmt.Sprintf("%d年%d月%d日", l.Year(), int(l.Month()), l.Day())
}

// centerSecurityText writes the center's section in the summary's words.
func centerSecurityText(r *security.Report, plans []secApprovedPlan, drills map[security.DrillType]int, byKind map[security.FindingKind]int,
	hardened, detected, blocked, early int) string {
	var b strings.Builder
	b.WriteString("今年来，网络安全形势日趋严峻，各地网络安全事件频发。针对复杂多变的网络安全情况，区政务网络服务中心吸取往年的经验，")
	switch {
	case len(plans) > 0:
		names := make([]string, len(plans))
		for i, p := range plans {
			names[i] = secBookTitle(p.plan.Title) + "（" + secDayCN(p.plan.ApprovedOn) + "批准"
			if p.superseded != "" {
				names[i] += "，替代" + secBookTitle(p.superseded)
			}
			names[i] += "）"
		}
		fmt.Fprintf(&b, "制定了%s", strings.Join(names, "、"))
	case r.PlansApproved > 0:
		fmt.Fprintf(&b, "批准网络安全应急预案%d个", r.PlansApproved)
	default:
		b.WriteString("沿用现行网络安全应急预案（本年未批准新的预案）")
	}
	live, tabletop := drills[security.DrillLive]+drills[security.DrillJoint], drills[security.DrillTabletop]
	switch {
	case live > 0:
		fmt.Fprintf(&b, "，并组织相关人员开展了实地演练%d次", live)
		if drills[security.DrillJoint] > 0 {
			fmt.Fprintf(&b, "（其中联合演练%d次）", drills[security.DrillJoint])
		}
		if tabletop > 0 {
			fmt.Fprintf(&b, "、桌面推演%d次", tabletop)
		}
	case tabletop > 0:
		fmt.Fprintf(&b, "，并组织开展桌面推演%d次（未开展实地演练）", tabletop)
	default:
		b.WriteString("，本年未开展应急演练")
	}
	b.WriteString("。")
	if actions := r.ActionsOpen + r.ActionsDone; actions > 0 {
		fmt.Fprintf(&b, "针对演练中暴露的问题提出整改措施%d项，已完成%d项", actions, r.ActionsDone)
		if r.ActionsOpen > 0 {
			fmt.Fprintf(&b, "，尚有%d项未完成", r.ActionsOpen)
			if r.ActionsOverdue > 0 {
				fmt.Fprintf(&b, "（其中%d项已超过完成时限，正在督办）", r.ActionsOverdue)
			}
		}
		b.WriteString("。")
	}
	if live+tabletop > 0 {
		b.WriteString("进一步加强了相关人员的网络安全应急处理能力，形成科学、有效、反应迅速的应急工作机制。")
	}

	b.WriteString("\n\n")
	if r.Inspections > 0 {
		fmt.Fprintf(&b, "积极开展自查工作，对照网络安全等级保护基本要求（GB/T 22239—2019）开展自查%d次。", r.Inspections)
	} else {
		b.WriteString("本年未记录自查工作。")
	}
	if r.Findings.Found > 0 {
		found := map[security.FindingKind]int{}
		for _, k := range r.Findings.ByKind {
			found[k.Kind] = k.Count
		}
		fmt.Fprintf(&b, "全年自查、演练和攻防演练中共发现安全问题%d条", r.Findings.Found)
		var parts []string
		for _, k := range security.FindingKinds() {
			if found[k] > 0 {
				parts = append(parts, fmt.Sprintf("%s%d条", k.Label(), found[k]))
			}
		}
		if len(parts) > 0 {
			b.WriteString("（" + strings.Join(parts, "、") + "）")
		}
		b.WriteString("。")
	}
	if hardened > 0 {
		fmt.Fprintf(&b, "对一批弱密码、无密码设备进行了加固，经中心复核完成加固%d台（弱口令%d台、空口令%d台、默认口令%d台）。",
			hardened, byKind[security.FindingWeakPassword], byKind[security.FindingNoPassword], byKind[security.FindingDefaultCredential])
	} else {
		b.WriteString("本年无经复核完成加固的弱密码、无密码设备。")
	}
	if r.Findings.Open > 0 {
		fmt.Fprintf(&b, "截至年末尚有%d条问题未完成整改复核，将持续跟踪督办。", r.Findings.Open)
	}

	b.WriteString("\n\n")
	if len(r.Exercises) > 0 {
		var findings, raised, verified int
		names := make([]string, len(r.Exercises))
		for i, x := range r.Exercises {
			names[i] = x.Exercise.Name + "，" + x.Exercise.Role.Label()
			findings += x.Findings
			raised += x.Raised
			verified += x.Verified
		}
		fmt.Fprintf(&b, "在网络安全攻防演练中（%s），区政务网络服务中心组织精干力量，将人防、物防、技防结合起来，共监测发现攻击%d次，成功阻断%d次（阻断率%s），其中提早发现%d次（提早发现率%s），在演练中能做到提早发现、主动防御，助力我区取得良好成绩。",
			strings.Join(names, "；"), detected, blocked, govops.NewRate(int64(blocked), int64(detected)), early, govops.NewRate(int64(early), int64(detected)))
		if findings > 0 {
			fmt.Fprintf(&b, "演练暴露问题%d条，已转为加固记录%d条，其中%d条已整改并经复核。", findings, raised, verified)
		}
	} else {
		b.WriteString("本年未参加网络安全攻防演练。")
	}
	if r.Incidents.Total > 0 {
		resolved := 0
		for _, g := range r.Incidents.ByGrade {
			resolved += g.Resolved
		}
		fmt.Fprintf(&b, "全年发生网络安全事件%d起，在规定时限内报告%d起（及时报告率%s），已处置完毕%d起。", r.Incidents.Total, r.Incidents.OnTime, r.Incidents.ReportRate, resolved)
	} else {
		b.WriteString("全年未发生网络安全事件。")
	}
	return b.String()
}

// departmentSecurityText writes a department's section: its own
// hardening records and incidents.
func departmentSecurityText(r *security.Report, byKind map[security.FindingKind]int, hardened int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "本单位全年在自查、演练和攻防演练中被发现安全问题%d条", r.Findings.Found)
	b.WriteString("。")
	if hardened > 0 {
		fmt.Fprintf(&b, "按照区政务网络服务中心自查和攻防演练发现的问题，对弱密码、无密码设备进行了加固，经中心复核完成加固%d台（弱口令%d台、空口令%d台、默认口令%d台）。",
			hardened, byKind[security.FindingWeakPassword], byKind[security.FindingNoPassword], byKind[security.FindingDefaultCredential])
	} else {
		b.WriteString("本年本单位无经复核完成加固的弱密码、无密码设备。")
	}
	if r.Findings.Open > 0 {
		fmt.Fprintf(&b, "截至年末尚有%d条问题未完成整改复核。", r.Findings.Open)
	}
	if r.Incidents.Total > 0 {
		fmt.Fprintf(&b, "全年发生网络安全事件%d起，在规定时限内报告%d起（及时报告率%s）。", r.Incidents.Total, r.Incidents.OnTime, r.Incidents.ReportRate)
	} else {
		b.WriteString("全年未发生网络安全事件。")
	}
	return b.String()
}
