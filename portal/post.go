package portal

import (
	"time"

	"github.com/google/uuid"
)

// PostSource says where a post's record came from.
type PostSource string

// Post sources.
const (
	PostFromCMS      PostSource = "cms"      // 网站内容管理系统
	PostFromFeed     PostSource = "feed"     // 订阅源
	PostFromCrawl    PostSource = "crawl"    // 巡检抓取
	PostFromDingTalk PostSource = "dingtalk" // 钉钉上传
)

// PostSources lists the post sources.
func PostSources() []PostSource {
	return []PostSource{PostFromCMS, PostFromFeed, PostFromCrawl, PostFromDingTalk}
}

// Label returns the Chinese label of s.
func (s PostSource) Label() string {
	switch s {
	case PostFromCMS:
		return "内容管理系统"
	case PostFromFeed:
		return "订阅源"
	case PostFromCrawl:
		return "巡检抓取"
	case PostFromDingTalk:
		return "钉钉上传"
	}
	return string(s)
}

// Valid reports whether s is one of PostSources.
func (s PostSource) Valid() bool {
	return s == PostFromCMS || s == PostFromFeed || s == PostFromCrawl || s == PostFromDingTalk
}

// Post is one published item (信息发布) of a column. A post is a record of
// fact: it is written once, and its URL is unique within its site.
type Post struct {
	ID       uuid.UUID
	SiteID   uuid.UUID
	ColumnID uuid.UUID
	Title    string `mask:"safe"`
	// URL is the post's absolute URL, unique within its site.
	URL       string `mask:"safe"`
	Published time.Time
	// Department is the code of the unit that supplied it ("" for the
	// center).
	Department string     `mask:"safe"`
	Source     PostSource `mask:"safe"`
	// By is who recorded it.
	By        string `mask:"name"`
	CreatedAt time.Time
}

// PostInput is one post for RecordPosts; an import row gives the same
// fields.
type PostInput struct {
	// Column is a reference (code or ID) of the column, within the site
	// RecordPosts names.
	Column     string
	Title      string
	URL        string
	Published  time.Time
	Department string
	Source     PostSource
}

// PostFilter selects posts in a Store; zero fields select all. Published
// is in [From, To) when they are set.
type PostFilter struct {
	SiteID     uuid.UUID
	ColumnID   uuid.UUID
	Department string
	Source     PostSource
	From, To   time.Time
}

// PostGroup is the count of the posts of one (column, department, source)
// that a PostFilter selects, and the newest one's publish time.
type PostGroup struct {
	ColumnID   uuid.UUID
	Department string
	Source     PostSource
	Count      int
	Newest     time.Time
}

// PostListInput selects posts for Posts.
type PostListInput struct {
	Site       string
	Column     string
	Department string
	Source     PostSource
	From, To   time.Time
	After      string
	Limit      int
}

// PostCountInput selects what PostCounts counts: one site's (or every
// site's) posts of a year, optionally of one department.
type PostCountInput struct {
	Site       string
	Year       int
	Department string
}

// PostCount is a count of posts of one month, column and department.
type PostCount struct {
	// Month is 1–12, in Asia/Shanghai.
	Month      int
	ColumnID   uuid.UUID
	Column     string
	Department string
	Count      int
}

// PostCounts is what PostCounts returns: the counts per month, column and
// department, and their totals.
type PostCounts struct {
	Year    int
	Total   int
	ByMonth [12]int
	// BySource counts per source ("dingtalk": the seed's 2,802).
	BySource map[PostSource]int
	Groups   []PostCount
}
