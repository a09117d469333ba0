package storetest

import (
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// benchCreateCase registers cases as the Service does, NextSeq then
// CreateCase with one event, and reports cases/s.
func benchCreateCase(b *testing.B, st govcase.Store) {
	ctx := b.Context()
	g := newGenerator(b, 1)
	for b.Loop() {
		c := g.next(2022)
		n, err := st.NextSeq(ctx, 2022)
		if err != nil {
			b.Fatalf("NextSeq: %v", err)
		}
		c.Number = govcase.FormatNumber(2022, n)
		if err := st.CreateCase(ctx, c, []govcase.Event{event(b, c, govcase.EventRegistered, "")}); err != nil {
			b.Fatalf("CreateCase: %v", err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "cases/s")
}

// RunBenchmarks measures a store made by newHarness:
//
//   - CreateCase: NextSeq then CreateCase with one event, in cases/s;
//   - GetCase: one case by ID, in gets/s;
//   - ListCases: pages of 50 of one department's open cases, in cases/s;
//   - CaseStats: a year's statistics over the seeded cases, in cases/s counted.
//
// The read benchmarks share one store seeded with 10,000 cases (1,000 with
// -short) before any of them runs.
func RunBenchmarks(b *testing.B, newHarness HarnessMaker) {
	ctx := b.Context()
	_, mk := storetestkit.OpenHarness(b, newHarness)

	b.Run("CreateCase", func(b *testing.B) { benchCreateCase(b, mk(b)) })

	st := mk(b)
	seeded := newGenerator(b, 2).cases(storetestkit.Scale(1000, 10000))
	createAll(b, ctx, st, seeded)

	b.Run("GetCase", func(b *testing.B) {
		i := 0
		for b.Loop() {
			if _, err := st.GetCase(ctx, seeded[i%len(seeded)].ID); err != nil {
				b.Fatalf("GetCase: %v", err)
			}
			i++
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "gets/s")
	})

	b.Run("ListCases", func(b *testing.B) {
		f := govcase.Filter{Department: "dept02", Statuses: govcase.OpenStatuses(), Limit: 50}
		listed := 0
		for b.Loop() {
			page, err := st.ListCases(ctx, f)
			if err != nil {
				b.Fatalf("ListCases: %v", err)
			}
			listed += len(page)
			f.After = uuid.Nil
			if len(page) == f.Limit {
				f.After = page[len(page)-1].ID
			}
		}
		b.ReportMetric(float64(listed)/b.Elapsed().Seconds(), "cases/s")
	})

	// A search as center staff make it (on the stored text) and as a
	// reader who sees personal data masked makes it (on the masked
	// projection), side by side: the masked search must cost about the same.
	// "page" matches every case and fills a page at once; "scan" matches
	// none, so the store reads every row's text.
	for _, q := range []struct{ name, text string }{{"page", "事项"}, {"scan", "不存在的内容"}} {
		for _, masked := range []bool{false, true} {
			name := "SearchText/" + q.name + "/raw"
			if masked {
				name = "SearchText/" + q.name + "/masked"
			}
			b.Run(name, func(b *testing.B) {
				f := govcase.Filter{Text: q.text, MaskedText: masked, Limit: 50}
				found := 0
				for b.Loop() {
					page, err := st.ListCases(ctx, f)
					if err != nil {
						b.Fatalf("ListCases: %v", err)
					}
					found = len(page)
				}
				if want := map[string]int{"page": f.Limit, "scan": 0}[q.name]; found != want {
					b.Fatalf("the search found %d cases, want %d", found, want)
				}
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "searches/s")
			})
		}
	}

	b.Run("CaseStats", func(b *testing.B) {
		f := govcase.StatsFilter{Year: 2022}
		var counted int64
		for b.Loop() {
			s, err := st.CaseStats(ctx, f)
			if err != nil {
				b.Fatalf("CaseStats: %v", err)
			}
			counted += s.Total
		}
		b.ReportMetric(float64(counted)/b.Elapsed().Seconds(), "cases/s")
	})
}
