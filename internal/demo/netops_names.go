package demo

import "github.com/govops-kit/govops/directory"

// The Liubei District (柳州市柳北区) directory the demo fills: its offices,
// its eight sub-districts and three towns, and their villages and
// communities. Names are those a district's directory holds; the codes
// follow the statistical division codes (450205 is Liubei).

// dirTownship is a township (乡镇街道) with the villages or communities below
// it.
type dirTownship struct {
	code, name string
	zone       directory.Zone
	below      []string // the names of its communities (社区) or villages (村)
	village    bool     // below are villages (a town), not communities
}

// dirTownships are Liubei's sub-districts and towns: 98 villages and
// communities in all.
var dirTownships = []dirTownship{
	{"450205001", "解放街道办事处", directory.ZoneUrban, []string{"解放北社区", "公园社区", "三中社区", "雅儒社区", "北站社区", "鱼峰山社区", "解放南社区", "柳北社区"}, false},
	{"450205002", "雀儿山街道办事处", directory.ZoneUrban, []string{"雀儿山社区", "华丰湾社区", "跃进北社区", "北雀社区", "凯歌社区", "胜利北社区", "白沙社区", "长风社区"}, false},
	{"450205003", "胜利街道办事处", directory.ZoneUrban, []string{"胜利社区", "曙光社区", "林业社区", "北岸社区", "和平社区", "东方社区", "北站路社区", "白沙路社区"}, false},
	{"450205004", "锦绣街道办事处", directory.ZoneUrban, []string{"锦绣社区", "长青社区", "宏都社区", "化工社区", "北雀路社区", "雅儒路社区", "锦华社区", "绿城社区"}, false},
	{"450205005", "白露街道办事处", directory.ZoneUrban, []string{"白露社区", "华锡社区", "沙塘路社区", "北环社区", "杨柳社区", "三门江社区", "古亭社区", "白露新村社区"}, false},
	{"450205006", "跃进街道办事处", directory.ZoneUrban, []string{"跃进社区", "航生社区", "钢一社区", "东环社区", "雀山社区", "北雀新村社区", "胜利小区社区", "跃进南社区"}, false},
	{"450205007", "钢城街道办事处", directory.ZoneUrban, []string{"钢城社区", "桂中社区", "柳钢社区", "冶炼社区", "焦化社区", "炼铁社区", "钢花社区", "钢城新村社区"}, false},
	{"450205008", "柳长街道办事处", directory.ZoneSuburban, []string{"柳长社区", "长风路社区", "新兴社区", "长塘路社区", "沙塘社区", "黄村社区", "柳长新村社区", "洛维社区"}, false},
	{"450205101", "石碑坪镇人民政府", directory.ZoneSuburban, []string{"石碑坪村", "三合村", "马鞍村", "古木村", "大户村", "新安村", "长寿村", "保安村", "白沙村", "东风村", "石碑坪居委会"}, true},
	{"450205102", "长塘镇人民政府", directory.ZoneSuburban, []string{"长塘村", "大山村", "六合村", "新城村", "里壅村", "石碑村", "古木冲村", "长胜村", "和平村", "黄竹村", "羊山村", "长塘居委会"}, true},
	{"450205103", "沙塘镇人民政府", directory.ZoneSuburban, []string{"沙塘村", "杨柳村", "洛维村", "石西村", "塘头村", "六塘村", "古亭村", "上雷村", "北岸村", "社冲村", "沙塘居委会"}, true},
}

// dirOffices are the district's offices and institutions (部门), in the
// directory's order, each with its zone: building for those in the
// administrative building (行政大楼). The names the other chapters look up
// are here exactly.
var dirOffices = []struct {
	name string
	zone directory.Zone
}{
	{"区政务网络服务中心", directory.ZoneBuilding}, {"区委办公室", directory.ZoneBuilding}, {"区人大常委会办公室", directory.ZoneBuilding},
	{"区政府办公室", directory.ZoneBuilding}, {"区政协办公室", directory.ZoneBuilding}, {"区纪委监委", directory.ZoneBuilding},
	{"区委组织部", directory.ZoneBuilding}, {"区委宣传部", directory.ZoneBuilding}, {"区委统战部", directory.ZoneBuilding},
	{"区委政法委", directory.ZoneBuilding}, {"区委编办", directory.ZoneBuilding}, {"区委巡察办", directory.ZoneBuilding},
	{"区委网信办", directory.ZoneBuilding}, {"区直机关工委", directory.ZoneBuilding}, {"区发展和改革局", directory.ZoneBuilding},
	{"区教育局", directory.ZoneUrban}, {"区科学技术局", directory.ZoneBuilding}, {"区工业和信息化局", directory.ZoneBuilding},
	{"区民政局", directory.ZoneUrban}, {"区司法局", directory.ZoneUrban}, {"区财政局", directory.ZoneBuilding},
	{"区人社局", directory.ZoneUrban}, {"区生态环境局", directory.ZoneUrban}, {"区住建局", directory.ZoneBuilding},
	{"区交通运输局", directory.ZoneUrban}, {"区农业农村局", directory.ZoneUrban}, {"区水利局", directory.ZoneUrban},
	{"区商务局", directory.ZoneBuilding}, {"区文化体育和旅游局", directory.ZoneUrban}, {"区卫健局", directory.ZoneUrban},
	{"区退役军人事务局", directory.ZoneUrban}, {"区应急管理局", directory.ZoneBuilding}, {"区审计局", directory.ZoneBuilding},
	{"区市场监管局", directory.ZoneUrban}, {"区统计局", directory.ZoneBuilding}, {"区医保局", directory.ZoneUrban},
	{"区信访局", directory.ZoneBuilding}, {"区行政审批局", directory.ZoneUrban}, {"区数据局", directory.ZoneBuilding},
	{"区执法局", directory.ZoneUrban}, {"区征补中心", directory.ZoneUrban}, {"区投资促进局", directory.ZoneBuilding},
	{"区机关事务管理局", directory.ZoneBuilding}, {"区乡村振兴局", directory.ZoneUrban}, {"区融媒体中心", directory.ZoneBuilding},
	{"区档案馆", directory.ZoneBuilding}, {"区委党校", directory.ZoneUrban}, {"区总工会", directory.ZoneUrban},
	{"团区委", directory.ZoneBuilding}, {"区妇联", directory.ZoneBuilding}, {"区工商联", directory.ZoneBuilding},
	{"区科协", directory.ZoneBuilding}, {"区残联", directory.ZoneUrban}, {"区红十字会", directory.ZoneUrban},
	{"区人民法院", directory.ZoneUrban}, {"区人民检察院", directory.ZoneUrban}, {"区人武部", directory.ZoneUrban},
	{"区公安分局", directory.ZoneUrban}, {"区税务局", directory.ZoneUrban}, {"区自然资源分局", directory.ZoneUrban},
	{"区疾病预防控制中心", directory.ZoneUrban}, {"区卫生健康综合行政执法大队", directory.ZoneUrban}, {"区妇幼保健院", directory.ZoneUrban},
	{"区工业园区管委会", directory.ZoneSuburban}, {"区园区企业服务中心", directory.ZoneSuburban}, {"区园区规划建设局", directory.ZoneSuburban},
	{"区政务服务中心", directory.ZoneUrban}, {"区公共资源交易中心", directory.ZoneUrban}, {"区住房保障中心", directory.ZoneUrban},
	{"区不动产登记中心", directory.ZoneUrban}, {"区国有资产事务中心", directory.ZoneBuilding}, {"区林业站", directory.ZoneSuburban},
	{"区农业技术推广站", directory.ZoneSuburban}, {"区劳动保障监察大队", directory.ZoneUrban}, {"区就业服务中心", directory.ZoneUrban},
	{"区社会保险事业局", directory.ZoneUrban}, {"区退役军人服务中心", directory.ZoneUrban}, {"区老龄工作委员会办公室", directory.ZoneUrban},
	{"区地方志办公室", directory.ZoneBuilding}, {"区供销合作社联合社", directory.ZoneUrban}, {"区城市建设投资集团", directory.ZoneUrban},
	{"区食品药品检验所", directory.ZoneUrban}, {"区动物疫病预防控制中心", directory.ZoneSuburban}, {"区水利站", directory.ZoneSuburban},
	{"区环境卫生管理站", directory.ZoneUrban}, {"区园林绿化管理所", directory.ZoneUrban}, {"区殡葬管理所", directory.ZoneSuburban},
	{"区救助管理站", directory.ZoneUrban}, {"区社会福利院", directory.ZoneUrban}, {"区文化馆", directory.ZoneUrban},
	{"区图书馆", directory.ZoneUrban}, {"区体育中心", directory.ZoneUrban}, {"区教育培训中心", directory.ZoneUrban},
	{"区安全生产监察大队", directory.ZoneUrban}, {"区市场监管执法大队", directory.ZoneUrban}, {"区交通运输执法大队", directory.ZoneUrban},
	{"区人民医院", directory.ZoneUrban}, {"区中医医院", directory.ZoneUrban},
}

// dirSchoolPlaces name the district's schools, kindergartens and community
// health service centers, which fill the offices up to the units asked
// for.
var dirSchoolPlaces = []string{"解放", "雀儿山", "胜利", "锦绣", "白露", "跃进", "钢城", "柳长", "石碑坪", "长塘", "沙塘",
	"雅儒", "华丰湾", "长风", "北雀", "三中", "公园", "曙光", "和平", "东环", "桂中", "沙塘路", "杨柳", "古亭", "航生",
	"宏都", "长青", "北站", "林业", "北岸", "白沙", "凯歌", "冶炼", "钢花", "新兴", "洛维", "三门江", "华锡", "绿城", "锦华"}

// dirSchoolKinds are the institutions made for each place, in turn.
var dirSchoolKinds = []string{"小学", "幼儿园", "社区卫生服务中心", "中学"}
