package security_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/security"
	"github.com/govops-kit/govops/security/securitymem"
)

// clock is a settable time source safe for concurrent use.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

var sh = govops.ShanghaiLocation()

// at returns a time in Shanghai.
func at(y int, m time.Month, d, hh, mm int) time.Time { return time.Date(y, m, d, hh, mm, 0, 0, sh) }

// date returns a day in Shanghai.
func date(y int, m time.Month, d int) time.Time { return at(y, m, d, 0, 0) }

// testNow is the tests' now: 2022-06-15 10:00 in Shanghai.
func testNow() time.Time { return at(2022, 6, 15, 10, 0) }

type fixture struct {
	svc   *security.Service
	st    security.Store
	clock *clock
	ctx   context.Context
}

func newFix(tb testing.TB, opts ...security.Option) *fixture {
	tb.Helper()
	c := &clock{t: testNow()}
	st := securitymem.New()
	opts = append([]security.Option{security.WithNow(c.Now)}, opts...)
	return &fixture{svc: security.NewService(st, opts...), st: st, clock: c, ctx: context.Background()}
}

// The actors: center staff, two departments, a read-only reader.
func center() govops.Actor    { return govops.Actor{Name: "中心-王芳"} }
func dept() govops.Actor      { return govops.Actor{Name: "李强", Department: "QZFJ"} }
func otherDept() govops.Actor { return govops.Actor{Name: "赵敏", Department: "WJJ"} }
func viewer() govops.Actor    { return govops.Actor{Name: "审计", ReadOnly: true} }

// wantErr fails unless err has code and names every field.
func wantErr(tb testing.TB, err error, code string, fields ...string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("got no error, want %s naming %v", code, fields)
	}
	if got := govops.ErrorCode(err); got != code {
		tb.Fatalf("got %s (%v), want %s", got, err, code)
	}
	fs := govops.ErrorFields(err)
	for _, f := range fields {
		if _, ok := fs[f]; !ok {
			tb.Fatalf("error %v names %v, not %s", err, fs, f)
		}
	}
}

// must returns v, or fails the test with err: must(f())(t).
func must[T any](v T, err error) func(testing.TB) T {
	return func(tb testing.TB) T {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return v
	}
}

// fullGrades answers every grade.
func fullGrades() []security.GradeResponse {
	return []security.GradeResponse{
		{Grade: security.GradeIV, Lead: "网络中心", Measures: "中心值班人员处置"},
		{Grade: security.GradeIII, Lead: "网络中心", Measures: "中心负责人组织处置"},
		{Grade: security.GradeII, Lead: "区网信办", Measures: "上报区网信办"},
		{Grade: security.GradeI, Lead: "区应急指挥部", Measures: "启动全区应急响应"},
	}
}

func planInput(code string, year int) security.PlanInput {
	return security.PlanInput{Code: code, Year: year, Title: "网络安全事件应急预案", Scope: "区电子政务外网", Grades: fullGrades()}
}

// approvedPlan drafts and approves a plan of code on on.
func (f *fixture) approvedPlan(tb testing.TB, code string, year int, on time.Time) *security.Plan {
	tb.Helper()
	pl := must(f.svc.DraftPlan(f.ctx, center(), planInput(code, year)))(tb)
	return must(f.svc.ApprovePlan(f.ctx, center(), pl.ID.String(), security.PlanApproval{ApprovedBy: "区网信办", On: on}))(tb)
}

// drill records a drill of pl on day.
func (f *fixture) drill(tb testing.TB, pl *security.Plan, day time.Time, obs []security.Observation, acts ...security.ActionInput) *security.Drill {
	tb.Helper()
	return must(f.svc.RecordDrill(f.ctx, center(), security.DrillInput{Plan: pl.ID.String(), Date: day, Type: security.DrillLive,
		Scenario: "外网核心交换机被入侵", Participants: []string{"网络中心", "区公安分局"}, Findings: obs, Actions: acts}))(tb)
}

// assetFinding is a finding about an asset of dept.
func assetFinding(asset, dept string, k security.FindingKind, sev security.Severity) security.Observation {
	return security.Observation{Asset: asset, Department: dept, Kind: k, Severity: sev, Detail: "检查发现" + k.Label()}
}

// inspection records a self-inspection of dept on day with obs.
func (f *fixture) inspection(tb testing.TB, dept string, day time.Time, obs ...security.Observation) *security.Inspection {
	tb.Helper()
	return must(f.svc.RecordInspection(f.ctx, center(), security.InspectionInput{Department: dept, Date: day, Scope: "核心设备", Inspector: "陈明",
		Items: []security.ItemResult{{Item: "ia-a", Result: security.ResultFail, Note: "存在弱口令"}, {Item: "ac-b", Result: security.ResultPass}}, Findings: obs}))(tb)
}
