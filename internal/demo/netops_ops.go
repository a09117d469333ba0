package demo

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/netops"
)

// netChecklists are the checklists of the inspection plans.
var (
	netRoomChecklist = []string{"机房温湿度", "UPS电源及电池", "精密空调", "消防设施", "网络设备运行状态", "线缆及机柜整理"}
	netAPChecklist   = []string{"接入设备运行状态", "线路连通性", "机柜清洁", "供电"}
)

// inspections plans the routine inspections (例行巡检) of the machine rooms
// of 行政大楼 and 向华楼 weekly, 广雅楼 and 胜利综合楼 monthly, and the
// townships' access points quarterly, and records them through the year.
// 向华楼's last inspection of the year is not done by 31 December: that
// plan ends the year a few days overdue.
func (y *netYear) inspections(ctx context.Context) error {
	type planned struct {
		name      string
		site      string
		room      string
		freq      netops.Frequency
		assignee  string
		checklist []string
		skipLast  bool
	}
	plans := []planned{
		{"行政大楼中心机房每周巡检", netXZDL, netRoomJF, netops.Weekly, netStaff[1], netRoomChecklist, false},
		{"向华楼机房每周巡检", netXHL, netRoomJF, netops.Weekly, netStaff[2], netRoomChecklist, true},
		{"广雅楼机房每月巡检", netGYL, netRoomJF, netops.Monthly, netStaff[3], netRoomChecklist, false},
		{"胜利综合楼机房每月巡检", netSLZHL, netRoomJF, netops.Monthly, netStaff[4], netRoomChecklist, false},
	}
	for _, d := range y.units {
		if d.Kind == directory.KindTownship {
			pl := y.site[d.Code]
			plans = append(plans, planned{d.Name + "外网接入点季度巡检", pl.site, pl.room, netops.Quarterly, netStaff[5], netAPChecklist, false})
		}
	}
	start := y.days[0]
	var records int64
	for pi, p := range plans {
		y.at(dirFirstMorning(y.g).Add(time.Hour + time.Duration(pi)*time.Minute))
		plan, err := y.svc.Netops.CreatePlan(ctx, netCenter, netops.PlanInput{Name: p.name,
			Target: netops.Target{Kind: netops.TargetRoom, Site: p.site, Room: p.room}, Frequency: p.freq,
			Checklist: p.checklist, Assignee: p.assignee, StartOn: start})
		if err != nil {
			return fmt.Errorf("plan %s: %w", p.name, err)
		}
		var days []time.Time
		switch p.freq {
		case netops.Weekly:
			seen := map[int]bool{}
			for _, w := range y.days {
				_, wk := w.ISOWeek()
				if w.Month() == time.January && wk > 50 {
					wk = 0
				}
				if !seen[wk] {
					seen[wk] = true
					days = append(days, w)
				}
			}
		case netops.Monthly:
			for m := time.January; m <= time.December; m++ {
				days = append(days, y.workdayIn(time.Date(y.g.P.Year, m, 3+pi, 0, 0, 0, 0, Shanghai)))
			}
		case netops.Quarterly:
			for m := time.January; m <= time.October; m += 3 {
				days = append(days, y.workdayIn(time.Date(y.g.P.Year, m, 10+pi%10, 0, 0, 0, 0, Shanghai)))
			}
		}
		if p.skipLast {
			days = days[:len(days)-1]
		}
		for k, day := range days {
			r := y.g.Rand("netops.inspect."+strconv.Itoa(pi), k)
			at := day.Add(9*time.Hour + 20*time.Minute + time.Duration(r.IntN(150))*time.Minute)
			y.at(at.Add(40 * time.Minute))
			in := netops.RecordInput{At: at, Inspector: p.assignee}
			bad := -1
			if r.Float64() < 0.06 {
				bad = r.IntN(len(p.checklist))
			}
			for i, item := range p.checklist {
				res := netops.CheckResult{Item: item, OK: i != bad}
				if i == bad {
					res.Note = "发现异常"
					in.Findings = item + "异常，已现场处理并登记报修"
				}
				in.Results = append(in.Results, res)
			}
			if _, err := y.svc.Netops.RecordInspection(ctx, netCenter, plan.ID.String(), in); err != nil {
				return fmt.Errorf("record %s on %s: %w", p.name, day.Format(time.DateOnly), err)
			}
			records++
		}
	}
	y.g.Add(annual.KeyInspections, records)
	return nil
}

// netMeetingTitles are the meetings the center supports.
var netMeetingTitles = []string{"全区安全生产工作视频会议", "区政府常务会议", "全区疫情防控工作视频调度会", "区委理论学习中心组学习会",
	"全区防汛抗旱工作视频会议", "自治区政务服务视频会议（柳北分会场）", "全区信访维稳工作会议", "全市经济运行调度视频会议",
	"全区森林防灭火工作视频会议", "区委常委会会议", "全区网络安全工作会议", "全区营商环境优化工作推进会"}

// meetings books the meeting support of the year in the administrative
// building's meeting rooms: most working days one to three meetings, each
// booked a few days ahead, video or on site, with one or two of the team;
// and on some weekends an urgent video meeting in the evening (7×24).
func (y *netYear) meetings(ctx context.Context) error {
	var hosts []string
	for _, d := range y.units {
		if d.Zone == directory.ZoneBuilding && d.Kind == directory.KindDepartment {
			hosts = append(hosts, d.Code)
		}
	}
	var booked int64
	book := func(r interface{ IntN(int) int }, start time.Time, dur time.Duration, room string, staff []string, mode netops.MeetingMode, title string, created time.Time) error {
		dept := ""
		if len(hosts) > 0 && r.IntN(5) > 0 {
			dept = hosts[r.IntN(len(hosts))]
		}
		y.at(created)
		_, err := y.svc.Netops.BookMeeting(ctx, netCenter, netops.BookingInput{Title: title, Department: dept, Site: netXZDL, Room: room,
			Start: start, End: start.Add(dur), Mode: mode, Staff: staff})
		if y.taken(err) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("book %s on %s: %w", title, start.Format(time.DateTime), err)
		}
		booked++
		return nil
	}
	team := netStaff[1:]
	for di, day := range y.days {
		r := y.g.Rand("netops.meeting", di)
		n := r.IntN(4) // 0 to 3
		if day.Weekday() == time.Monday {
			n++
		}
		slots := []time.Duration{9 * time.Hour, 15 * time.Hour}
		perm := r.Perm(len(team))
		used, off := 0, 2*r.IntN(2)
		for k := range min(n, 4) {
			start := day.Add(slots[k%2] + time.Duration(r.IntN(4))*15*time.Minute)
			staffN := 1 + r.IntN(2)
			if used+staffN > len(team) {
				break
			}
			staff := make([]string, staffN)
			for s := range staff {
				staff[s] = team[perm[used+s]]
			}
			used += staffN
			room := netMeetingRooms[(k+off)%len(netMeetingRooms)].Code
			mode := netops.MeetingVideo
			if r.IntN(5) < 2 {
				mode = netops.MeetingOnsite
			}
			created := start.AddDate(0, 0, -1-r.IntN(3)).Add(-time.Duration(r.IntN(5)) * time.Hour)
			if created.Year() != y.g.P.Year {
				created = start.Add(-90 * time.Minute)
			}
			title := netMeetingTitles[r.IntN(len(netMeetingTitles))]
			if err := book(r, start, 2*time.Hour+30*time.Minute, room, staff, mode, title, created); err != nil {
				return err
			}
		}
	}
	// Urgent evening meetings at weekends, booked the same afternoon.
	for d := y.days[0]; d.Year() == y.g.P.Year; d = d.AddDate(0, 0, 1) {
		if d.Weekday() != time.Saturday || d.Month() == time.January || d.Day() > 7 {
			continue
		}
		r := y.g.Rand("netops.urgent", d.YearDay())
		start := d.Add(20 * time.Hour)
		if err := book(r, start, 2*time.Hour, netMeetingRooms[1].Code, []string{team[r.IntN(len(team))]}, netops.MeetingVideo,
			"紧急视频调度会议", start.Add(-3*time.Hour)); err != nil {
			return err
		}
	}
	y.g.Add(annual.KeyMeetings, booked)
	return nil
}

// roster schedules the 7×24 duty of the year, a day shift (08:00–20:00)
// and a night shift (20:00–08:00) every day, each month's shifts on the
// 25th of the month before. One night in July the night shift ends at
// 02:00 and nobody takes the rest: the year's one uncovered gap, six hours.
func (y *netYear) roster(ctx context.Context) error {
	team := netStaff[1:]
	year := y.g.P.Year
	gapDay := time.Date(year, 7, 15, 0, 0, 0, 0, Shanghai)
	for gapDay.Weekday() != time.Friday {
		gapDay = gapDay.AddDate(0, 0, 1)
	}
	byMonth := map[time.Month][]netops.ShiftInput{}
	first := time.Date(year, 1, 1, 0, 0, 0, 0, Shanghai).AddDate(0, 0, -1)
	for i, d := 0, first; d.Year() <= year; i, d = i+1, d.AddDate(0, 0, 1) {
		night := netops.ShiftInput{Person: team[(i+2)%len(team)], Role: "夜班值班", Start: d.Add(20 * time.Hour), End: d.Add(32 * time.Hour)}
		m := time.January
		if d.Year() == year {
			m = d.Month()
			byMonth[m] = append(byMonth[m], netops.ShiftInput{Person: team[i%len(team)], Role: "白班值班",
				Start: d.Add(8 * time.Hour), End: d.Add(20 * time.Hour)})
		}
		if d.Equal(gapDay) {
			night.End = d.Add(26 * time.Hour)
			night.Note = "值班人员临时请假，后半夜未安排替班"
		}
		byMonth[m] = append(byMonth[m], night)
	}
	for m := time.January; m <= time.December; m++ {
		y.at(time.Date(year, m, 1, 10, 0, 0, 0, Shanghai).AddDate(0, 0, -6))
		if _, err := y.svc.Netops.AddShifts(ctx, netCenter, byMonth[m]); err != nil {
			return fmt.Errorf("the roster of %s: %w", m, err)
		}
	}
	y.g.Set(annual.KeyRosterUncoveredHours, decimal.NewFromInt(6))
	return nil
}

// devices enters the equipment register on the year's first morning and
// replaces old devices (past their six years) through the year: the
// replacement planned, then on its day the new device entered and the old
// one retired.
func (y *netYear) devices(ctx context.Context) error {
	type dev struct {
		kind, name, vendor, model string
	}
	roomDevs := []dev{
		{"router", "出口路由器", "华为", "NE40E"}, {"switch", "核心交换机", "华为", "S7706"}, {"switch", "接入交换机", "华三", "S5130"},
		{"firewall", "防火墙", "深信服", "AF-1000"}, {"server", "业务服务器", "浪潮", "NF5280M5"}, {"ups", "UPS电源", "山特", "3C3 Pro"},
	}
	meetDevs := []dev{{"other", "视频会议终端", "华为", "TE40"}, {"other", "音频处理器", "雅马哈", "MRX7-D"}}
	var rows [][]string
	type entry struct {
		tag, kind, name, site, room, vendor, model string
		bought                                     time.Time
	}
	var all []entry
	add := func(site, room string, ds []dev) {
		for _, d := range ds {
			i := len(all)
			r := y.g.Rand("netops.device", i)
			yr := y.g.P.Year - 1 - r.IntN(9)
			if i%3 == 0 {
				yr = y.g.P.Year - 8 - r.IntN(3)
			}
			bought := time.Date(yr, time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, Shanghai)
			tag := fmt.Sprintf("LBZW-%d-%04d", yr, i+1)
			all = append(all, entry{tag, d.kind, d.name, site, room, d.vendor, d.model, bought})
			rows = append(rows, []string{tag, d.name, d.kind, site, room, d.vendor, d.model, fmt.Sprintf("SN%08d", 31000000+i*7919), bought.Format(time.DateOnly)})
		}
	}
	for _, s := range []string{netXZDL, netSLZHL, netXHL, netGYL} {
		add(s, netRoomJF, roomDevs)
	}
	for _, rm := range netMeetingRooms {
		add(netXZDL, rm.Code, meetDevs)
	}
	y.at(dirFirstMorning(y.g).Add(90 * time.Minute))
	if _, err := y.importCSV(ctx, y.svc.Netops.ImportDevices,
		[]string{"asset_tag", "name", "kind", "site", "room", "vendor", "model", "serial", "purchased_on"}, rows); err != nil {
		return err
	}
	var replaced int64
	k := 0
	for i, e := range all {
		if e.bought.AddDate(6, 0, 0).Year() >= y.g.P.Year {
			continue
		}
		r := y.g.Rand("netops.replace", i)
		plan := y.workdayIn(time.Date(y.g.P.Year, time.Month(2+k%9), 5+r.IntN(20), 0, 0, 0, 0, Shanghai)).Add(10 * time.Hour)
		k++
		on := y.workdayIn(plan.AddDate(0, 0, 14+r.IntN(25)))
		y.at(plan)
		model := e.model + "（新）"
		if _, err := y.svc.Netops.PlanReplacement(ctx, netCenter, e.tag, netops.ReplacementInput{PlannedOn: on, Model: model,
			Note: "超出使用年限，利用不召开会议的时间更换"}); y.taken(err) {
			continue
		} else if err != nil {
			return fmt.Errorf("plan the replacement of %s: %w", e.tag, err)
		}
		y.at(on.Add(15*time.Hour + time.Duration(r.IntN(90))*time.Minute))
		tag := fmt.Sprintf("LBZW-%d-R%03d", y.g.P.Year, k)
		if _, err := y.svc.Netops.AddDevice(ctx, netCenter, netops.DeviceInput{AssetTag: tag, Name: e.name, Kind: netops.DeviceKind(e.kind),
			Site: e.site, Room: e.room, Vendor: e.vendor, Model: model, Serial: fmt.Sprintf("SN%08d", 52000000+k*104729), PurchasedOn: on,
			Note: "替换 " + e.tag}); y.taken(err) {
			continue
		} else if err != nil {
			return fmt.Errorf("enter %s: %w", tag, err)
		}
		y.clock.Advance(10 * time.Minute)
		if _, err := y.svc.Netops.RetireDevice(ctx, netCenter, e.tag, netops.DeviceRetire{Note: "老旧设备已更换为 " + tag + "，报废处理"}); err != nil {
			return fmt.Errorf("retire %s: %w", e.tag, err)
		}
		replaced++
	}
	y.g.Add(annual.KeyDevicesReplaced, replaced)
	return nil
}
