package govcase

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// Kind is the kind of a case. The five built-in kinds come from the
// platform's own split of its 23,124 cases; integrators add more with
// WithKinds.
type Kind string

// Built-in kinds.
const (
	KindHotline     Kind = "hotline"     // 政府热线 12345
	KindITOps       Kind = "itops"       // 信息化运维
	KindPlatformOps Kind = "platformops" // 综合指挥平台运维
	KindPortal      Kind = "portal"      // 门户网站
	KindSupervision Kind = "supervision" // 督查绩效
)

// KindSpec describes a kind: its code, its Chinese label, and the categories
// a case of that kind may carry (nil means the common five).
type KindSpec struct {
	Code       Kind
	Label      string
	Categories []Category
}

// BuiltinKinds returns the five kinds every Service knows.
func BuiltinKinds() []KindSpec {
	return []KindSpec{
		{Code: KindHotline, Label: "政府热线"},
		{Code: KindITOps, Label: "信息化运维", Categories: []Category{CategoryHelp, CategoryConsult, CategoryComplaint}},
		{Code: KindPlatformOps, Label: "综合指挥平台运维", Categories: []Category{CategoryHelp, CategoryConsult}},
		{Code: KindPortal, Label: "门户网站", Categories: []Category{CategoryConsult, CategoryHelp, CategorySuggestion}},
		{Code: KindSupervision, Label: "督查绩效"},
	}
}

// Category is what a case asks for.
type Category string

// The common categories.
const (
	CategoryConsult    Category = "consult"    // 咨询
	CategoryHelp       Category = "help"       // 求助
	CategoryComplaint  Category = "complaint"  // 投诉
	CategorySuggestion Category = "suggestion" // 建议
	CategoryReport     Category = "report"     // 举报
)

// CommonCategories returns the five categories of a kind that names none.
func CommonCategories() []Category {
	return []Category{CategoryConsult, CategoryHelp, CategoryComplaint, CategorySuggestion, CategoryReport}
}

// Label returns the Chinese label of a common category, or the code itself.
func (c Category) Label() string {
	switch c {
	case CategoryConsult:
		return "咨询"
	case CategoryHelp:
		return "求助"
	case CategoryComplaint:
		return "投诉"
	case CategorySuggestion:
		return "建议"
	case CategoryReport:
		return "举报"
	}
	return string(c)
}

// Priority is how fast a case must move.
type Priority string

// Priorities.
const (
	PriorityNormal   Priority = "normal"   // 一般
	PriorityUrgent   Priority = "urgent"   // 紧急
	PriorityCritical Priority = "critical" // 特急
)

// Label returns the Chinese label of p.
func (p Priority) Label() string {
	switch p {
	case PriorityNormal:
		return "一般"
	case PriorityUrgent:
		return "紧急"
	case PriorityCritical:
		return "特急"
	}
	return string(p)
}

// Valid reports whether p is a known priority.
func (p Priority) Valid() bool {
	return p == PriorityNormal || p == PriorityUrgent || p == PriorityCritical
}

// Source is the channel a case came in by.
type Source string

// Sources.
const (
	SourcePhone    Source = "phone"    // 电话
	SourceWeb      Source = "web"      // 网站
	SourceApp      Source = "app"      // 移动应用
	SourceWeChat   Source = "wechat"   // 微信
	SourceOpen311  Source = "open311"  // Open311 接口
	SourceInternal Source = "internal" // 内部发起
)

// Label returns the Chinese label of s.
func (s Source) Label() string {
	switch s {
	case SourcePhone:
		return "电话"
	case SourceWeb:
		return "网站"
	case SourceApp:
		return "移动应用"
	case SourceWeChat:
		return "微信"
	case SourceOpen311:
		return "Open311接口"
	case SourceInternal:
		return "内部发起"
	}
	return string(s)
}

// Valid reports whether s is a known source.
func (s Source) Valid() bool {
	switch s {
	case SourcePhone, SourceWeb, SourceApp, SourceWeChat, SourceOpen311, SourceInternal:
		return true
	}
	return false
}

// Status is where a case stands in its lifecycle.
type Status string

// Statuses.
const (
	StatusRegistered Status = "registered" // 登记
	StatusDispatched Status = "dispatched" // 派单
	StatusAccepted   Status = "accepted"   // 签收
	StatusReplied    Status = "replied"    // 办理反馈
	StatusClosed     Status = "closed"     // 办结
	StatusReturned   Status = "returned"   // 退单: back at the center
	StatusCancelled  Status = "cancelled"  // 作废
)

// AllStatuses lists every status in lifecycle order.
func AllStatuses() []Status {
	return []Status{StatusRegistered, StatusDispatched, StatusAccepted, StatusReplied, StatusClosed, StatusReturned, StatusCancelled}
}

// OpenStatuses lists the statuses in which a case still waits for a
// department: the ones that deadlines and urging apply to.
func OpenStatuses() []Status {
	return []Status{StatusDispatched, StatusAccepted}
}

// Label returns the Chinese label of s.
func (s Status) Label() string {
	switch s {
	case StatusRegistered:
		return "登记"
	case StatusDispatched:
		return "派单"
	case StatusAccepted:
		return "签收"
	case StatusReplied:
		return "办理反馈"
	case StatusClosed:
		return "办结"
	case StatusReturned:
		return "退单"
	case StatusCancelled:
		return "作废"
	}
	return string(s)
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, v := range AllStatuses() {
		if s == v {
			return true
		}
	}
	return false
}

// Contact is the reporter of a case. It is personal data: show it only
// through Masked to anyone who may not see it.
type Contact struct {
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// Masked returns the contact with the phone as 138****1234 and the name
// reduced to its first character and asterisks.
func (c Contact) Masked() Contact {
	return Contact{Name: MaskName(c.Name), Phone: MaskPhone(c.Phone)}
}

// MaskPhone keeps the first three and last four digits of a phone number and
// stars the rest ("13812341234" → "138****1234"). Short numbers keep only
// their last two characters.
func MaskPhone(p string) string {
	r := []rune(p)
	switch {
	case len(r) == 0:
		return ""
	case len(r) >= 11:
		return string(r[:3]) + strings.Repeat("*", len(r)-7) + string(r[len(r)-4:])
	case len(r) > 2:
		return strings.Repeat("*", len(r)-2) + string(r[len(r)-2:])
	default:
		return strings.Repeat("*", len(r))
	}
}

// MaskName keeps the first character of a name and stars the rest
// ("张三丰" → "张**"); a one-character name is starred whole.
func MaskName(n string) string {
	if n == "" {
		return ""
	}
	if utf8.RuneCountInString(n) == 1 {
		return "*"
	}
	first, size := utf8.DecodeRuneInString(n)
	return string(first) + strings.Repeat("*", utf8.RuneCountInString(n[size:]))
}

// Case is one case on the command platform.
type Case struct {
	ID          uuid.UUID // UUIDv7, assigned by the Service
	Number      string    // human number "2022-000123", unique
	Year        int       // the year of Number, in Asia/Shanghai
	Kind        Kind
	Category    Category
	Priority    Priority
	Source      Source
	ExternalNo  string // e.g. the city's 12345 ticket number
	Title       string
	Description string
	Reporter    Contact
	Location    string
	Department  string // code of the department the case is dispatched to
	Status      Status

	// Deadlines, stored when computed so that a later calendar change
	// never moves a past deadline. Zero until dispatch.
	AcceptBy  time.Time
	ResolveBy time.Time
	// AcceptByProvisional and ResolveByProvisional report that the
	// deadline was counted across a day of a provisional calendar year
	// (govops.SourceProvisional, a year whose State Council notice was not
	// out yet). Such a deadline is the one exception to the rule above:
	// RecomputeDeadlines counts it again once the year's notice is loaded,
	// and clears the flag. An approved extension sets ResolveBy to an
	// explicit time, which is never provisional.
	AcceptByProvisional  bool
	ResolveByProvisional bool

	DispatchedAt time.Time // last dispatch (or reopen)
	AcceptedAt   time.Time
	RepliedAt    time.Time
	ClosedAt     time.Time
	Reply        string // the department's 办理反馈

	UrgeCount   int
	ReturnCount int
	RedoCount   int

	// A pending extension request (延期申请), if ExtensionUntil is set.
	ExtensionUntil  time.Time
	ExtensionReason string

	CreatedAt time.Time
	UpdatedAt time.Time
	Version   int64 // optimistic lock: starts at 1, +1 on every update
}

// Open reports whether c waits for a department.
func (c *Case) Open() bool { return c.Status == StatusDispatched || c.Status == StatusAccepted }

// Overdue reports whether c is open and past its resolve-by deadline at t.
func (c *Case) Overdue(t time.Time) bool {
	return c.Open() && !c.ResolveBy.IsZero() && t.After(c.ResolveBy)
}

// Masked returns a copy of c with the reporter's personal data masked, and
// the phone and ID numbers that its free text may quote.
func (c Case) Masked() Case {
	c.Reporter = c.Reporter.Masked()
	c.Title = govops.MaskPersonalText(c.Title)
	c.Description = govops.MaskPersonalText(c.Description)
	c.Reply = govops.MaskPersonalText(c.Reply)
	c.ExtensionReason = govops.MaskPersonalText(c.ExtensionReason)
	return c
}

// FormatNumber returns the human case number for a year and sequence
// ("2022-000123"). Sequences past 999999 keep all their digits.
func FormatNumber(year int, seq int64) string {
	return fmt.Sprintf("%04d-%06d", year, seq)
}

// ParseNumber splits a human case number into year and sequence. It returns
// EINVALID naming the field "number" for anything else.
func ParseNumber(s string) (year int, seq int64, err error) {
	bad := func(why string) (int, int64, error) {
		return 0, 0, govops.FieldError("number", why)
	}
	y, rest, ok := strings.Cut(s, "-")
	if !ok || len(y) != 4 || len(rest) < 6 || len(rest) > 12 {
		return bad(`must look like "2022-000123"`)
	}
	for _, r := range y + rest {
		if r < '0' || r > '9' {
			return bad(`must look like "2022-000123" (digits only)`)
		}
	}
	yi, _ := strconv.Atoi(y)
	if yi < 1900 {
		return bad("year must be 1900 or later")
	}
	n, err2 := strconv.ParseInt(rest, 10, 64)
	if err2 != nil || n < 1 {
		return bad("sequence must be a positive number")
	}
	if FormatNumber(yi, n) != s {
		return bad(`must look like "2022-000123" (no extra leading zeros)`)
	}
	return yi, n, nil
}
