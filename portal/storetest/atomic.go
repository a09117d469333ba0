package storetest

import (
	"time"

	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/portal"
)

// nextColumn returns c at its next version, with its last update moved.
func nextColumn(c portal.Column, n int) portal.Column {
	c.Version++
	c.Updated, c.UpdatedBy, c.Empty, c.ChangedAt = at(1000+n), portal.UpdatedByPost, false, at(1000+n)
	return c
}

// TestCreatePosts checks that CreatePosts is one step: the posts, their
// columns' last updates, the site's HomeUpdated and the events land
// together; a column or the site missing or stale, a post's column not
// stored, a post refused or an event refused writes none of them.
func (cases) TestCreatePosts(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	site := mustSite(t, st, "cp")
	home, news := mustColumn(t, st, site.ID, "home"), mustColumn(t, st, site.ID, "news")
	ps := []portal.Post{newPost(t, site.ID, home.ID, "https://www.lbq.gov.cn/1.html"),
		newPost(t, site.ID, news.ID, "https://www.lbq.gov.cn/2.html"), newPost(t, site.ID, news.ID, "https://www.lbq.gov.cn/3.html")}
	cs := []portal.Column{nextColumn(home, 1), nextColumn(news, 1)}
	upSite := site
	upSite.Version, upSite.HomeUpdated, upSite.UpdatedAt = 2, at(1001), at(1001)
	evs := []portal.Event{event(t, home.ID, 2, portal.EventPostsRecorded, "", ""),
		event(t, news.ID, 2, portal.EventPostsRecorded, "", ""), event(t, site.ID, 2, portal.EventSiteUpdated, "active", "active")}

	refused := func(name string, ps []portal.Post, cs []portal.Column, s *portal.Site, evs []portal.Event, code string) {
		t.Helper()
		storetestkit.MustCode(t, st.CreatePosts(ctx, ps, cs, s, evs), code, "CreatePosts with "+name)
		storetestkit.RequireEqual(t, nil, postsOf(t, st, site.ID), "posts after CreatePosts with "+name)
		for _, c := range []portal.Column{home, news} {
			got, err := st.Column(ctx, c.ID)
			requireGot(t, c, got, err, "column after CreatePosts with "+name)
			requireEvents(t, st, c.ID, nil, "of a column after CreatePosts with "+name)
		}
		got, err := st.Site(ctx, site.ID)
		requireGot(t, site, got, err, "site after CreatePosts with "+name)
		requireEvents(t, st, site.ID, nil, "of the site after CreatePosts with "+name)
	}
	stale := cs[1]
	stale.Version = 3
	refused("a stale column", ps, []portal.Column{cs[0], stale}, &upSite, evs, govops.ECONFLICT)
	missing := cs[1]
	missing.ID = storetestkit.NewID(t)
	refused("a column not stored", ps, []portal.Column{cs[0], missing}, &upSite, evs, govops.ENOTFOUND)
	staleSite := upSite
	staleSite.Version = 1
	refused("a stale site", ps, cs, &staleSite, evs, govops.ECONFLICT)
	missingSite := upSite
	missingSite.ID = storetestkit.NewID(t)
	refused("a site not stored", ps, cs, &missingSite, evs, govops.ENOTFOUND)
	orphan := newPost(t, site.ID, storetestkit.NewID(t), "https://www.lbq.gov.cn/4.html")
	refused("a post of a column not stored", append(ps[:2:2], orphan), cs, &upSite, evs, govops.ENOTFOUND)
	refused("a post's URL twice", append(ps[:2:2], newPost(t, site.ID, news.ID, ps[0].URL)), cs, &upSite, evs, govops.ECONFLICT)
	twice := evs[1]
	twice.ID = storetestkit.NewID(t)
	refused("an event's Seq twice", ps, cs, &upSite, []portal.Event{evs[0], evs[1], evs[2], twice}, govops.ECONFLICT)

	storetestkit.Must(t, st.CreatePosts(ctx, ps, cs, &upSite, evs), "CreatePosts")
	storetestkit.RequireOrdered(t, "posts after CreatePosts", ps, func(*portal.Post) bool { return true },
		func(a, b *portal.Post) int { return storetestkit.CompareID(a.ID, b.ID) }, postsOf(t, st, site.ID), nil)
	for i, c := range cs {
		got, err := st.Column(ctx, c.ID)
		requireGot(t, c, got, err, "column after CreatePosts")
		requireEvents(t, st, c.ID, evs[i:i+1], "of a column after CreatePosts")
	}
	got, err := st.Site(ctx, site.ID)
	requireGot(t, upSite, got, err, "site after CreatePosts")
	requireEvents(t, st, site.ID, evs[2:], "of the site after CreatePosts")
	storetestkit.Must(t, st.CreatePosts(ctx, nil, nil, nil, nil), "CreatePosts of nothing")
}

// TestUpdateColumns checks that UpdateColumns is one step: every column,
// the site and the events land together, and one column or the site
// missing or stale, or one column given twice, writes none.
func (cases) TestUpdateColumns(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	site := mustSite(t, st, "uc")
	cols := []portal.Column{mustColumn(t, st, site.ID, "a"), mustColumn(t, st, site.ID, "b"), mustColumn(t, st, site.ID, "c")}
	next := make([]portal.Column, len(cols))
	var evs []portal.Event
	for i, c := range cols {
		next[i] = nextColumn(c, i)
		next[i].UpdatedBy = portal.UpdatedByCrawl
		evs = append(evs, event(t, c.ID, 2, portal.EventColumnRefreshed, "", ""))
	}
	upSite := site
	upSite.Version, upSite.HomeUpdated = 2, at(1000)
	refused := func(name string, cs []portal.Column, s *portal.Site, code string) {
		t.Helper()
		storetestkit.MustCode(t, st.UpdateColumns(ctx, cs, s, evs), code, "UpdateColumns with "+name)
		for _, c := range cols {
			got, err := st.Column(ctx, c.ID)
			requireGot(t, c, got, err, "column after UpdateColumns with "+name)
			requireEvents(t, st, c.ID, nil, "of a column after UpdateColumns with "+name)
		}
		got, err := st.Site(ctx, site.ID)
		requireGot(t, site, got, err, "site after UpdateColumns with "+name)
	}
	stale := next[2]
	stale.Version = 1
	refused("the last column stale", []portal.Column{next[0], next[1], stale}, &upSite, govops.ECONFLICT)
	missing := next[2]
	missing.ID = storetestkit.NewID(t)
	refused("the last column not stored", []portal.Column{next[0], next[1], missing}, &upSite, govops.ENOTFOUND)
	staleSite := upSite
	staleSite.Version = 3
	refused("a stale site", next, &staleSite, govops.ECONFLICT)
	refused("a column twice", []portal.Column{next[0], next[1], next[2], next[0]}, &upSite, govops.ECONFLICT)

	storetestkit.Must(t, st.UpdateColumns(ctx, next, &upSite, evs), "UpdateColumns")
	for i, c := range next {
		got, err := st.Column(ctx, c.ID)
		requireGot(t, c, got, err, "column after UpdateColumns")
		requireEvents(t, st, c.ID, evs[i:i+1], "of a column after UpdateColumns")
	}
	got, err := st.Site(ctx, site.ID)
	requireGot(t, upSite, got, err, "site after UpdateColumns")
	storetestkit.Must(t, st.UpdateColumns(ctx, nil, nil, nil), "UpdateColumns of nothing")
}

// TestEndCrawl checks that EndCrawl is one step: the crawl's end, its
// findings and the events land together; the crawl stale or missing, or
// a finding refused, writes none of them.
func (cases) TestEndCrawl(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	site := storetestkit.NewID(t)
	c := newCrawl(t, site)
	c.Status, c.Ended, c.Findings = portal.CrawlRunning, time.Time{}, nil
	first := created(t, c.ID, portal.EventCrawlStarted, "running")
	storetestkit.Must(t, st.CreateCrawl(ctx, &c, first), "CreateCrawl")
	fs := make([]portal.Finding, 5)
	for i := range fs {
		fs[i] = newFinding(t, c.ID, site, i+1)
	}
	end := newCrawl(t, site)
	end.ID, end.Version = c.ID, 2
	ev := event(t, c.ID, 2, portal.EventCrawlEnded, "running", "done")
	refused := func(name string, c2 *portal.Crawl, fs []portal.Finding, code string) {
		t.Helper()
		storetestkit.MustCode(t, st.EndCrawl(ctx, c2, fs, []portal.Event{ev}), code, "EndCrawl with "+name)
		got, err := st.Crawl(ctx, c.ID)
		requireGot(t, c, got, err, "crawl after EndCrawl with "+name)
		requireEvents(t, st, c.ID, first, "of the crawl after EndCrawl with "+name)
		all, err := st.Findings(ctx, portal.FindingFilter{SiteID: site}, uuid.Nil, 0)
		storetestkit.Must(t, err, "Findings")
		storetestkit.RequireEqual(t, nil, all, "findings after EndCrawl with "+name)
	}
	dup := fs[2]
	dup.ID = storetestkit.NewID(t)
	refused("a finding's seq twice", &end, append(fs[:4:4], dup), govops.ECONFLICT)
	stale := end
	stale.Version = 3
	refused("a stale crawl", &stale, fs, govops.ECONFLICT)
	missing := end
	missing.ID = storetestkit.NewID(t)
	refused("a crawl not stored", &missing, fs, govops.ENOTFOUND)

	storetestkit.Must(t, st.EndCrawl(ctx, &end, fs, []portal.Event{ev}), "EndCrawl")
	got, err := st.Crawl(ctx, c.ID)
	requireGot(t, end, got, err, "crawl after EndCrawl")
	requireEvents(t, st, c.ID, append(first, ev), "of the crawl after EndCrawl")
	for _, f := range fs {
		got, err := st.Finding(ctx, f.ID)
		requireGot(t, f, got, err, "finding after EndCrawl")
	}
	_, err = st.Finding(ctx, storetestkit.NewID(t))
	requireMissing(t, err, "Finding never stored")
}

// TestInspectionAccount checks that an inspection and its account's last
// post are one step: an inspection with its account stale or missing
// writes neither, nor the events; one that lands moves both.
func (cases) TestInspectionAccount(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	a := newAccount(t, "ia")
	storetestkit.Must(t, st.CreateAccount(ctx, &a, nil), "CreateAccount")
	in := newInspection(t, a.ID, 10)
	moved := a
	moved.Version, moved.LastPost = 2, in.LastPost
	evs := []portal.Event{event(t, in.ID, 1, portal.EventMediaInspected, "", ""),
		event(t, a.ID, 2, portal.EventAccountUpdated, "active", "active")}
	refused := func(name string, acct *portal.Account, code string) {
		t.Helper()
		storetestkit.MustCode(t, st.CreateMediaInspection(ctx, &in, acct, evs), code, "CreateMediaInspection with "+name)
		_, err := st.MediaInspection(ctx, in.ID)
		requireMissing(t, err, "inspection after CreateMediaInspection with "+name)
		got, err := st.Account(ctx, a.ID)
		requireGot(t, a, got, err, "account after CreateMediaInspection with "+name)
		requireEvents(t, st, in.ID, nil, "of the inspection after CreateMediaInspection with "+name)
		requireEvents(t, st, a.ID, nil, "of the account after CreateMediaInspection with "+name)
	}
	stale := moved
	stale.Version = 3
	refused("a stale account", &stale, govops.ECONFLICT)
	missing := moved
	missing.ID = storetestkit.NewID(t)
	refused("an account not stored", &missing, govops.ENOTFOUND)

	storetestkit.Must(t, st.CreateMediaInspection(ctx, &in, &moved, evs), "CreateMediaInspection")
	got, err := st.MediaInspection(ctx, in.ID)
	requireGot(t, in, got, err, "inspection")
	gotA, err := st.Account(ctx, a.ID)
	requireGot(t, moved, gotA, err, "account after its inspection")

	upd := in
	upd.Version, upd.LastPost = 2, in.LastPost.Add(3*time.Hour)
	again := moved
	again.Version, again.LastPost = 3, upd.LastPost
	staleAgain := again
	staleAgain.Version = 2
	storetestkit.MustCode(t, st.UpdateMediaInspection(ctx, &upd, &staleAgain, nil), govops.ECONFLICT,
		"UpdateMediaInspection with a stale account")
	got, err = st.MediaInspection(ctx, in.ID)
	requireGot(t, in, got, err, "inspection after an update with a stale account")
	storetestkit.Must(t, st.UpdateMediaInspection(ctx, &upd, &again, nil), "UpdateMediaInspection")
	got, err = st.MediaInspection(ctx, in.ID)
	requireGot(t, upd, got, err, "inspection after its update")
	gotA, err = st.Account(ctx, a.ID)
	requireGot(t, again, gotA, err, "account after its inspection's update")
}
