package demo

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/portal/wordcheck"
)

// portalCrawl is one planned crawl of the portal: when, and the articles it
// finds new, with their defects.
type portalCrawl struct {
	k        int
	at       time.Time
	articles []*portalArticle
	cols     []string // each portalArticle's column path
	want     map[portal.FindingKind]int
}

// crawlPlan plans a crawl a month, on the first working day from the
// 12th at 10:00, and splits the year's findings of each kind over them.
func (y *portalYear) crawlPlan(days []*portalDay) []*portalCrawl {
	p := y.g.P
	var out []*portalCrawl
	for m := time.January; m <= time.December; m++ {
		for _, d := range days {
			if d.date.Month() == m && d.date.Day() >= 12 && d.work {
				out = append(out, &portalCrawl{k: len(out), at: d.date.Add(10 * time.Hour), want: map[portal.FindingKind]int{}})
				break
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	kinds := []struct {
		kind portal.FindingKind
		n    int
	}{{portal.KindBrokenLink, p.BrokenLinks}, {portal.KindTypo, p.Typos}, {portal.KindSensitive, p.WrongWords}, {portal.KindWrongLink, p.WrongLinks}}
	per := map[portal.FindingKind][]int{}
	for ki, k := range kinds {
		r := y.g.Rand("portal.crawlplan", ki)
		ws := make([]float64, len(out))
		for i := range ws {
			ws[i] = 0.6 + 0.8*r.Float64()
		}
		per[k.kind] = apportion(k.n, ws)
	}
	var typos, sensitive []wordcheck.Entry
	for _, e := range wordcheck.Sample().Entries {
		switch {
		case e.Kind == wordcheck.Typo:
			typos = append(typos, e)
		case e.Suggestion != "":
			sensitive = append(sensitive, e)
		}
	}
	var artCols []*portalCol
	for _, c := range y.cols {
		if c.site == portalSite && c.weight > 0 {
			artCols = append(artCols, c)
		}
	}
	for _, c := range out {
		r := y.g.Rand("portal.crawl", c.k)
		for _, k := range kinds {
			c.want[k.kind] = per[k.kind][c.k]
		}
		total := 0
		for _, n := range c.want {
			total += n
		}
		nArt := int(math.Ceil(float64(total)/4)) + 1
		for i := range nArt {
			col := artCols[r.IntN(len(artCols))]
			title := y.postTitle(r, col)
			a := &portalArticle{Path: fmt.Sprintf("%sc%02d_%03d.html", col.path, c.k+1, i+1), Title: title}
			for range 2 + r.IntN(3) {
				a.Body = append(a.Body, portalFiller[r.IntN(len(portalFiller))])
			}
			c.articles = append(c.articles, a)
			c.cols = append(c.cols, col.path)
		}
		words := func(kind portal.FindingKind, dict []wordcheck.Entry) {
			used := map[string]bool{}
			for j := range c.want[kind] {
				a := c.articles[j%nArt]
				for s := (j*7 + c.k*3) % len(dict); ; s = (s + 1) % len(dict) {
					e := dict[s]
					if !used[a.Path+"|"+e.Word] {
						used[a.Path+"|"+e.Word] = true
						a.Defects = append(a.Defects, &portalDefect{Kind: kind, Word: e.Word, Fix: e.Suggestion})
						break
					}
				}
			}
		}
		words(portal.KindTypo, typos)
		words(portal.KindSensitive, sensitive)
		for j := range c.want[portal.KindBrokenLink] {
			a := c.articles[(j+1)%nArt]
			a.Defects = append(a.Defects, &portalDefect{Kind: portal.KindBrokenLink, Target: fmt.Sprintf("/upload/%02d/fj%03d.pdf", c.k+1, j+1), Text: "附件：相关材料"})
		}
		wrongHosts := []string{"www.lbqzf.com", "www.liubei-gov.net", "lbq.gov.cn.cc"}
		for j := range c.want[portal.KindWrongLink] {
			a := c.articles[(j+2)%nArt]
			d := &portalDefect{Kind: portal.KindWrongLink, Text: "相关链接"}
			if j%3 == 2 {
				d.Target, d.Text = fmt.Sprintf("http://www.gxzf.gov.cn/zwgk/c%02d_%03d.html", c.k+1, j+1), "www.gov.cn"
			} else {
				d.Target = fmt.Sprintf("http://%s/art/c%02d_%03d.html", wrongHosts[j%len(wrongHosts)], c.k+1, j+1)
			}
			a.Defects = append(a.Defects, d)
		}
	}
	return out
}

// crawl runs the planned crawl c: its articles go up, the crawl finds
// their defects, the center raises the tasks, fixes each one on the site
// and re-checks it.
func (y *portalYear) crawl(ctx context.Context, c *portalCrawl) error {
	if err := portalCheckArticles(c.articles); err != nil {
		return err
	}
	for i, a := range c.articles {
		y.site.publish(c.cols[i], a)
	}
	center := y.staff(c.k)
	y.at(c.at)
	cr, err := y.svc.Portal.RunCrawl(ctx, center, portal.CrawlInput{Site: portalSite, Options: portal.CrawlOptions{
		HostRate: -1, Concurrency: 8, SkipExternal: true, Timeout: 10 * time.Second}})
	if err != nil {
		return err
	}
	if cr.Status != portal.CrawlDone {
		return fmt.Errorf("crawl %s: %s %s", cr.ID, cr.Status, cr.Error)
	}
	for _, k := range portal.CrawlKinds() {
		if cr.Findings[k] != c.want[k] {
			return fmt.Errorf("crawl %s found %v, planned %v", cr.ID, cr.Findings, c.want)
		}
	}
	byKey := map[string]*portalDefect{}
	for _, a := range c.articles {
		for _, d := range a.Defects {
			what := d.Word
			switch d.Kind {
			case portal.KindBrokenLink:
				what = y.site.srv.URL + d.Target
			case portal.KindWrongLink:
				what = d.Target
			}
			byKey[string(d.Kind)+"|"+y.site.srv.URL+a.Path+"|"+what] = d
		}
	}
	y.at(c.at.Add(15 * time.Minute))
	due, err := y.g.Calendar().AddWorkdays(c.at, 5)
	if err != nil {
		return err
	}
	ts, err := y.svc.Portal.RaiseTasks(ctx, center, portal.RaiseInput{Crawl: cr.ID.String(), Due: due})
	if err != nil {
		return err
	}
	if len(ts) != len(byKey) {
		return fmt.Errorf("%d tasks raised, %d planned", len(ts), len(byKey))
	}
	slices.SortFunc(ts, func(a, b portal.Task) int { return cmp.Compare(a.Key, b.Key) })
	end := time.Date(y.g.P.Year, 12, 31, 18, 0, 0, 0, Shanghai)
	for _, t := range ts {
		if byKey[t.Key] == nil {
			return fmt.Errorf("task %s: no planned defect", t.Key)
		}
	}
	return y.g.Each(ctx, len(ts), func(ctx context.Context, w *Worker, i int) error {
		t := ts[i]
		d := byKey[t.Key]
		r := y.g.Rand("portal.fix", c.k*10000+i)
		tf := y.workAdd(c.at.Add(15*time.Minute), time.Duration(30+r.IntN(16*60))*time.Minute)
		if tf.After(end) {
			tf = end
		}
		w.Clock.Set(tf)
		fix := "已删除该链接"
		switch d.Kind {
		case portal.KindBrokenLink:
			fix = "已重新上传附件，链接恢复"
		case portal.KindTypo, portal.KindSensitive:
			fix = fmt.Sprintf("已将「%s」改为「%s」", d.Word, d.Fix)
		}
		fixer := y.staff(c.k + i)
		if _, err := w.Svc.Portal.MarkFixed(ctx, fixer, t.ID.String(), portal.FixInput{Fix: fix}); err != nil {
			return fmt.Errorf("fix %s: %w", t.Key, err)
		}
		y.site.fix(d)
		w.Clock.Set(tf.Add(time.Duration(20+r.IntN(60)) * time.Minute))
		v, err := w.Svc.Portal.Recheck(ctx, center, t.ID.String(), portal.RecheckInput{})
		if err != nil {
			return fmt.Errorf("recheck %s: %w", t.Key, err)
		}
		if v.Status != portal.TaskVerified {
			return fmt.Errorf("recheck of %s left it %s", t.Key, v.Status)
		}
		y.mu.Lock()
		y.fixed[t.Kind]++
		y.mu.Unlock()
		return nil
	})
}
