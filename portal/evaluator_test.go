package portal_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal"
)

// probes stores n probes of the site in the last week, failed of them
// failed.
func (f *fixture) probes(t *testing.T, s *portal.Site, n, failed int) {
	t.Helper()
	ps := make([]portal.Probe, n)
	for i := range ps {
		id := must(govops.NewID())(t)
		ps[i] = portal.Probe{ID: id, SiteID: s.ID, URL: s.Home, At: govops.StoredTime(testNow().Add(-time.Duration(i+1) * time.Hour)), Status: 200, OK: true}
		if i < failed {
			ps[i].Status, ps[i].OK, ps[i].Error = 503, false, "status 503"
		}
	}
	if err := f.st.CreateProbes(f.ctx, ps); err != nil {
		t.Fatal(err)
	}
}

// columns adds n columns of r, last updated at updated (never if zero),
// empty when empty is set.
func (f *fixture) columns(t *testing.T, s *portal.Site, prefix string, n int, r portal.Requirement, updated time.Time, empty bool) {
	t.Helper()
	for i := 0; i < n; i++ {
		c := f.column(t, s, fmt.Sprintf("%s%d", prefix, i), fmt.Sprintf("https://www.lbq.gov.cn/%s%d/", prefix, i), "", r, false)
		if !updated.IsZero() {
			f.updated(t, c, updated)
		}
		if empty {
			must(f.svc.RecordUpdate(f.ctx, center(), c.ID.String(), portal.ColumnUpdate{Empty: true}))(t)
		}
	}
}

func TestEvaluateSite(t *testing.T) {
	now := testNow()
	day := 24 * time.Hour
	cases := []struct {
		name     string
		setup    func(t *testing.T, f *fixture, s *portal.Site, home *portal.Column)
		want     []portal.Rule
		evidence string
	}{
		{"all good", func(*testing.T, *fixture, *portal.Site, *portal.Column) {}, nil, ""},
		{"no probes: not applicable", func(*testing.T, *fixture, *portal.Site, *portal.Column) {}, nil, ""},
		{"probes 1 of 21 failed", func(t *testing.T, f *fixture, s *portal.Site, _ *portal.Column) { f.probes(t, s, 21, 1) }, nil, ""},
		{"probes 1 of 20 failed", func(t *testing.T, f *fixture, s *portal.Site, _ *portal.Column) { f.probes(t, s, 20, 1) },
			[]portal.Rule{portal.RuleUnavailable}, "status 503"},
		{"home exactly 14 days", func(t *testing.T, f *fixture, _ *portal.Site, home *portal.Column) {
			f.clock.Set(now.Add(14 * day))
		}, nil, ""},
		{"home 14 days and a minute", func(t *testing.T, f *fixture, _ *portal.Site, home *portal.Column) {
			f.clock.Set(now.Add(14*day + time.Minute))
		}, []portal.Rule{portal.RuleHomeStale}, "首页最后更新：2022-06-15 10:00"},
		{"4 stale columns", func(t *testing.T, f *fixture, s *portal.Site, _ *portal.Column) {
			f.columns(t, s, "n", 4, portal.RequireBiweekly, now.Add(-20*day), false)
		}, nil, ""},
		{"5 stale columns", func(t *testing.T, f *fixture, s *portal.Site, _ *portal.Column) {
			f.columns(t, s, "n", 5, portal.RequireBiweekly, now.Add(-20*day), false)
		}, []portal.Rule{portal.RuleStaleColumns}, "栏目n4（2周内更新）最后更新 2022-05-26 10:00"},
		{"9 long-stale columns", func(t *testing.T, f *fixture, s *portal.Site, _ *portal.Column) {
			f.columns(t, s, "p", 9, portal.RequireHalfYearly, now.AddDate(-1, -1, 0), false)
		}, []portal.Rule{portal.RuleStaleColumns}, ""},
		{"10 long-stale columns", func(t *testing.T, f *fixture, s *portal.Site, _ *portal.Column) {
			f.columns(t, s, "p", 10, portal.RequireHalfYearly, now.AddDate(-1, -1, 0), false)
		}, []portal.Rule{portal.RuleStaleColumns, portal.RuleLongStale}, "栏目p9（6个月内更新）最后更新 2021-05-15 10:00"},
		{"4 empty columns", func(t *testing.T, f *fixture, s *portal.Site, _ *portal.Column) {
			f.columns(t, s, "e", 4, portal.RequireNone, time.Time{}, true)
		}, nil, ""},
		{"5 empty columns", func(t *testing.T, f *fixture, s *portal.Site, _ *portal.Column) {
			f.columns(t, s, "e", 5, portal.RequireNone, time.Time{}, true)
		}, []portal.Rule{portal.RuleEmptyColumns}, "栏目e0（https://www.lbq.gov.cn/e0/）"},
		{"consultation exactly 3 months", func(t *testing.T, f *fixture, s *portal.Site, _ *portal.Column) {
			must(f.svc.RecordConsultation(f.ctx, center(), portal.ConsultationInput{Site: "S1", Ref: "ZX-1", Subject: "咨询", Received: at(2022, 3, 15, 10, 0)}))(t)
		}, nil, ""},
		{"consultation 3 months and a minute", func(t *testing.T, f *fixture, s *portal.Site, _ *portal.Column) {
			must(f.svc.RecordConsultation(f.ctx, center(), portal.ConsultationInput{Site: "S1", Ref: "ZX-1", Subject: "咨询", Received: at(2022, 3, 15, 9, 59)}))(t)
		}, []portal.Rule{portal.RuleUnanswered}, "留言 ZX-1，2022-03-15 09:59 收到"},
		{"old consultation answered", func(t *testing.T, f *fixture, s *portal.Site, _ *portal.Column) {
			c := must(f.svc.RecordConsultation(f.ctx, center(), portal.ConsultationInput{Site: "S1", Ref: "ZX-1", Subject: "咨询", Received: at(2022, 1, 1, 9, 0)}))(t)
			must(f.svc.AnswerConsultation(f.ctx, center(), c.ID.String(), portal.AnswerInput{Answer: "答复"}))(t)
		}, nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFix(t)
			s := f.site(t, "S1", "https://www.lbq.gov.cn/")
			home := f.column(t, s, "home", "https://www.lbq.gov.cn/", "", portal.RequireBiweekly, true)
			f.updated(t, home, now)
			c.setup(t, f, s, home)
			ev := must(f.svc.Evaluate(f.ctx, viewer(), portal.EvaluateInput{Site: "S1"}))(t)
			if len(ev.Sites) != 1 || len(ev.Accounts) != 0 {
				t.Fatalf("evaluated %d sites, %d accounts", len(ev.Sites), len(ev.Accounts))
			}
			v := ev.Sites[0]
			var got []portal.Rule
			var evidence []string
			for _, r := range v.Reasons {
				got = append(got, r.Rule)
				evidence = append(evidence, r.Evidence...)
				if r.Label == "" || r.Value == "" || r.Threshold == "" || len(r.Evidence) == 0 {
					t.Errorf("reason %+v", r)
				}
			}
			if !slices.Equal(got, c.want) || v.Pass != (len(c.want) == 0) || ev.Pass != v.Pass {
				t.Fatalf("rules %v (pass %v), want %v: %+v", got, v.Pass, c.want, v.Reasons)
			}
			if c.evidence != "" && !slices.ContainsFunc(evidence, func(e string) bool { return strings.Contains(e, c.evidence) }) {
				t.Fatalf("evidence %q lacks %q", evidence, c.evidence)
			}
		})
	}
}

func TestEvaluateAccounts(t *testing.T) {
	day := 24 * time.Hour
	cases := []struct {
		name        string
		lastPost    time.Time
		inspect     bool
		interactive bool
		want        []portal.Rule
	}{
		{"posted 14 days ago", testNow().Add(-14 * day), true, true, nil},
		{"posted 14 days and a minute ago", testNow().Add(-14*day - time.Minute), true, true, []portal.Rule{portal.RuleMediaSilent}},
		{"never posted", time.Time{}, false, true, []portal.Rule{portal.RuleMediaSilent}},
		{"interaction broken", testNow().Add(-day), true, false, []portal.Rule{portal.RuleMediaNoInteraction}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFix(t)
			must(f.svc.CreateAccount(f.ctx, center(), portal.AccountInput{Code: "WX-1", Name: "区发布", Platform: portal.PlatformWeChat, Department: "QZFJ"}))(t)
			must(f.svc.CreateAccount(f.ctx, center(), portal.AccountInput{Code: "WB-1", Name: "区微博", Platform: portal.PlatformWeibo, Department: "WJJ"}))(t)
			if c.inspect {
				must(f.svc.InspectAccount(f.ctx, center(), portal.MediaInspectionInput{Account: "WX-1", Inspected: testNow(), Inspector: "陈明",
					LastPost: c.lastPost, Interactive: c.interactive}))(t)
			}
			ev := must(f.svc.Evaluate(f.ctx, dept(), portal.EvaluateInput{}))(t)
			if len(ev.Accounts) != 1 || ev.Accounts[0].Account != "WX-1" {
				t.Fatalf("QZFJ evaluated %+v", ev.Accounts)
			}
			var got []portal.Rule
			for _, r := range ev.Accounts[0].Reasons {
				got = append(got, r.Rule)
				if len(r.Evidence) == 0 {
					t.Errorf("reason without evidence %+v", r)
				}
			}
			if !slices.Equal(got, c.want) || ev.Pass != (len(c.want) == 0) {
				t.Fatalf("rules %v, want %v", got, c.want)
			}
		})
	}
}

// TestEvaluateScope: a department evaluates its own sites and accounts;
// the center every active one.
func TestEvaluateScope(t *testing.T) {
	f := newFix(t)
	f.site(t, "PORTAL", "https://www.lbq.gov.cn/")
	must(f.svc.CreateSite(f.ctx, center(), portal.SiteInput{Code: "QZ", Name: "区政府办网站", Home: "https://qz.lbq.gov.cn/", Department: "QZFJ"}))(t)
	must(f.svc.CreateSite(f.ctx, center(), portal.SiteInput{Code: "OLD", Name: "旧网站", Home: "https://old.lbq.gov.cn/", Status: portal.SiteClosed}))(t)
	all := must(f.svc.Evaluate(f.ctx, center(), portal.EvaluateInput{}))(t)
	mine := must(f.svc.Evaluate(f.ctx, dept(), portal.EvaluateInput{}))(t)
	if len(all.Sites) != 2 || len(mine.Sites) != 1 || mine.Sites[0].Site != "QZ" {
		t.Fatalf("center %d sites, QZFJ %+v", len(all.Sites), mine.Sites)
	}
	// Never updated: the home page vetoes, its evidence says so.
	if v := mine.Sites[0]; v.Pass || v.Reasons[0].Rule != portal.RuleHomeStale || v.Reasons[0].Evidence[0] != "首页最后更新：从未" {
		t.Fatalf("verdict %+v", v)
	}
	_, err := f.svc.Evaluate(f.ctx, dept(), portal.EvaluateInput{Site: "PORTAL"})
	wantErr(t, err, govops.ENOTFOUND, "site")
	_, err = f.svc.Evaluate(f.ctx, center(), portal.EvaluateInput{Site: "OLD"})
	wantErr(t, err, govops.ECONFLICT, "site")
}

// TestEvaluateLateConsultations checks the count behind the unanswered
// veto over more late consultations than the evidence lists, and at a
// time past: one answered after it was unanswered then.
func TestEvaluateLateConsultations(t *testing.T) {
	f := newFix(t)
	s := f.site(t, "S1", "https://www.lbq.gov.cn/")
	home := f.column(t, s, "home", "https://www.lbq.gov.cn/", "", portal.RequireBiweekly, true)
	f.updated(t, home, testNow())
	n := portal.MaxEvidence + 5
	for i := range n {
		c := must(f.svc.RecordConsultation(f.ctx, center(), portal.ConsultationInput{Site: "S1", Ref: fmt.Sprintf("ZX-%03d", i),
			Subject: "咨询", Received: at(2022, 1, 1+i%28, 9, i%60)}))(t)
		switch {
		case i < 2: // answered before the time evaluated
			must(f.svc.AnswerConsultation(f.ctx, center(), c.ID.String(), portal.AnswerInput{Answer: "答复", At: testNow().Add(-3 * time.Hour)}))(t)
		case i < 5: // answered after it
			must(f.svc.AnswerConsultation(f.ctx, center(), c.ID.String(), portal.AnswerInput{Answer: "答复", At: testNow().Add(-time.Hour)}))(t)
		}
	}
	for _, c := range []struct {
		name  string
		at    time.Time
		late  int
		lines int
		more  string
	}{
		{"Now", testNow(), n - 5, portal.MaxEvidence, ""},
		{"Before three answers", testNow().Add(-2 * time.Hour), n - 2, portal.MaxEvidence + 1, "另有 3 项"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ev := must(f.svc.Evaluate(f.ctx, center(), portal.EvaluateInput{Site: "S1", At: c.at}))(t)
			var r *portal.Reason
			for i := range ev.Sites[0].Reasons {
				if ev.Sites[0].Reasons[i].Rule == portal.RuleUnanswered {
					r = &ev.Sites[0].Reasons[i]
				}
			}
			if r == nil || r.Value != fmt.Sprint(c.late) || len(r.Evidence) != c.lines ||
				(c.more != "" && r.Evidence[len(r.Evidence)-1] != c.more) {
				t.Fatalf("unanswered reason %+v; want %d late, %d evidence lines, the last %q", r, c.late, c.lines, c.more)
			}
		})
	}
}
