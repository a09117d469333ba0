package demo

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/idcode"
	"github.com/govops-kit/govops/license"
)

// licenseClerk is the center's license officer (证照专管员).
var licenseClerk = govops.Actor{Name: "覃海燕"}

// licenseSource is where the district's type list comes from.
const licenseSource = "广西电子证照目录清单（广西数字政务一体化平台）"

// licenseSteps is the chapter's expected steps, for the progress bar: the
// type list, each claim or explanation, each template approved and each
// record uploaded.
func licenseSteps(p Params) int64 {
	return 1 + int64(len(licenseKinds(p))+len(explainedKinds())) + int64(p.LicenseTypes) + int64(p.LicenseRecords)
}

// plannedKind is one type the chapter claims: its kind, code, the
// department that issues it and what happens to it in the year.
type plannedKind struct {
	licenseKind
	index     int // its place in the list, which numbers its type code
	code      string
	dept      Dept
	approved  bool      // gets an approved template (the first Params.LicenseTypes)
	claimed   time.Time // when the department claims it
	uploaded  time.Time // when its first template is uploaded (its schema set)
	approveAt time.Time // when the center approves it
	records   int
	expected  int64 // the records the department declares it holds; -1: not declared
}

// licenseKinds are the claimed types of the year: the first
// p.LicenseTypes get an approved template, two more only a draft.
func licenseKinds(p Params) []licenseKind {
	all := issuedKinds()
	n := p.LicenseTypes + 2
	out := make([]licenseKind, n)
	for i := range n {
		k := all[i%len(all)]
		if i >= len(all) {
			k.name = fmt.Sprintf("%s（%d）", k.name, i/len(all)+1)
			k.prefix = fmt.Sprintf("%s%d", k.prefix, i/len(all)+1)
		}
		out[i] = k
	}
	return out
}

// licenseIssuer returns the department named name, or the licensing bureau when
// the directory has no such department (under 相对集中行政许可 it issues
// what such a department would).
func (g *Gen) licenseIssuer(name string) (Dept, error) {
	return g.departmentNamed(name, "区行政审批局", "区市场监管局")
}

// runLicense fills the chapter: the type list from the region's catalog,
// the departments' claims and explanations, the layout templates and
// face-data schemas, and the records uploaded over the year.
func runLicense(ctx context.Context, g *Gen) error {
	if len(g.Departments()) == 0 {
		// No directory to claim or provide from: nothing to make.
		return nil
	}
	const ch = "license"
	p := g.P
	days, err := g.Workdays()
	if err != nil {
		return err
	}
	clock := NewClock(time.Date(p.Year, 1, 1, 0, 0, 0, 0, Shanghai))
	svc := g.Services(clock).Licenses
	r := g.Rand(ch, 0)
	year := func(m time.Month, d int) time.Time { return time.Date(p.Year, m, d, 0, 0, 0, 0, Shanghai) }

	// The plan: every type, its department and its dates.
	kinds := licenseKinds(p)
	plan := make([]plannedKind, len(kinds))
	for i, k := range kinds {
		d, err := g.licenseIssuer(k.dept)
		if err != nil {
			return err
		}
		auth, _, _ := licenseAuthority(k.national, i)
		pk := plannedKind{licenseKind: k, index: i, code: fmt.Sprintf("%s%03d", auth, i+1), dept: d, approved: i < p.LicenseTypes, expected: -1}
		pk.claimed = officeMoment(r, pickDay(r, daysBetween(days, year(2, 14), year(4, 15))))
		if pk.approved {
			pk.uploaded = officeMoment(r, pickDay(r, daysBetween(days, pk.claimed.AddDate(0, 0, 7), year(8, 31))))
			next := daysBetween(days, pk.uploaded.AddDate(0, 0, 1), pk.uploaded.AddDate(0, 0, 12))
			pk.approveAt = officeMoment(r, next[min(len(next)-1, 1+r.IntN(4))])
		} else {
			pk.uploaded = officeMoment(r, pickDay(r, daysBetween(days, year(11, 1), year(12, 20))))
		}
		plan[i] = pk
	}
	weights := make([]int, p.LicenseTypes)
	for i := range weights {
		weights[i] = plan[i].weight
	}
	for i, n := range apportionInts(p.LicenseRecords, weights) {
		pk := &plan[i]
		pk.records = n
		switch {
		case i%5 == 3: // a department that has not counted what it holds (底数不清)
			pk.expected = -1
		case i%7 == 2: // more held than uploaded so far
			pk.expected = int64(n + 3 + r.IntN(max(n, 4)))
		default:
			pk.expected = int64(n)
		}
	}

	if err := importLicenseTypes(ctx, g, clock, svc, plan, pickDay(r, daysBetween(days, year(1, 10), year(1, 21)))); err != nil {
		return err
	}
	g.Step(ch, 1)
	if err := fileLicenseClaims(ctx, g, clock, svc, plan, days); err != nil {
		return err
	}
	templated, err := makeLicenseTemplates(ctx, g, clock, svc, plan)
	if err != nil {
		return err
	}
	g.Set(annual.KeyLicenseTypesTemplated, decimal.NewFromInt(templated))
	return uploadLicenseRecords(ctx, g, clock, svc, plan, days)
}

// importLicenseTypes imports the region's list as the center gathers it:
// the types the departments issue, those they explain away and those no
// one claims. In a database that holds some of them already, only the
// missing ones are imported.
func importLicenseTypes(ctx context.Context, g *Gen, clock *Clock, svc *license.Service, plan []plannedKind, day time.Time) error {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"证照类型代码", "证照名称", "定义机构", "定义机构级别", "持证主体类别", "有效期", "关联事项", "来源清单", "唯一有效"})
	rows := 0
	add := func(code, name, authority string, level license.Level, holder license.HolderCategory, years int, single bool) error {
		if g.Append() {
			if _, err := svc.GetType(ctx, licenseClerk, code); err == nil {
				return nil
			} else if govops.ErrorCode(err) != govops.ENOTFOUND {
				return err
			}
		}
		validity := "长期"
		if years > 0 {
			validity = fmt.Sprintf("%d年", years)
		}
		w.Write([]string{code, name, authority, level.Label(), holder.Label(), validity,
			strings.TrimSuffix(strings.TrimSuffix(name, "证"), "许可") + "核发", licenseSource, yesNoLabel(single)})
		rows++
		return nil
	}
	for _, pk := range plan {
		_, name, level := licenseAuthority(pk.national, pk.index)
		if err := add(pk.code, pk.name, name, level, pk.holder, pk.years, pk.holder == license.HolderLegal && pk.years > 0); err != nil {
			return err
		}
	}
	for j, e := range explainedKinds() {
		code, name, level := licenseAuthority(true, len(plan)+j)
		if err := add(fmt.Sprintf("%s%03d", code, len(plan)+j+1), e.name, name, level, e.holder, 0, false); err != nil {
			return err
		}
	}
	for j, u := range unclaimedKinds() {
		i := len(plan) + len(explainedKinds()) + j
		code, name, level := licenseAuthority(false, i)
		if err := add(fmt.Sprintf("%s%03d", code, i+1), u.name, name, level, u.holder, 0, false); err != nil {
			return err
		}
	}
	w.Flush()
	if rows == 0 {
		return nil
	}
	clock.Set(day.Add(10*time.Hour + 12*time.Minute))
	if _, err := svc.ImportTypes(ctx, licenseClerk, &b, license.ImportOptions{Source: "广西电子证照目录清单.csv"}); err != nil {
		return fmt.Errorf("import the type list: %w", err)
	}
	return nil
}

// explainedCodes returns the codes of the explained types, in list order.
func explainedCodes(plan []plannedKind) []string {
	var out []string
	for j := range explainedKinds() {
		code, _, _ := licenseAuthority(true, len(plan)+j)
		out = append(out, fmt.Sprintf("%s%03d", code, len(plan)+j+1))
	}
	return out
}

// licenseActor is the license officer of department d.
func licenseActor(d Dept) govops.Actor {
	h := 0
	for _, c := range d.Code {
		h = h*31 + int(c)
	}
	return govops.Actor{Name: holderName(max(h, -h)), Department: d.Code}
}

// fileLicenseClaims has each department claim the types it issues,
// declaring what it holds where it knows, and explain the types it does
// not issue. A claim or explanation standing already is kept.
func fileLicenseClaims(ctx context.Context, g *Gen, clock *Clock, svc *license.Service, plan []plannedKind, days []time.Time) error {
	type filing struct {
		at time.Time
		in license.ClaimInput
		by govops.Actor
	}
	var fs []filing
	for _, pk := range plan {
		in := license.ClaimInput{Type: pk.code}
		if pk.expected >= 0 {
			n := pk.expected
			in.Expected = &n
		}
		fs = append(fs, filing{pk.claimed, in, licenseActor(pk.dept)})
	}
	r := g.Rand("license.explain", 0)
	for j, code := range explainedCodes(plan) {
		e := explainedKinds()[j]
		d, err := g.licenseIssuer(e.dept)
		if err != nil {
			return err
		}
		at := officeMoment(r, pickDay(r, daysBetween(days, time.Date(g.P.Year, 3, 1, 0, 0, 0, 0, Shanghai), time.Date(g.P.Year, 5, 31, 0, 0, 0, 0, Shanghai))))
		fs = append(fs, filing{at, license.ClaimInput{Type: code, Kind: license.KindExplanation, Explanation: e.why}, licenseActor(d)})
	}
	slices.SortStableFunc(fs, func(a, b filing) int { return a.at.Compare(b.at) })
	for _, f := range fs {
		clock.Set(f.at)
		if _, err := svc.FileClaim(ctx, f.by, f.in); err != nil {
			if !(g.Append() && govops.ErrorCode(err) == govops.ECONFLICT) {
				return fmt.Errorf("claim of %s by %s: %w", f.in.Type, f.by.Department, err)
			}
		}
		g.Step("license", 1)
	}
	return nil
}

// makeLicenseTemplates has each department upload its types' layout
// templates and set their face-data schemas, and the center approve them:
// the first Params.LicenseTypes are approved (a few revised later in the
// year), the last two stay drafts at the year's end. It returns how many
// of the chapter's types have an approved template.
func makeLicenseTemplates(ctx context.Context, g *Gen, clock *Clock, svc *license.Service, plan []plannedKind) (int64, error) {
	var templated int64
	r := g.Rand("license.template", 0)
	for i, pk := range plan {
		by := licenseActor(pk.dept)
		if g.Append() {
			ts, err := svc.Templates(ctx, licenseClerk, pk.code)
			if err != nil {
				return 0, err
			}
			if slices.ContainsFunc(ts, func(t license.Template) bool { return t.Status == license.TemplateApproved }) {
				templated++
				g.Step("license", 1)
				continue
			}
		}
		clock.Set(pk.uploaded)
		if _, err := svc.SetSchema(ctx, by, license.SchemaInput{Type: pk.code, Fields: faceFields(pk.holder)}); err != nil {
			if !(g.Append() && govops.ErrorCode(err) == govops.ECONFLICT) {
				return 0, fmt.Errorf("schema of %s: %w", pk.name, err)
			}
		}
		clock.Advance(time.Duration(5+r.IntN(20)) * time.Minute)
		file, content := layoutFile(pk.name, 1, i%3 == 0)
		t, err := svc.UploadTemplate(ctx, by, license.TemplateInput{Type: pk.code, FileName: file, Content: bytes.NewReader(content)})
		if err != nil {
			return 0, fmt.Errorf("template of %s: %w", pk.name, err)
		}
		if !pk.approved {
			continue
		}
		clock.Set(pk.approveAt)
		if _, err := svc.ApproveTemplate(ctx, licenseClerk, t.ID.String(), t.Version); err != nil {
			return 0, fmt.Errorf("approve the template of %s: %w", pk.name, err)
		}
		if i%11 == 4 {
			// The layout is revised in the autumn: the new revision
			// supersedes the first.
			clock.Set(pk.approveAt.AddDate(0, 3, 0))
			file, content := layoutFile(pk.name, 2, i%3 == 0)
			t2, err := svc.UploadTemplate(ctx, by, license.TemplateInput{Type: pk.code, FileName: file, Content: bytes.NewReader(content)})
			if err != nil {
				return 0, fmt.Errorf("template of %s, revision 2: %w", pk.name, err)
			}
			clock.Advance(26 * time.Hour)
			if _, err := svc.ApproveTemplate(ctx, licenseClerk, t2.ID.String(), t2.Version); err != nil {
				return 0, fmt.Errorf("approve the template of %s, revision 2: %w", pk.name, err)
			}
		}
		templated++
		g.Step("license", 1)
	}
	return templated, nil
}

// faceFields is the face-data schema (照面信息) of a type whose licenses
// are held by holder.
func faceFields(holder license.HolderCategory) []license.Field {
	common := []license.Field{
		{Name: "发证机关", Label: "发证机关", Type: license.TypeString, Required: true},
		{Name: "发证日期", Label: "发证日期", Type: license.TypeDate, Required: true},
	}
	if holder == license.HolderNatural {
		return append([]license.Field{
			{Name: "姓名", Label: "姓名", Type: license.TypeString, Required: true},
			{Name: "性别", Label: "性别", Type: license.TypeString, Codes: []string{"男", "女"}},
			{Name: "出生日期", Label: "出生日期", Type: license.TypeDate},
			{Name: "住址", Label: "住址", Type: license.TypeString},
		}, common...)
	}
	return append([]license.Field{
		{Name: "名称", Label: "名称", Type: license.TypeString, Required: true},
		{Name: "统一社会信用代码", Label: "统一社会信用代码", Type: license.TypeString, Required: true, Pattern: "[0-9A-HJ-NPQRTUWXY]{18}"},
		{Name: "法定代表人", Label: "法定代表人（负责人）", Type: license.TypeString},
		{Name: "住所", Label: "住所（经营场所）", Type: license.TypeString},
	}, common...)
}

// layoutFile returns a type's layout template (版式文件), revision rev: a
// small OFD package (a ZIP holding OFD.xml) or a small PDF.
func layoutFile(name string, rev int, ofd bool) (string, []byte) {
	if !ofd {
		return fmt.Sprintf("%s版式文件v%d.pdf", name, rev), []byte(fmt.Sprintf("%%PDF-1.7\n%% %s 版式文件 第%d版\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"+
			"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n", name, rev))
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range []struct{ name, body string }{
		{"OFD.xml", fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:Title>%s</ofd:Title><ofd:CustomDatas><ofd:CustomData Name="revision">%d</ofd:CustomData></ofd:CustomDatas></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`, name, rev)},
		{"Doc_0/Document.xml", `<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData><ofd:MaxUnitID>1</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 297 210</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages/></ofd:Document>`},
	} {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err == nil {
			_, err = io.WriteString(fw, f.body)
		}
		if err != nil {
			panic(err) // writing to memory does not fail
		}
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return fmt.Sprintf("%s版式文件v%d.ofd", name, rev), b.Bytes()
}

// licenseRecord is one record the chapter uploads.
type licenseRecord struct {
	kind   *plannedKind
	serial int
	upload time.Time // the day its department uploads it
	issued time.Time
}

// uploadLicenseRecords makes the year's records and has each department
// upload them month by month, one import per department and month, as a
// CSV file built in memory.
func uploadLicenseRecords(ctx context.Context, g *Gen, clock *Clock, svc *license.Service, plan []plannedKind, days []time.Time) error {
	type batchKey struct {
		dept  string
		month time.Month
	}
	batches := map[batchKey][]licenseRecord{}
	var keys []batchKey
	for i := range plan {
		pk := &plan[i]
		r := g.Rand("license.records", i)
		from := daysBetween(days, pk.approveAt.AddDate(0, 0, 1), time.Date(g.P.Year, 12, 30, 0, 0, 0, 0, Shanghai))
		for n := range pk.records {
			up := pickDay(r, from)
			// Most are licenses issued before (存量), some issued the same
			// month; a license's validity has not ended when it is uploaded.
			back := 3 * 365
			if pk.years > 0 {
				back = min(back, pk.years*365-40)
			}
			issued := up.AddDate(0, 0, -r.IntN(max(back, 1)))
			if r.IntN(3) == 0 {
				issued = up.AddDate(0, 0, -r.IntN(20))
			}
			k := batchKey{pk.dept.Code, up.Month()}
			if _, ok := batches[k]; !ok {
				keys = append(keys, k)
			}
			batches[k] = append(batches[k], licenseRecord{kind: pk, serial: n + 1, upload: up, issued: issued})
		}
	}
	slices.SortFunc(keys, func(a, b batchKey) int {
		if a.month != b.month {
			return int(a.month) - int(b.month)
		}
		return strings.Compare(a.dept, b.dept)
	})
	mode := csvimport.AllOrNothing
	if g.Append() {
		mode = csvimport.KeepGood
	}
	for bi, k := range keys {
		recs := batches[k]
		last := recs[0].upload
		for _, rec := range recs {
			if rec.upload.After(last) {
				last = rec.upload
			}
		}
		r := g.Rand("license.batch", bi)
		clock.Set(officeMoment(r, last))
		file, err := licenseFile(g.P.Year, recs)
		if err != nil {
			return err
		}
		by := licenseActor(recs[0].kind.dept)
		rep, _, err := svc.ImportRecords(ctx, by, bytes.NewReader(file), license.ImportOptions{Mode: mode,
			Source: fmt.Sprintf("%s电子证照数据%d年%d月.csv", recs[0].kind.dept.Name, g.P.Year, k.month)})
		if err != nil {
			if len(rep.Errors) > 0 {
				e := rep.Errors[0]
				return fmt.Errorf("records of %s, %d-%02d: row %d %s: %s: %w", k.dept, g.P.Year, k.month, e.Row, e.Field, e.Problem, err)
			}
			return fmt.Errorf("records of %s, %d-%02d: %w", k.dept, g.P.Year, k.month, err)
		}
		g.Add(annual.KeyLicenseRecords, int64(rep.Imported))
		g.Step("license", int64(len(recs)))
	}
	return nil
}

// licenseFile writes recs as a records file (license.RecordColumns), each
// with its identifier (GB/T 36904, check character computed) and face
// data.
func licenseFile(year int, recs []licenseRecord) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"identifier", "number", "type", "issue_date", "valid_to", "issuer", "issuer_code",
		"holder", "holder_code_type", "holder_code", "face"})
	for _, rec := range recs {
		pk := rec.kind
		issuerCode := deptUSCC(pk.dept.Code)
		serial := fmt.Sprintf("%d%02d%05d", year, pk.index%100, rec.serial)
		id, err := idcode.NewLicenseID(pk.code, issuerCode, serial, "1")
		if err != nil {
			return nil, fmt.Errorf("identifier of %s %d: %w", pk.name, rec.serial, err)
		}
		validTo := ""
		if pk.years > 0 {
			validTo = rec.issued.AddDate(pk.years, 0, -1).Format(time.DateOnly)
		}
		holder, codeType, code, face := licenseHolder(year, pk, rec)
		face["发证机关"], face["发证日期"] = pk.dept.Name, rec.issued.Format(time.DateOnly)
		fj, err := json.Marshal(face)
		if err != nil {
			return nil, err
		}
		w.Write([]string{id, fmt.Sprintf("%s%d%06d", pk.prefix, year, rec.serial), pk.code, rec.issued.Format(time.DateOnly), validTo,
			pk.dept.Name, issuerCode, holder, string(codeType), code, string(fj)})
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// Words of the names of the district's businesses.
var (
	shopWords  = []string{"鑫源", "桂柳", "雀儿山", "白沙", "长塘", "胜利", "钢城", "锦绣", "和兴", "顺达", "佳美", "龙潭", "柳江", "沙塘", "石碑坪", "宏发"}
	shopTrades = []string{"餐饮店", "便利店", "药房", "食品商行", "建材经营部", "汽车维修店", "培训中心", "物业服务有限公司", "建筑工程有限公司", "文化传媒有限公司"}
	streets    = []string{"胜利路", "跃进路", "北雀路", "三中路", "白沙路", "杨柳路", "雅儒路", "北站路", "长风路", "钢城路"}
)

// licenseHolder returns the holder of a record, the kind and value of its
// code and its face data: a person (resident ID) or a business (USCC),
// unique within the type.
func licenseHolder(year int, pk *plannedKind, rec licenseRecord) (string, license.HolderCodeType, string, map[string]string) {
	n := pk.index*1000 + rec.serial
	addr := fmt.Sprintf("柳州市柳北区%s%d号", streets[n%len(streets)], 1+n%300)
	if pk.holder == license.HolderNatural {
		born := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, (rec.serial*13+pk.index*101)%20000)
		order := 100 + pk.index*7%800 + rec.serial%2
		name := holderName(n)
		sex := "女"
		if order%2 == 1 {
			sex = "男"
		}
		return name, license.CodeResidentID, residentIDFor(born, order), map[string]string{"姓名": name, "性别": sex,
			"出生日期": born.Format(time.DateOnly), "住址": addr}
	}
	code := checkedCode(idcode.USCCCheck, fmt.Sprintf("92450205M%d%02d%05d", year%10, pk.index%100, rec.serial%100000))
	name := "柳州市柳北区" + shopWords[n%len(shopWords)] + shopTrades[(n/len(shopWords)+pk.index)%len(shopTrades)]
	return name, license.CodeUSCC, code, map[string]string{"名称": name, "统一社会信用代码": code,
		"法定代表人": holderName(n * 3), "住所": addr}
}

// yesNoLabel writes b as a spreadsheet does: 是 or 否.
func yesNoLabel(b bool) string {
	if b {
		return "是"
	}
	return "否"
}
