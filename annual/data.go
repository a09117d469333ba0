package annual

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/license"
)

// buildData computes the section from what svc stores, as by sees it: the
// electronic-license catalog (license.Service.Coverage) and the data
// catalog (datashare.Service.Metrics), both aggregates read in the
// database. A department's actor gets its own claims, records and
// entries.
func buildData(ctx context.Context, svc Services, by govops.Actor, year int) (Section, error) {
	var s Section
	var paras []string
	intro := fmt.Sprintf("%d年，区政务网络服务中心按照自治区数字政府建设的统一部署，在各部门开展电子证照及政务数据共享、政务数据公开相关工作。", year)
	if by.Department != "" {
		intro = fmt.Sprintf("%d年，本部门按照区政务网络服务中心的统一部署，开展电子证照及政务数据共享、政务数据公开相关工作。", year)
	}
	lic, err := licenseFigures(ctx, svc.Licenses, by)
	switch {
	case govops.ErrorCode(err) == govops.EFORBIDDEN:
		s.Notes = append(s.Notes, "无权读取电子证照目录的覆盖情况，电子证照的数字未列入。")
	case err != nil:
		return Section{}, err
	default:
		s.Figures = append(s.Figures, lic.figures...)
		paras = append(paras, intro+lic.text)
		intro = ""
		if lic.risk != "" {
			paras = append(paras, lic.risk)
		}
		s.Notes = append(s.Notes, lic.notes...)
	}
	dat, err := dataFigures(ctx, svc.Data, by, year)
	switch {
	case govops.ErrorCode(err) == govops.EFORBIDDEN:
		s.Notes = append(s.Notes, "无权读取政务数据资源目录的指标，数据共享的数字未列入。")
	case err != nil:
		return Section{}, err
	default:
		s.Figures = append(s.Figures, dat.figures...)
		paras = append(paras, intro+dat.text)
		s.Notes = append(s.Notes, dat.notes...)
	}
	s.Text = strings.Join(paras, "\n\n")
	return s, nil
}

// part is what one domain gives the section: its figures, its paragraph,
// the paragraph of its risks and its notes.
type part struct {
	figures []Figure
	text    string
	risk    string
	notes   []string
}

// deptQuery returns "?department=code" for a department's actor, "" for a
// district-wide one, to append to a link; more are more query parameters.
func deptQuery(by govops.Actor, more ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(more); i += 2 {
		q.Set(more[i], more[i+1])
	}
	if by.Department != "" {
		q.Set("department", by.Department)
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// licenseFigures counts the license catalog from its coverage report.
// The catalog keeps no upload year on its counts, so the figures are the
// totals as they stand when the report is computed, as the work summary
// counts them (截至目前).
func licenseFigures(ctx context.Context, ls *license.Service, by govops.Actor) (part, error) {
	cv, err := ls.Coverage(ctx, by)
	if err != nil {
		return part{}, err
	}
	const asOf = "按报告生成时证照目录的状态统计（与工作总结“截至目前”的口径一致；证照目录不按年份拆分存量）。"
	noTemplate := map[string]bool{}
	var unclaimed []string
	var undeclared, below, empty int
	var missing, otherRecords int64
	for _, r := range cv.Risks {
		switch r.Reason {
		case license.RiskNoTemplate:
			noTemplate[r.Type] = true
		case license.RiskUnclaimed:
			unclaimed = append(unclaimed, r.TypeName)
		case license.RiskNoExpected:
			undeclared++
		case license.RiskBelowExpected:
			below++
			missing += r.Expected - r.Records
		case license.RiskNoRecords:
			empty++
			missing += r.Expected
		case license.RiskUnclaimedRecords:
			if r.Department == by.Department {
				otherRecords += r.Records
			}
		}
	}
	var p part
	var text strings.Builder
	if by.Department == "" {
		p.figures = []Figure{
			Count(KeyLicenseTypesTemplated, "完成版式文件制作的证照", "类", cv.WithTemplate,
				"电子证照目录中已有审定（已审定状态）版式文件的证照类型数，每类只计一次，草稿和已被替换的修订版本不计；"+asOf,
				"/api/v1/licenses/coverage"),
			Count(KeyLicenseRecords, "已上传电子证照数据", "条", cv.Records,
				"证照库中已上传（批量导入或单条录入）的电子证照数据条数，任何证照状态均计入，每条证照只计一次；"+asOf,
				"/api/v1/licenses/records"),
		}
		fmt.Fprintf(&text, "面对电子证照底数不清的困难，从自治区证照清单等渠道获取证照清单%d类，由各发证单位自行认领：已认领%d类，出具情况说明%d类，尚未认领%d类。截至目前，已完成%d类电子证照版式文件制作，已上传电子证照数据%d条。",
			cv.Types, cv.Claimed, cv.Explained, cv.Unclaimed, cv.WithTemplate, cv.Records)
	} else {
		claimed, err := claimedTypes(ctx, ls, by)
		if err != nil {
			return part{}, err
		}
		var templated int64
		for _, code := range claimed {
			if !noTemplate[code] {
				templated++
			}
		}
		var dc license.DepartmentCoverage
		for _, d := range cv.Departments {
			if d.Department == by.Department {
				dc = d
			}
		}
		records := dc.Records + otherRecords
		p.figures = []Figure{
			Count(KeyLicenseTypesTemplated, "完成版式文件制作的证照", "类", templated,
				"本部门有效认领的证照类型中已有审定（已审定状态）版式文件的类型数，每类只计一次；"+asOf,
				"/api/v1/licenses/claims"+deptQuery(by, "kind", "claim", "status", "active")),
			Count(KeyLicenseRecords, "已上传电子证照数据", "条", records,
				"本部门上传（批量导入或单条录入）的电子证照数据条数，任何证照状态均计入，每条证照只计一次；"+asOf,
				"/api/v1/licenses/records"+deptQuery(by)),
		}
		fmt.Fprintf(&text, "本部门认领电子证照%d类，出具情况说明%d类，已完成%d类电子证照版式文件制作，已上传电子证照数据%d条。",
			dc.Claimed, dc.Explained, templated, records)
	}
	p.text = text.String()
	var risks []string
	if len(unclaimed) > 0 {
		names := unclaimed
		more := ""
		if len(names) > 8 {
			names, more = names[:8], "等"
		}
		risks = append(risks, fmt.Sprintf("%s%s%d类证照尚无部门认领或出具情况说明", strings.Join(names, "、"), more, len(unclaimed)))
	}
	if undeclared > 0 {
		risks = append(risks, fmt.Sprintf("%d项已认领的证照未申报证照底数", undeclared))
	}
	if below+empty > 0 {
		risks = append(risks, fmt.Sprintf("%d项证照上传数量低于申报底数，共缺%d条", below+empty, missing))
	}
	if len(risks) > 0 {
		p.risk = "目前仍存在电子证照种类、数量汇聚不全的风险：" + strings.Join(risks, "；") + "。"
	}
	if cv.Types == 0 {
		p.notes = append(p.notes, "电子证照目录尚无证照类型，电子证照的数字均为0。")
	}
	return p, nil
}

// claimedTypes returns the codes of the types by's department claims (its
// standing claims), a page at a time: a department claims tens of types.
func claimedTypes(ctx context.Context, ls *license.Service, by govops.Actor) ([]string, error) {
	var out []string
	in := license.ClaimList{ClaimFilter: license.ClaimFilter{Department: by.Department, Kind: license.KindClaim, Status: license.ClaimActive},
		Limit: govops.MaxPageSize}
	for {
		page, err := ls.ListClaims(ctx, by, in)
		if err != nil {
			return nil, err
		}
		for _, c := range page.Items {
			out = append(out, c.Type)
		}
		if page.Next == "" {
			return out, nil
		}
		in.Cursor = page.Next
	}
}

// dataFigures counts the data catalog from its metrics: the records
// mounted up to the year's end, and the structured entries shared.
func dataFigures(ctx context.Context, ds *datashare.Service, by govops.Actor, year int) (part, error) {
	m, err := ds.Metrics(ctx, by, datashare.MetricsQuery{})
	if err != nil {
		return part{}, err
	}
	end := fmt.Sprintf("%d-12", year)
	var records, after int64
	for _, mo := range m.ByMonth {
		if mo.Month <= end {
			records += mo.Records
		} else {
			after += mo.Records
		}
	}
	unshared, err := unsharedRecords(ctx, ds, by, m, year)
	if err != nil {
		return part{}, err
	}
	records -= unshared
	var formats []string
	for _, f := range ds.StructuredFormats() {
		formats = append(formats, f.Label())
	}
	scope := "已发布的"
	if by.Department != "" {
		scope = "本部门已发布的"
	}
	link := "/api/v1/data/metrics" + deptQuery(by)
	const asOf = "按报告生成时的目录状态统计，待发布、已下架的目录不计。"
	ratioRule := fmt.Sprintf("%s结构化数据目录（格式分类为%s）中共享类型为无条件共享或有条件共享的目录数（%d）÷ 结构化数据目录总数（%d）× 100%%，四舍五入保留两位小数；%s",
		scope, strings.Join(formats, "、"), m.Shared, m.Structured, asOf)
	var p part
	p.figures = []Figure{
		Count(KeyDataRecords, "共享政务数据总量", "条", records,
			fmt.Sprintf("%s政务数据资源目录中已提交的挂接批次所挂接的数据记录数（挂接失败或被全量替换的批次、不予共享目录中的数据均不计），按批次提交时间（北京时间）累计至%d年12月31日。", scope, year),
			link),
		Count(KeyStructuredShared, "结构化数据目录共享", "个", m.Shared,
			fmt.Sprintf("%s结构化数据目录（格式分类为%s）中共享类型为无条件共享或有条件共享的目录数；%s", scope, strings.Join(formats, "、"), asOf),
			link),
		Count(KeyStructuredTotal, "结构化数据目录", "个", m.Structured,
			fmt.Sprintf("%s结构化数据目录（格式分类为%s）总数，不予共享的也计入；%s", scope, strings.Join(formats, "、"), asOf),
			link),
		Rate(KeyShareRatio, "结构化数据目录共享占比", m.Shared, m.Structured, ratioRule, link),
	}
	ratio := p.figures[3].Value.String()
	who := "截至%d年底，全区已发布政务数据资源目录%d个，已共享政务数据总量%d条，结构化数据目录共享总量为%d个，占比%s%%（结构化数据目录共%d个）。"
	if by.Department != "" {
		who = "截至%d年底，本部门已发布政务数据资源目录%d个，已共享政务数据%d条，结构化数据目录共享%d个，占比%s%%（本部门结构化数据目录共%d个）。"
	}
	p.text = fmt.Sprintf(who, year, m.Catalogs, records, m.Shared, ratio, m.Structured)
	if m.Structured == 0 {
		p.notes = append(p.notes, "尚无已发布的结构化数据目录，共享占比无从计算，记为0。")
	}
	if unshared > 0 {
		p.notes = append(p.notes, fmt.Sprintf("不予共享目录中挂接的数据%d条未计入共享政务数据总量。", unshared))
	}
	if after > 0 {
		p.notes = append(p.notes, fmt.Sprintf("%d年之后又挂接数据%d条，未计入共享政务数据总量。", year, after))
	}
	return p, nil
}

// unsharedRecords returns the records mounted up to the end of year into
// the published entries of m that are not shared (不予共享): their batches
// are read for the few such entries that hold records.
func unsharedRecords(ctx context.Context, ds *datashare.Service, by govops.Actor, m *datashare.Metrics, year int) (int64, error) {
	held := map[string]bool{}
	for _, c := range m.ByCatalog {
		if c.Records > 0 {
			held[c.Code] = true
		}
	}
	if len(held) == 0 {
		return 0, nil
	}
	var n int64
	q := datashare.CatalogQuery{CatalogFilter: datashare.CatalogFilter{Department: by.Department, ShareType: datashare.ShareNone,
		Status: datashare.CatalogPublished}, Limit: govops.MaxPageSize}
	for {
		page, err := ds.Catalogs(ctx, by, q)
		if err != nil {
			return 0, err
		}
		for _, c := range page.Items {
			if !held[c.Code] {
				continue
			}
			bq := datashare.BatchQuery{Catalog: c.ID.String(), Status: datashare.BatchCommitted, Limit: govops.MaxPageSize}
			for {
				bs, err := ds.Batches(ctx, by, bq)
				if err != nil {
					return 0, err
				}
				for _, b := range bs.Items {
					if b.FinishedAt.In(govops.ShanghaiLocation()).Year() <= year {
						n += b.Mounted
					}
				}
				if bs.Next == "" {
					break
				}
				bq.After = bs.Next
			}
		}
		if page.Next == "" {
			return n, nil
		}
		q.After = page.Next
	}
}
