package portal

import (
	"time"

	"github.com/google/uuid"
)

// Rule names one single-veto item of the national indicators for
// government websites and new media (国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》).
type Rule string

// Rules. A site fails if any website rule holds, an account if any
// new-media rule holds.
const (
	// RuleUnavailable: 5% or more of a week's probes failed (站点无法访问).
	RuleUnavailable Rule = "unavailable"
	// RuleHomeStale: the home page not updated for 2 weeks (首页2周未更新).
	RuleHomeStale Rule = "home_stale"
	// RuleStaleColumns: 5 or more columns past their requirement
	// (栏目不更新).
	RuleStaleColumns Rule = "stale_columns"
	// RuleLongStale: 10 or more columns not updated for a long time (1
	// year by default) though they should be (应更新但长期未更新).
	RuleLongStale Rule = "long_stale_columns"
	// RuleEmptyColumns: 5 or more empty columns (空白栏目).
	RuleEmptyColumns Rule = "empty_columns"
	// RuleUnanswered: a consultation unanswered for more than 3 months
	// (互动回应差).
	RuleUnanswered Rule = "unanswered_consultation"
	// RuleMediaSilent: an account with no post for 2 weeks (新媒体2周无更新).
	RuleMediaSilent Rule = "media_silent"
	// RuleMediaNoInteraction: an account whose interaction does not work
	// (互动功能不可用).
	RuleMediaNoInteraction Rule = "media_no_interaction"
)

// Label returns the Chinese label of r.
func (r Rule) Label() string {
	switch r {
	case RuleUnavailable:
		return "站点无法访问（一周内监测失败率≥5%）"
	case RuleHomeStale:
		return "首页栏目2周未更新"
	case RuleStaleColumns:
		return "栏目不更新（动态要闻类2周、通知公告政策文件类6个月未更新）≥5个"
	case RuleLongStale:
		return "应更新但长期未更新的栏目≥10个"
	case RuleEmptyColumns:
		return "空白栏目≥5个"
	case RuleUnanswered:
		return "咨询留言超过3个月未回应"
	case RuleMediaSilent:
		return "政务新媒体2周无更新"
	case RuleMediaNoInteraction:
		return "政务新媒体互动功能不可用"
	}
	return string(r)
}

// Thresholds are the evaluator's numbers: DefaultThresholds are the
// national indicators', WithThresholds sets a stricter district's.
type Thresholds struct {
	// ProbeWindow is the period the probes are counted over (7 days), and
	// FailurePercent the share of failed ones that vetoes (5).
	ProbeWindow    time.Duration
	FailurePercent int
	// HomeStaleDays: the home page's limit (14).
	HomeStaleDays int
	// StaleColumns, LongStaleColumns and EmptyColumns are the counts that
	// veto (5, 10, 5); LongStaleMonths is how old a long-stale column's
	// last update is (12).
	StaleColumns     int
	LongStaleColumns int
	LongStaleMonths  int
	EmptyColumns     int
	// UnansweredMonths is how long a consultation may wait (3).
	UnansweredMonths int
	// MediaSilentDays is how long an account may go without a post (14).
	MediaSilentDays int
}

// DefaultThresholds returns the national indicators' thresholds.
func DefaultThresholds() Thresholds {
	return Thresholds{ProbeWindow: 7 * 24 * time.Hour, FailurePercent: 5, HomeStaleDays: 14,
		StaleColumns: 5, LongStaleColumns: 10, LongStaleMonths: 12, EmptyColumns: 5,
		UnansweredMonths: 3, MediaSilentDays: 14}
}

// Reason is one single-veto item that holds, with its evidence.
type Reason struct {
	Rule  Rule   `mask:"safe"`
	Label string `mask:"safe"`
	// Value and Threshold are what was counted and the count that vetoes
	// (a percentage for RuleUnavailable, days for the stale home page and
	// a silent account).
	Value     string `mask:"safe"`
	Threshold string `mask:"safe"`
	// Evidence names every record behind it: the columns and their last
	// updates, the failed probes, the consultation, the inspection.
	Evidence []string `mask:"safe"`
}

// SiteVerdict is the evaluator's verdict on one site.
type SiteVerdict struct {
	SiteID  uuid.UUID
	Site    string
	Name    string
	Pass    bool
	Reasons []Reason
	// Availability is the probe window's; StaleColumns,
	// LongStaleColumns and EmptyColumns are the counts, vetoing or not.
	Availability     Availability
	StaleColumns     int
	LongStaleColumns int
	EmptyColumns     int
}

// AccountVerdict is the evaluator's verdict on one account.
type AccountVerdict struct {
	AccountID uuid.UUID
	Account   string
	Name      string
	Platform  Platform
	Pass      bool
	Reasons   []Reason
}

// Evaluation is what Evaluate returns: every active site's and account's
// verdict at a time, and whether all pass.
type Evaluation struct {
	At         time.Time
	Thresholds Thresholds
	Pass       bool
	Sites      []SiteVerdict
	Accounts   []AccountVerdict
}

// EvaluateInput is what Evaluate takes: the time to evaluate at (now when
// zero), and optionally one site's or one account's reference. A
// department gets its own sites and accounts.
type EvaluateInput struct {
	At      time.Time
	Site    string
	Account string
}
