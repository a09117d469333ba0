package acbyte_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/govops-kit/govops/portal/wordcheck/internal/acbyte"
)

type hit struct{ id, start, end int }

// naive finds every occurrence of every pattern, in the automaton's order:
// by end, and at one end longest first.
func naive(patterns []string, text string) []hit {
	first := map[string]int{}
	longest := 0
	for _, p := range patterns {
		longest = max(longest, len(p))
	}
	var out []hit
	for end := 1; end <= len(text); end++ {
		for start := max(0, end-longest); start < end; start++ {
			for id, p := range patterns {
				if p == "" || text[start:end] != p {
					continue
				}
				if f, ok := first[p]; ok && f != id {
					continue
				}
				first[p] = id
				out = append(out, hit{id, start, end})
			}
		}
	}
	return out
}

func each(a *acbyte.Automaton, text string) []hit {
	var out []hit
	a.Each(text, func(id, start, end int) { out = append(out, hit{id, start, end}) })
	return out
}

func TestAutomaton_Each(t *testing.T) {
	a := acbyte.New([]string{"he", "she", "his", "hers", "", "he"})
	if got, want := each(a, "ushers"), []hit{{1, 1, 4}, {0, 2, 4}, {3, 2, 6}}; !slices.Equal(got, want) {
		t.Errorf("Each = %v, want %v", got, want)
	}
}

// TestAutomaton_Property compares Each with the naive search on random
// patterns over a small alphabet, where a state gets dense and sparse rows.
func TestAutomaton_Property(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	var alphabet []string
	for b := range 40 {
		alphabet = append(alphabet, string(rune('A'+b)))
	}
	alphabet = append(alphabet, "中", "\xe4", "\xff")
	word := func(n int) string {
		var b strings.Builder
		for range 1 + rnd.IntN(n) {
			if rnd.IntN(3) == 0 {
				b.WriteString(alphabet[rnd.IntN(len(alphabet))])
			} else {
				b.WriteString(alphabet[rnd.IntN(3)])
			}
		}
		return b.String()
	}
	for i := range 2000 {
		var ps []string
		n := 1 + rnd.IntN(40)
		if i%10 == 0 {
			n = 300 // enough children after one prefix for dense rows past the root
		}
		for range n {
			ps = append(ps, word(4))
		}
		text := word(60)
		if i%10 == 0 {
			text = word(400)
		}
		if got, want := each(acbyte.New(ps), text), naive(ps, text); !slices.Equal(got, want) {
			t.Fatalf("case %d: patterns %q, text %q: Each = %v, want %v", i, ps, text, got, want)
		}
	}
}
