// Package wordcheck finds dictionary words in page text: typos (错别字,
// wrong → right) and wrong or sensitive words (错敏词), with an
// Aho-Corasick automaton, in one pass over the text whatever the size of
// the dictionaries.
//
// An exceptions list keeps correct text from matching: a match that lies
// inside an occurrence of an exception (a longer, correct phrase that
// contains the word) is not reported. The exceptions are patterns of the
// same automaton, so they cost no second pass and no rescan of the text.
//
// The dictionaries are the user's own files (ParseDictionary,
// ParseExceptions, or Load for a set of files); Sample is a small one that
// ships with the package, for trying it out.
//
// The automaton is github.com/coregx/ahocorasick, a fully compiled DFA
// over byte classes: one table load per byte of text. Its benchmark runs
// beside a compact automaton of our own (internal/acbyte) and a
// strings.Index loop over the dictionary, in the same run; the figures are
// in the package's benchmark and the project notes.
package wordcheck

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/coregx/ahocorasick"

	"github.com/govops-kit/govops"
)

// Kind says what a dictionary word is.
type Kind string

// Kinds.
const (
	Typo      Kind = "typo"      // 错别字: reported with its correction
	Sensitive Kind = "sensitive" // 错敏词
)

// Label returns the Chinese label of k.
func (k Kind) Label() string {
	switch k {
	case Typo:
		return "错别字"
	case Sensitive:
		return "错敏词"
	}
	return string(k)
}

// MaxWordRunes is the longest word or exception phrase a dictionary may
// hold: a longer line is a sentence pasted by mistake, not a word.
const MaxWordRunes = 64

// Entry is one dictionary word.
type Entry struct {
	Word string
	Kind Kind
	// Suggestion is the right word of a typo, and of a wrong formulation
	// (a wrong official name or phrasing in the sensitive file) where the
	// file gives one; "" for a word that is simply not to be used.
	Suggestion string
}

// Dictionary is what a Matcher looks for, and the exceptions it allows.
type Dictionary struct {
	Entries    []Entry
	Exceptions []string
}

// Match is one word found in a text.
type Match struct {
	Entry
	// Start and End are the byte offsets of the word in the text.
	Start, End int
}

// Matcher finds a Dictionary's words. It is safe for concurrent use.
type Matcher struct {
	ac *ahocorasick.Automaton // nil when the dictionary has no entries
	// pats describes each pattern of ac: the entry it reports (-1 for
	// none) and whether it is an exception.
	pats    []pattern
	entries []Entry
	hasExc  bool
}

// pattern is what one pattern of the automaton stands for. A phrase may
// be both a word and an exception: then it is never reported.
type pattern struct {
	entry     int
	exception bool
}

// NewMatcher builds the automaton of d. An empty word, or one word given
// twice with different kinds or corrections, is an EINVALID error naming
// it; every such problem is reported at once. A word given twice the same
// way is kept once.
func NewMatcher(d Dictionary) (*Matcher, error) {
	var p govops.Problems
	m := &Matcher{}
	index := map[string]int{} // phrase → pattern
	var phrases []string
	for i, e := range d.Entries {
		field := "entries[" + strconv.Itoa(i) + "]"
		if problem := checkWord(e.Word); problem != "" {
			p.Add(field, problem)
			continue
		}
		switch e.Kind {
		case Typo:
			if e.Suggestion == "" {
				p.Addf(field, "typo %q has no correction: give the right word", e.Word)
				continue
			}
		case Sensitive:
		default:
			p.Addf(field, "kind %q is not %q or %q", e.Kind, Typo, Sensitive)
			continue
		}
		if e.Suggestion != "" {
			if problem := checkWord(e.Suggestion); problem != "" {
				p.Add(field, "correction: "+problem)
				continue
			}
			if e.Suggestion == e.Word {
				p.Addf(field, "%q is given as its own correction", e.Word)
				continue
			}
		}
		if j, ok := index[e.Word]; ok {
			if prev := m.entries[m.pats[j].entry]; prev != e {
				p.Addf(field, "%q is given twice, as %s and as %s: keep one", e.Word, describe(prev), describe(e))
			}
			continue
		}
		index[e.Word] = len(phrases)
		phrases = append(phrases, e.Word)
		m.pats = append(m.pats, pattern{entry: len(m.entries)})
		m.entries = append(m.entries, e)
	}
	for i, x := range d.Exceptions {
		if problem := checkWord(x); problem != "" {
			p.Add("exceptions["+strconv.Itoa(i)+"]", problem)
			continue
		}
		m.hasExc = true
		if j, ok := index[x]; ok {
			m.pats[j].exception = true
			continue
		}
		index[x] = len(phrases)
		phrases = append(phrases, x)
		m.pats = append(m.pats, pattern{entry: -1, exception: true})
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if len(m.entries) == 0 {
		return m, nil
	}
	// Every phrase is valid UTF-8 without control characters, so at most
	// 210 of the 256 byte values occur in them: the library's byte
	// classes, one per byte value used plus one for the rest, fit its
	// byte-sized class numbers (all 256 would not).
	ac, err := ahocorasick.NewBuilder().AddStrings(phrases).Build()
	if err != nil {
		return nil, govops.Errorf(govops.EINTERNAL, "wordcheck: building the automaton: %w", err)
	}
	m.ac = ac
	return m, nil
}

// describe says how an entry was given, for the error about a duplicate.
func describe(e Entry) string {
	if e.Suggestion == "" {
		return string(e.Kind)
	}
	return string(e.Kind) + " → " + e.Suggestion
}

// checkWord returns what is wrong with a word or phrase, or "".
func checkWord(w string) string {
	switch {
	case strings.TrimSpace(w) == "":
		return "is empty: give a word"
	case !utf8.ValidString(w), strings.ContainsRune(w, utf8.RuneError):
		return "holds bytes that are not text: save the file as UTF-8 or GB18030"
	case utf8.RuneCountInString(w) > MaxWordRunes:
		return "is longer than " + strconv.Itoa(MaxWordRunes) + " characters: give a word or a short phrase"
	case strings.TrimSpace(w) != w:
		return "has spaces at its start or end"
	}
	for _, r := range w {
		if unicode.IsControl(r) {
			return "holds a control character or tab"
		}
	}
	return ""
}

// Entries returns the matcher's words, each once, in the dictionary's order.
func (m *Matcher) Entries() []Entry { return slices.Clone(m.entries) }

// Find returns every match in text, in order of Start (and, at one Start,
// of End), overlapping ones included, but for those inside an exception.
// Text that is not valid UTF-8 is searched as it is: offsets are byte
// offsets into text, and a word is only found where its bytes are.
func (m *Matcher) Find(text string) []Match {
	if m.ac == nil || text == "" {
		return nil
	}
	raw := m.ac.FindAllOverlapping([]byte(text))
	if len(raw) == 0 {
		return nil
	}
	var exc []span
	out := make([]Match, 0, len(raw))
	for _, r := range raw {
		pt := m.pats[r.PatternID]
		if pt.exception {
			exc = append(exc, span{r.Start, r.End})
		}
		if pt.entry >= 0 && !pt.exception {
			out = append(out, Match{Entry: m.entries[pt.entry], Start: r.Start, End: r.End})
		}
	}
	// Each pattern is one phrase, so (Start, End) is a key of the matches.
	slices.SortFunc(out, func(a, b Match) int { return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End)) })
	if len(exc) == 0 || len(out) == 0 {
		return out
	}
	return dropExcepted(out, exc)
}

// span is an occurrence of an exception.
type span struct{ start, end int }

// dropExcepted removes from ms, sorted by Start, every match that lies
// inside one of exc: one sweep over both, by start, keeping the furthest
// end of the exceptions started so far.
func dropExcepted(ms []Match, exc []span) []Match {
	slices.SortFunc(exc, func(a, b span) int { return cmp.Compare(a.start, b.start) })
	kept := ms[:0]
	j, reach := 0, -1
	for _, mt := range ms {
		for j < len(exc) && exc[j].start <= mt.Start {
			reach = max(reach, exc[j].end)
			j++
		}
		if reach >= mt.End {
			continue
		}
		kept = append(kept, mt)
	}
	return slices.Clip(kept)
}

// Context returns the snippet of text around a match: up to n runes on
// each side, on one line (line breaks and tabs become spaces, and spaces
// at its ends are dropped), always valid UTF-8 (bytes that are not text
// become U+FFFD). A match whose offsets lie outside text gives the part
// that lies inside.
func Context(text string, mt Match, n int) string {
	start := min(max(mt.Start, 0), len(text))
	end := min(max(mt.End, start), len(text))
	for i := 0; i < n && start > 0; i++ {
		_, size := utf8.DecodeLastRuneInString(text[:start])
		start -= size
	}
	for i := 0; i < n && end < len(text); i++ {
		_, size := utf8.DecodeRuneInString(text[end:])
		end += size
	}
	s := strings.ToValidUTF8(text[start:end], "\uFFFD")
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' || r == '\v' || r == '\f' || r == 0x85 || r == 0x2028 || r == 0x2029 {
			return ' '
		}
		return r
	}, s))
}
