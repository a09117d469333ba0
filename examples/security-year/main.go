// Command security-year rebuilds the network security part (网络安全保障)
// of a district center's 2022 work summary from data: the 2022 emergency
// plan approved (superseding the 2021 revision), a live drill (实战演练)
// with its findings and follow-up actions, a self-inspection that audits
// the passwords found on the units' devices with CheckPassword and finds
// the weak and empty ones, every such finding raised as a hardening record,
// remediated by its unit and verified by the center, and the city's
// attack-defense exercise, whose findings are raised too. It prints the
// year's report: drill compliance, findings by kind, severity and age, the
// exercise's rates and the incidents by grade.
//
// Every figure printed is computed through security.Service; only the raw
// records below are made up, deterministically. No password is stored:
// the audit keeps the verdict, never the password.
//
//	go run ./examples/security-year
package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/security"
	"github.com/govops-kit/govops/security/securitymem"
)

func main() {
	if _, err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "security-year:", err)
		os.Exit(1)
	}
}

// shanghai is the district's clock.
var shanghai = govops.ShanghaiLocation()

// day returns a day on the district's clock, at 9:00.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 0, 0, 0, shanghai) }

// center is the center's security team.
func center() govops.Actor { return govops.Actor{Name: "中心-安全组"} }

// Units are the units whose devices the self-inspection audits.
var units = []struct{ code, name string }{
	{"qzfj", "区公安分局"}, {"jyj", "区教育局"}, {"wjj", "区卫生健康局"}, {"zwfw", "区政务服务中心"},
	{"scjg", "区市场监督管理局"}, {"yjgl", "区应急管理局"},
}

// Devices of the audit and how the generator made their passwords.
const (
	devicesPerUnit = 10
	weakDevices    = 12
	emptyDevices   = 5
)

// weakPasswords are the passwords the generator leaves on the weak
// devices: common ones and vendors' defaults.
var weakPasswords = []string{"admin", "123456", "admin123", "password", "12345678", "huawei123", "root", "abc123", "888888", "admin@123", "qwerty", "111111"}

// Summary is what run computed, for the test.
type Summary struct {
	Report *security.Report
	// Weak and Empty count the devices the audit found, by CheckPassword.
	Weak, Empty int
	// Superseded is the 2021 revision after the 2022 one was approved.
	Superseded *security.Plan
	Exercise   *security.ExerciseSummary
	// Open is the number of hardening records the generator left
	// unverified at the end of the year.
	Open int
}

// run records the district's year and prints the report to w.
func run(ctx context.Context, w io.Writer) (*Summary, error) {
	var clock time.Time
	svc := security.NewService(securitymem.New(), security.WithNow(func() time.Time { return clock }))
	s := &Summary{}

	// The 2021 revision, and the 2022 one that replaces it.
	clock = day(2021, 3, 1)
	r2021, err := approvePlan(ctx, svc, 2021, clock)
	if err != nil {
		return nil, err
	}
	// The machine room's power plan: drilled once in 2021, not in 2022.
	power, err := draftApprove(ctx, svc, security.PlanInput{Code: "power", Year: 2021, Title: "机房供电保障应急预案", Grades: grades()}, clock)
	if err != nil {
		return nil, err
	}
	clock = day(2021, 10, 12)
	if _, err := svc.RecordDrill(ctx, center(), security.DrillInput{Plan: power.ID.String(), Date: clock, Type: security.DrillTabletop,
		Scenario: "市电中断，UPS 切换"}); err != nil {
		return nil, err
	}
	clock = day(2022, 2, 15)
	r2022, err := approvePlan(ctx, svc, 2022, clock)
	if err != nil {
		return nil, err
	}
	if s.Superseded, err = svc.Plan(ctx, center(), r2021.ID.String()); err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "《%s》第 %d 版批准，第 %d 版%s\n", r2022.Title, r2022.Revision, s.Superseded.Revision, s.Superseded.Status.Label())

	// The live drill.
	clock = day(2022, 4, 20)
	d, err := svc.RecordDrill(ctx, center(), security.DrillInput{Plan: r2022.ID.String(), Date: clock, Type: security.DrillLive,
		Scenario: "政务外网门户网站被篡改，核心交换机遭暴力破解", Participants: []string{"区政务网络服务中心", "区公安分局", "电信柳北分公司"},
		Findings: []security.Observation{
			{Asset: "FW-OUT-01", Kind: security.FindingExposedService, Severity: security.SeverityHigh, Detail: "防火墙管理端口对互联网开放"},
			{Asset: "WEB-PORTAL", Kind: security.FindingUnpatched, Severity: security.SeverityCritical, Detail: "门户网站中间件存在已公开漏洞"},
			{Detail: "夜间值班人员到岗用时 35 分钟，超过预案要求的 30 分钟"},
		},
		Actions: []security.ActionInput{
			{Title: "关闭防火墙互联网管理端口", Owner: "韦工", Due: day(2022, 5, 10)},
			{Title: "修订夜间值班到岗要求", Owner: "覃工", Due: day(2022, 11, 30)},
			{Title: "门户网站迁移至新版中间件", Owner: "韦工", Due: day(2023, 3, 31)},
		}})
	if err != nil {
		return nil, err
	}
	clock = day(2022, 5, 9)
	if _, err := svc.UpdateAction(ctx, center(), d.ID.String(), 1, security.ActionUpdate{Status: security.ActionDone}); err != nil {
		return nil, err
	}
	drillRecords, err := svc.RaiseFindings(ctx, center(), security.SourceDrill, d.ID.String())
	if err != nil {
		return nil, err
	}
	if err := fix(ctx, svc, &clock, drillRecords, day(2022, 5, 6)); err != nil {
		return nil, err
	}

	// The self-inspection: the devices' passwords audited.
	clock = day(2022, 6, 13)
	obs, weak, empty := audit()
	s.Weak, s.Empty = weak, empty
	x, err := svc.RecordInspection(ctx, center(), security.InspectionInput{Date: clock, Scope: "各接入单位网络设备、服务器管理口令", Inspector: "中心-安全组",
		Items: []security.ItemResult{
			{Item: "ia-a", Result: security.ResultFail, Note: fmt.Sprintf("%d 台设备为弱口令，%d 台设备未设置口令", weak, empty)},
			{Item: "ac-b", Result: security.ResultPartial, Note: "部分设备未修改默认账户"},
			{Item: "ia-b", Result: security.ResultPass}, {Item: "ia-c", Result: security.ResultPass},
		}, Findings: obs})
	if err != nil {
		return nil, err
	}
	records, err := svc.RaiseFindings(ctx, center(), security.SourceInspection, x.ID.String())
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "自查：%d 台设备，弱口令 %d 台，空口令 %d 台，登记加固问题 %d 条\n", len(units)*devicesPerUnit, weak, empty, len(records))
	if err := fix(ctx, svc, &clock, records, day(2022, 6, 20)); err != nil {
		return nil, err
	}

	// The city's attack-defense exercise.
	clock = day(2022, 8, 22)
	ex, err := svc.RecordExercise(ctx, center(), security.ExerciseInput{Name: "2022 年柳州市网络安全攻防演练", Organizer: "柳州市委网信办",
		Start: day(2022, 8, 8), End: day(2022, 8, 19), Role: security.RoleDefender, Detected: 326, Blocked: 311, Early: 58,
		Findings: []security.Observation{
			{Asset: "VPN-GW", Kind: security.FindingExposedService, Severity: security.SeverityHigh, Detail: "VPN 网关存在未授权访问页面"},
			{Asset: "OA-SRV", Department: "zwfw", Kind: security.FindingUnpatched, Severity: security.SeverityMedium, Detail: "OA 系统组件版本过旧"},
			{Asset: "CAM-NVR-03", Department: "yjgl", Kind: security.FindingDefaultCredential, Severity: security.SeverityHigh, Detail: "视频存储设备使用出厂默认口令"},
		}})
	if err != nil {
		return nil, err
	}
	exRecords, err := svc.RaiseFindings(ctx, center(), security.SourceExercise, ex.ID.String())
	if err != nil {
		return nil, err
	}
	// The first two are fixed; the OA server waits for its vendor.
	if err := fix(ctx, svc, &clock, exRecords[:1], day(2022, 8, 25)); err != nil {
		return nil, err
	}
	if err := fix(ctx, svc, &clock, exRecords[2:], day(2022, 8, 29)); err != nil {
		return nil, err
	}
	s.Open = 1

	if err := incidents(ctx, svc, &clock); err != nil {
		return nil, err
	}

	clock = day(2023, 1, 10)
	if s.Report, err = svc.Report(ctx, center(), 2022); err != nil {
		return nil, err
	}
	if s.Exercise, err = svc.ExerciseSummary(ctx, center(), ex.ID.String()); err != nil {
		return nil, err
	}
	printReport(w, s.Report)
	return s, nil
}

// grades answers every grade, with the national plan's response levels.
func grades() []security.GradeResponse {
	return []security.GradeResponse{
		{Grade: security.GradeI, Lead: "区网络安全和信息化委员会", Measures: "启动Ⅰ级响应，报市委网信办"},
		{Grade: security.GradeII, Lead: "区委网信办", Measures: "启动Ⅱ级响应，组织技术支撑单位处置"},
		{Grade: security.GradeIII, Lead: "区政务网络服务中心", Measures: "中心负责人组织处置"},
		{Grade: security.GradeIV, Lead: "区政务网络服务中心", Measures: "值班人员按流程处置"},
	}
}

// approvePlan drafts and approves the network plan's revision of year.
func approvePlan(ctx context.Context, svc *security.Service, year int, on time.Time) (*security.Plan, error) {
	return draftApprove(ctx, svc, security.PlanInput{Code: "network", Year: year, Title: fmt.Sprintf("%d年网络安全应急预案", year),
		Scope: "区电子政务外网及各接入单位", Grades: grades()}, on)
}

func draftApprove(ctx context.Context, svc *security.Service, in security.PlanInput, on time.Time) (*security.Plan, error) {
	pl, err := svc.DraftPlan(ctx, center(), in)
	if err != nil {
		return nil, err
	}
	return svc.ApprovePlan(ctx, center(), pl.ID.String(), security.PlanApproval{ApprovedBy: "区委网信办", On: on})
}

// audit makes the devices of every unit with their passwords, checks each
// with CheckPassword and returns a finding for each that fails, with the
// counts of weak and empty ones. The passwords go no further.
func audit() (obs []security.Observation, weak, empty int) {
	rng := rand.New(rand.NewPCG(2022, 7))
	n := len(units) * devicesPerUnit
	kind := make([]int, n) // 0 strong, 1 weak, 2 empty
	for i, j := range rng.Perm(n)[:weakDevices+emptyDevices] {
		kind[j] = 1
		if i >= weakDevices {
			kind[j] = 2
		}
	}
	models := []string{"S5735", "USG6300", "AR2220", "DS-7808", "R4900"}
	for i := range n {
		u := units[i/devicesPerUnit]
		asset := fmt.Sprintf("%s-%02d", strings.ToUpper(u.code), i%devicesPerUnit+1)
		model := models[rng.IntN(len(models))]
		var pw string
		switch kind[i] {
		case 1:
			pw = weakPasswords[rng.IntN(len(weakPasswords))]
		case 2:
			pw = ""
		default:
			pw = strongPassword(rng)
		}
		c := security.CheckPassword(pw, security.PasswordPolicy{}, model, asset)
		switch {
		case c.OK:
			continue
		case c.Length == 0:
			empty++
			obs = append(obs, security.Observation{Asset: asset, Department: u.code, Kind: security.FindingNoPassword, Severity: security.SeverityCritical,
				Detail: model + " 未设置管理口令"})
		default:
			weak++
			obs = append(obs, security.Observation{Asset: asset, Department: u.code, Kind: security.FindingWeakPassword, Severity: security.SeverityHigh,
				Detail: model + " 管理口令为弱口令（" + reasons(c) + "）"})
		}
	}
	return obs, weak, empty
}

// reasons lists why a password failed, never what it was.
func reasons(c security.PasswordCheck) string {
	var out []string
	for _, r := range c.Reasons {
		out = append(out, r.Message)
	}
	return strings.Join(out, "；")
}

// strongPassword makes a random password of 16 characters of every class.
func strongPassword(rng *rand.Rand) string {
	const (
		lower = "abcdefghijkmnpqrstuvwxyz"
		upper = "ABCDEFGHJKLMNPQRSTUVWXYZ"
		digit = "23456789"
		other = "!#%&*+-=?@^_~"
	)
	sets := []string{lower, upper, digit, other}
	b := make([]byte, 16)
	for i := range b {
		set := sets[i%4]
		if i >= 4 {
			set = sets[rng.IntN(4)]
		}
		b[i] = set[rng.IntN(len(set))]
	}
	rng.Shuffle(len(b), func(i, j int) { b[i], b[j] = b[j], b[i] })
	return string(b)
}

// fix has each record remediated by its unit from start, one a day, and
// verified by the center three days after.
func fix(ctx context.Context, svc *security.Service, clock *time.Time, hs []security.Hardening, start time.Time) error {
	for i, h := range hs {
		by := center()
		if h.Department != "" {
			by = govops.Actor{Name: h.Department + "-信息员", Department: h.Department}
		}
		*clock = start.AddDate(0, 0, i)
		if _, err := svc.Remediate(ctx, by, h.ID.String(), security.Remediation{Remediation: "已按口令策略整改并关闭不必要的服务", RemediatedBy: by.Name}); err != nil {
			return fmt.Errorf("remediate %s: %w", h.Asset, err)
		}
		*clock = clock.AddDate(0, 0, 3)
		if _, err := svc.Verify(ctx, center(), h.ID.String(), security.Verification{VerifiedBy: "中心-复核员"}); err != nil {
			return fmt.Errorf("verify %s: %w", h.Asset, err)
		}
	}
	return nil
}

// incidents records the year's incidents.
func incidents(ctx context.Context, svc *security.Service, clock *time.Time) error {
	type inc struct {
		dept          string
		title         string
		typ           security.IncidentType
		grade         security.Grade
		detected      time.Time
		report, close time.Duration
	}
	for _, i := range []inc{
		{"jyj", "办公终端感染勒索病毒", security.IncidentMalware, security.GradeIV, day(2022, 3, 8), 90 * time.Minute, 6 * time.Hour},
		{"", "门户网站遭受 DDoS 攻击", security.IncidentAttack, security.GradeIII, day(2022, 7, 14), 40 * time.Minute, 3 * time.Hour},
		{"wjj", "核心交换机电源故障导致断网", security.IncidentFacility, security.GradeIV, day(2022, 9, 2), 5 * time.Hour, 8 * time.Hour},
		{"scjg", "网站页面被挂马", security.IncidentInfoDamage, security.GradeIII, day(2022, 11, 21), 2 * time.Hour, 26 * time.Hour},
	} {
		*clock = i.detected.Add(i.close)
		rec, err := svc.ReportIncident(ctx, center(), security.IncidentInput{Department: i.dept, Title: i.title, Type: i.typ, Grade: i.grade,
			DetectedAt: i.detected, ReportedAt: i.detected.Add(i.report)})
		if err != nil {
			return err
		}
		if _, err := svc.MoveIncident(ctx, center(), rec.ID.String(), security.IncidentStep{To: security.IncidentResolved}); err != nil {
			return err
		}
	}
	return nil
}

// printReport prints the year's report.
func printReport(w io.Writer, r *security.Report) {
	fmt.Fprintf(w, "\n%d 年网络安全保障工作（截至 %s）\n", r.Year, r.At.In(shanghai).Format("2006-01-02"))
	fmt.Fprintf(w, "预案：批准 %d 版；演练周期 %d 个月，现行预案 %d 个，逾期未演练 %d 个\n", r.PlansApproved, r.Compliance.PeriodMonths, len(r.Compliance.Plans), r.Compliance.Flagged)
	for _, p := range r.Compliance.Plans {
		last := "无"
		if !p.LastDrill.IsZero() {
			last = p.LastDrill.In(shanghai).Format("2006-01-02")
		}
		flag := "按期"
		if p.Flagged {
			flag = "逾期：" + p.Reason
		}
		fmt.Fprintf(w, "  %s 第 %d 版：最近演练 %s，应于 %s 前演练，%s\n", p.Plan.Title, p.Plan.Revision, last, p.DueBy.In(shanghai).Format("2006-01-02"), flag)
	}
	var drills []string
	for _, c := range r.Drills {
		drills = append(drills, fmt.Sprintf("%s %d 次", c.Type.Label(), c.Count))
	}
	fmt.Fprintf(w, "演练：%s；整改措施完成 %d 项，未完成 %d 项，其中逾期 %d 项\n", strings.Join(drills, "，"), r.ActionsDone, r.ActionsOpen, r.ActionsOverdue)
	fmt.Fprintf(w, "自查：%d 次\n", r.Inspections)
	var kinds []string
	for _, k := range r.Findings.ByKind {
		if k.Count > 0 {
			kinds = append(kinds, fmt.Sprintf("%s %d", k.Kind.Label(), k.Count))
		}
	}
	fmt.Fprintf(w, "加固：发现问题 %d 个（%s），已复核 %d 个，未闭环 %d 个\n", r.Findings.Found, strings.Join(kinds, "，"), r.Findings.Verified, r.Findings.Open)
	for _, a := range r.Findings.OpenByAge {
		if a.Total > 0 {
			fmt.Fprintf(w, "  未闭环 %s %d 个：30 天内 %d，31–90 天 %d，91–180 天 %d，超过 180 天 %d\n", a.Severity.Label(), a.Total, a.Days30, a.Days90, a.Days180, a.Older)
		}
	}
	for _, x := range r.Exercises {
		fmt.Fprintf(w, "攻防演练：%s（%s）：发现攻击 %d 次，阻断率 %s，提早发现率 %s；问题 %d 个，已复核 %d 个\n",
			x.Exercise.Name, x.Exercise.Role.Label(), x.Exercise.Detected, x.BlockRate, x.EarlyRate, x.Findings, x.Verified)
	}
	fmt.Fprintf(w, "安全事件：%d 起，按时报告 %d 起（%s）\n", r.Incidents.Total, r.Incidents.OnTime, r.Incidents.ReportRate)
	for _, g := range r.Incidents.ByGrade {
		fmt.Fprintf(w, "  %s级（%s，%s内报告）：%d 起，按时报告 %d 起，处置完毕 %d 起\n", g.Grade, g.Grade.Label(), limit(g.ReportLimit), g.Count, g.OnTime, g.Resolved)
	}
}

// limit formats a reporting limit: "30 分钟", "4 小时".
func limit(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("%d 小时", d/time.Hour)
	}
	return fmt.Sprintf("%d 分钟", d/time.Minute)
}
