package wordcheck_test

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal/wordcheck"
)

// naiveFind is the reference matcher the automaton is checked against:
// every occurrence of every word by strings.Index, those inside an
// occurrence of an exception dropped, sorted by start and end.
func naiveFind(d wordcheck.Dictionary, text string) []wordcheck.Match {
	occurrences := func(w string, fn func(start, end int)) {
		for i := 0; i+len(w) <= len(text); {
			j := strings.Index(text[i:], w)
			if j < 0 {
				return
			}
			fn(i+j, i+j+len(w))
			i += j + 1
		}
	}
	type span struct{ s, e int }
	var exc []span
	for _, x := range d.Exceptions {
		occurrences(x, func(s, e int) { exc = append(exc, span{s, e}) })
	}
	var out []wordcheck.Match
	seen := map[string]bool{}
	for _, en := range d.Entries {
		if seen[en.Word] {
			continue
		}
		seen[en.Word] = true
		occurrences(en.Word, func(s, e int) {
			for _, x := range exc {
				if x.s <= s && e <= x.e {
					return
				}
			}
			out = append(out, wordcheck.Match{Entry: en, Start: s, End: e})
		})
	}
	slices.SortFunc(out, func(a, b wordcheck.Match) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
	})
	return out
}

func mustMatcher(tb testing.TB, d wordcheck.Dictionary) *wordcheck.Matcher {
	tb.Helper()
	m, err := wordcheck.NewMatcher(d)
	if err != nil {
		tb.Fatalf("NewMatcher: %v", err)
	}
	return m
}

// found renders matches as "word@start-end" for readable comparisons.
func found(ms []wordcheck.Match) []string {
	out := make([]string, 0, len(ms))
	for _, m := range ms {
		out = append(out, fmt.Sprintf("%s@%03d-%03d", m.Word, m.Start, m.End))
	}
	return out
}

func typo(w, right string) wordcheck.Entry {
	return wordcheck.Entry{Word: w, Kind: wordcheck.Typo, Suggestion: right}
}

func sensitive(w string) wordcheck.Entry { return wordcheck.Entry{Word: w, Kind: wordcheck.Sensitive} }

func TestMatcher_Find(t *testing.T) {
	dict := wordcheck.Dictionary{
		Entries: []wordcheck.Entry{
			typo("按装", "安装"), typo("部暑", "部署"), sensitive("农业部"), sensitive("业部"),
			typo("ab", "AB"), typo("abc", "ABC"), typo("bc", "BC"), sensitive("c"),
			{Word: "四个意思", Kind: wordcheck.Sensitive, Suggestion: "四个意识"},
		},
		Exceptions: []string{"农业部门", "全部暑假", "xabcx"},
	}
	m := mustMatcher(t, dict)
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"Empty", "", nil},
		{"None", "全面推进政务服务标准化。", nil},
		// 按装 is bytes 0-6 of "按装空调".
		{"Typo", "按装空调", []string{"按装@000-006"}},
		{"Adjacent", "按装按装部暑", []string{"按装@000-006", "按装@006-012", "部暑@012-018"}},
		{"Overlapping", "abc", []string{"ab@000-002", "abc@000-003", "bc@001-003", "c@002-003"}},
		{"NestedInWord", "农业部", []string{"农业部@000-009", "业部@003-009"}},
		{"InsideException", "农业部门和全部暑假", nil},
		{"ExceptionThenWord", "农业部门，农业部", []string{"农业部@015-024", "业部@018-024"}},
		// An exception only covers what lies wholly inside it: "ab" of
		// "xab" is inside "xabcx", the "c" after it too, the "abc" at 6 is not.
		{"PartlyOutsideException", "xabcxabc", []string{"ab@005-007", "abc@005-008", "bc@006-008", "c@007-008"}},
		{"Political", "增强四个意思", []string{"四个意思@006-018"}},
		{"InvalidUTF8", "\xff按\xe6装\xff按装\xe6", []string{"按装@009-015"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := found(m.Find(tc.text))
			if len(got) == 0 {
				got = nil
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Find(%q) = %v, want %v", tc.text, got, tc.want)
			}
			if naive := found(naiveFind(dict, tc.text)); !slices.Equal(naive, got) && !(len(naive) == 0 && got == nil) {
				t.Errorf("Find(%q) = %v, the reference finds %v", tc.text, got, naive)
			}
		})
	}
	t.Run("Entry", func(t *testing.T) {
		ms := m.Find("请按装")
		if len(ms) != 1 || ms[0].Kind != wordcheck.Typo || ms[0].Suggestion != "安装" {
			t.Fatalf("Find = %+v, want the typo 按装 with its correction 安装", ms)
		}
	})
}

func TestMatcher_Find_NoEntries(t *testing.T) {
	m := mustMatcher(t, wordcheck.Dictionary{Exceptions: []string{"农业部门"}})
	if got := m.Find("农业部门"); got != nil {
		t.Errorf("Find with no words = %v, want nil", got)
	}
}

func TestMatcher_Find_Sample(t *testing.T) {
	m := mustMatcher(t, wordcheck.Sample())
	text := "区农业部门召开会议，部暑全部暑假期间的安全工作；原农业部有关文件已废止，农业部不再使用。要增强四个意思，不能按装修标准随意按装。"
	var got []string
	for _, mt := range m.Find(text) {
		if text[mt.Start:mt.End] != mt.Word {
			t.Errorf("match %+v: the text there is %q", mt, text[mt.Start:mt.End])
		}
		got = append(got, mt.Word+"→"+mt.Suggestion)
	}
	// 农业部门, 全部暑假, 原农业部 and 按装修 are exceptions.
	want := []string{"部暑→部署", "农业部→农业农村部", "四个意思→四个意识", "按装→安装"}
	if !slices.Equal(got, want) {
		t.Errorf("Find = %v, want %v", got, want)
	}
}

// TestMatcher_Find_Property compares Find with the reference on many
// random small dictionaries over a small alphabet, where overlaps,
// repeats and exceptions are the rule, invalid bytes included.
func TestMatcher_Find_Property(t *testing.T) {
	alphabet := []string{"a", "b", "中", "国", "\xe4", "\xff"}
	rnd := rand.New(rand.NewPCG(15, 2))
	word := func(maxLen int) string {
		var b strings.Builder
		for range 1 + rnd.IntN(maxLen) {
			b.WriteString(alphabet[rnd.IntN(len(alphabet))])
		}
		return b.String()
	}
	for i := range 3000 {
		var d wordcheck.Dictionary
		kinds := map[string]bool{}
		for range 1 + rnd.IntN(8) {
			w := word(4)
			if !utf8.ValidString(w) || kinds[w] {
				continue
			}
			kinds[w] = true
			if rnd.IntN(2) == 0 {
				d.Entries = append(d.Entries, typo(w, w+"!"))
			} else {
				d.Entries = append(d.Entries, sensitive(w))
			}
		}
		for range rnd.IntN(3) {
			if x := word(6); utf8.ValidString(x) {
				d.Exceptions = append(d.Exceptions, x)
			}
		}
		text := word(40)
		m := mustMatcher(t, d)
		got, want := m.Find(text), naiveFind(d, text)
		if !slices.Equal(found(got), found(want)) {
			t.Fatalf("case %d: dictionary %+v, text %q: Find = %v, the reference finds %v", i, d, text, found(got), found(want))
		}
	}
}

func TestNewMatcher_Err(t *testing.T) {
	for _, tc := range []struct {
		name  string
		d     wordcheck.Dictionary
		field string
		says  string
	}{
		{"EmptyWord", wordcheck.Dictionary{Entries: []wordcheck.Entry{sensitive("")}}, "entries[0]", "empty"},
		{"TypoWithoutCorrection", wordcheck.Dictionary{Entries: []wordcheck.Entry{sensitive("甲"), {Word: "按装", Kind: wordcheck.Typo}}}, "entries[1]", "按装"},
		{"UnknownKind", wordcheck.Dictionary{Entries: []wordcheck.Entry{{Word: "按装", Kind: "bad"}}}, "entries[0]", "bad"},
		{"ConflictingKinds", wordcheck.Dictionary{Entries: []wordcheck.Entry{typo("按装", "安装"), sensitive("按装")}}, "entries[1]", "按装"},
		{"ConflictingCorrections", wordcheck.Dictionary{Entries: []wordcheck.Entry{typo("按装", "安装"), typo("按装", "暗装")}}, "entries[1]", "暗装"},
		{"OwnCorrection", wordcheck.Dictionary{Entries: []wordcheck.Entry{typo("按装", "按装")}}, "entries[0]", "own correction"},
		{"NotText", wordcheck.Dictionary{Entries: []wordcheck.Entry{sensitive("a\xffb")}}, "entries[0]", "not text"},
		{"ControlCharacter", wordcheck.Dictionary{Entries: []wordcheck.Entry{sensitive("a\tb")}}, "entries[0]", "control"},
		{"EmptyException", wordcheck.Dictionary{Exceptions: []string{"  "}}, "exceptions[0]", "empty"},
		{"TooLong", wordcheck.Dictionary{Entries: []wordcheck.Entry{sensitive(strings.Repeat("字", wordcheck.MaxWordRunes+1))}}, "entries[0]", "longer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := wordcheck.NewMatcher(tc.d)
			if govops.ErrorCode(err) != govops.EINVALID {
				t.Fatalf("NewMatcher = %v, want EINVALID", err)
			}
			if p := govops.ErrorFields(err)[tc.field]; !strings.Contains(p, tc.says) {
				t.Errorf("field %s = %q, want it to say %q (error %v)", tc.field, p, tc.says, err)
			}
		})
	}
	t.Run("EveryProblemAtOnce", func(t *testing.T) {
		_, err := wordcheck.NewMatcher(wordcheck.Dictionary{
			Entries:    []wordcheck.Entry{sensitive(""), typo("按装", "安装"), sensitive("按装")},
			Exceptions: []string{""},
		})
		fields := govops.ErrorFields(err)
		for _, f := range []string{"entries[0]", "entries[2]", "exceptions[0]"} {
			if fields[f] == "" {
				t.Errorf("field %s not reported in %v", f, err)
			}
		}
	})
	t.Run("SameEntryTwiceIsKeptOnce", func(t *testing.T) {
		m := mustMatcher(t, wordcheck.Dictionary{Entries: []wordcheck.Entry{typo("按装", "安装"), typo("按装", "安装")}})
		if got := found(m.Find("按装")); !slices.Equal(got, []string{"按装@000-006"}) {
			t.Errorf("Find = %v, want one match", got)
		}
		if n := len(m.Entries()); n != 1 {
			t.Errorf("Entries = %d, want 1", n)
		}
	})
}

func TestContext(t *testing.T) {
	text := "第一行\n区政府按装了\t新设备。"
	start := strings.Index(text, "按装")
	mt := wordcheck.Match{Entry: typo("按装", "安装"), Start: start, End: start + len("按装")}
	for _, tc := range []struct {
		name string
		text string
		mt   wordcheck.Match
		n    int
		want string
	}{
		{"Both sides", text, mt, 3, "区政府按装了 新"},
		{"Line break becomes space", text, mt, 5, "行 区政府按装了 新设备"},
		{"Whole text", text, mt, 100, "第一行 区政府按装了 新设备。"},
		{"None around", text, mt, 0, "按装"},
		{"Invalid bytes", "\xff\xfe按装\xe6", wordcheck.Match{Start: 2, End: 8}, 2, "\uFFFD按装\uFFFD"},
		{"Out of range", "按装", wordcheck.Match{Start: 3, End: 99}, 1, "按装"},
		{"Empty text", "", wordcheck.Match{Start: 0, End: 0}, 5, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := wordcheck.Context(tc.text, tc.mt, tc.n)
			if got != tc.want {
				t.Errorf("Context = %q, want %q", got, tc.want)
			}
			if !utf8.ValidString(got) {
				t.Errorf("Context = %q is not valid UTF-8", got)
			}
		})
	}
}
