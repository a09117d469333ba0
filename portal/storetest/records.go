package storetest

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/portal"
)

// TestRecordRoundTrip checks that every field of the records written once
// round-trips: a post, a probe and a finding with every field set, and
// with every optional field zero (zero times, empty text, a finding of no
// column, a probe of no answer); a probe's latency to the microsecond.
func (cases) TestRecordRoundTrip(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	site := mustSite(t, st, "rt")
	col := mustColumn(t, st, site.ID, "gzdt")

	full := newPost(t, site.ID, col.ID, "https://www.lbq.gov.cn/gzdt/1.html?a=1&b=%E4%B8%AD#x")
	sparse := newPost(t, site.ID, col.ID, "https://www.lbq.gov.cn/gzdt/2.html")
	sparse.Title, sparse.Published, sparse.Department, sparse.By, sparse.CreatedAt = "", time.Time{}, "", "", time.Time{}
	storetestkit.Must(t, st.CreatePosts(ctx, []portal.Post{full, sparse}, nil, nil, nil), "CreatePosts")
	storetestkit.RequireOrdered(t, "posts", []portal.Post{full, sparse}, func(*portal.Post) bool { return true },
		func(a, b *portal.Post) int { return storetestkit.CompareID(a.ID, b.ID) }, postsOf(t, st, site.ID), nil)

	failed := newProbe(t, site.ID, 5)
	ok := newProbe(t, site.ID, 6)
	ok.Status, ok.Latency, ok.OK, ok.Error = 200, 15*time.Second-time.Microsecond, true, ""
	none := newProbe(t, site.ID, 7)
	none.URL, none.At, none.Status, none.Latency, none.Error = "", time.Time{}, 0, 0, "dns"
	storetestkit.Must(t, st.CreateProbes(ctx, []portal.Probe{failed, ok, none}), "CreateProbes")
	probes, err := st.Probes(ctx, portal.ProbeFilter{SiteID: site.ID}, uuid.Nil, 0)
	storetestkit.RequireOrdered(t, "probes", []portal.Probe{failed, ok, none}, func(*portal.Probe) bool { return true },
		func(a, b *portal.Probe) int { return storetestkit.CompareID(a.ID, b.ID) }, probes, err)
	storetestkit.Must(t, st.CreateProbes(ctx, nil), "CreateProbes of none")

	crawl := newCrawl(t, site.ID)
	storetestkit.Must(t, st.CreateCrawl(ctx, &crawl, nil), "CreateCrawl")
	f1 := newFinding(t, crawl.ID, site.ID, 1)
	f2 := newFinding(t, crawl.ID, site.ID, 2)
	f2.Kind, f2.ColumnID, f2.Department, f2.Target, f2.Text, f2.Status = portal.KindSensitive, uuid.Nil, "", "", "", 0
	f2.Word, f2.Suggestion, f2.Context, f2.Reason, f2.Key, f2.FoundAt = "", "", "", "", "", time.Time{}
	end := crawl
	end.Version = 2
	storetestkit.Must(t, st.EndCrawl(ctx, &end, []portal.Finding{f1, f2}, nil), "EndCrawl")
	for _, f := range []portal.Finding{f1, f2} {
		got, err := st.Finding(ctx, f.ID)
		requireGot(t, f, got, err, "finding")
	}
	fs, err := st.Findings(ctx, portal.FindingFilter{CrawlID: crawl.ID}, uuid.Nil, 0)
	storetestkit.RequireOrdered(t, "findings", []portal.Finding{f1, f2}, func(*portal.Finding) bool { return true },
		func(a, b *portal.Finding) int { return storetestkit.CompareID(a.ID, b.ID) }, fs, err)
	again := end
	again.Version = 3
	storetestkit.Must(t, st.EndCrawl(ctx, &again, nil, nil), "EndCrawl with no finding")
	got, err := st.Crawl(ctx, crawl.ID)
	requireGot(t, again, got, err, "crawl ended with no finding")
}
