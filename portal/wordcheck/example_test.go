package wordcheck_test

import (
	"fmt"
	"strings"

	"github.com/govops-kit/govops/portal/wordcheck"
)

// A district checks page text against its own files; the sample shows
// the formats. 全部暑假 and 农业部门 are exceptions: right text that holds
// the typo 部暑 and the former body's name 农业部.
func Example() {
	typos := "# 错别字\n按装\t安装\n部暑 => 部署\n"
	sensitive := "农业部 => 农业农村部\n四个意思 => 四个意识\n"
	exceptions := "全部暑假\n农业部门\n"
	var d wordcheck.Dictionary
	for _, f := range []struct {
		file string
		kind wordcheck.Kind
	}{{typos, wordcheck.Typo}, {sensitive, wordcheck.Sensitive}} {
		es, err := wordcheck.ParseDictionary(strings.NewReader(f.file), f.kind)
		if err != nil {
			fmt.Println(err)
			return
		}
		d.Entries = append(d.Entries, es...)
	}
	d.Exceptions, _ = wordcheck.ParseExceptions(strings.NewReader(exceptions))
	m, err := wordcheck.NewMatcher(d)
	if err != nil {
		fmt.Println(err)
		return
	}
	text := "区农业部门部暑全部暑假安全工作，为学校按装监控。\n要增强四个意思。"
	for _, mt := range m.Find(text) {
		fmt.Printf("%s %s → %s 「%s」\n", mt.Kind.Label(), mt.Word, mt.Suggestion, wordcheck.Context(text, mt, 4))
	}
	// Output:
	// 错别字 部暑 → 部署 「农业部门部暑全部暑假」
	// 错别字 按装 → 安装 「，为学校按装监控。」
	// 错敏词 四个意思 → 四个意识 「要增强四个意思。」
}

// ParseDictionary reports every bad line at once.
func ExampleParseDictionary() {
	_, err := wordcheck.ParseDictionary(strings.NewReader("按装\t安装\n既使\n按装\t暗装\n"), wordcheck.Typo)
	fmt.Println(err)
	// Output:
	// invalid: line 2: a typo needs its correction: write wrong<TAB>right or wrong => right; line 3: "按装" is given twice, as typo → 安装 on line 1 and as typo → 暗装 here: keep one
}
