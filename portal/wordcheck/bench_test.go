package wordcheck_test

import (
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coregx/ahocorasick"

	"github.com/govops-kit/govops/portal/wordcheck"
	"github.com/govops-kit/govops/portal/wordcheck/internal/acbyte"
)

// The benchmark's workload, as the portal's speed goal states it: a
// dictionary of 10,000 words of 2 to 6 characters over 100 MB of Chinese
// page text, in pages of about 20 KB as a crawl hands them over.
const (
	benchWords     = 10_000
	benchTextBytes = 100 << 20
	benchPageBytes = 20 << 10
	// benchSliceBytes is the part of the text the strings.Index loop is
	// timed on: over all 100 MB it would take minutes. MB/s is MB/s, and
	// the ratio benchmark times the Matcher on the same slice.
	benchSliceBytes = 1 << 20
)

type benchCorpus struct {
	dict  wordcheck.Dictionary
	words []string // entries' words, then exceptions: the automata's patterns
	pages []string
	bytes [][]byte // pages as bytes, for the library's own API
	total int
	slice []string // the first pages, benchSliceBytes in all
	size  int      // the slice's bytes
}

// corpus generates the workload once per test binary: the text takes a
// few seconds to write.
var corpus = sync.OnceValue(func() *benchCorpus {
	c := &benchCorpus{}
	words := genDictionary(1, benchWords)
	for i, w := range words {
		if i%2 == 0 {
			c.dict.Entries = append(c.dict.Entries, typo(w, "正确写法"))
		} else {
			c.dict.Entries = append(c.dict.Entries, sensitive(w))
		}
		c.words = append(c.words, w)
	}
	// 200 words are planted in the text, one every 40 sentences or so,
	// and 20 exceptions that hold one of them, planted too.
	plant := make([]string, 0, 220)
	for i := 0; i < 200; i++ {
		plant = append(plant, words[i*(benchWords/200)])
	}
	for i := 0; i < 20; i++ {
		x := "原" + plant[i]
		c.dict.Exceptions = append(c.dict.Exceptions, x)
		c.words = append(c.words, x)
		plant = append(plant, x)
	}
	c.pages = newTextGen(2, plant, 40).pages(benchTextBytes, benchPageBytes)
	for _, p := range c.pages {
		c.bytes = append(c.bytes, []byte(p))
		c.total += len(p)
		if c.size < benchSliceBytes {
			c.slice = append(c.slice, p)
			c.size += len(p)
		}
	}
	return c
})

// stringsLoop is the baseline without an automaton: strings.Index for
// every word over the page, then the same exception rule.
func stringsLoop(d wordcheck.Dictionary, page string) int {
	return len(naiveFind(d, page))
}

// BenchmarkFind measures the content check in MB/s of page text: the
// Matcher (the library's automaton, exceptions and ordering included), the
// library's automaton alone, our own compact automaton alone, and the
// strings.Index loop, in one run. Run it on one core:
//
//	go test -run '^$' -bench BenchmarkFind -benchtime 3x -cpu 1 ./portal/wordcheck/
func BenchmarkFind(b *testing.B) {
	c := corpus()
	m := mustMatcher(b, c.dict)
	lib, err := ahocorasick.NewBuilder().AddStrings(c.words).Build()
	if err != nil {
		b.Fatal(err)
	}
	own := acbyte.New(c.words)
	// The text's generation leaves garbage behind: collect it now, so that
	// no engine pays for it.
	runtime.GC()
	b.Run("Matcher", func(b *testing.B) {
		b.SetBytes(int64(c.total))
		n := 0
		for b.Loop() {
			n = 0
			for _, p := range c.pages {
				n += len(m.Find(p))
			}
		}
		b.ReportMetric(float64(n), "matches/op")
	})
	b.Run("coregx", func(b *testing.B) {
		b.SetBytes(int64(c.total))
		n := 0
		for b.Loop() {
			n = 0
			for _, p := range c.bytes {
				n += len(lib.FindAllOverlapping(p))
			}
		}
		b.ReportMetric(float64(n), "hits/op")
		b.ReportMetric(float64(lib.StateCount()), "states")
	})
	b.Run("acbyte", func(b *testing.B) {
		b.SetBytes(int64(c.total))
		n := 0
		for b.Loop() {
			n = 0
			for _, p := range c.pages {
				own.Each(p, func(int, int, int) { n++ })
			}
		}
		b.ReportMetric(float64(n), "hits/op")
		b.ReportMetric(float64(own.Bytes())/(1<<20), "table-MiB")
	})
	b.Run("strings.Index/1MB", func(b *testing.B) {
		b.SetBytes(int64(c.size))
		n := 0
		for b.Loop() {
			n = 0
			for _, p := range c.slice {
				n += stringsLoop(c.dict, p)
			}
		}
		b.ReportMetric(float64(n), "matches/op")
	})
	// The speed-up over the strings loop, both timed here on the same
	// slice, reported as one figure (the goal is 20 or more).
	b.Run("speedup/1MB", func(b *testing.B) {
		var tm, ts time.Duration
		for b.Loop() {
			t0 := time.Now()
			nm := 0
			for _, p := range c.slice {
				nm += len(m.Find(p))
			}
			t1 := time.Now()
			ns := 0
			for _, p := range c.slice {
				ns += stringsLoop(c.dict, p)
			}
			ts += time.Since(t1)
			tm += t1.Sub(t0)
			if nm != ns {
				b.Fatalf("the Matcher finds %d, the strings loop %d", nm, ns)
			}
		}
		b.ReportMetric(float64(ts)/float64(tm), "x-strings")
	})
}

// TestBenchCorpus checks, on a small workload of the same kind, that the
// Matcher and both automata agree with the strings loop: the benchmark
// compares engines that find the same things.
func TestBenchCorpus(t *testing.T) {
	words := genDictionary(1, 2000)
	var d wordcheck.Dictionary
	for _, w := range words {
		d.Entries = append(d.Entries, sensitive(w))
	}
	plant := []string{words[5], words[500], "原" + words[5]}
	d.Exceptions = []string{plant[2]}
	m := mustMatcher(t, d)
	pages := newTextGen(3, plant, 5).pages(200<<10, 8<<10)
	total := 0
	for _, p := range pages {
		got, want := m.Find(p), naiveFind(d, p)
		if len(got) != len(want) {
			t.Fatalf("page %.60q: Find = %d matches, the strings loop %d", p, len(got), len(want))
		}
		total += len(got)
		if !strings.Contains(p, "。") {
			t.Fatalf("page %.60q is not prose", p)
		}
	}
	if total < 100 {
		t.Errorf("the workload has %d matches in 200 KB: the planted words must occur", total)
	}
}

// BenchmarkNewMatcher measures building the Matcher of the 10,000-word
// dictionary: its time, and (B/op) the memory the automaton takes.
//
//	go test -run '^$' -bench BenchmarkNewMatcher -benchmem -cpu 1 ./portal/wordcheck/
func BenchmarkNewMatcher(b *testing.B) {
	var d wordcheck.Dictionary
	for _, w := range genDictionary(1, benchWords) {
		d.Entries = append(d.Entries, sensitive(w))
	}
	b.ReportAllocs()
	for b.Loop() {
		mustMatcher(b, d)
	}
}
