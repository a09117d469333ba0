// Package acbyte is a compact byte-level Aho-Corasick automaton: the
// baseline the wordcheck benchmarks set beside the library the Matcher
// uses, and a second implementation its property tests compare with.
//
// The trie's root has a dense row of 256 transitions, since every byte of
// the text passes through it; a state with many children (the lead byte of
// a common Chinese character) gets a dense row too, and every other state
// keeps its few edges sorted in one shared array. Failure links are
// followed while searching, and each state has an output link to the
// nearest state on its failure chain that ends a pattern, so that every
// overlapping match is reported without walking the whole chain.
package acbyte

import "sort"

// denseMin is the number of children from which a state gets a dense row:
// below it, a linear scan of the sorted edges is as fast and far smaller.
const denseMin = 16

// Automaton finds every occurrence of a set of byte patterns. It is
// immutable once built and safe for concurrent use.
type Automaton struct {
	// dense holds 256 transitions for each dense state; denseRow[s] is the
	// offset of state s's row, or -1 for a sparse state. -1 in a row means
	// no transition.
	dense    []int32
	denseRow []int32
	// edgeStart[s]..edgeStart[s+1] are state s's sparse edges, sorted by
	// byte.
	edgeStart []int32
	edgeByte  []byte
	edgeNext  []int32
	fail      []int32
	// out[s] is the pattern that ends at s, or -1; link[s] is the nearest
	// state on s's failure chain whose out is set, or -1.
	out    []int32
	link   []int32
	length []int32 // the length of each pattern
}

// node is a trie state while the automaton is built.
type node struct {
	next map[byte]int32
	out  int32
}

// New builds the automaton of patterns; pattern i is reported as i. An
// empty pattern is never reported, and a pattern given twice is reported
// under its first index.
func New(patterns []string) *Automaton {
	nodes := []node{{next: map[byte]int32{}, out: -1}}
	a := &Automaton{length: make([]int32, len(patterns))}
	for id, p := range patterns {
		a.length[id] = int32(len(p))
		if p == "" {
			continue
		}
		s := int32(0)
		for i := 0; i < len(p); i++ {
			n, ok := nodes[s].next[p[i]]
			if !ok {
				n = int32(len(nodes))
				nodes = append(nodes, node{next: map[byte]int32{}, out: -1})
				nodes[s].next[p[i]] = n
			}
			s = n
		}
		if nodes[s].out < 0 {
			nodes[s].out = int32(id)
		}
	}
	a.lay(nodes)
	a.links(nodes)
	return a
}

// lay turns the trie into the dense rows and sparse edge arrays.
func (a *Automaton) lay(nodes []node) {
	n := len(nodes)
	a.denseRow = make([]int32, n)
	a.edgeStart = make([]int32, n+1)
	a.out = make([]int32, n)
	keys := make([]int, 0, 256)
	for s := range nodes {
		a.out[s] = nodes[s].out
		a.edgeStart[s] = int32(len(a.edgeByte))
		if s == 0 || len(nodes[s].next) >= denseMin {
			a.denseRow[s] = int32(len(a.dense))
			row := make([]int32, 256)
			for i := range row {
				row[i] = -1
			}
			for b, t := range nodes[s].next {
				row[b] = t
			}
			a.dense = append(a.dense, row...)
			continue
		}
		a.denseRow[s] = -1
		keys = keys[:0]
		for b := range nodes[s].next {
			keys = append(keys, int(b))
		}
		sort.Ints(keys)
		for _, b := range keys {
			a.edgeByte = append(a.edgeByte, byte(b))
			a.edgeNext = append(a.edgeNext, nodes[s].next[byte(b)])
		}
	}
	a.edgeStart[n] = int32(len(a.edgeByte))
}

// links computes the failure and output links, breadth first.
func (a *Automaton) links(nodes []node) {
	n := len(nodes)
	a.fail = make([]int32, n)
	a.link = make([]int32, n)
	a.link[0] = -1
	queue := make([]int32, 0, n)
	for _, t := range nodes[0].next {
		a.fail[t] = 0
		a.link[t] = -1
		queue = append(queue, t)
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for b, t := range nodes[s].next {
			f := a.fail[s]
			for {
				if g := a.step(f, b); g >= 0 {
					a.fail[t] = g
					break
				}
				if f == 0 {
					a.fail[t] = 0
					break
				}
				f = a.fail[f]
			}
			if fs := a.fail[t]; a.out[fs] >= 0 {
				a.link[t] = fs
			} else {
				a.link[t] = a.link[fs]
			}
			queue = append(queue, t)
		}
	}
}

// step returns the trie transition of s on b, or -1.
func (a *Automaton) step(s int32, b byte) int32 {
	if r := a.denseRow[s]; r >= 0 {
		return a.dense[r+int32(b)]
	}
	lo, hi := a.edgeStart[s], a.edgeStart[s+1]
	for i := lo; i < hi; i++ {
		if c := a.edgeByte[i]; c >= b {
			if c == b {
				return a.edgeNext[i]
			}
			return -1
		}
	}
	return -1
}

// Each calls yield for every occurrence of a pattern in text, overlapping
// ones included, in order of their end and, at one end, longest first.
func (a *Automaton) Each(text string, yield func(id, start, end int)) {
	root := a.dense[:256]
	s := int32(0)
	for i := 0; i < len(text); i++ {
		b := text[i]
		if s == 0 {
			s = root[b]
			if s < 0 {
				s = 0
				continue
			}
		} else {
			for {
				if t := a.step(s, b); t >= 0 {
					s = t
					break
				}
				if s == 0 {
					break
				}
				s = a.fail[s]
			}
		}
		o := s
		if a.out[o] < 0 {
			o = a.link[o]
		}
		for o > 0 {
			id := a.out[o]
			yield(int(id), i+1-int(a.length[id]), i+1)
			o = a.link[o]
		}
	}
}

// States returns the number of states, and Bytes the memory the tables
// take: what the benchmarks report beside the speed.
func (a *Automaton) States() int { return len(a.out) }

// Bytes returns the approximate size of the automaton's tables in bytes.
func (a *Automaton) Bytes() int {
	return 4*(len(a.dense)+len(a.denseRow)+len(a.edgeStart)+len(a.edgeNext)+len(a.fail)+len(a.out)+len(a.link)+len(a.length)) + len(a.edgeByte)
}
