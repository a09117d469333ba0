package refserver_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/hotline/hotlinemem"
	"github.com/govops-kit/govops/refserver"
)

func TestHotlineOutcome(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC) // 09:00 in Shanghai
	base := govcase.Case{
		Number: "2026-000001", Kind: govcase.KindHotline, Department: "ylj", Status: govcase.StatusDispatched,
		DispatchedAt: t0, AcceptBy: t0.Add(2 * time.Hour), ResolveBy: t0.Add(13 * 24 * time.Hour),
	}
	with := func(change func(c *govcase.Case)) govcase.Case {
		c := base
		change(&c)
		return c
	}
	mar := hotline.NewMonth(2026, 3)
	type flags struct{ accepted, resolved, returned, redone, replied bool }
	for _, tc := range []struct {
		name  string
		c     govcase.Case
		ok    bool
		month hotline.Month
		want  flags
	}{
		{"NotHotline", with(func(c *govcase.Case) { c.Kind = govcase.KindITOps }), false, hotline.Month{}, flags{}},
		{"NotDispatched", with(func(c *govcase.Case) { c.DispatchedAt = time.Time{}; c.Status = govcase.StatusRegistered }), false, hotline.Month{}, flags{}},
		{"Dispatched", base, true, mar, flags{}},
		{"AcceptedAtDeadline", with(func(c *govcase.Case) { c.AcceptedAt = c.AcceptBy; c.Status = govcase.StatusAccepted }), true, mar, flags{accepted: true}},
		{"AcceptedLate", with(func(c *govcase.Case) { c.AcceptedAt = c.AcceptBy.Add(time.Second) }), true, mar, flags{}},
		// Without a deadline nothing is on time, as the case statistics count it.
		{"AcceptedWithoutDeadline", with(func(c *govcase.Case) { c.AcceptedAt, c.AcceptBy = t0, time.Time{} }), true, mar, flags{}},
		{"RepliedWithoutDeadline", with(func(c *govcase.Case) { c.RepliedAt, c.ResolveBy = t0, time.Time{} }), true, mar, flags{replied: true}},
		{"RepliedAtDeadline", with(func(c *govcase.Case) { c.RepliedAt = c.ResolveBy; c.Status = govcase.StatusReplied }), true, mar, flags{resolved: true, replied: true}},
		{"RepliedLate", with(func(c *govcase.Case) { c.RepliedAt = c.ResolveBy.Add(time.Minute); c.Status = govcase.StatusClosed }), true, mar, flags{replied: true}},
		{"ClosedWithoutReplyTime", with(func(c *govcase.Case) { c.Status = govcase.StatusClosed }), true, mar, flags{replied: true}},
		{"Returned", with(func(c *govcase.Case) { c.ReturnCount = 1; c.Status = govcase.StatusReturned }), true, mar, flags{returned: true}},
		{"Redone", with(func(c *govcase.Case) { c.RedoCount = 2 }), true, mar, flags{redone: true}},
		// 31 March 17:00 UTC is 1 April 01:00 in Shanghai.
		{"MonthInShanghai", with(func(c *govcase.Case) { c.DispatchedAt = time.Date(2026, 3, 31, 17, 0, 0, 0, time.UTC) }), true, hotline.NewMonth(2026, 4), flags{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, ok := refserver.HotlineOutcome(tc.c)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if !ok {
				return
			}
			got := flags{o.AcceptedOnTime, o.ResolvedOnTime, o.Returned, o.Redone, o.Replied}
			if got != tc.want || !o.Dispatched || o.Month != tc.month || o.CaseNumber != "2026-000001" || o.Department != "ylj" {
				t.Fatalf("outcome = %+v, want month %s and %+v", o, tc.month, tc.want)
			}
			if err := o.Validate(); err != nil {
				t.Fatalf("the outcome does not validate: %v", err)
			}
		})
	}
}

// TestHotlineOutcomes_Lifecycle drives a hotline case over HTTP across a
// month end and checks the outcome and the monthly assessment after each
// step: the case counts in the month of its first dispatch.
func TestHotlineOutcomes_Lifecycle(t *testing.T) {
	shanghai := govops.ShanghaiLocation()
	clock := newJumpClock(time.Date(2026, 3, 31, 9, 0, 0, 0, shanghai))
	e := MustOpenServer(t, func(s *envSetup) { s.now = clock.Now })

	n := e.newCase(t)
	outcome := func() map[string]any {
		t.Helper()
		return mustOK(t, e.do(t, "GET", "/api/v1/hotline/outcomes/"+n, e.admin, nil))
	}
	mustStatus(t, e.do(t, "GET", "/api/v1/hotline/outcomes/"+n, e.admin, nil), http.StatusNotFound)

	act := func(token, action string, body any) {
		t.Helper()
		mustStatus(t, e.do(t, "POST", "/api/v1/cases/"+n+"/"+action, token, body), http.StatusOK)
	}
	act(e.admin, "dispatch", map[string]string{"department": "ylj"})
	act(e.own, "accept", nil)
	clock.Set(time.Date(2026, 4, 1, 10, 0, 0, 0, shanghai))
	act(e.own, "reply", map[string]string{"reply": "已修复"})
	act(e.admin, "close", nil)
	o := outcome()
	want := map[string]any{"month": "2026-03", "department": "ylj", "dispatched": true, "accepted_on_time": true,
		"resolved_on_time": true, "returned": false, "redone": false, "replied": true, "updated_by": refserver.HotlineOutcomeActor}
	for k, v := range want {
		if o[k] != v {
			t.Fatalf("after close: %s = %v, want %v (%v)", k, o[k], v, o)
		}
	}

	// A redo in April keeps the case in March; the reply is pending again.
	act(e.admin, "reopen", map[string]string{"reason": "回访不满意"})
	o = outcome()
	if o["month"] != "2026-03" || o["redone"] != true || o["replied"] != false || o["resolved_on_time"] != false {
		t.Fatalf("after reopen: %v", o)
	}
	act(e.own, "return", map[string]string{"reason": "非本街道"})
	act(e.admin, "dispatch", map[string]string{"department": "jfj"})
	o = outcome()
	if o["month"] != "2026-03" || o["department"] != "jfj" || o["returned"] != true || o["accepted_on_time"] != false {
		t.Fatalf("after re-dispatch: %v", o)
	}

	var mar struct {
		District    assessmentView   `json:"district"`
		Departments []assessmentView `json:"departments"`
	}
	decode(t, e.do(t, "GET", "/api/v1/hotline/assessments/2026-03", e.admin, nil), &mar)
	if mar.District.Volume != 1 || mar.District.Dispatched != 1 || len(mar.Departments) != 1 || mar.Departments[0].Department != "jfj" {
		t.Fatalf("March assessment: %+v", mar)
	}
	if r := mar.District.rate("return_rate"); r == nil || *r != "100.00" {
		t.Fatalf("March return rate = %v", r)
	}
	var apr struct {
		District assessmentView `json:"district"`
	}
	decode(t, e.do(t, "GET", "/api/v1/hotline/assessments/2026-04", e.admin, nil), &apr)
	if apr.District.Volume != 0 {
		t.Fatalf("the case also counts in April: %+v", apr)
	}

	// Other kinds of case are not hotline cases.
	r := e.do(t, "POST", "/api/v1/cases", e.admin, map[string]any{"kind": "itops", "category": "help", "source": "internal", "title": "打印机故障"})
	mustStatus(t, r, http.StatusCreated)
	itops := r.json(t)["number"].(string)
	mustStatus(t, e.do(t, "POST", "/api/v1/cases/"+itops+"/dispatch", e.admin, map[string]string{"department": "ylj"}), http.StatusOK)
	mustStatus(t, e.do(t, "GET", "/api/v1/hotline/outcomes/"+itops, e.admin, nil), http.StatusNotFound)
}

// brokenOutcomes is a hotline store that cannot read outcomes.
type brokenOutcomes struct{ *hotlinemem.Store }

func (brokenOutcomes) GetOutcome(context.Context, string) (*hotline.Outcome, error) {
	return nil, govops.Errorf(govops.EINTERNAL, "outcomes table unreachable")
}

func TestHotlineOutcomes_ErrorLogged(t *testing.T) {
	e := MustOpenServer(t, func(s *envSetup) {
		s.svc.Hotline = hotline.NewService(brokenOutcomes{hotlinemem.New()}, hotline.WithNow(s.now))
	})
	n := e.newCase(t)
	r := e.do(t, "POST", "/api/v1/cases/"+n+"/dispatch", e.admin, map[string]string{"department": "ylj"}, "X-Request-ID", "rid-bridge-1")
	mustStatus(t, r, http.StatusOK)
	if r.json(t)["status"] != "dispatched" {
		t.Fatalf("dispatch: %s", r.body)
	}
	logs := e.logs.String()
	want := `"msg":"case hook failed","request_id":"rid-bridge-1","hook":"hotline-outcomes","case":"` + n + `","event":"dispatched"`
	if !strings.Contains(logs, want) || !strings.Contains(logs, "outcomes table unreachable") {
		t.Fatalf("log lacks the bridge failure:\n%s", logs)
	}
}

// assessmentView is the part of an assessment row the tests read.
type assessmentView struct {
	Department string `json:"department"`
	Volume     int64  `json:"volume"`
	Dispatched int64  `json:"dispatched"`
	Indicators []struct {
		Indicator string  `json:"indicator"`
		Rate      *string `json:"rate"`
	} `json:"indicators"`
}

func (a assessmentView) rate(indicator string) *string {
	for _, i := range a.Indicators {
		if i.Indicator == indicator {
			return i.Rate
		}
	}
	return nil
}

func mustOK(tb testing.TB, r response) map[string]any {
	tb.Helper()
	mustStatus(tb, r, http.StatusOK)
	return r.json(tb)
}

func decode(tb testing.TB, r response, v any) {
	tb.Helper()
	mustStatus(tb, r, http.StatusOK)
	if err := json.Unmarshal(r.body, v); err != nil {
		tb.Fatalf("%v: %s", err, r.body)
	}
}
