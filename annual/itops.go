package annual

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
)

// netZones are the zones of the on-site response times, with their figure
// keys and Chinese names as the report writes them.
var netZones = []struct {
	zone          netops.Zone
	sla, rate     string
	name, slaName string
}{
	{netops.ZoneBuilding, KeySLABuilding, KeyComplianceBuilding, "行政大楼内", "行政大楼内响应时限"},
	{netops.ZoneUrban, KeySLAUrban, KeyComplianceUrban, "市区", "市区响应时限"},
	{netops.ZoneSuburban, KeySLASuburban, KeyComplianceSuburban, "郊区", "郊区响应时限"},
}

// buildITOps computes the section from what svc stores, as by sees it: the
// response time promised in each zone and the on-time rate of the visits
// reported in the year, the visits, the meetings supported, the
// inspections done, the hours the duty roster left uncovered and the old
// devices replaced. A department's actor gets its own unit's visits and
// meetings, and a note for the district-wide records (inspections, roster,
// register).
func buildITOps(ctx context.Context, svc Services, by govops.Actor, year int) (Section, error) {
	var s Section
	p := netPeriodOf(year)
	ops := svc.Netops
	compLink := "/api/v1/netops/compliance?" + p.dates()
	if by.Department != "" {
		compLink += "&unit=" + by.Department
	}
	var text []string
	text = append(text, "信息化运维服务作为重要基础服务之一，其服务质量将会对各部门的工作效率造成显著影响。")

	// Response times and compliance.
	sla := ops.SLA()
	for _, z := range netZones {
		s.Figures = append(s.Figures, Count(z.sla, z.slaName, "分钟", int64(sla[z.zone]/time.Minute),
			"现场服务自报修起按 24×7 计时的到场时限（当前配置；每次服务按报修时的时限考核）。", compLink))
	}
	comp, err := ops.Compliance(ctx, by, netops.ComplianceInput{From: p.From, To: p.To, Unit: by.Department})
	switch {
	case netSkip(&s, err, "现场服务按时响应率"):
	case err != nil:
		return s, err
	default:
		rows := map[netops.Zone]netops.ComplianceRow{}
		for _, r := range comp.ByZone {
			rows[r.Zone] = r
		}
		var rates, slas []string
		for _, z := range netZones {
			r := rows[z.zone]
			f := Rate(z.rate, z.name+"按时响应率", r.OnTime, r.Arrived+r.Overdue,
				"本年度（Asia/Shanghai 自然年）报修的"+z.name+"现场服务（不含已取消），按时到场数 ÷（已到场数 + 已超时未到场数）× 100%，四舍五入保留两位小数。",
				compLink)
			s.Figures = append(s.Figures, f)
			slas = append(slas, fmt.Sprintf("%s%d分钟", z.name, sla[z.zone]/time.Minute))
			if r.Arrived+r.Overdue > 0 {
				rates = append(rates, fmt.Sprintf("%s%s%%", z.name, f.Value))
			}
		}
		s.Figures = append(s.Figures, Count(KeyVisits, "上门运维服务", "次", comp.Total.Visits,
			"本年度报修的现场服务（上门运维）次数，不含已取消的。", "/api/v1/netops/visits?"+p.dates()+netUnitQuery(by)))
		t := fmt.Sprintf("全年开展上门运维服务%d次，各类运维服务均按%s内响应完成的要求考核", comp.Total.Visits, strings.Join(slas, "、"))
		if len(rates) > 0 {
			t += "，按时响应率" + strings.Join(rates, "、")
		}
		text = append(text, t+"。")
	}

	// Meetings supported.
	bookings, err := ops.Bookings(ctx, by, netops.BookingListInput{From: p.From, To: p.To, Department: by.Department})
	switch {
	case netSkip(&s, err, "会务支持场次"):
	case err != nil:
		return s, err
	default:
		var n int64
		for _, b := range bookings {
			if p.in(b.Start) {
				n++
			}
		}
		s.Figures = append(s.Figures, Count(KeyMeetings, "会务支持", "场", n,
			"会议保障预约中未取消、开始时间在本年度内的场次（视频会议与现场会议）。",
			"/api/v1/netops/bookings?"+p.dates()+strings.Replace(netUnitQuery(by), "unit=", "department=", 1)))
		text = append(text, fmt.Sprintf("提供会务支持和视频会议支持%d场。", n))
	}

	// Inspections.
	inspections, err := netInspections(ctx, ops, by, p)
	switch {
	case netSkip(&s, err, "例行巡检次数"):
	case err != nil:
		return s, err
	default:
		s.Figures = append(s.Figures, Count(KeyInspections, "例行巡检", "次", inspections,
			"按巡检计划对机房及各接入点开展的巡检记录中，巡检时间在本年度内的次数。", "/api/v1/netops/records?"+p.dates()))
		text = append(text, fmt.Sprintf("按维护计划对行政大楼、向华楼、广雅楼机房及各接入点开展例行巡检和清理检查%d次。", inspections))
	}

	// The duty roster.
	to := p.To
	if p.Current {
		to = p.AsOf.Truncate(time.Minute)
	}
	if to.After(p.From) {
		roster, err := ops.Roster(ctx, by, p.From, to)
		switch {
		case netSkip(&s, err, "值班覆盖情况"):
		case err != nil:
			return s, err
		default:
			var minutes int64
			for _, iv := range roster.Uncovered {
				minutes += iv.Minutes()
			}
			hours := decimal.NewFromInt(minutes).DivRound(decimal.NewFromInt(60), 2)
			s.Figures = append(s.Figures, Figure{Key: KeyRosterUncoveredHours, Label: "值班未覆盖时长", Value: hours, Unit: "小时",
				Rule: "本年度（至年末，本年度进行中则至查询时）7×24 值班表中无人值班的时长之和，按分钟累计后折算为小时，四舍五入保留两位小数。",
				Link: "/api/v1/netops/roster?" + p.dates()})
			switch {
			case roster.Shifts == 0:
				text = append(text, "本年度未登记值班班次。")
				s.Notes = append(s.Notes, "值班表中本年度没有班次：值班未覆盖时长为整个统计期。")
			case minutes == 0:
				text = append(text, "优化值班班次，实现7×24小时值班全覆盖。")
			default:
				text = append(text, fmt.Sprintf("优化值班班次，提供7×24小时会议运维服务，全年值班未覆盖时段%d处、共%s小时。", len(roster.Uncovered), hours))
			}
		}
	}

	// Old devices replaced.
	replaced, err := netReplaced(ctx, ops, by, p)
	switch {
	case netSkip(&s, err, "老旧设备更换数"):
	case err != nil:
		return s, err
	default:
		s.Figures = append(s.Figures, Count(KeyDevicesReplaced, "更换老旧设备", "台", replaced,
			"设备台账中曾计划更换、已报废（retired）且报废时间（最后一次变更）在本年度内的设备台数。",
			"/api/v1/netops/devices?status=retired"))
		text = append(text, fmt.Sprintf("利用不召开会议的时间对各类设备进行巡检与维修，修复、更换老旧设备%d台。", replaced))
	}
	s.Text = strings.Join(text, "")
	return s, nil
}

// netUnitQuery is the unit filter of a department's links: "&unit=CODE",
// or "" for the district.
func netUnitQuery(by govops.Actor) string {
	if by.Department == "" {
		return ""
	}
	return "&unit=" + by.Department
}

// netInspections counts the inspection records of the period. A year holds
// a few hundred: a page or two of the listing.
func netInspections(ctx context.Context, ops *netops.Service, by govops.Actor, p netPeriod) (int64, error) {
	in := netops.RecordListInput{From: p.From, To: p.To, Limit: govops.MaxPageSize}
	var n int64
	for {
		page, err := ops.Records(ctx, by, in)
		if err != nil {
			return 0, err
		}
		n += int64(len(page.Items))
		if page.Next == "" {
			return n, nil
		}
		in.Cursor = page.Next
	}
}

// netReplaced counts the devices with a replacement planned that were
// retired in the period: a retired device is not changed again, so its
// UpdatedAt is when it was retired.
func netReplaced(ctx context.Context, ops *netops.Service, by govops.Actor, p netPeriod) (int64, error) {
	in := netops.DeviceListInput{Status: netops.DeviceRetired, Limit: govops.MaxPageSize}
	var n int64
	for {
		page, err := ops.Devices(ctx, by, in)
		if err != nil {
			return 0, err
		}
		for _, d := range page.Items {
			if !d.Replacement.PlannedOn.IsZero() && p.in(d.UpdatedAt) {
				n++
			}
		}
		if page.Next == "" {
			return n, nil
		}
		in.Cursor = page.Next
	}
}
