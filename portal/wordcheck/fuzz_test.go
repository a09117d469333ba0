package wordcheck_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal/wordcheck"
)

func FuzzParseDictionary(f *testing.F) {
	f.Add("按装\t安装\n# c\n\n既使 => 即使\n", true)
	f.Add("\xef\xbb\xbf弱智\n四个意思 => 四个意识\n", false)
	f.Add("\x84\x31\x95\x33\xb0\xb4\xd7\xb0\t\xb0\xb2\xd7\xb0\n", true)
	f.Add("a\tb\tc\n=>\n\xff\n", false)
	f.Fuzz(func(t *testing.T, file string, typos bool) {
		kind := wordcheck.Sensitive
		if typos {
			kind = wordcheck.Typo
		}
		entries, err := wordcheck.ParseDictionary(strings.NewReader(file), kind)
		if err != nil {
			if govops.ErrorCode(err) != govops.EINVALID || len(govops.ErrorFields(err)) == 0 {
				t.Fatalf("error %v: want EINVALID naming the bad lines", err)
			}
			return
		}
		words := map[string]bool{}
		for _, e := range entries {
			if e.Kind != kind || e.Word == "" || !utf8.ValidString(e.Word) || !utf8.ValidString(e.Suggestion) ||
				e.Word == e.Suggestion || (kind == wordcheck.Typo && e.Suggestion == "") || words[e.Word] {
				t.Fatalf("entry %+v of %q is not a valid, distinct %s entry", e, file, kind)
			}
			words[e.Word] = true
		}
		// What parses, builds.
		if _, err := wordcheck.NewMatcher(wordcheck.Dictionary{Entries: entries}); err != nil {
			t.Fatalf("NewMatcher of parsed entries: %v", err)
		}
	})
}

// FuzzFind compares Find with the reference matcher: the words are the
// comma-separated parts of words (those starting with ! are exceptions),
// the text is any bytes.
func FuzzFind(f *testing.F) {
	f.Add("按装,部暑,农业部,!农业部门,业部", "农业部门按装部暑农业部\xff农业部")
	f.Add("ab,abc,bc,c,!xabcx,!b", "xabcxabcabc")
	f.Add("a,aa,aaa,!aaaa", "aaaaaaaaa")
	f.Fuzz(func(t *testing.T, words, text string) {
		var d wordcheck.Dictionary
		seen := map[string]bool{}
		for i, w := range strings.Split(words, ",") {
			if i == 16 {
				break
			}
			exception := strings.HasPrefix(w, "!")
			w = strings.TrimPrefix(w, "!")
			if strings.TrimSpace(w) != w || w == "" || !utf8.ValidString(w) || utf8.RuneCountInString(w) > wordcheck.MaxWordRunes ||
				strings.ContainsFunc(w, func(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == utf8.RuneError }) {
				continue
			}
			switch {
			case exception:
				d.Exceptions = append(d.Exceptions, w)
			case !seen[w]:
				seen[w] = true
				d.Entries = append(d.Entries, typo(w, w+"'"))
			}
		}
		m, err := wordcheck.NewMatcher(d)
		if err != nil {
			t.Fatalf("NewMatcher(%+v): %v", d, err)
		}
		got := m.Find(text)
		if want := naiveFind(d, text); !slices.Equal(found(got), found(want)) {
			t.Fatalf("dictionary %+v, text %q: Find = %v, the reference finds %v", d, text, found(got), found(want))
		}
		for _, mt := range got {
			if c := wordcheck.Context(text, mt, 3); !utf8.ValidString(c) || strings.ContainsAny(c, "\n\r") {
				t.Fatalf("Context(%+v) = %q: want one line of valid UTF-8", mt, c)
			}
		}
	})
}
