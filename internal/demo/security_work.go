package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/security"
)

// drills holds a tabletop drill in March and the live drill in June of
// plan, with their follow-up actions: all done but one, still open past
// its due date at the end of the year. The live drill's asset finding is
// raised as a hardening record.
func (c *secChapter) drills(ctx context.Context, plan *security.Plan) error {
	by := govops.Actor{Name: secLead}
	tday := c.workday(c.at(3, 17, 14, 30), 0)
	c.clock.Set(tday.Add(3 * time.Hour))
	tt, err := c.sec.RecordDrill(ctx, by, security.DrillInput{Plan: plan.ID.String(), Date: tday, Type: security.DrillTabletop,
		Scenario:     "桌面推演：门户网站首页被篡改，按较大事件（Ⅲ级）启动响应，推演发现、研判、报告、处置和信息发布各环节",
		Participants: []string{"区政务网络服务中心网络安全应急小组", "区政务网络服务中心运维值班组"},
		Findings:     []security.Observation{{Detail: "值班人员对较大事件（Ⅲ级）的信息报送流程不够熟悉", Severity: security.SeverityLow}},
		Actions:      []security.ActionInput{{Title: "编制网络安全事件分级报送流程图并张贴至机房值班室", Owner: secLead, Due: c.workday(tday, 10)}}})
	if err != nil {
		return err
	}
	c.clock.Set(c.workday(tday, 6).Add(90 * time.Minute))
	if _, err := c.sec.UpdateAction(ctx, by, tt.ID.String(), 1, security.ActionUpdate{Status: security.ActionDone, IfVersion: tt.Version}); err != nil {
		return err
	}

	day := c.workday(c.at(6, 16, 9, 0), 0)
	parts := []string{"区政务网络服务中心网络安全应急小组", "区政务网络服务中心运维值班组"}
	for i := range 3 {
		if u := c.unit(i); u.code != "" && !slices.Contains(parts, u.name) {
			parts = append(parts, u.name)
		}
	}
	parts = append(parts, "网络安全技术支撑单位")
	liaison := c.unit(0)
	type act struct {
		in   security.ActionInput
		done time.Time // zero: still open
	}
	acts := []act{
		{security.ActionInput{Title: "更新网络安全应急联络通讯录，落实应急岗位AB角", Owner: secLead, Due: c.workday(day, 10)}, c.workday(day, 6)},
		{security.ActionInput{Title: "核心交换机、防火墙配置纳入每日自动备份", Owner: secEngineer, Due: c.workday(day, 20)}, c.workday(day, 15)},
		{security.ActionInput{Title: "各接入单位明确网络安全联络员并报中心备案", Owner: liaison.staff, Department: liaison.code, Due: c.workday(day, 20)}, c.workday(day, 24)},
		{security.ActionInput{Title: "采购并部署备用下一代防火墙，消除出口单点故障", Owner: secInspectors[1], Due: c.at(11, 30, 0, 0),
			Note: "已列入年度采购计划，待资金下达"}, time.Time{}},
		{security.ActionInput{Title: "组织接入单位开展网络安全意识和应急处置培训", Owner: secInspectors[0], Due: c.at(9, 30, 0, 0)}, c.workday(c.at(9, 20, 0, 0), 0)},
	}
	in := security.DrillInput{Plan: plan.ID.String(), Date: day, Type: security.DrillLive,
		Scenario: "实战演练：模拟勒索病毒经接入单位终端扩散至区电子政务外网，核心业务系统中断，按较大事件（Ⅲ级）启动响应，" +
			"检验发现研判、隔离处置、系统恢复和信息报送流程",
		Participants: parts,
		Findings: []security.Observation{
			{Detail: "应急响应人员到位用时42分钟，超过预案要求的30分钟", Severity: security.SeverityMedium},
			{Detail: "部分接入单位网络安全联络员电话未能及时接通", Severity: security.SeverityLow},
			{Asset: "区政务网络服务中心·备用核心交换机 CORE-02", Kind: security.FindingDefaultCredential, Severity: security.SeverityHigh,
				Detail: "演练中发现备用核心交换机管理口仍使用出厂默认口令"},
		},
		Note: "演练历时3小时，业务系统于演练开始后2小时15分全部恢复"}
	for _, a := range acts {
		in.Actions = append(in.Actions, a.in)
	}
	c.clock.Set(day.Add(9 * time.Hour))
	live, err := c.sec.RecordDrill(ctx, by, in)
	if err != nil {
		return err
	}
	if live.Type != security.DrillTabletop && live.Date.In(Shanghai).Year() == c.year {
		c.tally[annual.KeyDrills]++
	}
	c.clock.Set(day.Add(9*time.Hour + 20*time.Minute))
	hs, err := c.sec.RaiseFindings(ctx, by, security.SourceDrill, live.ID.String())
	if err != nil {
		return err
	}
	for _, h := range hs {
		c.recs = append(c.recs, secRecord{h: h, base: c.clock.Now()})
	}
	order := make([]int, 0, len(acts))
	for i, a := range acts {
		if !a.done.IsZero() {
			order = append(order, i)
		}
	}
	slices.SortFunc(order, func(a, b int) int { return acts[a].done.Compare(acts[b].done) })
	for _, i := range order {
		c.clock.Set(acts[i].done.Add(16 * time.Hour))
		if _, err := c.sec.UpdateAction(ctx, by, live.ID.String(), i+1, security.ActionUpdate{Status: security.ActionDone}); err != nil {
			return err
		}
	}
	return nil
}

// inspection records the i-th self-inspection and raises its findings:
// the center's own systems first, then six units in April and May, and the
// center's year-end check in December, whose findings stay unfinished.
func (c *secChapter) inspection(ctx context.Context, i int) error {
	r := c.g.Rand("security.inspection", i)
	u, day := c.units[0], c.workday(c.at(4, 11, 9, 0), 0)
	switch {
	case i == secInspections-1:
		day = c.workday(c.at(12, 5, 9, 0), 0)
	case i > 0:
		u, day = c.unit(i-1), c.workday(day, i*5)
	}
	n := 2 + r.IntN(4)
	if i == secInspections-1 {
		n = 2
	}
	devs := r.Perm(len(secDevices))[:n]
	obs := make([]security.Observation, n)
	for k, d := range devs {
		kind := security.FindingWeakPassword
		switch p := r.Float64(); {
		case i == secInspections-1 && k == 1:
			kind = security.FindingNoPassword
		case i == secInspections-1:
		case p < 0.5:
		case p < 0.75:
			kind = security.FindingNoPassword
		case p < 0.92:
			kind = security.FindingDefaultCredential
		default:
			kind = security.FindingExposedService
		}
		sev := security.SeverityHigh
		switch {
		case kind == security.FindingNoPassword:
			sev = security.SeverityCritical
		case kind == security.FindingExposedService || (kind == security.FindingWeakPassword && r.IntN(10) < 3):
			sev = security.SeverityMedium
		}
		dev := secDevices[d]
		obs[k] = security.Observation{Asset: fmt.Sprintf("%s·%s %s-%02d", u.name, dev.name, dev.tag, 1+r.IntN(24)), Department: u.code,
			Kind: kind, Severity: sev, Detail: secFindingText(kind)}
	}
	scope := "外网接入设备、服务器、视频监控及物联网设备的身份鉴别与访问控制"
	if i == secInspections-1 {
		scope = "年终检查：中心机房网络设备、安全设备和服务器的身份鉴别与访问控制"
	}
	inspector := secInspectors[i%len(secInspectors)]
	by := govops.Actor{Name: inspector}
	c.clock.Set(day.Add(8 * time.Hour))
	x, err := c.sec.RecordInspection(ctx, by, security.InspectionInput{Department: u.code, Date: day, Scope: scope, Inspector: inspector,
		Items: secItems(obs, r.IntN(2) == 0), Findings: obs, Note: fmt.Sprintf("对照GB/T 22239—2019第三级要求检查，发现问题%d项", n)})
	if err != nil {
		return err
	}
	c.clock.Set(day.Add(8*time.Hour + 15*time.Minute))
	hs, err := c.sec.RaiseFindings(ctx, by, security.SourceInspection, x.ID.String())
	if err != nil {
		return err
	}
	retested := false
	for k, h := range hs {
		rec := secRecord{h: h, base: c.clock.Now()}
		switch {
		case i == secInspections-1 && k == 0:
			rec.keepRemediated = true
		case i == secInspections-1:
			rec.keepOpen = true
		case i == 2 && !retested && h.Kind != security.FindingExposedService:
			rec.retest, retested = true, true
		}
		c.recs = append(c.recs, rec)
	}
	return nil
}

// exercise records the attack-defense exercise of late July, the district
// a defender, and raises its findings.
func (c *secChapter) exercise(ctx context.Context) error {
	r := c.g.Rand("security.exercise", 0)
	detected := 280 + r.IntN(80)
	blocked := detected - 3 - r.IntN(6)
	early := min(detected*88/100+r.IntN(6), detected)
	start, end := c.at(7, 18, 9, 0), c.at(7, 29, 18, 0)
	asset := func(i int, what string) (string, string) {
		u := c.unit(i)
		return u.name + "·" + what, u.code
	}
	oa, oaUnit := asset(1, "门户网站后台管理系统")
	srv, srvUnit := asset(2, "OA系统应用服务器")
	cam, camUnit := asset(3, "视频监控管理平台")
	in := security.ExerciseInput{Name: fmt.Sprintf("%d年柳州市网络安全攻防演练", c.year), Organizer: "柳州市委网信办、柳州市公安局",
		Start: start, End: end, Role: security.RoleDefender, Detected: detected, Blocked: blocked, Early: early,
		Findings: []security.Observation{
			{Asset: oa, Department: oaUnit, Kind: security.FindingWeakPassword, Severity: security.SeverityHigh, Detail: "后台管理账号存在弱口令，攻击方尝试暴力破解，被及时发现并封禁来源地址"},
			{Asset: "区政务网络服务中心·SSL VPN网关 VPN-01", Kind: security.FindingExposedService, Severity: security.SeverityHigh, Detail: "VPN网关管理界面暴露在互联网"},
			{Asset: srv, Department: srvUnit, Kind: security.FindingUnpatched, Severity: security.SeverityCritical, Detail: "中间件存在已公开的远程代码执行漏洞未修复"},
			{Asset: cam, Department: camUnit, Kind: security.FindingDefaultCredential, Severity: security.SeverityHigh, Detail: "视频监控管理平台仍使用默认口令"},
			{Detail: "部分单位对攻击告警的研判和处置响应不够及时", Severity: security.SeverityMedium},
		},
		Note: "区政务网络服务中心作为防守方，组织精干力量7×24小时值守，人防、物防、技防结合，提早发现、主动防御"}
	by := govops.Actor{Name: secLead}
	rec := c.workday(c.at(8, 1, 10, 0), 0)
	c.clock.Set(rec)
	x, err := c.sec.RecordExercise(ctx, by, in)
	if err != nil {
		return err
	}
	if x.Start.In(Shanghai).Year() == c.year {
		c.tally[annual.KeyExercises]++
	}
	c.clock.Set(rec.Add(30 * time.Minute))
	hs, err := c.sec.RaiseFindings(ctx, by, security.SourceExercise, x.ID.String())
	if err != nil {
		return err
	}
	for _, h := range hs {
		c.recs = append(c.recs, secRecord{h: h, base: c.clock.Now()})
	}
	return nil
}

// harden works every hardening record: the owning unit remediates it a
// few working days after it was raised, and a verifier of the center
// re-tests it a few days later; one fails a re-test before the exercise
// and is fixed again. It counts the weak, empty and default passwords
// hardened in the year.
func (c *secChapter) harden(ctx context.Context) error {
	staff := map[string]string{}
	for _, u := range c.units {
		staff[u.code] = u.staff
	}
	for j, rec := range c.recs {
		r := c.g.Rand("security.hardening", j)
		h := &rec.h
		ref := h.ID.String()
		who := staff[h.Department]
		if who == "" {
			who = secUnitStaff[j%len(secUnitStaff)]
		}
		if h.Department == "" {
			who = secEngineer
		}
		unit := govops.Actor{Name: who, Department: h.Department}
		verifier := secVerifiers[j%len(secVerifiers)]
		center := govops.Actor{Name: verifier}
		when := func(after time.Time, days int) time.Time {
			d := time.Date(after.Year(), after.Month(), after.Day(), 0, 0, 0, 0, Shanghai)
			t := c.workday(d, days).Add(time.Duration(9*60+r.IntN(8*60)) * time.Minute)
			if !t.After(after) {
				t = after.Add(time.Duration(10+r.IntN(50)) * time.Minute)
			}
			return c.capYear(t)
		}
		remediate := func(after time.Time, days int) (time.Time, error) {
			t := when(after, days)
			c.clock.Set(t)
			out, err := c.sec.Remediate(ctx, unit, ref, security.Remediation{Remediation: secRemediation(h.Kind), RemediatedBy: who})
			if err == nil {
				*h = *out
			}
			return t, err
		}
		if rec.keepOpen {
			continue
		}
		t, err := remediate(rec.base.In(Shanghai), 2+r.IntN(8))
		if err != nil {
			return err
		}
		if rec.keepRemediated {
			continue
		}
		t = when(t, 1+r.IntN(4))
		c.clock.Set(t)
		out, err := c.sec.Verify(ctx, center, ref, security.Verification{VerifiedBy: verifier, Note: "复测通过"})
		if err != nil {
			return err
		}
		*h = *out
		if rec.retest {
			if pre := c.at(7, 8, 0, 0); t.Before(pre) {
				t = pre
			}
			t = when(t, 0)
			c.clock.Set(t)
			if _, err := c.sec.Retest(ctx, center, ref, security.Retest{Passed: false, TestedBy: verifier,
				Note: "攻防演练前复测发现该设备恢复出厂配置后口令强度不符合要求，重新整改"}); err != nil {
				return err
			}
			if t, err = remediate(t, 2); err != nil {
				return err
			}
			c.clock.Set(when(t, 1))
			if out, err = c.sec.Retest(ctx, center, ref, security.Retest{Passed: true, TestedBy: verifier, Note: "复测通过"}); err != nil {
				return err
			}
			*h = *out
		}
		hardened := h.Kind == security.FindingWeakPassword || h.Kind == security.FindingNoPassword || h.Kind == security.FindingDefaultCredential
		if hardened && h.Status == security.HardeningVerified && h.VerifiedAt.In(Shanghai).Year() == c.year {
			c.tally[annual.KeyHardened]++
		}
	}
	return nil
}

// incidents records two incidents of grade IV: a unit's terminal infected
// in May, reported by the unit, and a DDoS on the extranet's internet
// exit in September; both reported in time and resolved the same day.
func (c *secChapter) incidents(ctx context.Context) error {
	u := c.unit(3)
	reporter := govops.Actor{Name: u.staff, Department: u.code}
	if u.code == "" {
		reporter = govops.Actor{Name: secLead}
	}
	center := govops.Actor{Name: secLead}
	type step struct {
		to security.IncidentStatus
		at time.Duration
	}
	for _, x := range []struct {
		by       govops.Actor
		in       security.IncidentInput
		detected time.Time
		reported time.Duration
		steps    []step
	}{
		{reporter, security.IncidentInput{Department: u.code, Title: u.name + "办公终端感染勒索病毒，局部共享文件被加密", Type: security.IncidentMalware,
			Grade: security.GradeIV, Note: "已断网隔离受感染终端，从备份恢复文件"},
			c.workday(c.at(5, 10, 9, 42), 0), 33 * time.Minute, []step{{security.IncidentContained, 98 * time.Minute}, {security.IncidentResolved, 383 * time.Minute}}},
		{center, security.IncidentInput{Title: "电子政务外网互联网出口遭受DDoS攻击，部分单位访问互联网缓慢", Type: security.IncidentAttack,
			Grade: security.GradeIV, Note: "联系运营商启用流量清洗，攻击流量被牵引清洗"},
			c.workday(c.at(9, 14, 15, 20), 0), 28 * time.Minute, []step{{security.IncidentContained, 70 * time.Minute}, {security.IncidentResolved, 170 * time.Minute}}},
	} {
		detected := x.detected
		x.in.DetectedAt, x.in.ReportedAt = detected, detected.Add(x.reported)
		c.clock.Set(x.in.ReportedAt.Add(2 * time.Minute))
		inc, err := c.sec.ReportIncident(ctx, x.by, x.in)
		if err != nil {
			return err
		}
		for _, s := range x.steps {
			c.clock.Set(detected.Add(s.at))
			if _, err := c.sec.MoveIncident(ctx, center, inc.ID.String(), security.IncidentStep{To: s.to}); err != nil {
				return err
			}
		}
	}
	return nil
}
