package portal

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
)

// RecordPosts records posts of the site (code or ID), all or none, in one
// Store call: each post's column (its code or ID, within the site), title,
// URL (absolute, on the site's host or one of its Domains, unique within
// the site) and publish time (a fact: not in the future) are required; its
// source is cms unless set; its department is a unit code (the actor's own
// for a department, which records its own posts only: another's is
// EFORBIDDEN). Each column
// touched gets its last update moved to its newest post (when newer), is
// no longer empty, and records one EventPostsRecorded whose note is the
// count; the home column moves the site's HomeUpdated. A URL the site has
// already recorded, or given twice, is ECONFLICT naming the row's url.
func (s *Service) RecordPosts(ctx context.Context, by govops.Actor, site string, in []PostInput) ([]Post, error) {
	if err := by.MayWrite("record posts"); err != nil {
		return nil, err
	}
	if len(in) == 0 {
		return nil, govops.FieldError("posts", "required: at least one post")
	}
	if len(in) > MaxPostsBatch {
		return nil, govops.FieldError("posts", fmt.Sprintf("has %d posts: at most %d a call (import a file for more)", len(in), MaxPostsBatch))
	}
	sv, err := s.site(ctx, "site", site)
	if err != nil {
		return nil, err
	}
	var p govops.Problems
	posts := make([]Post, len(in))
	cols := map[string]*Column{}
	seen := map[string]int{}
	for i, pi := range in {
		prefix := fmt.Sprintf("posts[%d].", i)
		if _, err := by.ActFor(pi.Department, "record posts"); err != nil {
			return nil, govops.AsField(prefix+"department", err)
		}
		post, err := s.postOf(ctx, by, sv, pi, cols, func(field, problem string) { p.Add(prefix+field, problem) })
		if err != nil {
			return nil, err
		}
		if j, dup := seen[pi.URL]; dup && pi.URL != "" {
			return nil, govops.Errorf(govops.ECONFLICT, "post %s is given twice (posts[%d] and posts[%d])", pi.URL, j, i).WithField(prefix+"url", "is given twice: "+pi.URL)
		}
		seen[pi.URL] = i
		posts[i] = post
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if err := s.writePosts(ctx, by, sv.ID, posts, func(url string) string { return fmt.Sprintf("posts[%d].url", seen[url]) }); err != nil {
		return nil, err
	}
	out := make([]Post, len(posts))
	for i, v := range posts {
		out[i] = govops.MaskFor(by, v.Department, v)
	}
	return out, nil
}

// postOf checks one post of the site and returns it (without its ID),
// adding each problem with add. cols caches the columns found by
// reference. A Store failure is its error.
func (s *Service) postOf(ctx context.Context, by govops.Actor, site *Site, in PostInput, cols map[string]*Column, add func(field, problem string)) (Post, error) {
	var p govops.Problems
	in.Title = strings.TrimSpace(in.Title)
	text(&p, "title", in.Title, MaxNameLen, true)
	if u := webURL(&p, "url", in.URL, true); u != nil && !s.onSite(site, u.Hostname()) {
		p.Addf("url", "must be on the site's host %s or one of its domains (got %s)", hostOf(site.Home), u.Hostname())
	}
	govops.CheckPastTime(&p, "published", in.Published, true, s.clock())
	optCode(&p, "department", in.Department)
	if in.Source == "" {
		in.Source = PostFromCMS
	}
	govops.CheckEnum(&p, "source", in.Source, false, PostSource.Valid, PostSources(), PostSource.Label, "post source")
	dept, err := by.ActFor(in.Department, "record posts")
	if err != nil {
		if govops.ErrorCode(err) != govops.EFORBIDDEN {
			return Post{}, err
		}
		p.Add("department", govops.ErrorFields(err)["department"])
	}
	var c *Column
	if in.Column == "" {
		p.Add("column", "required: the column's code or ID")
	} else if c = cols[in.Column]; c == nil {
		c, err = s.column(ctx, "column", in.Column, site.ID)
		switch govops.ErrorCode(err) {
		case "":
			cols[in.Column] = c
		case govops.ENOTFOUND, govops.EINVALID:
			p.Addf("column", "no column %s in site %s", govops.Truncate(in.Column, 40), site.Code)
		default:
			return Post{}, err
		}
	}
	if err := s.deptCheck.Fields(ctx, [][2]string{{"department", dept}}); err != nil {
		if govops.ErrorCode(err) != govops.EINVALID {
			return Post{}, err
		}
		p.Add("department", govops.ErrorFields(err)["department"])
	}
	for f, msg := range govops.ErrorFields(p.Err()) {
		add(f, msg)
	}
	if !p.Empty() {
		return Post{}, nil
	}
	return Post{SiteID: site.ID, ColumnID: c.ID, Title: in.Title, URL: in.URL, Published: govops.StoredTime(in.Published),
		Department: dept, Source: in.Source, By: by.Name}, nil
}

// onSite reports whether host is the site's own or under one of its
// Domains.
func (s *Service) onSite(site *Site, host string) bool {
	if underDomain(host, hostOf(site.Home)) {
		return true
	}
	for _, d := range site.Domains {
		if underDomain(host, d) {
			return true
		}
	}
	return false
}

// writePosts stores posts (checked, without IDs) in one Store call with
// their columns' moves (see RecordPosts), retrying when a column changed
// meanwhile. A URL already recorded is ECONFLICT naming field(url).
func (s *Service) writePosts(ctx context.Context, by govops.Actor, site uuid.UUID, posts []Post, field func(url string) string) error {
	now := s.clock()
	for i := range posts {
		id, err := govops.NewID()
		if err != nil {
			return err
		}
		posts[i].ID, posts[i].CreatedAt = id, now
	}
	_, err := govops.Retry(ctx, govops.MaxWriteRetries, func(int) (bool, error) {
		cs, sv, evs, err := s.postMoves(ctx, by, site, posts, now)
		if err != nil {
			return false, err
		}
		err = s.store.CreatePosts(ctx, posts, cs, sv, evs)
		if govops.ErrorCode(err) != govops.ECONFLICT {
			return false, err
		}
		if url, taken, ferr := s.takenURL(ctx, site, posts); ferr != nil || taken {
			if ferr != nil {
				return false, ferr
			}
			return false, govops.Errorf(govops.ECONFLICT, "post %s is recorded already", url).WithField(field(url), "is recorded already: "+url)
		}
		return true, err
	})
	return err
}

// updateSourceOf is where a column's last update comes from when a post
// of source src moves it: a feed's or the crawl's post says so, any other
// is a post.
func updateSourceOf(src PostSource) UpdateSource {
	switch src {
	case PostFromFeed:
		return UpdatedByFeed
	case PostFromCrawl:
		return UpdatedByCrawl
	}
	return UpdatedByPost
}

// postMoves returns the columns posts move (see RecordPosts), the site
// when its home column moves, and their events.
func (s *Service) postMoves(ctx context.Context, by govops.Actor, site uuid.UUID, posts []Post, now time.Time) ([]Column, *Site, []Event, error) {
	count := map[uuid.UUID]int{}
	newest := map[uuid.UUID]time.Time{}
	source := map[uuid.UUID]UpdateSource{}
	var order []uuid.UUID
	for _, p := range posts {
		if count[p.ColumnID] == 0 {
			order = append(order, p.ColumnID)
		}
		count[p.ColumnID]++
		if p.Published.After(newest[p.ColumnID]) {
			newest[p.ColumnID], source[p.ColumnID] = p.Published, updateSourceOf(p.Source)
		}
	}
	var (
		cs   []Column
		evs  []Event
		home time.Time
	)
	for _, id := range order {
		c, err := s.store.Column(ctx, id)
		if err != nil {
			return nil, nil, nil, err
		}
		if n := newest[id]; n.After(c.Updated) {
			c.Updated, c.UpdatedBy = n, source[id]
		}
		c.Empty = false
		c.Version++
		c.ChangedAt = now
		ev, err := newEvent(c.ID, c.Version, EventPostsRecorded, by, now, "", "", c.Department, strconv.Itoa(count[id]))
		if err != nil {
			return nil, nil, nil, err
		}
		if c.Home && !c.Retired && c.Updated.After(home) {
			home = c.Updated
		}
		cs, evs = append(cs, *c), append(evs, ev)
	}
	if home.IsZero() {
		return cs, nil, evs, nil
	}
	sv, err := s.store.Site(ctx, site)
	if err != nil {
		return nil, nil, nil, err
	}
	if !home.After(sv.HomeUpdated) {
		return cs, nil, evs, nil
	}
	ev, err := s.homeMoved(sv, home, by, now)
	if err != nil {
		return nil, nil, nil, err
	}
	return cs, sv, append(evs, ev), nil
}

// takenURL returns a URL of posts the site has already recorded.
func (s *Service) takenURL(ctx context.Context, site uuid.UUID, posts []Post) (string, bool, error) {
	urls := s.siteURLs(ctx, site)
	stored, err := urls()
	if err != nil {
		return "", false, err
	}
	for _, p := range posts {
		if stored[p.URL] {
			return p.URL, true, nil
		}
	}
	return "", false, nil
}

// siteURLs returns a reader of the URLs the site has recorded posts of.
func (s *Service) siteURLs(ctx context.Context, site uuid.UUID) func() (map[string]bool, error) {
	return func() (map[string]bool, error) {
		ps, err := s.store.Posts(ctx, PostFilter{SiteID: site}, uuid.Nil, 0)
		if err != nil {
			return nil, err
		}
		out := make(map[string]bool, len(ps))
		for _, p := range ps {
			out[p.URL] = true
		}
		return out, nil
	}
}

// PostColumns returns the columns of a posts import file (see ImportPosts):
// title, url, published and column required, department and source
// optional, each with its Chinese header.
func PostColumns() csvimport.Columns {
	return csvimport.Columns{
		{Name: "title", Aliases: []string{"标题"}, Required: true},
		{Name: "url", Aliases: []string{"链接", "网址"}, Required: true},
		{Name: "published", Aliases: []string{"发布时间"}, Required: true},
		{Name: "column", Aliases: []string{"栏目"}, Required: true},
		{Name: "department", Aliases: []string{"部门"}},
		{Name: "source", Aliases: []string{"来源"}},
	}
}

// postSourceAliases are the Chinese names a file may give a source.
var postSourceAliases = map[string]PostSource{"内容管理系统": PostFromCMS, "CMS": PostFromCMS, "订阅源": PostFromFeed,
	"巡检抓取": PostFromCrawl, "钉钉上传": PostFromDingTalk, "钉钉": PostFromDingTalk}

// ParseTime reads a time of an import file, in Asia/Shanghai unless it
// names its zone: "2022-03-01 09:30:00", "2022-03-01 09:30",
// "2022-03-01", the same with '/', or RFC 3339; a year outside 1900 to
// 9999 does not parse (govops.TimeInRange).
func ParseTime(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, govops.TimeInRange(t)
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02", "2006/01/02 15:04:05", "2006/01/02 15:04", "2006/01/02", "2006/1/2 15:04", "2006/1/2"} {
		if t, err := time.ParseInLocation(layout, v, shanghai); err == nil {
			return t, govops.TimeInRange(t)
		}
	}
	return time.Time{}, false
}

// ImportPosts imports posts of the site (code or ID) from a CSV file (see
// PostColumns; UTF-8 or GB18030, headers in English or Chinese). Every row
// is checked as RecordPosts checks a post, and every problem of every bad
// row is reported, a URL given twice in the file or recorded already
// included. With csvimport.AllOrNothing and any bad row nothing is written
// and the report comes with an EINVALID error; with KeepGood the good rows
// are written, in one Store call either way. A header problem is an
// EINVALID error without a report. The center imports any department's
// posts, a department its own.
func (s *Service) ImportPosts(ctx context.Context, by govops.Actor, site string, r io.Reader, mode csvimport.Mode) (*csvimport.Report, error) {
	if err := by.MayWrite("import posts"); err != nil {
		return nil, err
	}
	if !mode.Valid() {
		return nil, govops.FieldError("mode", `must be "all_or_nothing" or "keep_good"`)
	}
	sv, err := s.site(ctx, "site", site)
	if err != nil {
		return nil, err
	}
	rd, err := csvimport.NewReader(r, PostColumns())
	if err != nil {
		return nil, err
	}
	stored, err := s.siteURLs(ctx, sv.ID)()
	if err != nil {
		return nil, err
	}
	cols := PostColumns()
	rep := &csvimport.Report{}
	cache := map[string]*Column{}
	first := map[string]int{}
	var good []Post
	for row, err := range csvimport.Parse(rd, func(row *csvimport.Row, p *govops.Problems) PostInput {
		in := PostInput{Title: row.Get("title"), URL: strings.TrimSpace(row.Get("url")), Column: strings.TrimSpace(row.Get("column")),
			Department: strings.TrimSpace(row.Get("department"))}
		if v := strings.TrimSpace(row.Get("published")); v != "" {
			t, ok := ParseTime(v)
			if !ok {
				p.Addf("published", "%q is not a time: use 2022-03-01 09:30 or 2022-03-01", govops.Truncate(v, 40))
			}
			in.Published = t
		}
		src := strings.TrimSpace(row.Get("source"))
		if a, ok := postSourceAliases[src]; ok {
			src = string(a)
		}
		in.Source = PostSource(strings.ToLower(src))
		return in
	}) {
		if err != nil {
			return nil, err
		}
		rep.Rows++
		if row.Errors != nil {
			rep.Errors = append(rep.Errors, row.Errors...)
			continue
		}
		var p govops.Problems
		post, err := s.postOf(ctx, by, sv, row.Value, cache, p.Add)
		if err != nil {
			return nil, err
		}
		if p.Empty() {
			if prev, dup := first[post.URL]; dup {
				p.Addf("url", "is given on row %d already: %s", prev, post.URL)
			} else if stored[post.URL] {
				p.Add("url", "is recorded already: "+post.URL)
			}
		}
		if !p.Empty() {
			rep.Errors = append(rep.Errors, cols.RowErrors(row.Row, p.Err())...)
			continue
		}
		first[post.URL] = row.Row
		good = append(good, post)
	}
	rep.Sort()
	if err := rep.Err(mode); err != nil {
		return rep, err
	}
	if len(good) == 0 {
		return rep, nil
	}
	if err := s.writePosts(ctx, by, sv.ID, good, func(string) string { return "url" }); err != nil {
		return rep, err
	}
	rep.Imported = len(good)
	return rep, nil
}

// Posts lists posts by ID: those of a site, a column (its ID, or
// "SITE/COLUMN", or its code within Site), a department, a source,
// published in [From, To). Posts are public; who recorded one is masked
// for a reader who may not see it.
func (s *Service) Posts(ctx context.Context, by govops.Actor, in PostListInput) (govops.Page[Post], error) {
	var none govops.Page[Post]
	if err := by.Validate(); err != nil {
		return none, err
	}
	var p govops.Problems
	optCode(&p, "department", in.Department)
	govops.CheckEnum(&p, "source", in.Source, false, PostSource.Valid, PostSources(), PostSource.Label, "post source")
	govops.CheckPeriod(&p, "from", in.From, "to", in.To)
	after, limit, err := govops.ListStart(&p, in.After, in.Limit)
	if err != nil {
		return none, err
	}
	f := PostFilter{Department: in.Department, Source: in.Source, From: in.From, To: in.To}
	if f.SiteID, err = s.siteID(ctx, "site", in.Site); err != nil {
		return none, err
	}
	if in.Column != "" {
		c, err := s.column(ctx, "column", in.Column, f.SiteID)
		if err != nil {
			return none, err
		}
		f.ColumnID = c.ID
	}
	vs, err := s.store.Posts(ctx, f, after, limit+1)
	if err != nil {
		return none, err
	}
	for i := range vs {
		vs[i] = govops.MaskFor(by, vs[i].Department, vs[i])
	}
	return govops.IDPage(vs, limit, func(v Post) uuid.UUID { return v.ID }), nil
}

// columnNames returns the names of the columns of groups (of site, when
// it is not uuid.Nil), "" for one not stored: a few read one by one, more
// in one listing of the site's (or every site's) columns, a small
// reference table.
func (s *Service) columnNames(ctx context.Context, site uuid.UUID, groups []PostCount) (map[uuid.UUID]string, error) {
	names := map[uuid.UUID]string{}
	for _, g := range groups {
		names[g.ColumnID] = ""
	}
	if len(names) > 16 {
		cs, err := s.store.Columns(ctx, ColumnFilter{SiteID: site}, uuid.Nil, 0)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if _, ok := names[c.ID]; ok {
				names[c.ID] = c.Name
			}
		}
		return names, nil
	}
	for id := range names {
		c, err := s.store.Column(ctx, id)
		switch govops.ErrorCode(err) {
		case "":
			names[id] = c.Name
		case govops.ENOTFOUND:
		default:
			return nil, err
		}
	}
	return names, nil
}

// PostCounts counts a year's posts (months in Asia/Shanghai) of one site
// (or every site) and optionally one department: per month, column and
// department, per month, per source, and in all. Counts are public.
func (s *Service) PostCounts(ctx context.Context, by govops.Actor, in PostCountInput) (*PostCounts, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	var p govops.Problems
	checkYear(&p, "year", in.Year)
	optCode(&p, "department", in.Department)
	if err := p.Err(); err != nil {
		return nil, err
	}
	site, err := s.siteID(ctx, "site", in.Site)
	if err != nil {
		return nil, err
	}
	out := &PostCounts{Year: in.Year, BySource: map[PostSource]int{}}
	for m := time.January; m <= time.December; m++ {
		from, to := monthSpan(in.Year, m)
		gs, err := s.store.PostGroups(ctx, PostFilter{SiteID: site, Department: in.Department, From: from, To: to})
		if err != nil {
			return nil, err
		}
		type key struct {
			col  uuid.UUID
			dept string
		}
		per := map[key]int{}
		for _, g := range gs {
			per[key{g.ColumnID, g.Department}] += g.Count
			out.BySource[g.Source] += g.Count
			out.ByMonth[m-1] += g.Count
			out.Total += g.Count
		}
		for k, n := range per {
			out.Groups = append(out.Groups, PostCount{Month: int(m), ColumnID: k.col, Department: k.dept, Count: n})
		}
	}
	names, err := s.columnNames(ctx, site, out.Groups)
	if err != nil {
		return nil, err
	}
	for i := range out.Groups {
		out.Groups[i].Column = names[out.Groups[i].ColumnID]
	}
	sort.Slice(out.Groups, func(i, j int) bool {
		a, b := &out.Groups[i], &out.Groups[j]
		if a.Month != b.Month {
			return a.Month < b.Month
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if c := bytes.Compare(a.ColumnID[:], b.ColumnID[:]); c != 0 {
			return c < 0 // the order of their text
		}
		return a.Department < b.Department
	})
	return out, nil
}
