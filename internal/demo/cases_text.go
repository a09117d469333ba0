package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/govops-kit/govops/govcase"
)

// topic is one kind of matter citizens raise on the 12345 hotline: the
// words of its title, the categories it comes as, and the units that
// handle it, named by words of their names ("" for the township or
// sub-district where it happens).
type topic struct {
	keyword    string   // a word of every title, which routing rules match
	titles     []string // title templates; %s is the place
	categories []govcase.Category
	handlers   []string // words of the handling unit's name, tried in order; "" is the place's township
	weight     int
	routed     bool // a routing rule sends it to its handler
}

// hotlineTopics are the matters of the year's hotline cases, weighted so
// that the townships, the law-enforcement bureau and housing get most.
func hotlineTopics() []topic {
	c, h, p, s, r := govcase.CategoryConsult, govcase.CategoryHelp, govcase.CategoryComplaint, govcase.CategorySuggestion, govcase.CategoryReport
	return []topic{
		{keyword: "噪音扰民", titles: []string{"%s夜间施工噪音扰民", "%s广场舞音响噪音扰民", "%s商铺音响噪音扰民"}, categories: []govcase.Category{p, p, h}, handlers: []string{"执法", ""}, weight: 12, routed: true},
		{keyword: "占道经营", titles: []string{"%s流动摊贩占道经营", "%s店铺门前占道经营"}, categories: []govcase.Category{p, r}, handlers: []string{"执法"}, weight: 10, routed: true},
		{keyword: "违章搭建", titles: []string{"%s楼顶违章搭建", "%s小区一楼住户违章搭建"}, categories: []govcase.Category{r, p}, handlers: []string{"执法"}, weight: 6, routed: true},
		{keyword: "垃圾清运", titles: []string{"%s生活垃圾清运不及时", "%s建筑垃圾堆放未清运"}, categories: []govcase.Category{p, h}, handlers: []string{""}, weight: 9},
		{keyword: "物业服务", titles: []string{"%s物业服务不到位", "%s物业公司乱收费", "%s小区电梯长期故障物业不维修"}, categories: []govcase.Category{p, h, c}, handlers: []string{"住建", ""}, weight: 10, routed: true},
		{keyword: "房屋漏水", titles: []string{"%s房屋漏水无人维修", "%s老旧小区房屋渗漏"}, categories: []govcase.Category{h, p}, handlers: []string{"住建", ""}, weight: 5, routed: true},
		{keyword: "老旧小区改造", titles: []string{"%s老旧小区改造进度咨询", "%s老旧小区改造施工扰民"}, categories: []govcase.Category{c, s, p}, handlers: []string{"住建"}, weight: 4, routed: true},
		{keyword: "征地补偿", titles: []string{"%s征地补偿款发放咨询", "%s房屋征收补偿标准咨询"}, categories: []govcase.Category{c, h, p}, handlers: []string{"征补"}, weight: 4, routed: true},
		{keyword: "拖欠工资", titles: []string{"%s工地拖欠农民工工资", "%s公司拖欠员工工资"}, categories: []govcase.Category{h, p}, handlers: []string{"人社", "人力资源"}, weight: 5, routed: true},
		{keyword: "社保", titles: []string{"%s社保缴费咨询", "%s灵活就业人员社保办理咨询"}, categories: []govcase.Category{c}, handlers: []string{"人社", "人力资源", "医保"}, weight: 4, routed: true},
		{keyword: "食品安全", titles: []string{"%s餐馆食品安全问题", "%s超市销售过期食品"}, categories: []govcase.Category{r, p}, handlers: []string{"市场监管"}, weight: 4, routed: true},
		{keyword: "价格", titles: []string{"%s商家价格欺诈", "%s停车场乱收费价格投诉"}, categories: []govcase.Category{p}, handlers: []string{"市场监管", "发改"}, weight: 2, routed: true},
		{keyword: "疫情防控", titles: []string{"%s核酸检测点设置咨询", "%s疫情防控政策咨询", "%s居家隔离人员生活物资求助"}, categories: []govcase.Category{c, c, h}, handlers: []string{"", "卫健"}, weight: 8},
		{keyword: "学位", titles: []string{"%s小学学位申请咨询", "%s幼儿园入学咨询"}, categories: []govcase.Category{c, s}, handlers: []string{"教育"}, weight: 3, routed: true},
		{keyword: "低保", titles: []string{"%s低保申请咨询", "%s困难群众临时救助求助"}, categories: []govcase.Category{c, h}, handlers: []string{"民政", ""}, weight: 3, routed: true},
		{keyword: "下水道堵塞", titles: []string{"%s下水道堵塞污水外溢", "%s雨污管网堵塞"}, categories: []govcase.Category{h, p}, handlers: []string{"", "住建"}, weight: 4},
		{keyword: "路灯", titles: []string{"%s路灯不亮", "%s路灯损坏未修复"}, categories: []govcase.Category{h, s}, handlers: []string{"", "执法"}, weight: 3},
		{keyword: "环境污染", titles: []string{"%s餐饮油烟扰民", "%s工厂排放异味"}, categories: []govcase.Category{p, r}, handlers: []string{"生态环境", "环保", "执法"}, weight: 3, routed: true},
		{keyword: "户籍", titles: []string{"%s户籍迁移办理咨询", "%s居住证办理咨询"}, categories: []govcase.Category{c}, handlers: []string{"", "政务服务"}, weight: 2},
		{keyword: "交通设施", titles: []string{"%s路口缺少交通信号灯", "%s人行道破损"}, categories: []govcase.Category{s, h}, handlers: []string{"交通", "住建", ""}, weight: 2, routed: true},
	}
}

// places are the streets and estates of the district that cases happen in.
func places() []string {
	return []string{"胜利路", "跃进路", "北雀路", "白露大道", "雅儒路", "三中路", "广雅路", "东环大道", "长风路", "钢城路",
		"荣军路", "北站路", "胜利小区", "雀儿山路", "锦绣路", "柳长路", "杨柳路", "和平路", "三中村", "沙塘街"}
}

// Surnames and given names of reporters and staff.
var (
	surnames    = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高梁谢韦覃莫蓝廖潘")
	givenChars  = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玲建红兰文斌海燕")
	centerStaff = []string{"王芳", "李娜", "张伟", "刘洋", "陈静"}
)

// personName returns a made-up Chinese name.
func personName(r *rand.Rand) string {
	n := string(surnames[r.IntN(len(surnames))]) + string(givenChars[r.IntN(len(givenChars))])
	if r.IntN(3) > 0 {
		n += string(givenChars[r.IntN(len(givenChars))])
	}
	return n
}

// mobile returns a made-up mobile number.
func mobile(r *rand.Rand) string {
	prefixes := []string{"130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152", "155", "158", "159", "176", "177", "178", "180", "181", "185", "186", "187", "188", "189", "199"}
	return fmt.Sprintf("%s%08d", prefixes[r.IntN(len(prefixes))], r.IntN(100000000))
}

// staffOf returns the name of the clerk of department code who works the
// hotline cases: always the same one for a code.
func staffOf(code string) string {
	h := 0
	for _, b := range []byte(code) {
		h = h*31 + int(b)
	}
	if h < 0 {
		h = -h
	}
	return string(surnames[h%len(surnames)]) + string(givenChars[(h/7)%len(givenChars)]) + string(givenChars[(h/131)%len(givenChars)])
}

// describe writes a case's description from its title, place and reporter.
func describe(r *rand.Rand, title, location string) string {
	asks := []string{"请相关部门尽快核实处理。", "希望尽快解决。", "请相关部门给予答复。", "请求有关部门协调处理。"}
	return fmt.Sprintf("市民来电反映：%s，地点位于%s。%s", strings.TrimSuffix(title, "。"), location, asks[r.IntN(len(asks))])
}

// replyFor writes a department's handling result (办理反馈).
func replyFor(r *rand.Rand, cat govcase.Category) string {
	switch cat {
	case govcase.CategoryConsult:
		return []string{"已电话联系市民，就所咨询事项的政策和办理流程作了详细解答，市民表示清楚。",
			"已联系来电人，告知办理所需材料和地点，市民表示理解。"}[r.IntN(2)]
	case govcase.CategorySuggestion:
		return "已收悉市民建议，经研究将纳入下一步工作计划，已电话告知市民。"
	}
	return []string{"接件后工作人员即到现场核实，已督促责任方整改到位，并电话回复市民。",
		"经现场核查情况属实，已依法责令整改，后续将加强巡查，已向市民反馈处理结果。",
		"已协调相关单位现场处置，问题已解决，市民表示满意。",
		"经核实，已联系相关责任主体限期整改，并向市民说明处理进度。"}[r.IntN(4)]
}
