package govcase

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

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
func (s Status) Valid() bool { return slices.Contains(AllStatuses(), s) }

// Contact is the reporter of a case. It is personal data: show it only
// through Masked to anyone who may not see it.
type Contact struct {
	Name  string `mask:"name"`
	Phone string `mask:"phone"`
}

// Masked returns the contact with the phone as 138****1234 and the name
// reduced to its first character and asterisks.
func (c Contact) Masked() Contact { return govops.Mask(c) }

// Case is one case on the command platform.
//
// Its personal data is marked on the type (see govops.Mask): the reporter's
// name and phone, and every free-text field (title, description, location,
// reply, extension reason) are masked for a reader who may not see them;
// only the fields tagged safe are shown as stored.
type Case struct {
	ID          uuid.UUID // UUIDv7, assigned by the Service
	Number      string    `mask:"safe"` // human number "2022-000123", unique
	Year        int       // the year of Number, in Asia/Shanghai
	Kind        Kind      `mask:"safe"`
	Category    Category  `mask:"safe"`
	Priority    Priority  `mask:"safe"`
	Source      Source    `mask:"safe"`
	ExternalNo  string    // e.g. the city's 12345 ticket number: typed in, so masked like free text
	Title       string
	Description string
	Reporter    Contact
	Location    string
	Department  string `mask:"safe"` // code of the department the case is dispatched to
	Status      Status `mask:"safe"`

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

// AcceptedOnTime reports whether c was accepted (签收) by its accept-by
// deadline: AcceptedAt is set, and not after AcceptBy. A case accepted
// without a deadline is not on time, as SQL compares with NULL: every
// count of on-time cases (Stats, a Store's CaseStats, the hotline
// outcome refserver derives) uses this one rule.
func (c *Case) AcceptedOnTime() bool {
	return !c.AcceptedAt.IsZero() && !c.AcceptBy.IsZero() && !c.AcceptedAt.After(c.AcceptBy)
}

// RepliedOnTime reports whether c was replied to (办理反馈) by its
// resolve-by deadline: RepliedAt is set, and not after ResolveBy. A reply
// without a deadline is not on time (see AcceptedOnTime).
func (c *Case) RepliedOnTime() bool {
	return !c.RepliedAt.IsZero() && !c.ResolveBy.IsZero() && !c.RepliedAt.After(c.ResolveBy)
}

// HandlingSeconds returns how long c took from its dispatch to its reply,
// truncated to whole seconds, as Stats.HandlingSeconds sums it; ok is
// false for a case without both times, which adds nothing.
func (c *Case) HandlingSeconds() (secs int64, ok bool) {
	if c.RepliedAt.IsZero() || c.DispatchedAt.IsZero() {
		return 0, false
	}
	return int64(c.RepliedAt.Sub(c.DispatchedAt) / time.Second), true
}

// Masked returns c as a reader who may not see its personal data sees it:
// govops.Mask of c, which masks the reporter, and in every free-text field
// the phone and ID numbers and the reporter's own name and phone.
func (c Case) Masked() Case { return govops.Mask(c) }

// SearchText returns the text that Filter.Text matches for a reader who may
// not see c's personal data: the title, the description and the external
// number as Masked shows them, one per line. A Store that filters with Filter.MaskedText matches
// against it (a bun Store keeps it in a column, computed when the case is
// written), so that searching can never tell such a reader what masking
// hides.
func (c *Case) SearchText() string {
	m := govops.Mask(Case{Title: c.Title, Description: c.Description, ExternalNo: c.ExternalNo, Reporter: c.Reporter})
	return m.Title + "\n" + m.Description + "\n" + m.ExternalNo
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
