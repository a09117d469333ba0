package main

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/govops-kit/govops/portal"
)

// columnOf returns the spec of the column a page belongs to: the longest
// path it starts with.
func columnOf(page string) columnSpec {
	best := columns[0]
	for _, c := range columns {
		if strings.HasPrefix(page, c.Path) && len(c.Path) > len(best.Path) {
			best = c
		}
	}
	return best
}

// keysOf returns the sorted keys of findings.
func keysOf(fs []portal.Finding) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, f.Key)
	}
	slices.Sort(out)
	return out
}

func TestRun(t *testing.T) {
	var out bytes.Buffer
	s, err := run(t.Context(), &out)
	if s != nil {
		defer s.Site.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Log(out.String())
	web := s.Site

	// What the generator planted, and what the departments changed.
	changed := map[string]bool{}
	reopen := map[string]bool{}
	for _, f := range fixes {
		key := web.key(Issue{Kind: f.Kind, Page: f.Page, Word: wordOf(f), Target: targetOf(f)})
		if f.Change {
			changed[key] = true
		} else {
			reopen[key] = true
		}
	}
	var all, left []string
	planned := map[portal.FindingKind]int{}
	fixedKind := map[portal.FindingKind]int{}
	byKey := map[string]Issue{}
	for _, is := range web.Issues() {
		k := web.key(is)
		byKey[k] = is
		all = append(all, k)
		planned[is.Kind]++
		if is.Fixed != changed[k] {
			t.Errorf("issue %s: fixed %v, the story changed it: %v", k, is.Fixed, changed[k])
		}
		if changed[k] {
			fixedKind[is.Kind]++
		} else {
			left = append(left, k)
		}
	}
	slices.Sort(all)
	slices.Sort(left)

	// The first crawl finds exactly what was planted: none missed, none
	// invented (the exceptions and the right links included).
	if got := keysOf(s.First); !slices.Equal(got, all) {
		t.Errorf("first crawl found\n%v\nthe site holds\n%v", got, all)
	}
	for _, k := range portal.CrawlKinds() {
		if s.FirstCrawl.Findings[k] != planned[k] {
			t.Errorf("first crawl counts %d %s, the site holds %d", s.FirstCrawl.Findings[k], k, planned[k])
		}
	}
	for _, f := range s.First {
		is := byKey[f.Key]
		if want := columnOf(is.Page).Dept; f.Department != want {
			t.Errorf("finding %s is for %s, the page's column is %s's", f.Key, f.Department, want)
		}
		if f.Kind == portal.KindTypo && f.Suggestion != is.Right {
			t.Errorf("typo %s: suggestion %q, want %q", f.Word, f.Suggestion, is.Right)
		}
		if (f.Kind == portal.KindTypo || f.Kind == portal.KindSensitive) && !strings.Contains(f.Context, f.Word) {
			t.Errorf("finding %s: context %q does not show the word", f.Key, f.Context)
		}
		if f.Reason == "" {
			t.Errorf("finding %s has no reason", f.Key)
		}
	}
	if len(s.Raised) != len(all) {
		t.Errorf("raised %d tasks of %d findings", len(s.Raised), len(all))
	}

	// The re-checks: what was changed is verified, what was only marked
	// fixed reopens; the education bureau's new post verifies its urge.
	stale := staleColumns()
	var urgeKeys []string
	for _, u := range s.Urged {
		urgeKeys = append(urgeKeys, u.Page)
	}
	var wantUrged []string
	for _, c := range stale {
		wantUrged = append(wantUrged, web.url(c.Path))
	}
	slices.Sort(urgeKeys)
	slices.Sort(wantUrged)
	if !slices.Equal(urgeKeys, wantUrged) {
		t.Errorf("urged %v, the stale columns are %v", urgeKeys, wantUrged)
	}
	verified := 0
	for _, k := range s.Verified {
		if !changed[k] && !strings.HasPrefix(k, string(portal.KindUpdateUrge)) {
			t.Errorf("task %s verified, though its problem is still on the site", k)
		}
		verified++
	}
	if verified != len(changed)+1 {
		t.Errorf("verified %d, want the %d fixes and the education bureau's urge", verified, len(changed))
	}
	if len(s.Reopened) != len(reopen) {
		t.Errorf("reopened %v, want %v", s.Reopened, reopen)
	}
	for _, k := range s.Reopened {
		if !reopen[k] {
			t.Errorf("task %s reopened, though its problem was fixed", k)
		}
	}

	// The second crawl finds what is left, and raises nothing new.
	if got := keysOf(s.Second); !slices.Equal(got, left) {
		t.Errorf("second crawl found\n%v\nthe site still holds\n%v", got, left)
	}
	if len(s.RaisedAgain) != 0 {
		t.Errorf("the second crawl raised %d tasks: every problem it found has a live task", len(s.RaisedAgain))
	}

	// Tasks by status, and the year's counts by kind.
	wantStatus := map[portal.TaskStatus]int{
		portal.TaskVerified: len(changed) + 1,
		portal.TaskOpen:     len(all) - len(changed) + len(stale) - 1,
	}
	for _, st := range portal.TaskStatuses() {
		if s.Tasks[st] != wantStatus[st] {
			t.Errorf("%s tasks: %d, want %d", st, s.Tasks[st], wantStatus[st])
		}
	}
	planned[portal.KindUpdateUrge], fixedKind[portal.KindUpdateUrge] = len(stale), 1
	for _, k := range s.Counts.Kinds {
		if k.Opened != planned[k.Kind] || k.Fixed != fixedKind[k.Kind] {
			t.Errorf("%s: opened %d, fixed %d; want %d, %d", k.Kind, k.Opened, k.Fixed, planned[k.Kind], fixedKind[k.Kind])
		}
		if k.OpenedMonth[5] != k.Opened || k.FixedMonth[5] != k.Fixed {
			t.Errorf("%s: all was opened and fixed in June: %v, %v", k.Kind, k.OpenedMonth, k.FixedMonth)
		}
	}

	// Posts: every article published in 2022, and the new one.
	posts := 1
	for _, c := range columns {
		for i := 1; i <= c.Articles; i++ {
			if evalDay().Add(-days(c.LastPost+(c.Articles-i)*c.Every)).Year() == 2022 {
				posts++
			}
		}
	}
	if s.Posts.Total != posts {
		t.Errorf("posts in 2022: %d, want %d", s.Posts.Total, posts)
	}
	// The crawl finds the column without articles empty.
	if want := []string{"special"}; !slices.Equal(s.Empty, want) {
		t.Errorf("empty columns %v, want %v", s.Empty, want)
	}

	// New media: the Douyin account was not inspected this week.
	if len(s.Uninspected) != 1 || s.Uninspected[0].Account.Code != "lb-agri-douyin" {
		t.Errorf("uninspected: %+v", s.Uninspected)
	}

	// The verdicts: the portal fails on its one old consultation alone
	// (one stale column, one empty, every probe up are below the vetoes);
	// the silent Weibo and the Douyin without interaction fail.
	if v := s.Site0; v.Pass || !slices.Equal(rules(v.Reasons), []portal.Rule{portal.RuleUnanswered}) {
		t.Errorf("site verdict: pass %v, %v", v.Pass, rules(v.Reasons))
	}
	if v := s.Site0; v.StaleColumns != len(stale)-1 || v.EmptyColumns != 1 || v.Availability.Failures.Numerator != 0 || v.Availability.Failures.Denominator != 3 {
		t.Errorf("site counts: stale %d, empty %d, probes failed %v", v.StaleColumns, v.EmptyColumns, v.Availability.Failures)
	}
	want := map[string][]portal.Rule{"lb-wechat": nil, "lb-edu-weibo": {portal.RuleMediaSilent}, "lb-agri-douyin": {portal.RuleMediaNoInteraction}}
	for _, v := range s.Accounts {
		if !slices.Equal(rules(v.Reasons), want[v.Account]) || v.Pass != (len(want[v.Account]) == 0) {
			t.Errorf("account %s: pass %v, %v; want %v", v.Account, v.Pass, rules(v.Reasons), want[v.Account])
		}
	}
	for _, line := range []string{"第一次巡检", "错别字：7", "单项否决", "柳北发布（微信公众号）：合格"} {
		if !strings.Contains(out.String(), line) {
			t.Errorf("the report has no %q", line)
		}
	}
}

// staleColumns returns the columns whose newest post is older than their
// requirement on the day of the first crawl: 14 days, or 6 months (183
// days tells them apart here).
func staleColumns() []columnSpec {
	var out []columnSpec
	for _, c := range columns {
		if c.Home || c.Articles == 0 {
			continue
		}
		if (c.Req == portal.RequireBiweekly && c.LastPost > 14) || (c.Req == portal.RequireHalfYearly && c.LastPost > 183) {
			out = append(out, c)
		}
	}
	return out
}

func rules(rs []portal.Reason) []portal.Rule {
	var out []portal.Rule
	for _, r := range rs {
		out = append(out, r.Rule)
	}
	return out
}
