// Package wordcheck finds dictionary words in page text: typos (错别字,
// wrong → right) and wrong or sensitive words (错敏词), with an
// Aho-Corasick automaton, in one pass over the text whatever the size of
// the dictionaries.
//
// An exceptions list keeps correct text from matching: a match that lies
// inside an occurrence of an exception (a longer, correct phrase that
// contains the word) is not reported.
//
// The dictionaries are the user's own files; Sample is a small one that
// ships with the package, for trying it out.
package wordcheck

import (
	"errors"
	"io"
)

// Kind says what a dictionary word is.
type Kind string

// Kinds.
const (
	Typo      Kind = "typo"      // 错别字: reported with its correction
	Sensitive Kind = "sensitive" // 错敏词
)

// Entry is one dictionary word.
type Entry struct {
	Word string
	Kind Kind
	// Suggestion is the right word of a typo ("" for a sensitive word).
	Suggestion string
}

// Dictionary is what a Matcher looks for, and the exceptions it allows.
type Dictionary struct {
	Entries    []Entry
	Exceptions []string
}

// ParseDictionary reads a dictionary file of kind: one entry per line,
// "word" for a sensitive word and "wrong<TAB>right" (or "wrong => right")
// for a typo, blank lines and lines starting with # ignored, UTF-8 or
// GB18030. Every bad line is reported, with its number, in one EINVALID
// error.
func ParseDictionary(r io.Reader, kind Kind) ([]Entry, error) {
	return nil, errors.New("wordcheck: not implemented")
}

// ParseExceptions reads an exceptions file: one phrase per line, blank
// lines and # comments ignored.
func ParseExceptions(r io.Reader) ([]string, error) {
	return nil, errors.New("wordcheck: not implemented")
}

// Sample returns the small sample dictionary that ships with the package.
func Sample() Dictionary { return Dictionary{} }

// Match is one word found in a text.
type Match struct {
	Entry
	// Start and End are the byte offsets of the word in the text.
	Start, End int
}

// Matcher finds a Dictionary's words. It is safe for concurrent use.
type Matcher struct{}

// NewMatcher builds the automaton of d. An empty word, or one word given
// twice with different kinds or corrections, is an EINVALID error naming
// it.
func NewMatcher(d Dictionary) (*Matcher, error) {
	return nil, errors.New("wordcheck: not implemented")
}

// Find returns every match in text, in order of Start, overlapping ones
// included, but for those inside an exception.
func (m *Matcher) Find(text string) []Match { return nil }

// Context returns the snippet of text around a match: up to n runes on
// each side, on one line.
func Context(text string, mt Match, n int) string { return "" }
