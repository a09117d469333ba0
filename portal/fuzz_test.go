package portal_test

import (
	"bytes"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/portal"
)

// FuzzImportPosts: an import file of any bytes is refused or reported,
// never a panic, and a report's imported and bad rows never exceed its
// rows.
func FuzzImportPosts(f *testing.F) {
	f.Add([]byte("标题,链接,发布时间,栏目\n要闻,https://www.lbq.gov.cn/news/1.html,2022-06-01,news\n"))
	f.Add([]byte("title,url,published,column,department,source\n,,,,,\n\"x,https://a\n"))
	f.Add([]byte("title,url,published,column\nt,https://www.lbq.gov.cn/news/2.html,2022/6/1 9:30,S1/news\n"))
	f.Add([]byte{0xef, 0xbb, 0xbf, 0xb1, 0xea, 0xcc, 0xe2})
	f.Fuzz(func(t *testing.T, data []byte) {
		fx := newFix(t)
		s := fx.site(t, "S1", "https://www.lbq.gov.cn/")
		fx.column(t, s, "news", "https://www.lbq.gov.cn/news/", "", portal.RequireBiweekly, false)
		rep, err := fx.svc.ImportPosts(fx.ctx, center(), "S1", bytes.NewReader(data), csvimport.KeepGood)
		if err != nil {
			if c := govops.ErrorCode(err); c != govops.EINVALID && c != govops.ECONFLICT {
				t.Fatalf("import failed with %v", err)
			}
			return
		}
		if rep.Imported+rep.BadRows() > rep.Rows {
			t.Fatalf("report %+v", rep)
		}
	})
}

// FuzzParseTime: a time that parses is in range, and parsing never
// panics.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2022-03-01 09:30:00", "2022/3/1", "2022-03-01T09:30:00+08:00", "昨天", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if tm, ok := portal.ParseTime(s); ok && !govops.TimeInRange(tm) {
			t.Fatalf("%q parsed as %v, out of range", s, tm)
		}
	})
}
