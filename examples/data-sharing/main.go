// Command data-sharing rebuilds the data-sharing part of a district
// center's 2022 work summary from data: it catalogs the district's data
// resources (66 structured entries, 58 of them shared, and the files,
// images and service interfaces beside them), mounts (挂接) 699,735
// records into them from the departments' CSV files, files and answers a
// share request, and prints what the center reports: the share ratio with
// its counting rule, the records mounted, the quality of the data in five
// dimensions, and how fast it mounted.
//
// Every figure printed is computed through datashare.Service; only the raw
// records below are made up, deterministically.
//
//	go run ./examples/data-sharing
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/datashare/datasharemem"
	"github.com/govops-kit/govops/idcode"
)

func main() {
	if _, err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// TotalRecords is what the district mounted in 2022.
const TotalRecords = 699735

// center is the center's data team.
func center() govops.Actor { return govops.Actor{Name: "中心-数据组"} }

// clerk is the data clerk of department dept.
func clerk(dept string) govops.Actor {
	return govops.Actor{Name: dept + "-数据专员", Department: dept}
}

// department is one providing department: its directory code, name and
// USCC.
type department struct{ code, name, uscc string }

func departments() []department {
	ds := []department{
		{"scjgj", "区市场监督管理局", ""}, {"rsj", "区人力资源和社会保障局", ""}, {"mzj", "区民政局", ""},
		{"wjj", "区卫生健康局", ""}, {"jyj", "区教育局", ""}, {"zjj", "区住房和城乡建设局", ""},
		{"spj", "区行政审批局", ""}, {"gaj", "公安柳北分局", ""}, {"tjj", "区统计局", ""},
		{"yjj", "区应急管理局", ""}, {"nyj", "区农业农村局", ""}, {"czj", "区财政局", ""},
	}
	for i := range ds {
		ds[i].uscc = withCheck(idcode.USCCCheck, fmt.Sprintf("11450205MB%07d", 200+i))
	}
	return ds
}

// withCheck completes body with the check character check computes.
func withCheck(check func(string) (byte, error), body string) string {
	c, err := check(body)
	if err != nil {
		panic(err)
	}
	return body + string(c)
}

// resource is one entry of the district's catalog: its name, department,
// format, share type and the records its department mounts in 2022.
type resource struct {
	name    string
	dept    string
	format  datashare.Format
	share   datashare.ShareType
	persons bool // its records are about people (keyed by resident ID) rather than organizations
	records int
}

// resources are the district's catalog: 66 structured entries (58 shared,
// 8 not) and 12 others. The structured, shared ones hold the 699,735
// records.
func resources() []resource {
	u, c, n := datashare.ShareUnconditional, datashare.ShareConditional, datashare.ShareNone
	x, d := datashare.FormatSpreadsheet, datashare.FormatDatabase
	rs := []resource{
		{"市场主体登记信息", "scjgj", d, u, false, 61200}, {"个体工商户登记信息", "scjgj", d, u, false, 48750}, {"食品经营许可信息", "scjgj", x, u, false, 9120},
		{"特种设备使用登记信息", "scjgj", x, c, false, 3310}, {"行政处罚信息", "scjgj", d, u, false, 2140}, {"企业年报信息", "scjgj", d, c, false, 30415},
		{"社会保险参保信息", "rsj", d, c, true, 42924}, {"就业登记信息", "rsj", d, c, true, 41200}, {"失业登记信息", "rsj", x, c, true, 6450},
		{"职业技能培训信息", "rsj", x, u, true, 8120}, {"人力资源服务机构信息", "rsj", x, u, false, 312},
		{"低保对象信息", "mzj", d, c, true, 12650}, {"特困人员信息", "mzj", x, c, true, 1380}, {"婚姻登记信息", "mzj", d, c, true, 18460},
		{"社会组织登记信息", "mzj", x, u, false, 715}, {"养老机构信息", "mzj", x, u, false, 96}, {"殡葬服务信息", "mzj", x, n, true, 0},
		{"出生医学证明信息", "wjj", d, c, true, 14230}, {"预防接种信息", "wjj", d, n, true, 0}, {"医疗机构执业信息", "wjj", x, u, false, 688},
		{"公共场所卫生许可信息", "wjj", x, u, false, 2410}, {"计划生育家庭奖励扶助信息", "wjj", x, c, true, 5320},
		{"中小学学籍信息", "jyj", d, c, true, 38760}, {"学前教育资助信息", "jyj", x, c, true, 4120}, {"民办学校信息", "jyj", x, u, false, 210},
		{"教师资格信息", "jyj", x, n, true, 0},
		{"建筑施工许可信息", "zjj", x, u, false, 1640}, {"商品房预售许可信息", "zjj", x, u, false, 420}, {"住房保障对象信息", "zjj", d, c, true, 7830},
		{"物业服务企业信息", "zjj", x, u, false, 388}, {"房屋征收补偿信息", "zjj", x, n, true, 0},
		{"行政许可办件信息", "spj", d, u, false, 86420}, {"投资项目审批信息", "spj", x, u, false, 1275}, {"政务服务好差评信息", "spj", d, u, false, 52300},
		{"电子证照目录信息", "spj", x, u, false, 850},
		{"户籍人口信息", "gaj", d, c, true, 44350}, {"流动人口居住登记信息", "gaj", d, c, true, 21980}, {"机动车登记信息", "gaj", d, n, true, 0},
		{"旅馆业登记信息", "gaj", x, c, false, 380},
		{"统计调查单位名录", "tjj", d, u, false, 9760}, {"经济普查企业信息", "tjj", x, u, false, 12840}, {"人口抽样调查汇总", "tjj", x, n, false, 0},
		{"安全生产许可信息", "yjj", x, u, false, 520}, {"危险化学品经营许可信息", "yjj", x, u, false, 186}, {"应急物资储备信息", "yjj", x, c, false, 1430},
		{"自然灾害灾情信息", "yjj", x, u, false, 275}, {"安全生产行政处罚信息", "yjj", x, n, false, 0},
		{"农村土地承包信息", "nyj", d, c, true, 23650}, {"农业经营主体信息", "nyj", x, u, false, 1980}, {"动物防疫合格证信息", "nyj", x, u, false, 145},
		{"惠农补贴发放信息", "nyj", d, c, true, 16120}, {"农产品质量检测信息", "nyj", x, u, false, 3870},
		{"财政资金直达信息", "czj", d, u, false, 4620}, {"政府采购项目信息", "czj", x, u, false, 1310}, {"行政事业单位资产信息", "czj", d, c, false, 11840},
		{"会计从业人员信息", "czj", x, n, true, 0}, {"非税收入缴款信息", "czj", d, c, false, 19330},
		{"企业信用评价信息", "scjgj", x, u, false, 5240}, {"广告经营登记信息", "scjgj", x, u, false, 96}, {"劳动保障监察信息", "rsj", x, u, false, 1035},
		{"临时救助信息", "mzj", x, c, true, 2890}, {"院前急救信息", "wjj", d, c, true, 6610}, {"校外培训机构信息", "jyj", x, u, false, 143},
		{"城市管理执法信息", "zjj", x, u, false, 3920}, {"社区网格信息", "mzj", x, u, false, 1064}, {"重点项目进度信息", "spj", x, u, false, 48},
	}
	other := []struct {
		name, dept string
		format     datashare.Format
	}{
		{"政策文件汇编", "spj", datashare.FormatFile}, {"办事指南", "spj", datashare.FormatFile}, {"城区规划图", "zjj", datashare.FormatImage},
		{"不动产测绘成果", "zjj", datashare.FormatImage}, {"会议视频资料", "czj", datashare.FormatMedia}, {"应急演练视频", "yjj", datashare.FormatMedia},
		{"企业信息查询接口", "scjgj", datashare.FormatService}, {"社保待遇核验接口", "rsj", datashare.FormatService}, {"户籍核验接口", "gaj", datashare.FormatService},
		{"统计年鉴", "tjj", datashare.FormatFile}, {"惠农政策问答", "nyj", datashare.FormatSelfDescr}, {"预算公开报告", "czj", datashare.FormatFile},
	}
	for _, o := range other {
		rs = append(rs, resource{name: o.name, dept: o.dept, format: o.format, share: u})
	}
	return rs
}

// code is the resource code of the i-th entry of department class 3
// (部门信息资源): 3, the item and heading of the department, its
// sequence.
func code(i int, dept string, depts []department) string {
	for j, d := range depts {
		if d.code == dept {
			return fmt.Sprintf("3%02d%03d/%06d", j+1, 1, i+1)
		}
	}
	panic("unknown department " + dept)
}

// items are the data items of a structured entry: an identifier (a
// resident ID for entries about people, a USCC otherwise), a name, a
// date, a count, an amount, a status, and, for some, an address and a
// remark.
func items(r resource, i int) ([]datashare.Item, []string) {
	id := datashare.Item{Name: "统一社会信用代码", Type: datashare.TypeString, Required: true, ID: idcode.KindUSCC}
	name := datashare.Item{Name: "名称", Type: datashare.TypeString, Required: true, Length: 100}
	if r.persons {
		id = datashare.Item{Name: "公民身份号码", Type: datashare.TypeString, Required: true, ID: idcode.KindResidentID}
		name = datashare.Item{Name: "姓名", Type: datashare.TypeString, Required: true, Length: 50, Personal: true}
	}
	its := []datashare.Item{id, name,
		{Name: "登记日期", Type: datashare.TypeDate, Required: true},
		{Name: "数量", Type: datashare.TypeInteger},
		{Name: "金额", Type: datashare.TypeNumber},
	}
	if i%2 == 0 {
		its = append(its, datashare.Item{Name: "状态", Type: datashare.TypeString, Length: 20})
	}
	if i%3 == 0 {
		its = append(its, datashare.Item{Name: "地址", Type: datashare.TypeString, Length: 200, Personal: r.persons},
			datashare.Item{Name: "有效", Type: datashare.TypeBoolean})
	}
	if i%5 == 0 {
		its = append(its, datashare.Item{Name: "更新时间", Type: datashare.TypeDateTime},
			datashare.Item{Name: "备注", Type: datashare.TypeString, Length: 500})
	}
	return its, []string{id.Name}
}

// catalogInputs are the district's entries as their departments catalog
// them.
func catalogInputs(rs []resource, depts []department) []datashare.CatalogInput {
	names := map[string]department{}
	for _, d := range depts {
		names[d.code] = d
	}
	ins := make([]datashare.CatalogInput, len(rs))
	for i, r := range rs {
		d := names[r.dept]
		in := datashare.CatalogInput{
			Code: code(i, r.dept, depts), Name: r.name, Department: r.dept, Provider: d.name, ProviderCode: d.uscc,
			Summary: d.name + "在履职中产生的" + r.name, Format: r.format, ShareType: r.share,
			Open: datashare.OpenNone, Cycle: datashare.CycleMonthly, ShareMethod: datashare.MethodFile,
		}
		switch r.format {
		case datashare.FormatSpreadsheet:
			in.SubFormat = "xlsx"
		case datashare.FormatDatabase:
			in.SubFormat, in.ShareMethod, in.Cycle = "mysql", datashare.MethodDatabase, datashare.CycleDaily
		case datashare.FormatService:
			in.SubFormat, in.ShareMethod, in.Cycle = "REST", datashare.MethodInterface, datashare.CycleRealtime
		default:
			in.Cycle = datashare.CycleYearly
		}
		if r.share == datashare.ShareUnconditional && !r.persons {
			in.Open = datashare.OpenUnconditional
		}
		switch r.share {
		case datashare.ShareConditional:
			in.Condition = "仅用于" + d.name + "协同审批、核验和监管，不得用于其他用途"
			in.LegalBasis = "《政务信息资源共享管理暂行办法》（国发〔2016〕51号）第九条"
		case datashare.ShareNone:
			in.Condition = "涉及个人隐私，不予共享"
			in.LegalBasis = "《中华人民共和国个人信息保护法》第三十四条"
		}
		if r.format == datashare.FormatSpreadsheet || r.format == datashare.FormatDatabase {
			in.Items, in.Key = items(r, i)
		} else {
			in.Items = []datashare.Item{{Name: "标题", Type: datashare.TypeString, Required: true}, {Name: "发布日期", Type: datashare.TypeDate}}
		}
		ins[i] = in
	}
	return ins
}

// Summary is what the program computes and prints.
type Summary struct {
	Metrics  *datashare.Metrics
	Quality  *datashare.QualityReport
	Rows     int64 // rows read from the departments' files
	Bad      int64 // rows refused, each reported
	Mounted  int64
	Batches  int
	Elapsed  time.Duration
	Request  *datashare.RequestView
	Personal string // how another department reads the first person's name
}

// run builds the district's catalog in memory, mounts its records and
// writes the report to w.
func run(ctx context.Context, w io.Writer) (*Summary, error) {
	now := time.Date(2022, 12, 30, 16, 0, 0, 0, govops.ShanghaiLocation())
	s := datashare.NewService(datasharemem.New(), datashare.WithNow(func() time.Time { return now }))
	depts, rs := departments(), resources()
	ins := catalogInputs(rs, depts)
	entries, err := s.CreateCatalogs(ctx, center(), ins)
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	for _, e := range entries {
		if _, err := s.PublishCatalog(ctx, clerk(e.Department), e.Code, e.Version); err != nil {
			return nil, fmt.Errorf("publish %s: %w", e.Code, err)
		}
	}

	sum := &Summary{}
	start := time.Now()
	for i, r := range rs {
		if r.records == 0 {
			continue
		}
		e := entries[i]
		f := &file{entry: i, items: e.Items, rows: r.records}
		opts := datashare.MountOptions{Mode: csvimport.KeepGood, Source: fmt.Sprintf("%s-2022.csv", e.Name)}
		if i == 6 {
			// The social insurance register keeps early codes whose check
			// characters fail: mounted with warnings, counted invalid.
			opts.IDMode = idcode.Warn
		}
		res, err := s.Mount(ctx, clerk(e.Department), e.Code, f.reader(), opts)
		if err != nil {
			return nil, fmt.Errorf("mount %s: %w", e.Code, err)
		}
		sum.Rows += int64(res.Report.Rows)
		sum.Bad += int64(res.Report.BadRows())
		sum.Mounted += int64(res.Report.Imported)
		sum.Batches++
	}
	sum.Elapsed = time.Since(start)

	// The civil affairs bureau asks the public security bureau for the
	// household register, for its subsistence allowance checks, and is
	// granted it for a year.
	hukou := entries[35]
	req, err := s.FileRequest(ctx, clerk("mzj"), datashare.RequestInput{Catalog: hukou.Code,
		Purpose: "最低生活保障对象家庭成员户籍核验", Items: []string{"公民身份号码", "姓名"}})
	if err != nil {
		return nil, fmt.Errorf("request: %w", err)
	}
	if sum.Request, err = s.Approve(ctx, clerk("gaj"), req.ID.String(), datashare.ApproveInput{IfVersion: req.Version}); err != nil {
		return nil, fmt.Errorf("approve: %w", err)
	}
	page, err := s.Records(ctx, clerk("mzj"), hukou.Code, datashare.RecordQuery{Limit: 1})
	if err != nil {
		return nil, fmt.Errorf("records: %w", err)
	}
	sum.Personal = page.Items[0].Values["姓名"]

	if sum.Metrics, err = s.Metrics(ctx, center(), datashare.MetricsQuery{}); err != nil {
		return nil, err
	}
	if sum.Quality, err = s.Quality(ctx, center(), datashare.QualityQuery{Worst: 3}); err != nil {
		return nil, err
	}
	report(w, sum)
	return sum, nil
}

// report prints sum.
func report(w io.Writer, sum *Summary) {
	m := sum.Metrics
	fmt.Fprintf(w, "政务数据共享（%s）\n", "2022年")
	fmt.Fprintf(w, "目录 %d 条，其中结构化 %d 条，共享 %d 条\n", m.Catalogs, m.Structured, m.Shared)
	fmt.Fprintf(w, "共享率 %s：%s\n", m.ShareRatio, m.Rule)
	fmt.Fprintf(w, "累计挂接数据 %d 条（%d 个批次，读入 %d 行，%d 行有误未挂接，逐行报告）\n", m.Records, sum.Batches, sum.Rows, sum.Bad)
	rate := float64(sum.Mounted) / sum.Elapsed.Seconds()
	fmt.Fprintf(w, "挂接用时 %.1f 秒，%.0f 条/秒（内存存储）\n", sum.Elapsed.Seconds(), rate)
	fmt.Fprintln(w, "数据质量（GB/T 36344）：")
	for _, d := range sum.Quality.Dimensions {
		fmt.Fprintf(w, "  %s %s（%d / %d）\n", d.Dimension.Label(), d.Overall, d.Overall.Numerator, d.Overall.Denominator)
		for _, c := range d.Worst {
			if c.Rate.Percent.LessThan(decimal.NewFromInt(100)) {
				fmt.Fprintf(w, "    较低：%s %s\n", c.Name, c.Rate)
			}
		}
	}
	fmt.Fprintf(w, "共享申请：%s → %s，%s，有效期至 %s\n", sum.Request.Consumer, sum.Request.Provider, sum.Request.Status.Label(),
		sum.Request.Expires.In(govops.ShanghaiLocation()).Format(time.DateOnly))
	fmt.Fprintf(w, "获授权部门读取户籍人口信息，姓名显示为 %s\n", sum.Personal)
}

// file generates the CSV file a department mounts: rows rows of the
// entry's items, all good but for a few, deterministic in the entry's
// index.
type file struct {
	entry int
	items []datashare.Item
	rows  int
}

// reader streams the file, never holding it whole.
func (f *file) reader() io.Reader {
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(f.write(pw)) }()
	return pr
}

func (f *file) write(w io.Writer) error {
	var b strings.Builder
	// One entry's file leaves out its optional remark column
	// (consistency), and one mounted the whole year once holds a few
	// duplicate identifiers (uniqueness).
	skip := ""
	if f.entry == 10 {
		skip = "备注"
	}
	var cols []datashare.Item
	for _, it := range f.items {
		if it.Name != skip {
			cols = append(cols, it)
		}
	}
	for i, it := range cols {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(it.Name)
	}
	b.WriteByte('\n')
	for n := 0; n < f.rows; n++ {
		for i, it := range cols {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(f.value(it, n))
		}
		b.WriteByte('\n')
		if f.entry == 0 && n%2000 == 1999 {
			// A row whose remark holds a control character: refused,
			// reported, and not counted among the records.
			b.WriteString(strings.Repeat(",", len(cols)-1) + "\x07\n")
		}
		if b.Len() > 64<<10 {
			if _, err := io.WriteString(w, b.String()); err != nil {
				return err
			}
			b.Reset()
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// value is item it's value in row n.
func (f *file) value(it datashare.Item, n int) string {
	serial := f.entry*1_000_000 + n
	if f.entry == 1 && n%500 == 499 {
		serial-- // a duplicate of the row before it
	}
	switch {
	case it.ID == idcode.KindUSCC:
		return withCheck(idcode.USCCCheck, fmt.Sprintf("92450205MA%07d", serial%10_000_000))
	case it.ID == idcode.KindResidentID:
		day := time.Date(1930, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, serial%30000)
		body := fmt.Sprintf("450205%s%03d", day.Format("20060102"), (serial/30000)%1000)
		v := withCheck(idcode.ResidentIDCheck, body)
		if f.entry == 6 && n%50 == 7 {
			v = v[:17] + wrongCheck(v[17]) // an early code with a wrong check character
		}
		return v
	}
	switch it.Name {
	case "名称":
		return fmt.Sprintf("柳州市柳北区%s第%d号", []string{"商贸", "餐饮", "科技", "建材"}[n%4], serial)
	case "姓名":
		return []string{"张", "李", "王", "刘", "陈", "黄"}[n%6] + []string{"伟", "芳", "敏", "静", "强", "磊"}[(n/6)%6]
	case "登记日期":
		return time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n%365).Format("2006/1/2")
	case "数量":
		return fmt.Sprint(n % 97)
	case "金额":
		return fmt.Sprintf("%d.%02d", n%10000, n%100)
	case "状态":
		return []string{"正常", "注销", "迁出"}[n%3]
	case "地址":
		return fmt.Sprintf("柳北区跃进路%d号", n%300+1)
	case "有效":
		return []string{"是", "否"}[n%2]
	case "更新时间":
		return "2022-12-01 09:30:00"
	case "备注":
		return ""
	}
	return ""
}

// wrongCheck returns a check character other than c.
func wrongCheck(c byte) string {
	if c == '1' {
		return "2"
	}
	return "1"
}
