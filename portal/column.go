package portal

import (
	"time"

	"github.com/google/uuid"
)

// Requirement is how often a column must be updated (栏目更新要求), as the
// national indicators set it.
type Requirement string

// Requirements.
const (
	// RequireBiweekly is a news column (动态、要闻类): updated within 2 weeks.
	RequireBiweekly Requirement = "biweekly"
	// RequireHalfYearly is a notice or policy column (通知公告、政策文件类):
	// updated within 6 months.
	RequireHalfYearly Requirement = "half_yearly"
	// RequireNone is a column with no update requirement (机构职能 and the
	// like): never stale.
	RequireNone Requirement = "none"
)

// Requirements lists the requirements.
func Requirements() []Requirement {
	return []Requirement{RequireBiweekly, RequireHalfYearly, RequireNone}
}

// Label returns the Chinese label of r.
func (r Requirement) Label() string {
	switch r {
	case RequireBiweekly:
		return "2周内更新（动态、要闻类）"
	case RequireHalfYearly:
		return "6个月内更新（通知公告、政策文件类）"
	case RequireNone:
		return "无更新要求"
	}
	return string(r)
}

// Valid reports whether r is one of Requirements.
func (r Requirement) Valid() bool {
	return r == RequireBiweekly || r == RequireHalfYearly || r == RequireNone
}

// UpdateSource says where a column's last update came from.
type UpdateSource string

// Update sources.
const (
	UpdatedByPost   UpdateSource = "post"   // 信息发布记录
	UpdatedByCrawl  UpdateSource = "crawl"  // 巡检抓取
	UpdatedByFeed   UpdateSource = "feed"   // 订阅源
	UpdatedByManual UpdateSource = "manual" // 人工登记
)

// Label returns the Chinese label of u.
func (u UpdateSource) Label() string {
	switch u {
	case UpdatedByPost:
		return "信息发布"
	case UpdatedByCrawl:
		return "巡检抓取"
	case UpdatedByFeed:
		return "订阅源"
	case UpdatedByManual:
		return "人工登记"
	}
	return string(u)
}

// Valid reports whether u is an update source.
func (u UpdateSource) Valid() bool {
	return u == UpdatedByPost || u == UpdatedByCrawl || u == UpdatedByFeed || u == UpdatedByManual
}

// Column is one column (栏目) of a site.
type Column struct {
	ID     uuid.UUID
	SiteID uuid.UUID
	// Code is unique within its site.
	Code string `mask:"safe"`
	Name string `mask:"safe"`
	// URL is the column's list page, on the site: a page whose URL starts
	// with it belongs to the column (the longest such URL wins).
	URL string `mask:"safe"`
	// Department is the code of the unit responsible for its content (""
	// for the site's): the department a finding on its pages, or an update
	// urge, is assigned to.
	Department  string      `mask:"safe"`
	Requirement Requirement `mask:"safe"`
	// Home marks the home page's own column (首页): its last update is the
	// site's HomeUpdated.
	Home bool
	// Updated is the column's last update and UpdatedBy where it came from;
	// zero if never known.
	Updated   time.Time
	UpdatedBy UpdateSource `mask:"safe"`
	// Empty (空白栏目) is a column with no content at all; the crawl sets it,
	// and a post clears it.
	Empty bool
	// Retired columns are kept for their history; the evaluator skips
	// them.
	Retired   bool
	Version   int64
	CreatedAt time.Time
	ChangedAt time.Time
}

// ColumnInput is what AddColumn and UpdateColumn take. UpdateColumn keeps
// the site and the Code.
type ColumnInput struct {
	// Site is a reference (code or ID) of the site; AddColumn only.
	Site        string
	Code        string
	Name        string
	URL         string
	Department  string
	Requirement Requirement
	Home        bool
	Retired     bool
	IfVersion   int64
}

// ColumnUpdate is what RecordUpdate takes: a manual or feed entry of a
// column's last update, or of its being empty.
type ColumnUpdate struct {
	At time.Time
	// Source is manual unless set; post is refused (record a post).
	Source    UpdateSource
	Empty     bool
	IfVersion int64
}

// ColumnFilter selects columns in a Store; zero fields select all.
type ColumnFilter struct {
	SiteID     uuid.UUID
	Department string
	// Current leaves the retired columns out.
	Current bool
}

// ColumnListInput selects columns for Columns.
type ColumnListInput struct {
	Site       string
	Department string
	// Stale lists only the columns stale at At (or now): past their
	// requirement.
	Stale bool
	At    time.Time
	After string
	Limit int
}
