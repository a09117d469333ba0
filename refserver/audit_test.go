package refserver_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/refserver"
)

// newestAudit returns the newest event of e's audit log.
func (e *testEnv) newestAudit(t *testing.T) refserver.AuditEvent {
	t.Helper()
	page, err := e.srv.Registry().Audit(context.Background(), refserver.AuditQuery{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Events) != 1 {
		t.Fatal("the audit log is empty")
	}
	return page.Events[0]
}

func auditCount(t *testing.T, e *testEnv) int {
	t.Helper()
	page, err := e.srv.Registry().Audit(context.Background(), refserver.AuditQuery{Limit: refserver.MaxAuditPage})
	if err != nil {
		t.Fatal(err)
	}
	return len(page.Events)
}

// TestServer_AuditSubjects sends one write of each kind and checks the
// event it leaves: route, status, role and the subject each handler names.
func TestServer_AuditSubjects(t *testing.T) {
	e := MustOpenServer(t)
	number := e.dispatchedCase(t)
	caseID := e.do(t, "GET", "/api/v1/cases/"+number, e.admin, nil).json(t)["id"].(string)
	const scheme = `{"name":"办法","effective_from":"2031-01","base":"0","indicators":[{"indicator":"satisfaction","weight":"100","bands":[{"from":"0","to":"100","at_from":"0","at_to":"100"}]}],"satisfaction":{"levels":["satisfied"]},"not_applicable":"full_marks","deduction_rules":[{"code":"overdue","label":"超期","points":"0.2"}]}`
	var deduction string
	csv := []string{"Content-Type", "text/csv"}
	for _, tc := range []struct {
		name, token, method, path string
		body                      any
		hdr                       []string
		status                    int
		route                     string
		subject                   func(t *testing.T, r response) string // nil: the subject is empty
	}{
		{"RoutingRule", e.admin, "POST", "/api/v1/routing-rules", map[string]any{"keywords": []string{"路灯"}, "department": "ylj"}, nil,
			201, "/api/v1/routing-rules", idOf},
		{"CaseByID", e.admin, "POST", "/api/v1/cases/" + caseID + "/urge", nil, nil,
			200, "/api/v1/cases/:number/urge", func(*testing.T, response) string { return number }},
		{"Callback", e.admin, "POST", "/api/v1/hotline/callbacks", map[string]string{"case_number": "2026-000777", "department": "ylj",
			"result": "satisfied", "called_at": "2026-03-01T10:00:00+08:00"}, nil, 201, "/api/v1/hotline/callbacks", idOf},
		{"Scheme", e.admin, "POST", "/api/v1/hotline/schemes", scheme, nil, 201, "/api/v1/hotline/schemes", idOf},
		{"Deduction", e.admin, "POST", "/api/v1/hotline/deductions", map[string]string{"department": "ylj", "month": "2026-03",
			"rule_code": "overdue", "reason": "超期办结"}, nil, 201, "/api/v1/hotline/deductions", func(t *testing.T, r response) string {
			deduction = idOf(t, r)
			return deduction
		}},
		{"Import", e.admin, "POST", "/api/v1/hotline/callbacks/import", "case_number,department,result,called_at\n2026-800001,ylj,满意,2026-03-01 10:00\n", csv,
			200, "/api/v1/hotline/callbacks/import", nil},
		{"RefusedByRole", e.viewer, "POST", "/api/v1/departments", map[string]string{"code": "v1", "name": "新村"}, nil,
			403, "/api/v1/departments", nil},
		{"RefusedTakenCode", e.admin, "POST", "/api/v1/departments", map[string]string{"code": "ylj", "name": "again"}, nil,
			409, "/api/v1/departments", func(*testing.T, response) string { return "ylj" }},
		{"BadPathBytes", e.admin, "DELETE", "/api/v1/tokens/%FF%00x", nil, nil,
			400, "/api/v1/tokens/:id", func(*testing.T, response) string { return "\uFFFD\uFFFDx" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(t, tc.method, tc.path, tc.token, tc.body, append(tc.hdr, "X-Request-ID", "rid-"+tc.name)...)
			mustStatus(t, r, tc.status)
			ev := e.newestAudit(t)
			want := ""
			if tc.subject != nil {
				want = tc.subject(t, r)
			}
			if ev.RequestID != "rid-"+tc.name || ev.Method != tc.method || ev.Route != tc.route || ev.Status != tc.status || ev.Subject != want {
				t.Fatalf("event = %+v, want route %s status %d subject %q", ev, tc.route, tc.status, want)
			}
			if !utf8.ValidString(ev.Path) || strings.ContainsRune(ev.Path, 0) {
				t.Fatalf("path %q is not clean text", ev.Path)
			}
		})
	}
	t.Run("DeptAppeal", func(t *testing.T) {
		mustStatus(t, e.do(t, "POST", "/api/v1/hotline/deductions/"+deduction+"/appeal", e.own, map[string]string{"materials": "系统故障"}), 200)
		ev := e.newestAudit(t)
		if ev.Actor != "跃进街道" || ev.Role != refserver.RoleDept || ev.Department != "ylj" || ev.Subject != deduction ||
			ev.Route != "/api/v1/hotline/deductions/:id/appeal" || ev.Path != "/api/v1/hotline/deductions/"+deduction+"/appeal" {
			t.Fatalf("appeal event = %+v", ev)
		}
	})
	t.Run("NotRecorded", func(t *testing.T) {
		before := auditCount(t, e)
		mustStatus(t, e.do(t, "GET", "/api/v1/cases/"+number, e.admin, nil), http.StatusOK)
		mustStatus(t, e.do(t, "POST", "/api/v1/departments", "gvo_"+strings.Repeat("A", 43), map[string]string{"code": "x", "name": "x"}), http.StatusUnauthorized)
		mustStatus(t, e.do(t, "POST", "/api/v1/departments", "", map[string]string{"code": "x", "name": "x"}), http.StatusUnauthorized)
		mustStatus(t, e.do(t, "PUT", "/api/v1/cases", e.admin, nil), http.StatusMethodNotAllowed)
		mustStatus(t, e.do(t, "POST", "/api/v1/nothing", e.admin, nil), http.StatusNotFound)
		if after := auditCount(t, e); after != before {
			t.Fatalf("%d events after reads, 401s and unrouted requests, want %d", after, before)
		}
	})
}

// idOf returns the "id" of a JSON answer.
func idOf(t *testing.T, r response) string {
	t.Helper()
	id, _ := r.json(t)["id"].(string)
	if id == "" {
		t.Fatalf("no id in %s", r.body)
	}
	return id
}

// auditlessStore cannot write the audit log, as a full disk would not.
type auditlessStore struct{ *refserver.MemStore }

func (auditlessStore) AppendAudit(context.Context, ...refserver.AuditEvent) error {
	return errors.New("write refserver_audit: disk full")
}

func TestServer_AuditWriteFails(t *testing.T) {
	e := MustOpenServer(t, func(s *envSetup) { s.svc.Store = auditlessStore{refserver.NewMemStore()} })
	r := e.do(t, "POST", "/api/v1/cases", e.admin, map[string]any{"kind": "itops", "category": "help", "source": "internal", "title": "打印机故障"},
		"X-Request-ID", "rid-audit-fails")
	// The change was made, so the answer stays what the handler decided.
	mustStatus(t, r, http.StatusCreated)
	number := r.json(t)["number"].(string)
	mustStatus(t, e.do(t, "GET", "/api/v1/cases/"+number, e.admin, nil), http.StatusOK)
	logs := e.logs.String()
	for _, want := range []string{
		`"level":"ERROR","msg":"audit event not recorded","request_id":"rid-audit-fails"`,
		`"route":"/api/v1/cases","path":"/api/v1/cases","status":201,"subject":"` + number + `"`,
		`"error":"write refserver_audit: disk full"`,
	} {
		if !strings.Contains(logs, want) {
			t.Fatalf("log lacks %s:\n%s", want, logs)
		}
	}
	if strings.Contains(logs, e.admin) || strings.Contains(logs, e.admin[4:]) {
		t.Fatal("a token reached the log")
	}
}

func TestRegistry_RecordAudit(t *testing.T) {
	ctx := context.Background()
	reg, _ := newRegistry(t)
	t.Run("FillsAndCleans", func(t *testing.T) {
		ev, err := reg.RecordAudit(ctx, refserver.AuditEvent{Actor: "cli", Route: "cli token create", Status: 201,
			Path: strings.Repeat("路", 2000), Subject: "a\x00b\xff"})
		if err != nil {
			t.Fatal(err)
		}
		if ev.ID.Version() != 7 || ev.At.IsZero() || utf8.RuneCountInString(ev.Path) != 1024 || ev.Subject != "a\uFFFDb\uFFFD" {
			t.Fatalf("event = %+v", ev)
		}
	})
	t.Run("ErrWithoutActorOrRoute", func(t *testing.T) {
		_, err := reg.RecordAudit(ctx, refserver.AuditEvent{Status: 200})
		if govops.ErrorCode(err) != govops.EINVALID || govops.ErrorFields(err)["actor"] == "" || govops.ErrorFields(err)["route"] == "" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("BootstrapAuditFails", func(t *testing.T) {
		reg := refserver.NewRegistry(auditlessStore{refserver.NewMemStore()}, nil, nil)
		plain, err := reg.Bootstrap(ctx)
		// The token exists whatever the audit log said, so it is returned
		// for the caller to show, with the error to report.
		if plain == "" || govops.ErrorCode(err) != govops.EINTERNAL || !strings.Contains(err.Error(), "audit") {
			t.Fatalf("Bootstrap = %q, %v", plain, err)
		}
		if _, err := reg.Authenticate(ctx, plain); err != nil {
			t.Fatalf("the bootstrap token does not work: %v", err)
		}
	})
	t.Run("BootstrapRecorded", func(t *testing.T) {
		if _, err := reg.Bootstrap(ctx); err != nil {
			t.Fatal(err)
		}
		page, err := reg.Audit(ctx, refserver.AuditQuery{Actor: refserver.AuditActorBootstrap})
		if err != nil || len(page.Events) != 1 {
			t.Fatalf("bootstrap events: %+v, %v", page.Events, err)
		}
		if ev := page.Events[0]; ev.Route != refserver.AuditRouteBootstrap || ev.Status != 201 || ev.Subject == "" {
			t.Fatalf("bootstrap event = %+v", ev)
		}
	})
}

// pickyDirectory refuses, as a whole, every batch that holds an event about
// "bad", and counts the batches it is asked to store.
type pickyDirectory struct {
	*refserver.MemStore
	mu      sync.Mutex
	batches int
}

func (d *pickyDirectory) AppendAudit(ctx context.Context, events ...refserver.AuditEvent) error {
	d.mu.Lock()
	d.batches++
	d.mu.Unlock()
	for _, e := range events {
		if e.Subject == "bad" {
			return govops.Errorf(govops.EINTERNAL, "refusing %s", e.ID)
		}
	}
	return d.MemStore.AppendAudit(ctx, events...)
}

func TestRegistry_AuditGroupCommit(t *testing.T) {
	ctx := context.Background()
	event := func(subject string) refserver.AuditEvent {
		return refserver.AuditEvent{ID: uuid.Must(uuid.NewV7()), At: testStart, Actor: "a", Route: "/r", Status: 200, Subject: subject}
	}
	t.Run("OneBadEventFailsAlone", func(t *testing.T) {
		dir := &pickyDirectory{MemStore: refserver.NewMemStore()}
		reg := refserver.NewRegistry(dir, nil, nil)
		errs := reg.WriteAuditBatch(ctx, event("good1"), event("bad"), event("good2"))
		if errs[0] != nil || errs[1] == nil || errs[2] != nil {
			t.Fatalf("outcomes = %v, want only the bad event to fail", errs)
		}
		page, err := reg.Audit(ctx, refserver.AuditQuery{})
		if err != nil || len(page.Events) != 2 {
			t.Fatalf("stored %d events (%v), want the 2 good ones", len(page.Events), err)
		}
	})
	t.Run("ConcurrentRequestsAllStored", func(t *testing.T) {
		dir := &pickyDirectory{MemStore: refserver.NewMemStore()}
		reg := refserver.NewRegistry(dir, nil, nil)
		const n = 64
		ids := make([]uuid.UUID, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ev, err := reg.RecordAudit(ctx, refserver.AuditEvent{Actor: "a", Route: "/r", Status: 201})
				if err != nil {
					t.Error(err)
				}
				ids[i] = ev.ID
			}()
		}
		wg.Wait()
		page, err := reg.Audit(ctx, refserver.AuditQuery{Limit: refserver.MaxAuditPage})
		if err != nil {
			t.Fatal(err)
		}
		stored := map[uuid.UUID]bool{}
		for _, e := range page.Events {
			stored[e.ID] = true
		}
		for _, id := range ids {
			if !stored[id] {
				t.Fatalf("event %s was acknowledged but not stored", id)
			}
		}
		if len(page.Events) != n || dir.batches > n {
			t.Fatalf("%d events in %d batches, want %d in at most %d", len(page.Events), dir.batches, n, n)
		}
		t.Logf("%d events in %d batches", n, dir.batches)
	})
}

// TestRegistry_AuditTimes refuses, naming the field, an audit query whose
// from or to no store could compare with: outside the years 1900 to 9999.
func TestRegistry_AuditTimes(t *testing.T) {
	ctx := context.Background()
	reg, _ := newRegistry(t)
	ok := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		from, to time.Time
		field    string
	}{
		{"FromYear1", time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC), ok, "from"},
		{"FromYear1899", time.Date(1899, 12, 31, 23, 0, 0, 0, time.UTC), ok, "from"},
		{"ToYear10000", ok, time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), "to"},
		{"ToShanghaiYear10000", ok, time.Date(9999, 12, 31, 20, 0, 0, 0, time.UTC), "to"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := reg.Audit(ctx, refserver.AuditQuery{From: tc.from, To: tc.to})
			wantCode(t, err, govops.EINVALID)
			if fields := govops.ErrorFields(err); len(fields) != 1 || fields[tc.field] == "" {
				t.Fatalf("fields = %v, want only %s named", fields, tc.field)
			}
		})
	}
	if _, err := reg.Audit(ctx, refserver.AuditQuery{From: time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), To: ok}); err != nil {
		t.Fatalf("from the first instant: %v", err)
	}
}

// TestServer_AuditEveryWriteRoute sends one write to every POST, PUT,
// PATCH and DELETE route of every module, as admin, and checks that each
// left an audit event naming its route and status: the domain packages
// know nothing of the audit log, and none of their routes escapes it.
func TestServer_AuditEveryWriteRoute(t *testing.T) {
	cal, err := govops.NewCalendar(govops.CalendarConfig{}) // one that loads tables
	if err != nil {
		t.Fatal(err)
	}
	e := MustOpenServer(t, func(s *envSetup) { s.cal = cal })
	number := e.dispatchedCase(t)
	params := strings.NewReplacer("{number}", number, "{id}", uuid.Must(uuid.NewV7()).String(), "{code}", "jfj",
		"{kind}", "district", "{year}", "2040", "{month}", "2026-03")
	writes := 0
	for _, rt := range e.srv.Routes() {
		if rt.Method == http.MethodGet {
			continue
		}
		writes++
		t.Run(rt.Method+" "+rt.Path, func(t *testing.T) {
			r := e.do(t, rt.Method, params.Replace(rt.Path), e.admin, "{}")
			ev := e.newestAudit(t)
			if want := strings.NewReplacer("{", ":", "}", "").Replace(rt.Path); ev.Route != want || ev.Status != r.status || ev.Method != rt.Method {
				t.Fatalf("newest event = %+v, want route %s status %d", ev, want, r.status)
			}
		})
	}
	if writes < 30 {
		t.Fatalf("only %d write routes", writes)
	}
}
