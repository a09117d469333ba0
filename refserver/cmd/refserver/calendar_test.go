package main_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops/internal/dbtest"
)

const notice2028 = "year 2028\n2028-01-01 off 元旦\n2028-01-02 off 元旦\n2028-01-03 off 元旦\n2028-01-04 off 元旦调休\n2028-01-05 off 元旦调休\n"

type caseDeadlines struct {
	ResolveBy            string `json:"resolve_by"`
	ResolveByProvisional bool   `json:"resolve_by_provisional"`
}

func caseDeadlinesOf(tb testing.TB, p *Program, token, n string) caseDeadlines {
	tb.Helper()
	r := mustStatus(tb, do(tb, p.URL, "GET", "/api/v1/cases/"+n, token, nil), http.StatusOK)
	var c caseDeadlines
	if err := json.Unmarshal(r.body, &c); err != nil {
		tb.Fatal(err)
	}
	return c
}

func source2028(tb testing.TB, p *Program, token string) string {
	tb.Helper()
	r := mustStatus(tb, do(tb, p.URL, "GET", "/api/v1/calendar?from=2028&to=2028", token, nil), http.StatusOK)
	var out struct {
		Years []struct{ Source string } `json:"years"`
	}
	if err := json.Unmarshal(r.body, &out); err != nil {
		tb.Fatal(err)
	}
	return out.Years[0].Source
}

// TestMain_CalendarDialects follows a year end on every database: a
// complaint dispatched on 2026-12-20 and a deduction recorded on
// 2026-12-25 work on the default calendar; a complaint dispatched on
// 2027-12-20 is provisional; a restart with the 2028 notice recomputes it
// once, with an event; and a notice stored through the API reaches a
// second server on the same database without a restart.
func TestMain_CalendarDialects(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			dsn, _ := isolatedDSN(t, d)
			cst := time.FixedZone("CST", 8*3600)

			p := MustRunMainAt(t, dsn, time.Date(2026, 12, 20, 10, 0, 0, 0, cst))
			admin := p.AdminToken(t)
			mustStatus(t, do(t, p.URL, "POST", "/api/v1/departments", admin, map[string]string{"code": "ylj", "name": "跃进街道"}), http.StatusCreated)
			complaint := func(p *Program) string {
				r := mustStatus(t, do(t, p.URL, "POST", "/api/v1/cases", admin, map[string]any{
					"kind": "hotline", "category": "complaint", "source": "phone", "title": "噪音扰民"}), http.StatusCreated)
				n := r.str(t, "number")
				mustStatus(t, do(t, p.URL, "POST", "/api/v1/cases/"+n+"/dispatch", admin, map[string]string{"department": "ylj"}), http.StatusOK)
				return n
			}
			if c := caseDeadlinesOf(t, p, admin, complaint(p)); c.ResolveByProvisional || !strings.HasPrefix(c.ResolveBy, "2027-01-0") {
				t.Fatalf("2026-12-20 complaint = %+v", c)
			}
			p.Stop(t)

			p = MustRunMainAt(t, dsn, time.Date(2026, 12, 25, 10, 0, 0, 0, cst))
			r := mustStatus(t, do(t, p.URL, "POST", "/api/v1/hotline/deductions", admin, map[string]any{
				"department": "ylj", "month": "2026-12", "rule_code": "overdue", "reason": "超期办结"}), http.StatusCreated)
			if m := r.json(t); m["appeal_by_provisional"] != false || !strings.HasPrefix(m["appeal_by"].(string), "2027-01-0") {
				t.Fatalf("2026-12-25 deduction = %s", r.body)
			}
			p.Stop(t)

			// A year on: 2028 has no notice yet.
			p = MustRunMainAt(t, dsn, time.Date(2027, 12, 20, 10, 0, 0, 0, cst))
			if !strings.Contains(p.Stderr.String(), "provisional year ahead") {
				t.Fatalf("no warning of a provisional 2028 at start: %s", p.Stderr.String())
			}
			n := complaint(p)
			if c := caseDeadlinesOf(t, p, admin, n); !c.ResolveByProvisional || !strings.HasPrefix(c.ResolveBy, "2028-01-06") {
				t.Fatalf("2027-12-20 complaint = %+v", c)
			}
			p.Stop(t)

			// The notice arrives as a -calendar file (as it would with a
			// newer lunar-go): the start recomputes the deadline once.
			file := filepath.Join(t.TempDir(), "2028.txt")
			if err := os.WriteFile(file, []byte(notice2028), 0o600); err != nil {
				t.Fatal(err)
			}
			withFile := MustRunMainAt(t, dsn, time.Date(2027, 12, 21, 9, 0, 0, 0, cst), "-calendar", file)
			if !strings.Contains(withFile.Stderr.String(), "provisional deadlines recomputed") {
				t.Fatalf("no recomputation logged: %s", withFile.Stderr.String())
			}
			if c := caseDeadlinesOf(t, withFile, admin, n); c.ResolveByProvisional || !strings.HasPrefix(c.ResolveBy, "2028-01-11") {
				t.Fatalf("after the notice = %+v", c)
			}
			r = mustStatus(t, do(t, withFile.URL, "GET", "/api/v1/cases/"+n+"/events", admin, nil), http.StatusOK)
			if body := string(r.body); strings.Count(body, `"type":"deadline_recomputed"`) != 1 || !strings.Contains(body, `"actor":"calendar"`) {
				t.Fatalf("events = %s", body)
			}

			// A second server without the file still counts 2028
			// provisionally, until a notice is stored in the database.
			other := MustRunMainAt(t, dsn, time.Date(2027, 12, 21, 9, 0, 0, 0, cst))
			if got := source2028(t, other, admin); got != "provisional" {
				t.Fatalf("other server before = %s", got)
			}
			r = mustStatus(t, do(t, withFile.URL, "PUT", "/api/v1/calendar/tables/notice/2028", admin, notice2028,
				"Content-Type", "text/plain"), http.StatusCreated)
			if strings.Contains(string(r.body), `"ref"`) {
				t.Fatalf("the deadline was recomputed a second time: %s", r.body)
			}
			seen := false
			for range 20 { // each reading of the test clock moves it a second
				if source2028(t, other, admin) == "override" {
					seen = true
					break
				}
			}
			if !seen {
				t.Fatal("the other server never loaded the stored notice")
			}
			r = mustStatus(t, do(t, other.URL, "GET", "/api/v1/calendar/tables/notice/2028", admin, nil), http.StatusOK)
			if r.json(t)["text"] != notice2028 {
				t.Fatalf("stored table = %s", r.body)
			}
		})
	}
}

// TestMain_DispatchTodayAndAYearAhead dispatches a complaint with today's
// clock and with the clock a year ahead, on an empty database: whatever
// the date, a year without a notice never stops work.
func TestMain_DispatchTodayAndAYearAhead(t *testing.T) {
	for _, start := range []time.Time{time.Now(), time.Now().AddDate(1, 0, 0)} {
		p := MustRunMainAt(t, tempDB(t), start)
		admin := p.AdminToken(t)
		mustStatus(t, do(t, p.URL, "POST", "/api/v1/departments", admin, map[string]string{"code": "ylj", "name": "跃进街道"}), http.StatusCreated)
		r := mustStatus(t, do(t, p.URL, "POST", "/api/v1/cases", admin, map[string]any{
			"kind": "hotline", "category": "complaint", "source": "phone", "title": "噪音扰民"}), http.StatusCreated)
		n := r.str(t, "number")
		r = mustStatus(t, do(t, p.URL, "POST", "/api/v1/cases/"+n+"/dispatch", admin, map[string]string{"department": "ylj"}), http.StatusOK)
		if r.str(t, "resolve_by") == "" {
			t.Fatalf("dispatched on %s without a deadline: %s", start.Format(time.DateOnly), r.body)
		}
	}
}
