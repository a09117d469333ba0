package main_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/refserver"
)

type auditItem struct {
	ID         string `json:"id"`
	At         string `json:"at"`
	RequestID  string `json:"request_id"`
	TokenID    string `json:"token_id"`
	Actor      string `json:"actor"`
	Role       string `json:"role"`
	RoleLabel  string `json:"role_label"`
	Department string `json:"department"`
	Method     string `json:"method"`
	Route      string `json:"route"`
	Path       string `json:"path"`
	Status     int    `json:"status"`
	Subject    string `json:"subject"`
}

type auditPage struct {
	Items []auditItem `json:"items"`
	Next  string      `json:"next_cursor"`
}

// listAudit reads GET /api/v1/audit?query as token.
func listAudit(tb testing.TB, base, token, query string) (auditPage, []byte) {
	tb.Helper()
	r := mustStatus(tb, do(tb, base, "GET", "/api/v1/audit?"+query, token, nil), http.StatusOK)
	var page auditPage
	if err := json.Unmarshal(r.body, &page); err != nil {
		tb.Fatalf("audit list: %v: %s", err, r.body)
	}
	return page, r.body
}

var createdTokenID = regexp.MustCompile(`created \w+ token ([0-9a-f-]{36}) `)

// TestMain_Audit makes changes through the API and the command line and
// reads them back from the audit log: each with its actor, status and
// subject, newest first, refused writes included, and no secret anywhere.
func TestMain_Audit(t *testing.T) {
	db := tempDB(t)
	p := MustRunMain(t, db)
	admin := p.AdminToken(t)
	call := func(name, method, path, token string, body any, status int, hdr ...string) response {
		t.Helper()
		return mustStatus(t, do(t, p.URL, method, path, token, body, append(hdr, "X-Request-ID", "audit-"+name)...), status)
	}
	var tokens struct {
		Items []struct{ ID, Name string } `json:"items"`
	}
	if err := json.Unmarshal(call("read-tokens", "GET", "/api/v1/tokens", admin, nil, 200).body, &tokens); err != nil || len(tokens.Items) != 1 {
		t.Fatalf("tokens: %+v, %v", tokens, err)
	}
	adminID := tokens.Items[0].ID

	call("department", "POST", "/api/v1/departments", admin, map[string]string{"code": "ylj", "name": "跃进街道", "kind": "township"}, 201)
	r := call("token-dept", "POST", "/api/v1/tokens", admin, map[string]string{"name": "跃进街道值班", "role": "dept", "department": "ylj"}, 201)
	dept, deptID := r.str(t, "token"), r.str(t, "id")
	r = call("token-viewer", "POST", "/api/v1/tokens", admin, map[string]string{"name": "督查室", "role": "viewer"}, 201)
	viewer, viewerID := r.str(t, "token"), r.str(t, "id")
	r = call("case", "POST", "/api/v1/cases", admin, map[string]any{
		"kind": "hotline", "category": "complaint", "source": "phone", "title": "路灯不亮",
		"reporter": map[string]string{"name": "张三丰", "phone": "13812341234"},
	}, 201)
	n := r.str(t, "number")
	call("dispatch", "POST", "/api/v1/cases/"+n+"/dispatch", admin, map[string]string{"department": "ylj"}, 200)
	call("viewer-comment", "POST", "/api/v1/cases/"+n+"/comment", viewer, map[string]string{"note": "来看看"}, 403)
	call("bad-department", "POST", "/api/v1/departments", admin, map[string]string{"code": "x1", "name": "某市", "kind": "city"}, 400)
	call("accept", "POST", "/api/v1/cases/"+n+"/accept", dept, nil, 200)
	call("import", "POST", "/api/v1/hotline/callbacks/import?mode=keep-good", admin,
		"case_number,department,result,called_at\n"+n+",ylj,满意,2026-03-01 10:00\n", 200, csvHeader...)
	// Neither a read nor a write without a valid token is recorded.
	call("anonymous", "POST", "/api/v1/departments", "gvo_"+strings.Repeat("A", 43), map[string]string{"code": "z9", "name": "z"}, 401)
	call("read", "GET", "/api/v1/cases/"+n, admin, nil, 200)

	// The command line runs later than the server's requests.
	out, err := runCommandAt(t, db, testStart.Add(time.Hour), "token", "create", "-name", "值班长", "-role", "admin")
	if err != nil {
		t.Fatal(err)
	}
	cliTok, cliID := regexpToken.FindStringSubmatch(out), createdTokenID.FindStringSubmatch(out)
	if cliTok == nil || cliID == nil {
		t.Fatalf("token create printed %q", out)
	}
	if out, err := runCommandAt(t, db, testStart.Add(2*time.Hour), "token", "revoke", viewerID); err != nil {
		t.Fatalf("revoke: %q, %v", out, err)
	}

	page, body := listAudit(t, p.URL, admin, "")
	type want struct {
		rid, actor, role, dept, method, route, path, subject, token string
		status                                                      int
	}
	const c = "/api/v1/cases/"
	wants := []want{
		{"", "cli", "", "", "", "cli token revoke", "", viewerID, "", 200},
		{"", "cli", "", "", "", "cli token create", "", cliID[1], "", 201},
		{"import", "admin", "admin", "", "POST", "/api/v1/hotline/callbacks/import", "/api/v1/hotline/callbacks/import", "", adminID, 200},
		{"accept", "跃进街道值班", "dept", "ylj", "POST", c + ":number/accept", c + n + "/accept", n, deptID, 200},
		{"bad-department", "admin", "admin", "", "POST", "/api/v1/departments", "/api/v1/departments", "x1", adminID, 400},
		{"viewer-comment", "督查室", "viewer", "", "POST", c + ":number/comment", c + n + "/comment", n, viewerID, 403},
		{"dispatch", "admin", "admin", "", "POST", c + ":number/dispatch", c + n + "/dispatch", n, adminID, 200},
		{"case", "admin", "admin", "", "POST", "/api/v1/cases", "/api/v1/cases", n, adminID, 201},
		{"token-viewer", "admin", "admin", "", "POST", "/api/v1/tokens", "/api/v1/tokens", viewerID, adminID, 201},
		{"token-dept", "admin", "admin", "", "POST", "/api/v1/tokens", "/api/v1/tokens", deptID, adminID, 201},
		{"department", "admin", "admin", "", "POST", "/api/v1/departments", "/api/v1/departments", "ylj", adminID, 201},
		{"", "bootstrap", "", "", "", "bootstrap admin token", "", adminID, "", 201},
	}
	if len(page.Items) != len(wants) || page.Next != "" {
		t.Fatalf("%d events (next %q), want %d: %s", len(page.Items), page.Next, len(wants), body)
	}
	var prev time.Time
	for i, w := range wants {
		ev := page.Items[i]
		rid := ""
		if w.rid != "" {
			rid = "audit-" + w.rid
		}
		if ev.RequestID != rid || ev.Actor != w.actor || ev.Role != w.role || ev.Department != w.dept || ev.Method != w.method ||
			ev.Route != w.route || ev.Path != w.path || ev.Subject != w.subject || ev.TokenID != w.token || ev.Status != w.status ||
			(ev.Role == "") != (ev.RoleLabel == "") || ev.ID == "" {
			t.Fatalf("event %d = %+v, want %+v", i, ev, w)
		}
		at := mustTime(t, ev.At)
		if !strings.HasSuffix(ev.At, "+08:00") || (i > 0 && !at.Before(prev)) {
			t.Fatalf("event %d at %s, after %s: not newest first", i, ev.At, prev)
		}
		prev = at
	}

	t.Run("Filters", func(t *testing.T) {
		count := func(query string) int {
			page, _ := listAudit(t, p.URL, admin, query)
			return len(page.Items)
		}
		for query, want := range map[string]int{
			"actor=cli":                       2,
			"actor=" + url.QueryEscape("督查室"): 1,
			"token_id=" + deptID:              1,
			"subject=" + n:                    4,
			"method=post":                     9,
			"method=DELETE":                   0,
			"from=2026-03-02&to=2026-03-02":   12,
			"to=2026-03-01":                   0,
			"from=" + url.QueryEscape(page.Items[7].At) + "&to=" + url.QueryEscape(page.Items[3].At): 4,
		} {
			if got := count(query); got != want {
				t.Errorf("%s: %d events, want %d", query, got, want)
			}
		}
	})
	t.Run("Paging", func(t *testing.T) {
		var ids []string
		cursor := ""
		for range 10 {
			pg, _ := listAudit(t, p.URL, admin, "limit=5&cursor="+cursor)
			for _, ev := range pg.Items {
				ids = append(ids, ev.ID)
			}
			if pg.Next == "" {
				break
			}
			cursor = pg.Next
		}
		if len(ids) != len(page.Items) {
			t.Fatalf("paged %d events, want %d", len(ids), len(page.Items))
		}
		for i, ev := range page.Items {
			if ids[i] != ev.ID {
				t.Fatalf("page order differs at %d", i)
			}
		}
	})
	t.Run("NoSecrets", func(t *testing.T) {
		h, err := dbopen.Open(db)
		if err != nil {
			t.Fatal(err)
		}
		defer h.Close()
		stored, rows := auditDump(t, h.DB)
		if rows != len(wants) {
			t.Fatalf("%d rows in refserver_audit, want %d", rows, len(wants))
		}
		for _, plain := range []string{admin, dept, viewer, cliTok[1]} {
			for _, secret := range []string{plain, plain[len(refserver.TokenPrefix):], refserver.HashToken(plain)} {
				if strings.Contains(stored, secret) || strings.Contains(string(body), secret) {
					t.Fatal("a token secret or hash is in the audit log")
				}
			}
		}
		for _, personal := range []string{"13812341234", "张三丰", "keep-good", "mode=", "满意", "来看看"} {
			if strings.Contains(stored, personal) {
				t.Fatalf("the audit log holds request data %q", personal)
			}
		}
	})
}

// auditDump returns every column of every row of refserver_audit as one
// text, and the number of rows.
func auditDump(t *testing.T, db *sql.DB) (string, int) {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), "SELECT * FROM refserver_audit")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	n := 0
	for rows.Next() {
		vals := make([]sql.RawBytes, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			b.Write(v)
			b.WriteByte('\t')
		}
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String(), n
}

// TestMain_AuditDialects writes and reads the audit log through Main on
// every database: the migration, a path with bytes PostgreSQL refuses in
// text, the command line's events, and paging by cursor.
func TestMain_AuditDialects(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			dsn, _ := isolatedDSN(t, d)
			p := MustRunMain(t, dsn)
			admin := p.AdminToken(t)
			mustStatus(t, do(t, p.URL, "POST", "/api/v1/departments", admin, map[string]string{"code": "ylj", "name": "跃进街道"}), http.StatusCreated)
			mustStatus(t, do(t, p.URL, "DELETE", "/api/v1/tokens/%FF%00x", admin, nil), http.StatusBadRequest)
			r := mustStatus(t, do(t, p.URL, "POST", "/api/v1/cases", admin, map[string]any{
				"kind": "itops", "category": "help", "source": "internal", "title": "打印机故障"}), http.StatusCreated)
			if _, err := runCommandAt(t, dsn, testStart.Add(time.Hour), "token", "create", "-name", "值班长", "-role", "viewer"); err != nil {
				t.Fatal(err)
			}
			var got []auditItem
			cursor := ""
			for range 10 {
				page, _ := listAudit(t, p.URL, admin, "limit=2&cursor="+cursor)
				got = append(got, page.Items...)
				if page.Next == "" {
					break
				}
				cursor = page.Next
			}
			want := []struct {
				actor, path, subject string
				status               int
			}{
				{"cli", "", "", 201},
				{"admin", "/api/v1/cases", r.str(t, "number"), 201},
				{"admin", "/api/v1/tokens/\uFFFD\uFFFDx", "\uFFFD\uFFFDx", 400},
				{"admin", "/api/v1/departments", "ylj", 201},
				{"bootstrap", "", "", 201},
			}
			if len(got) != len(want) {
				t.Fatalf("%d events, want %d: %+v", len(got), len(want), got)
			}
			for i, w := range want {
				ev := got[i]
				if ev.Actor != w.actor || ev.Path != w.path || ev.Status != w.status || (w.subject != "" && ev.Subject != w.subject) {
					t.Fatalf("event %d = %+v, want %+v", i, ev, w)
				}
			}
		})
	}
}
