package main_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The roles of the auth matrix, in column order.
var roles = []string{"admin", "own-dept", "foreign-dept", "viewer", "no-token", "revoked"}

func (w *world) tokenOf(role string) string {
	switch role {
	case "admin":
		return w.admin
	case "own-dept":
		return w.own
	case "foreign-dept":
		return w.foreign
	case "viewer":
		return w.viewer
	case "revoked":
		return w.revoked
	}
	return ""
}

// endpoint is one row of the auth matrix. setup runs as admin before every
// cell and returns the path and body to send, so that each cell acts on a
// fresh case, rule or token in the state the action needs.
type endpoint struct {
	method, path string // the documented path, to check coverage
	setup        func(t *testing.T, w *world) (string, any)
	want         [6]int // admin, own-dept, foreign-dept, viewer, no-token, revoked
}

func fixed(path string, body any) func(*testing.T, *world) (string, any) {
	return func(*testing.T, *world) (string, any) { return path, body }
}

func onCase(state, action string, body any) func(*testing.T, *world) (string, any) {
	return func(t *testing.T, w *world) (string, any) {
		n := w.caseIn(t, state)
		if action == "" {
			return "/api/v1/cases/" + n, body
		}
		return "/api/v1/cases/" + n + "/" + action, body
	}
}

func matrix() []endpoint {
	const (
		ok, created, gone = http.StatusOK, http.StatusCreated, http.StatusNoContent
		bad, unauth       = http.StatusForbidden, http.StatusUnauthorized
		nf                = http.StatusNotFound
	)
	var seq atomic.Int64
	caseBody := map[string]any{"kind": "itops", "category": "help", "source": "internal", "title": "打印机故障"}
	return []endpoint{
		{"GET", "/healthz", fixed("/healthz", nil), [6]int{ok, ok, ok, ok, ok, ok}},
		{"GET", "/readyz", fixed("/readyz", nil), [6]int{ok, ok, ok, ok, ok, ok}},
		{"GET", "/api/v1/openapi.json", fixed("/api/v1/openapi.json", nil), [6]int{ok, ok, ok, ok, ok, ok}},

		{"POST", "/api/v1/cases", fixed("/api/v1/cases", caseBody), [6]int{created, bad, bad, bad, unauth, unauth}},
		{"GET", "/api/v1/cases", fixed("/api/v1/cases", nil), [6]int{ok, ok, ok, ok, unauth, unauth}},
		{"GET", "/api/v1/cases/{number}", onCase("dispatched", "", nil), [6]int{ok, ok, nf, ok, unauth, unauth}},
		{"GET", "/api/v1/cases/{number}/events", onCase("dispatched", "events", nil), [6]int{ok, ok, nf, ok, unauth, unauth}},
		// A registered case is not yet any department's: both see 404.
		{"POST", "/api/v1/cases/{number}/dispatch", onCase("registered", "dispatch", map[string]string{"department": "ylj"}), [6]int{ok, nf, nf, bad, unauth, unauth}},
		{"POST", "/api/v1/cases/{number}/accept", onCase("dispatched", "accept", nil), [6]int{ok, ok, nf, bad, unauth, unauth}},
		{"POST", "/api/v1/cases/{number}/return", onCase("dispatched", "return", map[string]string{"reason": "非本辖区"}), [6]int{ok, ok, nf, bad, unauth, unauth}},
		{"POST", "/api/v1/cases/{number}/extension", func(t *testing.T, w *world) (string, any) {
			n := w.caseIn(t, "dispatched")
			r := mustStatus(t, w.do(t, "GET", "/api/v1/cases/"+n, w.admin, nil), http.StatusOK)
			until := mustTime(t, r.str(t, "resolve_by")).Add(24 * time.Hour)
			return "/api/v1/cases/" + n + "/extension", map[string]string{"until": until.Format(time.RFC3339), "reason": "需协调"}
		}, [6]int{ok, ok, nf, bad, unauth, unauth}},
		{"POST", "/api/v1/cases/{number}/extension/decision", onCase("extension_pending", "extension/decision", map[string]any{"approve": true}), [6]int{ok, bad, nf, bad, unauth, unauth}},
		{"POST", "/api/v1/cases/{number}/urge", onCase("dispatched", "urge", nil), [6]int{ok, bad, nf, bad, unauth, unauth}},
		{"POST", "/api/v1/cases/{number}/reply", onCase("accepted", "reply", map[string]string{"reply": "已处理"}), [6]int{ok, ok, nf, bad, unauth, unauth}},
		{"POST", "/api/v1/cases/{number}/close", onCase("replied", "close", nil), [6]int{ok, bad, nf, bad, unauth, unauth}},
		{"POST", "/api/v1/cases/{number}/reopen", onCase("closed", "reopen", map[string]string{"reason": "回访不满意"}), [6]int{ok, bad, nf, bad, unauth, unauth}},
		{"POST", "/api/v1/cases/{number}/cancel", onCase("dispatched", "cancel", map[string]string{"reason": "重复"}), [6]int{ok, bad, nf, bad, unauth, unauth}},
		{"POST", "/api/v1/cases/{number}/comment", onCase("dispatched", "comment", map[string]string{"note": "备注"}), [6]int{ok, ok, nf, bad, unauth, unauth}},

		{"GET", "/api/v1/stats/cases", fixed("/api/v1/stats/cases?year=2026", nil), [6]int{ok, ok, ok, ok, unauth, unauth}},

		{"GET", "/api/v1/routing-rules", fixed("/api/v1/routing-rules", nil), [6]int{ok, bad, bad, ok, unauth, unauth}},
		{"POST", "/api/v1/routing-rules", fixed("/api/v1/routing-rules", map[string]any{"keywords": []string{"路灯"}, "department": "ylj"}), [6]int{created, bad, bad, bad, unauth, unauth}},
		{"GET", "/api/v1/routing-rules/suggest", func(t *testing.T, w *world) (string, any) {
			return "/api/v1/routing-rules/suggest?case=" + w.newCase(t), nil
		}, [6]int{ok, bad, bad, ok, unauth, unauth}},
		{"DELETE", "/api/v1/routing-rules/{id}", func(t *testing.T, w *world) (string, any) {
			r := mustStatus(t, w.do(t, "POST", "/api/v1/routing-rules", w.admin, map[string]any{"department": "ylj"}), http.StatusCreated)
			return "/api/v1/routing-rules/" + r.str(t, "id"), nil
		}, [6]int{gone, bad, bad, bad, unauth, unauth}},

		{"GET", "/api/v1/departments", fixed("/api/v1/departments", nil), [6]int{ok, ok, ok, ok, unauth, unauth}},
		{"POST", "/api/v1/departments", func(*testing.T, *world) (string, any) {
			return "/api/v1/departments", map[string]string{"code": fmt.Sprintf("v%03d", seq.Add(1)), "name": "新村", "kind": "village", "parent": "ylj"}
		}, [6]int{created, bad, bad, bad, unauth, unauth}},
		{"GET", "/api/v1/departments/{code}", fixed("/api/v1/departments/ylj", nil), [6]int{ok, ok, ok, ok, unauth, unauth}},
		{"POST", "/api/v1/departments/import", func(*testing.T, *world) (string, any) {
			return "/api/v1/departments/import", csvBody(fmt.Sprintf("编码,名称,类型,上级,片区\nv%03d,新村,村,ylj,郊区\n", seq.Add(1)))
		}, [6]int{ok, bad, bad, bad, unauth, unauth}},
		{"PATCH", "/api/v1/departments/{code}", func(t *testing.T, w *world) (string, any) {
			return w.department(t), map[string]string{"zone": "suburban"}
		}, [6]int{ok, bad, bad, bad, unauth, unauth}},
		{"GET", "/api/v1/departments/{code}/events", fixed("/api/v1/departments/ylj/events", nil), [6]int{ok, ok, ok, ok, unauth, unauth}},
		{"POST", "/api/v1/departments/{code}/dissolve", func(t *testing.T, w *world) (string, any) {
			return w.department(t) + "/dissolve", map[string]string{"reason": "并村"}
		}, [6]int{ok, bad, bad, bad, unauth, unauth}},
		{"POST", "/api/v1/departments/{code}/restore", func(t *testing.T, w *world) (string, any) {
			d := w.department(t)
			mustStatus(t, w.do(t, "POST", d+"/dissolve", w.admin, map[string]string{"reason": "并村"}), http.StatusOK)
			return d + "/restore", nil
		}, [6]int{ok, bad, bad, bad, unauth, unauth}},
		{"GET", "/api/v1/stats/departments", fixed("/api/v1/stats/departments", nil), [6]int{ok, ok, ok, ok, unauth, unauth}},

		{"GET", "/api/v1/tokens", fixed("/api/v1/tokens", nil), [6]int{ok, bad, bad, bad, unauth, unauth}},
		{"POST", "/api/v1/tokens", fixed("/api/v1/tokens", map[string]string{"name": "新人", "role": "viewer"}), [6]int{created, bad, bad, bad, unauth, unauth}},
		{"DELETE", "/api/v1/tokens/{id}", func(t *testing.T, w *world) (string, any) {
			r := mustStatus(t, w.do(t, "POST", "/api/v1/tokens", w.admin, map[string]string{"name": "待撤销", "role": "viewer"}), http.StatusCreated)
			return "/api/v1/tokens/" + r.str(t, "id"), nil
		}, [6]int{ok, bad, bad, bad, unauth, unauth}},

		{"GET", "/api/v1/audit", fixed("/api/v1/audit?method=POST&limit=5", nil), [6]int{ok, bad, bad, bad, unauth, unauth}},
		{"GET", "/api/v1/admin/runtime", fixed("/api/v1/admin/runtime", nil), [6]int{ok, bad, bad, bad, unauth, unauth}},

		{"GET", "/api/v1/calendar", fixed("/api/v1/calendar", nil), [6]int{ok, ok, ok, ok, unauth, unauth}},
		{"GET", "/api/v1/calendar/tables/{kind}/{year}", func(t *testing.T, w *world) (string, any) {
			return w.calendarTable(t, 2040+int(seq.Add(1))), nil
		}, [6]int{ok, ok, ok, ok, unauth, unauth}},
		{"PUT", "/api/v1/calendar/tables/{kind}/{year}", func(*testing.T, *world) (string, any) {
			y := 2040 + int(seq.Add(1))
			return fmt.Sprintf("/api/v1/calendar/tables/district/%d", y), textBody(fmt.Sprintf("district %d\n", y))
		}, [6]int{created, bad, bad, bad, unauth, unauth}},
		{"DELETE", "/api/v1/calendar/tables/{kind}/{year}", func(t *testing.T, w *world) (string, any) {
			return w.calendarTable(t, 2040+int(seq.Add(1))), nil
		}, [6]int{ok, bad, bad, bad, unauth, unauth}},
	}
}

// departmentSeq numbers the departments the matrix adds.
var departmentSeq atomic.Int64

// department adds a village under ylj (as admin) and returns its path.
func (w *world) department(t *testing.T) string {
	t.Helper()
	code := fmt.Sprintf("m%03d", departmentSeq.Add(1))
	mustStatus(t, w.do(t, "POST", "/api/v1/departments", w.admin, map[string]string{"code": code, "name": "新村", "kind": "village", "parent": "ylj"}), http.StatusCreated)
	return "/api/v1/departments/" + code
}

// textBody is a request body sent as text/plain.
type textBody string

// calendarTable stores an empty district table for year as admin and
// returns its path.
func (w *world) calendarTable(t *testing.T, year int) string {
	t.Helper()
	path := fmt.Sprintf("/api/v1/calendar/tables/district/%d", year)
	mustStatus(t, w.do(t, "PUT", path, w.admin, fmt.Sprintf("district %d\n", year), "Content-Type", "text/plain"), http.StatusCreated)
	return path
}

func TestMain_AuthMatrix(t *testing.T) {
	w := MustOpenWorld(t)
	rows := append(append(append(append(append(append(append(matrix(), hotlineMatrix()...), licenseMatrix()...), dataMatrix()...), netopsMatrix()...), securityMatrix()...), portalMatrix()...), reportMatrix()...)

	// Every documented endpoint must have a row, and every row an endpoint.
	r := mustStatus(t, w.do(t, "GET", "/api/v1/openapi.json", "", nil), http.StatusOK)
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(r.body, &doc); err != nil {
		t.Fatal(err)
	}
	var documented, covered []string
	for path, ops := range doc.Paths {
		for m := range ops {
			documented = append(documented, strings.ToUpper(m)+" "+path)
		}
	}
	for _, e := range rows {
		covered = append(covered, e.method+" "+e.path)
	}
	sort.Strings(documented)
	sort.Strings(covered)
	if strings.Join(documented, "\n") != strings.Join(covered, "\n") {
		t.Fatalf("the matrix does not cover the documented endpoints:\ndocumented:\n%s\ncovered:\n%s",
			strings.Join(documented, "\n"), strings.Join(covered, "\n"))
	}

	for _, e := range rows {
		for i, role := range roles {
			t.Run(e.method+" "+e.path+"/"+role, func(t *testing.T) {
				path, body := e.setup(t, w)
				var hdr []string
				if csv, ok := body.(csvBody); ok {
					body, hdr = string(csv), csvHeader
				}
				if typed, ok := body.(typedBody); ok {
					body, hdr = typed.data, []string{"Content-Type", typed.contentType}
				}
				if text, ok := body.(textBody); ok {
					body, hdr = string(text), []string{"Content-Type", "text/plain; charset=utf-8"}
				}
				r := w.do(t, e.method, path, w.tokenOf(role), body, hdr...)
				if r.status != e.want[i] {
					t.Log(w.Stderr.String()[max(0, len(w.Stderr.String())-3000):])
					t.Fatalf("%s %s as %s: status %d, want %d; body %s", e.method, path, role, r.status, e.want[i], r.body)
				}
				if r.status >= 400 && r.header.Get("Content-Type") != "application/problem+json" {
					t.Fatalf("error response has Content-Type %q", r.header.Get("Content-Type"))
				}
				if r.status == http.StatusUnauthorized && !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
					t.Fatal("401 without a Bearer challenge")
				}
			})
		}
	}
}

// fieldsOK matches the field names problems use: "title", "reporter.phone",
// "If-Match", "row[3].month", "indicators[0].bands[1].from", and the
// face-data fields a license type's schema names ("face.经营者名称"), and
// the credential-named fields a security body is refused for ("口令").
var fieldsOK = regexp.MustCompile(`^[\p{L}_-][\p{L}\p{N}_-]*(\[[0-9]+\]|\.[\p{L}_-][\p{L}\p{N}_-]*)*$`)

func TestMain_BadInput(t *testing.T) {
	w := MustOpenWorld(t)
	dispatched := w.caseIn(t, "dispatched")
	accepted := w.caseIn(t, "accepted")
	good := `"kind":"hotline","category":"help","source":"phone","title":"t"`
	huge := `{"kind":"hotline","category":"help","source":"phone","title":"t","description":"` + strings.Repeat("x", 1<<20) + `"}`
	type row struct {
		name, token, method, path string
		body                      any
		hdr                       []string
		status                    int
		code, field               string
	}
	for _, tc := range []row{
		{"MalformedJSON", w.admin, "POST", "/api/v1/cases", `{"kind":`, nil, 400, "invalid", "body"},
		{"NotAnObject", w.admin, "POST", "/api/v1/cases", `["hotline"]`, nil, 400, "invalid", "body"},
		{"EmptyBody", w.admin, "POST", "/api/v1/cases", ``, nil, 400, "invalid", "body"},
		{"TrailingData", w.admin, "POST", "/api/v1/cases", `{` + good + `} {}`, nil, 400, "invalid", "body"},
		{"UnknownField", w.admin, "POST", "/api/v1/cases", `{` + good + `,"department":"ylj"}`, nil, 400, "invalid", "department"},
		{"WrongType", w.admin, "POST", "/api/v1/cases", `{"kind":"hotline","category":"help","source":"phone","title":5}`, nil, 400, "invalid", "title"},
		{"WrongNestedType", w.admin, "POST", "/api/v1/cases", `{` + good + `,"reporter":{"phone":13812341234}}`, nil, 400, "invalid", "reporter.phone"},
		{"BadEnum", w.admin, "POST", "/api/v1/cases", `{"kind":"hotline","category":"help","source":"fax","title":"t"}`, nil, 400, "invalid", "source"},
		{"MissingTitle", w.admin, "POST", "/api/v1/cases", `{"kind":"hotline","category":"help","source":"phone"}`, nil, 400, "invalid", "title"},
		{"BodyTooLarge", w.admin, "POST", "/api/v1/cases", huge, nil, 413, "invalid", "body"},
		{"BadCursor", w.admin, "GET", "/api/v1/cases?cursor=!!notacursor", nil, nil, 400, "invalid", "cursor"},
		{"BadStatusFilter", w.admin, "GET", "/api/v1/cases?status=open", nil, nil, 400, "invalid", "status"},
		{"Limit501", w.admin, "GET", "/api/v1/cases?limit=501", nil, nil, 400, "invalid", "limit"},
		{"LimitNotNumber", w.admin, "GET", "/api/v1/cases?limit=ten", nil, nil, 400, "invalid", "limit"},
		{"BadCreatedFrom", w.admin, "GET", "/api/v1/cases?created_from=yesterday", nil, nil, 400, "invalid", "created_from"},
		{"BadDueWithin", w.admin, "GET", "/api/v1/cases?due_within=soon", nil, nil, 400, "invalid", "due_within"},
		{"BadOverdue", w.admin, "GET", "/api/v1/cases?overdue=maybe", nil, nil, 400, "invalid", "overdue"},
		{"UnknownParameter", w.admin, "GET", "/api/v1/cases?colour=red", nil, nil, 400, "invalid", "colour"},
		{"RepeatedParameter", w.admin, "GET", "/api/v1/cases?department=a&department=b", nil, nil, 400, "invalid", "department"},
		{"BadCaseNumber", w.admin, "GET", "/api/v1/cases/12345", nil, nil, 400, "invalid", "number"},
		{"BadStatsYear", w.admin, "GET", "/api/v1/stats/cases?year=26", nil, nil, 400, "invalid", "year"},
		{"BadIfMatch", w.admin, "POST", "/api/v1/cases/" + dispatched + "/urge", nil, []string{"If-Match", "2"}, 400, "invalid", "If-Match"},
		{"DispatchUnknownDepartment", w.admin, "POST", "/api/v1/cases/" + w.newCase(t) + "/dispatch", `{"department":"nowhere"}`, nil, 400, "invalid", "department"},
		{"ReturnWithoutReason", w.own, "POST", "/api/v1/cases/" + dispatched + "/return", `{"reason":" "}`, nil, 400, "invalid", "reason"},
		{"ReplyTooLong", w.own, "POST", "/api/v1/cases/" + accepted + "/reply", `{"reply":"` + strings.Repeat("长", 4001) + `"}`, nil, 400, "invalid", "reply"},
		{"DecisionWithoutApprove", w.admin, "POST", "/api/v1/cases/" + dispatched + "/extension/decision", `{}`, nil, 400, "invalid", "approve"},
		{"ExtensionBadTime", w.own, "POST", "/api/v1/cases/" + dispatched + "/extension", `{"until":"next week","reason":"r"}`, nil, 400, "invalid", "until"},
		{"ApproveNotBool", w.admin, "POST", "/api/v1/cases/" + dispatched + "/extension/decision", `{"approve":"yes"}`, nil, 400, "invalid", "approve"},
		{"BadTokenRole", w.admin, "POST", "/api/v1/tokens", `{"name":"x","role":"root"}`, nil, 400, "invalid", "role"},
		{"BadDepartmentKind", w.admin, "POST", "/api/v1/departments", `{"code":"x1","name":"x","kind":"city"}`, nil, 400, "invalid", "kind"},
		{"BadRuleID", w.admin, "DELETE", "/api/v1/routing-rules/42", nil, nil, 400, "invalid", "id"},
		{"MissingToken", "", "GET", "/api/v1/cases", nil, nil, 401, "unauthorized", ""},
		{"GarbageToken", "gvo_garbage", "GET", "/api/v1/cases", nil, nil, 401, "unauthorized", ""},
		{"RevokedToken", w.revoked, "GET", "/api/v1/cases", nil, nil, 401, "unauthorized", ""},
		{"ViewerWrite", w.viewer, "POST", "/api/v1/cases/" + dispatched + "/comment", `{"note":"n"}`, nil, 403, "forbidden", ""},
		{"DeptRegisters", w.own, "POST", "/api/v1/cases", `{` + good + `}`, nil, 403, "forbidden", ""},
		{"ForeignCase", w.foreign, "GET", "/api/v1/cases/" + dispatched, nil, nil, 404, "not_found", ""},
		{"NoSuchCase", w.admin, "GET", "/api/v1/cases/2026-999999", nil, nil, 404, "not_found", ""},
		{"StaleIfMatch", w.admin, "POST", "/api/v1/cases/" + dispatched + "/urge", nil, []string{"If-Match", `"1"`}, 409, "conflict", ""},
		{"IllegalTransition", w.admin, "POST", "/api/v1/cases/" + dispatched + "/close", nil, nil, 409, "conflict", "status"},
		{"DuplicateDepartment", w.admin, "POST", "/api/v1/departments", `{"code":"ylj","name":"again"}`, nil, 409, "conflict", ""},
		{"ReservedTokenName", w.admin, "POST", "/api/v1/tokens", `{"name":"cli","role":"viewer"}`, nil, 400, "invalid", "name"},
		{"AuditBadMethod", w.admin, "GET", "/api/v1/audit?method=GET", nil, nil, 400, "invalid", "method"},
		{"AuditBadTokenID", w.admin, "GET", "/api/v1/audit?token_id=42", nil, nil, 400, "invalid", "token_id"},
		{"AuditBadFrom", w.admin, "GET", "/api/v1/audit?from=yesterday", nil, nil, 400, "invalid", "from"},
		{"AuditToBeforeFrom", w.admin, "GET", "/api/v1/audit?from=2026-03-02&to=2026-03-01", nil, nil, 400, "invalid", "to"},
		{"AuditBadCursor", w.admin, "GET", "/api/v1/audit?cursor=!!", nil, nil, 400, "invalid", "cursor"},
		{"AuditShortCursor", w.admin, "GET", "/api/v1/audit?cursor=AAAA", nil, nil, 400, "invalid", "cursor"},
		{"AuditLimit501", w.admin, "GET", "/api/v1/audit?limit=501", nil, nil, 400, "invalid", "limit"},
		{"AuditUnknownParameter", w.admin, "GET", "/api/v1/audit?user=x", nil, nil, 400, "invalid", "user"},
		{"AuditRepeatedParameter", w.admin, "GET", "/api/v1/audit?actor=a&actor=b", nil, nil, 400, "invalid", "actor"},
		{"AuditByDept", w.own, "GET", "/api/v1/audit", nil, nil, 403, "forbidden", ""},
		{"ForeignDepartmentCases", w.own, "GET", "/api/v1/cases?department=jfj", nil, nil, 403, "forbidden", "department"},
		{"ForeignDepartmentStats", w.own, "GET", "/api/v1/stats/cases?department=jfj", nil, nil, 403, "forbidden", "department"},
		{"UnknownDepartmentCases", w.own, "GET", "/api/v1/cases?department=nowhere", nil, nil, 403, "forbidden", "department"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := w.do(t, tc.method, tc.path, tc.token, tc.body, tc.hdr...)
			assertProblem(t, r, tc.status, tc.code, tc.field, tc.path)
		})
	}
}

// assertProblem checks that r is a problem+json answer with status, code
// and (when field is set) a problem for field, carrying the request ID and
// the request path.
func assertProblem(t *testing.T, r response, status int, code, field, path string) map[string]string {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type %q", ct)
	}
	var p struct {
		Type, Title, Detail, Instance, Code string
		Status                              int
		Fields                              map[string]string
		RequestID                           string `json:"request_id"`
	}
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatal(err)
	}
	if p.Code != code || p.Status != status || p.Type != "urn:govops:problem:"+code ||
		p.Title == "" || p.Detail == "" || p.RequestID != r.header.Get("X-Request-ID") || p.RequestID == "" ||
		p.Instance != strings.SplitN(path, "?", 2)[0] {
		t.Fatalf("problem = %+v", p)
	}
	if field != "" {
		if p.Fields[field] == "" {
			t.Fatalf("fields = %v, want %q named", p.Fields, field)
		}
		for f := range p.Fields {
			if !fieldsOK.MatchString(f) {
				t.Fatalf("odd field name %q", f)
			}
		}
	}
	return p.Fields
}
