package storetest

import (
	"fmt"
	"testing"

	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/portal"
)

// BenchBatch is how many posts one CreatePosts of the benchmarks carries:
// a feed or CMS import's page.
const BenchBatch = 200

// BenchPosts returns n posts of column, numbered from start, of 5
// departments and the 4 sources, published over a year: what one
// CreatePosts of an import stores. A baseline that writes the same rows
// without a Store takes them from here too.
func BenchPosts(tb testing.TB, column portal.Column, start, n int) []portal.Post {
	tb.Helper()
	ps := make([]portal.Post, n)
	for i := range ps {
		k := start + i
		ps[i] = newPost(tb, column.SiteID, column.ID, fmt.Sprintf("https://www.lbq.gov.cn/gzdt/%d/art_%08d.html", 2022, k))
		ps[i].Department = fmt.Sprintf("dept-%d", k%5)
		ps[i].Source = portal.PostSources()[k%4]
		ps[i].Published = at(k % (365 * 24 * 60))
	}
	return ps
}

// RunBenchmarks measures a store made by newHarness:
//
//   - CreatePosts: batches of BenchBatch posts of one column, each batch
//     moving the column's last update with its event, as RecordPosts
//     stores an import's page, in posts/s;
//   - PostGroups: the counts per column, department and source of a
//     year's posts over the seeded posts (20,000, 2,000 with -short), in
//     posts counted/s.
func RunBenchmarks(b *testing.B, newHarness HarnessMaker) {
	ctx := b.Context()
	_, mk := storetestkit.OpenHarness(b, newHarness)

	b.Run("CreatePosts", func(b *testing.B) {
		st := mk(b)
		site := mustSite(b, st, "bench")
		col := mustColumn(b, st, site.ID, "gzdt")
		n := 0
		for b.Loop() {
			ps := BenchPosts(b, col, n, BenchBatch)
			next := col
			next.Version++
			next.Updated, next.UpdatedBy = ps[len(ps)-1].Published, portal.UpdatedByPost
			ev := event(b, col.ID, next.Version, portal.EventPostsRecorded, "", "")
			if err := st.CreatePosts(ctx, ps, []portal.Column{next}, nil, []portal.Event{ev}); err != nil {
				b.Fatalf("CreatePosts: %v", err)
			}
			col = next
			n += len(ps)
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "posts/s")
	})

	st := mk(b)
	site := mustSite(b, st, "bench")
	cols := []portal.Column{mustColumn(b, st, site.ID, "a"), mustColumn(b, st, site.ID, "b"),
		mustColumn(b, st, site.ID, "c"), mustColumn(b, st, site.ID, "d")}
	rows := storetestkit.Scale(2000, 20000)
	for start := 0; start < rows; start += BenchBatch {
		ps := BenchPosts(b, cols[(start/BenchBatch)%len(cols)], start, min(BenchBatch, rows-start))
		if err := st.CreatePosts(ctx, ps, nil, nil, nil); err != nil {
			b.Fatalf("CreatePosts: %v", err)
		}
	}
	f := portal.PostFilter{SiteID: site.ID, From: at(0), To: at(365 * 24 * 60)}
	gs, err := st.PostGroups(ctx, f)
	if err != nil {
		b.Fatalf("PostGroups: %v", err)
	}
	counted := 0
	for _, g := range gs {
		counted += g.Count
	}
	if counted != rows {
		b.Fatalf("PostGroups counted %d posts of the %d seeded", counted, rows)
	}
	b.Run("PostGroups", func(b *testing.B) {
		for b.Loop() {
			gs, err := st.PostGroups(ctx, f)
			if err != nil {
				b.Fatalf("PostGroups: %v", err)
			}
			if len(gs) == 0 {
				b.Fatalf("PostGroups counted no posts")
			}
		}
		b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "posts/s")
	})
}
