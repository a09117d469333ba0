package portal

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// MaxEvidence bounds the evidence lines of one reason; the count beyond
// is said in a last line.
const MaxEvidence = 100

// Evaluate evaluates the single-veto items (国办秘函〔2019〕19号) at in.At
// (now when zero) for every active site and account, or for the site
// and/or the account in.Site and in.Account name (code or ID; a closed
// one is ECONFLICT). A department gets its own sites and accounts only
// (another's, named, is ENOTFOUND). A site fails when any of these holds,
// each a Reason with its evidence:
//
//   - RuleUnavailable: the failed probes of [At−ProbeWindow, At) are
//     FailurePercent or more of them; without a probe in the window the
//     availability is not applicable and vetoes nothing;
//   - RuleHomeStale: the home page (the site's HomeUpdated, or its home
//     column's last update when newer) not updated for more than
//     HomeStaleDays days, or never;
//   - RuleStaleColumns, RuleLongStale, RuleEmptyColumns: StaleColumns,
//     LongStaleColumns or EmptyColumns current columns or more are stale
//     (Column.Stale), long stale (Column.LongStale, LongStaleMonths) or
//     empty;
//   - RuleUnanswered: a consultation received more than UnansweredMonths
//     calendar months before At was unanswered at At.
//
// An account fails when its last post (LastPost) is more than
// MediaSilentDays days before At, or unknown (RuleMediaSilent), or its
// latest inspection of a week before At found interaction not working
// (RuleMediaNoInteraction).
func (s *Service) Evaluate(ctx context.Context, by govops.Actor, in EvaluateInput) (*Evaluation, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	var p govops.Problems
	govops.CheckTime(&p, "at", in.At, false)
	if err := p.Err(); err != nil {
		return nil, err
	}
	at := orNow(in.At, s.clock())
	th := s.thresholds
	out := &Evaluation{At: at, Thresholds: th, Pass: true, Sites: []SiteVerdict{}, Accounts: []AccountVerdict{}}
	dept, err := by.Scope("")
	if err != nil {
		return nil, err
	}
	one := in.Site != "" || in.Account != ""
	var sites []Site
	switch {
	case in.Site != "":
		sv, err := s.site(ctx, "site", in.Site)
		if err == nil && !by.MaySee(sv.Department) {
			err = govops.Errorf(govops.ENOTFOUND, "no site %s", in.Site).WithField("site", "no such site")
		}
		if err != nil {
			return nil, err
		}
		if sv.Status != SiteActive {
			return nil, govops.Errorf(govops.ECONFLICT, "site %s is closed: it is not evaluated", sv.Code).WithField("site", "is closed")
		}
		sites = []Site{*sv}
	case !one:
		if dept != "" || !by.DistrictWide() {
			sites, err = s.store.Sites(ctx, SiteFilter{Department: by.Department, Status: SiteActive}, uuid.Nil, 0)
		} else {
			sites, err = s.store.Sites(ctx, SiteFilter{Status: SiteActive}, uuid.Nil, 0)
		}
		if err != nil {
			return nil, err
		}
	}
	for i := range sites {
		v, err := s.siteVerdict(ctx, &sites[i], at)
		if err != nil {
			return nil, err
		}
		out.Pass = out.Pass && v.Pass
		out.Sites = append(out.Sites, *v)
	}
	var accounts []Account
	switch {
	case in.Account != "":
		a, err := s.account(ctx, by, "account", in.Account)
		if err != nil {
			return nil, err
		}
		if a.Status != AccountActive {
			return nil, govops.Errorf(govops.ECONFLICT, "account %s is %s: it is not evaluated", a.Code, a.Status).WithField("account", "is not active")
		}
		accounts = []Account{*a}
	case !one:
		if accounts, err = s.store.Accounts(ctx, AccountFilter{Department: dept, Status: AccountActive}, uuid.Nil, 0); err != nil {
			return nil, err
		}
	}
	if len(accounts) > 0 {
		latest, err := s.store.LatestInspections(ctx, at)
		if err != nil {
			return nil, err
		}
		last := make(map[uuid.UUID]MediaInspection, len(latest))
		for _, m := range latest {
			last[m.AccountID] = m
		}
		for _, a := range accounts {
			if !by.MaySee(a.Department) {
				continue
			}
			v := accountVerdict(a, last, at, th)
			out.Pass = out.Pass && v.Pass
			out.Accounts = append(out.Accounts, v)
		}
	}
	return out, nil
}

// siteVerdict evaluates one site at at.
func (s *Service) siteVerdict(ctx context.Context, site *Site, at time.Time) (*SiteVerdict, error) {
	th := s.thresholds
	v := &SiteVerdict{SiteID: site.ID, Site: site.Code, Name: site.Name}
	av, err := s.availability(ctx, site, at.Add(-th.ProbeWindow), at)
	if err != nil {
		return nil, err
	}
	v.Availability = *av
	if r := av.Failures; r.Applicable && r.Percent.Cmp(decimalOf(th.FailurePercent)) >= 0 {
		failed, err := s.store.Probes(ctx, ProbeFilter{SiteID: site.ID, From: av.From, To: av.To, Failed: true}, uuid.Nil, MaxEvidence+1)
		if err != nil {
			return nil, err
		}
		ev := make([]string, 0, len(failed))
		for _, p := range failed {
			ev = append(ev, fmt.Sprintf("%s %s：%s", show(p.At), p.URL, p.Error))
		}
		v.Reasons = append(v.Reasons, reason(RuleUnavailable, fmt.Sprintf("%s%%（%d/%d 次失败）", r.Percent.StringFixed(2), r.Numerator, r.Denominator),
			strconv.Itoa(th.FailurePercent)+"%", capEvidence(ev, r.Numerator)))
	}
	cols, err := s.store.Columns(ctx, ColumnFilter{SiteID: site.ID, Current: true}, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	home := site.HomeUpdated
	var stale, long, empty []string
	for _, c := range cols {
		if c.Home && c.Updated.After(home) {
			home = c.Updated
		}
		line := fmt.Sprintf("%s（%s）最后更新 %s", c.Name, c.Requirement.limitLabel(), show(c.Updated))
		if c.Stale(at) {
			stale = append(stale, line)
		}
		if c.LongStale(at, th.LongStaleMonths) {
			long = append(long, line)
		}
		if c.Empty {
			empty = append(empty, c.Name+"（"+c.URL+"）")
		}
	}
	v.StaleColumns, v.LongStaleColumns, v.EmptyColumns = len(stale), len(long), len(empty)
	if home.IsZero() || at.Sub(home) > time.Duration(th.HomeStaleDays)*day {
		days := "从未更新"
		if !home.IsZero() {
			days = strconv.Itoa(daysSince(home, at)) + " 天"
		}
		v.Reasons = append(v.Reasons, reason(RuleHomeStale, days, strconv.Itoa(th.HomeStaleDays)+" 天", []string{"首页最后更新：" + show(home)}))
	}
	if len(stale) >= th.StaleColumns {
		v.Reasons = append(v.Reasons, reason(RuleStaleColumns, strconv.Itoa(len(stale)), strconv.Itoa(th.StaleColumns), capEvidence(stale, int64(len(stale)))))
	}
	if len(long) >= th.LongStaleColumns {
		v.Reasons = append(v.Reasons, reason(RuleLongStale, strconv.Itoa(len(long)), strconv.Itoa(th.LongStaleColumns), capEvidence(long, int64(len(long)))))
	}
	if len(empty) >= th.EmptyColumns {
		v.Reasons = append(v.Reasons, reason(RuleEmptyColumns, strconv.Itoa(len(empty)), strconv.Itoa(th.EmptyColumns), capEvidence(empty, int64(len(empty)))))
	}
	// The late consultations are counted by the Store (from its summaries,
	// not by reading the site's every consultation), and only the first
	// MaxEvidence of them are read, as evidence.
	lateOnes := ConsultationFilter{SiteID: site.ID, ReceivedBefore: monthsBefore(at, th.UnansweredMonths), UnansweredAt: at}
	n, err := s.store.CountConsultations(ctx, lateOnes)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		cs, err := s.store.Consultations(ctx, lateOnes, uuid.Nil, MaxEvidence)
		if err != nil {
			return nil, err
		}
		late := make([]string, 0, len(cs))
		for _, c := range cs {
			late = append(late, fmt.Sprintf("留言 %s，%s 收到，%d 天未答复", c.Ref, show(c.Received), daysSince(c.Received, at)))
		}
		v.Reasons = append(v.Reasons, reason(RuleUnanswered, strconv.Itoa(n), strconv.Itoa(th.UnansweredMonths)+" 个月", capEvidence(late, int64(n))))
	}
	v.Pass = len(v.Reasons) == 0
	return v, nil
}

// accountVerdict evaluates one account at at, knowing its latest
// inspection (in last).
func accountVerdict(a Account, last map[uuid.UUID]MediaInspection, at time.Time, th Thresholds) AccountVerdict {
	v := AccountVerdict{AccountID: a.ID, Account: a.Code, Name: a.Name, Platform: a.Platform}
	if a.LastPost.IsZero() || at.Sub(a.LastPost) > time.Duration(th.MediaSilentDays)*day {
		days := "无发布记录"
		if !a.LastPost.IsZero() {
			days = strconv.Itoa(daysSince(a.LastPost, at)) + " 天"
		}
		v.Reasons = append(v.Reasons, reason(RuleMediaSilent, days, strconv.Itoa(th.MediaSilentDays)+" 天", []string{"最后发布：" + show(a.LastPost)}))
	}
	if m, ok := last[a.ID]; ok && !m.Interactive {
		v.Reasons = append(v.Reasons, reason(RuleMediaNoInteraction, "否", "是",
			[]string{fmt.Sprintf("%s 当周检查（%s）：互动功能不可用", show(m.Week), show(m.Inspected))}))
	}
	v.Pass = len(v.Reasons) == 0
	return v
}

// reason returns the Reason of rule.
func reason(rule Rule, value, threshold string, evidence []string) Reason {
	return Reason{Rule: rule, Label: rule.Label(), Value: value, Threshold: threshold, Evidence: evidence}
}

// capEvidence keeps MaxEvidence lines of ev, and says how many more of
// total there are.
func capEvidence(ev []string, total int64) []string {
	if len(ev) > MaxEvidence {
		ev = ev[:MaxEvidence]
	}
	if n := total - int64(len(ev)); n > 0 {
		ev = append(ev, fmt.Sprintf("另有 %d 项", n))
	}
	return ev
}
