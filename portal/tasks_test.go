package portal_test

import (
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal"
)

// taskIn returns a task of kind other in the given status.
func (f *fixture) taskIn(t *testing.T, title string, st portal.TaskStatus) *portal.Task {
	t.Helper()
	tk := must(f.svc.OpenTask(f.ctx, center(), portal.TaskInput{Site: "S1", Kind: portal.KindOther, Title: title, Department: "QZFJ"}))(t)
	id := tk.ID.String()
	switch st {
	case portal.TaskFixed:
		tk = must(f.svc.MarkFixed(f.ctx, dept(), id, portal.FixInput{Fix: "已修改"}))(t)
	case portal.TaskVerified:
		must(f.svc.MarkFixed(f.ctx, dept(), id, portal.FixInput{Fix: "已修改"}))(t)
		tk = must(f.svc.Recheck(f.ctx, center(), id, portal.RecheckInput{Passed: true}))(t)
	case portal.TaskDismissed:
		tk = must(f.svc.Dismiss(f.ctx, center(), id, portal.DismissInput{Note: "误报"}))(t)
	}
	if tk.Status != st {
		t.Fatalf("task in %s, want %s", tk.Status, st)
	}
	return tk
}

// TestTaskLifecycle runs every step from every status.
func TestTaskLifecycle(t *testing.T) {
	f := newFix(t)
	f.site(t, "S1", "https://www.lbq.gov.cn/")
	steps := []struct {
		name string
		run  func(id string) (*portal.Task, error)
		want map[portal.TaskStatus]portal.TaskStatus // "" = ECONFLICT
	}{
		{"mark fixed", func(id string) (*portal.Task, error) {
			return f.svc.MarkFixed(f.ctx, center(), id, portal.FixInput{Fix: "已修改"})
		}, map[portal.TaskStatus]portal.TaskStatus{portal.TaskOpen: portal.TaskFixed}},
		{"re-check passed", func(id string) (*portal.Task, error) {
			return f.svc.Recheck(f.ctx, center(), id, portal.RecheckInput{Passed: true})
		}, map[portal.TaskStatus]portal.TaskStatus{portal.TaskFixed: portal.TaskVerified}},
		{"re-check failed", func(id string) (*portal.Task, error) {
			return f.svc.Recheck(f.ctx, center(), id, portal.RecheckInput{Note: "仍未修改"})
		}, map[portal.TaskStatus]portal.TaskStatus{portal.TaskFixed: portal.TaskOpen, portal.TaskVerified: portal.TaskOpen}},
		{"dismiss", func(id string) (*portal.Task, error) {
			return f.svc.Dismiss(f.ctx, center(), id, portal.DismissInput{Note: "误报"})
		}, map[portal.TaskStatus]portal.TaskStatus{portal.TaskOpen: portal.TaskDismissed}},
	}
	for _, step := range steps {
		for _, from := range portal.TaskStatuses() {
			t.Run(step.name+"/from "+string(from), func(t *testing.T) {
				tk := f.taskIn(t, step.name+" "+string(from), from)
				got, err := step.run(tk.ID.String())
				want, ok := step.want[from]
				if !ok {
					wantErr(t, err, govops.ECONFLICT, "status")
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if got.Status != want || got.Version != tk.Version+1 {
					t.Fatalf("got %s v%d, want %s v%d", got.Status, got.Version, want, tk.Version+1)
				}
				evs := must(f.svc.TaskTrail(f.ctx, center(), tk.ID.String()))(t)
				last := evs[len(evs)-1]
				if last.From != portal.Status(from) || last.To != portal.Status(want) || last.Seq != got.Version {
					t.Fatalf("last event %+v", last)
				}
			})
		}
	}
}

func TestTaskStepValidation(t *testing.T) {
	f := newFix(t)
	f.site(t, "S1", "https://www.lbq.gov.cn/")
	tk := f.taskIn(t, "t", portal.TaskOpen)
	id := tk.ID.String()
	_, err := f.svc.MarkFixed(f.ctx, center(), id, portal.FixInput{})
	wantErr(t, err, govops.EINVALID, "fix")
	_, err = f.svc.MarkFixed(f.ctx, center(), id, portal.FixInput{Fix: "x", At: testNow().Add(time.Hour)})
	wantErr(t, err, govops.EINVALID, "at")
	_, err = f.svc.MarkFixed(f.ctx, center(), id, portal.FixInput{Fix: "x", At: testNow().Add(-time.Hour)})
	wantErr(t, err, govops.EINVALID, "at")
	_, err = f.svc.Dismiss(f.ctx, center(), id, portal.DismissInput{})
	wantErr(t, err, govops.EINVALID, "note")
	fixed := f.taskIn(t, "f", portal.TaskFixed)
	_, err = f.svc.Recheck(f.ctx, center(), fixed.ID.String(), portal.RecheckInput{})
	wantErr(t, err, govops.EINVALID, "note")
	_, err = f.svc.Recheck(f.ctx, dept(), fixed.ID.String(), portal.RecheckInput{Passed: true})
	wantErr(t, err, govops.EFORBIDDEN)
	_, err = f.svc.OpenTask(f.ctx, center(), portal.TaskInput{Site: "S1", Kind: portal.KindUpdateUrge, Title: "x", Page: "nope"})
	wantErr(t, err, govops.EINVALID, "kind", "page")
	_, err = f.svc.OpenTask(f.ctx, center(), portal.TaskInput{Site: "S1", Kind: portal.KindOther, Title: "t", Department: "QZFJ"})
	wantErr(t, err, govops.ECONFLICT, "title")
	_, err = f.svc.OpenTask(f.ctx, center(), portal.TaskInput{})
	wantErr(t, err, govops.EINVALID, "site", "kind", "title")
	_, err = f.svc.Dispatch(f.ctx, center(), id)
	wantErr(t, err, govops.ECONFLICT)
}

func TestUrgeUpdates(t *testing.T) {
	d := &fakeDispatcher{}
	f := newFix(t, portal.WithDispatcher(d))
	s := f.site(t, "S1", "https://www.lbq.gov.cn/")
	news := f.column(t, s, "news", "https://www.lbq.gov.cn/news/", "QZFJ", portal.RequireBiweekly, false)
	notice := f.column(t, s, "notice", "https://www.lbq.gov.cn/notice/", "", portal.RequireHalfYearly, false)
	f.column(t, s, "about", "https://www.lbq.gov.cn/about/", "", portal.RequireNone, false)
	f.updated(t, news, testNow().Add(-20*24*time.Hour))
	f.updated(t, notice, testNow().Add(-30*24*time.Hour))
	urges := must(f.svc.UrgeUpdates(f.ctx, center(), "S1", time.Time{}))(t)
	if len(urges) != 1 {
		t.Fatalf("got %d urges", len(urges))
	}
	u := urges[0]
	if u.Title != "督促更新：栏目「栏目news」已 20 天未更新（要求2周内更新）" || u.Department != "QZFJ" || u.ColumnID != news.ID || u.CaseNumber == "" {
		t.Fatalf("urge %+v", u)
	}
	if again := must(f.svc.UrgeUpdates(f.ctx, center(), "S1", time.Time{}))(t); len(again) != 0 {
		t.Fatalf("urged %d again", len(again))
	}
	// Half a year on, the notice column is stale too, and never-updated.
	later := must(f.svc.UrgeUpdates(f.ctx, center(), "S1", testNow().AddDate(0, 6, 0)))(t)
	if len(later) != 1 || later[0].ColumnID != notice.ID || later[0].Department != "" {
		t.Fatalf("later %+v", later)
	}
	// The re-check looks at the column's update.
	must(f.svc.MarkFixed(f.ctx, dept(), u.ID.String(), portal.FixInput{Fix: "已更新"}))(t)
	got := must(f.svc.Recheck(f.ctx, center(), u.ID.String(), portal.RecheckInput{Passed: true}))(t)
	if got.Status != portal.TaskOpen {
		t.Fatalf("re-check of a column not updated: %s", got.Status)
	}
	must(f.svc.MarkFixed(f.ctx, dept(), u.ID.String(), portal.FixInput{Fix: "已更新"}))(t)
	f.clock.Set(testNow().Add(time.Hour))
	f.updated(t, news, testNow().Add(30*time.Minute))
	got = must(f.svc.Recheck(f.ctx, center(), u.ID.String(), portal.RecheckInput{}))(t)
	if got.Status != portal.TaskVerified {
		t.Fatalf("re-check of an updated column: %s", got.Status)
	}
	counts := must(f.svc.TaskCounts(f.ctx, dept(), portal.TaskCountInput{Year: 2022}))(t)
	for _, k := range counts.Kinds {
		if k.Kind == portal.KindUpdateUrge && (k.Opened != 1 || k.Fixed != 1 || k.Open != 0) {
			t.Fatalf("urges counted %+v", k)
		}
	}
}

func TestConsultations(t *testing.T) {
	f := newFix(t)
	f.site(t, "S1", "https://www.lbq.gov.cn/")
	in := portal.ConsultationInput{Site: "S1", Ref: "ZX-1", Subject: "办事咨询", Asker: "张三", Department: "QZFJ", Received: at(2022, 6, 1, 9, 0)}
	cases := []struct {
		name  string
		edit  func(*portal.ConsultationInput)
		field string
	}{
		{"no site", func(c *portal.ConsultationInput) { c.Site = "" }, "site"},
		{"no ref", func(c *portal.ConsultationInput) { c.Ref = "" }, "ref"},
		{"no subject", func(c *portal.ConsultationInput) { c.Subject = "" }, "subject"},
		{"no received", func(c *portal.ConsultationInput) { c.Received = time.Time{} }, "received"},
		{"received in the future", func(c *portal.ConsultationInput) { c.Received = testNow().Add(time.Hour) }, "received"},
		{"a phone number in the asker's name", func(c *portal.ConsultationInput) { c.Asker = "李四 13712341111" }, "asker"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := in
			c.edit(&x)
			_, err := f.svc.RecordConsultation(f.ctx, center(), x)
			wantErr(t, err, govops.EINVALID, c.field)
		})
	}
	c := must(f.svc.RecordConsultation(f.ctx, center(), in))(t)
	_, err := f.svc.RecordConsultation(f.ctx, center(), in)
	wantErr(t, err, govops.ECONFLICT, "ref")
	tasks := must(f.svc.UrgeConsultations(f.ctx, center(), "S1"))(t)
	if len(tasks) != 1 || tasks[0].ConsultationID != c.ID || tasks[0].Department != "QZFJ" {
		t.Fatalf("tasks %+v", tasks)
	}
	if again := must(f.svc.UrgeConsultations(f.ctx, center(), "S1"))(t); len(again) != 0 {
		t.Fatal("urged twice")
	}
	_, err = f.svc.AnswerConsultation(f.ctx, otherDept(), c.ID.String(), portal.AnswerInput{Answer: "答复"})
	wantErr(t, err, govops.ENOTFOUND)
	_, err = f.svc.AnswerConsultation(f.ctx, dept(), c.ID.String(), portal.AnswerInput{Answer: "答复", At: at(2022, 5, 1, 0, 0)})
	wantErr(t, err, govops.EINVALID, "at")
	a := must(f.svc.AnswerConsultation(f.ctx, dept(), c.ID.String(), portal.AnswerInput{Answer: "已答复"}))(t)
	if a.Answered.IsZero() || a.Version != 2 {
		t.Fatalf("answered %+v", a)
	}
	_, err = f.svc.AnswerConsultation(f.ctx, center(), c.ID.String(), portal.AnswerInput{Answer: "再答复"})
	wantErr(t, err, govops.ECONFLICT)
	must(f.svc.MarkFixed(f.ctx, dept(), tasks[0].ID.String(), portal.FixInput{Fix: "已答复"}))(t)
	if got := must(f.svc.Recheck(f.ctx, center(), tasks[0].ID.String(), portal.RecheckInput{}))(t); got.Status != portal.TaskVerified {
		t.Fatalf("re-check %s", got.Status)
	}
	if pg := must(f.svc.Consultations(f.ctx, dept(), portal.ConsultationListInput{Unanswered: true}))(t); len(pg.Items) != 0 {
		t.Fatalf("unanswered %d", len(pg.Items))
	}
}

// TestDispatchKinds dispatches only the kinds named: an urge goes out as a
// case, a task the center fixes itself stays undispatched until asked.
func TestDispatchKinds(t *testing.T) {
	d := &fakeDispatcher{}
	f := newFix(t, portal.WithDispatcher(d), portal.WithDispatchKinds(portal.KindUpdateUrge))
	s := f.site(t, "S1", "https://www.lbq.gov.cn/")
	news := f.column(t, s, "news", "https://www.lbq.gov.cn/news/", "QZFJ", portal.RequireBiweekly, false)
	f.updated(t, news, testNow().Add(-20*24*time.Hour))
	urges := must(f.svc.UrgeUpdates(f.ctx, center(), "S1", time.Time{}))(t)
	if len(urges) != 1 || urges[0].CaseNumber == "" {
		t.Fatalf("urges %+v, want one dispatched", urges)
	}
	own := must(f.svc.OpenTask(f.ctx, center(), portal.TaskInput{Site: "S1", Kind: portal.KindTypo, Title: "修改错别字",
		Page: "https://www.lbq.gov.cn/news/1.html"}))(t)
	if own.CaseNumber != "" || len(d.tasks) != 1 {
		t.Fatalf("typo task dispatched as %q (%d dispatched), want it kept by the center", own.CaseNumber, len(d.tasks))
	}
	sent := must(f.svc.Dispatch(f.ctx, center(), own.ID.String()))(t)
	if sent.CaseNumber == "" || len(d.tasks) != 2 {
		t.Fatalf("asked to dispatch: %+v", sent)
	}
}
