package annual

// Figure keys. Each section's builder gives the figures of its own keys;
// the demo generator tallies what it generated under the same keys.
const (
	// 电子政务外网建设与维护
	KeyUnitsConnected       = "extranet.units.connected"       // 部门（单位）接入外网：个
	KeyCommunitiesConnected = "extranet.communities.connected" // 村、社区接入外网：个
	KeyCoverage             = "extranet.coverage"              // 接入率：%
	KeySelfBuiltRevoked     = "extranet.selfbuilt.revoked"     // 自建互联网线路已撤销：条
	KeySelfBuiltRemaining   = "extranet.selfbuilt.remaining"   // 自建互联网线路未撤销：条
	KeyNetworksConnected    = "extranet.networks.connected"    // 非涉密业务专网保持互联：个
	KeyMigrationsDone       = "extranet.migrations.done"       // 完成网络迁移：个

	// 政务数据共享与公开
	KeyLicenseTypesTemplated = "license.types.templated" // 完成版式文件制作的证照：类
	KeyLicenseRecords        = "license.records"         // 已上传电子证照数据：条
	KeyDataRecords           = "data.records"            // 共享政务数据总量：条
	KeyStructuredShared      = "data.structured.shared"  // 结构化数据目录共享：个
	KeyStructuredTotal       = "data.structured.total"   // 结构化数据目录：个
	KeyShareRatio            = "data.structured.ratio"   // 结构化数据目录共享占比：%

	// 综合指挥平台管理
	KeyCasesTotal       = "cases.total"       // 流转案件：条
	KeyCasesHotline     = "cases.hotline"     // 政府热线
	KeyCasesITOps       = "cases.itops"       // 信息化运维
	KeyCasesPlatformOps = "cases.platformops" // 综合指挥平台运维
	KeyCasesPortal      = "cases.portal"      // 门户网站
	KeyCasesSupervision = "cases.supervision" // 督查绩效

	// 政府热线“12345”管理
	KeySatisfaction  = "hotline.satisfaction"   // 每月平均满意率：%
	KeyDeducted      = "hotline.deducted"       // 共被扣分：分
	KeyDeductedUnits = "hotline.deducted.units" // 被扣分单位：个
	KeyRank          = "hotline.rank"           // 城区排名：名
	KeyResponseRate  = "hotline.response_rate"  // 事件反馈率：%

	// 门户网站与政务新媒体管理
	KeyPosts          = "portal.posts"             // 信息发布：条
	KeyUrged          = "portal.urged"             // 督促更新：条
	KeyFixedBroken    = "portal.fixed.broken_link" // 整改断链：条
	KeyFixedTypo      = "portal.fixed.typo"        // 修改错别字：条
	KeyFixedSensitive = "portal.fixed.sensitive"   // 修正错敏词：条
	KeyFixedWrongLink = "portal.fixed.wrong_link"  // 调整错误链接：条
	KeyMediaAccounts  = "portal.media.accounts"    // 纳入监管的政务新媒体：个
	KeyMediaWeekly    = "portal.media.weekly"      // 每周检查覆盖率：%

	// 信息化运维服务
	KeySLABuilding          = "itops.sla.building"           // 行政大楼内响应时限：分钟
	KeySLAUrban             = "itops.sla.urban"              // 市区响应时限：分钟
	KeySLASuburban          = "itops.sla.suburban"           // 郊区响应时限：分钟
	KeyComplianceBuilding   = "itops.compliance.building"    // 行政大楼内按时响应率：%
	KeyComplianceUrban      = "itops.compliance.urban"       // 市区按时响应率：%
	KeyComplianceSuburban   = "itops.compliance.suburban"    // 郊区按时响应率：%
	KeyVisits               = "itops.visits"                 // 上门运维服务：次
	KeyMeetings             = "itops.meetings"               // 会务支持：场
	KeyInspections          = "itops.inspections"            // 例行巡检：次
	KeyRosterUncoveredHours = "itops.roster.uncovered_hours" // 值班未覆盖：小时
	KeyDevicesReplaced      = "itops.devices.replaced"       // 更换老旧设备：台

	// 网络安全保障工作
	KeyPlans     = "security.plans"     // 应急预案（已批准）：个
	KeyDrills    = "security.drills"    // 实地（实战）演练：次
	KeyHardened  = "security.hardened"  // 加固弱密码、无密码设备：台
	KeyExercises = "security.exercises" // 攻防演练：次
)

// Seed2022 is what the 2022 work summary that govops comes from states,
// figure by figure: the value as the report must print it, or "" where
// the summary names the work without a number (the figure must then be
// above 0). A report over the demo year matches every entry.
var Seed2022 = map[string]string{
	KeyUnitsConnected:       "184",
	KeyCommunitiesConnected: "98",
	KeyCoverage:             "100",
	KeySelfBuiltRevoked:     "",
	KeySelfBuiltRemaining:   "0",
	KeyNetworksConnected:    "",
	KeyMigrationsDone:       "",

	KeyLicenseTypesTemplated: "46",
	KeyLicenseRecords:        "850",
	KeyDataRecords:           "699735",
	KeyStructuredShared:      "58",
	KeyStructuredTotal:       "66",
	KeyShareRatio:            "87.88",

	KeyCasesTotal:       "23124",
	KeyCasesHotline:     "18551",
	KeyCasesITOps:       "3759",
	KeyCasesPlatformOps: "19",
	KeyCasesPortal:      "495",
	KeyCasesSupervision: "300",

	KeySatisfaction:  "95.92",
	KeyDeducted:      "0.6",
	KeyDeductedUnits: "3",
	KeyRank:          "1",
	KeyResponseRate:  "100",

	KeyPosts:          "2802",
	KeyUrged:          "403",
	KeyFixedBroken:    "120",
	KeyFixedTypo:      "236",
	KeyFixedSensitive: "245",
	KeyFixedWrongLink: "56",
	KeyMediaAccounts:  "11",
	KeyMediaWeekly:    "100",

	KeySLABuilding:        "15",
	KeySLAUrban:           "45",
	KeySLASuburban:        "90",
	KeyComplianceBuilding: "100",
	KeyComplianceUrban:    "100",
	KeyComplianceSuburban: "100",
	KeyVisits:             "",
	KeyMeetings:           "",
	KeyInspections:        "",
	KeyDevicesReplaced:    "",

	KeyPlans:     "1",
	KeyDrills:    "",
	KeyHardened:  "",
	KeyExercises: "",
}
