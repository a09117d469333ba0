package wordcheck

import (
	"bytes"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/govops-kit/govops"
)

// MaxFileBytes is the largest dictionary file read: far above any real
// list of words (100,000 words are about 1 MiB), and small enough to hold.
const MaxFileBytes = 16 << 20

// ParseDictionary reads a dictionary file of kind: one entry per line,
// "word" for a sensitive word and "wrong<TAB>right" (or "wrong => right")
// for a typo, blank lines and lines starting with # ignored, UTF-8 (with
// or without a byte order mark) or GB18030. A line of the sensitive file
// may give a correction the same way, for a wrong formulation whose right
// form is known (四个意思 => 四个意识). A word given twice the same way is
// kept once. Every bad line is reported, with its number ("line 12"), in
// one EINVALID error; so is a word given twice with different
// corrections, naming the word and both lines.
func ParseDictionary(r io.Reader, kind Kind) ([]Entry, error) {
	var p govops.Problems
	entries := parseDictionary(r, kind, "", &p, map[string]seen{})
	if err := p.Err(); err != nil {
		return nil, err
	}
	return entries, nil
}

// ParseExceptions reads an exceptions file: one phrase per line, blank
// lines and # comments ignored, UTF-8 or GB18030 as ParseDictionary
// reads. Every bad line is reported in one EINVALID error.
func ParseExceptions(r io.Reader) ([]string, error) {
	var p govops.Problems
	xs := parseExceptions(r, "", &p)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return xs, nil
}

// Files names the files of a Dictionary in a file system; a name left ""
// is not read.
type Files struct {
	Typos      string // wrong<TAB>right, one a line
	Sensitive  string // one word a line, with an optional correction
	Exceptions string // one phrase a line
}

// Load reads the files of a Dictionary from fsys. Every bad line of every
// file is reported in one EINVALID error, each field naming the file and
// the line ("typos.txt line 12"); a file that cannot be opened is named
// likewise. The words are checked as NewMatcher checks them, so that a
// Dictionary that loads also builds.
func Load(fsys fs.FS, files Files) (Dictionary, error) {
	var p govops.Problems
	var d Dictionary
	first := map[string]seen{} // across the typos and the sensitive file
	read := func(name string, parse func(r io.Reader)) {
		if name == "" {
			return
		}
		f, err := fsys.Open(name)
		if err != nil {
			p.Addf(name, "cannot be opened: %v", err)
			return
		}
		defer f.Close()
		parse(f)
	}
	read(files.Typos, func(r io.Reader) {
		d.Entries = append(d.Entries, parseDictionary(r, Typo, files.Typos+" ", &p, first)...)
	})
	read(files.Sensitive, func(r io.Reader) {
		d.Entries = append(d.Entries, parseDictionary(r, Sensitive, files.Sensitive+" ", &p, first)...)
	})
	read(files.Exceptions, func(r io.Reader) { d.Exceptions = parseExceptions(r, files.Exceptions+" ", &p) })
	if err := p.Err(); err != nil {
		return Dictionary{}, err
	}
	if _, err := NewMatcher(d); err != nil {
		return Dictionary{}, err
	}
	return d, nil
}

// seen is where a word was first given, and how.
type seen struct {
	entry Entry
	where string // "line 3", or "typos.txt line 3"
}

// parseDictionary reads the entries of one file, recording each bad line
// in p under prefix+"line N"; first holds the words read so far, of this
// file and the others read with it, and where each was given.
func parseDictionary(r io.Reader, kind Kind, prefix string, p *govops.Problems, first map[string]seen) []Entry {
	if kind != Typo && kind != Sensitive {
		p.Addf(prefix+"kind", "%q is not %q or %q", kind, Typo, Sensitive)
		return nil
	}
	var entries []Entry
	eachLine(r, prefix, p, func(field string, _ int, line string) {
		word, right, sep := splitEntry(line)
		switch {
		case kind == Typo && !sep:
			p.Add(field, "a typo needs its correction: write wrong<TAB>right or wrong => right")
			return
		case sep && right == "":
			p.Add(field, "the correction after the separator is empty")
			return
		case strings.Contains(right, "\t") || strings.Contains(right, "=>"):
			p.Add(field, "has more than one separator: write one entry a line")
			return
		}
		e := Entry{Word: word, Kind: kind, Suggestion: right}
		if problem := checkWord(word); problem != "" {
			p.Add(field, "word "+problem)
			return
		}
		if right != "" {
			if problem := checkWord(right); problem != "" {
				p.Add(field, "correction "+problem)
				return
			}
			if right == word {
				p.Addf(field, "%q is given as its own correction", word)
				return
			}
		}
		if s, ok := first[word]; ok {
			if s.entry != e {
				p.Addf(field, "%q is given twice, as %s on %s and as %s here: keep one", word, describe(s.entry), s.where, describe(e))
			}
			return
		}
		first[word] = seen{e, field}
		entries = append(entries, e)
	})
	return entries
}

// splitEntry splits a line at its separator, " => " or a tab, and trims
// both sides; sep reports whether it had one.
func splitEntry(line string) (word, right string, sep bool) {
	if w, r, ok := strings.Cut(line, "=>"); ok {
		return strings.TrimSpace(w), strings.TrimSpace(r), true
	}
	if w, r, ok := strings.Cut(line, "\t"); ok {
		return strings.TrimSpace(w), strings.TrimSpace(r), true
	}
	return line, "", false
}

// parseExceptions reads the phrases of one file.
func parseExceptions(r io.Reader, prefix string, p *govops.Problems) []string {
	var xs []string
	seen := map[string]bool{}
	eachLine(r, prefix, p, func(field string, _ int, line string) {
		if problem := checkWord(line); problem != "" {
			p.Add(field, "phrase "+problem)
			return
		}
		if !seen[line] {
			seen[line] = true
			xs = append(xs, line)
		}
	})
	return xs
}

// eachLine calls fn with every line of r that is neither blank nor a
// comment, trimmed, with its field name and number (from 1). A file that
// cannot be read or decoded is recorded in p under prefix+"file".
func eachLine(r io.Reader, prefix string, p *govops.Problems, fn func(field string, n int, line string)) {
	text, problem := decode(r)
	if problem != "" {
		p.Add(prefix+"file", problem)
		return
	}
	for n := 1; text != ""; n++ {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fn(prefix+"line "+strconv.Itoa(n), n, line)
	}
}

// decode reads r as text: UTF-8, with or without a byte order mark, or
// GB18030, as package csvimport detects them. A file that is UTF-8 but
// for a few stray bytes is read as UTF-8, so that the lines holding them
// are reported rather than every Chinese word read as other characters.
func decode(r io.Reader) (string, string) {
	const (
		utf8BOM    = "\xef\xbb\xbf"
		gb18030BOM = "\x84\x31\x95\x33"
	)
	b, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return "", "cannot be read: " + err.Error()
	}
	switch {
	case len(b) > MaxFileBytes:
		return "", "is larger than 16 MiB: split it, or check it is a list of words"
	case bytes.HasPrefix(b, []byte(utf8BOM)):
		return string(b[len(utf8BOM):]), ""
	case bytes.HasPrefix(b, []byte("\xff\xfe")), bytes.HasPrefix(b, []byte("\xfe\xff")):
		return "", "is UTF-16 text: save it as UTF-8 or GB18030"
	case bytes.HasPrefix(b, []byte(gb18030BOM)):
		b = b[len(gb18030BOM):]
	case looksUTF8(b):
		return string(b), ""
	}
	// The decoder turns bytes that are not GB18030 into U+FFFD, which
	// checkWord reports on the line that holds them.
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	if err != nil {
		return "", "is neither UTF-8 nor GB18030 text: save it as UTF-8"
	}
	return string(out), ""
}

// looksUTF8 reports whether b is UTF-8 text, allowing a few stray bytes:
// at most one for every ten valid multi-byte runes. GB18030 text cannot
// pass for that, since in it the bytes that are not UTF-8 outnumber the
// pairs that happen to be (the rule csvimport applies to its files).
func looksUTF8(b []byte) bool {
	const maxStrayPer = 10
	runes, stray := 0, 0
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError || size > 1 {
			runes++
		} else {
			stray++
		}
		i += size
	}
	return stray == 0 || stray*maxStrayPer <= runes
}
