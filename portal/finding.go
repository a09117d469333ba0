package portal

import (
	"time"

	"github.com/google/uuid"
)

// FindingKind says what a finding or a task is about.
type FindingKind string

// Finding kinds. The first four are what a crawl finds and the seed counts
// (整改断链、修改错别字、修正错敏词、调整错误链接); the others are tasks only.
const (
	KindBrokenLink FindingKind = "broken_link" // 断链
	KindTypo       FindingKind = "typo"        // 错别字
	KindSensitive  FindingKind = "sensitive"   // 错敏词
	KindWrongLink  FindingKind = "wrong_link"  // 错误链接
	// KindUpdateUrge is a task against a stale column (督促更新).
	KindUpdateUrge FindingKind = "update_urge"
	// KindConsultation is a task to answer a consultation (咨询留言).
	KindConsultation FindingKind = "consultation"
	// KindOther is any other problem the center records by hand.
	KindOther FindingKind = "other"
)

// FindingKinds lists every kind, the crawl's first.
func FindingKinds() []FindingKind {
	return []FindingKind{KindBrokenLink, KindTypo, KindSensitive, KindWrongLink, KindUpdateUrge, KindConsultation, KindOther}
}

// CrawlKinds lists the kinds a crawl finds.
func CrawlKinds() []FindingKind {
	return []FindingKind{KindBrokenLink, KindTypo, KindSensitive, KindWrongLink}
}

// Label returns the Chinese label of k.
func (k FindingKind) Label() string {
	switch k {
	case KindBrokenLink:
		return "断链"
	case KindTypo:
		return "错别字"
	case KindSensitive:
		return "错敏词"
	case KindWrongLink:
		return "错误链接"
	case KindUpdateUrge:
		return "督促更新"
	case KindConsultation:
		return "咨询答复"
	case KindOther:
		return "其他"
	}
	return string(k)
}

// Valid reports whether k is one of FindingKinds.
func (k FindingKind) Valid() bool {
	for _, v := range FindingKinds() {
		if k == v {
			return true
		}
	}
	return false
}

// Finding is one problem a crawl found on one page. It is a record of
// fact, written once when the crawl stores its findings; a task is made of
// it to have it fixed.
type Finding struct {
	ID uuid.UUID
	// CrawlID and Seq (1, 2, …) say where it was found: unique together.
	CrawlID uuid.UUID
	Seq     int
	SiteID  uuid.UUID
	Kind    FindingKind `mask:"safe"`
	// Page is the URL of the page it is on.
	Page string `mask:"safe"`
	// ColumnID is the column the page belongs to (uuid.Nil if none), and
	// Department the unit responsible: the column's, else the site's.
	ColumnID   uuid.UUID
	Department string `mask:"safe"`
	// Target and Text are a link's target URL and its anchor text (broken
	// and wrong links).
	Target string `mask:"safe"`
	Text   string `mask:"safe"`
	// Status is the broken link's HTTP status (0 for a network failure or a
	// missing fragment).
	Status int
	// Word is the dictionary word found (typos and sensitive words), and
	// Suggestion the right one for a typo.
	Word       string `mask:"safe"`
	Suggestion string `mask:"safe"`
	// Context is a snippet of the page text around the word.
	Context string `mask:"safe"`
	// Reason says in Chinese why it is a finding ("目标返回 404",
	// "域名不在白名单：example.com", …).
	Reason string `mask:"safe"`
	// Key identifies the problem across crawls: its kind, page and target
	// or word. A task of the same key that is not yet verified means the
	// problem is known.
	Key     string `mask:"safe"`
	FoundAt time.Time
}

// FindingFilter selects findings in a Store; zero fields select all.
type FindingFilter struct {
	CrawlID    uuid.UUID
	SiteID     uuid.UUID
	Kind       FindingKind
	Department string
}

// FindingListInput selects findings for Findings. Crawl is a crawl's ID.
type FindingListInput struct {
	Crawl      string
	Site       string
	Kind       FindingKind
	Department string
	After      string
	Limit      int
}
