package annual_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/internal/demo"
	"github.com/govops-kit/govops/refserver"
)

// casesWorld is a small district in memory with its own clock: three
// units, a few cases of every kind, callbacks, deductions and the city's
// ranking, made through the Services.
type casesWorld struct {
	t     *testing.T
	now   time.Time
	svc   refserver.Services
	ctx   context.Context
	numbs map[string]string // case numbers by name
}

var (
	worldCenter = govops.Actor{Name: "王芳"}
	worldZhifa  = govops.Actor{Name: "韦强", Department: "zhifa"}
	worldYuejin = govops.Actor{Name: "覃丽", Department: "yuejin"}
)

func sh(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, govops.ShanghaiLocation())
}

// newCasesWorld builds the world:
//
//	2021-12-31 a hotline case of 2021 (not counted in 2022)
//	2022-03    hotline A, B to zhifa; C to yuejin; D registered and cancelled;
//	           itops, supervision, platformops and portal cases, one each
//	2022-04    hotline E to zhifa, accepted but never answered; F to yuejin
//	callbacks  March: A very satisfied, B dissatisfied, C satisfied (66.67%);
//	           April: F satisfied (100%); average 83.34%
//	deductions zhifa 0.2 in March (counts); yuejin 0.2 in April, overturned
//	peers      2022: 城中区 99.5 ahead of 柳北区 95 → rank 2 of 3
func newCasesWorld(t *testing.T) *casesWorld {
	t.Helper()
	w := &casesWorld{t: t, ctx: context.Background(), numbs: map[string]string{}}
	w.svc = refserver.Wire(demo.MemStores(), refserver.WireConfig{HomeDistrict: "柳北区", Now: func() time.Time { return w.now }})
	w.now = sh(2021, 12, 1, 9, 0)
	for _, d := range []directory.CreateInput{{Code: "zhifa", Name: "区执法局"}, {Code: "yuejin", Name: "跃进街道办事处", Kind: directory.KindTownship},
		{Code: "zhujian", Name: "区住建局"}} {
		if _, err := w.svc.Departments.Create(w.ctx, worldCenter, d); err != nil {
			t.Fatal(err)
		}
	}
	w.now = sh(2021, 12, 31, 10, 0)
	w.lifecycle("old", govcase.KindHotline, "zhifa", true)
	w.now = sh(2022, 3, 1, 9, 0)
	w.lifecycle("A", govcase.KindHotline, "zhifa", true)
	w.lifecycle("B", govcase.KindHotline, "zhifa", true)
	w.lifecycle("C", govcase.KindHotline, "yuejin", true)
	d := w.register("D", govcase.KindHotline)
	w.must(w.svc.Cases.Cancel(w.ctx, worldCenter, d, govcase.ActionInput{Note: "重复件"}))
	w.lifecycle("itops", govcase.KindITOps, "zhujian", true)
	w.lifecycle("sup", govcase.KindSupervision, "yuejin", true)
	w.lifecycle("plat", govcase.KindPlatformOps, "zhujian", true)
	w.lifecycle("portal", govcase.KindPortal, "zhujian", true)
	w.now = sh(2022, 4, 6, 9, 0)
	w.lifecycle("E", govcase.KindHotline, "zhifa", false)
	w.lifecycle("F", govcase.KindHotline, "yuejin", true)

	w.now = sh(2022, 5, 5, 10, 0)
	cb := func(name, dept string, m time.Month, r hotline.Result) hotline.CallbackInput {
		return hotline.CallbackInput{CaseNumber: w.numbs[name], Department: dept, Month: hotline.NewMonth(2022, m), Result: r, CalledAt: sh(2022, 4, 20, 10, 0)}
	}
	if _, err := w.svc.Hotline.ImportCallbacks(w.ctx, worldCenter, []hotline.CallbackInput{
		cb("A", "zhifa", 3, hotline.ResultVerySatisfied), cb("B", "zhifa", 3, hotline.ResultDissatisfied),
		cb("C", "yuejin", 3, hotline.ResultSatisfied), cb("F", "yuejin", 4, hotline.ResultSatisfied),
	}, csvimport.AllOrNothing); err != nil {
		t.Fatal(err)
	}
	w.now = sh(2022, 5, 9, 9, 0)
	if _, err := w.svc.Hotline.RecordDeduction(w.ctx, worldCenter, hotline.DeductionInput{Department: "zhifa",
		Month: hotline.NewMonth(2022, 3), RuleCode: hotline.RuleOverdue, Reason: "超期办理"}); err != nil {
		t.Fatal(err)
	}
	y, err := w.svc.Hotline.RecordDeduction(w.ctx, worldCenter, hotline.DeductionInput{Department: "yuejin",
		Month: hotline.NewMonth(2022, 4), RuleCode: hotline.RuleDissatisfiedVerified, Reason: "核实不满意"})
	if err != nil {
		t.Fatal(err)
	}
	w.now = sh(2022, 5, 10, 9, 0)
	if _, err := w.svc.Hotline.FileAppeal(w.ctx, worldYuejin, y.ID.String(), hotline.AppealInput{Materials: "已按时答复"}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Hotline.DecideAppeal(w.ctx, worldCenter, y.ID.String(), hotline.DecisionInput{Decision: hotline.DecisionOverturn, Note: "撤销"}); err != nil {
		t.Fatal(err)
	}
	per := hotline.YearPeriod(2022)
	d2 := decimal.RequireFromString
	if _, err := w.svc.Hotline.ImportPeerResults(w.ctx, worldCenter, []hotline.PeerResult{
		{District: "柳北区", Period: per, Score: d2("95"), Satisfaction: d2("83.34")},
		{District: "城中区", Period: per, Score: d2("99.5"), Satisfaction: d2("95")},
		{District: "鱼峰区", Period: per, Score: d2("90"), Satisfaction: d2("90")},
	}, csvimport.AllOrNothing); err != nil {
		t.Fatal(err)
	}
	w.now = sh(2023, 1, 10, 9, 0)
	return w
}

func (w *casesWorld) must(_ *govcase.Case, err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

func (w *casesWorld) register(name string, k govcase.Kind) string {
	w.t.Helper()
	cat := govcase.CategoryHelp
	c, err := w.svc.Cases.Register(w.ctx, worldCenter, govcase.RegisterInput{Kind: k, Category: cat, Source: govcase.SourcePhone, Title: "案件" + name})
	if err != nil {
		w.t.Fatal(err)
	}
	w.numbs[name] = c.Number
	return c.Number
}

// lifecycle registers a case and works it: dispatched, accepted within the
// hour, and, when reply is set, answered and closed the next day.
func (w *casesWorld) lifecycle(name string, k govcase.Kind, dept string, reply bool) {
	w.t.Helper()
	n := w.register(name, k)
	by := govops.Actor{Name: "经办人", Department: dept}
	w.must(w.svc.Cases.Dispatch(w.ctx, worldCenter, n, govcase.DispatchInput{Department: dept}))
	w.now = w.now.Add(30 * time.Minute)
	w.must(w.svc.Cases.Accept(w.ctx, by, n, govcase.ActionInput{}))
	if reply {
		w.now = w.now.Add(24 * time.Hour)
		w.must(w.svc.Cases.Reply(w.ctx, by, n, govcase.ActionInput{Note: "已处理"}))
		w.now = w.now.Add(time.Hour)
		w.must(w.svc.Cases.Close(w.ctx, worldCenter, n, govcase.ActionInput{}))
	}
	w.now = w.now.Add(time.Hour)
}

// section builds the report as by and returns its section key.
func (w *casesWorld) section(by govops.Actor, key string) (*annual.Report, annual.Section) {
	w.t.Helper()
	r, err := annual.Build(w.ctx, w.svc.Annual(), by, 2022)
	if err != nil {
		w.t.Fatal(err)
	}
	for _, s := range r.Sections {
		if s.Key == key {
			return r, s
		}
	}
	w.t.Fatalf("no section %s", key)
	return nil, annual.Section{}
}

// wantFigures checks the figures of r against want (key → value).
func wantFigures(t *testing.T, r *annual.Report, want map[string]string) {
	t.Helper()
	for k, v := range want {
		f, ok := r.Figure(k)
		if !ok {
			t.Errorf("%s: missing", k)
			continue
		}
		if !f.Value.Equal(decimal.RequireFromString(v)) {
			t.Errorf("%s (%s) = %s, want %s", k, f.Label, f.Value, v)
		}
		if f.Rule == "" || f.Link == "" || f.Unit == "" {
			t.Errorf("%s: rule %q, link %q, unit %q: every figure says how it was counted", k, f.Rule, f.Link, f.Unit)
		}
	}
}

func TestCommandSection(t *testing.T) {
	w := newCasesWorld(t)
	t.Run("Center", func(t *testing.T) {
		r, s := w.section(worldCenter, annual.SectionCommand)
		wantFigures(t, r, map[string]string{
			annual.KeyCasesTotal: "10", annual.KeyCasesHotline: "6", annual.KeyCasesITOps: "1",
			annual.KeyCasesPlatformOps: "1", annual.KeyCasesPortal: "1", annual.KeyCasesSupervision: "1",
			annual.KeyCasesAcceptOnTime: "100", annual.KeyCasesResolveOnTime: "88.89",
		})
		f, _ := r.Figure(annual.KeyCasesResolveOnTime)
		if f.Numerator == nil || !f.Numerator.Equal(decimal.NewFromInt(8)) || !f.Denominator.Equal(decimal.NewFromInt(9)) {
			t.Errorf("resolve on time carries %v/%v, want 8/9 (E is not answered)", f.Numerator, f.Denominator)
		}
		if f, _ := r.Figure(annual.KeyCasesHotline); f.Link != "/api/v1/cases?kind=hotline&year=2022" {
			t.Errorf("hotline link %q", f.Link)
		}
		for _, want := range []string{"流转案件10条", "政府热线6条", "督查绩效案件1条", "柳北区综合指挥平台"} {
			if !strings.Contains(s.Text, want) {
				t.Errorf("text %q lacks %q", s.Text, want)
			}
		}
	})
	t.Run("Department", func(t *testing.T) {
		r, _ := w.section(worldZhifa, annual.SectionCommand)
		wantFigures(t, r, map[string]string{
			annual.KeyCasesTotal: "3", annual.KeyCasesHotline: "3", annual.KeyCasesITOps: "0",
			annual.KeyCasesResolveOnTime: "66.67",
		})
		if f, _ := r.Figure(annual.KeyCasesTotal); !strings.Contains(f.Link, "department=zhifa") {
			t.Errorf("a department's link %q names no department", f.Link)
		}
	})
	t.Run("EmptyYear", func(t *testing.T) {
		r, err := annual.Build(w.ctx, w.svc.Annual(), worldCenter, 2020)
		if err != nil {
			t.Fatal(err)
		}
		if f, ok := r.Figure(annual.KeyCasesTotal); !ok || !f.Value.IsZero() {
			t.Errorf("2020 total %v %v, want 0", f.Value, ok)
		}
	})
}
