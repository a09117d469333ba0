package portal

import (
	"bytes"
	"cmp"
	"context"
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/govops-kit/govops"
)

// MaxFeedBytes is the largest feed document ParseFeed reads.
const MaxFeedBytes = 8 << 20

// FeedItem is one item of a feed (订阅源): an RSS item or an Atom entry.
type FeedItem struct {
	Title string
	// URL is the item's link as the feed gives it.
	URL       string
	Published time.Time
}

// FeedResult is what RecordFeed did with a feed's items.
type FeedResult struct {
	// Recorded counts the items recorded as posts.
	Recorded int
	// Skipped counts the items whose URL the site has recorded already,
	// or that the feed gives twice.
	Skipped int
	// Errors names each item left out for a problem, by its place in the
	// feed ("items[3].published: …"), in the feed's order.
	Errors []string
}

// rssDoc is an RSS 2.0 (rss/channel/item), RSS 1.0 (rdf:RDF/item) or
// Atom 1.0 (feed/entry) document; the root's name says which.
type rssDoc struct {
	XMLName xml.Name
	Channel struct {
		Items []rssItem `xml:"item"`
	} `xml:"channel"`
	Items   []rssItem   `xml:"item"`
	Entries []atomEntry `xml:"entry"`
}

// xmlLink is an RSS link (its text) or an Atom one (its href), with the
// element's namespace: an RSS item's atom:link is not its link.
type xmlLink struct {
	XMLName xml.Name
	Text    string `xml:",chardata"`
	Href    string `xml:"href,attr"`
	Rel     string `xml:"rel,attr"`
}

type rssItem struct {
	Title string    `xml:"title"`
	Links []xmlLink `xml:"link"`
	GUID  struct {
		Text        string `xml:",chardata"`
		IsPermaLink string `xml:"isPermaLink,attr"`
	} `xml:"guid"`
	About   string `xml:"http://www.w3.org/1999/02/22-rdf-syntax-ns# about,attr"`
	PubDate string `xml:"pubDate"`
	DCDate  string `xml:"http://purl.org/dc/elements/1.1/ date"`
}

type atomEntry struct {
	Title struct {
		Text string `xml:",chardata"`
		Type string `xml:"type,attr"`
	} `xml:"title"`
	Links     []xmlLink `xml:"link"`
	Published string    `xml:"published"`
	Updated   string    `xml:"updated"`
}

// The namespaces of the feed formats.
const (
	atomNS = "http://www.w3.org/2005/Atom"
	rdfNS  = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
)

// ParseFeed reads an RSS 2.0, RSS 1.0 or Atom 1.0 document (UTF-8, or
// GB2312, GBK, GB18030, US-ASCII or ISO-8859-1 as its XML declaration
// says; HTML entities such
// as &nbsp; allowed; at most MaxFeedBytes) and returns its items in
// document order: each with its title (trimmed), its link (an RSS item's
// link, else its guid when that is a permalink; an Atom entry's alternate
// link, else its first) and its publish time (an RSS pubDate or dc:date,
// an Atom published, else updated) in RFC 1123 or RFC 3339 and their
// common variants (a one-digit day, no weekday, a zone abbreviation such
// as GMT or CST — China's, +08:00 — or none, which is Asia/Shanghai, a
// space for the T). A document that is no feed is an EINVALID error
// naming "feed", with no items. An item without a title, a link or a time
// it can read is left out and reported in an EINVALID error naming it by
// its place in the document (items[3].published), beside the items kept.
func ParseFeed(r io.Reader) ([]FeedItem, error) {
	items, _, probs, err := parseFeed(r)
	if err != nil {
		return nil, err
	}
	var p govops.Problems
	for _, pr := range probs {
		p.Add(pr.field, pr.problem)
	}
	return items, p.Err()
}

// feedProblem is the problem of the item of a feed at index.
type feedProblem struct {
	index          int
	field, problem string
}

// parseFeed returns the good items of a feed with their places in the
// document, and the problems of the others, in document order.
func parseFeed(r io.Reader) ([]FeedItem, []int, []feedProblem, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFeedBytes+1))
	if err != nil {
		return nil, nil, nil, govops.Errorf(govops.EINTERNAL, "reading the feed: %w", err)
	}
	if len(data) > MaxFeedBytes {
		return nil, nil, nil, govops.FieldError("feed", fmt.Sprintf("is larger than %d MiB: split it", MaxFeedBytes>>20))
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Entity = xml.HTMLEntity
	d.CharsetReader = func(charset string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(charset) {
		case "gb2312", "gbk", "gb18030", "x-gbk", "cp936":
			return simplifiedchinese.GB18030.NewDecoder().Reader(in), nil
		case "utf8", "us-ascii", "ascii":
			return in, nil
		case "iso-8859-1", "latin1":
			return charmap.ISO8859_1.NewDecoder().Reader(in), nil
		}
		return nil, fmt.Errorf("charset %q is not supported: use UTF-8 or GB18030", charset)
	}
	var doc rssDoc
	if err := d.Decode(&doc); err != nil {
		return nil, nil, nil, govops.FieldError("feed", "is not a well-formed RSS or Atom document: "+govops.Truncate(err.Error(), 200))
	}
	var raw []FeedItem
	var bad [][]feedProblem
	switch {
	case doc.XMLName.Local == "rss":
		for _, it := range doc.Channel.Items {
			raw, bad = appendItem(raw, bad, len(raw), it.Title, rssLink(it), cmp.Or(strings.TrimSpace(it.PubDate), strings.TrimSpace(it.DCDate)), "pubDate")
		}
	case doc.XMLName.Local == "RDF" && doc.XMLName.Space == rdfNS:
		for _, it := range doc.Items {
			raw, bad = appendItem(raw, bad, len(raw), it.Title, cmp.Or(rssLink(it), strings.TrimSpace(it.About)), strings.TrimSpace(it.DCDate), "dc:date")
		}
	case doc.XMLName.Local == "feed" && doc.XMLName.Space == atomNS:
		for _, e := range doc.Entries {
			raw, bad = appendItem(raw, bad, len(raw), atomText(e.Title.Text, e.Title.Type), atomLink(e.Links), cmp.Or(strings.TrimSpace(e.Published), strings.TrimSpace(e.Updated)), "published")
		}
	default:
		return nil, nil, nil, govops.FieldError("feed", fmt.Sprintf("has the root element <%s>: give an RSS 2.0 (<rss>) or Atom 1.0 (<feed>) document", govops.Truncate(doc.XMLName.Local, 40)))
	}
	var (
		items []FeedItem
		at    []int
		probs []feedProblem
	)
	for i := range raw {
		if len(bad[i]) > 0 {
			probs = append(probs, bad[i]...)
			continue
		}
		items, at = append(items, raw[i]), append(at, i)
	}
	return items, at, probs, nil
}

// appendItem checks one item, the i-th of the feed, and appends it with
// its problems. when names the time's element, for a message.
func appendItem(items []FeedItem, bad [][]feedProblem, i int, title, link, when, whenName string) ([]FeedItem, [][]feedProblem) {
	var probs []feedProblem
	prefix := fmt.Sprintf("items[%d].", i)
	add := func(field, problem string) { probs = append(probs, feedProblem{i, prefix + field, problem}) }
	it := FeedItem{Title: strings.Join(strings.Fields(title), " "), URL: link}
	if it.Title == "" {
		add("title", "required: the item has no title")
	}
	if it.URL == "" {
		add("url", "required: the item has no link")
	}
	switch t, ok := parseFeedTime(when); {
	case when == "":
		add("published", "required: the item has no "+whenName)
	case !ok:
		add("published", fmt.Sprintf("%q is not a time: use RFC 1123 (Mon, 02 Jan 2006 15:04:05 +0800) or RFC 3339", govops.Truncate(when, 40)))
	default:
		it.Published = t
	}
	return append(items, it), append(bad, probs)
}

// rssLink returns an RSS item's link: its own <link> (not an atom:link),
// else its guid when that is a permalink URL.
func rssLink(it rssItem) string {
	for _, l := range it.Links {
		if l.XMLName.Space != atomNS {
			if v := strings.TrimSpace(l.Text); v != "" {
				return v
			}
		}
	}
	if g := strings.TrimSpace(it.GUID.Text); it.GUID.IsPermaLink != "false" && (strings.HasPrefix(g, "http://") || strings.HasPrefix(g, "https://")) {
		return g
	}
	return ""
}

// atomText returns the text of an Atom text construct of type typ: an
// html one is unescaped and its tags left out.
func atomText(v, typ string) string {
	if typ != "html" {
		return v
	}
	var b strings.Builder
	for v != "" {
		i := strings.IndexByte(v, '<')
		if i < 0 {
			b.WriteString(v)
			break
		}
		b.WriteString(v[:i])
		j := strings.IndexByte(v[i:], '>')
		if j < 0 {
			break
		}
		v = v[i+j+1:]
	}
	return html.UnescapeString(b.String())
}

// atomLink returns an Atom entry's alternate link, else its first.
func atomLink(ls []xmlLink) string {
	for _, l := range ls {
		if l.Rel == "" || l.Rel == "alternate" {
			if v := strings.TrimSpace(l.Href); v != "" {
				return v
			}
		}
	}
	for _, l := range ls {
		if v := strings.TrimSpace(l.Href); v != "" {
			return v
		}
	}
	return ""
}

// feedZone returns the offset of a zone abbreviation feeds write: CST is
// China Standard Time, since these feeds are Chinese sites'.
func feedZone(abbr string) (string, bool) {
	switch strings.ToUpper(abbr) {
	case "GMT", "UT", "UTC", "Z":
		return "+0000", true
	case "CST", "BJT":
		return "+0800", true
	case "EST":
		return "-0500", true
	case "EDT":
		return "-0400", true
	case "PST":
		return "-0800", true
	case "PDT":
		return "-0700", true
	}
	return "", false
}

// parseFeedTime reads a feed's time (see ParseFeed).
func parseFeedTime(v string) (time.Time, bool) {
	v = strings.Join(strings.Fields(v), " ")
	if v == "" {
		return time.Time{}, false
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, govops.TimeInRange(t)
		}
	}
	// RFC 1123 and its variants: the weekday optional, the zone an offset
	// or a known abbreviation.
	rest := v
	if i := strings.Index(rest, ","); i >= 0 && i <= 10 {
		rest = strings.TrimSpace(rest[i+1:])
	}
	if f := strings.Fields(rest); len(f) > 0 {
		if off, ok := feedZone(f[len(f)-1]); ok {
			f[len(f)-1] = off
			rest = strings.Join(f, " ")
		}
	}
	for _, layout := range []string{"2 Jan 2006 15:04:05 -0700", "2 Jan 2006 15:04 -0700", "2 Jan 06 15:04:05 -0700", "2 Jan 06 15:04 -0700",
		"2 January 2006 15:04:05 -0700"} {
		if t, err := time.Parse(layout, rest); err == nil {
			return t, govops.TimeInRange(t)
		}
	}
	// No zone: the site's, Asia/Shanghai.
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2 Jan 2006 15:04:05", "2 Jan 2006 15:04"} {
		if t, err := time.ParseInLocation(layout, rest, shanghai); err == nil {
			return t, govops.TimeInRange(t)
		}
	}
	if t, ok := ParseTime(v); ok {
		return t, true
	}
	return time.Time{}, false
}

// RecordFeed records the items of a feed document (see ParseFeed) as
// posts of the column (its ID, or "SITE/COLUMN" codes), with source feed
// and the column's department (the site's when the column has none), in
// one Store call, as RecordPosts records them: each column touched moves
// its last update, and the home column its site's HomeUpdated. An item
// whose URL the site has recorded already, or that the feed gives twice,
// is skipped; one with a problem (see ParseFeed, and RecordPosts' checks:
// a link on the site, a time not in the future) is left out and named in
// Errors; the others are recorded, none of them when the write fails. A
// document that is no feed is EINVALID naming "feed". The center records
// any column's feed, a department its own columns'.
func (s *Service) RecordFeed(ctx context.Context, by govops.Actor, column string, r io.Reader) (*FeedResult, error) {
	if err := by.MayWrite("record feeds"); err != nil {
		return nil, err
	}
	col, err := s.column(ctx, "column", column, uuid.Nil)
	if err != nil {
		return nil, err
	}
	site, err := s.store.Site(ctx, col.SiteID)
	if err != nil {
		return nil, err
	}
	dept := cmp.Or(col.Department, site.Department)
	if by.Department != "" && by.Department != dept {
		return nil, govops.Errorf(govops.EFORBIDDEN, "department %s may record the feeds of its own columns only: column %s/%s is %s's",
			by.Department, site.Code, col.Code, cmp.Or(dept, "the center")).WithField("column", "is another unit's")
	}
	items, at, probs, err := parseFeed(r)
	if err != nil {
		return nil, err
	}
	res := &FeedResult{}
	bad := map[int][]string{}
	for _, p := range probs {
		bad[p.index] = append(bad[p.index], p.field+": "+p.problem)
	}
	urls := s.siteURLs(ctx, site.ID)
	stored, err := urls()
	if err != nil {
		return nil, err
	}
	cache := map[string]*Column{col.ID.String(): col}
	seen := map[string]bool{}
	var posts []Post
	for k, it := range items {
		i := at[k]
		if stored[it.URL] || seen[it.URL] {
			res.Skipped++
			continue
		}
		var p govops.Problems
		post, err := s.postOf(ctx, by, site, PostInput{Column: col.ID.String(), Title: govops.Truncate(it.Title, MaxNameLen), URL: it.URL,
			Published: it.Published, Department: dept, Source: PostFromFeed}, cache, p.Add)
		if err != nil {
			return nil, err
		}
		if !p.Empty() {
			fields := govops.ErrorFields(p.Err())
			names := make([]string, 0, len(fields))
			for f := range fields {
				names = append(names, f)
			}
			slices.Sort(names)
			for _, f := range names {
				bad[i] = append(bad[i], fmt.Sprintf("items[%d].%s: %s", i, f, fields[f]))
			}
			continue
		}
		seen[it.URL] = true
		posts = append(posts, post)
	}
	if len(posts) > MaxPostsBatch {
		return nil, govops.FieldError("feed", fmt.Sprintf("has %d new items: at most %d a call", len(posts), MaxPostsBatch))
	}
	places := make([]int, 0, len(bad))
	for i := range bad {
		places = append(places, i)
	}
	slices.Sort(places)
	for _, i := range places {
		res.Errors = append(res.Errors, bad[i]...)
	}
	// A URL recorded meanwhile by another writer is skipped as one
	// recorded before, and the others written again.
	for attempt := 0; len(posts) > 0; attempt++ {
		err := s.writePosts(ctx, by, site.ID, posts, func(string) string { return "feed" })
		if err == nil || govops.ErrorCode(err) != govops.ECONFLICT || attempt == 2 {
			if err != nil {
				return nil, err
			}
			break
		}
		if stored, err = urls(); err != nil {
			return nil, err
		}
		kept := posts[:0]
		for _, p := range posts {
			if stored[p.URL] {
				res.Skipped++
			} else {
				kept = append(kept, p)
			}
		}
		posts = kept
	}
	res.Recorded = len(posts)
	return res, nil
}
