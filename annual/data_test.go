package annual_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/datashare/datasharemem"
	"github.com/govops-kit/govops/idcode"
	"github.com/govops-kit/govops/internal/demo"
	"github.com/govops-kit/govops/license"
	"github.com/govops-kit/govops/license/licensemem"
)

// dataDay is 10:00 of a day in Asia/Shanghai, when the section's tests
// act.
func dataDay(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 10, 0, 0, 0, govops.ShanghaiLocation())
}

// The actors of the section's tests: center staff and two departments.
var (
	dataCenter  = govops.Actor{Name: "王芳"}
	dataMarket  = govops.Actor{Name: "李强", Department: "SCJGJ"}
	dataHousing = govops.Actor{Name: "赵敏", Department: "ZJJ"}
)

// dataCheck completes body with its check character.
func dataCheck(t *testing.T, check func(string) (byte, error), body string) string {
	t.Helper()
	c, err := check(body)
	if err != nil {
		t.Fatal(err)
	}
	return body + string(c)
}

// mustDataServices returns the license and data Services over memory,
// filled with a small catalog of each:
//
//   - licenses: four types; SCJGJ claims 食品经营许可证 (3 records
//     declared, its template approved, 2 records uploaded) and 药品零售企业许可证
//     (no count declared, its template a draft); ZJJ explains 不动产权证书
//     away; 取水许可证 stays unclaimed;
//   - data: SCJGJ publishes three structured entries (shared without
//     condition, on condition, not shared) and a file entry, and keeps a
//     structured draft; ZJJ publishes one structured entry shared without
//     condition. SCJGJ mounts 3 records in 2022 and 2 in January 2023
//     into its unconditional entry, and 2 in 2022 into the one not shared;
//     ZJJ 4 in 2022.
func mustDataServices(t *testing.T) annual.Services {
	t.Helper()
	ctx := context.Background()
	c := demo.NewClock(dataDay(2022, 3, 1))
	ls := license.NewService(licensemem.New(), license.WithNow(c.Now))
	ds := datashare.NewService(datasharemem.New(), datashare.WithNow(c.Now))

	auth := dataCheck(t, idcode.USCCCheck, "11100000MB0000001")
	issuer := dataCheck(t, idcode.USCCCheck, "11450205MB0000002")
	names := []string{"食品经营许可证", "药品零售企业许可证", "不动产权证书", "取水许可证"}
	code := func(i int) string { return fmt.Sprintf("%s%03d", auth, i+1) }
	for i, n := range names {
		if _, err := ls.AddType(ctx, dataCenter, license.TypeInput{Code: code(i), Name: n, Authority: "国家市场监督管理总局",
			Level: license.LevelNational, HolderCategory: license.HolderLegal}); err != nil {
			t.Fatal(err)
		}
	}
	three := int64(3)
	for _, in := range []struct {
		by govops.Actor
		in license.ClaimInput
	}{
		{dataMarket, license.ClaimInput{Type: code(0), Expected: &three}},
		{dataMarket, license.ClaimInput{Type: code(1)}},
		{dataHousing, license.ClaimInput{Type: code(2), Kind: license.KindExplanation, Explanation: "由市不动产登记中心颁发"}},
	} {
		if _, err := ls.FileClaim(ctx, in.by, in.in); err != nil {
			t.Fatal(err)
		}
	}
	pdf := []byte("%PDF-1.7\n%%EOF\n")
	for i := range 2 {
		tp, err := ls.UploadTemplate(ctx, dataMarket, license.TemplateInput{Type: code(i), FileName: "t.pdf", Content: bytes.NewReader(pdf)})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if _, err := ls.ApproveTemplate(ctx, dataCenter, tp.ID.String(), 0); err != nil {
				t.Fatal(err)
			}
		}
	}
	for k := range 2 {
		if _, err := ls.CreateRecord(ctx, dataMarket, license.RecordInput{Number: fmt.Sprintf("JY%d", k), Type: code(0),
			IssueDate: time.Date(2022, 2, 1+k, 0, 0, 0, 0, time.UTC), Issuer: "区市场监管局", IssuerCode: issuer,
			Holder: "柳北区某某餐饮店", HolderCodeType: license.CodeUSCC, HolderCode: dataCheck(t, idcode.USCCCheck, fmt.Sprintf("92450205MA0000%03d", k))}); err != nil {
			t.Fatal(err)
		}
	}

	items := []datashare.Item{{Name: "统一社会信用代码", Type: datashare.TypeString, Required: true, ID: idcode.KindUSCC},
		{Name: "名称", Type: datashare.TypeString, Required: true}}
	entry := func(code, name string, f datashare.Format, st datashare.ShareType) datashare.CatalogInput {
		in := datashare.CatalogInput{Code: code, Name: name, Provider: "提供部门", ProviderCode: issuer, Summary: name,
			Format: f, Items: items, ShareType: st, ShareMethod: datashare.MethodFile, Open: datashare.OpenNone, Cycle: datashare.CycleMonthly}
		if st != datashare.ShareUnconditional {
			in.Condition, in.LegalBasis = "仅用于监管", "《政务信息资源共享管理暂行办法》"
		}
		return in
	}
	entries := []struct {
		by      govops.Actor
		in      datashare.CatalogInput
		publish bool
	}{
		{dataMarket, entry("301001/000001", "市场主体登记信息", datashare.FormatDatabase, datashare.ShareUnconditional), true},
		{dataMarket, entry("301001/000002", "企业年报信息", datashare.FormatSpreadsheet, datashare.ShareConditional), true},
		{dataMarket, entry("301001/000003", "行政处罚内部信息", datashare.FormatDatabase, datashare.ShareNone), true},
		{dataMarket, entry("301001/000004", "政策文件汇编", datashare.FormatFile, datashare.ShareUnconditional), true},
		{dataMarket, entry("301001/000005", "广告经营登记信息", datashare.FormatSpreadsheet, datashare.ShareUnconditional), false},
		{dataHousing, entry("302001/000001", "建筑施工许可信息", datashare.FormatSpreadsheet, datashare.ShareUnconditional), true},
	}
	for _, e := range entries {
		if _, err := ds.CreateCatalog(ctx, e.by, e.in); err != nil {
			t.Fatal(err)
		}
		if e.publish {
			if _, err := ds.PublishCatalog(ctx, e.by, e.in.Code, 0); err != nil {
				t.Fatal(err)
			}
		}
	}
	mount := func(by govops.Actor, ref string, from, n int) {
		t.Helper()
		var b strings.Builder
		b.WriteString("统一社会信用代码,名称\n")
		for k := range n {
			fmt.Fprintf(&b, "%s,单位%d\n", dataCheck(t, idcode.USCCCheck, fmt.Sprintf("91450205MA%07d", from+k)), from+k)
		}
		if _, err := ds.Mount(ctx, by, ref, strings.NewReader(b.String()), datashare.MountOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	c.Set(dataDay(2022, 6, 15))
	mount(dataMarket, "301001/000001", 0, 3)
	mount(dataHousing, "302001/000001", 100, 4)
	mount(dataMarket, "301001/000003", 200, 2) // not shared: not counted
	c.Set(dataDay(2023, 1, 10))
	mount(dataMarket, "301001/000001", 3, 2)
	return annual.Services{Licenses: ls, Data: ds}
}

// dataSection builds the section of 2022 as by.
func dataSection(t *testing.T, svc annual.Services, by govops.Actor) annual.Section {
	t.Helper()
	for _, sp := range annual.Sections() {
		if sp.Key == annual.SectionData {
			s, err := sp.Build(context.Background(), svc, by, 2022)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
	}
	t.Fatal("no section " + annual.SectionData)
	return annual.Section{}
}

// dataFigure returns the figure key of s.
func dataFigure(t *testing.T, s annual.Section, key string) annual.Figure {
	t.Helper()
	for _, f := range s.Figures {
		if f.Key == key {
			return f
		}
	}
	t.Fatalf("no figure %s in %v", key, s.Figures)
	return annual.Figure{}
}

func TestData(t *testing.T) {
	svc := mustDataServices(t)
	cases := []struct {
		name  string
		by    govops.Actor
		want  map[string]string
		ratio [2]int64
		text  []string
		link  string
	}{
		{"District", dataCenter, map[string]string{
			annual.KeyLicenseTypesTemplated: "1", annual.KeyLicenseRecords: "2", annual.KeyDataRecords: "7",
			annual.KeyStructuredShared: "3", annual.KeyStructuredTotal: "4", annual.KeyShareRatio: "75",
		}, [2]int64{3, 4}, []string{"证照清单4类", "已认领2类，出具情况说明1类，尚未认领1类", "已完成1类电子证照版式文件制作，已上传电子证照数据2条",
			"取水许可证1类证照尚无部门认领", "1项已认领的证照未申报证照底数", "1项证照上传数量低于申报底数，共缺1条",
			"已共享政务数据总量7条，结构化数据目录共享总量为3个，占比75%"}, "/api/v1/data/metrics"},
		{"Department", dataMarket, map[string]string{
			annual.KeyLicenseTypesTemplated: "1", annual.KeyLicenseRecords: "2", annual.KeyDataRecords: "3",
			annual.KeyStructuredShared: "2", annual.KeyStructuredTotal: "3", annual.KeyShareRatio: "66.67",
		}, [2]int64{2, 3}, []string{"本部门认领电子证照2类", "已上传电子证照数据2条", "本部门已发布政务数据资源目录4个", "占比66.67%"},
			"/api/v1/data/metrics?department=SCJGJ"},
		{"OtherDepartment", dataHousing, map[string]string{
			annual.KeyLicenseTypesTemplated: "0", annual.KeyLicenseRecords: "0", annual.KeyDataRecords: "4",
			annual.KeyStructuredShared: "1", annual.KeyStructuredTotal: "1", annual.KeyShareRatio: "100",
		}, [2]int64{1, 1}, []string{"出具情况说明1类", "已上传电子证照数据0条", "取水许可证1类证照尚无部门认领"}, "/api/v1/data/metrics?department=ZJJ"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := dataSection(t, svc, tc.by)
			if len(s.Figures) != len(tc.want) {
				t.Errorf("%d figures, want %d", len(s.Figures), len(tc.want))
			}
			for k, v := range tc.want {
				f := dataFigure(t, s, k)
				if f.Value.String() != v {
					t.Errorf("%s = %s, want %s", k, f.Value, v)
				}
				if f.Rule == "" || f.Label == "" || f.Unit == "" || !strings.HasPrefix(f.Link, "/api/v1/") {
					t.Errorf("%s: label %q, unit %q, rule %q, link %q", k, f.Label, f.Unit, f.Rule, f.Link)
				}
			}
			r := dataFigure(t, s, annual.KeyShareRatio)
			if r.Numerator == nil || r.Denominator == nil || r.Numerator.IntPart() != tc.ratio[0] || r.Denominator.IntPart() != tc.ratio[1] {
				t.Errorf("ratio %v / %v, want %d / %d", r.Numerator, r.Denominator, tc.ratio[0], tc.ratio[1])
			}
			if l := dataFigure(t, s, annual.KeyDataRecords).Link; l != tc.link {
				t.Errorf("data records link %s, want %s", l, tc.link)
			}
			for _, w := range tc.text {
				if !strings.Contains(s.Text, w) {
					t.Errorf("text lacks %q:\n%s", w, s.Text)
				}
			}
		})
	}
	t.Run("UncountedNoted", func(t *testing.T) {
		for _, by := range []govops.Actor{dataCenter, dataMarket} {
			notes := strings.Join(dataSection(t, svc, by).Notes, "\n")
			for _, w := range []string{"2022年之后又挂接数据2条", "不予共享目录中挂接的数据2条未计入"} {
				if !strings.Contains(notes, w) {
					t.Errorf("%s: notes %q lack %q", by.Name, notes, w)
				}
			}
		}
	})
	t.Run("Empty", func(t *testing.T) {
		empty := annual.Services{Licenses: license.NewService(licensemem.New()), Data: datashare.NewService(datasharemem.New())}
		s := dataSection(t, empty, dataCenter)
		for _, f := range s.Figures {
			if !f.Value.IsZero() {
				t.Errorf("%s = %s over an empty catalog", f.Key, f.Value)
			}
		}
		if len(s.Notes) != 2 {
			t.Errorf("notes %v, want the empty license and data catalogs noted", s.Notes)
		}
	})
}
