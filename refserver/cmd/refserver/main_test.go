package main_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	main "github.com/govops-kit/govops/refserver/cmd/refserver"
)

func TestMain_Lifecycle(t *testing.T) {
	w := MustOpenWorld(t)
	act := func(token, number, action, etag string, body any) response {
		t.Helper()
		r := mustStatus(t, w.do(t, "POST", "/api/v1/cases/"+number+"/"+action, token, body, "If-Match", etag), http.StatusOK)
		if got, want := r.header.Get("ETag"), fmt.Sprintf(`"%d"`, int(r.json(t)["version"].(float64))); got != want {
			t.Fatalf("%s: ETag %s, version %s", action, got, want)
		}
		return r
	}

	r := mustStatus(t, w.do(t, "POST", "/api/v1/cases", w.admin, map[string]any{
		"kind": "hotline", "category": "complaint", "priority": "urgent", "source": "phone",
		"external_no": "LZ12345-0001", "title": "路灯不亮", "description": "跃进路口路灯连续三晚不亮",
		"reporter": map[string]string{"name": "张三丰", "phone": "13812341234"}, "location": "跃进路口",
	}), http.StatusCreated)
	c := r.json(t)
	n := c["number"].(string)
	if r.header.Get("ETag") != `"1"` || r.header.Get("Location") != "/api/v1/cases/"+n {
		t.Fatalf("ETag %q, Location %q", r.header.Get("ETag"), r.header.Get("Location"))
	}
	for k, v := range map[string]any{
		"status": "registered", "status_label": "登记", "kind_label": "政府热线", "category_label": "投诉",
		"priority_label": "紧急", "source_label": "电话", "year": float64(2026), "version": float64(1),
	} {
		if c[k] != v {
			t.Fatalf("%s = %v, want %v", k, c[k], v)
		}
	}
	if !strings.HasPrefix(n, "2026-") || !strings.HasSuffix(c["created_at"].(string), "+08:00") {
		t.Fatalf("number %s, created_at %s", n, c["created_at"])
	}
	if _, ok := c["dispatched_at"]; ok {
		t.Fatal("an unset time is present")
	}

	c = act(w.admin, n, "dispatch", `"1"`, map[string]string{"department": "ylj", "note": "请速处理"}).json(t)
	if c["status"] != "dispatched" || c["department"] != "ylj" || c["accept_by"] == nil || c["resolve_by"] == nil {
		t.Fatalf("after dispatch: %v", c)
	}
	c = act(w.own, n, "accept", `"2"`, nil).json(t)
	if c["status"] != "accepted" || c["accepted_at"] == nil {
		t.Fatalf("after accept: %v", c)
	}
	until := mustTime(t, c["resolve_by"].(string)).Add(48 * time.Hour)
	c = act(w.own, n, "extension", `"3"`, map[string]string{"until": until.Format(time.RFC3339), "reason": "需协调供电部门"}).json(t)
	if c["extension_until"] != until.Format(time.RFC3339) || c["extension_reason"] != "需协调供电部门" {
		t.Fatalf("after extension request: %v", c)
	}
	c = act(w.admin, n, "extension/decision", `"4"`, map[string]any{"approve": true}).json(t)
	if c["resolve_by"] != until.Format(time.RFC3339) || c["extension_until"] != nil {
		t.Fatalf("after approval: resolve_by %v, extension_until %v", c["resolve_by"], c["extension_until"])
	}
	c = act(w.admin, n, "urge", `"5"`, map[string]string{"note": "群众再次来电"}).json(t)
	if c["urge_count"] != float64(1) {
		t.Fatalf("urge_count = %v", c["urge_count"])
	}
	c = act(w.own, n, "reply", `"6"`, map[string]string{"reply": "已更换灯泡"}).json(t)
	if c["status"] != "replied" || c["reply"] != "已更换灯泡" {
		t.Fatalf("after reply: %v", c)
	}
	c = act(w.admin, n, "close", `"7"`, nil).json(t)
	if c["status"] != "closed" || c["status_label"] != "办结" || c["closed_at"] == nil {
		t.Fatalf("after close: %v", c)
	}
	c = act(w.admin, n, "reopen", `"8"`, map[string]string{"reason": "回访不满意"}).json(t)
	if c["status"] != "dispatched" || c["redo_count"] != float64(1) || c["reply"] != nil {
		t.Fatalf("after reopen: %v", c)
	}
	c = act(w.own, n, "return", `"9"`, map[string]string{"reason": "属解放街道辖区"}).json(t)
	if c["status"] != "returned" || c["return_count"] != float64(1) {
		t.Fatalf("after return: %v", c)
	}
	mustStatus(t, w.do(t, "GET", "/api/v1/cases/"+n, w.own, nil), http.StatusNotFound)
	c = act(w.admin, n, "dispatch", `"10"`, map[string]string{"department": "jfj"}).json(t)
	if c["department"] != "jfj" || c["status"] != "dispatched" {
		t.Fatalf("after re-dispatch: %v", c)
	}
	mustStatus(t, w.do(t, "GET", "/api/v1/cases/"+n, w.own, nil), http.StatusNotFound)
	mustStatus(t, w.do(t, "GET", "/api/v1/cases/"+n, w.foreign, nil), http.StatusOK)
	c = act(w.admin, n, "cancel", `"11"`, map[string]string{"reason": "重复工单"}).json(t)
	if c["status"] != "cancelled" || c["status_label"] != "作废" {
		t.Fatalf("after cancel: %v", c)
	}
	c = act(w.admin, n, "comment", `"12"`, map[string]string{"note": "已电话告知来电人"}).json(t)
	if c["status"] != "cancelled" || c["version"] != float64(13) {
		t.Fatalf("after comment: %v", c)
	}

	r = mustStatus(t, w.do(t, "GET", "/api/v1/cases/"+n+"/events", w.admin, nil), http.StatusOK)
	var trail struct {
		Items []struct {
			Seq             int    `json:"seq"`
			Type            string `json:"type"`
			TypeLabel       string `json:"type_label"`
			Actor           string `json:"actor"`
			ActorDepartment string `json:"actor_department"`
			At              string `json:"at"`
			FromStatus      string `json:"from_status"`
			ToStatus        string `json:"to_status"`
			Department      string `json:"department"`
			Note            string `json:"note"`
		} `json:"items"`
	}
	if err := json.Unmarshal(r.body, &trail); err != nil {
		t.Fatal(err)
	}
	want := []struct{ typ, label, actor, from, to, dept string }{
		{"registered", "登记", "admin", "", "registered", ""},
		{"dispatched", "派单", "admin", "registered", "dispatched", "ylj"},
		{"accepted", "签收", "跃进街道值班", "dispatched", "accepted", "ylj"},
		{"extension_requested", "延期申请", "跃进街道值班", "accepted", "accepted", "ylj"},
		{"extension_approved", "延期批准", "admin", "accepted", "accepted", "ylj"},
		{"urged", "督办", "admin", "accepted", "accepted", "ylj"},
		{"replied", "办理反馈", "跃进街道值班", "accepted", "replied", "ylj"},
		{"closed", "办结", "admin", "replied", "closed", "ylj"},
		{"reopened", "重办", "admin", "closed", "dispatched", "ylj"},
		{"returned", "退单", "跃进街道值班", "dispatched", "returned", "ylj"},
		{"dispatched", "派单", "admin", "returned", "dispatched", "jfj"},
		{"cancelled", "作废", "admin", "dispatched", "cancelled", "jfj"},
		{"commented", "备注", "admin", "cancelled", "cancelled", "jfj"},
	}
	if len(trail.Items) != len(want) {
		t.Fatalf("%d events, want %d: %s", len(trail.Items), len(want), r.body)
	}
	prev := time.Time{}
	for i, w := range want {
		ev := trail.Items[i]
		if ev.Seq != i+1 || ev.Type != w.typ || ev.TypeLabel != w.label || ev.Actor != w.actor ||
			ev.FromStatus != w.from || ev.ToStatus != w.to || ev.Department != w.dept {
			t.Fatalf("event %d = %+v, want %+v", i+1, ev, w)
		}
		at := mustTime(t, ev.At)
		if !strings.HasSuffix(ev.At, "+08:00") || at.Before(prev) {
			t.Fatalf("event %d at %s (previous %s)", i+1, ev.At, prev)
		}
		prev = at
	}
	if trail.Items[2].ActorDepartment != "ylj" || trail.Items[9].Note != "属解放街道辖区" {
		t.Fatalf("accept/return events: %+v / %+v", trail.Items[2], trail.Items[9])
	}

	r = mustStatus(t, w.do(t, "GET", "/api/v1/cases?status=cancelled&q=路灯", w.admin, nil), http.StatusOK)
	if items := r.json(t)["items"].([]any); len(items) != 1 || items[0].(map[string]any)["number"] != n {
		t.Fatalf("list: %s", r.body)
	}
	r = mustStatus(t, w.do(t, "GET", "/api/v1/stats/cases?year=2026", w.admin, nil), http.StatusOK)
	if s := r.json(t); s["total"] != float64(1) || s["replied"] != float64(0) || s["dispatched"] != float64(1) {
		t.Fatalf("stats: %s", r.body)
	}
}

func TestMain_ListPaging(t *testing.T) {
	w := MustOpenWorld(t)
	var made []string
	for range 5 {
		made = append(made, w.caseIn(t, "dispatched"))
	}
	var seen []string
	cursor := ""
	for range 10 {
		path := "/api/v1/cases?limit=2&kind=hotline,itops&department=ylj"
		if cursor != "" {
			path += "&cursor=" + cursor
		}
		r := mustStatus(t, w.do(t, "GET", path, w.own, nil), http.StatusOK)
		var page struct {
			Items []struct {
				Number string `json:"number"`
			} `json:"items"`
			Next string `json:"next_cursor"`
		}
		if err := json.Unmarshal(r.body, &page); err != nil {
			t.Fatal(err)
		}
		for _, c := range page.Items {
			seen = append(seen, c.Number)
		}
		if page.Next == "" {
			break
		}
		cursor = page.Next
	}
	if len(seen) != 5 || seen[0] != made[4] || seen[4] != made[0] {
		t.Fatalf("paged %v, made %v (want newest first)", seen, made)
	}
	r := mustStatus(t, w.do(t, "GET", "/api/v1/cases?due_within=720h&created_from=2026-03-02&created_to=2026-03-02", w.admin, nil), http.StatusOK)
	if got := len(r.json(t)["items"].([]any)); got != 5 {
		t.Fatalf("due_within/created range found %d cases, want 5", got)
	}
	r = mustStatus(t, w.do(t, "GET", "/api/v1/cases?overdue=true", w.admin, nil), http.StatusOK)
	if got := len(r.json(t)["items"].([]any)); got != 0 {
		t.Fatalf("overdue found %d cases, want 0", got)
	}
	r = mustStatus(t, w.do(t, "GET", "/api/v1/cases?created_to=2026-03-01", w.admin, nil), http.StatusOK)
	if got := len(r.json(t)["items"].([]any)); got != 0 {
		t.Fatalf("created_to before the cases found %d", got)
	}
}

func TestMain_RoutingRules(t *testing.T) {
	w := MustOpenWorld(t)
	r := mustStatus(t, w.do(t, "POST", "/api/v1/routing-rules", w.admin, map[string]any{
		"kind": "hotline", "keywords": []string{"路灯"}, "department": "ylj", "priority": 5,
	}), http.StatusCreated)
	id := r.str(t, "id")
	n := w.newCase(t)
	r = mustStatus(t, w.do(t, "GET", "/api/v1/routing-rules/suggest?case="+n, w.admin, nil), http.StatusOK)
	if s := r.json(t); s["matched"] != true || s["department"] != "ylj" {
		t.Fatalf("suggestion: %s", r.body)
	}
	r = mustStatus(t, w.do(t, "POST", "/api/v1/cases/"+n+"/dispatch", w.admin, map[string]any{"use_suggestion": true}), http.StatusOK)
	if r.str(t, "department") != "ylj" {
		t.Fatalf("dispatch by suggestion went to %s", r.str(t, "department"))
	}
	r = mustStatus(t, w.do(t, "POST", "/api/v1/routing-rules", w.admin, map[string]any{"department": "nowhere"}), http.StatusBadRequest)
	if _, ok := r.json(t)["fields"].(map[string]any)["department"]; !ok {
		t.Fatalf("problem: %s", r.body)
	}
	mustStatus(t, w.do(t, "DELETE", "/api/v1/routing-rules/"+id, w.admin, nil), http.StatusNoContent)
	mustStatus(t, w.do(t, "DELETE", "/api/v1/routing-rules/"+id, w.admin, nil), http.StatusNotFound)
	r = mustStatus(t, w.do(t, "GET", "/api/v1/routing-rules", w.viewer, nil), http.StatusOK)
	if len(r.json(t)["items"].([]any)) != 0 {
		t.Fatalf("rules after delete: %s", r.body)
	}
}

func TestMain_Masking(t *testing.T) {
	w := MustOpenWorld(t)
	n := w.caseIn(t, "dispatched")
	reporter := func(token string) map[string]any {
		t.Helper()
		r := mustStatus(t, w.do(t, "GET", "/api/v1/cases/"+n, token, nil), http.StatusOK)
		return r.json(t)["reporter"].(map[string]any)
	}
	for _, tc := range []struct {
		name, token, phone, person string
	}{
		{"AdminSeesAll", w.admin, "13812341234", "张三丰"},
		{"OwnDepartmentSeesAll", w.own, "13812341234", "张三丰"},
		{"ViewerSeesMasked", w.viewer, "138****1234", "张**"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := reporter(tc.token)
			if got["phone"] != tc.phone || got["name"] != tc.person {
				t.Fatalf("reporter = %v, want %s %s", got, tc.person, tc.phone)
			}
		})
	}
	t.Run("ViewerListMasked", func(t *testing.T) {
		r := mustStatus(t, w.do(t, "GET", "/api/v1/cases", w.viewer, nil), http.StatusOK)
		if strings.Contains(string(r.body), "13812341234") || !strings.Contains(string(r.body), "138****1234") {
			t.Fatalf("viewer list: %s", r.body)
		}
	})
	t.Run("ForeignDepartmentSeesNothing", func(t *testing.T) {
		r := mustStatus(t, w.do(t, "GET", "/api/v1/cases/"+n, w.foreign, nil), http.StatusNotFound)
		if strings.Contains(string(r.body), "1381234") {
			t.Fatal("the 404 leaks the reporter")
		}
		r = mustStatus(t, w.do(t, "GET", "/api/v1/cases", w.foreign, nil), http.StatusOK)
		if len(r.json(t)["items"].([]any)) != 0 {
			t.Fatalf("foreign list: %s", r.body)
		}
	})
}

func TestMain_FirstStartToken(t *testing.T) {
	db := tempDB(t)
	p := MustRunMain(t, db)
	admin := p.AdminToken(t)
	if strings.Count(p.Stdout.String(), "gvo_") != 1 {
		t.Fatalf("stdout: %q", p.Stdout.String())
	}
	mustStatus(t, do(t, p.URL, "GET", "/api/v1/tokens", admin, nil), http.StatusOK)
	if strings.Contains(p.Stderr.String(), admin) || strings.Contains(p.Stderr.String(), admin[4:]) {
		t.Fatal("the admin token reached the log")
	}
	if err := p.Stop(t); err != nil {
		t.Fatal(err)
	}

	again := MustRunMain(t, db)
	if strings.Contains(again.Stdout.String(), "gvo_") {
		t.Fatalf("second start printed a token: %q", again.Stdout.String())
	}
	mustStatus(t, do(t, again.URL, "GET", "/api/v1/tokens", admin, nil), http.StatusOK)
}

func TestMain_TokenCLI(t *testing.T) {
	db := tempDB(t)
	out, err := runCommand(t, db, "token", "create", "-name", "值班长", "-role", "admin")
	if err != nil {
		t.Fatal(err)
	}
	m := regexpToken.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("token create printed %q", out)
	}
	plain := m[1]

	t.Run("ErrUnknownDepartment", func(t *testing.T) {
		_, err := runCommand(t, db, "token", "create", "-name", "x", "-role", "dept", "-dept", "nowhere")
		if err == nil || !strings.Contains(err.Error(), "-dept") {
			t.Fatalf("err = %v, want it to name -dept", err)
		}
	})
	t.Run("ErrBadRole", func(t *testing.T) {
		_, err := runCommand(t, db, "token", "create", "-name", "x", "-role", "root")
		if err == nil || !strings.Contains(err.Error(), "-role") {
			t.Fatalf("err = %v, want it to name -role", err)
		}
	})

	list, err := runCommand(t, db, "token", "list")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(list, "值班长") || !strings.Contains(list, "admin") || strings.Contains(list, plain[4:]) {
		t.Fatalf("token list:\n%s", list)
	}
	id := strings.Fields(strings.Split(list, "\n")[1])[0]

	// A database that already has a token prints no first-start token.
	p := MustRunMain(t, db)
	if strings.Contains(p.Stdout.String(), "gvo_") {
		t.Fatalf("serve printed a token although one exists: %q", p.Stdout.String())
	}
	r := mustStatus(t, do(t, p.URL, "GET", "/api/v1/tokens", plain, nil), http.StatusOK)
	if strings.Contains(string(r.body), plain) || strings.Contains(string(r.body), "hash") {
		t.Fatalf("token listing leaks secrets: %s", r.body)
	}
	if err := p.Stop(t); err != nil {
		t.Fatal(err)
	}

	// Flags may also follow the command.
	out, err = runCommand(t, db, "token", "revoke", id)
	if err != nil || !strings.Contains(out, "revoked") {
		t.Fatalf("revoke: %q, %v", out, err)
	}
	list, _ = runCommand(t, db, "token", "list", "-db", db)
	if row := strings.Split(list, "\n")[1]; strings.Count(row, "+08:00") < 2 {
		t.Fatalf("revoked token lists no revocation time: %q", row)
	}
	p = MustRunMain(t, db)
	mustStatus(t, do(t, p.URL, "GET", "/api/v1/cases", plain, nil), http.StatusUnauthorized)
	if _, err := runCommand(t, db, "token", "revoke", "not-an-id"); err == nil {
		t.Fatal("revoke of a bad ID succeeded")
	}
}

var regexpToken = adminLineFor("token")

func TestMain_Health(t *testing.T) {
	p := MustRunMain(t, tempDB(t))
	r := mustStatus(t, do(t, p.URL, "GET", "/readyz", "", nil), http.StatusOK)
	if r.str(t, "status") != "ready" {
		t.Fatalf("readyz: %s", r.body)
	}
	mustStatus(t, do(t, p.URL, "GET", "/healthz", "", nil), http.StatusOK)
	r = mustStatus(t, do(t, p.URL, "GET", "/api/v1/openapi.json", "", nil), http.StatusOK)
	if !strings.Contains(string(r.body), `"openapi": "3.1.0"`) {
		t.Fatal("openapi document not served")
	}
	logs := p.Stderr.String()
	if !strings.Contains(logs, `"msg":"request"`) || !strings.Contains(logs, `"path":"/readyz","status":200`) || !strings.Contains(logs, `"latency_ms"`) {
		t.Fatalf("access log missing:\n%s", logs)
	}
}

func TestMain_Migrate(t *testing.T) {
	db := tempDB(t)
	for range 2 {
		out, err := runCommand(t, db, "migrate")
		if err != nil || !strings.Contains(out, "migrations applied") {
			t.Fatalf("migrate: %q, %v", out, err)
		}
	}
}

func TestMain_GracefulShutdown(t *testing.T) {
	w := MustOpenWorld(t)
	// Start a request and keep its body open while the server shuts down.
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", w.URL+"/api/v1/cases", pr)
	req.Header.Set("Authorization", "Bearer "+w.admin)
	req.Header.Set("Content-Type", "application/json")
	result := make(chan *http.Response, 1)
	go func() {
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			result <- nil
			return
		}
		result <- res
	}()
	io.WriteString(pw, `{"kind":"hotline","category":"help",`)
	time.Sleep(50 * time.Millisecond) // let the server read the headers

	stopped := make(chan error, 1)
	go func() { stopped <- w.Stop(t) }()
	// Wait until the listener is closed: shutdown has begun.
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", strings.TrimPrefix(w.URL, "http://"), time.Second)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("listener still open 10s after cancel")
		}
		time.Sleep(10 * time.Millisecond)
	}
	io.WriteString(pw, `"source":"phone","title":"关停期间的请求"}`)
	pw.Close()
	res := <-result
	if res == nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("in-flight request: %v", res)
	}
	res.Body.Close()
	select {
	case err := <-stopped:
		if err != nil {
			t.Fatalf("Run returned %v after shutdown", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if !strings.Contains(w.Stderr.String(), `"msg":"stopped"`) {
		t.Fatal("no stop line in the log")
	}
}

func TestMain_ParseFlags(t *testing.T) {
	t.Run("Environment", func(t *testing.T) {
		t.Setenv("GOVOPS_ADDR", "127.0.0.1:9999")
		t.Setenv("GOVOPS_DB", "postgres://db/govops")
		m := main.NewMain()
		if m.Addr != "127.0.0.1:9999" || m.DSN != "postgres://db/govops" {
			t.Fatalf("Addr %q DSN %q", m.Addr, m.DSN)
		}
		if err := m.ParseFlags(context.Background(), []string{"-addr", ":7000"}); err != nil || m.Addr != ":7000" {
			t.Fatalf("flag did not override the environment: %q, %v", m.Addr, err)
		}
	})
	t.Run("Defaults", func(t *testing.T) {
		t.Setenv("GOVOPS_ADDR", "")
		t.Setenv("GOVOPS_DB", "")
		m := main.NewMain()
		if m.Addr != ":8080" || m.DSN != "govops.db" {
			t.Fatalf("Addr %q DSN %q", m.Addr, m.DSN)
		}
	})
	t.Run("Portal", func(t *testing.T) {
		m := main.NewMain()
		if m.ProbeEvery != main.DefaultProbeEvery || m.PortalAllowPrivate {
			t.Fatalf("defaults: -probe-every %v, -portal-allow-private %v", m.ProbeEvery, m.PortalAllowPrivate)
		}
		if err := m.ParseFlags(context.Background(), []string{"serve", "-probe-every", "0", "-portal-allow-private"}); err != nil ||
			m.ProbeEvery != 0 || !m.PortalAllowPrivate {
			t.Fatalf("-probe-every 0 -portal-allow-private: %v, %v, %v", m.ProbeEvery, m.PortalAllowPrivate, err)
		}
	})
	t.Run("GroupCommit", func(t *testing.T) {
		if m := main.NewMain(); !m.GroupCommit {
			t.Fatal("group commit is off by default")
		}
		m := main.NewMain()
		if err := m.ParseFlags(context.Background(), []string{"serve", "-group-commit=false"}); err != nil || m.GroupCommit {
			t.Fatalf("-group-commit=false: %v, %v", m.GroupCommit, err)
		}
		t.Setenv("GOVOPS_GROUP_COMMIT", "false")
		if m := main.NewMain(); m.GroupCommit {
			t.Fatal("GOVOPS_GROUP_COMMIT=false left group commit on")
		}
		t.Setenv("GOVOPS_GROUP_COMMIT", "sometimes")
		m = main.NewMain()
		if err := m.ParseFlags(context.Background(), nil); err == nil || !strings.Contains(err.Error(), "GOVOPS_GROUP_COMMIT") {
			t.Fatalf("GOVOPS_GROUP_COMMIT=sometimes: %v, want an error naming it", err)
		}
	})
	t.Run("Help", func(t *testing.T) {
		m := main.NewMain()
		m.Stderr = io.Discard
		if err := m.ParseFlags(context.Background(), []string{"-h"}); !errors.Is(err, flag.ErrHelp) {
			t.Fatalf("err = %v", err)
		}
	})
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"ErrUnknownCommand", []string{"frobnicate"}},
		{"ErrTokenWithoutCommand", []string{"token"}},
		{"ErrUnknownTokenCommand", []string{"token", "delete"}},
		{"ErrRevokeWithoutID", []string{"token", "revoke"}},
		{"ErrListWithArgument", []string{"token", "list", "extra"}},
		{"ErrDepartmentWithoutCommand", []string{"department"}},
		{"ErrUnknownDepartmentCommand", []string{"department", "delete"}},
		{"ErrDepartmentListWithArgument", []string{"department", "list", "extra"}},
		{"ErrDepartmentCreateArgument", []string{"department", "create", "-code", "x", "extra"}},
		{"ErrLogFormat", []string{"-log-format", "xml"}},
		{"ErrLogLevel", []string{"-log-level", "loud"}},
		{"ErrServeArgument", []string{"serve", "now"}},
		{"ErrUnknownFlag", []string{"-port", "80"}},
		{"ErrProbeEveryNegative", []string{"-probe-every", "-10m"}},
		{"ErrProbeEveryTooShort", []string{"serve", "-probe-every", "1s"}},
		{"ErrProbeEveryNoUnit", []string{"-probe-every", "600"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := main.NewMain()
			m.Stderr = io.Discard
			if err := m.ParseFlags(context.Background(), tc.args); err == nil {
				t.Fatalf("ParseFlags(%q) succeeded", tc.args)
			}
		})
	}
}
