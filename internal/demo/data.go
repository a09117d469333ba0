package demo

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/idcode"
)

// dataClerk is the center's data officer, who reviews and publishes the
// departments' entries.
var dataClerk = govops.Actor{Name: "韦志强"}

// dataSteps is the chapter's expected steps, for the progress bar: each
// entry catalogued, each record mounted and each share request.
func dataSteps(p Params) int64 {
	return int64(p.StructuredCatalogs+len(draftResources())+len(otherResources())) + int64(p.DataRecords) + int64(len(dataRequests()))
}

// plannedEntry is one catalog entry the chapter makes: its resource, its
// provider, its code, share type and dates, and the records mounted into
// it in the year, batch by batch.
type plannedEntry struct {
	dataResource
	structured bool
	draft      bool
	provider   Dept
	code       string
	created    time.Time
	published  time.Time // zero for a draft
	records    int
	batches    []dataBatch
}

// dataBatch is one mount: when, and how many rows from which serial on.
type dataBatch struct {
	at    time.Time
	first int // the serial of its first row within the entry
	rows  int
}

// dataProvider returns the department named name, or the data bureau (区数据局)
// when the directory has none: it gathers the data of bodies that are not
// the district's.
func (g *Gen) dataProvider(name string) (Dept, error) {
	return g.departmentNamed(name, "区数据局", "区行政审批局")
}

// departmentNamed returns the first department of names the directory has, or
// its first department of kind department.
func (g *Gen) departmentNamed(names ...string) (Dept, error) {
	for _, n := range names {
		if d, ok := g.Department(n); ok {
			return d, nil
		}
	}
	for _, d := range g.Departments() {
		if d.Kind == directory.KindDepartment {
			return d, nil
		}
	}
	return Dept{}, fmt.Errorf("the directory has no department for %s", names[0])
}

// dataPlan lays out the year's catalog: p.StructuredCatalogs structured
// entries, p.SharedStructured of them shared (无条件 or 有条件) and the rest
// not shared (不予共享, with the legal basis), all published; two
// structured drafts, not published by the year's end; the unstructured
// entries; and p.DataRecords records over the shared structured entries.
func dataPlan(g *Gen, days []time.Time) ([]plannedEntry, error) {
	p := g.P
	r := g.Rand("data", 0)
	base := structuredResources()
	var es []plannedEntry
	none := max(p.StructuredCatalogs-p.SharedStructured, 0)
	for i := range p.StructuredCatalogs {
		res := base[i%len(base)]
		if i >= len(base) {
			res.name = fmt.Sprintf("%s（%d）", res.name, i/len(base)+1)
		}
		if res.share == datashare.ShareNone {
			if none > 0 {
				none--
			} else {
				res.share, res.weight = datashare.ShareConditional, 500
			}
		}
		es = append(es, plannedEntry{dataResource: res, structured: true})
	}
	// More entries to keep from sharing than the list has: the last shared
	// ones are kept too.
	for i := len(es) - 1; i >= 0 && none > 0; i-- {
		if es[i].share != datashare.ShareNone {
			es[i].share, es[i].weight = datashare.ShareNone, 0
			none--
		}
	}
	for _, res := range draftResources() {
		es = append(es, plannedEntry{dataResource: res, structured: true, draft: true})
	}
	for _, res := range otherResources() {
		es = append(es, plannedEntry{dataResource: res})
	}
	weights := make([]int, len(es))
	for i, e := range es {
		if e.structured && !e.draft && e.share != datashare.ShareNone {
			weights[i] = e.weight
		}
	}
	// Codes: class 3 (部门), the provider's item and heading 001, and its
	// own sequence; the two base registers (人口, 法人) are class 1.
	items, seqs := map[string]int{}, map[string]int{}
	year := func(m time.Month, d int) time.Time { return time.Date(p.Year, m, d, 0, 0, 0, 0, Shanghai) }
	// Each provider catalogues its entries on one day, and the center
	// publishes each after review.
	catalogued := map[string]time.Time{}
	for i, n := range apportionInts(p.DataRecords, weights) {
		e := &es[i]
		d, err := g.dataProvider(e.dept)
		if err != nil {
			return nil, err
		}
		e.provider, e.records = d, n
		if _, ok := items[d.Code]; !ok {
			items[d.Code] = len(items) + 1
		}
		seqs[d.Code]++
		switch e.name {
		case "户籍人口信息":
			e.code = "101001/000001"
		case "市场主体登记信息":
			e.code = "102001/000001"
		default:
			e.code = fmt.Sprintf("3%02d001/%06d", items[d.Code]%100, seqs[d.Code])
		}
		if e.draft {
			e.created = officeMoment(r, pickDay(r, daysBetween(days, year(12, 5), year(12, 23))))
			continue
		}
		day, ok := catalogued[d.Code]
		if !ok {
			day = pickDay(r, daysBetween(days, year(1, 10), year(2, 25)))
			catalogued[d.Code] = day
		}
		e.created = officeMoment(r, day)
		e.published = officeMoment(r, pickDay(r, daysBetween(days, day.AddDate(0, 0, 3), year(3, 31))))
		e.batches = dataBatches(g.Rand("data.batches", i), days, e)
	}
	return es, nil
}

// dataBatches splits an entry's records into its mounts: the stock first
// (存量), soon after publication, then the increments (增量): quarterly for
// a database, twice more in the year for a larger spreadsheet, once more
// for a small one. Each commit of a mount counts the entry's keys over all
// its records, so an entry takes few, even batches rather than many small
// ones.
func dataBatches(r *rand.Rand, days []time.Time, e *plannedEntry) []dataBatch {
	if e.records == 0 {
		return nil
	}
	year := e.published.Year()
	first := daysBetween(days, e.published.AddDate(0, 0, 2), e.published.AddDate(0, 0, 15))
	ats := []time.Time{officeMoment(r, pickDay(r, first))}
	months := []time.Month{6, 9, 12}
	switch {
	case e.format == datashare.FormatDatabase:
	case e.records >= 2000:
		months = []time.Month{7, 11}
	default:
		months = []time.Month{9 + time.Month(r.IntN(3))}
	}
	for _, m := range months {
		from := time.Date(year, m, 1, 0, 0, 0, 0, Shanghai)
		if from.After(ats[len(ats)-1]) {
			ats = append(ats, officeMoment(r, pickDay(r, daysBetween(days, from, from.AddDate(0, 1, -1)))))
		}
	}
	weights := make([]int, len(ats))
	for i := range weights {
		weights[i] = 8 + r.IntN(5)
	}
	weights[0] = 14 // the stock
	var out []dataBatch
	next := 0
	for i, n := range apportionInts(e.records, weights) {
		if n == 0 {
			continue
		}
		out = append(out, dataBatch{at: ats[i], first: next, rows: n})
		next += n
	}
	return out
}

// dataActor is the data officer (数据专员) of department d.
func dataActor(d Dept) govops.Actor {
	h := 7
	for _, c := range d.Code {
		h = h*37 + int(c)
	}
	return govops.Actor{Name: holderName(max(h, -h)), Department: d.Code}
}

// runData fills the chapter: the departments catalogue their resources
// and the center publishes them, the records are mounted batch by batch
// over the year, and a few share requests are filed and answered.
func runData(ctx context.Context, g *Gen) error {
	if len(g.Departments()) == 0 {
		// No directory to claim or provide from: nothing to make.
		return nil
	}
	days, err := g.Workdays()
	if err != nil {
		return err
	}
	es, err := dataPlan(g, days)
	if err != nil {
		return err
	}
	clock := NewClock(time.Date(g.P.Year, 1, 1, 0, 0, 0, 0, Shanghai))
	svc := g.Services(clock).Data
	if err := catalogEntries(ctx, g, clock, svc, es); err != nil {
		return err
	}
	var structured, shared int64
	for _, e := range es {
		if e.structured && !e.draft {
			structured++
			if e.share != datashare.ShareNone {
				shared++
			}
		}
	}
	g.Set(annual.KeyStructuredTotal, decimal.NewFromInt(structured))
	g.Set(annual.KeyStructuredShared, decimal.NewFromInt(shared))
	g.Set(annual.KeyShareRatio, annual.Rate(annual.KeyShareRatio, "", shared, structured, "", "").Value)

	var mounting []int
	for i, e := range es {
		if len(e.batches) > 0 {
			mounting = append(mounting, i)
		}
	}
	// The largest entries first, so that the workers end together.
	slices.SortStableFunc(mounting, func(a, b int) int { return es[b].records - es[a].records })
	err = g.Each(ctx, len(mounting), func(ctx context.Context, w *Worker, i int) error {
		return mountEntry(ctx, g, w, &es[mounting[i]])
	})
	if err != nil {
		return err
	}
	return fileDataRequests(ctx, g, clock, svc, es, days)
}

// catalogEntries has each provider catalogue its entries (one bulk call a
// provider), and the center publish them after review; the drafts stay
// drafts. In a database that holds an entry's code already, that entry is
// read back rather than made again.
func catalogEntries(ctx context.Context, g *Gen, clock *Clock, svc *datashare.Service, es []plannedEntry) error {
	type call struct {
		at  time.Time
		by  govops.Actor
		idx []int
	}
	var calls []call
	at := map[string]int{} // provider and day → its call
	for i, e := range es {
		k := e.provider.Code + e.created.Format(time.DateOnly)
		j, ok := at[k]
		if !ok {
			j = len(calls)
			at[k] = j
			calls = append(calls, call{at: e.created, by: dataActor(e.provider)})
		}
		calls[j].idx = append(calls[j].idx, i)
	}
	slices.SortStableFunc(calls, func(a, b call) int { return a.at.Compare(b.at) })
	for _, c := range calls {
		ins := make([]datashare.CatalogInput, 0, len(c.idx))
		keep := c.idx[:0:0]
		for _, i := range c.idx {
			if g.Append() {
				if _, err := svc.Catalog(ctx, dataClerk, es[i].code); err == nil {
					continue
				} else if govops.ErrorCode(err) != govops.ENOTFOUND {
					return err
				}
			}
			ins = append(ins, catalogInput(g.P.Year, &es[i]))
			keep = append(keep, i)
		}
		if len(ins) == 0 {
			continue
		}
		clock.Set(c.at)
		if _, err := svc.CreateCatalogs(ctx, c.by, ins); err != nil {
			return fmt.Errorf("catalogue the entries of %s: %w", c.by.Department, err)
		}
		g.Step("data", int64(len(keep)))
	}
	order := make([]int, 0, len(es))
	for i := range es {
		if !es[i].draft {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return es[a].published.Compare(es[b].published) })
	for _, i := range order {
		e := &es[i]
		clock.Set(e.published)
		if _, err := svc.PublishCatalog(ctx, dataClerk, e.code, 0); err != nil {
			if !(g.Append() && govops.ErrorCode(err) == govops.ECONFLICT) {
				return fmt.Errorf("publish %s: %w", e.code, err)
			}
		}
	}
	return nil
}

// catalogInput is the entry e as its provider catalogues it.
func catalogInput(year int, e *plannedEntry) datashare.CatalogInput {
	in := datashare.CatalogInput{Code: e.code, Name: e.name, Department: e.provider.Code, Provider: e.provider.Name,
		ProviderCode: deptUSCC(e.provider.Code), Summary: fmt.Sprintf("%s在履职中产生和管理的%s，%d年梳理编目。", e.provider.Name, e.name, year),
		Format: e.format, ShareType: e.share, Open: datashare.OpenNone, Cycle: datashare.CycleQuarterly, ShareMethod: datashare.MethodFile}
	switch e.format {
	case datashare.FormatSpreadsheet:
		in.SubFormat = "xlsx"
	case datashare.FormatDatabase:
		in.SubFormat, in.ShareMethod, in.Cycle = "MySQL", datashare.MethodDatabase, datashare.CycleMonthly
	case datashare.FormatService:
		in.SubFormat, in.ShareMethod, in.Cycle = "REST", datashare.MethodInterface, datashare.CycleRealtime
	case datashare.FormatImage:
		in.SubFormat, in.Cycle = "jpg", datashare.CycleYearly
	case datashare.FormatMedia:
		in.SubFormat, in.Cycle = "mp4", datashare.CycleYearly
	default:
		in.SubFormat, in.Cycle = "pdf", datashare.CycleYearly
	}
	if e.share == datashare.ShareUnconditional && !e.persons {
		in.Open = datashare.OpenUnconditional
	}
	switch e.share {
	case datashare.ShareConditional:
		in.Condition = "仅用于" + e.provider.Name + "职责范围内的协同审批、核验和监管，使用部门须经申请并获授权，不得转作他用"
		in.LegalBasis = "《政务信息资源共享管理暂行办法》（国发〔2016〕51号）第九条"
	case datashare.ShareNone:
		in.Condition = "涉及个人隐私或尚未脱敏，暂不予共享"
		in.LegalBasis = "《中华人民共和国个人信息保护法》第三十四条"
		in.ShareMethod = ""
	}
	if e.structured {
		in.Items, in.Key = dataItems(e)
	} else {
		in.Items = []datashare.Item{{Name: "标题", Type: datashare.TypeString, Required: true, Length: 200}, {Name: "发布日期", Type: datashare.TypeDate}}
	}
	return in
}

// dataItems are the data items of a structured entry: its identifier (a
// resident ID for records about people, a USCC otherwise, the key), a
// name, a date, a status, and for some an amount or count and an address.
func dataItems(e *plannedEntry) ([]datashare.Item, []string) {
	id := datashare.Item{Name: "统一社会信用代码", Type: datashare.TypeString, Required: true, ID: idcode.KindUSCC}
	name := datashare.Item{Name: "名称", Type: datashare.TypeString, Required: true, Length: 100}
	if e.persons {
		id = datashare.Item{Name: "公民身份号码", Type: datashare.TypeString, Required: true, ID: idcode.KindResidentID}
		name = datashare.Item{Name: "姓名", Type: datashare.TypeString, Required: true, Length: 50, Personal: true}
	}
	its := []datashare.Item{id, name,
		{Name: "登记日期", Type: datashare.TypeDate, Required: true},
		{Name: "状态", Type: datashare.TypeString, Length: 20},
	}
	if len(e.name)%2 == 0 {
		its = append(its, datashare.Item{Name: "金额", Type: datashare.TypeNumber})
	} else {
		its = append(its, datashare.Item{Name: "数量", Type: datashare.TypeInteger})
	}
	if e.format == datashare.FormatDatabase {
		its = append(its, datashare.Item{Name: "地址", Type: datashare.TypeString, Length: 200, Personal: e.persons})
	}
	return its, []string{id.Name}
}

// mountEntry mounts the records of e, batch by batch, on w's clock.
func mountEntry(ctx context.Context, g *Gen, w *Worker, e *plannedEntry) error {
	items, _ := dataItems(e)
	for bi, b := range e.batches {
		w.Clock.Set(b.at)
		f := &dataFile{entry: e, items: items, batch: b}
		res, err := w.Svc.Data.Mount(ctx, dataActor(e.provider), e.code, f.reader(), datashare.MountOptions{
			Mode: csvimport.AllOrNothing, Source: fmt.Sprintf("%s-%s-%02d.csv", e.name, b.at.Format("20060102"), bi+1)})
		if err != nil {
			if res != nil && len(res.Report.Errors) > 0 {
				re := res.Report.Errors[0]
				return fmt.Errorf("mount into %s: row %d %s: %s: %w", e.code, re.Row, re.Field, re.Problem, err)
			}
			return fmt.Errorf("mount into %s: %w", e.code, err)
		}
		g.Add(annual.KeyDataRecords, res.Batch.Mounted)
		g.Step("data", int64(b.rows))
	}
	return nil
}

// dataFile is the CSV file of one batch, written as it is read.
type dataFile struct {
	entry *plannedEntry
	items []datashare.Item
	batch dataBatch
}

// reader streams the file through a pipe, never holding it whole.
func (f *dataFile) reader() io.Reader {
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(f.write(pw)) }()
	return pr
}

var (
	dataStates  = []string{"正常", "正常", "正常", "变更", "注销"}
	orgWords    = []string{"商贸", "餐饮", "科技", "建材", "物流", "电子", "汽配", "食品"}
	orgKinds    = []string{"有限公司", "经营部", "商行", "服务中心"}
	dataStreets = []string{"胜利路", "跃进路", "北雀路", "三中路", "白沙路", "杨柳路", "雅儒路", "北站路", "长风路", "钢城路", "沙塘镇", "石碑坪镇", "长塘镇"}
)

// write writes the header and the rows of f to w.
func (f *dataFile) write(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	for i, it := range f.items {
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString(it.Name)
	}
	bw.WriteByte('\n')
	var line []byte
	day := shanghaiDate(f.batch.at)
	for n := f.batch.first; n < f.batch.first+f.batch.rows; n++ {
		line = line[:0]
		for i, it := range f.items {
			if i > 0 {
				line = append(line, ',')
			}
			line = f.value(line, it, n, day)
		}
		line = append(line, '\n')
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// value appends the value of item it in row n (the serial within the
// entry) to b; day is the batch's day.
func (f *dataFile) value(b []byte, it datashare.Item, n int, day time.Time) []byte {
	switch {
	case it.ID == idcode.KindUSCC:
		return append(b, checkedCode(idcode.USCCCheck, fmt.Sprintf("91450205MA%07d", n%10_000_000))...)
	case it.ID == idcode.KindResidentID:
		born := time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n%29000)
		return append(b, residentIDFor(born, n/29000)...)
	}
	switch it.Name {
	case "姓名":
		return append(b, holderName(n)...)
	case "名称":
		b = append(b, "柳州市柳北区"...)
		b = append(b, orgWords[n%len(orgWords)]...)
		b = strconv.AppendInt(b, int64(n%9973), 10)
		return append(b, orgKinds[(n/7)%len(orgKinds)]...)
	case "登记日期":
		return day.AddDate(0, 0, -(n%400)).AppendFormat(b, time.DateOnly)
	case "状态":
		return append(b, dataStates[n%len(dataStates)]...)
	case "金额":
		b = strconv.AppendInt(b, int64(n%50000), 10)
		b = append(b, '.')
		return append(b, byte('0'+n%10), byte('0'+n/10%10))
	case "数量":
		return strconv.AppendInt(b, int64(n%97+1), 10)
	case "地址":
		b = append(b, dataStreets[n%len(dataStreets)]...)
		b = strconv.AppendInt(b, int64(n%300+1), 10)
		return append(b, "号"...)
	}
	return b
}

// fileDataRequests files the year's share requests and answers them:
// grants, a denial with its reason, a grant revoked, and one still
// pending at the year's end.
func fileDataRequests(ctx context.Context, g *Gen, clock *Clock, svc *datashare.Service, es []plannedEntry, days []time.Time) error {
	r := g.Rand("data.requests", 0)
	for _, rq := range dataRequests() {
		g.Step("data", 1)
		consumer, ok := g.Department(rq.consumer)
		if !ok {
			continue
		}
		var e *plannedEntry
		for i := range es {
			c := &es[i]
			if c.share == datashare.ShareConditional && !c.draft && c.provider.Code != consumer.Code &&
				(c.name == rq.catalog || e == nil && c.persons) {
				e = c
				if c.name == rq.catalog {
					break
				}
			}
		}
		if e == nil {
			continue
		}
		month := time.Date(g.P.Year, time.Month(rq.month), 1, 0, 0, 0, 0, Shanghai)
		if month.Before(e.published) {
			month = e.published.AddDate(0, 0, 1)
		}
		filed := officeMoment(r, pickDay(r, daysBetween(days, month, month.AddDate(0, 0, 20))))
		clock.Set(filed)
		req, err := svc.FileRequest(ctx, dataActor(consumer), datashare.RequestInput{Catalog: e.code, Purpose: rq.purpose, Items: rq.items})
		if err != nil {
			return fmt.Errorf("share request of %s for %s: %w", consumer.Code, e.code, err)
		}
		if rq.outcome == "pending" {
			continue
		}
		answer := daysBetween(days, filed.AddDate(0, 0, 1), filed.AddDate(0, 0, 9))
		clock.Set(officeMoment(r, answer[min(len(answer)-1, 2)]))
		provider := dataActor(e.provider)
		id := req.ID.String()
		if rq.outcome == "deny" {
			if _, err := svc.Deny(ctx, provider, id, datashare.DecisionInput{IfVersion: req.Version, Reason: rq.reason}); err != nil {
				return fmt.Errorf("deny request %s: %w", id, err)
			}
			continue
		}
		ok2, err := svc.Approve(ctx, provider, id, datashare.ApproveInput{IfVersion: req.Version,
			Expires: time.Date(g.P.Year+1, 12, 31, 23, 59, 0, 0, Shanghai), Note: "同意按申请用途使用，使用中注意个人信息保护"})
		if err != nil {
			return fmt.Errorf("approve request %s: %w", id, err)
		}
		if rq.outcome == "revoke" {
			clock.Set(officeMoment(r, pickDay(r, daysBetween(days, time.Date(g.P.Year, 11, 1, 0, 0, 0, 0, Shanghai), time.Date(g.P.Year, 11, 30, 0, 0, 0, 0, Shanghai)))))
			if _, err := svc.Revoke(ctx, provider, id, datashare.DecisionInput{IfVersion: ok2.Version, Reason: rq.reason}); err != nil {
				return fmt.Errorf("revoke request %s: %w", id, err)
			}
		}
	}
	return nil
}
