// Package portalmem is an in-memory portal.Store: a mutex over maps, with
// every value copied in and out. It suits tests, examples and programs
// that keep the portal records without a database.
//
// It keeps summaries as portalbun does (see govops.SummaryKeeper), changed
// under its lock by every write: TaskGroups and PostGroups read them when
// the filter's bounds are zero or the first instants of months in
// Asia/Shanghai, and every record otherwise; ProbeTally reads the whole
// hours of its window from them and the probes of the hours at its ends;
// CountConsultations reads the months received before its bound's from
// them and the consultations of that month, and of the answers in
// UnansweredAt's month.
package portalmem

import (
	"maps"
	"slices"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/internal/memstore"
	"github.com/govops-kit/govops/portal"
)

// Store is an in-memory portal.Store. The zero value is not usable; call
// New.
type Store struct {
	*memstore.Base[portal.EventType, portal.Status]

	sites         *memstore.Table[portal.Site]
	siteCodes     map[string]uuid.UUID
	columns       *memstore.Table[portal.Column]
	columnCodes   map[columnKey]uuid.UUID
	posts         *memstore.Table[portal.Post]
	postURLs      map[postKey]uuid.UUID
	probes        *memstore.Table[portal.Probe]
	crawls        *memstore.Table[portal.Crawl]
	findings      *memstore.Table[portal.Finding]
	findingSeqs   map[findingKey]uuid.UUID
	tasks         *memstore.Table[portal.Task]
	taskFindings  map[uuid.UUID]uuid.UUID // finding → task
	consultations *memstore.Table[portal.Consultation]
	consultRefs   map[consultKey]uuid.UUID
	accounts      *memstore.Table[portal.Account]
	accountCodes  map[string]uuid.UUID
	inspections   *memstore.Table[portal.MediaInspection]
	inspectWeeks  map[weekKey]uuid.UUID

	sums summaries
}

// columnKey is the unique key of a column: its code within its site.
type columnKey struct {
	site uuid.UUID
	code string
}

// postKey is the unique key of a post: its URL within its site.
type postKey struct {
	site uuid.UUID
	url  string
}

// findingKey is the unique key of a finding: its place in its crawl.
type findingKey struct {
	crawl uuid.UUID
	seq   int
}

// consultKey is the unique key of a consultation: its site's number.
type consultKey struct {
	site uuid.UUID
	ref  string
}

// weekKey is the unique key of a media inspection: its account and week,
// as a UnixMicro instant so that locations do not matter.
type weekKey struct {
	account uuid.UUID
	week    int64
}

var _ portal.Store = (*Store)(nil)

// New returns an empty Store.
func New() *Store {
	return &Store{
		Base: memstore.NewBase[portal.EventType, portal.Status]("portalmem"),
		sites: memstore.NewTable("site", func(v *portal.Site) uuid.UUID { return v.ID },
			func(v *portal.Site) int64 { return v.Version }, copySite),
		siteCodes: map[string]uuid.UUID{},
		columns: memstore.NewTable("column", func(v *portal.Column) uuid.UUID { return v.ID },
			func(v *portal.Column) int64 { return v.Version }, copyPlain[portal.Column]),
		columnCodes: map[columnKey]uuid.UUID{},
		posts: memstore.NewTable("post", func(v *portal.Post) uuid.UUID { return v.ID },
			func(*portal.Post) int64 { return 0 }, copyPlain[portal.Post]),
		postURLs: map[postKey]uuid.UUID{},
		probes: memstore.NewTable("probe", func(v *portal.Probe) uuid.UUID { return v.ID },
			func(*portal.Probe) int64 { return 0 }, copyPlain[portal.Probe]),
		crawls: memstore.NewTable("crawl", func(v *portal.Crawl) uuid.UUID { return v.ID },
			func(v *portal.Crawl) int64 { return v.Version }, copyCrawl),
		findings: memstore.NewTable("finding", func(v *portal.Finding) uuid.UUID { return v.ID },
			func(*portal.Finding) int64 { return 0 }, copyPlain[portal.Finding]),
		findingSeqs: map[findingKey]uuid.UUID{},
		tasks: memstore.NewTable("task", func(v *portal.Task) uuid.UUID { return v.ID },
			func(v *portal.Task) int64 { return v.Version }, copyPlain[portal.Task]),
		taskFindings: map[uuid.UUID]uuid.UUID{},
		consultations: memstore.NewTable("consultation", func(v *portal.Consultation) uuid.UUID { return v.ID },
			func(v *portal.Consultation) int64 { return v.Version }, copyPlain[portal.Consultation]),
		consultRefs: map[consultKey]uuid.UUID{},
		accounts: memstore.NewTable("account", func(v *portal.Account) uuid.UUID { return v.ID },
			func(v *portal.Account) int64 { return v.Version }, copyPlain[portal.Account]),
		accountCodes: map[string]uuid.UUID{},
		inspections: memstore.NewTable("media inspection", func(v *portal.MediaInspection) uuid.UUID { return v.ID },
			func(v *portal.MediaInspection) int64 { return v.Version }, copyPlain[portal.MediaInspection]),
		inspectWeeks: map[weekKey]uuid.UUID{},
		sums:         newSummaries(),
	}
}

// copyPlain copies a record that holds no slice or map.
func copyPlain[T any](v *T) *T {
	cp := *v
	return &cp
}

func copySite(v *portal.Site) *portal.Site {
	cp := *v
	cp.Domains = slices.Clone(v.Domains)
	return &cp
}

func copyCrawl(v *portal.Crawl) *portal.Crawl {
	cp := *v
	cp.Findings = maps.Clone(v.Findings)
	return &cp
}
