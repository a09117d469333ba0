// Command extranet rebuilds the extranet and IT-operations part of a
// district center's 2022 work summary from data: it loads the district's
// directory (184 departments and townships, 98 villages and communities),
// its sites, the links that connect every unit (imported from the
// inventory's CSV), the self-built internet lines and their revocation, a
// year of on-site visits and the 7×24 duty roster, and prints what the
// center reports: coverage, the revocation campaign, response compliance
// by zone against 15/45/90 minutes, and the hours the roster leaves
// uncovered.
//
// Every figure printed is computed through netops.Service; only the raw
// records below are made up, deterministically.
//
//	go run ./examples/extranet
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
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/directory/directorymem"
	"github.com/govops-kit/govops/netops"
	"github.com/govops-kit/govops/netops/netopsmem"
)

func main() {
	if _, err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "extranet:", err)
		os.Exit(1)
	}
}

// shanghai returns the district's clock.
func shanghai() *time.Location { return time.FixedZone("CST", 8*3600) }

// at returns a time of 2022 on the district's clock.
func at(month time.Month, day, hour, minute int) time.Time {
	return time.Date(2022, month, day, hour, minute, 0, 0, shanghai())
}

// yearEnd is the end of 2022: every report is read then.
func yearEnd() time.Time { return time.Date(2023, 1, 1, 0, 0, 0, 0, shanghai()) }

// center is the center's network team.
func center() govops.Actor { return govops.Actor{Name: "中心-网络组"} }

// Summary is what run computed, for the test.
type Summary struct {
	Coverage   *netops.Coverage
	Campaign   *netops.Campaign
	Compliance *netops.ComplianceReport
	Roster     *netops.RosterReport
	// Overlap is the refusal of a link whose prefix another holds.
	Overlap error
	// Imported counts the links the inventory's CSV wrote; Bad the rows
	// it refused.
	Imported, Bad int
	// Expected is the on-time count of each zone as the generator made
	// the visits, to check the report against.
	Expected map[netops.Zone][2]int
}

// run loads the district's year and prints the report to w.
func run(ctx context.Context, w io.Writer) (*Summary, error) {
	dir := directory.NewService(directorymem.New(), directory.WithNow(func() time.Time { return at(1, 1, 8, 0) }))
	units, err := loadDirectory(ctx, dir)
	if err != nil {
		return nil, err
	}
	var clock time.Time
	now := func() time.Time { return clock }
	svc := netops.NewService(netopsmem.New(), netops.WithNow(now), netops.WithDirectory(directoryUnits{dir}))
	clock = at(1, 4, 9, 0)
	if err := loadSites(ctx, svc, units); err != nil {
		return nil, err
	}
	s := &Summary{}
	rep, err := svc.ImportLinks(ctx, center(), strings.NewReader(linksCSV(units)), netops.ImportOptions{Mode: csvimport.KeepGood})
	if err != nil {
		return nil, fmt.Errorf("import links: %w", err)
	}
	s.Imported, s.Bad = rep.Imported, rep.BadRows()
	fmt.Fprintf(w, "线路台账导入：%d 行，写入 %d 条，退回 %d 行\n", rep.Rows, rep.Imported, rep.BadRows())
	for _, e := range rep.Errors {
		fmt.Fprintf(w, "  %s\n", e)
	}
	// A link that takes a prefix of another is refused, naming it.
	_, s.Overlap = svc.CreateLink(ctx, center(), netops.LinkInput{
		Unit: units[0].code, Site: "XZDL", Carrier: "中国电信", Type: netops.LinkExtranet,
		Prefixes: []string{"10.20.0.0/16"}, Note: "误填的地址段",
	})
	fmt.Fprintf(w, "重叠地址段被拒：%s\n", govops.ErrorMessage(s.Overlap))

	if err := revokeSelfBuilt(ctx, svc, &clock); err != nil {
		return nil, err
	}
	clock = yearEnd()
	if s.Coverage, err = svc.Coverage(ctx, center()); err != nil {
		return nil, err
	}
	printCoverage(w, s.Coverage)
	if s.Campaign, err = svc.Campaign(ctx, center()); err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "自建互联网专线：共 %d 条，已撤销 %d 条，在用 %d 条，清理完成：%v\n",
		s.Campaign.Total, s.Campaign.Revoked, s.Campaign.Active, s.Campaign.Done)

	if s.Expected, err = loadVisits(ctx, svc, units, &clock); err != nil {
		return nil, err
	}
	clock = yearEnd()
	if s.Compliance, err = svc.Compliance(ctx, center(), netops.ComplianceInput{From: at(1, 1, 0, 0), To: yearEnd()}); err != nil {
		return nil, err
	}
	printCompliance(w, s.Compliance)

	if err := loadRoster(ctx, svc); err != nil {
		return nil, err
	}
	if s.Roster, err = svc.Roster(ctx, center(), at(1, 1, 0, 0), yearEnd()); err != nil {
		return nil, err
	}
	printRoster(w, s.Roster)
	return s, nil
}

// unit is a unit of the district as the generator knows it.
type unit struct {
	code, name string
	kind       directory.Kind
	zone       directory.Zone
	parent     string
}

// township is a sub-district (街道) or a town (镇).
type township struct {
	code, name string
	town       bool
}

// townships are the district's sub-districts and towns.
func townships() []township {
	return []township{
		{"jiefang", "解放街道", false}, {"queershan", "雀儿山街道", false}, {"gangcheng", "钢城街道", false},
		{"jinxi", "锦西街道", false}, {"shengli", "胜利街道", false}, {"bailu", "白露街道", false},
		{"yuejin", "跃进街道", false}, {"liuchang", "柳长街道", false},
		{"shibeiping", "石碑坪镇", true}, {"shatang", "沙塘镇", true}, {"changtang", "长塘镇", true},
	}
}

// bureaus name the first departments; the others are numbered.
func bureaus() []string {
	return []string{
		"区政府办公室", "区发展和改革局", "区教育局", "区科技局", "区工业和信息化局", "区民政局", "区司法局",
		"区财政局", "区人力资源和社会保障局", "区自然资源局", "区住房和城乡建设局", "区交通运输局",
		"区水利局", "区农业农村局", "区商务局", "区文化广电体育和旅游局", "区卫生健康局", "区退役军人事务局",
		"区应急管理局", "区审计局", "区市场监督管理局", "区统计局", "区医疗保障局", "区行政审批局",
		"区城市管理行政执法局", "区征地拆迁补偿安置中心", "区政务服务中心", "区大数据发展局",
	}
}

// loadDirectory fills the directory: 173 departments and 11 townships
// (184), 60 communities and 38 villages (98).
func loadDirectory(ctx context.Context, dir *directory.Service) ([]unit, error) {
	var us []unit
	bureaus, townships := bureaus(), townships()
	for i := range 173 {
		name := fmt.Sprintf("区属单位%03d", i+1)
		if i < len(bureaus) {
			name = bureaus[i]
		}
		zone := directory.ZoneBuilding
		if i%3 == 2 {
			zone = directory.ZoneUrban
		}
		us = append(us, unit{code: fmt.Sprintf("d%03d", i+1), name: name, kind: directory.KindDepartment, zone: zone})
	}
	for _, t := range townships {
		zone := directory.ZoneUrban
		if t.town {
			zone = directory.ZoneSuburban
		}
		us = append(us, unit{code: t.code, name: t.name, kind: directory.KindTownship, zone: zone})
	}
	for i := range 98 {
		if i < 60 {
			t := townships[i%8]
			us = append(us, unit{code: fmt.Sprintf("%s-sq%02d", t.code, i/8+1), name: fmt.Sprintf("%s第%d社区", t.name, i/8+1),
				kind: directory.KindCommunity, zone: directory.ZoneUrban, parent: t.code})
			continue
		}
		t := townships[8+(i-60)%3]
		us = append(us, unit{code: fmt.Sprintf("%s-c%02d", t.code, (i-60)/3+1), name: fmt.Sprintf("%s第%d村", t.name, (i-60)/3+1),
			kind: directory.KindVillage, zone: directory.ZoneSuburban, parent: t.code})
	}
	for _, u := range us {
		if _, err := dir.Create(ctx, center(), directory.CreateInput{Code: u.code, Name: u.name, Kind: u.kind, Parent: u.parent, Zone: u.zone}); err != nil {
			return nil, fmt.Errorf("directory %s: %w", u.code, err)
		}
	}
	return us, nil
}

// directoryUnits is the directory as netops reads it: the wiring a server
// does between the two packages, which never import each other.
type directoryUnits struct{ dir *directory.Service }

// reader is who netops reads the directory as.
func reader() govops.Actor { return govops.Actor{Name: "netops", ReadOnly: true} }

func (d directoryUnits) Units(ctx context.Context) ([]netops.Unit, error) {
	var out []netops.Unit
	in := directory.ListInput{Filter: directory.Filter{Status: directory.StatusActive}, Limit: govops.MaxPageSize}
	for {
		page, err := d.dir.List(ctx, reader(), in)
		if err != nil {
			return nil, err
		}
		for _, u := range page.Items {
			out = append(out, toUnit(u))
		}
		if page.Next == "" {
			return out, nil
		}
		in.Cursor = page.Next
	}
}

func (d directoryUnits) Unit(ctx context.Context, code string) (*netops.Unit, error) {
	u, err := d.dir.Get(ctx, reader(), code)
	if err != nil {
		return nil, err
	}
	if !u.Active() {
		return nil, govops.Errorf(govops.ENOTFOUND, "unit %s is dissolved", code)
	}
	nu := toUnit(u)
	return &nu, nil
}

func toUnit(u *directory.Department) netops.Unit {
	return netops.Unit{Code: u.Code, Name: u.Name, Kind: string(u.Kind), KindLabel: u.Kind.Label(), Parent: u.Parent, Zone: netops.Zone(u.Zone)}
}

// The district's buildings: the administrative building, three office
// buildings in town, and one office per township, where the links of its
// villages and communities come together (汇聚).
func buildings() []building {
	return []building{
		{"XZDL", "行政大楼", netops.ZoneBuilding},
		{"SLZH", "胜利综合楼", netops.ZoneUrban},
		{"XHL", "向华楼", netops.ZoneUrban},
		{"GYL", "广雅楼", netops.ZoneUrban},
	}
}

// building is one of the district's buildings.
type building struct {
	code, name string
	zone       netops.Zone
}

// siteOf returns the site where u's link lands.
func siteOf(u unit) string {
	switch u.kind {
	case directory.KindDepartment:
		if u.zone == directory.ZoneBuilding {
			return "XZDL"
		}
		return buildings()[1+int(u.code[len(u.code)-1])%3].code
	case directory.KindTownship:
		return "T-" + u.code
	}
	return "T-" + u.parent
}

func loadSites(ctx context.Context, svc *netops.Service, units []unit) error {
	for _, b := range buildings() {
		rooms := []netops.Room{{Code: "JF", Name: b.name + "机房", Kind: netops.RoomMachine, Floor: "1F"}}
		if b.code == "XZDL" {
			rooms = append(rooms, netops.Room{Code: "HYS", Name: "五楼视频会议室", Kind: netops.RoomMeeting, Floor: "5F"})
		}
		if _, err := svc.CreateSite(ctx, center(), netops.SiteInput{Code: b.code, Name: b.name, Zone: b.zone, Rooms: rooms}); err != nil {
			return fmt.Errorf("site %s: %w", b.code, err)
		}
	}
	for _, t := range townships() {
		zone := netops.ZoneUrban
		if t.town {
			zone = netops.ZoneSuburban
		}
		if _, err := svc.CreateSite(ctx, center(), netops.SiteInput{Code: "T-" + t.code, Name: t.name + "办公楼", Zone: zone,
			Rooms: []netops.Room{{Code: "HJ", Name: "汇聚机房", Kind: netops.RoomMachine}}}); err != nil {
			return fmt.Errorf("site %s: %w", t.code, err)
		}
	}
	for _, u := range units {
		if _, err := svc.SetUnit(ctx, center(), u.code, netops.UnitInput{Site: siteOf(u)}); err != nil {
			return fmt.Errorf("unit %s: %w", u.code, err)
		}
	}
	return nil
}

// selfBuilt is how many self-built internet lines the inventory found.
const selfBuilt = 23

// linksCSV is the inventory's file: an extranet link for every unit, each
// with its own /26 of 10.20.0.0/16, the self-built internet lines found in
// the 2021 survey, and two rows that are wrong.
func linksCSV(units []unit) string {
	var b strings.Builder
	b.WriteString("单位代码,站点,运营商,电路编号,线路类型,经外网出口,带宽,VLAN,地址段,状态,启用日期,备注\n")
	carriers := []string{"中国电信", "中国联通", "中国移动"}
	for i, u := range units {
		fmt.Fprintf(&b, "%s,%s,%s,LB-WW-%04d,外网接入,否,%d,%d,10.20.%d.%d/26,在用,2019-%02d-15,\n",
			u.code, siteOf(u), carriers[i%3], i+1, []int{100, 50, 20}[i%3], 100+i, i/4, (i%4)*64, 1+i%12)
	}
	for i := range selfBuilt {
		u := units[i*7]
		fmt.Fprintf(&b, "%s,%s,%s,ZJ-%04d,互联网专线,否,50,0,,在用,20%d-%02d-01,单位自建\n",
			u.code, siteOf(u), carriers[(i+1)%3], i+1, 18+i%4, 1+i%12)
	}
	// A unit that is not in the directory, and a prefix with host bits.
	b.WriteString("d999,XZDL,中国电信,LB-WW-9999,外网接入,否,100,0,10.21.0.0/26,在用,2019-01-15,\n")
	fmt.Fprintf(&b, "%s,XZDL,中国电信,LB-WW-9998,外网接入,否,100,0,10.21.1.1/26,在用,2019-01-15,\n", units[1].code)
	return b.String()
}

// revokeSelfBuilt takes every self-built line out of service during the
// year: the unit moves to the extranet's unified exit, the carrier takes
// the line down.
func revokeSelfBuilt(ctx context.Context, svc *netops.Service, clock *time.Time) error {
	*clock = at(12, 1, 9, 0)
	page, err := svc.Links(ctx, center(), netops.LinkListInput{SelfBuilt: true, Limit: govops.MaxPageSize})
	if err != nil {
		return err
	}
	for i, l := range page.Items {
		day := at(time.Month(3+i%9), 10, 10, 0)
		if _, err := svc.MoveLink(ctx, center(), l.ID.String(), netops.LinkStep{To: netops.LinkDeprovisioning, At: day, Note: "改由电子政务外网统一出口接入"}); err != nil {
			return fmt.Errorf("deprovision %s: %w", l.CircuitID, err)
		}
		if _, err := svc.MoveLink(ctx, center(), l.ID.String(), netops.LinkStep{To: netops.LinkDecommissioned, At: day.AddDate(0, 0, 14), Note: "运营商已拆除"}); err != nil {
			return fmt.Errorf("decommission %s: %w", l.CircuitID, err)
		}
	}
	return nil
}

// loadVisits writes a year of on-site visits: about four a working day,
// most of them on time, some late, as the generator decides. It returns
// each zone's [on time, arrived] as generated.
func loadVisits(ctx context.Context, svc *netops.Service, units []unit, clock *time.Time) (map[netops.Zone][2]int, error) {
	rnd := rand.New(rand.NewPCG(2022, 12345))
	technicians := staff()[:6]
	expected := map[netops.Zone][2]int{}
	sla := svc.SLA()
	for day := at(1, 4, 0, 0); day.Before(yearEnd()); day = day.AddDate(0, 0, 1) {
		n := 4
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			n = 1
		}
		for range n {
			u := units[rnd.IntN(len(units))]
			zone := netops.Zone(u.zone)
			reported := day.Add(time.Duration(8*60+rnd.IntN(9*60)) * time.Minute)
			limit := sla[zone]
			// Nine in ten arrive within the promise; the others up to
			// half as long again.
			took := time.Duration(rnd.Int64N(int64(limit))) + time.Minute
			if rnd.IntN(10) == 0 {
				took = limit + time.Duration(rnd.Int64N(int64(limit/2))) + time.Minute
			}
			took = took.Truncate(time.Minute)
			arrived := reported.Add(took)
			*clock = arrived.Add(2 * time.Hour)
			if _, err := svc.OpenVisit(ctx, center(), netops.VisitInput{
				Ticket: netops.Ticket{Kind: netops.TicketExternal, Ref: fmt.Sprintf("YW-%s-%d", reported.Format("20060102"), rnd.IntN(1000))},
				Unit:   u.code, Technician: technicians[rnd.IntN(len(technicians))],
				Summary: "外网终端无法访问", ReportedAt: reported, ArrivedAt: arrived, ResolvedAt: arrived.Add(40 * time.Minute),
			}); err != nil {
				return nil, fmt.Errorf("visit of %s: %w", u.code, err)
			}
			e := expected[zone]
			if took <= limit {
				e[0]++
			}
			e[1]++
			expected[zone] = e
		}
	}
	return expected, nil
}

// staff are the people of the operations team, on the 7×24 roster.
func staff() []string {
	return []string{"黄工", "李工", "韦工", "覃工", "莫工", "蓝工", "梁工", "陆工", "罗工", "廖工"}
}

// loadRoster schedules 2022: three shifts a day (00–08, 08–16, 16–24),
// two people each. On National Day the evening shift was moved to start
// at 18:30, and nobody covered the two and a half hours before it: the
// hole the report must find.
func loadRoster(ctx context.Context, svc *netops.Service) error {
	var in []netops.ShiftInput
	staff := staff()
	i := 0
	for day := at(1, 1, 0, 0); day.Before(yearEnd()); day = day.AddDate(0, 0, 1) {
		for s := range 3 {
			start, end := day.Add(time.Duration(8*s)*time.Hour), day.Add(time.Duration(8*s+8)*time.Hour)
			if day.Equal(at(10, 1, 0, 0)) && s == 2 {
				start = day.Add(18*time.Hour + 30*time.Minute)
			}
			for p := range 2 {
				in = append(in, netops.ShiftInput{Person: staff[(i+p*5)%len(staff)], Role: "值班", Start: start, End: end})
			}
			i++
		}
	}
	for len(in) > 0 {
		n := min(len(in), 1000)
		if _, err := svc.AddShifts(ctx, center(), in[:n]); err != nil {
			return fmt.Errorf("roster: %w", err)
		}
		in = in[n:]
	}
	return nil
}

func printCoverage(w io.Writer, c *netops.Coverage) {
	fmt.Fprintf(w, "\n电子政务外网覆盖：%d / %d 个单位已接入（%s）\n", c.Connected, c.Units, c.Rate)
	var units, villages, uc, vc int
	for _, k := range c.ByKind {
		fmt.Fprintf(w, "  %-8s %3d / %3d\n", k.Label, k.Connected, k.Units)
		if k.Kind == string(directory.KindVillage) || k.Kind == string(directory.KindCommunity) {
			villages, vc = villages+k.Units, vc+k.Connected
		} else {
			units, uc = units+k.Units, uc+k.Connected
		}
	}
	fmt.Fprintf(w, "  部门与乡镇街道 %d 个、村和社区 %d 个接入电子政务外网（共 %d + %d 个单位）\n", uc, vc, units, villages)
}

func printCompliance(w io.Writer, r *netops.ComplianceReport) {
	fmt.Fprintf(w, "\n现场服务响应（%d 次，24×7 计时）：\n", r.Total.Visits)
	for _, z := range r.ByZone {
		avg := "—"
		if z.AvgResponseMinutes.Valid {
			avg = z.AvgResponseMinutes.Decimal.StringFixed(2) + " 分钟"
		}
		fmt.Fprintf(w, "  %-6s 承诺 %2d 分钟到场：%4d 次，按时 %4d，超时 %3d，达标率 %s，平均 %s\n",
			z.Zone.Label(), z.SLAMinutes, z.Visits, z.OnTime, z.Late, z.Rate, avg)
	}
	fmt.Fprintf(w, "  合计达标率 %s\n", r.Total.Rate)
}

func printRoster(w io.Writer, r *netops.RosterReport) {
	fmt.Fprintf(w, "\n7×24 值班：%d 个班次，覆盖 %d 分钟\n", r.Shifts, r.CoveredMinutes)
	if len(r.Uncovered) == 0 {
		fmt.Fprintln(w, "  无值班空档")
	}
	for _, g := range r.Uncovered {
		fmt.Fprintf(w, "  值班空档：%s 至 %s（%d 分钟）\n", g.Start.In(shanghai()).Format("2006-01-02 15:04"), g.End.In(shanghai()).Format("15:04"), g.Minutes())
	}
	for _, d := range r.DoubleBooked {
		fmt.Fprintf(w, "  重复排班：%s %s\n", d.Person, d.Overlap.Start.In(shanghai()).Format("2006-01-02 15:04"))
	}
}
