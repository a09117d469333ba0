package demo

import (
	"github.com/govops-kit/govops/datashare"
)

// dataResource is one data resource of the district's catalog: its name,
// the department that provides it (by its directory name), its format,
// the share type its department would give it, whether its records are
// about people (keyed by resident ID) or organizations (keyed by USCC),
// and its share of the year's records.
type dataResource struct {
	name    string
	dept    string
	format  datashare.Format
	share   datashare.ShareType
	persons bool
	weight  int
}

// structuredResources are the district's structured resources (电子表格,
// 数据库), in the order they are catalogued: those the departments keep
// from sharing (不予共享) come with weight 0.
func structuredResources() []dataResource {
	u, c, n := datashare.ShareUnconditional, datashare.ShareConditional, datashare.ShareNone
	x, d := datashare.FormatSpreadsheet, datashare.FormatDatabase
	return []dataResource{
		{"市场主体登记信息", "区市场监管局", d, u, false, 61200}, {"个体工商户登记信息", "区市场监管局", d, u, false, 48750},
		{"食品经营许可信息", "区市场监管局", x, u, false, 9120}, {"特种设备使用登记信息", "区市场监管局", x, c, false, 3310},
		{"行政处罚信息", "区市场监管局", d, u, false, 2140}, {"企业年报信息", "区市场监管局", d, c, false, 30415},
		{"社会保险参保信息", "区人社局", d, c, true, 42924}, {"就业登记信息", "区人社局", d, c, true, 41200},
		{"失业登记信息", "区人社局", x, c, true, 6450}, {"职业技能培训信息", "区人社局", x, u, true, 8120},
		{"人力资源服务机构信息", "区人社局", x, u, false, 312},
		{"低保对象信息", "区民政局", d, c, true, 12650}, {"特困人员信息", "区民政局", x, c, true, 1380},
		{"婚姻登记信息", "区民政局", d, c, true, 18460}, {"社会组织登记信息", "区民政局", x, u, false, 715},
		{"养老机构信息", "区民政局", x, u, false, 96}, {"殡葬服务信息", "区民政局", x, n, true, 0},
		{"出生医学证明信息", "区卫健局", d, c, true, 14230}, {"预防接种信息", "区卫健局", d, n, true, 0},
		{"医疗机构执业信息", "区卫健局", x, u, false, 688}, {"公共场所卫生许可信息", "区卫健局", x, u, false, 2410},
		{"计划生育家庭奖励扶助信息", "区卫健局", x, c, true, 5320},
		{"中小学学籍信息", "区教育局", d, c, true, 38760}, {"学前教育资助信息", "区教育局", x, c, true, 4120},
		{"民办学校信息", "区教育局", x, u, false, 210}, {"教师资格信息", "区教育局", x, n, true, 0},
		{"建筑施工许可信息", "区住建局", x, u, false, 1640}, {"商品房预售许可信息", "区住建局", x, u, false, 420},
		{"住房保障对象信息", "区住建局", d, c, true, 7830}, {"物业服务企业信息", "区住建局", x, u, false, 388},
		{"房屋征收补偿信息", "区征补中心", x, n, true, 0},
		{"行政许可办件信息", "区行政审批局", d, u, false, 86420}, {"投资项目审批信息", "区行政审批局", x, u, false, 1275},
		{"政务服务好差评信息", "区行政审批局", d, u, false, 52300}, {"电子证照目录信息", "区数据局", x, u, false, 850},
		{"户籍人口信息", "区公安分局", d, c, true, 44350}, {"流动人口居住登记信息", "区公安分局", d, c, true, 21980},
		{"机动车登记信息", "区公安分局", d, n, true, 0}, {"旅馆业登记信息", "区公安分局", x, c, false, 380},
		{"统计调查单位名录", "区统计局", d, u, false, 9760}, {"经济普查企业信息", "区统计局", x, u, false, 12840},
		{"人口抽样调查汇总", "区统计局", x, n, false, 0},
		{"安全生产许可信息", "区应急管理局", x, u, false, 520}, {"危险化学品经营许可信息", "区应急管理局", x, u, false, 186},
		{"应急物资储备信息", "区应急管理局", x, c, false, 1430}, {"自然灾害灾情信息", "区应急管理局", x, u, false, 275},
		{"安全生产行政处罚信息", "区应急管理局", x, n, false, 0},
		{"农村土地承包信息", "区农业农村局", d, c, true, 23650}, {"农业经营主体信息", "区农业农村局", x, u, false, 1980},
		{"动物防疫合格证信息", "区农业农村局", x, u, false, 145}, {"惠农补贴发放信息", "区农业农村局", d, c, true, 16120},
		{"农产品质量检测信息", "区农业农村局", x, u, false, 3870},
		{"财政资金直达信息", "区财政局", d, u, false, 4620}, {"政府采购项目信息", "区财政局", x, u, false, 1310},
		{"行政事业单位资产信息", "区财政局", d, c, false, 11840}, {"会计从业人员信息", "区财政局", x, n, true, 0},
		{"非税收入缴款信息", "区财政局", d, c, false, 19330},
		{"企业信用评价信息", "区市场监管局", x, u, false, 5240}, {"广告经营登记信息", "区市场监管局", x, u, false, 96},
		{"劳动保障监察信息", "区人社局", x, u, false, 1035}, {"临时救助信息", "区民政局", x, c, true, 2890},
		{"院前急救信息", "区卫健局", d, c, true, 6610}, {"校外培训机构信息", "区教育局", x, u, false, 143},
		{"城市管理执法信息", "区执法局", x, u, false, 3920}, {"社区网格信息", "区委政法委", x, u, false, 1064},
		{"重点项目进度信息", "区行政审批局", x, u, false, 48},
	}
}

// draftResources are catalogued in December and not yet published at the
// year's end: the metrics do not count them.
func draftResources() []dataResource {
	return []dataResource{
		{"网格员队伍信息", "区委政法委", datashare.FormatSpreadsheet, datashare.ShareConditional, true, 0},
		{"消防安全重点单位信息", "区应急管理局", datashare.FormatSpreadsheet, datashare.ShareUnconditional, false, 0},
	}
}

// otherResources are the district's resources that are not structured:
// files, images, media and service interfaces, shared without condition.
func otherResources() []dataResource {
	u := datashare.ShareUnconditional
	return []dataResource{
		{"政策文件汇编", "区行政审批局", datashare.FormatFile, u, false, 0}, {"办事指南", "区行政审批局", datashare.FormatFile, u, false, 0},
		{"城区规划图", "区住建局", datashare.FormatImage, u, false, 0}, {"不动产测绘成果", "区住建局", datashare.FormatImage, u, false, 0},
		{"会议视频资料", "区财政局", datashare.FormatMedia, u, false, 0}, {"应急演练视频", "区应急管理局", datashare.FormatMedia, u, false, 0},
		{"企业信息查询接口", "区市场监管局", datashare.FormatService, u, false, 0}, {"社保待遇核验接口", "区人社局", datashare.FormatService, u, false, 0},
		{"户籍核验接口", "区公安分局", datashare.FormatService, u, false, 0}, {"统计年鉴", "区统计局", datashare.FormatFile, u, false, 0},
		{"惠农政策问答", "区农业农村局", datashare.FormatSelfDescr, u, false, 0}, {"预算公开报告", "区财政局", datashare.FormatFile, u, false, 0},
	}
}

// dataRequest is a share request the year sees: the consumer (by
// directory name), the entry asked for (by name), the purpose and items,
// and how it ends.
type dataRequest struct {
	consumer string
	catalog  string
	purpose  string
	items    []string
	month    int
	outcome  string // approve, deny, revoke (approved, then revoked), pending
	reason   string
}

func dataRequests() []dataRequest {
	return []dataRequest{
		{"区民政局", "户籍人口信息", "最低生活保障对象家庭成员户籍核验", []string{"公民身份号码", "姓名"}, 3, "approve", ""},
		{"区行政审批局", "社会保险参保信息", "企业开办“一件事”联办中核验员工参保情况", []string{"公民身份号码", "姓名", "登记日期"}, 4, "approve", ""},
		{"区住建局", "低保对象信息", "公共租赁住房保障对象资格联审", []string{"公民身份号码", "姓名"}, 5, "revoke", "公租房年度资格联审已结束，按最小必要原则收回授权"},
		{"区执法局", "婚姻登记信息", "行政执法案件当事人信息核查", []string{"公民身份号码", "姓名", "登记日期"}, 7, "deny", "申请用途与婚姻登记信息无直接关联，且未提供案件立案文书，不符合共享条件"},
		{"区教育局", "户籍人口信息", "义务教育招生入学户籍资格审核", []string{"公民身份号码", "姓名"}, 6, "approve", ""},
		{"区征补中心", "住房保障对象信息", "房屋征收补偿对象住房保障情况核查", []string{"公民身份号码", "姓名"}, 12, "pending", ""},
	}
}
