package portal

import (
	"time"

	"github.com/google/uuid"
)

// Platform is where a new-media account lives.
type Platform string

// Platforms.
const (
	PlatformWeChat   Platform = "wechat"   // 微信公众号
	PlatformWeibo    Platform = "weibo"    // 微博
	PlatformDouyin   Platform = "douyin"   // 抖音
	PlatformToutiao  Platform = "toutiao"  // 今日头条
	PlatformKuaishou Platform = "kuaishou" // 快手
	PlatformVideo    Platform = "channels" // 微信视频号
	PlatformOther    Platform = "other"    // 其他
)

// Platforms lists the platforms.
func Platforms() []Platform {
	return []Platform{PlatformWeChat, PlatformWeibo, PlatformDouyin, PlatformToutiao, PlatformKuaishou, PlatformVideo, PlatformOther}
}

// Label returns the Chinese label of p.
func (p Platform) Label() string {
	switch p {
	case PlatformWeChat:
		return "微信公众号"
	case PlatformWeibo:
		return "微博"
	case PlatformDouyin:
		return "抖音"
	case PlatformToutiao:
		return "今日头条"
	case PlatformKuaishou:
		return "快手"
	case PlatformVideo:
		return "微信视频号"
	case PlatformOther:
		return "其他"
	}
	return string(p)
}

// Valid reports whether p is one of Platforms.
func (p Platform) Valid() bool {
	for _, v := range Platforms() {
		if p == v {
			return true
		}
	}
	return false
}

// AccountStatus says whether an account is supervised.
type AccountStatus string

// Account statuses.
const (
	AccountActive    AccountStatus = "active"    // 运营中
	AccountSuspended AccountStatus = "suspended" // 暂停更新
	AccountClosed    AccountStatus = "closed"    // 已关停
)

// Label returns the Chinese label of s.
func (s AccountStatus) Label() string {
	switch s {
	case AccountActive:
		return "运营中"
	case AccountSuspended:
		return "暂停更新"
	case AccountClosed:
		return "已关停"
	}
	return string(s)
}

// Valid reports whether s is an account status.
func (s AccountStatus) Valid() bool {
	return s == AccountActive || s == AccountSuspended || s == AccountClosed
}

// Account is a government new-media account (政务新媒体) under
// supervision. Active accounts are inspected every week and evaluated.
type Account struct {
	ID uuid.UUID
	// Code is the account's own code, unique: references take it or the
	// ID.
	Code     string   `mask:"safe"`
	Name     string   `mask:"safe"`
	Platform Platform `mask:"safe"`
	// Handle is the account's ID on its platform (公众号原始ID, 微博号).
	Handle     string        `mask:"safe"`
	Department string        `mask:"safe"`
	Status     AccountStatus `mask:"safe"`
	// LastPost is the newest post time any inspection saw.
	LastPost  time.Time
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// AccountInput is what CreateAccount and UpdateAccount take; UpdateAccount
// keeps the Code.
type AccountInput struct {
	Code       string
	Name       string
	Platform   Platform
	Handle     string
	Department string
	// Status is active unless set.
	Status    AccountStatus
	IfVersion int64
}

// AccountFilter selects accounts in a Store; zero fields select all.
type AccountFilter struct {
	Department string
	Platform   Platform
	Status     AccountStatus
}

// AccountListInput selects accounts for Accounts.
type AccountListInput struct {
	Department string
	Platform   Platform
	Status     AccountStatus
	After      string
	Limit      int
}

// MediaInspection is one week's inspection of an account (每周检查): one per
// account and week.
type MediaInspection struct {
	ID        uuid.UUID
	AccountID uuid.UUID
	// Department is the account's, when inspected.
	Department string `mask:"safe"`
	// Week is the Monday (00:00 Asia/Shanghai, in UTC) of the week
	// inspected.
	Week      time.Time
	Inspected time.Time
	Inspector string `mask:"name"`
	// LastPost is the account's newest post seen (zero: none ever).
	LastPost time.Time
	// ReviewInPlace says whether the three-review mechanism (三审) is in
	// place; Interactive whether interaction (留言、私信、评论回复) works.
	ReviewInPlace bool
	Interactive   bool
	// Issues lists what was found, in free text.
	Issues    string
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// MediaInspectionInput is what InspectAccount and UpdateMediaInspection
// take. The week is the one Inspected falls in unless Week is set (any
// day of it).
type MediaInspectionInput struct {
	Account       string
	Week          time.Time
	Inspected     time.Time
	Inspector     string
	LastPost      time.Time
	ReviewInPlace bool
	Interactive   bool
	Issues        string
	IfVersion     int64
}

// MediaInspectionFilter selects inspections in a Store; zero fields select
// all. Week is in [From, To) when they are set.
type MediaInspectionFilter struct {
	AccountID  uuid.UUID
	Department string
	From, To   time.Time
}

// MediaInspectionListInput selects inspections for MediaInspections.
type MediaInspectionListInput struct {
	Account    string
	Department string
	From, To   time.Time
	After      string
	Limit      int
}

// Uninspected is an active account with no inspection in a week.
type Uninspected struct {
	Account Account
	Week    time.Time
	// LastInspected is the week of its newest inspection (zero: never).
	LastInspected time.Time
}
