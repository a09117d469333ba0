package datashare

import (
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/idcode"
)

// Catalog is one entry of the data resource catalog (政务信息资源目录): the
// core metadata of GB/T 21063.3 as the 2017 编制指南 lists it.
type Catalog struct {
	ID uuid.UUID
	// Code is the resource code (信息资源代码): class, item, heading and
	// sub-heading, "/", and a sequence (ParseCode).
	Code string `mask:"safe"`
	// Name is the resource name (信息资源名称).
	Name string `mask:"safe"`
	// Department is the directory code of the providing department, which
	// scopes the entry: a department reads and writes its own.
	Department string `mask:"safe"`
	// Provider is the providing department's name (信息资源提供方), and
	// ProviderCode its unified social credit code (信息资源提供方代码).
	Provider     string `mask:"safe"`
	ProviderCode string `mask:"safe"`
	// Summary is the resource summary (信息资源摘要).
	Summary string `mask:"safe"`
	// Class is the classification (信息资源分类); it agrees with the first
	// digit of Code.
	Class Class `mask:"safe"`
	// Format is the format class (信息资源格式分类), and SubFormat the
	// format within it (xls, csv, mysql, jpg, …).
	Format    Format `mask:"safe"`
	SubFormat string `mask:"safe"`
	// Items are the data items (信息项) every mounted record holds, in
	// their usual column order; their names are unique.
	Items []Item
	// Key names the items whose values identify a record, for the
	// uniqueness dimension of quality; none when the entry declares no key.
	Key []string `mask:"safe"`
	// ShareType is the share type (共享类型); Condition (共享条件) and
	// LegalBasis (不予共享依据 or the basis of the condition) are required
	// unless it is ShareUnconditional.
	ShareType  ShareType `mask:"safe"`
	Condition  string    `mask:"safe"`
	LegalBasis string    `mask:"safe"`
	// ShareMethod is how the data is shared (共享方式).
	ShareMethod ShareMethod `mask:"safe"`
	// Open is the open attribute (开放属性: whether it is open to the
	// public), and OpenCondition the condition of a conditional opening.
	Open          OpenType `mask:"safe"`
	OpenCondition string   `mask:"safe"`
	// Cycle is the update cycle (更新周期).
	Cycle Cycle `mask:"safe"`
	// Published is the publish date (发布日期), at midnight UTC of the
	// date in Asia/Shanghai; zero until the entry is published.
	Published time.Time
	// Related are the codes of related resources (关联资源代码).
	Related []string      `mask:"safe"`
	Status  CatalogStatus `mask:"safe"`
	Version int64
	// CreatedAt and UpdatedAt are when the entry was created and last
	// changed (a mount does not change it).
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Item is one data item (信息项) of a catalog entry: a column of the data
// mounted into it.
type Item struct {
	// Name is the item's name (信息项名称), the column's header in a
	// mounted file and its key in a JSON line.
	Name string `mask:"safe"`
	// Type is the data type (数据类型).
	Type ItemType `mask:"safe"`
	// Length bounds a string value, in characters; 0 for no bound.
	Length int
	// Required says whether every record must hold a value.
	Required bool
	// ID is the national identifier a value must be (a USCC, a resident
	// ID, …), checked by idcode; "" for none.
	ID idcode.Kind `mask:"safe"`
	// Personal marks an item whose values are personal data (a name, a
	// phone, an address): masked for a reader who may not see them. A
	// resident ID item is personal whatever this says.
	Personal bool
}

// Class is the classification of a catalog entry (信息资源分类), the "类" of
// its code.
type Class string

// Classes.
const (
	ClassBasic      Class = "basic"      // 1 基础信息资源
	ClassTheme      Class = "theme"      // 2 主题信息资源
	ClassDepartment Class = "department" // 3 部门信息资源
)

// Classes lists every class, in the order of their code digits.
func Classes() []Class { return []Class{ClassBasic, ClassTheme, ClassDepartment} }

// Label returns the Chinese label of c.
func (c Class) Label() string {
	switch c {
	case ClassBasic:
		return "基础"
	case ClassTheme:
		return "主题"
	case ClassDepartment:
		return "部门"
	}
	return string(c)
}

// Format is the format class of a resource (信息资源格式分类).
type Format string

// Format classes.
const (
	FormatFile        Format = "file"        // 电子文件
	FormatSpreadsheet Format = "spreadsheet" // 电子表格
	FormatDatabase    Format = "database"    // 数据库
	FormatImage       Format = "image"       // 图形图像
	FormatMedia       Format = "media"       // 流媒体
	FormatSelfDescr   Format = "self"        // 自描述格式
	FormatService     Format = "service"     // 服务接口
)

// Formats lists every format class.
func Formats() []Format {
	return []Format{FormatFile, FormatSpreadsheet, FormatDatabase, FormatImage, FormatMedia, FormatSelfDescr, FormatService}
}

// Label returns the Chinese label of f.
func (f Format) Label() string {
	switch f {
	case FormatFile:
		return "电子文件"
	case FormatSpreadsheet:
		return "电子表格"
	case FormatDatabase:
		return "数据库"
	case FormatImage:
		return "图形图像"
	case FormatMedia:
		return "流媒体"
	case FormatSelfDescr:
		return "自描述格式"
	case FormatService:
		return "服务接口"
	}
	return string(f)
}

// ItemType is the data type of an item (数据类型).
type ItemType string

// Item types.
const (
	TypeString   ItemType = "string"   // 字符型
	TypeInteger  ItemType = "integer"  // 整型
	TypeNumber   ItemType = "number"   // 数值型
	TypeDate     ItemType = "date"     // 日期型
	TypeDateTime ItemType = "datetime" // 日期时间型
	TypeBoolean  ItemType = "boolean"  // 逻辑型
)

// ItemTypes lists every item type.
func ItemTypes() []ItemType {
	return []ItemType{TypeString, TypeInteger, TypeNumber, TypeDate, TypeDateTime, TypeBoolean}
}

// Label returns the Chinese label of t.
func (t ItemType) Label() string {
	switch t {
	case TypeString:
		return "字符型"
	case TypeInteger:
		return "整型"
	case TypeNumber:
		return "数值型"
	case TypeDate:
		return "日期型"
	case TypeDateTime:
		return "日期时间型"
	case TypeBoolean:
		return "逻辑型"
	}
	return string(t)
}

// ShareType is the share type of an entry (共享类型).
type ShareType string

// Share types.
const (
	ShareUnconditional ShareType = "unconditional" // 无条件共享
	ShareConditional   ShareType = "conditional"   // 有条件共享
	ShareNone          ShareType = "none"          // 不予共享
)

// ShareTypes lists every share type.
func ShareTypes() []ShareType { return []ShareType{ShareUnconditional, ShareConditional, ShareNone} }

// Label returns the Chinese label of t.
func (t ShareType) Label() string {
	switch t {
	case ShareUnconditional:
		return "无条件共享"
	case ShareConditional:
		return "有条件共享"
	case ShareNone:
		return "不予共享"
	}
	return string(t)
}

// ShareMethod is how an entry's data is shared (共享方式).
type ShareMethod string

// Share methods.
const (
	MethodDatabase  ShareMethod = "database"  // 数据库
	MethodFile      ShareMethod = "file"      // 文件
	MethodInterface ShareMethod = "interface" // 接口
)

// ShareMethods lists every share method.
func ShareMethods() []ShareMethod { return []ShareMethod{MethodDatabase, MethodFile, MethodInterface} }

// Label returns the Chinese label of m.
func (m ShareMethod) Label() string {
	switch m {
	case MethodDatabase:
		return "数据库"
	case MethodFile:
		return "文件"
	case MethodInterface:
		return "接口"
	}
	return string(m)
}

// OpenType is the open attribute of an entry (开放属性): whether its data is
// open to the public.
type OpenType string

// Open attributes.
const (
	OpenUnconditional OpenType = "unconditional" // 无条件开放
	OpenConditional   OpenType = "conditional"   // 有条件开放
	OpenNone          OpenType = "none"          // 不予开放
)

// OpenTypes lists every open attribute.
func OpenTypes() []OpenType { return []OpenType{OpenUnconditional, OpenConditional, OpenNone} }

// Label returns the Chinese label of o.
func (o OpenType) Label() string {
	switch o {
	case OpenUnconditional:
		return "无条件开放"
	case OpenConditional:
		return "有条件开放"
	case OpenNone:
		return "不予开放"
	}
	return string(o)
}

// Cycle is the update cycle of an entry (更新周期).
type Cycle string

// Update cycles.
const (
	CycleRealtime  Cycle = "realtime"  // 实时
	CycleDaily     Cycle = "daily"     // 每日
	CycleWeekly    Cycle = "weekly"    // 每周
	CycleMonthly   Cycle = "monthly"   // 每月
	CycleQuarterly Cycle = "quarterly" // 每季度
	CycleYearly    Cycle = "yearly"    // 每年
)

// Cycles lists every update cycle, from the shortest.
func Cycles() []Cycle {
	return []Cycle{CycleRealtime, CycleDaily, CycleWeekly, CycleMonthly, CycleQuarterly, CycleYearly}
}

// Label returns the Chinese label of c.
func (c Cycle) Label() string {
	switch c {
	case CycleRealtime:
		return "实时"
	case CycleDaily:
		return "每日"
	case CycleWeekly:
		return "每周"
	case CycleMonthly:
		return "每月"
	case CycleQuarterly:
		return "每季度"
	case CycleYearly:
		return "每年"
	}
	return string(c)
}

// CatalogStatus is where a catalog entry stands.
type CatalogStatus string

// Catalog statuses.
const (
	CatalogDraft     CatalogStatus = "draft"     // 待发布
	CatalogPublished CatalogStatus = "published" // 已发布
	CatalogWithdrawn CatalogStatus = "withdrawn" // 已下架
)

// Label returns the Chinese label of s.
func (s CatalogStatus) Label() string {
	switch s {
	case CatalogDraft:
		return "待发布"
	case CatalogPublished:
		return "已发布"
	case CatalogWithdrawn:
		return "已下架"
	}
	return string(s)
}
