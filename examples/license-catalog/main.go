// Command license-catalog rebuilds the electronic-license part of a
// district center's 2022 work summary from data: it imports a catalog of
// 46 license types, has the departments claim them, uploads and approves
// a layout template and sets a face-data schema for each, imports 850
// license records from the departments' CSV files, and prints the coverage
// report, computed, with what is still unknown (底数不清) in numbers.
// Every figure printed is computed through license.Service; only the raw
// records below are made up.
//
//	go run ./examples/license-catalog
package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/idcode"
	"github.com/govops-kit/govops/license"
	"github.com/govops-kit/govops/license/licensemem"
)

func main() {
	if _, err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// center is the center's catalog team.
func center() govops.Actor { return govops.Actor{Name: "中心-证照组"} }

// clerk is the license clerk of department dept.
func clerk(dept string) govops.Actor {
	return govops.Actor{Name: dept + "-经办人", Department: dept}
}

// uscc completes a 17-character USCC body with its check character.
func uscc(body string) string {
	c, err := idcode.USCCCheck(body)
	if err != nil {
		panic(err)
	}
	return body + string(c)
}

// residentID completes a 17-digit resident ID body with its check
// character.
func residentID(body string) string {
	c, err := idcode.ResidentIDCheck(body)
	if err != nil {
		panic(err)
	}
	return body + string(c)
}

// department is one issuing department: its directory code, its name, its
// USCC, and whether it has declared how many records it holds (底数).
type department struct {
	code, name, uscc string
	declares         bool
}

func departments() []department {
	ds := []department{
		{"scjgj", "区市场监督管理局", "", true}, {"wjj", "区卫生健康局", "", true}, {"zjj", "区住房和城乡建设局", "", false},
		{"mzj", "区民政局", "", true}, {"rsj", "区人力资源和社会保障局", "", true}, {"jyj", "区教育局", "", false},
		{"nyj", "区农业农村局", "", true}, {"jtj", "区交通运输局", "", true}, {"stj", "区生态环境分局", "", false},
		{"spj", "区行政审批局", "", true}, {"cjl", "区残疾人联合会", "", true}, {"whj", "区文化旅游局", "", true},
	}
	for i := range ds {
		ds[i].uscc = uscc(fmt.Sprintf("11450205MB%07d", 100+i))
	}
	return ds
}

// licenseType is one type of the catalog: its name, who holds it, how
// long it is valid, the department that issues it, and the records that
// department holds (底数) and uploads.
type licenseType struct {
	name       string
	holder     license.HolderCategory
	years      int // 0: never expires
	dept       string
	held, sent int
}

// types are the district's 46 license types. held is what the issuing
// department holds; sent is what it uploads in 2022 (850 in all).
func types() []licenseType {
	n, l := license.HolderNatural, license.HolderLegal
	return []licenseType{
		{"食品经营许可证", l, 5, "scjgj", 120, 96}, {"食品小作坊登记证", l, 3, "scjgj", 40, 38}, {"小餐饮经营许可证", l, 3, "scjgj", 60, 52},
		{"药品零售企业许可证", l, 5, "scjgj", 25, 25}, {"医疗器械经营备案凭证", l, 0, "scjgj", 30, 21}, {"计量器具检定证书", l, 1, "scjgj", 18, 18},
		{"医疗机构执业许可证", l, 5, "wjj", 22, 22}, {"公共场所卫生许可证", l, 4, "wjj", 65, 58}, {"放射诊疗许可证", l, 4, "wjj", 4, 4},
		{"母婴保健技术服务执业许可证", l, 3, "wjj", 3, 3}, {"独生子女父母光荣证", n, 0, "wjj", 40, 31}, {"医师执业证书", n, 0, "wjj", 35, 35},
		{"建筑工程施工许可证", l, 0, "zjj", 0, 28}, {"商品房预售许可证", l, 0, "zjj", 0, 14}, {"建设工程竣工验收备案证明", l, 0, "zjj", 0, 19},
		{"物业服务企业备案证明", l, 0, "zjj", 0, 6}, {"结婚登记证明", n, 0, "mzj", 30, 30}, {"社会团体法人登记证书", l, 5, "mzj", 12, 12},
		{"民办非企业单位登记证书", l, 5, "mzj", 15, 15}, {"养老机构备案回执", l, 0, "mzj", 6, 6}, {"就业创业证", n, 0, "rsj", 60, 42},
		{"人力资源服务许可证", l, 5, "rsj", 5, 5}, {"劳务派遣经营许可证", l, 3, "rsj", 4, 4}, {"职业技能等级证书", n, 0, "rsj", 20, 0},
		{"民办学校办学许可证", l, 5, "jyj", 0, 9}, {"教师资格证书", n, 0, "jyj", 0, 26}, {"校外培训机构办学许可证", l, 3, "jyj", 0, 3},
		{"农药经营许可证", l, 5, "nyj", 8, 8}, {"动物防疫条件合格证", l, 0, "nyj", 6, 6}, {"兽药经营许可证", l, 5, "nyj", 5, 3},
		{"农村土地承包经营权证", n, 0, "nyj", 30, 0}, {"道路运输经营许可证", l, 4, "jtj", 20, 20}, {"道路运输从业人员从业资格证", n, 6, "jtj", 24, 24},
		{"出租汽车驾驶员证", n, 6, "jtj", 10, 10}, {"排污许可证", l, 5, "stj", 0, 12}, {"危险废物经营许可证", l, 5, "stj", 0, 2},
		{"辐射安全许可证", l, 5, "stj", 0, 3}, {"个体工商户营业执照", n, 0, "spj", 80, 55}, {"户外广告设置许可证", l, 2, "spj", 12, 12},
		{"城市道路挖掘许可证", l, 1, "spj", 8, 8}, {"残疾人证", n, 0, "cjl", 60, 41}, {"残疾人机动轮椅车燃油补贴证", n, 1, "cjl", 5, 5},
		{"娱乐场所经营许可证", l, 2, "whj", 10, 10}, {"网络文化经营许可证", l, 3, "whj", 3, 3}, {"营业性演出许可证", l, 2, "whj", 4, 4},
		{"旅行社业务经营许可证", l, 0, "whj", 2, 2},
	}
}

// authority is the USCC of the authority that defines the district's
// types (the catalog keeps its national or provincial definer; one will do
// here).
var authority = uscc("11450000MB0000001")

// typeCode returns the code of the i-th type.
func typeCode(i int) string { return fmt.Sprintf("%s%03d", authority, i+1) }

// Summary is what the program computes and prints.
type Summary struct {
	Coverage     *license.Coverage
	Undeclared   int   // claims with no declared count
	Shortfall    int64 // records missing against declared counts
	Short        int   // claims below their declared count
	Empty        int   // claims that expect records and have none
	TypesLoaded  int
	RecordsRows  int
	RecordsBadIn int
}

// run builds the district's catalog in memory and writes the report to
// w.
func run(ctx context.Context, w io.Writer) (*Summary, error) {
	s := license.NewService(licensemem.New(), license.WithNow(func() time.Time {
		return time.Date(2022, 12, 31, 17, 0, 0, 0, govops.ShanghaiLocation())
	}))
	sum := &Summary{}
	ts, ds := types(), departments()
	byCode := map[string]department{}
	for _, d := range ds {
		byCode[d.code] = d
	}

	// The catalog: one CSV, as the province's list comes.
	var cat strings.Builder
	cat.WriteString("证照类型代码,证照名称,定义机构,定义机构级别,持证主体类别,有效期,唯一有效\n")
	for i, t := range ts {
		validity := "长期"
		if t.years > 0 {
			validity = fmt.Sprintf("%d年", t.years)
		}
		fmt.Fprintf(&cat, "%s,%s,广西壮族自治区政务服务监督管理办公室,省,%s,%s,%s\n", typeCode(i), t.name, t.holder.Label(), validity, yesNo(t.holder == license.HolderLegal))
	}
	rep, err := s.ImportTypes(ctx, center(), strings.NewReader(cat.String()), license.ImportOptions{})
	if err != nil {
		return nil, fmt.Errorf("import the catalog: %w", err)
	}
	sum.TypesLoaded = rep.Imported

	// Each department claims its types, uploads and has approved a layout
	// template, and sets the face data.
	for i, t := range ts {
		d := byCode[t.dept]
		in := license.ClaimInput{Type: typeCode(i)}
		if d.declares {
			n := int64(t.held)
			in.Expected = &n
		}
		if _, err := s.FileClaim(ctx, clerk(d.code), in); err != nil {
			return nil, fmt.Errorf("claim %s: %w", t.name, err)
		}
		tpl, err := s.UploadTemplate(ctx, clerk(d.code), license.TemplateInput{Type: typeCode(i), FileName: t.name + ".pdf",
			Content: bytes.NewReader(layout(t.name))})
		if err != nil {
			return nil, fmt.Errorf("template of %s: %w", t.name, err)
		}
		if _, err := s.ApproveTemplate(ctx, center(), tpl.ID.String(), 0); err != nil {
			return nil, err
		}
		if _, err := s.SetSchema(ctx, clerk(d.code), license.SchemaInput{Type: typeCode(i), Fields: []license.Field{
			{Name: "持证人", Label: "持证人", Type: license.TypeString, Required: true},
			{Name: "地址", Label: "地址", Type: license.TypeString},
			{Name: "发证机关", Label: "发证机关", Type: license.TypeString, Required: true},
		}}); err != nil {
			return nil, err
		}
	}

	// Each department uploads its records from one CSV file.
	for _, d := range ds {
		file, rows := recordsFile(d, ts)
		if rows == 0 {
			continue
		}
		rep, _, err := s.ImportRecords(ctx, clerk(d.code), strings.NewReader(file), license.ImportOptions{Source: d.code + "-2022.csv"})
		if err != nil {
			return nil, fmt.Errorf("records of %s: %w", d.name, err)
		}
		sum.RecordsRows += rep.Rows
		sum.RecordsBadIn += rep.BadRows()
	}

	cv, err := s.Coverage(ctx, center())
	if err != nil {
		return nil, err
	}
	sum.Coverage = cv
	for _, r := range cv.Risks {
		switch r.Reason {
		case license.RiskNoExpected:
			sum.Undeclared++
		case license.RiskBelowExpected:
			sum.Short++
			sum.Shortfall += r.Expected - r.Records
		case license.RiskNoRecords:
			sum.Empty++
			sum.Shortfall += r.Expected
		}
	}
	report(w, cv, sum, byCode)
	return sum, nil
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// layout is a type's layout template: a small PDF.
func layout(name string) []byte {
	return []byte("%PDF-1.7\n% " + name + "\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
}

// recordsFile writes the records department d uploads: for each of its
// types, sent records, numbered within the type.
func recordsFile(d department, ts []licenseType) (string, int) {
	var b strings.Builder
	b.WriteString("证照编号,证照类型代码,颁证日期,有效期截止,颁证单位,颁证单位代码,持证主体,持证主体代码类型,持证主体代码,照面信息\n")
	rows := 0
	for i, t := range ts {
		if t.dept != d.code {
			continue
		}
		for k := 1; k <= t.sent; k++ {
			issued := time.Date(2022, time.Month(1+(k*7+i)%12), 1+(k*13+i)%28, 0, 0, 0, 0, time.UTC)
			until := ""
			if t.years > 0 {
				until = issued.AddDate(t.years, 0, -1).Format(time.DateOnly)
			}
			holder, kind, code := fmt.Sprintf("柳北区某某经营部%d-%d", i+1, k), "001", uscc(fmt.Sprintf("92450205MA%02d%05d", i+1, k))
			if t.holder == license.HolderNatural {
				holder, kind, code = "持证人"+fmt.Sprint(i*1000+k), "111",
					residentID(fmt.Sprintf("450205%04d%02d%02d%03d", 1960+(k%40), 1+k%12, 1+k%28, i*10+k%10))
			}
			face := fmt.Sprintf(`"{""持证人"":""%s"",""发证机关"":""%s""}"`, holder, d.name)
			fmt.Fprintf(&b, "%s-%d-%04d,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", strings.ToUpper(d.code), i+1, k, typeCode(i),
				issued.Format(time.DateOnly), until, d.name, d.uscc, holder, kind, code, face)
			rows++
		}
	}
	return b.String(), rows
}

// report prints the coverage report as the work summary reads.
func report(w io.Writer, cv *license.Coverage, s *Summary, depts map[string]department) {
	fmt.Fprintf(w, "电子证照目录（计算所得）\n")
	fmt.Fprintf(w, "  证照类型 %d 类：已认领 %d 类，情况说明 %d 类，未认领 %d 类\n", cv.Types, cv.Claimed, cv.Explained, cv.Unclaimed)
	fmt.Fprintf(w, "  已审定版式文件 %d 类，已定义照面信息 %d 类，已有证照数据 %d 类\n", cv.WithTemplate, cv.WithSchema, cv.WithRecords)
	fmt.Fprintf(w, "  上传证照数据 %d 份\n", cv.Records)
	fmt.Fprintf(w, "  已申报底数的认领：应有 %d 份，已上传 %d 份（%s）\n", cv.Uploaded.Denominator, cv.Uploaded.Numerator, cv.Uploaded)
	fmt.Fprintf(w, "底数不清（风险清单 %d 项）\n", len(cv.Risks))
	fmt.Fprintf(w, "  未申报底数的认领 %d 项：上传多少才算齐，无人知道\n", s.Undeclared)
	fmt.Fprintf(w, "  上传不足 %d 项、尚未上传 %d 项，共缺 %d 份\n", s.Short, s.Empty, s.Shortfall)
	fmt.Fprintf(w, "按部门\n")
	for _, d := range cv.Departments {
		declared := fmt.Sprintf("应有 %d 份，已上传 %s", d.Expected, d.Uploaded)
		if d.Undeclared > 0 && d.Expected == 0 {
			declared = "未申报底数"
		}
		fmt.Fprintf(w, "  认领 %2d 类，上传 %3d 份，%s：%s\n", d.Claimed, d.Records, declared, depts[d.Department].name)
	}
	fmt.Fprintf(w, "风险清单\n")
	for _, r := range cv.Risks {
		var what string
		switch r.Reason {
		case license.RiskNoExpected:
			what = fmt.Sprintf("已上传 %d 份，未申报底数", r.Records)
		case license.RiskBelowExpected:
			what = fmt.Sprintf("已上传 %d 份，应有 %d 份，缺 %d 份", r.Records, r.Expected, r.Expected-r.Records)
		case license.RiskNoRecords:
			what = fmt.Sprintf("应有 %d 份，尚未上传", r.Expected)
		default:
			what = r.Detail
		}
		fmt.Fprintf(w, "  [%s] %s（%s）：%s\n", r.Reason.Label(), r.TypeName, depts[r.Department].name, what)
	}
}
