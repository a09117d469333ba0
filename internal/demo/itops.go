package demo

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/netops"
)

// itopsSteps is the chapter's expected steps, for the progress bar: one
// for each IT-operations case.
func itopsSteps(p Params) int64 { return int64(p.ITOpsCases) }

// itopsFaults are the faults units report, with what fixed them.
var itopsFaults = []struct{ title, desc, fix string }{
	{"电脑无法连接电子政务外网", "办公电脑显示网络受限，无法访问外网业务系统", "更换损坏网线并重新配置IP，访问恢复正常"},
	{"打印机无法打印", "网络打印机脱机，多人无法打印文件", "重新安装打印驱动并清理卡纸，打印正常"},
	{"视频会议终端无图像", "会议前调试视频终端，远端无图像", "调整终端视频输出及线路，图像恢复"},
	{"外网IP地址冲突", "多台电脑提示IP地址冲突，网络时断时续", "排查冲突终端并重新分配地址"},
	{"电脑频繁蓝屏", "办公电脑开机后频繁蓝屏重启", "更换内存条并修复系统，运行正常"},
	{"OA系统无法登录", "登录协同办公系统提示证书错误", "重新安装数字证书驱动，登录正常"},
	{"交换机端口故障", "办公室整排电脑断网", "更换接入交换机端口并重新跳线"},
	{"邮件客户端收发异常", "政务邮箱无法接收邮件", "修复客户端配置及账户密码，收发正常"},
	{"扫描仪无法使用", "扫描仪连接电脑后无法识别", "重新安装驱动并更换USB线缆"},
	{"无线网络信号弱", "会议室无线网络信号弱，经常掉线", "调整无线接入点位置并优化信道"},
}

// itopsNames make the reporters' and the units' contacts' names.
var (
	itopsSurnames = []string{"李", "王", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "韦", "覃", "蒙", "莫", "梁", "潘"}
	itopsGiven    = []string{"敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "海燕", "建华", "志刚", "春梅", "桂林"}
)

// itopsName returns a person's name from r.
func itopsName(r interface{ IntN(int) int }) string {
	return itopsSurnames[r.IntN(len(itopsSurnames))] + itopsGiven[r.IntN(len(itopsGiven))]
}

// itopsTally counts the visits made, by zone, and those on time.
type itopsTally struct {
	mu             sync.Mutex
	visits, onTime map[netops.Zone]int64
}

// runITOps registers p.ITOpsCases IT-operations cases (信息化运维) on the
// command platform through the year, from units of every zone, each worked
// to its close: registered, dispatched to the unit, served on site (a
// netops visit opened from the case as it is dispatched, arrived within the
// zone's response time, resolved), accepted and replied by the unit, and
// closed. Most come in working hours on
// working days; some come in the evening, any day (7×24).
func runITOps(ctx context.Context, g *Gen) error {
	n := g.P.ITOpsCases
	if n == 0 {
		return nil
	}
	byZone := map[directory.Zone][]Dept{}
	for _, d := range g.Departments() {
		byZone[d.Zone] = append(byZone[d.Zone], d)
	}
	zones := []directory.Zone{directory.ZoneBuilding, directory.ZoneUrban, directory.ZoneSuburban}
	for _, z := range zones {
		if len(byZone[z]) == 0 {
			return fmt.Errorf("the directory has no unit in zone %s", z)
		}
	}
	probe := g.Services(NewClock(time.Date(g.P.Year, 1, 1, 0, 0, 0, 0, Shanghai)))
	sla := probe.Netops.SLA()
	var days, allDays []time.Time
	for d := time.Date(g.P.Year, 1, 1, 0, 0, 0, 0, Shanghai); d.Year() == g.P.Year; d = d.AddDate(0, 0, 1) {
		if d.Month() == time.December && d.Day() == 31 {
			break
		}
		allDays = append(allDays, d)
		if ok, err := g.Calendar().IsWorkday(d.Add(12 * time.Hour)); err == nil && ok {
			days = append(days, d)
		}
	}
	tally := &itopsTally{visits: map[netops.Zone]int64{}, onTime: map[netops.Zone]int64{}}
	center := []govops.Actor{{Name: "陈静"}, {Name: "王芳"}}
	team := netStaff[1:]
	err := g.Each(ctx, n, func(ctx context.Context, w *Worker, i int) error {
		r := g.Rand("itops", i)
		// Zones: the first three cases one in each, then by the share of
		// requests each zone sends.
		zi := i
		if i >= len(zones) {
			switch x := r.IntN(100); {
			case x < 38:
				zi = 0
			case x < 85:
				zi = 1
			default:
				zi = 2
			}
		}
		zone := zones[zi]
		unit := byZone[zone][r.IntN(len(byZone[zone]))]
		// When: in order through the year, in working hours, or an evening.
		var t0 time.Time
		if r.IntN(100) < 6 {
			d := allDays[i*len(allDays)/n]
			t0 = d.Add(19*time.Hour + time.Duration(r.IntN(150))*time.Minute)
		} else {
			d := days[i*len(days)/n]
			slot := 8*time.Hour + 40*time.Minute + time.Duration(r.IntN(190))*time.Minute
			if r.IntN(2) == 0 {
				slot = 14*time.Hour + 40*time.Minute + time.Duration(r.IntN(160))*time.Minute
			}
			t0 = d.Add(slot)
		}
		t0 = t0.Add(time.Duration(r.IntN(60)) * time.Second)
		fault := itopsFaults[r.IntN(len(itopsFaults))]
		by := center[i%len(center)]
		dept := govops.Actor{Name: itopsName(r), Department: unit.Code}
		c, s := w.Clock, w.Svc
		c.Set(t0)
		reporter := itopsName(r)
		kase, err := s.Cases.Register(ctx, by, govcase.RegisterInput{Kind: govcase.KindITOps, Category: govcase.CategoryHelp,
			Source: []govcase.Source{govcase.SourcePhone, govcase.SourcePhone, govcase.SourceWeChat, govcase.SourceInternal}[r.IntN(4)],
			Title:  unit.Name + fault.title, Description: fault.desc,
			Reporter: govcase.Contact{Name: reporter, Phone: fmt.Sprintf("0772-26%05d", r.IntN(100000))}, Location: unit.Name})
		if err != nil {
			return fmt.Errorf("register: %w", err)
		}
		c.Advance(time.Duration(1+r.IntN(3))*time.Minute + time.Duration(r.IntN(60))*time.Second)
		if _, err := s.Cases.Dispatch(ctx, by, kase.Number, govcase.DispatchInput{Department: unit.Code}); err != nil {
			return fmt.Errorf("dispatch %s: %w", kase.Number, err)
		}
		// The team is sent as the case is dispatched: the visit is
		// reported when the case was, and its promise runs from then.
		limit := sla[netops.Zone(zone)]
		lo := limit / 5
		resp := lo + time.Duration(r.Int64N(max(int64(limit-lo-time.Minute), 1)))
		arrived := t0.Add(resp).Truncate(time.Second)
		resolved := arrived.Add(time.Duration(8+r.IntN(80)) * time.Minute)
		c.Advance(20 * time.Second)
		v, err := s.Netops.OpenVisit(ctx, netCenter, netops.VisitInput{
			Ticket: netops.Ticket{Kind: netops.TicketCase, Ref: kase.Number}, Technician: team[r.IntN(len(team))],
			Summary: fault.title, Contact: reporter, ReportedAt: t0})
		if err != nil {
			return fmt.Errorf("visit for %s: %w", kase.Number, err)
		}
		c.Advance(time.Duration(1+r.IntN(3)) * time.Minute)
		if _, err := s.Cases.Accept(ctx, dept, kase.Number, govcase.ActionInput{}); err != nil {
			return fmt.Errorf("accept %s: %w", kase.Number, err)
		}
		if c.Now().Before(arrived) {
			c.Set(arrived)
		}
		if v, err = s.Netops.ArriveVisit(ctx, netCenter, v.ID.String(), netops.VisitStep{At: arrived}); err != nil {
			return fmt.Errorf("arrive for %s: %w", kase.Number, err)
		}
		if c.Now().Before(resolved) {
			c.Set(resolved)
		}
		if _, err := s.Netops.ResolveVisit(ctx, netCenter, v.ID.String(), netops.VisitStep{At: resolved, Note: fault.fix}); err != nil {
			return fmt.Errorf("resolve for %s: %w", kase.Number, err)
		}
		c.Set(itopsOfficeTime(g, c.Now().Add(time.Duration(5+r.IntN(55))*time.Minute)))
		if _, err := s.Cases.Reply(ctx, dept, kase.Number, govcase.ActionInput{Note: fault.fix + "，确认恢复正常"}); err != nil {
			return fmt.Errorf("reply %s: %w", kase.Number, err)
		}
		c.Set(itopsOfficeTime(g, c.Now().Add(time.Duration(10+r.IntN(110))*time.Minute)))
		if _, err := s.Cases.Close(ctx, by, kase.Number, govcase.ActionInput{Note: "回访满意，办结"}); err != nil {
			return fmt.Errorf("close %s: %w", kase.Number, err)
		}
		tally.mu.Lock()
		tally.visits[v.Zone]++
		if v.OnTime() {
			tally.onTime[v.Zone]++
		}
		tally.mu.Unlock()
		g.Step("itops", 1)
		return nil
	})
	if err != nil {
		return err
	}
	g.Add(annual.KeyCasesITOps, int64(n))
	g.Add(annual.KeyCasesTotal, int64(n))
	g.Add(annual.KeyVisits, int64(n))
	for _, z := range []struct {
		zone     netops.Zone
		sla, key string
	}{
		{netops.ZoneBuilding, annual.KeySLABuilding, annual.KeyComplianceBuilding},
		{netops.ZoneUrban, annual.KeySLAUrban, annual.KeyComplianceUrban},
		{netops.ZoneSuburban, annual.KeySLASuburban, annual.KeyComplianceSuburban},
	} {
		g.Set(z.sla, decimal.NewFromInt(int64(sla[z.zone]/time.Minute)))
		g.Set(z.key, annual.Rate(z.key, "", tally.onTime[z.zone], tally.visits[z.zone], "", "").Value)
	}
	return nil
}

// itopsOfficeTime returns t when it falls in office hours (08:30–18:00 on a
// working day), and otherwise the same minute past 08:30 on the next
// working day: the unit replies and the center closes in the office. Late
// on the year's last working day it stays t, never past the year.
func itopsOfficeTime(g *Gen, t time.Time) time.Time {
	l := t.In(Shanghai)
	open := func(d time.Time) bool {
		ok, err := g.Calendar().IsWorkday(d)
		return err == nil && ok
	}
	mins := l.Hour()*60 + l.Minute()
	if open(l) && mins >= 8*60+30 && mins < 18*60 {
		return t
	}
	day := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, Shanghai)
	if mins >= 8*60+30 {
		day = day.AddDate(0, 0, 1)
	}
	for range 20 {
		if day.Year() != g.P.Year {
			return t
		}
		if open(day.Add(12 * time.Hour)) {
			return day.Add(8*time.Hour + 30*time.Minute + time.Duration(l.Minute())*time.Minute + time.Duration(l.Second())*time.Second)
		}
		day = day.AddDate(0, 0, 1)
	}
	return t
}
