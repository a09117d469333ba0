package portal_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal"
)

// rssSample is an RSS 2.0 feed of the news column of www.lbq.gov.cn with
// good items and bad ones (by index: 2 has no date, 3 a date that is none,
// 5 is in the future, 6 off the site, 7 repeats 0, 8 has no title).
const rssSample = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>临北区人民政府 工作动态</title>
  <link>https://www.lbq.gov.cn/news/</link>
  <atom:link href="https://www.lbq.gov.cn/news/rss.xml" rel="self" type="application/rss+xml"/>
  <item>
    <title>区政府召开第12次常务会议</title>
    <atom:link href="https://elsewhere.example.com/" rel="related"/>
    <link>https://www.lbq.gov.cn/news/3.html</link>
    <pubDate>Tue, 14 Jun 2022 09:30:00 +0800</pubDate>
  </item>
  <item>
    <title>关于开展&nbsp;“清朗”行动的通知</title>
    <guid isPermaLink="true">https://www.lbq.gov.cn/news/4.html</guid>
    <pubDate>Mon, 13 Jun 2022 08:00:00 GMT</pubDate>
  </item>
  <item><title>  无日期  </title><link>https://www.lbq.gov.cn/news/5.html</link></item>
  <item><title>坏日期</title><link>https://www.lbq.gov.cn/news/6.html</link><pubDate>昨天</pubDate></item>
  <item><title>dc 日期</title><link>https://www.lbq.gov.cn/news/7.html</link><dc:date>2022-06-12T10:00:00+08:00</dc:date></item>
  <item><title>明日预告</title><link>https://www.lbq.gov.cn/news/8.html</link><pubDate>Wed, 15 Jun 2022 11:00:00 CST</pubDate></item>
  <item><title>外站转载</title><link>https://other.example.com/a.html</link><pubDate>1 Jun 2022 10:00:00 +0800</pubDate></item>
  <item><title>区政府召开第12次常务会议（重复）</title><link>https://www.lbq.gov.cn/news/3.html</link><pubDate>Tue, 14 Jun 2022 09:30:00 +0800</pubDate></item>
  <item><title></title><link>https://www.lbq.gov.cn/news/9.html</link><pubDate>Tue, 14 Jun 2022 09:30:00 +0800</pubDate></item>
</channel>
</rss>`

// atomSample is an Atom 1.0 feed: entry 2 has no link.
const atomSample = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>临北区 政务公开</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <entry>
    <title type="html">政务公开 2022年第二季度 &amp;lt;季报&amp;gt;</title>
    <link rel="self" href="https://www.lbq.gov.cn/news/10.xml"/>
    <link rel="alternate" href="https://www.lbq.gov.cn/news/10.html"/>
    <published>2022-06-10T09:00:00+08:00</published>
    <updated>2022-06-11T09:00:00+08:00</updated>
  </entry>
  <entry>
    <title>只有更新时间</title>
    <link href="https://www.lbq.gov.cn/news/11.html"/>
    <updated>2022-06-09T01:00:00Z</updated>
  </entry>
  <entry><title>无链接</title><published>2022-06-09T09:00:00Z</published></entry>
</feed>`

func TestParseFeed(t *testing.T) {
	t.Run("RSS", func(t *testing.T) {
		items, err := portal.ParseFeed(strings.NewReader(rssSample))
		wantErr(t, err, govops.EINVALID, "items[2].published", "items[3].published", "items[8].title")
		want := []portal.FeedItem{
			{"区政府召开第12次常务会议", "https://www.lbq.gov.cn/news/3.html", at(2022, 6, 14, 9, 30)},
			{"关于开展 “清朗”行动的通知", "https://www.lbq.gov.cn/news/4.html", at(2022, 6, 13, 16, 0)},
			{"dc 日期", "https://www.lbq.gov.cn/news/7.html", at(2022, 6, 12, 10, 0)},
			{"明日预告", "https://www.lbq.gov.cn/news/8.html", at(2022, 6, 15, 11, 0)},
			{"外站转载", "https://other.example.com/a.html", at(2022, 6, 1, 10, 0)},
			{"区政府召开第12次常务会议（重复）", "https://www.lbq.gov.cn/news/3.html", at(2022, 6, 14, 9, 30)},
		}
		requireItems(t, items, want)
		if n := len(govops.ErrorFields(err)); n != 3 {
			t.Fatalf("%d problems: %v", n, err)
		}
	})
	t.Run("Atom", func(t *testing.T) {
		items, err := portal.ParseFeed(strings.NewReader(atomSample))
		wantErr(t, err, govops.EINVALID, "items[2].url")
		requireItems(t, items, []portal.FeedItem{
			{"政务公开 2022年第二季度 <季报>", "https://www.lbq.gov.cn/news/10.html", at(2022, 6, 10, 9, 0)},
			{"只有更新时间", "https://www.lbq.gov.cn/news/11.html", at(2022, 6, 9, 9, 0)},
		})
	})
	t.Run("GB18030", func(t *testing.T) {
		doc := strings.Replace(rssSample, `encoding="UTF-8"`, `encoding="GBK"`, 1)
		gbk, err := simplifiedchinese.GB18030.NewEncoder().String(doc)
		if err != nil {
			t.Fatal(err)
		}
		items, _ := portal.ParseFeed(strings.NewReader(gbk))
		if len(items) != 6 || items[0].Title != "区政府召开第12次常务会议" {
			t.Fatalf("items of a GBK feed %+v", items)
		}
	})
	t.Run("ASCIIWithBOM", func(t *testing.T) {
		doc := "\ufeff<?xml version=\"1.0\" encoding=\"US-ASCII\"?><rss><channel><item><title>News &amp; notes</title>" +
			"<link>https://www.lbq.gov.cn/1.html</link><pubDate>2022-06-01</pubDate></item></channel></rss>"
		items, err := portal.ParseFeed(strings.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		requireItems(t, items, []portal.FeedItem{{"News & notes", "https://www.lbq.gov.cn/1.html", at(2022, 6, 1, 0, 0)}})
	})
	t.Run("NoFeed", func(t *testing.T) {
		for name, doc := range map[string]string{
			"HTML":      "<html><body>首页</body></html>",
			"Broken":    "<rss><channel><item><title>断",
			"Empty":     "",
			"Charset":   `<?xml version="1.0" encoding="Big5"?><rss/>`,
			"AtomNoNS":  "<feed><entry/></feed>",
			"TooLarge":  "<rss>" + strings.Repeat(" ", portal.MaxFeedBytes) + "</rss>",
			"NotXML":    "标题,链接\n",
			"RDFNoNS":   "<RDF><item/></RDF>",
			"RSSEmpty":  `<rss version="2.0"><channel></channel></rss>`,
			"AtomEmpty": `<feed xmlns="http://www.w3.org/2005/Atom"></feed>`,
		} {
			t.Run(name, func(t *testing.T) {
				items, err := portal.ParseFeed(strings.NewReader(doc))
				if strings.HasSuffix(name, "Empty") && name != "Empty" {
					if err != nil || len(items) != 0 {
						t.Fatalf("an empty feed gave %v, %v", items, err)
					}
					return
				}
				wantErr(t, err, govops.EINVALID, "feed")
				if items != nil {
					t.Fatalf("items of no feed %+v", items)
				}
			})
		}
	})
}

// TestParseFeedTimes: the time forms feeds write.
func TestParseFeedTimes(t *testing.T) {
	cases := []struct {
		v    string
		want time.Time
	}{
		{"Tue, 14 Jun 2022 09:30:00 +0800", at(2022, 6, 14, 9, 30)},
		{"Tue, 14 Jun 2022 01:30:00 GMT", at(2022, 6, 14, 9, 30)},
		{"Tue, 14 Jun 2022 01:30:00 UT", at(2022, 6, 14, 9, 30)},
		{"Tue, 14 Jun 2022 09:30:00 CST", at(2022, 6, 14, 9, 30)},
		{"Tue, 4 Jun 2022 09:30 +0800", at(2022, 6, 4, 9, 30)},
		{"14 Jun 2022 09:30:00 +0800", at(2022, 6, 14, 9, 30)},
		{"Tue, 14 Jun 22 09:30:00 +0800", at(2022, 6, 14, 9, 30)},
		{"Tue,14 Jun 2022 09:30:00 +0800", at(2022, 6, 14, 9, 30)},
		{"Tue, 14 Jun 2022 09:30:00", at(2022, 6, 14, 9, 30)},
		{"2022-06-14T09:30:00+08:00", at(2022, 6, 14, 9, 30)},
		{"2022-06-14T01:30:00.123Z", at(2022, 6, 14, 9, 30).Add(123 * time.Millisecond)},
		{"2022-06-14T09:30+08:00", at(2022, 6, 14, 9, 30)},
		{"2022-06-14T09:30:00", at(2022, 6, 14, 9, 30)},
		{"2022-06-14 09:30:00", at(2022, 6, 14, 9, 30)},
		{"2022-06-14", at(2022, 6, 14, 0, 0)},
		{"  Tue, 14 Jun 2022\n 09:30:00 +0800 ", at(2022, 6, 14, 9, 30)},
		{"Tue, 14 Jun 2022 09:30:00 XYZ", time.Time{}},
		{"14/06/2022", time.Time{}},
		{"0000-01-01T00:00:00Z", time.Time{}},
		{"昨天", time.Time{}},
	}
	for _, c := range cases {
		t.Run(c.v, func(t *testing.T) {
			doc := `<rss><channel><item><title>一</title><link>https://a.gov.cn/1.html</link><pubDate>` + c.v + `</pubDate></item></channel></rss>`
			items, err := portal.ParseFeed(strings.NewReader(doc))
			if c.want.IsZero() {
				wantErr(t, err, govops.EINVALID, "items[0].published")
				return
			}
			if err != nil || len(items) != 1 || !items[0].Published.Equal(c.want) {
				t.Fatalf("got %+v, %v; want %s", items, err, c.want)
			}
		})
	}
}

func requireItems(t *testing.T, got, want []portal.FeedItem) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d items %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i].Title != want[i].Title || got[i].URL != want[i].URL || !got[i].Published.Equal(want[i].Published) {
			t.Errorf("item %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestRecordFeed(t *testing.T) {
	f := newFix(t)
	_, _, news := postSite(t, f)
	res := must(f.svc.RecordFeed(f.ctx, dept(), "S1/news", strings.NewReader(rssSample)))(t)
	// Recorded: items 0, 1 and 4; skipped: 7 (repeats 0); errors: 2, 3,
	// 5 (future), 6 (off the site), 8, in the feed's order.
	if res.Recorded != 3 || res.Skipped != 1 || len(res.Errors) != 5 {
		t.Fatalf("result %+v", res)
	}
	for i, prefix := range []string{"items[2].published", "items[3].published", "items[5].published", "items[6].url", "items[8].title"} {
		if !strings.HasPrefix(res.Errors[i], prefix+": ") {
			t.Errorf("error %d is %q, want %s", i, res.Errors[i], prefix)
		}
	}
	ps := must(f.svc.Posts(f.ctx, center(), portal.PostListInput{Site: "S1", Column: "news"}))(t).Items
	if len(ps) != 3 {
		t.Fatalf("posts %+v", ps)
	}
	for _, p := range ps {
		if p.Source != portal.PostFromFeed || p.Department != "QZFJ" || p.ColumnID != news.ID || p.By != dept().Name {
			t.Errorf("post %+v", p)
		}
	}
	c := must(f.svc.Column(f.ctx, center(), news.ID.String()))(t)
	if !c.Updated.Equal(at(2022, 6, 14, 9, 30)) || c.UpdatedBy != portal.UpdatedByFeed || c.Version != 2 {
		t.Errorf("column %+v: want updated by the feed", c)
	}
	trail := must(f.svc.ColumnTrail(f.ctx, center(), news.ID.String()))(t)
	if last := trail[len(trail)-1]; last.Type != portal.EventPostsRecorded || last.Note != "3" {
		t.Errorf("trail %+v", trail)
	}
	// The same feed again, once its future item is past, records that one
	// only; the center records an Atom feed by the column's ID.
	f.clock.Set(at(2022, 6, 15, 12, 0))
	again := must(f.svc.RecordFeed(f.ctx, center(), news.ID.String(), strings.NewReader(rssSample)))(t)
	if again.Recorded != 1 || again.Skipped != 4 || len(again.Errors) != 4 {
		t.Fatalf("again %+v", again)
	}
	atom := must(f.svc.RecordFeed(f.ctx, center(), news.ID.String(), strings.NewReader(atomSample)))(t)
	if atom.Recorded != 2 || atom.Skipped != 0 || len(atom.Errors) != 1 || !strings.HasPrefix(atom.Errors[0], "items[2].url: ") {
		t.Fatalf("atom %+v", atom)
	}
	if n := len(must(f.svc.Posts(f.ctx, center(), portal.PostListInput{Site: "S1"}))(t).Items); n != 6 {
		t.Fatalf("%d posts", n)
	}
	// Nothing new: no write, no event.
	before := must(f.svc.Column(f.ctx, center(), news.ID.String()))(t)
	none := must(f.svc.RecordFeed(f.ctx, center(), news.ID.String(), strings.NewReader(atomSample)))(t)
	if none.Recorded != 0 || none.Skipped != 2 {
		t.Fatalf("none %+v", none)
	}
	if after := must(f.svc.Column(f.ctx, center(), news.ID.String()))(t); after.Version != before.Version {
		t.Fatal("a feed of nothing new wrote the column")
	}

	_, err := f.svc.RecordFeed(f.ctx, otherDept(), "S1/news", strings.NewReader(rssSample))
	wantErr(t, err, govops.EFORBIDDEN, "column")
	_, err = f.svc.RecordFeed(f.ctx, dept(), "S1/home", strings.NewReader(rssSample))
	wantErr(t, err, govops.EFORBIDDEN, "column")
	_, err = f.svc.RecordFeed(f.ctx, viewer(), "S1/news", strings.NewReader(rssSample))
	wantErr(t, err, govops.EFORBIDDEN)
	_, err = f.svc.RecordFeed(f.ctx, center(), "S1/nope", strings.NewReader(rssSample))
	wantErr(t, err, govops.ENOTFOUND, "column")
	_, err = f.svc.RecordFeed(f.ctx, center(), "S1/news", strings.NewReader("<html/>"))
	wantErr(t, err, govops.EINVALID, "feed")
}

// FuzzParseFeed: any document parses or is refused naming the feed,
// never a panic; every item kept has a title, a URL and a time in range,
// and items and their problems never outnumber the item elements.
func FuzzParseFeed(f *testing.F) {
	f.Add([]byte(rssSample))
	f.Add([]byte(atomSample))
	f.Add([]byte(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/"><item rdf:about="https://a.gov.cn/1"><title>一</title><dc:date>2022-06-01</dc:date></item></rdf:RDF>`))
	f.Add([]byte(`<rss><channel><item/><entry/></channel></rss>`))
	f.Add([]byte(`<rss><channel><item><title>&nbsp;</title><pubDate>Tue, 14 Jun 2022 09:30:00 ZZZ</pubDate></item></channel></rss>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, err := portal.ParseFeed(bytes.NewReader(data))
		if err != nil {
			if govops.ErrorCode(err) != govops.EINVALID {
				t.Fatalf("failed with %v", err)
			}
			if _, noFeed := govops.ErrorFields(err)["feed"]; noFeed && items != nil {
				t.Fatalf("no feed, yet items %+v", items)
			}
		}
		for _, it := range items {
			if it.Title == "" || it.URL == "" || !govops.TimeInRange(it.Published) {
				t.Fatalf("item %+v", it)
			}
		}
		// An item has at most 3 problems (title, url, published); a
		// document's own problem is 1.
		elems := bytes.Count(data, []byte("item")) + bytes.Count(data, []byte("entry"))
		if len(items)+len(govops.ErrorFields(err)) > 3*elems+1 {
			t.Fatalf("%d items and %v from %d elements", len(items), govops.ErrorFields(err), elems)
		}
	})
}
