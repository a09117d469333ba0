package storetest

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/portal"
)

// pick returns one of xs at random.
func pick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

// within reports whether v lies in [from, to), a zero bound being open.
func within(v, from, to time.Time) bool {
	return (from.IsZero() || !v.Before(from)) && (to.IsZero() || v.Before(to))
}

// byID orders records by their IDs.
func byID[T any](id func(*T) uuid.UUID) storetestkit.Keyed[T, uuid.UUID] {
	return storetestkit.ByID(id)
}

// depts are the departments fixtures pick from: "LBQ-SCJG" and
// "lbq-scjg " are other departments than "lbq-scjg".
var depts = []string{"lbq-scjg", "lbq-gaj", "", "LBQ-SCJG", "lbq-scjg "}

// TestSiteListing checks every filter of Sites, ordered and paged by ID.
func (cases) TestSiteListing(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	r := rand.New(rand.NewPCG(1, 2))
	var sites []portal.Site
	for i := range 30 {
		s := newSite(t, "site-"+string(rune('a'+i)))
		s.Department, s.Status = pick(r, depts...), pick(r, portal.SiteActive, portal.SiteClosed)
		storetestkit.Must(t, st.CreateSite(ctx, &s, nil), "CreateSite")
		sites = append(sites, s)
	}
	for name, f := range map[string]portal.SiteFilter{
		"All":        {},
		"Department": {Department: "lbq-scjg"},
		"Status":     {Status: portal.SiteClosed},
		"Together":   {Department: "lbq-gaj", Status: portal.SiteActive},
		"None":       {Department: "lbq-sc"},
	} {
		t.Run(name, func(t *testing.T) {
			storetestkit.RequireListing(t, "Sites "+name, sites, func(s *portal.Site) bool {
				return (f.Department == "" || s.Department == f.Department) && (f.Status == "" || s.Status == f.Status)
			}, byID(func(s *portal.Site) uuid.UUID { return s.ID }),
				func(after uuid.UUID, limit int) ([]portal.Site, error) { return st.Sites(ctx, f, after, limit) })
		})
	}
}

// TestColumnListing checks every filter of Columns, ordered and paged by
// ID.
func (cases) TestColumnListing(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	r := rand.New(rand.NewPCG(3, 4))
	sites := []portal.Site{mustSite(t, st, "cl-1"), mustSite(t, st, "cl-2"), mustSite(t, st, "cl-3")}
	var cols []portal.Column
	for i := range 45 {
		c := newColumn(t, pick(r, sites...).ID, "c"+string(rune('a'+i)))
		c.Department, c.Retired = pick(r, depts...), r.IntN(3) == 0
		storetestkit.Must(t, st.CreateColumn(ctx, &c, nil), "CreateColumn")
		cols = append(cols, c)
	}
	for name, f := range map[string]portal.ColumnFilter{
		"All":        {},
		"Site":       {SiteID: sites[1].ID},
		"Department": {Department: "lbq-scjg"},
		"Current":    {Current: true},
		"Together":   {SiteID: sites[0].ID, Department: "lbq-gaj", Current: true},
		"None":       {SiteID: storetestkit.NewID(t)},
	} {
		t.Run(name, func(t *testing.T) {
			storetestkit.RequireListing(t, "Columns "+name, cols, func(c *portal.Column) bool {
				return (f.SiteID == uuid.Nil || c.SiteID == f.SiteID) && (f.Department == "" || c.Department == f.Department) &&
					(!f.Current || !c.Retired)
			}, byID(func(c *portal.Column) uuid.UUID { return c.ID }),
				func(after uuid.UUID, limit int) ([]portal.Column, error) { return st.Columns(ctx, f, after, limit) })
		})
	}
}

// postFixture stores posts over 2 sites and 4 columns, of random
// departments, sources and publish times, and returns them.
func postFixture(t *testing.T, st portal.Store, n int, seed uint64) ([]portal.Post, []portal.Site, []portal.Column) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 5))
	sites := []portal.Site{mustSite(t, st, "pf-1"), mustSite(t, st, "pf-2")}
	cols := []portal.Column{mustColumn(t, st, sites[0].ID, "a"), mustColumn(t, st, sites[0].ID, "b"),
		mustColumn(t, st, sites[1].ID, "a"), mustColumn(t, st, sites[1].ID, "b")}
	var ps []portal.Post
	for i := range n {
		c := pick(r, cols...)
		p := newPost(t, c.SiteID, c.ID, "https://www.lbq.gov.cn/p/"+uuid.NewString())
		p.Department, p.Source = pick(r, depts[:3]...), pick(r, portal.PostSources()...)
		p.Published = at(r.IntN(40) * 60 * 24)
		if i%9 == 8 {
			p.Published = at(7 * 60 * 24) // on a bound
		}
		if i%13 == 12 {
			p.Published = time.Time{} // before every bound
		}
		ps = append(ps, p)
	}
	storetestkit.Must(t, st.CreatePosts(t.Context(), ps, nil, nil, nil), "CreatePosts")
	return ps, sites, cols
}

// matchPost reports whether f selects p.
func matchPost(f portal.PostFilter, p *portal.Post) bool {
	return (f.SiteID == uuid.Nil || p.SiteID == f.SiteID) && (f.ColumnID == uuid.Nil || p.ColumnID == f.ColumnID) &&
		(f.Department == "" || p.Department == f.Department) && (f.Source == "" || p.Source == f.Source) &&
		within(p.Published, f.From, f.To)
}

// postFilters returns a filter of each field, and of all together.
func postFilters(sites []portal.Site, cols []portal.Column) map[string]portal.PostFilter {
	from, to := at(7*60*24), at(21*60*24)
	return map[string]portal.PostFilter{
		"All":        {},
		"Site":       {SiteID: sites[1].ID},
		"Column":     {ColumnID: cols[0].ID},
		"Department": {Department: "lbq-gaj"},
		"Source":     {Source: portal.PostFromDingTalk},
		"From":       {From: from},
		"To":         {To: to},
		"Window":     {From: from, To: to},
		"Together":   {SiteID: sites[0].ID, ColumnID: cols[1].ID, Department: "lbq-scjg", Source: portal.PostFromCMS, From: from, To: to},
		"Empty":      {From: to, To: to},
	}
}

// TestPostListing checks every filter of Posts, the half-open window of
// publish times included, ordered and paged by ID.
func (cases) TestPostListing(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	ps, sites, cols := postFixture(t, st, 80, 1)
	for name, f := range postFilters(sites, cols) {
		t.Run(name, func(t *testing.T) {
			storetestkit.RequireListing(t, "Posts "+name, ps, func(p *portal.Post) bool { return matchPost(f, p) },
				byID(func(p *portal.Post) uuid.UUID { return p.ID }),
				func(after uuid.UUID, limit int) ([]portal.Post, error) { return st.Posts(ctx, f, after, limit) })
		})
	}
}

// probeFixture stores probes of 2 sites at random times, a third failed,
// and returns them with the sites.
func probeFixture(t *testing.T, st portal.Store, n int) ([]portal.Probe, []uuid.UUID) {
	t.Helper()
	r := rand.New(rand.NewPCG(7, 8))
	sites := []uuid.UUID{storetestkit.NewID(t), storetestkit.NewID(t)}
	var ps []portal.Probe
	for i := range n {
		p := newProbe(t, pick(r, sites...), r.IntN(200)*15)
		if i%10 == 9 {
			p.At = at(1500) // on a bound
		}
		if i%17 == 16 {
			p.At = time.Time{} // before every bound
		}
		if r.IntN(3) > 0 {
			p.OK, p.Status, p.Error, p.Latency = true, 200, "", time.Duration(r.IntN(900_000))*time.Microsecond
		}
		ps = append(ps, p)
	}
	storetestkit.Must(t, st.CreateProbes(t.Context(), ps), "CreateProbes")
	return ps, sites
}

// probeFilters returns a filter of each field, and of all together.
func probeFilters(sites []uuid.UUID) map[string]portal.ProbeFilter {
	from, to := at(1500), at(2400)
	return map[string]portal.ProbeFilter{
		"All":      {},
		"Site":     {SiteID: sites[0]},
		"From":     {From: from},
		"To":       {To: to},
		"Failed":   {Failed: true},
		"Together": {SiteID: sites[1], From: from, To: to, Failed: true},
		"None":     {SiteID: uuid.Must(uuid.NewV7())},
	}
}

// TestProbeListing checks every filter of Probes, ordered and paged by ID.
func (cases) TestProbeListing(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	ps, sites := probeFixture(t, st, 70)
	for name, f := range probeFilters(sites) {
		t.Run(name, func(t *testing.T) {
			storetestkit.RequireListing(t, "Probes "+name, ps, func(p *portal.Probe) bool {
				return (f.SiteID == uuid.Nil || p.SiteID == f.SiteID) && within(p.At, f.From, f.To) && (!f.Failed || !p.OK)
			}, byID(func(p *portal.Probe) uuid.UUID { return p.ID }),
				func(after uuid.UUID, limit int) ([]portal.Probe, error) { return st.Probes(ctx, f, after, limit) })
		})
	}
}

// TestCrawlListing checks every filter of Crawls, ordered and paged by ID.
func (cases) TestCrawlListing(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	r := rand.New(rand.NewPCG(9, 10))
	sites := []uuid.UUID{storetestkit.NewID(t), storetestkit.NewID(t)}
	var cs []portal.Crawl
	for range 30 {
		c := newCrawl(t, pick(r, sites...))
		c.Status = pick(r, portal.CrawlRunning, portal.CrawlDone, portal.CrawlCancelled, portal.CrawlFailed)
		storetestkit.Must(t, st.CreateCrawl(ctx, &c, nil), "CreateCrawl")
		cs = append(cs, c)
	}
	for name, f := range map[string]portal.CrawlFilter{
		"All":      {},
		"Site":     {SiteID: sites[0]},
		"Status":   {Status: portal.CrawlRunning},
		"Together": {SiteID: sites[1], Status: portal.CrawlDone},
	} {
		t.Run(name, func(t *testing.T) {
			storetestkit.RequireListing(t, "Crawls "+name, cs, func(c *portal.Crawl) bool {
				return (f.SiteID == uuid.Nil || c.SiteID == f.SiteID) && (f.Status == "" || c.Status == f.Status)
			}, byID(func(c *portal.Crawl) uuid.UUID { return c.ID }),
				func(after uuid.UUID, limit int) ([]portal.Crawl, error) { return st.Crawls(ctx, f, after, limit) })
		})
	}
}

// TestFindingListing checks every filter of Findings, ordered and paged by
// ID.
func (cases) TestFindingListing(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	r := rand.New(rand.NewPCG(11, 12))
	sites := []uuid.UUID{storetestkit.NewID(t), storetestkit.NewID(t)}
	var all []portal.Finding
	var crawls []uuid.UUID
	for range 3 {
		site := pick(r, sites...)
		c := newCrawl(t, site)
		storetestkit.Must(t, st.CreateCrawl(ctx, &c, nil), "CreateCrawl")
		crawls = append(crawls, c.ID)
		var fs []portal.Finding
		for i := range 25 {
			f := newFinding(t, c.ID, site, i+1)
			f.Kind, f.Department = pick(r, portal.CrawlKinds()...), pick(r, depts...)
			if i%6 == 5 {
				f.ColumnID = uuid.Nil
			}
			fs = append(fs, f)
		}
		end := c
		end.Version = 2
		storetestkit.Must(t, st.EndCrawl(ctx, &end, fs, nil), "EndCrawl")
		all = append(all, fs...)
	}
	for name, f := range map[string]portal.FindingFilter{
		"All":        {},
		"Crawl":      {CrawlID: crawls[1]},
		"Site":       {SiteID: sites[0]},
		"Kind":       {Kind: portal.KindTypo},
		"Department": {Department: "lbq-scjg"},
		"Together":   {CrawlID: crawls[0], SiteID: sites[0], Kind: portal.KindBrokenLink, Department: "lbq-gaj"},
	} {
		t.Run(name, func(t *testing.T) {
			storetestkit.RequireListing(t, "Findings "+name, all, func(v *portal.Finding) bool {
				return (f.CrawlID == uuid.Nil || v.CrawlID == f.CrawlID) && (f.SiteID == uuid.Nil || v.SiteID == f.SiteID) &&
					(f.Kind == "" || v.Kind == f.Kind) && (f.Department == "" || v.Department == f.Department)
			}, byID(func(v *portal.Finding) uuid.UUID { return v.ID }),
				func(after uuid.UUID, limit int) ([]portal.Finding, error) { return st.Findings(ctx, f, after, limit) })
		})
	}
}

// taskFixture stores tasks of 2 sites of random kinds, statuses,
// departments, keys, cases, findings and columns, opened and fixed at
// random times, and returns them with the sites and columns.
func taskFixture(t *testing.T, st portal.Store, n int) ([]portal.Task, []uuid.UUID, []uuid.UUID) {
	t.Helper()
	r := rand.New(rand.NewPCG(13, 14))
	sites := []uuid.UUID{storetestkit.NewID(t), storetestkit.NewID(t)}
	cols := []uuid.UUID{storetestkit.NewID(t), storetestkit.NewID(t), uuid.Nil}
	var ts []portal.Task
	for i := range n {
		k := newTask(t, pick(r, sites...))
		k.Kind, k.Status, k.Department = pick(r, portal.FindingKinds()...), pick(r, portal.TaskStatuses()...), pick(r, depts...)
		k.Key, k.CaseNumber, k.ColumnID = pick(r, "k1", "k2", "K1", ""), pick(r, "2022-000001", "2022-000002", ""), pick(r, cols...)
		if i%4 == 3 {
			k.FindingID = uuid.Nil
		}
		k.Opened = at(r.IntN(60) * 60 * 24)
		k.Fixed = time.Time{}
		if r.IntN(2) == 0 {
			k.Fixed = at(r.IntN(60) * 60 * 24)
		}
		if i%11 == 10 {
			k.Opened, k.Fixed = at(20*60*24), at(30*60*24) // on the bounds
		}
		if i%13 == 12 {
			k.Opened = time.Time{} // before every bound
		}
		ts = append(ts, k)
	}
	storetestkit.Must(t, st.CreateTasks(t.Context(), ts, nil), "CreateTasks")
	return ts, sites, cols
}

// TestTaskListing checks every filter of Tasks, ordered and paged by ID.
func (cases) TestTaskListing(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	ts, sites, cols := taskFixture(t, st, 90)
	for name, f := range map[string]portal.TaskFilter{
		"All":        {},
		"Site":       {SiteID: sites[0]},
		"Kind":       {Kind: portal.KindUpdateUrge},
		"Status":     {Status: portal.TaskFixed},
		"Department": {Department: "lbq-scjg"},
		"Key":        {Key: "k1"},
		"CaseNumber": {CaseNumber: "2022-000002"},
		"Finding":    {FindingID: ts[5].FindingID},
		"Column":     {ColumnID: cols[1]},
		"Live":       {Live: true},
		"Together": {SiteID: sites[1], Kind: portal.KindTypo, Department: "lbq-gaj", Key: "k2", Live: true,
			ColumnID: cols[0]},
		"None": {Key: "k"},
	} {
		t.Run(name, func(t *testing.T) {
			storetestkit.RequireListing(t, "Tasks "+name, ts, func(k *portal.Task) bool {
				return (f.SiteID == uuid.Nil || k.SiteID == f.SiteID) && (f.Kind == "" || k.Kind == f.Kind) &&
					(f.Status == "" || k.Status == f.Status) && (f.Department == "" || k.Department == f.Department) &&
					(f.Key == "" || k.Key == f.Key) && (f.CaseNumber == "" || k.CaseNumber == f.CaseNumber) &&
					(f.FindingID == uuid.Nil || k.FindingID == f.FindingID) && (f.ColumnID == uuid.Nil || k.ColumnID == f.ColumnID) &&
					(!f.Live || (k.Status != portal.TaskVerified && k.Status != portal.TaskDismissed))
			}, byID(func(k *portal.Task) uuid.UUID { return k.ID }),
				func(after uuid.UUID, limit int) ([]portal.Task, error) { return st.Tasks(ctx, f, after, limit) })
		})
	}
}

// TestConsultationListing checks every filter of Consultations, ordered
// and paged by ID.
func (cases) TestConsultationListing(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	r := rand.New(rand.NewPCG(15, 16))
	sites := []uuid.UUID{storetestkit.NewID(t), storetestkit.NewID(t)}
	var cs []portal.Consultation
	for i := range 40 {
		c := newConsultation(t, pick(r, sites...), "ZX-"+uuid.NewString())
		c.Department, c.Received = pick(r, depts...), at(r.IntN(100)*60*24)
		if r.IntN(2) == 0 {
			c.Answered, c.Answer = time.Time{}, ""
		}
		if i%9 == 8 {
			c.Received = at(50 * 60 * 24) // on the bound
		}
		if i%13 == 12 {
			c.Received = time.Time{} // before every bound
		}
		storetestkit.Must(t, st.CreateConsultation(ctx, &c, nil), "CreateConsultation")
		cs = append(cs, c)
	}
	for name, f := range map[string]portal.ConsultationFilter{
		"All":            {},
		"Site":           {SiteID: sites[0]},
		"Department":     {Department: "lbq-scjg"},
		"Unanswered":     {Unanswered: true},
		"ReceivedBefore": {ReceivedBefore: at(50 * 60 * 24)},
		"Together":       {SiteID: sites[1], Department: "lbq-gaj", Unanswered: true, ReceivedBefore: at(80 * 60 * 24)},
		"UnansweredAt":   {UnansweredAt: at(60 * 60 * 24)},
		"Late":           {SiteID: sites[0], ReceivedBefore: at(50 * 60 * 24), UnansweredAt: at(90 * 60 * 24)},
	} {
		t.Run(name, func(t *testing.T) {
			storetestkit.RequireListing(t, "Consultations "+name, cs, func(c *portal.Consultation) bool {
				return matchConsultation(f, c)
			}, byID(func(c *portal.Consultation) uuid.UUID { return c.ID }),
				func(after uuid.UUID, limit int) ([]portal.Consultation, error) {
					return st.Consultations(ctx, f, after, limit)
				})
		})
	}
}

// TestAccountListing checks every filter of Accounts, ordered and paged by
// ID.
func (cases) TestAccountListing(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	r := rand.New(rand.NewPCG(17, 18))
	var as []portal.Account
	for i := range 30 {
		a := newAccount(t, "acct-"+string(rune('a'+i)))
		a.Department, a.Platform = pick(r, depts...), pick(r, portal.Platforms()...)
		a.Status = pick(r, portal.AccountActive, portal.AccountSuspended, portal.AccountClosed)
		storetestkit.Must(t, st.CreateAccount(ctx, &a, nil), "CreateAccount")
		as = append(as, a)
	}
	for name, f := range map[string]portal.AccountFilter{
		"All":        {},
		"Department": {Department: "lbq-scjg"},
		"Platform":   {Platform: portal.PlatformWeibo},
		"Status":     {Status: portal.AccountSuspended},
		"Together":   {Department: "lbq-gaj", Platform: portal.PlatformWeChat, Status: portal.AccountActive},
	} {
		t.Run(name, func(t *testing.T) {
			storetestkit.RequireListing(t, "Accounts "+name, as, func(a *portal.Account) bool {
				return (f.Department == "" || a.Department == f.Department) && (f.Platform == "" || a.Platform == f.Platform) &&
					(f.Status == "" || a.Status == f.Status)
			}, byID(func(a *portal.Account) uuid.UUID { return a.ID }),
				func(after uuid.UUID, limit int) ([]portal.Account, error) { return st.Accounts(ctx, f, after, limit) })
		})
	}
}

// inspectionFixture stores inspections of 4 accounts over 12 weeks, some
// weeks skipped, and returns them with the accounts.
func inspectionFixture(t *testing.T, st portal.Store) ([]portal.MediaInspection, []uuid.UUID) {
	t.Helper()
	r := rand.New(rand.NewPCG(19, 20))
	accts := []uuid.UUID{storetestkit.NewID(t), storetestkit.NewID(t), storetestkit.NewID(t), storetestkit.NewID(t)}
	var ins []portal.MediaInspection
	for ai, a := range accts {
		for w := range 12 {
			if r.IntN(3) == 0 || (ai == 3 && w > 2) {
				continue
			}
			in := newInspection(t, a, w)
			in.Department = pick(r, depts[:3]...)
			storetestkit.Must(t, st.CreateMediaInspection(t.Context(), &in, nil, nil), "CreateMediaInspection")
			ins = append(ins, in)
		}
	}
	return ins, accts
}

// TestInspectionListing checks every filter of MediaInspections, the
// half-open window of weeks included, ordered and paged by ID.
func (cases) TestInspectionListing(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	ins, accts := inspectionFixture(t, st)
	for name, f := range map[string]portal.MediaInspectionFilter{
		"All":        {},
		"Account":    {AccountID: accts[0]},
		"Department": {Department: "lbq-gaj"},
		"From":       {From: monday(4)},
		"To":         {To: monday(8)},
		"Window":     {From: monday(4), To: monday(8).In(time.FixedZone("X", 3600))},
		"Together":   {AccountID: accts[1], Department: "lbq-scjg", From: monday(2), To: monday(10)},
	} {
		t.Run(name, func(t *testing.T) {
			storetestkit.RequireListing(t, "MediaInspections "+name, ins, func(in *portal.MediaInspection) bool {
				return (f.AccountID == uuid.Nil || in.AccountID == f.AccountID) &&
					(f.Department == "" || in.Department == f.Department) && within(in.Week, f.From, f.To)
			}, byID(func(in *portal.MediaInspection) uuid.UUID { return in.ID }),
				func(after uuid.UUID, limit int) ([]portal.MediaInspection, error) {
					return st.MediaInspections(ctx, f, after, limit)
				})
		})
	}
}
