// Package acbyte is a compact byte-level Aho-Corasick automaton: the
// second engine the wordcheck benchmarks set beside the library, and a
// second implementation its property tests compare with.
//
// Every byte of the text passes through the root and the states just
// below it, so those states (the root, and any state with many children:
// the lead bytes of Chinese characters) get a dense row of 256
// transitions with the failure links already followed, a complete DFA
// row. Every other state keeps its few trie edges sorted in one shared
// array, and a miss follows its failure link, which soon reaches a dense
// state. States are numbered dense first, so a state's number says which
// it is; a transition's high bit says that the state it leads to ends a
// pattern, so a byte that ends none costs no further load. Each state has
// an output link to the nearest state on its failure chain that ends a
// pattern, so every overlapping match is reported without walking the
// whole chain.
//
// For a dictionary of 10,000 Chinese words the tables take about 2 MiB,
// where a complete DFA over byte classes takes about 40.
package acbyte

import "sort"

// denseMin is the number of children from which a state gets a dense row:
// below it, a scan of the sorted edges is about as fast and far smaller.
const denseMin = 8

// outFlag marks a transition to a state that ends a pattern, itself or on
// its failure chain.
const outFlag = 1 << 31

// Automaton finds every occurrence of a set of byte patterns. It is
// immutable once built and safe for concurrent use.
type Automaton struct {
	// dense holds the rows of states 0..nDense-1, 256 transitions each,
	// failure links followed: never a miss.
	dense  []uint32
	nDense uint32
	// edgeStart[s-nDense]..edgeStart[s-nDense+1] are the sparse state s's
	// trie edges, sorted by byte.
	edgeStart []uint32
	edgeByte  []byte
	edgeNext  []uint32
	fail      []uint32
	// out[s] is the pattern that ends at s, or -1; link[s] the nearest
	// state on s's failure chain whose out is set, or 0 for none (the
	// root ends no pattern).
	out    []int32
	link   []uint32
	length []int32 // the length of each pattern
}

// node is a trie state while the automaton is built.
type node struct {
	next  map[byte]int32
	out   int32
	fail  int32
	link  int32
	depth int
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
				nodes = append(nodes, node{next: map[byte]int32{}, out: -1, depth: nodes[s].depth + 1})
				nodes[s].next[p[i]] = n
			}
			s = n
		}
		if nodes[s].out < 0 {
			nodes[s].out = int32(id)
		}
	}
	order := links(nodes)
	a.lay(nodes, order)
	return a
}

// links computes the failure and output links breadth first, and returns
// the states in that order.
func links(nodes []node) []int32 {
	order := make([]int32, 0, len(nodes))
	order = append(order, 0)
	for i := 0; i < len(order); i++ {
		s := order[i]
		for _, b := range sortedKeys(nodes[s].next) {
			t := nodes[s].next[b]
			order = append(order, t)
			if s == 0 {
				nodes[t].fail, nodes[t].link = 0, 0
				continue
			}
			f := nodes[s].fail
			for {
				if g, ok := nodes[f].next[b]; ok {
					nodes[t].fail = g
					break
				}
				if f == 0 {
					nodes[t].fail = 0
					break
				}
				f = nodes[f].fail
			}
			if fs := nodes[t].fail; nodes[fs].out >= 0 {
				nodes[t].link = fs
			} else {
				nodes[t].link = nodes[fs].link
			}
		}
	}
	return order
}

func sortedKeys(m map[byte]int32) []byte {
	keys := make([]byte, 0, len(m))
	for b := range m {
		keys = append(keys, b)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	return keys
}

// lay numbers the states, dense first in breadth-first order, and writes
// the tables.
func (a *Automaton) lay(nodes []node, order []int32) {
	n := len(nodes)
	id := make([]uint32, n)
	var denseStates, sparseStates []int32
	for _, s := range order {
		if s == 0 || len(nodes[s].next) >= denseMin {
			denseStates = append(denseStates, s)
		} else {
			sparseStates = append(sparseStates, s)
		}
	}
	for i, s := range denseStates {
		id[s] = uint32(i)
	}
	for i, s := range sparseStates {
		id[s] = uint32(len(denseStates) + i)
	}
	a.nDense = uint32(len(denseStates))
	a.out = make([]int32, n)
	a.fail = make([]uint32, n)
	a.link = make([]uint32, n)
	for s := range nodes {
		a.out[id[s]], a.fail[id[s]], a.link[id[s]] = nodes[s].out, id[nodes[s].fail], id[nodes[s].link]
	}
	// edge returns the transition value of the trie edge to t.
	edge := func(t int32) uint32 {
		v := id[t]
		if nodes[t].out >= 0 || nodes[t].link != 0 {
			v |= outFlag
		}
		return v
	}
	// Dense rows in breadth-first order: a state's failure state is
	// shallower, so its row is complete when this one is written.
	a.dense = make([]uint32, 256*len(denseStates))
	delta := func(s int32, b byte) uint32 {
		for {
			if t, ok := nodes[s].next[b]; ok {
				return edge(t)
			}
			if s == 0 {
				return 0
			}
			if d := id[nodes[s].fail]; d < a.nDense {
				return a.dense[int(d)*256+int(b)]
			}
			s = nodes[s].fail
		}
	}
	for i, s := range denseStates {
		for b := range 256 {
			a.dense[i*256+b] = delta(s, byte(b))
		}
	}
	a.edgeStart = make([]uint32, len(sparseStates)+1)
	for i, s := range sparseStates {
		a.edgeStart[i] = uint32(len(a.edgeByte))
		for _, b := range sortedKeys(nodes[s].next) {
			a.edgeByte = append(a.edgeByte, b)
			a.edgeNext = append(a.edgeNext, edge(nodes[s].next[b]))
		}
	}
	a.edgeStart[len(sparseStates)] = uint32(len(a.edgeByte))
}

// Each calls yield for every occurrence of a pattern in text, overlapping
// ones included, in order of their end and, at one end, longest first.
func (a *Automaton) Each(text string, yield func(id, start, end int)) {
	dense, nDense := a.dense, a.nDense
	s := uint32(0)
	for i := 0; i < len(text); i++ {
		b := text[i]
		var t uint32
		for {
			if s < nDense {
				t = dense[int(s)<<8|int(b)]
				break
			}
			e, end := a.edgeStart[s-nDense], a.edgeStart[s-nDense+1]
			for ; e < end && a.edgeByte[e] < b; e++ {
			}
			if e < end && a.edgeByte[e] == b {
				t = a.edgeNext[e]
				break
			}
			s = a.fail[s]
		}
		s = t &^ outFlag
		if t&outFlag == 0 {
			continue
		}
		o := s
		if a.out[o] < 0 {
			o = a.link[o]
		}
		for o != 0 {
			id := a.out[o]
			yield(int(id), i+1-int(a.length[id]), i+1)
			o = a.link[o]
		}
	}
}

// States returns the number of states.
func (a *Automaton) States() int { return len(a.out) }

// Bytes returns the approximate size of the automaton's tables in bytes.
func (a *Automaton) Bytes() int {
	return 4*(len(a.dense)+len(a.edgeStart)+len(a.edgeNext)+len(a.fail)+len(a.out)+len(a.link)+len(a.length)) + len(a.edgeByte)
}
