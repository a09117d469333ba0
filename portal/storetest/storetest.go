// Package storetest is the conformance suite for portal.Store
// implementations.
//
// Every store that ships with portal runs it, and so should yours:
//
//	func TestConformance(t *testing.T) {
//		storetest.RunConformanceTests(t, func(ctx context.Context, t testing.TB) (storetest.Harness, error) {
//			return &myHarness{}, nil // its MakeStore returns a fresh, empty store
//		})
//	}
//
// The suite builds sites, columns, posts, probes, crawls, findings, tasks,
// consultations, accounts, media inspections and events itself, without
// the Service, because a Store holds no business rule: it only has to
// keep what it is given, refuse what its keys forbid, and find exactly. It
// checks:
//
//   - every field of every record round-trips, times at microsecond
//     precision compared by instant, zero times, durations, the lists and
//     maps inside a record (a site's domains, a crawl's findings count),
//     and that a store keeps no list or map it was given and returns ones
//     of the caller's own;
//   - ENOTFOUND for what is not stored, ECONFLICT for every taken key: any
//     ID, a site's Code, a column's (SiteID, Code), a post's (SiteID, URL)
//     stored or twice in one CreatePosts, a finding's (CrawlID, Seq), a
//     task's FindingID when it is set, a consultation's (SiteID, Ref), an
//     account's Code and an inspection's (AccountID, Week), with nothing
//     stored; codes, refs and URLs are compared byte for byte; of 8
//     writers recording one post URL at once exactly one lands;
//   - optimistic locking: a stale version is ECONFLICT and a missing record
//     ENOTFOUND on every versioned write, nothing written, and of 8 writers
//     of one version exactly one wins;
//   - SaveCrawlProgress writes a running crawl's progress alone, its
//     Version and trail unchanged, a cancel request recorded between two
//     saves kept, an ended crawl untouched;
//   - the trail: each write appends its events in the same atomic step, a
//     refused write leaves none, Events returns them in Seq order, and an
//     event ID and an event's (Subject, Seq) are stored once;
//   - the multi-record writes are one step each: CreatePosts with a column
//     or site stale or missing, or a post's column not stored; EndCrawl
//     with a finding refused; UpdateColumns with one column stale; an
//     inspection with its account stale: each writes nothing at all;
//   - every filter, the ordering and the keyset pagination of every
//     listing against a brute-force reference, the time windows half-open;
//   - the aggregates PostGroups, ProbeTally, TaskGroups,
//     CountConsultations and LatestInspections against a count of the
//     records they cover, and the first four again after every one of
//     random sequences of writes (creates, changes and imports, concurrent
//     writers of one version or one key among them, the losers refused
//     with ECONFLICT), over windows on months and hours, as the Service
//     asks, and across them; after each sequence, and after cancelled
//     writes, a store that keeps summaries (govops.SummaryKeeper) must
//     find them equal to its records, and a repair of right summaries
//     must repair nothing;
//   - every method failing with EINTERNAL on a cancelled context, without
//     writing.
//
// Each case of the suite is a method of the type cases named Test…, found
// by its name (see internal/storetestkit.Run), so a new case needs no list
// to be added to. The suite's own test runs it over stores that each break
// one rule and requires that the case meant for that rule, and only it,
// fails.
package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/portal"
)

// Harness makes stores for one adapter. MakeStore returns a fresh, empty
// store for each subtest; it may register cleanups on t. Close releases
// whatever the harness holds once every subtest has run:
//
//	MakeStore(ctx context.Context, t testing.TB) (portal.Store, error)
//	Close()
//
// A harness may also have a method Dialect() string naming the database
// dialect of its stores ("sqlite", "pg", "mysql"): when the suite passes,
// RunConformanceTests then leaves the file portal-<dialect> in the folder
// named by $GOVOPS_CONFORMANCE_DIR, which CI checks to prove that the
// suite ran on each database rather than being skipped. This suite has no
// optional capability: every case applies to every store.
type Harness = storetestkit.Harness[portal.Store]

// HarnessMaker makes the Harness of one adapter for one run of the suite.
type HarnessMaker = storetestkit.HarnessMaker[portal.Store]

// RunConformanceTests runs every conformance test against the stores that
// newHarness makes. Each named subtest gets a fresh store.
func RunConformanceTests(t *testing.T, newHarness HarnessMaker) {
	t.Helper()
	storetestkit.Run(t, "portal", newHarness, cases{})
}

// storeMaker returns a fresh, empty store for t.
type storeMaker = storetestkit.StoreMaker[portal.Store]

// cases holds the suite's cases: each of its methods named Test… is one.
type cases struct{}

// baseTime is the instant fixtures are built around: microsecond precision
// (so it survives DATETIME(6)) in Asia/Shanghai, which a store may return
// in any location.
func baseTime() time.Time {
	return time.Date(2022, 6, 14, 9, 26, 53, 589793000, govops.ShanghaiLocation())
}

// at returns the instant n minutes after baseTime, as a Service stamps it.
func at(n int) time.Time { return storetestkit.Micro(baseTime().Add(time.Duration(n) * time.Minute)) }

// monday returns the Monday n weeks after 2022-01-03, 00:00 in
// Asia/Shanghai, in UTC: a media inspection's Week.
func monday(n int) time.Time {
	return time.Date(2022, 1, 3+7*n, 0, 0, 0, 0, govops.ShanghaiLocation()).UTC()
}

// text is free text with the characters a store must keep: quotes,
// backslashes, newlines and Chinese.
func text(n int) string {
	return fmt.Sprintf("第%d条: \"说明\" \\ 旧 → 新\n第二行\t制表", n)
}

// event returns the event of subject's change to version seq.
func event(tb testing.TB, subject uuid.UUID, seq int64, typ portal.EventType, from, to string) portal.Event {
	tb.Helper()
	return portal.Event{ID: storetestkit.NewID(tb), Subject: subject, Seq: seq, Type: typ, Actor: "中心-王",
		ActorDept: "lbq-wlzx", At: at(int(seq) * 60), From: portal.Status(from), To: portal.Status(to),
		Department: "lbq-scjg", Note: text(int(seq)), Attachments: []string{"整改报告.pdf", "附件 2.docx"}}
}

// created returns the created event of subject.
func created(tb testing.TB, subject uuid.UUID, typ portal.EventType, to string) []portal.Event {
	tb.Helper()
	return []portal.Event{event(tb, subject, 1, typ, "", to)}
}

// newSite returns an active site of code at version 1 with every field
// set.
func newSite(tb testing.TB, code string) portal.Site {
	tb.Helper()
	return portal.Site{ID: storetestkit.NewID(tb), Code: code, Name: "临北区人民政府门户网站", Department: "lbq-zfb",
		Home: "https://www.lbq.gov.cn/", Domains: []string{"gov.cn", "www.gov.cn", "example.org"},
		Status: portal.SiteActive, HomeUpdated: at(-600), Version: 1, CreatedAt: baseTime(), UpdatedAt: baseTime()}
}

// newColumn returns a news column of site of code at version 1 with every
// field set.
func newColumn(tb testing.TB, site uuid.UUID, code string) portal.Column {
	tb.Helper()
	return portal.Column{ID: storetestkit.NewID(tb), SiteID: site, Code: code, Name: "工作动态",
		URL: "https://www.lbq.gov.cn/gzdt/", Department: "lbq-scjg", Requirement: portal.RequireBiweekly, Home: true,
		Updated: at(-120), UpdatedBy: portal.UpdatedByCrawl, Empty: true, Retired: true,
		Version: 1, CreatedAt: baseTime(), ChangedAt: baseTime()}
}

// newPost returns a post of column on site at url with every field set.
func newPost(tb testing.TB, site, column uuid.UUID, url string) portal.Post {
	tb.Helper()
	return portal.Post{ID: storetestkit.NewID(tb), SiteID: site, ColumnID: column, Title: "关于开展“清朗”行动的通知 \"转\"",
		URL: url, Published: at(-30), Department: "lbq-scjg", Source: portal.PostFromDingTalk, By: "张三",
		CreatedAt: baseTime()}
}

// newProbe returns a failed probe of site at at(n) with every field set.
func newProbe(tb testing.TB, site uuid.UUID, n int) portal.Probe {
	tb.Helper()
	return portal.Probe{ID: storetestkit.NewID(tb), SiteID: site, URL: "https://www.lbq.gov.cn/", At: at(n),
		Status: 503, Latency: 1234567 * time.Microsecond, OK: false, Error: "status 503"}
}

// newCrawl returns a done crawl of site at version 1 with every field set.
func newCrawl(tb testing.TB, site uuid.UUID) portal.Crawl {
	tb.Helper()
	return portal.Crawl{ID: storetestkit.NewID(tb), SiteID: site, Status: portal.CrawlDone,
		Options: portal.CrawlOptions{MaxPages: 5000, MaxPageBytes: 4 << 20, Timeout: 15*time.Second + 250*time.Microsecond,
			MaxRedirects: 5, Concurrency: 8, HostRate: 2.5, Robots: true, SkipExternal: true, SkipContent: true, RaiseTasks: true},
		Started: at(0), Ended: at(47), Pages: 1203, Links: 18342, Bytes: 5_368_709_120, Queued: 17,
		Findings:        map[portal.FindingKind]int{portal.KindBrokenLink: 12, portal.KindTypo: 3, portal.KindWrongLink: 1},
		CancelRequested: true, Error: "context canceled", By: "中心-李", Version: 1, UpdatedAt: baseTime()}
}

// newFinding returns a broken-link finding seq of crawl with every field
// set.
func newFinding(tb testing.TB, crawl, site uuid.UUID, seq int) portal.Finding {
	tb.Helper()
	return portal.Finding{ID: storetestkit.NewID(tb), CrawlID: crawl, Seq: seq, SiteID: site, Kind: portal.KindBrokenLink,
		Page: "https://www.lbq.gov.cn/gzdt/2022/06/1.html", ColumnID: storetestkit.NewID(tb), Department: "lbq-scjg",
		Target: fmt.Sprintf("https://www.lbq.gov.cn/x/%d.pdf", seq), Text: "附件：申请表", Status: 404,
		Word: "工做", Suggestion: "工作", Context: text(seq), Reason: "目标返回 404",
		Key: fmt.Sprintf("broken_link|https://www.lbq.gov.cn/gzdt/2022/06/1.html|%d", seq), FoundAt: at(seq)}
}

// newTask returns a verified task of site made of a finding at version 1
// with every field set.
func newTask(tb testing.TB, site uuid.UUID) portal.Task {
	tb.Helper()
	return portal.Task{ID: storetestkit.NewID(tb), SiteID: site, Kind: portal.KindTypo, FindingID: storetestkit.NewID(tb),
		ColumnID: storetestkit.NewID(tb), ConsultationID: storetestkit.NewID(tb), Key: "typo|https://www.lbq.gov.cn/a.html|工做",
		Department: "lbq-scjg", Title: "修改错别字“工做”", Detail: text(3), Page: "https://www.lbq.gov.cn/a.html",
		Target: "https://www.lbq.gov.cn/b.html", Word: "工做", Suggestion: "工作", Due: at(10080),
		Status: portal.TaskVerified, CaseNumber: "2022-000123", Opened: at(5), Fixed: at(2000), FixedBy: "李四",
		Fix: text(4), Verified: at(3000), VerifiedBy: "中心-王", Rechecks: 2, Version: 1, CreatedAt: baseTime(), UpdatedAt: baseTime()}
}

// newConsultation returns an answered consultation ref of site at
// version 1 with every field set.
func newConsultation(tb testing.TB, site uuid.UUID, ref string) portal.Consultation {
	tb.Helper()
	return portal.Consultation{ID: storetestkit.NewID(tb), SiteID: site, Ref: ref, Subject: "办理居住证需要哪些材料？",
		Asker: "赵六", Department: "lbq-gaj", Received: at(-4000), Answered: at(-3000), Answer: text(5),
		Version: 1, CreatedAt: baseTime(), UpdatedAt: baseTime()}
}

// newAccount returns an active WeChat account of code at version 1 with
// every field set.
func newAccount(tb testing.TB, code string) portal.Account {
	tb.Helper()
	return portal.Account{ID: storetestkit.NewID(tb), Code: code, Name: "临北发布", Platform: portal.PlatformWeChat,
		Handle: "gh_1a2b3c4d5e6f", Department: "lbq-xcb", Status: portal.AccountActive, LastPost: at(-200),
		Version: 1, CreatedAt: baseTime(), UpdatedAt: baseTime()}
}

// newInspection returns the inspection of account in the week n at
// version 1 with every field set.
func newInspection(tb testing.TB, account uuid.UUID, n int) portal.MediaInspection {
	tb.Helper()
	return portal.MediaInspection{ID: storetestkit.NewID(tb), AccountID: account, Department: "lbq-xcb", Week: monday(n),
		Inspected: monday(n).Add(50*time.Hour + 17*time.Minute), Inspector: "中心-赵", LastPost: monday(n).Add(-30 * time.Hour),
		ReviewInPlace: true, Interactive: true, Issues: text(6), Version: 1, CreatedAt: baseTime(), UpdatedAt: baseTime()}
}

// requireEvents fails tb unless the events of subject are evs.
func requireEvents(tb testing.TB, st portal.Store, subject uuid.UUID, evs []portal.Event, when string) {
	tb.Helper()
	got, err := st.Events(tb.Context(), subject)
	storetestkit.Must(tb, err, "Events "+when)
	storetestkit.RequireEqual(tb, evs, got, fmt.Sprintf("events of %s %s", subject, when))
}

// requireGot fails tb unless get returns want.
func requireGot[T any](tb testing.TB, want T, got *T, err error, what string) {
	tb.Helper()
	storetestkit.Must(tb, err, what)
	storetestkit.RequireEqual(tb, want, *got, what)
}

// requireMissing fails tb unless err is ENOTFOUND.
func requireMissing(tb testing.TB, err error, what string) {
	tb.Helper()
	storetestkit.MustCode(tb, err, govops.ENOTFOUND, what)
}

// mustSite stores a new site of code and returns it.
func mustSite(tb testing.TB, st portal.Store, code string) portal.Site {
	tb.Helper()
	s := newSite(tb, code)
	storetestkit.Must(tb, st.CreateSite(tb.Context(), &s, nil), "CreateSite "+code)
	return s
}

// mustColumn stores a new column of site of code and returns it.
func mustColumn(tb testing.TB, st portal.Store, site uuid.UUID, code string) portal.Column {
	tb.Helper()
	c := newColumn(tb, site, code)
	storetestkit.Must(tb, st.CreateColumn(tb.Context(), &c, nil), "CreateColumn "+code)
	return c
}

// ensureSite stores a site of ID id unless one is stored.
func ensureSite(ctx context.Context, st portal.Store, id uuid.UUID) error {
	if _, err := st.Site(ctx, id); govops.ErrorCode(err) != govops.ENOTFOUND {
		return err
	}
	s := portal.Site{ID: id, Code: "S-" + id.String(), Name: "站点", Home: "https://s.example.gov.cn/",
		Status: portal.SiteActive, Version: 1, CreatedAt: baseTime(), UpdatedAt: baseTime()}
	return st.CreateSite(ctx, &s, nil)
}

// postsOf returns the stored posts of site.
func postsOf(tb testing.TB, st portal.Store, site uuid.UUID) []portal.Post {
	tb.Helper()
	ps, err := st.Posts(tb.Context(), portal.PostFilter{SiteID: site}, uuid.Nil, 0)
	storetestkit.Must(tb, err, "Posts")
	return ps
}
