package demo

import (
	"fmt"

	"github.com/govops-kit/govops/idcode"
	"github.com/govops-kit/govops/license"
)

// licenseKind is one license type of the district's list: its name, who
// holds it, how many years it is valid (0: never expires), the department
// that issues it in 柳北区 (by its directory name), whether the authority
// that defines it is national, the share of the year's uploads it takes,
// and the prefix of its license numbers.
type licenseKind struct {
	name     string
	holder   license.HolderCategory
	years    int
	dept     string
	national bool
	weight   int
	prefix   string
}

// issuedKinds are the types the district's departments issue, in the
// order they get their layout templates: the first Params.LicenseTypes of
// them get an approved one, the next two only a draft.
func issuedKinds() []licenseKind {
	n, l := license.HolderNatural, license.HolderLegal
	return []licenseKind{
		{"食品经营许可证", l, 5, "区市场监管局", true, 96, "JY"},
		{"小餐饮经营许可证", l, 3, "区市场监管局", false, 52, "XCY"},
		{"食品小作坊登记证", l, 3, "区市场监管局", false, 38, "XZF"},
		{"药品零售企业许可证", l, 5, "区市场监管局", false, 25, "YPLS"},
		{"医疗器械经营备案凭证", l, 0, "区市场监管局", true, 21, "XBA"},
		{"个体工商户营业执照", n, 0, "区行政审批局", true, 55, "GT"},
		{"户外广告设置许可证", l, 2, "区执法局", false, 12, "HWGG"},
		{"城市道路挖掘许可证", l, 1, "区执法局", false, 8, "DLWJ"},
		{"医疗机构执业许可证", l, 5, "区卫健局", true, 22, "YLJG"},
		{"公共场所卫生许可证", l, 4, "区卫健局", true, 58, "GGCS"},
		{"出生医学证明", n, 0, "区卫健局", true, 31, "CSYX"},
		{"放射诊疗许可证", l, 4, "区卫健局", true, 4, "FSZL"},
		{"母婴保健技术服务执业许可证", l, 3, "区卫健局", true, 3, "MYBJ"},
		{"独生子女父母光荣证", n, 0, "区卫健局", false, 31, "DSZN"},
		{"建筑工程施工许可证", l, 0, "区住建局", true, 28, "JZSG"},
		{"商品房预售许可证", l, 0, "区住建局", false, 14, "SPFYS"},
		{"建设工程竣工验收备案证明", l, 0, "区住建局", false, 19, "JGBA"},
		{"排水许可证", l, 5, "区住建局", true, 9, "PSXK"},
		{"物业服务企业备案证明", l, 0, "区住建局", false, 6, "WYBA"},
		{"城乡居民最低生活保障证", n, 1, "区民政局", false, 34, "DBZ"},
		{"特困人员救助供养证", n, 1, "区民政局", false, 12, "TKGY"},
		{"社会团体法人登记证书", l, 5, "区民政局", true, 12, "SHTT"},
		{"民办非企业单位登记证书", l, 5, "区民政局", true, 15, "MFQ"},
		{"养老机构备案回执", l, 0, "区民政局", false, 6, "YLBA"},
		{"残疾人证", n, 0, "区残联", true, 41, "CJR"},
		{"民办学校办学许可证", l, 5, "区教育局", true, 9, "MBXX"},
		{"校外培训机构办学许可证", l, 3, "区教育局", false, 3, "XWPX"},
		{"幼儿园办园许可证", l, 5, "区教育局", false, 7, "YEY"},
		{"就业创业证", n, 0, "区人社局", true, 42, "JYCY"},
		{"人力资源服务许可证", l, 5, "区人社局", true, 5, "RLZY"},
		{"劳务派遣经营许可证", l, 3, "区人社局", true, 4, "LWPQ"},
		{"农药经营许可证", l, 5, "区农业农村局", true, 8, "NYJY"},
		{"动物防疫条件合格证", l, 0, "区农业农村局", true, 6, "DWFY"},
		{"兽药经营许可证", l, 5, "区农业农村局", true, 3, "SYJY"},
		{"道路运输经营许可证", l, 4, "区交通运输局", true, 20, "DLYS"},
		{"出租汽车驾驶员证", n, 6, "区交通运输局", false, 10, "CZQC"},
		{"娱乐场所经营许可证", l, 2, "区文化体育和旅游局", true, 10, "YLCS"},
		{"网络文化经营许可证", l, 3, "区文化体育和旅游局", true, 3, "WLWH"},
		{"营业性演出许可证", l, 2, "区文化体育和旅游局", true, 4, "YYYC"},
		{"烟花爆竹经营（零售）许可证", l, 3, "区应急管理局", true, 6, "YHBZ"},
		{"危险化学品经营许可证", l, 3, "区应急管理局", true, 3, "WHJY"},
		{"优待证", n, 0, "区退役军人事务局", true, 18, "YDZ"},
		{"光荣之家牌匾登记证明", n, 0, "区退役军人事务局", false, 5, "GRZJ"},
		{"林木种子生产经营许可证", l, 5, "区农业农村局", true, 2, "LMZZ"},
		{"殡葬服务机构备案证明", l, 0, "区民政局", false, 2, "BZBA"},
		{"临时救助审批证明", n, 0, "区民政局", false, 9, "LSJZ"},
		{"城市建筑垃圾处置核准证", l, 1, "区执法局", false, 6, "JZLJ"},
		{"大型户外活动安全许可证明", l, 0, "区执法局", false, 2, "HWHD"},
	}
}

// explainedKind is a type of the region's list that a district department
// does not issue, and the explanation (情况说明) it files.
type explainedKind struct {
	name   string
	holder license.HolderCategory
	dept   string
	why    string
}

// explainedKinds are the types the departments explain away: the city or
// the region issues them.
func explainedKinds() []explainedKind {
	n, l := license.HolderNatural, license.HolderLegal
	return []explainedKind{
		{"营业执照", l, "区市场监管局", "企业营业执照由柳州市行政审批局统一核发，我局仅负责个体工商户登记，不颁发该证照"},
		{"医师执业证书", n, "区卫健局", "医师执业注册由柳州市卫生健康委员会负责，城区不颁发该证照"},
		{"不动产权证书", l, "区住建局", "不动产登记由柳州市不动产登记中心统一办理，城区不颁发该证照"},
		{"机动车驾驶证", n, "区行政审批局", "机动车驾驶证由柳州市公安局交通管理支队核发，不属于城区审批事项"},
		{"教师资格证书", n, "区教育局", "教师资格认定权限已调整至柳州市教育局，我局不再颁发该证照"},
		{"结婚证", n, "区民政局", "婚姻登记证件由民政部统一制发，电子证照由自治区民政厅汇聚，城区不单独上传"},
	}
}

// unclaimedKinds are the types of the region's list that no department
// claims or explains by the year's end: the coverage report's risk list.
func unclaimedKinds() []struct {
	name   string
	holder license.HolderCategory
} {
	return []struct {
		name   string
		holder license.HolderCategory
	}{
		{"林木采伐许可证", license.HolderMixed},
		{"取水许可证", license.HolderLegal},
		{"水域滩涂养殖证", license.HolderMixed},
		{"生猪定点屠宰证", license.HolderLegal},
	}
}

// licenseAuthority is the USCC of the authority that defines a type: a
// national ministry or the autonomous region's bureau, drawn from the
// type's place in the list.
func licenseAuthority(national bool, i int) (code, name string, level license.Level) {
	if national {
		return checkedCode(idcode.USCCCheck, fmt.Sprintf("11100000MB%07d", 100+i%7)), nationalAuthorities[i%7], license.LevelNational
	}
	return checkedCode(idcode.USCCCheck, fmt.Sprintf("11450000MB%07d", 300+i%5)), regionalAuthorities[i%5], license.LevelProvincial
}

var (
	nationalAuthorities = []string{"国家市场监督管理总局", "国家卫生健康委员会", "住房和城乡建设部", "民政部", "人力资源和社会保障部", "农业农村部", "交通运输部"}
	regionalAuthorities = []string{"广西壮族自治区市场监督管理局", "广西壮族自治区卫生健康委员会", "广西壮族自治区住房和城乡建设厅", "广西壮族自治区民政厅", "广西壮族自治区大数据发展局"}
)
