package refserver_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/refserver"
)

var shanghai = time.FixedZone("CST", 8*3600)

// notice2028 is the 2028 notice as a district would load it before the
// library carries it: New Year's Day moved to Monday and two days more,
// which moves any deadline counted across early January.
const notice2028 = "# 国务院办公厅关于2028年部分节假日安排的通知\nyear 2028\n2028-01-01 off 元旦\n2028-01-02 off 元旦\n2028-01-03 off 元旦\n2028-01-04 off 元旦调休\n2028-01-05 off 元旦调休\n"

func mustNewCalendar(tb testing.TB) *govops.Calendar {
	tb.Helper()
	c, err := govops.NewCalendar(govops.CalendarConfig{})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// calendarEnv is a server on its own calendar with a clock at start.
func calendarEnv(tb testing.TB, start time.Time, dir refserver.Store) (*testEnv, *jumpClock) {
	tb.Helper()
	clock := newJumpClock(start)
	e := MustOpenServer(tb, func(s *envSetup) {
		s.now, s.cal = clock.Now, mustNewCalendar(tb)
		if dir != nil {
			s.svc.Store = dir
		}
	})
	return e, clock
}

func putTable(tb testing.TB, e *testEnv, token, path, text string, hdr ...string) response {
	tb.Helper()
	return e.do(tb, "PUT", path, token, text, append([]string{"Content-Type", "text/plain; charset=utf-8"}, hdr...)...)
}

type caseView struct {
	Status               string `json:"status"`
	ResolveBy            string `json:"resolve_by"`
	AcceptBy             string `json:"accept_by"`
	ResolveByProvisional bool   `json:"resolve_by_provisional"`
	AcceptByProvisional  bool   `json:"accept_by_provisional"`
}

func getCase(tb testing.TB, e *testEnv, n string) caseView {
	tb.Helper()
	r := e.do(tb, "GET", "/api/v1/cases/"+n, e.admin, nil)
	mustStatus(tb, r, http.StatusOK)
	var c caseView
	if err := json.Unmarshal(r.body, &c); err != nil {
		tb.Fatal(err)
	}
	return c
}

func TestCalendar_YearEnd(t *testing.T) {
	// With the clock at 2026-12-20, a complaint (13 working days) and a
	// deduction (5-working-day appeal window) reach 2027: both work on the
	// default calendar, and neither is provisional.
	e := MustOpenServer(t, func(s *envSetup) { s.now = newJumpClock(time.Date(2026, 12, 20, 10, 0, 0, 0, shanghai)).Now })
	n := e.dispatchedCase(t)
	c := getCase(t, e, n)
	if c.ResolveByProvisional || !strings.HasPrefix(c.ResolveBy, "2027-01-0") {
		t.Fatalf("case = %+v", c)
	}
	r := e.do(t, "POST", "/api/v1/hotline/deductions", e.admin, map[string]any{
		"department": "ylj", "month": "2026-12", "rule_code": "overdue", "reason": "超期办结"})
	mustStatus(t, r, http.StatusCreated)
	if m := r.json(t); m["appeal_by_provisional"] != false || !strings.HasPrefix(m["appeal_by"].(string), "2026-12-26") {
		t.Fatalf("deduction = %s", r.body)
	}
}

func TestCalendar_Get(t *testing.T) {
	e, _ := calendarEnv(t, time.Date(2027, 11, 20, 10, 0, 0, 0, shanghai), nil)
	for _, tok := range []string{e.admin, e.own, e.viewer} {
		r := e.do(t, "GET", "/api/v1/calendar", tok, nil)
		mustStatus(t, r, http.StatusOK)
		var out struct {
			OfficialThrough int `json:"official_through"`
			Years           []struct {
				Year       int    `json:"year"`
				Source     string `json:"source"`
				Exceptions []struct {
					Date, Kind, Name string
				} `json:"exceptions"`
			} `json:"years"`
			Warnings []string `json:"warnings"`
		}
		if err := json.Unmarshal(r.body, &out); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, y := range out.Years {
			got = append(got, y.Source)
		}
		if out.OfficialThrough != 2027 || strings.Join(got, ",") != "official,official,provisional,provisional" || out.Years[0].Year != 2026 {
			t.Fatalf("calendar = %s", r.body)
		}
		// The clock is 40 days before a provisional 2028.
		if len(out.Warnings) != 1 || !strings.Contains(out.Warnings[0], "2028") {
			t.Fatalf("warnings = %q", out.Warnings)
		}
	}
	mustStatus(t, e.do(t, "GET", "/api/v1/calendar?from=2030&to=2029", e.admin, nil), http.StatusBadRequest)
	mustStatus(t, e.do(t, "GET", "/api/v1/calendar?from=2000&to=2060", e.admin, nil), http.StatusBadRequest)
	mustStatus(t, e.do(t, "GET", "/api/v1/calendar?year=2030", e.admin, nil), http.StatusBadRequest)
	mustStatus(t, e.do(t, "GET", "/api/v1/calendar", "", nil), http.StatusUnauthorized)
	r := e.do(t, "GET", "/api/v1/calendar?from=2100&to=2101", e.admin, nil)
	mustStatus(t, r, http.StatusOK)
	if !strings.Contains(string(r.body), `"source":"none"`) {
		t.Fatalf("2101: %s", r.body)
	}
}

func TestCalendar_Notice(t *testing.T) {
	e, clock := calendarEnv(t, time.Date(2027, 12, 20, 10, 0, 0, 0, shanghai), nil)
	open := e.dispatchedCase(t)
	closed := e.dispatchedCase(t)
	for _, a := range []struct{ action, token, body string }{{"accept", e.own, ""}, {"reply", e.own, `{"reply":"已处理"}`}, {"close", e.admin, ""}} {
		mustStatus(t, e.do(t, "POST", "/api/v1/cases/"+closed+"/"+a.action, a.token, a.body), http.StatusOK)
	}
	before := getCase(t, e, open)
	if !before.ResolveByProvisional || before.AcceptByProvisional || !strings.HasPrefix(before.ResolveBy, "2028-01-06") {
		t.Fatalf("open case before the notice = %+v", before)
	}
	closedBefore := getCase(t, e, closed)
	// A deduction recorded on 2027-12-28: its 5-working-day window reaches
	// 2028-01-04 on the provisional calendar.
	clock.Set(time.Date(2027, 12, 28, 10, 0, 0, 0, shanghai))
	r := e.do(t, "POST", "/api/v1/hotline/deductions", e.admin, map[string]any{
		"department": "ylj", "month": "2027-12", "rule_code": "overdue", "reason": "超期办结"})
	mustStatus(t, r, http.StatusCreated)
	ded := r.json(t)
	if ded["appeal_by_provisional"] != true || !strings.HasPrefix(ded["appeal_by"].(string), "2028-01-05T00:00") {
		t.Fatalf("deduction = %s", r.body)
	}
	path := "/api/v1/calendar/tables/notice/2028"

	t.Run("Refused", func(t *testing.T) {
		mustStatus(t, putTable(t, e, e.own, path, notice2028), http.StatusForbidden)
		mustStatus(t, putTable(t, e, e.viewer, path, notice2028), http.StatusForbidden)
		mustStatus(t, e.do(t, "PUT", path, e.admin, notice2028, "Content-Type", "application/json"), http.StatusUnsupportedMediaType)
		mustStatus(t, putTable(t, e, e.admin, "/api/v1/calendar/tables/holiday/2028", notice2028), http.StatusBadRequest)
		mustStatus(t, putTable(t, e, e.admin, "/api/v1/calendar/tables/notice/1999", notice2028), http.StatusBadRequest)
		r := putTable(t, e, e.admin, "/api/v1/calendar/tables/notice/2029", notice2028)
		mustStatus(t, r, http.StatusBadRequest)
		if f := r.json(t)["fields"].(map[string]any); !strings.Contains(f["body"].(string), `"year 2029"`) {
			t.Fatalf("fields = %v", f)
		}
		r = putTable(t, e, e.admin, "/api/v1/calendar/tables/district/2028", notice2028)
		mustStatus(t, r, http.StatusBadRequest)
		r = putTable(t, e, e.admin, path, "year 2028\n2028-01-04 work 补班\n2028-02-30 off\n")
		mustStatus(t, r, http.StatusBadRequest)
		if f := r.json(t)["fields"].(map[string]any); f["line 2"] == nil || f["line 3"] == nil {
			t.Fatalf("fields = %v", f)
		}
		mustStatus(t, e.do(t, "GET", path, e.admin, nil), http.StatusNotFound)
		if c := getCase(t, e, open); c != before {
			t.Fatalf("a refused table moved the case: %+v", c)
		}
	})

	r = putTable(t, e, e.admin, path, notice2028)
	mustStatus(t, r, http.StatusCreated)
	var stored struct {
		Version  int64 `json:"version"`
		Coverage struct {
			Source     string `json:"source"`
			LoadedDays int    `json:"loaded_days"`
		} `json:"coverage"`
		Recomputed map[string]struct {
			Changes []struct {
				Ref, Field, Old, New string
				Provisional          bool
			} `json:"changes"`
		} `json:"recomputed"`
	}
	if err := json.Unmarshal(r.body, &stored); err != nil {
		t.Fatal(err)
	}
	if stored.Version != 1 || stored.Coverage.Source != "override" || stored.Coverage.LoadedDays != 5 || r.header.Get("ETag") != `"1"` {
		t.Fatalf("stored = %s", r.body)
	}
	cc := stored.Recomputed["cases"].Changes
	if len(cc) != 1 || cc[0].Ref != open || cc[0].Field != "resolve_by" || cc[0].Old != before.ResolveBy || cc[0].Provisional {
		t.Fatalf("case changes = %+v", cc)
	}
	ac := stored.Recomputed["appeals"].Changes
	if len(ac) != 1 || ac[0].Ref != ded["id"] || ac[0].Field != "appeal_by" {
		t.Fatalf("appeal changes = %+v", ac)
	}

	after := getCase(t, e, open)
	if after.ResolveByProvisional || after.ResolveBy != cc[0].New || !strings.HasPrefix(after.ResolveBy, "2028-01-11") || after.AcceptBy != before.AcceptBy {
		t.Fatalf("open case after the notice = %+v (before %+v)", after, before)
	}
	if c := getCase(t, e, closed); c != closedBefore {
		t.Fatalf("the closed case moved: %+v, was %+v", c, closedBefore)
	}
	r = e.do(t, "GET", "/api/v1/cases/"+open+"/events", e.own, nil)
	mustStatus(t, r, http.StatusOK)
	if body := string(r.body); !strings.Contains(body, `"type":"deadline_recomputed"`) || !strings.Contains(body, "期限重算") ||
		!strings.Contains(body, "2028-01-06") || !strings.Contains(body, "2028-01-11") {
		t.Fatalf("events = %s", body)
	}
	r = e.do(t, "GET", "/api/v1/cases/"+closed+"/events", e.admin, nil)
	if strings.Contains(string(r.body), "deadline_recomputed") {
		t.Fatalf("closed case events = %s", r.body)
	}
	r = e.do(t, "GET", "/api/v1/hotline/deductions/"+ded["id"].(string), e.own, nil)
	mustStatus(t, r, http.StatusOK)
	if m := r.json(t); m["appeal_by_provisional"] != false || !strings.HasPrefix(m["appeal_by"].(string), "2028-01-08T00:00") || !strings.Contains(string(r.body), "appeal_window_recomputed") {
		t.Fatalf("deduction after the notice = %s", r.body)
	}

	t.Run("Read", func(t *testing.T) {
		r := e.do(t, "GET", path, e.viewer, nil)
		mustStatus(t, r, http.StatusOK)
		if m := r.json(t); m["text"] != notice2028 || m["updated_by"] != "中心值班" || r.header.Get("ETag") != `"1"` {
			t.Fatalf("table = %s", r.body)
		}
	})
	t.Run("Audited", func(t *testing.T) {
		r := e.do(t, "GET", "/api/v1/audit?subject=calendar/notice/2028", e.admin, nil)
		mustStatus(t, r, http.StatusOK)
		if !strings.Contains(string(r.body), `"method":"PUT"`) || !strings.Contains(string(r.body), `"status":201`) {
			t.Fatalf("audit = %s", r.body)
		}
	})
	t.Run("StaleIfMatch", func(t *testing.T) {
		r := putTable(t, e, e.admin, path, notice2028, "If-Match", `"7"`)
		mustStatus(t, r, http.StatusConflict)
		r = putTable(t, e, e.admin, path, notice2028+"2028-02-07 off 春节\n", "If-Match", `"1"`)
		mustStatus(t, r, http.StatusOK)
		if r.header.Get("ETag") != `"2"` {
			t.Fatalf("ETag = %q", r.header.Get("ETag"))
		}
	})
	t.Run("OnceOnly", func(t *testing.T) {
		r := putTable(t, e, e.admin, path, notice2028, "If-Match", `"2"`)
		mustStatus(t, r, http.StatusOK)
		if strings.Contains(string(r.body), `"ref"`) {
			t.Fatalf("a second load recomputed again: %s", r.body)
		}
	})
	t.Run("NewCaseIsFinal", func(t *testing.T) {
		clock.Set(time.Date(2027, 12, 21, 10, 0, 0, 0, shanghai))
		c := getCase(t, e, e.dispatchedCase(t))
		if c.ResolveByProvisional {
			t.Fatalf("a case dispatched after the notice is provisional: %+v", c)
		}
	})
	t.Run("Delete", func(t *testing.T) {
		mustStatus(t, e.do(t, "DELETE", path, e.own, nil), http.StatusForbidden)
		mustStatus(t, e.do(t, "DELETE", path, e.admin, nil, "If-Match", `"1"`), http.StatusConflict)
		r := e.do(t, "DELETE", path, e.admin, nil, "If-Match", `"3"`)
		mustStatus(t, r, http.StatusOK)
		if !strings.Contains(string(r.body), `"source":"provisional"`) {
			t.Fatalf("delete = %s", r.body)
		}
		mustStatus(t, e.do(t, "GET", path, e.admin, nil), http.StatusNotFound)
		mustStatus(t, e.do(t, "DELETE", path, e.admin, nil), http.StatusNotFound)
		// The deadline computed on the notice stays where it is.
		if c := getCase(t, e, open); c != after {
			t.Fatalf("deleting the notice moved the case: %+v", c)
		}
		// Stored again after a delete, the table is created anew.
		mustStatus(t, putTable(t, e, e.admin, path, notice2028), http.StatusCreated)
	})
}

func TestCalendar_District(t *testing.T) {
	e, _ := calendarEnv(t, time.Date(2028, 3, 20, 10, 0, 0, 0, shanghai), nil)
	// 壮族三月三 in 2028 falls on 03-28 (a Tuesday): a Guangxi district
	// gives it off, on top of the provisional 2028.
	r := putTable(t, e, e.admin, "/api/v1/calendar/tables/district/2028", "district 2028\n2028-03-28 off 壮族三月三\n")
	mustStatus(t, r, http.StatusCreated)
	if !strings.Contains(string(r.body), `"source":"provisional"`) || !strings.Contains(string(r.body), "壮族三月三") {
		t.Fatalf("district = %s", r.body)
	}
	r = e.do(t, "GET", "/api/v1/calendar?from=2028&to=2028", e.admin, nil)
	if !strings.Contains(string(r.body), `"loaded_days":1`) || !strings.Contains(string(r.body), `"tables":[{"kind":"district"`) {
		t.Fatalf("calendar = %s", r.body)
	}
}

// TestCalendar_SharedDatabase runs two servers on one directory: a table
// that one stores reaches the other within CalendarRefresh, without a
// restart.
func TestCalendar_SharedDatabase(t *testing.T) {
	dir := refserver.NewMemStore()
	a, _ := calendarEnv(t, time.Date(2027, 12, 20, 10, 0, 0, 0, shanghai), dir)
	b, clockB := calendarEnv(t, time.Date(2027, 12, 20, 10, 0, 0, 0, shanghai), dir)
	year2028 := func(e *testEnv, tok string) string {
		r := e.do(t, "GET", "/api/v1/calendar?from=2028&to=2028", tok, nil)
		mustStatus(t, r, http.StatusOK)
		var out struct {
			Years []struct{ Source string } `json:"years"`
		}
		if err := json.Unmarshal(r.body, &out); err != nil {
			t.Fatal(err)
		}
		return out.Years[0].Source
	}
	if got := year2028(b, b.admin); got != "provisional" {
		t.Fatalf("b before = %s", got)
	}
	mustStatus(t, putTable(t, a, a.admin, "/api/v1/calendar/tables/notice/2028", notice2028), http.StatusCreated)
	if got := year2028(a, a.admin); got != "override" {
		t.Fatalf("a after = %s", got)
	}
	if got := year2028(b, b.admin); got != "provisional" {
		t.Fatalf("b within CalendarRefresh = %s", got)
	}
	clockB.Set(clockB.Now().Add(refserver.CalendarRefresh))
	if got := year2028(b, b.admin); got != "override" {
		t.Fatalf("b after the refresh = %s", got)
	}
}

// TestCalendar_DefaultCalendarCannotLoad: a server built on the shared
// default calendar refuses to store a table it could not use.
func TestCalendar_DefaultCalendarCannotLoad(t *testing.T) {
	e := MustOpenServer(t)
	r := putTable(t, e, e.admin, "/api/v1/calendar/tables/notice/2028", notice2028)
	mustStatus(t, r, http.StatusInternalServerError)
	mustStatus(t, e.do(t, "GET", "/api/v1/calendar/tables/notice/2028", e.admin, nil), http.StatusNotFound)
}
