package demo

import (
	"fmt"

	"github.com/govops-kit/govops/security"
)

// The security chapter's people, units and words. Nothing here is a
// credential: records say what was wrong with a password, never what it
// was (the security Service refuses text that writes one out).

// The center's security staff: secLead leads the response and owns the
// plan, secEngineer hardens the center's own devices, secInspectors run
// the self-inspections, and secVerifiers re-test what the units fixed
// (never who fixed it).
const (
	secLead     = "王芳"
	secEngineer = "李强"
	secApprover = "中心主任办公会"
	secPlanCode = "network-emergency"
)

var (
	secInspectors = []string{"陈明", "黄丽"}
	secVerifiers  = []string{"刘洋", "陈明", "黄丽"}
	// secUnitStaff are the units' network liaisons (网络安全联络员) who
	// remediate their own units' devices.
	secUnitStaff = []string{"张伟", "赵敏", "周杰", "吴静", "郑磊", "孙悦", "马超", "朱琳", "胡斌", "林娜"}
	// secUnitNames are the units the chapter prefers for its inspections,
	// drills and exercise, when the directory has them.
	secUnitNames = []string{"区人社局", "区卫健局", "区教育局", "区财政局", "区执法局", "区征补中心",
		"跃进街道办事处", "区市场监管局", "区民政局", "区住建局"}
)

// secDevice is a kind of device a self-inspection looks at, with the tag
// prefix of its asset names.
type secDevice struct{ name, tag string }

var secDevices = []secDevice{
	{"接入交换机", "SW"}, {"汇聚交换机", "AGG"}, {"无线AP控制器", "AC"}, {"视频监控NVR", "NVR"}, {"网络打印机", "PRN"},
	{"门禁控制器", "ACS"}, {"应用服务器", "APP"}, {"数据库服务器", "DB"}, {"UPS管理卡", "UPS"}, {"VPN网关", "VPN"},
}

// secFindingText says what was found, by kind.
func secFindingText(k security.FindingKind) string {
	switch k {
	case security.FindingWeakPassword:
		return "管理账号使用弱口令，长度和复杂度不符合要求，易被暴力破解"
	case security.FindingNoPassword:
		return "设备管理界面未设置登录口令（空口令），可直接登录"
	case security.FindingDefaultCredential:
		return "设备仍使用出厂默认账号和默认口令"
	case security.FindingExposedService:
		return "远程管理端口直接暴露在电子政务外网，未经堡垒机访问"
	case security.FindingUnpatched:
		return "系统存在已公开的高危漏洞，未及时安装补丁"
	}
	return "发现安全问题"
}

// secRemediation says what was done about a finding, by kind.
func secRemediation(k security.FindingKind) string {
	switch k {
	case security.FindingWeakPassword:
		return "已修改为符合复杂度要求的强口令，启用登录失败锁定和超时退出，并纳入定期更换"
	case security.FindingNoPassword:
		return "已设置符合复杂度要求的登录口令，关闭匿名访问，启用登录失败处理"
	case security.FindingDefaultCredential:
		return "已修改出厂默认口令，重命名默认账号，删除多余账号"
	case security.FindingExposedService:
		return "已关闭对外暴露的管理端口，改由堡垒机统一访问，并限制访问源地址"
	case security.FindingUnpatched:
		return "已升级至厂商最新版本并安装安全补丁，复扫无高危漏洞"
	}
	return "已整改"
}

// secItems answers the built-in checklist (GB/T 22239-2019 8.1.4.1 and
// 8.1.4.2) for an inspection whose findings are obs.
func secItems(obs []security.Observation, partialAuth bool) []security.ItemResult {
	n := map[security.FindingKind]int{}
	for _, o := range obs {
		n[o.Kind]++
	}
	res := func(item string, fails int, what string) security.ItemResult {
		if fails == 0 {
			return security.ItemResult{Item: item, Result: security.ResultPass}
		}
		return security.ItemResult{Item: item, Result: security.ResultFail, Note: fmt.Sprintf("发现%d台设备%s", fails, what)}
	}
	items := []security.ItemResult{
		res("ia-a", n[security.FindingWeakPassword]+n[security.FindingNoPassword], "存在弱口令或空口令"),
		{Item: "ia-b", Result: security.ResultPass},
		res("ia-c", n[security.FindingExposedService], "远程管理未经加密通道"),
		{Item: "ia-d", Result: security.ResultPartial, Note: "核心设备尚未启用双因素认证"},
		{Item: "ac-a", Result: security.ResultPass},
		res("ac-b", n[security.FindingDefaultCredential], "未修改默认账户的默认口令"),
		{Item: "ac-c", Result: security.ResultPass},
		{Item: "ac-d", Result: security.ResultPass},
		{Item: "ac-e", Result: security.ResultNA},
	}
	if !partialAuth {
		items[3] = security.ItemResult{Item: "ia-d", Result: security.ResultPass}
	}
	return items
}

// secGrades is the plan's response to each grade of incident.
func secGrades(revised bool) []security.GradeResponse {
	iv := "中心值班人员30分钟内到场处置，4小时内报送中心负责人"
	if revised {
		iv = "中心值班人员30分钟内到场处置，1小时内报送中心负责人，并通知受影响单位网络安全联络员"
	}
	return []security.GradeResponse{
		{Grade: security.GradeI, Lead: "区网络安全和信息化委员会", Measures: "启动全区应急响应，立即上报市委网信办，必要时断开外网互联网出口"},
		{Grade: security.GradeII, Lead: "区委网信办", Measures: "区委网信办统一指挥，中心全员到岗，30分钟内上报"},
		{Grade: security.GradeIII, Lead: "区政务网络服务中心", Measures: "中心负责人组织应急小组处置，1小时内上报区委网信办"},
		{Grade: security.GradeIV, Lead: "区政务网络服务中心", Measures: iv},
	}
}
