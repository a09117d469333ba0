package wordcheck_test

import (
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal/wordcheck"
)

func gb18030(t *testing.T, s string) string {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseDictionary(t *testing.T) {
	const typos = "# 错别字\n\n按装\t安装\r\n 既使 => 即使 \n部暑=>部署\n按装\t安装\n"
	want := []wordcheck.Entry{typo("按装", "安装"), typo("既使", "即使"), typo("部暑", "部署")}
	for _, tc := range []struct {
		name, file string
		kind       wordcheck.Kind
		want       []wordcheck.Entry
	}{
		{"UTF8", typos, wordcheck.Typo, want},
		{"UTF8WithBOM", "\xef\xbb\xbf" + typos, wordcheck.Typo, want},
		{"GB18030", "", wordcheck.Typo, want},
		{"GB18030WithBOM", "", wordcheck.Typo, want},
		{"Sensitive", "弱智\n四个意思 => 四个意识\n#注释\n", wordcheck.Sensitive,
			[]wordcheck.Entry{sensitive("弱智"), {Word: "四个意思", Kind: wordcheck.Sensitive, Suggestion: "四个意识"}}},
		{"OnlyComments", "# nothing yet\n\n", wordcheck.Sensitive, nil},
		{"Empty", "", wordcheck.Sensitive, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := tc.file
			switch tc.name {
			case "GB18030":
				file = gb18030(t, typos)
			case "GB18030WithBOM":
				file = "\x84\x31\x95\x33" + gb18030(t, typos)
			}
			got, err := wordcheck.ParseDictionary(strings.NewReader(file), tc.kind)
			if err != nil {
				t.Fatalf("ParseDictionary: %v", err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("ParseDictionary = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestParseDictionary_ErrEveryBadLine(t *testing.T) {
	file := strings.Join([]string{
		"# typos",        // 1
		"按装\t安装",         // 2
		"既使",             // 3: no correction
		"部暑 =>",          // 4: empty correction
		"=> 部署",          // 5: empty word
		"按装\t暗装",         // 6: conflicts with line 2
		"a\tb\tc",        // 7: two separators
		"再接再励\t再接再励",     // 8: its own correction
		"一愁\xff莫展\t一筹莫展", // 9: not text
		"",               // 10
		"迫不急待\t迫不及待",     // 11: fine
	}, "\n")
	_, err := wordcheck.ParseDictionary(strings.NewReader(file), wordcheck.Typo)
	if govops.ErrorCode(err) != govops.EINVALID {
		t.Fatalf("ParseDictionary = %v, want EINVALID", err)
	}
	fields := govops.ErrorFields(err)
	want := map[string]string{
		"line 3": "correction", "line 4": "empty", "line 5": "empty", "line 6": "line 2",
		"line 7": "separator", "line 8": "own correction", "line 9": "not text",
	}
	for f, says := range want {
		if !strings.Contains(fields[f], says) {
			t.Errorf("%s = %q, want it to say %q", f, fields[f], says)
		}
	}
	if len(fields) != len(want) {
		t.Errorf("fields = %v, want exactly %d lines reported", fields, len(want))
	}
	if !strings.Contains(fields["line 6"], "按装") {
		t.Errorf("line 6 = %q, want it to name the word", fields["line 6"])
	}
}

func TestParseDictionary_ErrFile(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		kind       wordcheck.Kind
		field      string
	}{
		{"UTF16", "\xff\xfe\x09\x63", wordcheck.Sensitive, "file"},
		{"UnknownKind", "弱智", "rude", "kind"},
		// A UTF-8 file with a stray byte is read as UTF-8, its one bad line named.
		{"StrayByte", "弱智\n残废人\n北朝鲜\n台湾政府\n四个意思\n\xff瞎子\n", wordcheck.Sensitive, "line 6"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := wordcheck.ParseDictionary(strings.NewReader(tc.file), tc.kind)
			if govops.ErrorFields(err)[tc.field] == "" {
				t.Fatalf("ParseDictionary = %v, want field %s", err, tc.field)
			}
		})
	}
}

func TestParseExceptions(t *testing.T) {
	got, err := wordcheck.ParseExceptions(strings.NewReader("\xef\xbb\xbf# 例外\n农业部门\n\n 全部暑假 \n农业部门\n"))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"农业部门", "全部暑假"}; !slices.Equal(got, want) {
		t.Errorf("ParseExceptions = %q, want %q", got, want)
	}
	_, err = wordcheck.ParseExceptions(strings.NewReader("农业部门\n农业\t部门\n" + strings.Repeat("长", 65) + "\n"))
	fields := govops.ErrorFields(err)
	if fields["line 2"] == "" || fields["line 3"] == "" || len(fields) != 2 {
		t.Errorf("ParseExceptions = %v, want lines 2 and 3 reported", err)
	}
}

func TestLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"t.txt": {Data: []byte("按装\t安装\n")},
		"s.txt": {Data: []byte("按装\n弱智\n")},
		"x.txt": {Data: []byte("a\tb\n")},
	}
	t.Run("OK", func(t *testing.T) {
		d, err := wordcheck.Load(fsys, wordcheck.Files{Typos: "t.txt"})
		if err != nil || len(d.Entries) != 1 || d.Exceptions != nil {
			t.Fatalf("Load = %+v, %v", d, err)
		}
	})
	t.Run("ErrEveryFile", func(t *testing.T) {
		_, err := wordcheck.Load(fsys, wordcheck.Files{Typos: "missing.txt", Sensitive: "s.txt", Exceptions: "x.txt"})
		fields := govops.ErrorFields(err)
		if fields["missing.txt"] == "" || fields["x.txt line 1"] == "" {
			t.Errorf("Load = %v, want missing.txt and x.txt line 1 reported", err)
		}
	})
	t.Run("ErrConflictAcrossFiles", func(t *testing.T) {
		_, err := wordcheck.Load(fsys, wordcheck.Files{Typos: "t.txt", Sensitive: "s.txt"})
		p := govops.ErrorFields(err)["s.txt line 1"]
		if govops.ErrorCode(err) != govops.EINVALID || !strings.Contains(p, "按装") || !strings.Contains(p, "t.txt line 1") {
			t.Errorf("Load = %v, want EINVALID naming 按装 on s.txt line 1 and where it was first given", err)
		}
	})
}

func TestSample(t *testing.T) {
	d := wordcheck.Sample()
	kinds := map[wordcheck.Kind]int{}
	for _, e := range d.Entries {
		kinds[e.Kind]++
	}
	if kinds[wordcheck.Typo] != 34 || kinds[wordcheck.Sensitive] != 28 || len(d.Exceptions) != 23 {
		t.Errorf("Sample has %v entries and %d exceptions, want 34 typos, 28 sensitive, 23 exceptions as its doc says", kinds, len(d.Exceptions))
	}
	for _, name := range []string{"sample/typos.txt", "sample/sensitive.txt", "sample/exceptions.txt"} {
		b, err := fs.ReadFile(wordcheck.SampleFS(), name)
		if err != nil || !strings.Contains(string(b), "SAMPLE") {
			t.Errorf("%s: %v; want a header saying it is a sample", name, err)
		}
	}
	// Every exception must hold a word, or it is dead weight.
	m := mustMatcher(t, wordcheck.Dictionary{Entries: d.Entries})
	for _, x := range d.Exceptions {
		if len(m.Find(x)) == 0 {
			t.Errorf("exception %q holds no dictionary word", x)
		}
	}
}
