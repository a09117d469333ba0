package security

import (
	"time"

	"github.com/google/uuid"
)

// Result is the answer of one checklist item.
type Result string

// Results.
const (
	ResultPass    Result = "pass"    // 符合
	ResultPartial Result = "partial" // 部分符合
	ResultFail    Result = "fail"    // 不符合
	ResultNA      Result = "na"      // 不适用
)

// Label returns the Chinese label of r.
func (r Result) Label() string {
	switch r {
	case ResultPass:
		return "符合"
	case ResultPartial:
		return "部分符合"
	case ResultFail:
		return "不符合"
	case ResultNA:
		return "不适用"
	}
	return string(r)
}

// Valid reports whether r is a result.
func (r Result) Valid() bool {
	return r == ResultPass || r == ResultPartial || r == ResultFail || r == ResultNA
}

// ChecklistItem is one item of the self-inspection checklist, with the
// GB/T 22239-2019 control it checks. The built-in items (BuiltinChecklist)
// are not stored; users add their own, under codes of their own.
type ChecklistItem struct {
	ID uuid.UUID
	// Code identifies the item, such as "ia-b"; unique.
	Code string `mask:"safe"`
	// Control is the GB/T 22239-2019 clause, such as "8.1.4.1 b)".
	Control string `mask:"safe"`
	// Category is the control's group, such as 身份鉴别 or 访问控制.
	Category string `mask:"safe"`
	Text     string `mask:"safe"`
	// Builtin is set on the items that ship with the package.
	Builtin bool
	// Retired items stay on old inspections but are no longer asked.
	Retired   bool
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ChecklistInput is what AddChecklistItem and UpdateChecklistItem take;
// UpdateChecklistItem keeps the code.
type ChecklistInput struct {
	Code      string
	Control   string
	Category  string
	Text      string
	Retired   bool
	IfVersion int64
}

// ItemResult is the answer of one checklist item in an inspection.
type ItemResult struct {
	// Item is the checklist item's code; Control is copied from it when
	// the inspection is recorded.
	Item    string `mask:"safe"`
	Control string `mask:"safe"`
	Result  Result `mask:"safe"`
	Note    string
}

// Inspection is a self-inspection (自查).
type Inspection struct {
	ID uuid.UUID
	// Department is the unit inspected ("" for the center's own systems).
	Department string `mask:"safe"`
	Date       time.Time
	// Scope is what was inspected, such as "外网核心设备".
	Scope     string
	Inspector string `mask:"name"`
	Items     []ItemResult
	Findings  []Observation
	Note      string
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// InspectionInput is what RecordInspection and UpdateInspection take.
type InspectionInput struct {
	Department string
	Date       time.Time
	Scope      string
	Inspector  string
	Items      []ItemResult
	Findings   []Observation
	Note       string
	IfVersion  int64
}

// InspectionListInput selects inspections for Inspections.
type InspectionListInput struct {
	Department string
	Year       int
	After      string
	Limit      int
}

// InspectionFilter selects inspections in a Store; zero fields select all.
// From and To bound Date, half-open.
type InspectionFilter struct {
	Department string
	From, To   time.Time
}

// BuiltinChecklist returns the built-in checklist: the identity-check
// (身份鉴别) and access-control (访问控制) controls of the computing
// environment at level 3 of GB/T 22239-2019 (8.1.4.1 and 8.1.4.2).
func BuiltinChecklist() []ChecklistItem {
	items := []ChecklistItem{
		{Code: "ia-a", Control: "8.1.4.1 a)", Category: "身份鉴别", Text: "应对登录的用户进行身份标识和鉴别，身份标识具有唯一性，身份鉴别信息具有复杂度要求并定期更换"},
		{Code: "ia-b", Control: "8.1.4.1 b)", Category: "身份鉴别", Text: "应具有登录失败处理功能，应配置并启用结束会话、限制非法登录次数和当登录连接超时自动退出等相关措施"},
		{Code: "ia-c", Control: "8.1.4.1 c)", Category: "身份鉴别", Text: "当进行远程管理时，应采取必要措施防止鉴别信息在网络传输过程中被窃听"},
		{Code: "ia-d", Control: "8.1.4.1 d)", Category: "身份鉴别", Text: "应采用口令、密码技术、生物技术等两种或两种以上组合的鉴别技术对用户进行身份鉴别，且其中一种鉴别技术至少应使用密码技术来实现"},
		{Code: "ac-a", Control: "8.1.4.2 a)", Category: "访问控制", Text: "应对登录的用户分配账户和权限"},
		{Code: "ac-b", Control: "8.1.4.2 b)", Category: "访问控制", Text: "应重命名或删除默认账户，修改默认账户的默认口令"},
		{Code: "ac-c", Control: "8.1.4.2 c)", Category: "访问控制", Text: "应及时删除或停用多余的、过期的账户，避免共享账户的存在"},
		{Code: "ac-d", Control: "8.1.4.2 d)", Category: "访问控制", Text: "应授予管理用户所需的最小权限，实现管理用户的权限分离"},
		{Code: "ac-e", Control: "8.1.4.2 e)", Category: "访问控制", Text: "应由授权主体配置访问控制策略，访问控制策略规定主体对客体的访问规则"},
	}
	for i := range items {
		items[i].Builtin = true
	}
	return items
}
