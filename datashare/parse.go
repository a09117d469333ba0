package datashare

import (
	"slices"
	"strings"
)

// The Parse functions read an enum as a spreadsheet or a person writes it:
// its English code in any letter case, or its Chinese label and the
// variants catalogs use (无条件 for 无条件共享, 季 for 每季度, …), with spaces
// around it trimmed. ok is false for anything else.

// Valid reports whether c is one of Classes.
func (c Class) Valid() bool { return slices.Contains(Classes(), c) }

// ParseClass reads a classification: basic, theme, department, or
// 基础/主题/部门 with or without 信息资源 or 类, or the code digit 1, 2, 3.
func ParseClass(s string) (Class, bool) {
	s = strings.TrimSpace(s)
	t := strings.TrimSuffix(strings.TrimSuffix(s, "类"), "信息资源")
	switch t {
	case "基础", "1":
		return ClassBasic, true
	case "主题", "2":
		return ClassTheme, true
	case "部门", "3":
		return ClassDepartment, true
	}
	return parseCode(s, Classes())
}

// Valid reports whether f is one of Formats.
func (f Format) Valid() bool { return slices.Contains(Formats(), f) }

// ParseFormat reads a format class: file, spreadsheet, database, image,
// media, self, service, or its label (电子文件, 电子表格, 数据库, 图形图像,
// 流媒体, 自描述格式, 服务接口) and the usual short forms (文件, 表格, 图像,
// 视频, 自描述, 接口, …).
func ParseFormat(s string) (Format, bool) {
	s = strings.TrimSpace(s)
	switch strings.TrimSuffix(s, "类") {
	case "电子文件", "文件", "文档", "电子文档":
		return FormatFile, true
	case "电子表格", "表格":
		return FormatSpreadsheet, true
	case "数据库", "数据库表", "库表":
		return FormatDatabase, true
	case "图形图像", "图像", "图片", "图形":
		return FormatImage, true
	case "流媒体", "音视频", "视频", "音频":
		return FormatMedia, true
	case "自描述格式", "自描述":
		return FormatSelfDescr, true
	case "服务接口", "接口":
		return FormatService, true
	}
	return parseCode(s, Formats())
}

// Valid reports whether t is one of ItemTypes.
func (t ItemType) Valid() bool { return slices.Contains(ItemTypes(), t) }

// ParseItemType reads a data type: string, integer, number, date,
// datetime, boolean, its label (字符型, 整型, 数值型, 日期型, 日期时间型,
// 逻辑型) with or without 型, and the names databases give them (varchar,
// int, decimal, timestamp, bool, …).
func ParseItemType(s string) (ItemType, bool) {
	s = strings.TrimSpace(s)
	switch strings.TrimSuffix(s, "型") {
	case "字符", "字符串", "文本":
		return TypeString, true
	case "整", "整数":
		return TypeInteger, true
	case "数值", "数字", "浮点", "小数":
		return TypeNumber, true
	case "日期":
		return TypeDate, true
	case "日期时间", "时间":
		return TypeDateTime, true
	case "逻辑", "布尔":
		return TypeBoolean, true
	}
	switch strings.ToLower(s) {
	case "char", "varchar", "varchar2", "nvarchar", "text", "str":
		return TypeString, true
	case "int", "bigint", "smallint", "long":
		return TypeInteger, true
	case "decimal", "numeric", "float", "double", "real":
		return TypeNumber, true
	case "timestamp":
		return TypeDateTime, true
	case "bool":
		return TypeBoolean, true
	}
	return parseCode(s, ItemTypes())
}

// Valid reports whether t is one of ShareTypes.
func (t ShareType) Valid() bool { return slices.Contains(ShareTypes(), t) }

// ParseShareType reads a share type: unconditional, conditional, none, or
// 无条件共享/无条件, 有条件共享/有条件, 不予共享/不予/不共享.
func ParseShareType(s string) (ShareType, bool) {
	s = strings.TrimSpace(s)
	switch s {
	case "无条件共享", "无条件", "无条件共享类":
		return ShareUnconditional, true
	case "有条件共享", "有条件", "有条件共享类":
		return ShareConditional, true
	case "不予共享", "不予", "不共享", "不予共享类":
		return ShareNone, true
	}
	return parseCode(s, ShareTypes())
}

// Valid reports whether m is one of ShareMethods.
func (m ShareMethod) Valid() bool { return slices.Contains(ShareMethods(), m) }

// ParseShareMethod reads a share method: database, file, interface, or
// 数据库 (库表, 数据库交换), 文件 (文件下载), 接口 (服务接口, API).
func ParseShareMethod(s string) (ShareMethod, bool) {
	s = strings.TrimSpace(s)
	switch s {
	case "数据库", "库表", "数据库交换", "库表交换", "数据库共享":
		return MethodDatabase, true
	case "文件", "文件下载", "文件交换", "文件共享":
		return MethodFile, true
	case "接口", "服务接口", "接口调用", "接口共享", "API", "api":
		return MethodInterface, true
	}
	return parseCode(s, ShareMethods())
}

// Valid reports whether o is one of OpenTypes.
func (o OpenType) Valid() bool { return slices.Contains(OpenTypes(), o) }

// ParseOpenType reads an open attribute: unconditional, conditional,
// none, or 无条件开放/无条件/开放, 有条件开放/有条件, 不予开放/不予/不开放.
func ParseOpenType(s string) (OpenType, bool) {
	s = strings.TrimSpace(s)
	switch s {
	case "无条件开放", "无条件", "开放":
		return OpenUnconditional, true
	case "有条件开放", "有条件":
		return OpenConditional, true
	case "不予开放", "不予", "不开放":
		return OpenNone, true
	}
	return parseCode(s, OpenTypes())
}

// Valid reports whether c is one of Cycles.
func (c Cycle) Valid() bool { return slices.Contains(Cycles(), c) }

// ParseCycle reads an update cycle: realtime, daily, weekly, monthly,
// quarterly, yearly, or 实时, 每日/日/天/每天, 每周/周, 每月/月, 每季度/季度/季,
// 每年/年/年度 (with or without 更新).
func ParseCycle(s string) (Cycle, bool) {
	s = strings.TrimSpace(s)
	switch strings.TrimSuffix(strings.TrimSuffix(s, "更新"), "一次") {
	case "实时", "即时":
		return CycleRealtime, true
	case "每日", "日", "天", "每天", "按日", "按天":
		return CycleDaily, true
	case "每周", "周", "按周":
		return CycleWeekly, true
	case "每月", "月", "按月":
		return CycleMonthly, true
	case "每季度", "季度", "季", "每季", "按季", "按季度":
		return CycleQuarterly, true
	case "每年", "年", "年度", "每年度", "按年":
		return CycleYearly, true
	}
	return parseCode(s, Cycles())
}

// Valid reports whether s is one of CatalogStatuses.
func (s CatalogStatus) Valid() bool { return slices.Contains(CatalogStatuses(), s) }

// CatalogStatuses lists every catalog status.
func CatalogStatuses() []CatalogStatus {
	return []CatalogStatus{CatalogDraft, CatalogPublished, CatalogWithdrawn}
}

// ParseCatalogStatus reads a catalog status: draft, published, withdrawn,
// or 待发布/草稿, 已发布/发布, 已下架/下架.
func ParseCatalogStatus(s string) (CatalogStatus, bool) {
	s = strings.TrimSpace(s)
	switch s {
	case "待发布", "草稿", "未发布":
		return CatalogDraft, true
	case "已发布", "发布":
		return CatalogPublished, true
	case "已下架", "下架", "已撤销":
		return CatalogWithdrawn, true
	}
	return parseCode(s, CatalogStatuses())
}

// Valid reports whether s is one of BatchStatuses.
func (s BatchStatus) Valid() bool { return slices.Contains(BatchStatuses(), s) }

// BatchStatuses lists every batch status.
func BatchStatuses() []BatchStatus {
	return []BatchStatus{BatchLoading, BatchCommitted, BatchFailed, BatchReplaced}
}

// parseCode reads s as the English code of one of all, in any letter case.
func parseCode[T ~string](s string, all []T) (T, bool) {
	v := T(strings.ToLower(s))
	if slices.Contains(all, v) {
		return v, true
	}
	return "", false
}

// choices lists the codes of all, each with its label, for a message:
// "unconditional (无条件共享), conditional (有条件共享) or none (不予共享)".
func choices[T interface {
	~string
	Label() string
}](all []T) string {
	var b strings.Builder
	for i, v := range all {
		switch {
		case i == len(all)-1 && i > 0:
			b.WriteString(" or ")
		case i > 0:
			b.WriteString(", ")
		}
		b.WriteString(string(v) + " (" + v.Label() + ")")
	}
	return b.String()
}
