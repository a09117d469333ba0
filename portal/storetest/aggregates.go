package storetest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/portal"
)

// agg describes how a portal.Store keeps one versioned aggregate of type
// A, for the checks every versioned aggregate shares (see
// storetestkit.Aggregate).
type agg[A any] = storetestkit.Aggregate[portal.Store, A, portal.EventType, portal.Status]

// aggregate is an agg of any type, for the cases that run a check over
// every aggregate.
type aggregate = storetestkit.Checks[portal.Store]

// aggregates returns every versioned record of portal.Store.
func aggregates() []aggregate {
	return []aggregate{siteAgg(), columnAgg(), crawlAgg(), taskAgg(), consultationAgg(), accountAgg(), inspectionAgg()}
}

func siteAgg() agg[portal.Site] {
	return agg[portal.Site]{
		Name:  "site",
		Made:  new(atomic.Int64),
		Fresh: func(tb testing.TB, i int) portal.Site { return newSite(tb, fmt.Sprintf("SITE-%03d", i)) },
		Sparse: func(a *portal.Site) {
			a.Name, a.Department, a.Domains, a.HomeUpdated = "", "", nil, time.Time{}
		},
		Change: func(a *portal.Site) {
			a.Name, a.Department, a.Home = "临北区市场监管局网站", "lbq-scjg", "http://scjg.lbq.gov.cn:8080/index.html"
			a.Domains, a.Status, a.HomeUpdated = []string{"scjg.gov.cn"}, portal.SiteClosed, at(500)
		},
		Scribble: func(a *portal.Site) { a.Domains[0] = "scribbled" },
		Clone:    func(a *portal.Site) portal.Site { c := *a; c.Domains = slices.Clone(a.Domains); return c },
		ID:       func(a *portal.Site) *uuid.UUID { return &a.ID },
		Version:  func(a *portal.Site) *int64 { return &a.Version },
		Stamp:    func(a *portal.Site) *time.Time { return &a.UpdatedAt },
		Status:   func(a *portal.Site) string { return string(a.Status) },
		Created:  portal.EventSiteCreated, Updated: portal.EventSiteUpdated,
		Create: func(ctx context.Context, st portal.Store, a *portal.Site, evs []portal.Event) error {
			return st.CreateSite(ctx, a, evs)
		},
		Update: func(ctx context.Context, st portal.Store, a *portal.Site, evs []portal.Event) error {
			return st.UpdateSite(ctx, a, evs)
		},
		Get: func(ctx context.Context, st portal.Store, a *portal.Site) (*portal.Site, error) {
			return st.Site(ctx, a.ID)
		},
		ByKey: func(ctx context.Context, st portal.Store, a *portal.Site) (*portal.Site, error) {
			return st.SiteByCode(ctx, a.Code)
		},
	}
}

func columnAgg() agg[portal.Column] {
	return agg[portal.Column]{
		Name: "column",
		Made: new(atomic.Int64),
		Fresh: func(tb testing.TB, i int) portal.Column {
			return newColumn(tb, storetestkit.NewID(tb), fmt.Sprintf("col-%03d", i))
		},
		Sparse: func(a *portal.Column) {
			a.Name, a.Department, a.Home, a.Updated, a.UpdatedBy = "", "", false, time.Time{}, ""
			a.Empty, a.Retired = false, false
		},
		Change: func(a *portal.Column) {
			a.Name, a.URL, a.Department = "通知公告", "https://www.lbq.gov.cn/tzgg/index.html?p=1&q=%E4", "lbq-gaj"
			a.Requirement, a.Home, a.Updated, a.UpdatedBy = portal.RequireHalfYearly, !a.Home, at(900), portal.UpdatedByManual
			a.Empty, a.Retired = !a.Empty, !a.Retired
		},
		ID:      func(a *portal.Column) *uuid.UUID { return &a.ID },
		Version: func(a *portal.Column) *int64 { return &a.Version },
		Stamp:   func(a *portal.Column) *time.Time { return &a.ChangedAt },
		Status:  func(*portal.Column) string { return "" },
		Created: portal.EventColumnAdded, Updated: portal.EventColumnUpdated,
		Create: func(ctx context.Context, st portal.Store, a *portal.Column, evs []portal.Event) error {
			if err := ensureSite(ctx, st, a.SiteID); err != nil {
				return err
			}
			return st.CreateColumn(ctx, a, evs)
		},
		Update: func(ctx context.Context, st portal.Store, a *portal.Column, evs []portal.Event) error {
			return st.UpdateColumns(ctx, []portal.Column{*a}, nil, evs)
		},
		Get: func(ctx context.Context, st portal.Store, a *portal.Column) (*portal.Column, error) {
			return st.Column(ctx, a.ID)
		},
		ByKey: func(ctx context.Context, st portal.Store, a *portal.Column) (*portal.Column, error) {
			return st.ColumnByCode(ctx, a.SiteID, a.Code)
		},
	}
}

func crawlAgg() agg[portal.Crawl] {
	return agg[portal.Crawl]{
		Name:  "crawl",
		Made:  new(atomic.Int64),
		Fresh: func(tb testing.TB, i int) portal.Crawl { return newCrawl(tb, storetestkit.NewID(tb)) },
		Sparse: func(a *portal.Crawl) {
			a.Status, a.Options, a.Ended, a.Pages, a.Links, a.Bytes, a.Queued = portal.CrawlRunning, portal.CrawlOptions{}, time.Time{}, 0, 0, 0, 0
			a.Findings, a.CancelRequested, a.Error, a.By = nil, false, "", ""
		},
		Change: func(a *portal.Crawl) {
			a.Status, a.Ended, a.Pages, a.Links, a.Bytes, a.Queued = portal.CrawlFailed, at(90), 7, 9, 11, 0
			a.Options = portal.CrawlOptions{MaxPages: 10, MaxPageBytes: 1024, Timeout: 3 * time.Millisecond, MaxRedirects: 1,
				Concurrency: 1, HostRate: 0.5}
			a.Findings = map[portal.FindingKind]int{portal.KindSensitive: 4}
			a.CancelRequested, a.Error, a.By = !a.CancelRequested, "dns: no such host", "中心-周"
		},
		Scribble: func(a *portal.Crawl) {
			for k := range a.Findings {
				a.Findings[k] = -1
			}
			a.Findings[portal.KindOther] = 99
		},
		Clone:   func(a *portal.Crawl) portal.Crawl { c := *a; c.Findings = maps.Clone(a.Findings); return c },
		ID:      func(a *portal.Crawl) *uuid.UUID { return &a.ID },
		Version: func(a *portal.Crawl) *int64 { return &a.Version },
		Stamp:   func(a *portal.Crawl) *time.Time { return &a.UpdatedAt },
		Status:  func(a *portal.Crawl) string { return string(a.Status) },
		Created: portal.EventCrawlStarted, Updated: portal.EventCrawlEnded,
		Create: func(ctx context.Context, st portal.Store, a *portal.Crawl, evs []portal.Event) error {
			return st.CreateCrawl(ctx, a, evs)
		},
		Update: func(ctx context.Context, st portal.Store, a *portal.Crawl, evs []portal.Event) error {
			return st.UpdateCrawl(ctx, a, evs)
		},
		Get: func(ctx context.Context, st portal.Store, a *portal.Crawl) (*portal.Crawl, error) {
			return st.Crawl(ctx, a.ID)
		},
	}
}

func taskAgg() agg[portal.Task] {
	return agg[portal.Task]{
		Name:  "task",
		Made:  new(atomic.Int64),
		Fresh: func(tb testing.TB, i int) portal.Task { return newTask(tb, storetestkit.NewID(tb)) },
		Sparse: func(a *portal.Task) {
			a.FindingID, a.ColumnID, a.ConsultationID, a.Key, a.Department = uuid.Nil, uuid.Nil, uuid.Nil, "", ""
			a.Detail, a.Page, a.Target, a.Word, a.Suggestion, a.Due = "", "", "", "", "", time.Time{}
			a.Status, a.CaseNumber, a.Fixed, a.FixedBy, a.Fix = portal.TaskOpen, "", time.Time{}, "", ""
			a.Verified, a.VerifiedBy, a.Rechecks = time.Time{}, "", 0
		},
		Change: func(a *portal.Task) {
			a.Kind, a.ColumnID, a.Key, a.Department = portal.KindUpdateUrge, uuid.Must(uuid.NewV7()), "urge|col", "lbq-gaj"
			a.Title, a.Detail, a.Page, a.Due, a.Status = "督促更新“通知公告”", text(7), "https://x.gov.cn/", at(20000), portal.TaskFixed
			a.CaseNumber, a.Fixed, a.FixedBy, a.Fix, a.Rechecks = "2022-000999", at(2500), "王五", text(8), 3
			a.Verified, a.VerifiedBy = at(4000), "中心-孙"
		},
		ID:      func(a *portal.Task) *uuid.UUID { return &a.ID },
		Version: func(a *portal.Task) *int64 { return &a.Version },
		Stamp:   func(a *portal.Task) *time.Time { return &a.UpdatedAt },
		Status:  func(a *portal.Task) string { return string(a.Status) },
		Created: portal.EventTaskOpened, Updated: portal.EventTaskFixed,
		Create: func(ctx context.Context, st portal.Store, a *portal.Task, evs []portal.Event) error {
			return st.CreateTasks(ctx, []portal.Task{*a}, evs)
		},
		Update: func(ctx context.Context, st portal.Store, a *portal.Task, evs []portal.Event) error {
			return st.UpdateTask(ctx, a, evs)
		},
		Get: func(ctx context.Context, st portal.Store, a *portal.Task) (*portal.Task, error) {
			return st.Task(ctx, a.ID)
		},
	}
}

func consultationAgg() agg[portal.Consultation] {
	return agg[portal.Consultation]{
		Name: "consultation",
		Made: new(atomic.Int64),
		Fresh: func(tb testing.TB, i int) portal.Consultation {
			return newConsultation(tb, storetestkit.NewID(tb), fmt.Sprintf("ZX-%05d", i))
		},
		Sparse: func(a *portal.Consultation) {
			a.Subject, a.Asker, a.Department, a.Answered, a.Answer = "", "", "", time.Time{}, ""
		},
		Change: func(a *portal.Consultation) {
			a.Subject, a.Asker, a.Department = "营业执照变更流程", "钱七", "lbq-scjg"
			a.Received, a.Answered, a.Answer = at(-5000), at(-10), text(9)
		},
		ID:      func(a *portal.Consultation) *uuid.UUID { return &a.ID },
		Version: func(a *portal.Consultation) *int64 { return &a.Version },
		Stamp:   func(a *portal.Consultation) *time.Time { return &a.UpdatedAt },
		Status:  func(*portal.Consultation) string { return "" },
		Created: portal.EventConsultationReceived, Updated: portal.EventConsultationAnswered,
		Create: func(ctx context.Context, st portal.Store, a *portal.Consultation, evs []portal.Event) error {
			return st.CreateConsultation(ctx, a, evs)
		},
		Update: func(ctx context.Context, st portal.Store, a *portal.Consultation, evs []portal.Event) error {
			return st.UpdateConsultation(ctx, a, evs)
		},
		Get: func(ctx context.Context, st portal.Store, a *portal.Consultation) (*portal.Consultation, error) {
			return st.Consultation(ctx, a.ID)
		},
	}
}

func accountAgg() agg[portal.Account] {
	return agg[portal.Account]{
		Name:  "account",
		Made:  new(atomic.Int64),
		Fresh: func(tb testing.TB, i int) portal.Account { return newAccount(tb, fmt.Sprintf("WX-%03d", i)) },
		Sparse: func(a *portal.Account) {
			a.Handle, a.Department, a.LastPost = "", "", time.Time{}
		},
		Change: func(a *portal.Account) {
			a.Name, a.Platform, a.Handle = "临北市场监管", portal.PlatformDouyin, "lbqscjg_2022"
			a.Department, a.Status, a.LastPost = "lbq-scjg", portal.AccountSuspended, at(700)
		},
		ID:      func(a *portal.Account) *uuid.UUID { return &a.ID },
		Version: func(a *portal.Account) *int64 { return &a.Version },
		Stamp:   func(a *portal.Account) *time.Time { return &a.UpdatedAt },
		Status:  func(a *portal.Account) string { return string(a.Status) },
		Created: portal.EventAccountCreated, Updated: portal.EventAccountUpdated,
		Create: func(ctx context.Context, st portal.Store, a *portal.Account, evs []portal.Event) error {
			return st.CreateAccount(ctx, a, evs)
		},
		Update: func(ctx context.Context, st portal.Store, a *portal.Account, evs []portal.Event) error {
			return st.UpdateAccount(ctx, a, evs)
		},
		Get: func(ctx context.Context, st portal.Store, a *portal.Account) (*portal.Account, error) {
			return st.Account(ctx, a.ID)
		},
		ByKey: func(ctx context.Context, st portal.Store, a *portal.Account) (*portal.Account, error) {
			return st.AccountByCode(ctx, a.Code)
		},
	}
}

func inspectionAgg() agg[portal.MediaInspection] {
	return agg[portal.MediaInspection]{
		Name: "media inspection",
		Made: new(atomic.Int64),
		Fresh: func(tb testing.TB, i int) portal.MediaInspection {
			return newInspection(tb, storetestkit.NewID(tb), i)
		},
		Sparse: func(a *portal.MediaInspection) {
			a.Department, a.Inspector, a.LastPost, a.ReviewInPlace, a.Interactive, a.Issues = "", "", time.Time{}, false, false, ""
		},
		Change: func(a *portal.MediaInspection) {
			a.Department, a.Inspected, a.Inspector = "lbq-gaj", a.Inspected.Add(time.Hour), "中心-吴"
			a.LastPost, a.ReviewInPlace, a.Interactive, a.Issues = a.Inspected.Add(-time.Minute), !a.ReviewInPlace, !a.Interactive, text(10)
		},
		ID:      func(a *portal.MediaInspection) *uuid.UUID { return &a.ID },
		Version: func(a *portal.MediaInspection) *int64 { return &a.Version },
		Stamp:   func(a *portal.MediaInspection) *time.Time { return &a.UpdatedAt },
		Status:  func(*portal.MediaInspection) string { return "" },
		Created: portal.EventMediaInspected, Updated: portal.EventMediaInspectionFixed,
		Create: func(ctx context.Context, st portal.Store, a *portal.MediaInspection, evs []portal.Event) error {
			return st.CreateMediaInspection(ctx, a, nil, evs)
		},
		Update: func(ctx context.Context, st portal.Store, a *portal.MediaInspection, evs []portal.Event) error {
			return st.UpdateMediaInspection(ctx, a, nil, evs)
		},
		Get: func(ctx context.Context, st portal.Store, a *portal.MediaInspection) (*portal.MediaInspection, error) {
			return st.MediaInspection(ctx, a.ID)
		},
	}
}
