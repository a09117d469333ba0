package main_test

import (
	"encoding/base64"
	"encoding/binary"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/internal/dbtest"
)

// badRow is one request that must be refused: its status, code and the
// field or parameter the problem names.
type badRow struct {
	name, token, method, path string
	body                      any
	hdr                       []string
	status                    int
	code, field               string
}

// storeBadInput is input no database can hold or compare: times outside
// the years 1900 to 9999 (in UTC or in Asia/Shanghai), NUL and other
// control characters, invalid UTF-8. PostgreSQL answered each with an
// error, so each was a 500 there, and a year-10000 extension was stored
// and broke every later listing. dispatched is a case with ylj.
func storeBadInput(w *world, dispatched string) []badRow {
	const h = "/api/v1/hotline"
	cb := func(at string) string {
		return `{"case_number":"2026-000777","department":"ylj","result":"satisfied","called_at":"` + at + `"}`
	}
	return []badRow{
		{"ExtensionYear10000", w.own, "POST", "/api/v1/cases/" + dispatched + "/extension", `{"until":"9999-12-31T23:59:59-23:00","reason":"x"}`, nil, 400, "invalid", "until"},
		{"ExtensionShanghaiYear10000", w.own, "POST", "/api/v1/cases/" + dispatched + "/extension", `{"until":"9999-12-31T20:00:00Z","reason":"x"}`, nil, 400, "invalid", "until"},
		{"ExtensionYear1899", w.own, "POST", "/api/v1/cases/" + dispatched + "/extension", `{"until":"1899-12-31T23:59:59Z","reason":"x"}`, nil, 400, "invalid", "until"},
		{"CasesCreatedFromYear0", w.admin, "GET", "/api/v1/cases?created_from=0000-01-01T00:00:00Z", nil, nil, 400, "invalid", "created_from"},
		{"CasesCreatedFromUTCYear1899", w.admin, "GET", "/api/v1/cases?created_from=1900-01-01T04:00:00%2B08:00", nil, nil, 400, "invalid", "created_from"},
		{"CasesCreatedToLastDate", w.admin, "GET", "/api/v1/cases?created_to=9999-12-31", nil, nil, 400, "invalid", "created_to"},
		{"CasesDueBeforeYear10000", w.admin, "GET", "/api/v1/cases?due_before=9999-12-31T23:00:00Z", nil, nil, 400, "invalid", "due_before"},
		{"StatsCreatedFromYear1", w.admin, "GET", "/api/v1/stats/cases?created_from=0001-01-01", nil, nil, 400, "invalid", "created_from"},
		{"StatsCreatedToYear10000", w.admin, "GET", "/api/v1/stats/cases?created_to=9999-12-31T23:59:59-23:00", nil, nil, 400, "invalid", "created_to"},
		{"AuditFromYear0", w.admin, "GET", "/api/v1/audit?from=0000-01-01", nil, nil, 400, "invalid", "from"},
		{"AuditToYear10000", w.admin, "GET", "/api/v1/audit?to=9999-12-31T23:00:00-05:00", nil, nil, 400, "invalid", "to"},
		{"AuditCursorYear294247", w.admin, "GET", "/api/v1/audit?cursor=" + auditCursor(math.MaxInt64), nil, nil, 400, "invalid", "cursor"},
		{"AuditCursorBeforeYear1900", w.admin, "GET", "/api/v1/audit?cursor=" + auditCursor(-3e18), nil, nil, 400, "invalid", "cursor"},
		{"CallbackCalledAtYear0", w.admin, "POST", h + "/callbacks", cb("0000-01-01T00:00:00Z"), nil, 400, "invalid", "called_at"},
		{"CallbackCalledAtYear10000", w.admin, "POST", h + "/callbacks", cb("9999-12-31T23:59:59-01:00"), nil, 400, "invalid", "called_at"},

		{"CasesTextNUL", w.admin, "GET", "/api/v1/cases?q=a%00b", nil, nil, 400, "invalid", "q"},
		{"CasesTextBadUTF8", w.admin, "GET", "/api/v1/cases?q=%FF", nil, nil, 400, "invalid", "q"},
		{"CasesTextEscape", w.admin, "GET", "/api/v1/cases?q=a%1Bb", nil, nil, 400, "invalid", "q"},
		{"CasesDepartmentNUL", w.admin, "GET", "/api/v1/cases?department=a%00b", nil, nil, 400, "invalid", "department"},
		{"CasesExternalNoNUL", w.admin, "GET", "/api/v1/cases?external_no=%00", nil, nil, 400, "invalid", "external_no"},
		{"CasesKindListNUL", w.admin, "GET", "/api/v1/cases?kind=hotline&kind=a%00b", nil, nil, 400, "invalid", "kind"},
		{"CasesCursorNUL", w.admin, "GET", "/api/v1/cases?cursor=a%00b", nil, nil, 400, "invalid", "cursor"},
		{"StatsDepartmentNUL", w.admin, "GET", "/api/v1/stats/cases?department=a%00b", nil, nil, 400, "invalid", "department"},
		{"StatsDepartmentBadUTF8", w.admin, "GET", "/api/v1/stats/cases?department=%C3%28", nil, nil, 400, "invalid", "department"},
		{"AuditActorNUL", w.admin, "GET", "/api/v1/audit?actor=a%00b", nil, nil, 400, "invalid", "actor"},
		{"AuditSubjectBadUTF8", w.admin, "GET", "/api/v1/audit?subject=%FF%FE", nil, nil, 400, "invalid", "subject"},
		{"AuditCursorNUL", w.admin, "GET", "/api/v1/audit?cursor=%00", nil, nil, 400, "invalid", "cursor"},
		{"CallbacksDepartmentNUL", w.admin, "GET", h + "/callbacks?department=a%00b", nil, nil, 400, "invalid", "department"},
		{"CallbacksCaseNumberNUL", w.admin, "GET", h + "/callbacks?case_number=2026-%00", nil, nil, 400, "invalid", "case_number"},
		{"DeductionsDepartmentNUL", w.admin, "GET", h + "/deductions?department=a%00b", nil, nil, 400, "invalid", "department"},
		{"DeductionsCaseNumberBadUTF8", w.admin, "GET", h + "/deductions?case_number=%FF", nil, nil, 400, "invalid", "case_number"},
		{"OutcomesDepartmentNUL", w.admin, "GET", h + "/outcomes?department=a%00b", nil, nil, 400, "invalid", "department"},
		{"OutcomesCursorNUL", w.admin, "GET", h + "/outcomes?cursor=YQBi", nil, nil, 400, "invalid", "cursor"},
		{"OutcomesCursorBadUTF8", w.admin, "GET", h + "/outcomes?cursor=_w", nil, nil, 400, "invalid", "cursor"},
		{"DepartmentsCursorNUL", w.admin, "GET", "/api/v1/departments?cursor=a%00b", nil, nil, 400, "invalid", "cursor"},
		{"TokensCursorNUL", w.admin, "GET", "/api/v1/tokens?cursor=a%00b", nil, nil, 400, "invalid", "cursor"},
		{"RoutingSuggestCaseNUL", w.admin, "GET", "/api/v1/routing-rules/suggest?case=2026-%00", nil, nil, 400, "invalid", "case"},
		{"OutcomePathNUL", w.admin, "GET", h + "/outcomes/2026-%00", nil, nil, 400, "invalid", "number"},
		{"CallbackPathNUL", w.admin, "GET", h + "/callbacks/a%00b", nil, nil, 400, "invalid", "id"},
		{"AssessmentPathNUL", w.admin, "GET", h + "/assessments/2026-%00", nil, nil, 400, "invalid", "month"},
		{"CasePathNUL", w.admin, "GET", "/api/v1/cases/2026-%00", nil, nil, 400, "invalid", "number"},
		{"ImportCalledAtYear0", w.admin, "POST", h + "/callbacks/import", "case_number,department,result,called_at\n2026-000001,ylj,满意,0000-01-01 10:00\n", csvHeader, 422, "invalid", "row[2].called_at"},
		{"RankingPeriodNUL", w.admin, "GET", h + "/peers/ranking?period=2026%00", nil, nil, 400, "invalid", "period"},

		{"DepartmentNameNUL", w.admin, "POST", "/api/v1/departments", `{"code":"nul1","name":"a\u0000b"}`, nil, 400, "invalid", "name"},
		{"DepartmentNameEscape", w.admin, "POST", "/api/v1/departments", `{"code":"nul2","name":"a\u001bb"}`, nil, 400, "invalid", "name"},
		{"DepartmentNameLineBreak", w.admin, "POST", "/api/v1/departments", `{"code":"nul3","name":"跃进\n街道"}`, nil, 400, "invalid", "name"},
		{"DepartmentCodeNUL", w.admin, "POST", "/api/v1/departments", `{"code":"a\u0000b","name":"x"}`, nil, 400, "invalid", "code"},
		{"DepartmentPathNUL", w.admin, "GET", "/api/v1/departments/a%00b", nil, nil, 400, "invalid", "code"},
		{"TokenNameNUL", w.admin, "POST", "/api/v1/tokens", `{"name":"a\u0000b","role":"viewer"}`, nil, 400, "invalid", "name"},
		{"TokenNameDelete", w.admin, "POST", "/api/v1/tokens", `{"name":"a\u007fb","role":"viewer"}`, nil, 400, "invalid", "name"},
		{"TokenDepartmentNUL", w.admin, "POST", "/api/v1/tokens", `{"name":"x","role":"dept","department":"ylj\u0000"}`, nil, 400, "invalid", "department"},
	}
}

// auditCursor is an audit cursor at micros (Unix microseconds) with a
// non-nil ID.
func auditCursor(micros int64) string {
	var b [24]byte
	binary.BigEndian.PutUint64(b[:8], uint64(micros))
	id := uuid.Must(uuid.NewV7())
	copy(b[8:], id[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func runBadRows(t *testing.T, w *world, rows []badRow) {
	t.Helper()
	for _, tc := range rows {
		t.Run(tc.name, func(t *testing.T) {
			r := w.do(t, tc.method, tc.path, tc.token, tc.body, tc.hdr...)
			path, _, _ := strings.Cut(tc.path, "?")
			if p, err := url.PathUnescape(path); err == nil {
				path = p // the problem's instance is the decoded path
			}
			assertProblem(t, r, tc.status, tc.code, tc.field, path)
		})
	}
}

// TestMain_BadInputDialects sends storeBadInput to a server on every
// database: each is a 400 naming its field, nothing of it is stored, and
// the listings it once broke still answer.
func TestMain_BadInputDialects(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			dsn, _ := isolatedDSN(t, d)
			w := MustOpenWorldAt(t, dsn)
			n := w.caseIn(t, "dispatched")
			runBadRows(t, w, append(storeBadInput(w, n),
				badRow{"ForeignCasesFilter", w.own, "GET", "/api/v1/cases?department=jfj", nil, nil, 403, "forbidden", "department"},
				badRow{"ForeignStatsFilter", w.own, "GET", "/api/v1/stats/cases?department=jfj", nil, nil, 403, "forbidden", "department"},
			))

			var list struct {
				Items []map[string]any `json:"items"`
			}
			decode(t, w.do(t, "GET", "/api/v1/cases", w.admin, nil), &list)
			if len(list.Items) != 1 || list.Items[0]["number"] != n || list.Items[0]["extension_until"] != nil {
				t.Fatalf("cases after the bad input: %+v", list.Items)
			}
			decode(t, w.do(t, "GET", "/api/v1/cases?department=ylj&created_from=1900-01-02&created_to=9999-12-30", w.own, nil), &list)
			if len(list.Items) != 1 {
				t.Fatalf("own department's cases from 1900 to 9999: %+v", list.Items)
			}
			mustStatus(t, w.do(t, "GET", "/api/v1/stats/cases?department=ylj", w.own, nil), http.StatusOK)
			for path, want := range map[string]int{"/api/v1/hotline/callbacks": 0, "/api/v1/departments": 2, "/api/v1/tokens": 5} {
				decode(t, w.do(t, "GET", path, w.admin, nil), &list)
				if len(list.Items) != want {
					t.Fatalf("%s after the bad input: %d items, want %d: %+v", path, len(list.Items), want, list.Items)
				}
			}
		})
	}
}
