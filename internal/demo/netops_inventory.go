package demo

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/netops"
)

// The shared buildings of the district, by site code.
const (
	netXZDL   = "XZDL"   // 行政大楼
	netSLZHL  = "SLZHL"  // 胜利综合楼
	netXHL    = "XHL"    // 向华楼
	netGYL    = "GYL"    // 广雅楼
	netWJJXDL = "WJJXDL" // 卫健局新大楼
	netYQXDL  = "YQXDL"  // 园区新大楼
	netRoomJF = "JF"     // each shared building's machine room
	netRoomAP = "JRD"    // the access point (接入点机柜) of a unit's own site
)

// netMeetingRooms are the meeting rooms of the administrative building.
var netMeetingRooms = []netops.Room{
	{Code: "2F-DHYS", Name: "二楼大会议室", Kind: netops.RoomMeeting, Floor: "2F"},
	{Code: "3F-SPHYS", Name: "三楼视频会议室", Kind: netops.RoomMeeting, Floor: "3F"},
	{Code: "5F-HYS", Name: "五楼第一会议室", Kind: netops.RoomMeeting, Floor: "5F"},
	{Code: "6F-CWHYS", Name: "六楼常务会议室", Kind: netops.RoomMeeting, Floor: "6F"},
}

// netMoves are the units that move to the two new buildings this year.
var netMoves = []struct {
	site  string
	units []string
}{
	{netWJJXDL, []string{"区卫健局", "区疾病预防控制中心", "区卫生健康综合行政执法大队"}},
	{netYQXDL, []string{"区工业园区管委会", "区园区企业服务中心", "区园区规划建设局"}},
}

// netSelfBuilt are the offices that had bought internet lines of their own
// (自建互联网专线) before the year; the campaign revokes them all.
var netSelfBuilt = []string{"区教育局", "区民政局", "区人社局", "区住建局", "区市场监管局", "区行政审批局",
	"区执法局", "区征补中心", "区文化体育和旅游局", "区交通运输局", "区农业农村局", "区融媒体中心"}

// netNetworks are the business private networks (非涉密业务专网) and the
// units they reach. The last, the 视联动力 video network of 区委政法委, is
// merged into the extranet this year and reaches every township (and
// through the extranet every village and community).
var netNetworks = []struct {
	code, name, authority string
	mode                  netops.InterconnectMode
	since                 string // the interconnection's date; "" for June of the year
	units                 []string
}{
	{"RSZW", "人社业务专网", "广西壮族自治区人力资源和社会保障厅", netops.InterconnectGatekeeper, "2019-06-12", []string{"区人社局", "区就业服务中心", "区社会保险事业局"}},
	{"YBZW", "医保业务专网", "广西壮族自治区医疗保障局", netops.InterconnectFirewall, "2020-09-08", []string{"区医保局"}},
	{"CZZW", "财政业务专网", "广西壮族自治区财政厅", netops.InterconnectFirewall, "2021-03-16", []string{"区财政局"}},
	{"SCJG", "市场监管业务专网", "柳州市市场监督管理局", netops.InterconnectFirewall, "2020-05-20", []string{"区市场监管局"}},
	{"SLDL", "视联动力会议网", "区委政法委", netops.InterconnectRouted, "", []string{"区委政法委"}},
}

// sites creates the shared buildings and a site of its own for every
// other unit (its access point), and places each unit.
func (y *netYear) sites(ctx context.Context) error {
	y.at(dirFirstMorning(y.g).Add(20 * time.Minute))
	machine := func(code, name, floor string) netops.Room {
		return netops.Room{Code: code, Name: name, Kind: netops.RoomMachine, Floor: floor}
	}
	shared := []netops.SiteInput{
		{Code: netXZDL, Name: "行政大楼", Zone: netops.ZoneBuilding, Address: "柳州市柳北区胜利路 行政大楼",
			Rooms: append([]netops.Room{machine(netRoomJF, "五楼中心机房", "5F")}, netMeetingRooms...)},
		{Code: netSLZHL, Name: "胜利综合楼", Zone: netops.ZoneUrban, Address: "柳州市柳北区胜利路 胜利综合楼",
			Rooms: []netops.Room{machine(netRoomJF, "三楼机房", "3F")}},
		{Code: netXHL, Name: "向华楼", Zone: netops.ZoneUrban, Address: "柳州市柳北区向华街 向华楼",
			Rooms: []netops.Room{machine(netRoomJF, "二楼机房", "2F")}},
		{Code: netGYL, Name: "广雅楼", Zone: netops.ZoneUrban, Address: "柳州市柳北区广雅路 广雅楼",
			Rooms: []netops.Room{machine(netRoomJF, "四楼机房", "4F")}},
	}
	for _, in := range shared {
		if err := y.createSite(ctx, in); err != nil {
			return err
		}
	}
	named := map[string]bool{}
	for _, o := range dirOffices {
		named[o.name] = true
	}
	moving := map[string]string{}
	for _, m := range netMoves {
		for _, u := range m.units {
			moving[u] = m.site
		}
	}
	rr := []string{netSLZHL, netXHL, netGYL}
	k := 0
	var own []netops.SiteInput
	for _, d := range y.units {
		switch {
		case d.Zone == directory.ZoneBuilding:
			y.site[d.Code] = netPlace{netXZDL, netRoomJF}
		case moving[d.Name] == netWJJXDL:
			y.site[d.Code] = netPlace{netGYL, netRoomJF}
		case moving[d.Name] == netYQXDL:
			y.site[d.Code] = netPlace{netSLZHL, netRoomJF}
		case d.Kind == directory.KindDepartment && named[d.Name]:
			y.site[d.Code] = netPlace{rr[k%len(rr)], netRoomJF}
			k++
		default:
			code := "S" + d.Code
			own = append(own, netops.SiteInput{Code: code, Name: d.Name + "办公点", Zone: netZone(d.Zone), Address: "柳州市柳北区 " + d.Name,
				Rooms: []netops.Room{{Code: netRoomAP, Name: "外网接入点机柜", Kind: netops.RoomMachine, Floor: "1F"}}})
			y.site[d.Code] = netPlace{code, netRoomAP}
		}
	}
	// Each unit's own site (its access point), on the workers.
	return y.g.Each(ctx, len(own), func(ctx context.Context, w *Worker, i int) error {
		f := y.fork(w)
		f.at(dirFirstMorning(y.g).Add(25 * time.Minute))
		return f.createSite(ctx, own[i])
	})
}

// createSite creates a site, or in Append mode takes the one there.
func (y *netYear) createSite(ctx context.Context, in netops.SiteInput) error {
	_, err := y.svc.Netops.CreateSite(ctx, netCenter, in)
	if govops.ErrorCode(err) == govops.ECONFLICT && y.g.Append() {
		return nil
	}
	return err
}

// profiles imports every unit's network profile in one file.
func (y *netYear) profiles(ctx context.Context) error {
	y.at(dirFirstMorning(y.g).Add(40 * time.Minute))
	var rows [][]string
	for _, d := range y.units {
		pl := y.site[d.Code]
		rows = append(rows, []string{d.Code, pl.site, pl.room})
	}
	_, err := y.importCSV(ctx, y.svc.Netops.ImportUnits, []string{"unit", "site", "room"}, rows)
	return err
}

// importCSV writes rows under header and imports them with imp: all or
// nothing, or keeping the good rows in Append mode.
func (y *netYear) importCSV(ctx context.Context, imp func(context.Context, govops.Actor, io.Reader, netops.ImportOptions) (csvimport.Report, error),
	header []string, rows [][]string) (csvimport.Report, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(header)
	_ = w.WriteAll(rows)
	opts := netops.ImportOptions{}
	if y.g.Append() {
		opts.Mode = csvimport.KeepGood
	}
	rep, err := imp(ctx, netCenter, &buf, opts)
	if err != nil && len(rep.Errors) > 0 {
		e := rep.Errors[0]
		return rep, fmt.Errorf("%w (%s)", err, e)
	}
	return rep, err
}

// networks records the business private networks: four kept
// interconnected since earlier years, and the 视联动力 network merged in
// June.
func (y *netYear) networks(ctx context.Context) error {
	var made int64
	for _, n := range y.netNetworksMade() {
		since, at := n.since, dirFirstMorning(y.g).Add(50*time.Minute)
		if n.since.IsZero() {
			since = y.workdayIn(time.Date(y.g.P.Year, 6, 13, 0, 0, 0, 0, Shanghai)).Add(10 * time.Hour)
			at = since.Add(2 * time.Hour)
		}
		y.at(at)
		note := ""
		if n.mode == netops.InterconnectRouted {
			note = "并入电子政务外网，经外网横向覆盖各乡镇街道及村、社区，用于召开各类应急会议"
		}
		_, err := y.svc.Netops.CreateNetwork(ctx, netCenter, netops.NetworkInput{Code: n.code, Name: n.name, Authority: n.authority,
			Interconnect: netops.Interconnect{Mode: n.mode, Site: netXZDL, Room: netRoomJF, Since: since, Note: n.mode.Label() + "互联"}, Note: note})
		if govops.ErrorCode(err) == govops.ECONFLICT && y.g.Append() {
			continue
		}
		if err != nil {
			return fmt.Errorf("network %s: %w", n.code, err)
		}
		made++
	}
	y.g.Add(annual.KeyNetworksConnected, made)
	return nil
}

// netNetwork is a network of netNetworks as made this year.
type netNetwork struct {
	code, name, authority string
	mode                  netops.InterconnectMode
	since                 time.Time // zero: merged this year
	units                 []Dept
}

// netNetworksMade resolves netNetworks against the directory made: the
// 视联动力 network reaches every township too.
func (y *netYear) netNetworksMade() []netNetwork {
	var out []netNetwork
	for _, n := range netNetworks {
		nn := netNetwork{code: n.code, name: n.name, authority: n.authority, mode: n.mode}
		if n.since != "" {
			nn.since, _ = time.ParseInLocation(time.DateOnly, n.since, Shanghai)
		}
		for _, u := range n.units {
			if d, ok := y.g.Department(u); ok {
				nn.units = append(nn.units, d)
			}
		}
		if n.since == "" {
			for _, d := range y.units {
				if d.Kind == directory.KindTownship {
					nn.units = append(nn.units, d)
				}
			}
		}
		out = append(out, nn)
	}
	return out
}

// linkHeader is the header of the links files.
var linkHeader = []string{"unit", "site", "room", "carrier", "circuit_id", "type", "via_extranet", "network", "bandwidth_mbps", "prefixes", "status", "since", "note"}

// links connects every unit to the extranet: the links of each month
// imported on its last working day, most in January (with the self-built
// lines and the private networks' links on record), the last ones by
// September. The units that move this year are connected in January.
func (y *netYear) links(ctx context.Context) error {
	byMonth := map[time.Month][][]string{}
	extranet := map[time.Month]int64{}
	moving := map[string]bool{}
	for _, m := range netMoves {
		for _, u := range m.units {
			moving[u] = true
		}
	}
	base := netip.MustParseAddr("10.205.0.0").As4()
	connected := map[string]bool{}
	for i, d := range y.units {
		r := y.g.Rand("netops.link", i)
		month := time.January
		if x := r.Float64(); x >= 0.62 && !moving[d.Name] && d.Zone != directory.ZoneBuilding {
			month = time.Month(2 + int((x-0.62)/0.38*8))
		}
		day := y.netDayIn(month, r.IntN(28))
		n := uint32(i) * 32
		a := base
		a[2], a[3] = byte(n>>8), byte(n)
		prefix := netip.PrefixFrom(netip.AddrFrom4(a), 27).String()
		carrier, bw := "中国电信", "100"
		if i%5 == 3 {
			carrier = "中国联通"
		}
		switch d.Kind {
		case directory.KindTownship:
			bw = "200"
		case directory.KindVillage, directory.KindCommunity:
			bw = "50"
		}
		pl := y.site[d.Code]
		byMonth[month] = append(byMonth[month], []string{d.Code, pl.site, pl.room, carrier, fmt.Sprintf("LZWW-%s", d.Code), "extranet", "", "",
			bw, prefix, "active", day.Format(time.DateOnly), "电子政务外网接入"})
		extranet[month]++
		connected[d.Code] = true
	}
	// The self-built lines, in service since earlier years.
	for i, name := range netSelfBuilt {
		d, ok := y.g.Department(name)
		if !ok {
			continue
		}
		r := y.g.Rand("netops.selfbuilt", i)
		since := time.Date(y.g.P.Year-1-r.IntN(5), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, Shanghai)
		carrier := []string{"中国联通", "中国移动", "广电网络"}[i%3]
		pl := y.site[d.Code]
		byMonth[time.January] = append(byMonth[time.January], []string{d.Code, pl.site, pl.room, carrier, fmt.Sprintf("ZJ-%s-%02d", d.Code, i+1),
			"internet", "否", "", strconv.Itoa(50 * (1 + i%4)), "", "active", since.Format(time.DateOnly), "单位自建互联网专线"})
	}
	// The private networks' links: the 视联动力 ones in June, the others
	// on record since their interconnection.
	for ni, n := range y.netNetworksMade() {
		month, since := time.January, n.since
		if since.IsZero() {
			month = time.June
			since = y.workdayIn(time.Date(y.g.P.Year, 6, 15, 0, 0, 0, 0, Shanghai))
		}
		for j, d := range n.units {
			pl := y.site[d.Code]
			prefix := fmt.Sprintf("172.20.%d.%d/28", ni, j*16)
			byMonth[month] = append(byMonth[month], []string{d.Code, pl.site, pl.room, "中国电信", fmt.Sprintf("%s-%s", n.code, d.Code),
				"private", "", n.code, "20", prefix, "active", since.Format(time.DateOnly), n.name + "接入"})
		}
	}
	for m := time.January; m <= time.December; m++ {
		rows := byMonth[m]
		if len(rows) == 0 {
			continue
		}
		y.at(y.lastWorkdayOf(m).Add(17*time.Hour + 10*time.Minute))
		if _, err := y.importCSV(ctx, y.svc.Netops.ImportLinks, linkHeader, rows); err != nil {
			return fmt.Errorf("the links of %s: %w", m, err)
		}
		y.g.Step("netops", extranet[m])
	}
	y.coverageFigures(connected)
	return nil
}

// netDayIn returns the working day of month m picked by k (modulo the
// month's working days).
func (y *netYear) netDayIn(m time.Month, k int) time.Time {
	var in []time.Time
	for _, w := range y.days {
		if w.Month() == m {
			in = append(in, w)
		}
	}
	return in[k%len(in)]
}

// selfBuilt revokes every self-built line between March and September:
// deprovisioned, then decommissioned a few working days later.
func (y *netYear) selfBuilt(ctx context.Context) error {
	page, err := y.svc.Netops.Links(ctx, netCenter, netops.LinkListInput{SelfBuilt: true, Limit: govops.MaxPageSize})
	if err != nil {
		return err
	}
	var revoked int64
	for i, l := range page.Items {
		if l.Status != netops.LinkActive {
			continue
		}
		r := y.g.Rand("netops.revoke", i)
		d1 := y.workdayIn(time.Date(y.g.P.Year, time.Month(3+r.IntN(7)), 1+r.IntN(25), 0, 0, 0, 0, Shanghai))
		t1 := d1.Add(9*time.Hour + time.Duration(r.IntN(120))*time.Minute)
		y.at(t1.Add(5 * time.Minute))
		if _, err := y.svc.Netops.MoveLink(ctx, netCenter, l.ID.String(), netops.LinkStep{To: netops.LinkDeprovisioning, At: t1,
			Note: "依据《柳北区电子政务外网建设管理办法》督促撤销自建互联网线路"}); err != nil {
			return fmt.Errorf("deprovision %s: %w", l.CircuitID, err)
		}
		t2 := y.workdayIn(d1.AddDate(0, 0, 3+r.IntN(8))).Add(15*time.Hour + time.Duration(r.IntN(90))*time.Minute)
		y.at(t2.Add(5 * time.Minute))
		if _, err := y.svc.Netops.MoveLink(ctx, netCenter, l.ID.String(), netops.LinkStep{To: netops.LinkDecommissioned, At: t2,
			Note: "运营商已拆除线路，改由电子政务外网统一出口访问互联网"}); err != nil {
			return fmt.Errorf("decommission %s: %w", l.CircuitID, err)
		}
		revoked++
	}
	y.g.Add(annual.KeySelfBuiltRevoked, revoked)
	y.g.Set(annual.KeySelfBuiltRemaining, decimal.Zero)
	return nil
}

// migrations moves the health units to 卫健局新大楼 in April and the park's
// units to 园区新大楼 in August: the new building's site, the plan, the
// weekend cutover, the unit's extranet link moved, and the verification
// on the Monday.
func (y *netYear) migrations(ctx context.Context) error {
	windows := []struct {
		month      time.Month
		name, addr string
		zone       netops.Zone
	}{
		{time.April, "卫健局新大楼", "柳州市柳北区北雀路 卫健局新大楼", netops.ZoneUrban},
		{time.August, "园区新大楼", "柳州市柳北区沙塘镇 柳北工业园区新大楼", netops.ZoneSuburban},
	}
	var done int64
	for mi, m := range netMoves {
		w := windows[mi]
		plan := y.workdayIn(time.Date(y.g.P.Year, w.month, 6, 0, 0, 0, 0, Shanghai)).Add(10 * time.Hour)
		y.at(plan)
		if err := y.createSite(ctx, netops.SiteInput{Code: m.site, Name: w.name, Zone: w.zone, Address: w.addr,
			Rooms: []netops.Room{{Code: netRoomJF, Name: "一楼机房", Kind: netops.RoomMachine, Floor: "1F"}}}); err != nil {
			return err
		}
		// The cutover is on the Saturday after the plan's second week.
		cut := plan.AddDate(0, 0, 10)
		for cut.Weekday() != time.Saturday {
			cut = cut.AddDate(0, 0, 1)
		}
		cut = time.Date(cut.Year(), cut.Month(), cut.Day(), 9, 0, 0, 0, Shanghai)
		for ui, name := range m.units {
			d, ok := y.g.Department(name)
			if !ok {
				continue
			}
			y.at(plan.Add(time.Duration(ui*15) * time.Minute))
			mg, err := y.svc.Netops.PlanMigration(ctx, netCenter, netops.MigrationInput{Unit: d.Code, ToSite: m.site, ToRoom: netRoomJF,
				PlannedFor: cut.Add(time.Duration(ui) * time.Hour), Plan: "周六割接：新大楼外网接入点开通、核心交换机配置下发、终端逐台迁移；失败则回退至原线路",
				Note: d.Name + "整体搬迁"})
			if y.taken(err) {
				continue
			}
			if err != nil {
				return fmt.Errorf("plan the move of %s: %w", name, err)
			}
			at := cut.Add(time.Duration(ui)*time.Hour + 40*time.Minute)
			y.at(at)
			if _, err := y.svc.Netops.CutoverMigration(ctx, netCenter, mg.ID.String(), netops.MigrationStep{At: at, Note: "割接完成，业务恢复"}); err != nil {
				return fmt.Errorf("cut %s over: %w", name, err)
			}
			if err := y.moveLink(ctx, d.Code, m.site, at.Add(20*time.Minute)); err != nil {
				return err
			}
			ver := y.workdayIn(cut.AddDate(0, 0, 2)).Add(10*time.Hour + time.Duration(ui*20)*time.Minute)
			y.at(ver)
			if _, err := y.svc.Netops.VerifyMigration(ctx, govops.Actor{Name: netStaff[1]}, mg.ID.String(),
				netops.MigrationStep{At: ver, Note: "外网、视频会议及业务系统访问验证正常"}); err != nil {
				return fmt.Errorf("verify the move of %s: %w", name, err)
			}
			done++
		}
	}
	y.g.Add(annual.KeyMigrationsDone, done)
	return nil
}

// moveLink moves the unit's extranet link to the new building at t.
func (y *netYear) moveLink(ctx context.Context, unit, site string, t time.Time) error {
	y.at(t)
	page, err := y.svc.Netops.Links(ctx, netCenter, netops.LinkListInput{Unit: unit, Type: netops.LinkExtranet, Status: netops.LinkActive})
	if err != nil {
		return err
	}
	for _, l := range page.Items {
		ps := make([]string, len(l.Prefixes))
		for i, p := range l.Prefixes {
			ps[i] = p.String()
		}
		if _, err := y.svc.Netops.UpdateLink(ctx, netCenter, l.ID.String(), netops.LinkInput{Unit: l.Unit, Site: site, Room: netRoomJF,
			Carrier: l.Carrier, CircuitID: l.CircuitID, Type: l.Type, ViaExtranet: l.ViaExtranet, Network: l.Network,
			BandwidthMbps: l.BandwidthMbps, VLAN: l.VLAN, Prefixes: ps, Note: "随单位搬迁至新大楼", IfVersion: l.Version}); err != nil {
			return fmt.Errorf("move the link of %s: %w", unit, err)
		}
	}
	return nil
}
