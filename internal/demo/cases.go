package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/hotline"
)

// casesChapter is the chapter's code, which names its progress and its
// random streams.
const casesChapter = "cases"

// casesSteps is the chapter's expected steps, for the progress bar: one per
// case, the routing rules, one per month of callbacks, one per deduction,
// and the peer results.
func casesSteps(p Params) int64 {
	return int64(p.HotlineCases+p.PlatformOpsCases+p.SupervisionCases) + 1 + 12 +
		int64(len(p.DeductedUnits)+p.OverturnedAppeals) + 1
}

// runCases registers the year's hotline, platform-operations and
// supervision cases and works each one through its lifecycle on the
// calendar, then records the hotline's callbacks, deductions with their
// appeals, and the city's ranking of the districts.
func runCases(ctx context.Context, g *Gen) error {
	cg, err := newCasesGen(ctx, g)
	if err != nil {
		return err
	}
	if err := cg.routingRules(ctx); err != nil {
		return fmt.Errorf("routing rules: %w", err)
	}
	g.Step(casesChapter, 1)
	cg.plan()
	cg.done = make([]caseDone, len(cg.plans))
	if err := g.Each(ctx, len(cg.plans), func(ctx context.Context, w *Worker, i int) error {
		if err := cg.work(ctx, w, i); err != nil {
			return err
		}
		g.Step(casesChapter, 1)
		return nil
	}); err != nil {
		return err
	}
	g.Add(annual.KeyCasesHotline, cg.registered[0].Load())
	g.Add(annual.KeyCasesPlatformOps, cg.registered[1].Load())
	g.Add(annual.KeyCasesSupervision, cg.registered[2].Load())
	g.Add(annual.KeyCasesTotal, cg.registered[0].Load()+cg.registered[1].Load()+cg.registered[2].Load())
	return cg.assess(ctx)
}

// casesGen is the chapter's state.
type casesGen struct {
	g     *Gen
	cal   *govops.Calendar
	end   time.Time // the last moment anything happens: 31 December, 23:00
	units []Dept    // departments and townships, which handle cases
	towns []Dept    // townships and sub-districts
	ops   Dept      // who handles the platform's own faults
	rules map[string]string

	plans      []casePlan
	done       []caseDone
	registered [3]atomic.Int64 // hotline, platformops, supervision
}

// casePlan is one case to register: its kind, its index among the cases
// of its kind, when it comes in, and its number in that day's intake.
type casePlan struct {
	kind govcase.Kind
	idx  int
	at   time.Time
	day  int
}

// caseDone is what became of a hotline case.
type caseDone struct {
	number     string
	dept       string
	month      hotline.Month // of its first dispatch
	dispatched bool
	replied    bool
	cancelled  bool
	overdue    bool
	repliedAt  time.Time // its (first) reply
	// calledAt is when the citizen was called back about a case that was
	// then redone: the call found the citizen dissatisfied.
	calledAt time.Time
	reopened bool
}

func newCasesGen(ctx context.Context, g *Gen) (*casesGen, error) {
	cg := &casesGen{g: g, cal: g.Calendar(), end: time.Date(g.P.Year, 12, 31, 23, 0, 0, 0, Shanghai)}
	depts := g.Departments()
	if len(depts) == 0 {
		var err error
		if depts, err = listUnits(ctx, g); err != nil {
			return nil, err
		}
	}
	for _, d := range depts {
		switch d.Kind {
		case directory.KindTownship:
			cg.towns = append(cg.towns, d)
			cg.units = append(cg.units, d)
		case directory.KindDepartment, "":
			// Schools, kindergartens and clinics take no hotline or
			// supervision cases of the kinds the chapter makes.
			if !institution(d.Name) {
				cg.units = append(cg.units, d)
			}
		}
	}
	if len(cg.units) == 0 {
		return nil, fmt.Errorf("the directory holds no department or township to dispatch cases to")
	}
	if len(cg.towns) == 0 {
		cg.towns = cg.units
	}
	cg.ops = cg.units[0]
	for _, w := range []string{"政务网络服务中心", "大数据", "信息中心", "政务服务"} {
		if d, ok := cg.unitNamed(w); ok {
			cg.ops = d
			break
		}
	}
	return cg, nil
}

// listUnits reads the active departments and townships from the directory,
// for a database the directory chapter did not fill in this run.
func listUnits(ctx context.Context, g *Gen) ([]Dept, error) {
	svc := g.Services(NewClock(time.Date(g.P.Year, 1, 1, 8, 0, 0, 0, Shanghai)))
	by := govops.Actor{Name: centerStaff[0], ReadOnly: true}
	in := directory.ListInput{Filter: directory.Filter{Kinds: []directory.Kind{directory.KindDepartment, directory.KindTownship},
		Status: directory.StatusActive}, Limit: 500}
	var out []Dept
	for {
		page, err := svc.Departments.List(ctx, by, in)
		if err != nil {
			return nil, fmt.Errorf("read the directory: %w", err)
		}
		for _, d := range page.Items {
			out = append(out, Dept{Code: d.Code, Name: d.Name, Kind: d.Kind, Parent: d.Parent, Zone: d.Zone})
		}
		if page.Next == "" {
			return out, nil
		}
		in.Cursor = page.Next
	}
}

// unitNamed returns the first unit whose name holds word.
func (cg *casesGen) unitNamed(word string) (Dept, bool) {
	for _, d := range cg.units {
		if strings.Contains(d.Name, word) {
			return d, true
		}
	}
	return Dept{}, false
}

// institution reports whether name is a school, a kindergarten or a
// community clinic.
func institution(name string) bool {
	for _, w := range []string{"小学", "中学", "幼儿园", "卫生服务中心"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// townOf returns the township a place lies in: the one named like it
// (跃进路 in 跃进街道), else always the same one.
func (cg *casesGen) townOf(place string) Dept {
	if rs := []rune(place); len(rs) >= 2 {
		for _, t := range cg.towns {
			if strings.HasPrefix(t.Name, string(rs[:2])) {
				return t
			}
		}
	}
	h := 0
	for _, r := range place {
		h = h*131 + int(r)
	}
	if h < 0 {
		h = -h
	}
	return cg.towns[h%len(cg.towns)]
}

// handler returns the unit that handles topic t at place.
func (cg *casesGen) handler(t topic, place string) Dept {
	for _, w := range t.handlers {
		if w == "" {
			return cg.townOf(place)
		}
		if d, ok := cg.unitNamed(w); ok {
			return d
		}
	}
	return cg.townOf(place)
}

// routingRules makes the routing rules of the routed topics (任务下发精准),
// keeping the rules that already exist.
func (cg *casesGen) routingRules(ctx context.Context) error {
	svc := cg.g.Services(NewClock(time.Date(cg.g.P.Year, 1, 1, 8, 0, 0, 0, Shanghai)))
	by := govops.Actor{Name: centerStaff[0]}
	have, err := svc.Cases.RoutingRules(ctx, by)
	if err != nil {
		return err
	}
	cg.rules = map[string]string{}
	ts := hotlineTopics()
	for i, t := range ts {
		if !t.routed {
			continue
		}
		d := cg.handler(t, "")
		if d.Kind == directory.KindTownship {
			continue
		}
		cg.rules[t.keyword] = d.Code
		if slices.ContainsFunc(have, func(r govcase.RoutingRule) bool {
			return r.Kind == govcase.KindHotline && r.Department == d.Code && slices.Equal(r.Keywords, []string{t.keyword})
		}) {
			continue
		}
		if _, err := svc.Cases.CreateRoutingRule(ctx, by, govcase.RoutingRuleInput{Kind: govcase.KindHotline,
			Keywords: []string{t.keyword}, Department: d.Code, Priority: len(ts) - i}); err != nil {
			return err
		}
	}
	return nil
}

// plan spreads the cases of each kind over the days of the year, by the
// weight of each day, and orders them all by when they come in.
func (cg *casesGen) plan() {
	p := cg.g.P
	cg.plans = cg.plans[:0]
	for _, k := range []struct {
		kind     govcase.Kind
		n        int
		weekends bool
	}{{govcase.KindHotline, p.HotlineCases, true}, {govcase.KindPlatformOps, p.PlatformOpsCases, false},
		{govcase.KindSupervision, p.SupervisionCases, false}} {
		perDay := cg.spread(k.n, k.weekends)
		idx := 0
		for d, n := range perDay {
			day := time.Date(p.Year, 1, 1+d, 0, 0, 0, 0, Shanghai)
			for j := range n {
				r := cg.g.Rand(casesChapter+".plan."+string(k.kind), idx)
				cg.plans = append(cg.plans, casePlan{kind: k.kind, idx: idx, at: intakeTime(r, day, cg.workday(day)), day: j + 1})
				idx++
			}
		}
	}
	slices.SortStableFunc(cg.plans, func(a, b casePlan) int { return a.at.Compare(b.at) })
}

// workday reports whether day is a working day (false where the calendar
// does not know the year).
func (cg *casesGen) workday(day time.Time) bool {
	ok, err := cg.cal.IsWorkday(day)
	return err == nil && ok
}

// spread shares n cases among the days of the year by weight (largest
// remainder, so that they add up to n): working days carry the load, with
// Mondays the busiest and summer busier than winter; weekends and holidays
// get a trough, the Spring Festival and National Day the deepest, and
// none at all when weekends is false.
func (cg *casesGen) spread(n int, weekends bool) []int {
	y := cg.g.P.Year
	days := time.Date(y+1, 1, 1, 0, 0, 0, 0, Shanghai).Sub(time.Date(y, 1, 1, 0, 0, 0, 0, Shanghai)).Hours() / 24
	season := []float64{0.9, 0.85, 1.0, 1.0, 1.05, 1.15, 1.2, 1.15, 1.05, 0.95, 1.0, 0.95}
	ws := make([]float64, int(math.Round(days)))
	for d := range ws {
		day := time.Date(y, 1, 1+d, 0, 0, 0, 0, Shanghai)
		w := season[day.Month()-1]
		switch wd := day.Weekday(); {
		case cg.workday(day):
			if wd == time.Monday {
				w *= 1.2
			} else if wd == time.Friday {
				w *= 0.95
			}
		case !weekends:
			w = 0
		case wd == time.Saturday || wd == time.Sunday:
			w *= 0.3
		default: // a public holiday on a weekday
			w *= 0.2
		}
		ws[d] = w
	}
	return apportion(n, ws)
}

// intakeTime returns when on day a case comes in: mostly in office hours
// on a working day, some in the evening (the 12345 line never closes), and
// through the day on a day off.
func intakeTime(r *rand.Rand, day time.Time, workday bool) time.Time {
	var mins int
	switch u := r.Float64(); {
	case !workday:
		mins = 9*60 + r.IntN(9*60)
	case u < 0.6:
		mins = 8*60 + 30 + r.IntN(210)
	case u < 0.9:
		mins = 14*60 + 30 + r.IntN(180)
	default:
		mins = 17*60 + 30 + r.IntN(210)
	}
	return day.Add(time.Duration(mins)*time.Minute + time.Duration(r.IntN(60))*time.Second)
}

// timeline moves one case's clock forward, never past the end of the year:
// a step that would cross it takes a third of the time left.
type timeline struct {
	cal *govops.Calendar
	end time.Time
	t   time.Time
	w   *Worker
}

// at moves the clock to t (or just after the last moment when t is not
// later) and returns the time set.
func (tl *timeline) at(t time.Time) time.Time {
	if !t.After(tl.t) {
		t = tl.t.Add(time.Minute)
	}
	if t.After(tl.end) {
		t = tl.t.Add(tl.end.Sub(tl.t) / 3)
	}
	tl.t = t
	tl.w.Clock.Set(t)
	return t
}

// after moves the clock on by d of wall time.
func (tl *timeline) after(d time.Duration) time.Time { return tl.at(tl.t.Add(d)) }

// work moves the clock on by d of working time.
func (tl *timeline) work(d time.Duration) time.Time {
	t, err := tl.cal.AddWorkHours(tl.t, d)
	if err != nil {
		t = tl.t.Add(d)
	}
	return tl.at(t)
}

// between returns a random duration in [lo, hi).
func between(r *rand.Rand, lo, hi time.Duration) time.Duration {
	return lo + time.Duration(r.Int64N(int64(hi-lo)))
}

// work runs the lifecycle of the i-th planned case.
func (cg *casesGen) work(ctx context.Context, w *Worker, i int) error {
	pl := cg.plans[i]
	tl := &timeline{cal: cg.cal, end: cg.end, t: pl.at.Add(-time.Minute), w: w}
	tl.at(pl.at)
	switch pl.kind {
	case govcase.KindHotline:
		return cg.hotlineCase(ctx, w, tl, i, pl)
	case govcase.KindPlatformOps:
		return cg.platformCase(ctx, w, tl, pl)
	default:
		return cg.supervisionCase(ctx, w, tl, pl)
	}
}

// duplicates returns the indexes of the hotline cases cancelled as
// duplicates (作废): about one in nine thousand.
func duplicates(n int) map[int]bool {
	k := n / 9000
	out := map[int]bool{}
	for j := range k {
		out[(j+1)*n/(k+1)] = true
	}
	return out
}

// hotlineCase registers a hotline case and works it to the end: routed by
// the rules where one matches, now and then returned and dispatched again,
// given more time, urged, answered late, or redone after the citizen said
// on the callback that they were not satisfied.
func (cg *casesGen) hotlineCase(ctx context.Context, w *Worker, tl *timeline, i int, pl casePlan) error {
	r := cg.g.Rand(casesChapter+".hotline", pl.idx)
	center := govops.Actor{Name: centerStaff[r.IntN(len(centerStaff))]}
	ts := hotlineTopics()
	t := pickTopic(r, ts)
	pls := places()
	place := pls[r.IntN(len(pls))]
	title := fmt.Sprintf(t.titles[r.IntN(len(t.titles))], place)
	loc := fmt.Sprintf("柳州市柳北区%s%d号", place, 1+r.IntN(200))
	in := govcase.RegisterInput{Kind: govcase.KindHotline, Category: t.categories[r.IntN(len(t.categories))],
		Priority: govcase.PriorityNormal, Source: govcase.SourcePhone,
		ExternalNo:  fmt.Sprintf("LZ12345-%s-%04d", pl.at.In(Shanghai).Format("20060102"), pl.day),
		Title:       title,
		Description: describe(r, title, loc) + "（事项分类：" + t.keyword + "）",
		Reporter:    govcase.Contact{Name: personName(r), Phone: mobile(r)}, Location: loc}
	switch u := r.Float64(); {
	case u < 0.01:
		in.Priority = govcase.PriorityCritical
	case u < 0.05:
		in.Priority = govcase.PriorityUrgent
	}
	switch u := r.Float64(); {
	case u < 0.05:
		in.Source = govcase.SourceWeChat
	case u < 0.09:
		in.Source = govcase.SourceWeb
	case u < 0.12:
		in.Source = govcase.SourceApp
	}
	c, err := w.Svc.Cases.Register(ctx, center, in)
	if err != nil {
		return fmt.Errorf("register: %w", err)
	}
	cg.registered[0].Add(1)
	d := &cg.done[i]
	d.number = c.Number
	ref := c.ID.String()

	if duplicates(cg.g.P.HotlineCases)[pl.idx] {
		tl.after(between(r, 10*time.Minute, 40*time.Minute))
		_, err := w.Svc.Cases.Cancel(ctx, center, ref, govcase.ActionInput{Note: "重复件：市民就同一诉求重复来电，已并入前件办理"})
		d.cancelled = true
		return err
	}

	right := cg.handler(t, place)
	routed := cg.rules[t.keyword] != "" && cg.rules[t.keyword] == right.Code
	// Shapes, drawn once per case.
	returned := r.Float64() < 0.012
	extension := r.Float64() < 0.008
	approve := r.IntN(4) > 0
	urged := r.Float64() < 0.02
	overdue := r.Float64() < 0.007
	lateAccept := r.Float64() < 0.006
	reopen := r.Float64() < 0.005

	dispatch := func(dept string, suggest bool) (*govcase.Case, error) {
		in := govcase.DispatchInput{Department: dept, UseSuggestion: suggest}
		if suggest {
			in.Department = ""
		}
		return w.Svc.Cases.Dispatch(ctx, center, ref, in)
	}
	tl.after(between(r, 3*time.Minute, 40*time.Minute))
	if returned {
		wrong := cg.towns[r.IntN(len(cg.towns))]
		if wrong.Code == right.Code {
			wrong = cg.units[(slices.Index(cg.units, right)+1)%len(cg.units)]
		}
		if _, err := dispatch(wrong.Code, false); err != nil {
			return fmt.Errorf("dispatch: %w", err)
		}
		d.dispatched = true
		d.month = hotline.MonthOf(tl.t)
		tl.work(between(r, 20*time.Minute, 3*time.Hour))
		if _, err := w.Svc.Cases.Return(ctx, deptActor(wrong.Code), ref, govcase.ActionInput{
			Note: "经核实，该事项不属于本单位职责范围，请中心重新派单"}); err != nil {
			return fmt.Errorf("return: %w", err)
		}
		tl.work(between(r, 10*time.Minute, time.Hour))
	}
	c, err = dispatch(right.Code, routed)
	if err != nil {
		return fmt.Errorf("dispatch: %w", err)
	}
	if !d.dispatched {
		d.dispatched = true
		d.month = hotline.MonthOf(tl.t)
	}
	dept := c.Department
	d.dept = dept
	by := deptActor(dept)

	if lateAccept {
		tl.work(between(r, 2*time.Hour+10*time.Minute, 5*time.Hour))
	} else if c.Priority == govcase.PriorityCritical {
		tl.work(between(r, 3*time.Minute, 25*time.Minute))
	} else {
		tl.work(between(r, 5*time.Minute, 90*time.Minute))
	}
	if c, err = w.Svc.Cases.Accept(ctx, by, ref, govcase.ActionInput{}); err != nil {
		return fmt.Errorf("accept: %w", err)
	}
	if extension && tl.t.Before(c.ResolveBy) {
		tl.work(between(r, 30*time.Minute, 4*time.Hour))
		if tl.t.Before(c.ResolveBy) {
			until, err := cg.cal.AddWorkdays(c.ResolveBy, 3+r.IntN(3))
			if err != nil {
				until = c.ResolveBy.AddDate(0, 0, 5)
			}
			if _, err := w.Svc.Cases.RequestExtension(ctx, by, ref, govcase.ExtensionInput{Until: until,
				ActionInput: govcase.ActionInput{Note: "涉及多个部门协调及现场勘查，需延长办理时限"}}); err != nil {
				return fmt.Errorf("request extension: %w", err)
			}
			tl.work(between(r, 30*time.Minute, 3*time.Hour))
			note := "同意延期，请在延期时限内办结"
			if !approve {
				note = "延期理由不充分，请按原时限办结"
			}
			if c, err = w.Svc.Cases.DecideExtension(ctx, center, ref, govcase.ExtensionDecision{Approve: approve,
				ActionInput: govcase.ActionInput{Note: note}}); err != nil {
				return fmt.Errorf("decide extension: %w", err)
			}
		}
	}
	if urged {
		tl.at(tl.t.Add(c.ResolveBy.Sub(tl.t) / 2))
		if _, err := w.Svc.Cases.Urge(ctx, center, ref, govcase.ActionInput{Note: "请加快办理进度，按时反馈办理结果"}); err != nil {
			return fmt.Errorf("urge: %w", err)
		}
	}
	if overdue {
		resolve := tl.t
		if c.ResolveBy.After(resolve) {
			resolve = c.ResolveBy
		}
		t, err := cg.cal.AddWorkHours(resolve, between(r, 30*time.Minute, 16*time.Hour))
		if err != nil {
			t = resolve.Add(24 * time.Hour)
		}
		tl.at(t)
	} else {
		target := tl.t.Add(time.Duration((0.05 + 0.8*r.Float64()) * float64(c.ResolveBy.Sub(tl.t))))
		if snapped, err := cg.cal.AddWorkHours(target, 0); err == nil && !snapped.After(c.ResolveBy) {
			target = snapped
		}
		tl.at(target)
	}
	if _, err := w.Svc.Cases.Reply(ctx, by, ref, govcase.ActionInput{Note: replyFor(r, in.Category)}); err != nil {
		return fmt.Errorf("reply: %w", err)
	}
	d.replied, d.repliedAt = true, tl.t
	d.overdue = c.ResolveBy.Before(tl.t)
	tl.work(between(r, 20*time.Minute, 4*time.Hour))
	if _, err := w.Svc.Cases.Close(ctx, center, ref, govcase.ActionInput{}); err != nil {
		return fmt.Errorf("close: %w", err)
	}
	if !reopen || !tl.t.Before(cg.end.Add(-72*time.Hour)) {
		return nil
	}
	// The callback found the citizen dissatisfied: the center sends the
	// case back for redo (重办).
	d.calledAt = tl.work(between(r, 3*time.Hour, 12*time.Hour))
	d.reopened = true
	tl.work(between(r, 30*time.Minute, 3*time.Hour))
	if _, err := w.Svc.Cases.Reopen(ctx, center, ref, govcase.ActionInput{Note: "市民回访不满意，要求重新办理"}); err != nil {
		return fmt.Errorf("reopen: %w", err)
	}
	tl.work(between(r, 10*time.Minute, time.Hour))
	if _, err := w.Svc.Cases.Accept(ctx, by, ref, govcase.ActionInput{}); err != nil {
		return fmt.Errorf("accept the redo: %w", err)
	}
	tl.work(between(r, 4*time.Hour, 20*time.Hour))
	if _, err := w.Svc.Cases.Reply(ctx, by, ref, govcase.ActionInput{Note: "重办：再次到现场核查处理，已与市民当面沟通，问题已解决"}); err != nil {
		return fmt.Errorf("reply to the redo: %w", err)
	}
	tl.work(between(r, 20*time.Minute, 3*time.Hour))
	if _, err := w.Svc.Cases.Close(ctx, center, ref, govcase.ActionInput{}); err != nil {
		return fmt.Errorf("close the redo: %w", err)
	}
	return nil
}

// deptActor is the clerk of department code.
func deptActor(code string) govops.Actor { return govops.Actor{Name: staffOf(code), Department: code} }

// pickTopic draws a topic by weight.
func pickTopic(r *rand.Rand, ts []topic) topic {
	total := 0
	for _, t := range ts {
		total += t.weight
	}
	n := r.IntN(total)
	for _, t := range ts {
		if n < t.weight {
			return t
		}
		n -= t.weight
	}
	return ts[len(ts)-1]
}

// platformCase is a fault of the command platform itself (综合指挥平台运维),
// reported by a unit and handled by the platform's operators.
func (cg *casesGen) platformCase(ctx context.Context, w *Worker, tl *timeline, pl casePlan) error {
	r := cg.g.Rand(casesChapter+".platformops", pl.idx)
	center := govops.Actor{Name: centerStaff[r.IntN(len(centerStaff))]}
	from := cg.units[r.IntN(len(cg.units))]
	faults := []string{"综合指挥平台账号无法登录", "综合指挥平台案件附件无法上传", "综合指挥平台短信提醒未收到", "综合指挥平台签收按钮无响应", "综合指挥平台统计报表数据异常", "综合指挥平台新增办件人员账号"}
	f := faults[r.IntN(len(faults))]
	cat := govcase.CategoryHelp
	if strings.Contains(f, "新增") {
		cat = govcase.CategoryConsult
	}
	title := from.Name + f
	c, err := w.Svc.Cases.Register(ctx, center, govcase.RegisterInput{Kind: govcase.KindPlatformOps, Category: cat,
		Source: govcase.SourcePhone, Title: title, Description: from.Name + "来电反映：" + f + "，请平台运维人员协助处理。",
		Reporter: govcase.Contact{Name: personName(r), Phone: mobile(r)}, Location: from.Name})
	if err != nil {
		return fmt.Errorf("register: %w", err)
	}
	cg.registered[1].Add(1)
	return cg.simpleLifecycle(ctx, w, tl, r, center, c, cg.ops.Code, false, "已远程排查处理，平台功能恢复正常，已告知报修单位。")
}

// supervisionCase is a supervision task (督查绩效) the center sends to a
// unit: a performance item to put right and report on.
func (cg *casesGen) supervisionCase(ctx context.Context, w *Worker, tl *timeline, pl casePlan) error {
	r := cg.g.Rand(casesChapter+".supervision", pl.idx)
	center := govops.Actor{Name: centerStaff[r.IntN(len(centerStaff))]}
	to := cg.units[r.IntN(len(cg.units))]
	items := []string{"热线工单超期未反馈整改", "政务公开栏目更新不及时整改", "重点工作任务推进情况督查", "群众满意度回访问题整改", "信息化项目建设进度督查", "网络安全自查整改落实情况"}
	item := items[r.IntN(len(items))]
	cat := govcase.CategorySuggestion
	if r.IntN(3) == 0 {
		cat = govcase.CategoryComplaint
	}
	c, err := w.Svc.Cases.Register(ctx, center, govcase.RegisterInput{Kind: govcase.KindSupervision, Category: cat,
		Source: govcase.SourceInternal, Title: fmt.Sprintf("%d年第%d期督查：%s%s", cg.g.P.Year, int(tl.t.In(Shanghai).Month()), to.Name, item),
		Description: "根据区绩效考评工作安排，请" + to.Name + "对" + item + "事项进行核查，按时限反馈整改情况。"})
	if err != nil {
		return fmt.Errorf("register: %w", err)
	}
	cg.registered[2].Add(1)
	return cg.simpleLifecycle(ctx, w, tl, r, center, c, to.Code, r.Float64() < 0.05, "已按督查要求完成整改，整改报告已上传。")
}

// simpleLifecycle dispatches c to dept, which accepts it and replies well
// within its deadline (after an urge when urge is set); the center closes
// it.
func (cg *casesGen) simpleLifecycle(ctx context.Context, w *Worker, tl *timeline, r *rand.Rand, center govops.Actor, c *govcase.Case, dept string, urge bool, reply string) error {
	ref := c.ID.String()
	tl.after(between(r, 5*time.Minute, 30*time.Minute))
	c, err := w.Svc.Cases.Dispatch(ctx, center, ref, govcase.DispatchInput{Department: dept})
	if err != nil {
		return fmt.Errorf("dispatch: %w", err)
	}
	by := deptActor(dept)
	tl.work(between(r, 5*time.Minute, 80*time.Minute))
	if _, err := w.Svc.Cases.Accept(ctx, by, ref, govcase.ActionInput{}); err != nil {
		return fmt.Errorf("accept: %w", err)
	}
	if urge {
		tl.at(tl.t.Add(c.ResolveBy.Sub(tl.t) / 2))
		if _, err := w.Svc.Cases.Urge(ctx, center, ref, govcase.ActionInput{Note: "请按时反馈整改情况"}); err != nil {
			return fmt.Errorf("urge: %w", err)
		}
	}
	target := tl.t.Add(time.Duration((0.1 + 0.7*r.Float64()) * float64(c.ResolveBy.Sub(tl.t))))
	if snapped, err := cg.cal.AddWorkHours(target, 0); err == nil && !snapped.After(c.ResolveBy) {
		target = snapped
	}
	tl.at(target)
	if _, err := w.Svc.Cases.Reply(ctx, by, ref, govcase.ActionInput{Note: reply}); err != nil {
		return fmt.Errorf("reply: %w", err)
	}
	tl.work(between(r, 20*time.Minute, 3*time.Hour))
	if _, err := w.Svc.Cases.Close(ctx, center, ref, govcase.ActionInput{}); err != nil {
		return fmt.Errorf("close: %w", err)
	}
	return nil
}
