package main_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/portal/portalbun"
)

// TestMain_PortalDialects runs the portal endpoints through the real
// stores of every database, migrated twice: a site with a column of
// ylj's, a crawl of the local site as a background job read until it
// ends, its findings raised as tasks dispatched as command-platform cases,
// a case closed marking its task fixed, posts recorded and imported and
// their counts, a consultation answered by its department, an account and
// its inspection, and the verdict; a viewer reads the consultation's
// asker masked. Then a crawl of a site that never answers is left running
// and the server is stopped: the shutdown stops the crawl, and the
// restarted server reads it ended, with every other record as it was.
func TestMain_PortalDialects(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			dsn, db := isolatedDSN(t, d)
			ctx := context.Background()
			for range 2 {
				if out, err := runCommand(t, dsn, "migrate"); err != nil {
					t.Fatalf("migrate: %q, %v", out, err)
				}
			}
			var n int
			if err := db.NewSelect().Table(portalbun.MigrationsTable).ColumnExpr("COUNT(*)").Scan(ctx, &n); err != nil || n == 0 {
				t.Fatalf("%s: %d rows, %v", portalbun.MigrationsTable, n, err)
			}
			w := MustOpenWorldAt(t, dsn)
			const p = portalPath
			code := w.portalSite(t, false)
			crawl := w.portalCrawl(t, false)
			c := mustStatus(t, w.do(t, "GET", crawl, w.admin, nil), http.StatusOK)
			if c.str(t, "status") != "done" {
				t.Fatalf("the crawl: %s", c.body)
			}
			r := mustStatus(t, w.do(t, "POST", crawl+"/raise", w.admin, nil), http.StatusCreated)
			var tasks struct {
				Items []struct {
					ID, Kind, Department, Status string
					CaseNumber                   string `json:"case_number"`
				}
			}
			if err := json.Unmarshal(r.body, &tasks); err != nil {
				t.Fatal(err)
			}
			kinds := map[string]string{}
			for _, tk := range tasks.Items {
				kinds[tk.Kind] = tk.CaseNumber
				if tk.Department != "ylj" || tk.CaseNumber == "" || tk.Status != "open" {
					t.Fatalf("a task raised: %+v", tk)
				}
			}
			if len(kinds) != 2 || kinds["broken_link"] == "" || kinds["typo"] == "" {
				t.Fatalf("tasks raised: %+v", tasks.Items)
			}
			number := kinds["typo"]
			for _, step := range []struct{ action, token string }{{"accept", w.own}, {"reply", w.own}, {"close", w.admin}} {
				body := any(nil)
				if step.action == "reply" {
					body = map[string]string{"reply": "已改正"}
				}
				mustStatus(t, w.do(t, "POST", "/api/v1/cases/"+number+"/"+step.action, step.token, body), http.StatusOK)
			}
			var fixed struct {
				Items []struct{ Status, Fixed string }
			}
			decode(t, w.do(t, "GET", p+"/tasks?case="+number, w.own, nil), &fixed)
			if len(fixed.Items) != 1 || fixed.Items[0].Status != "fixed" || fixed.Items[0].Fixed == "" {
				t.Fatalf("the task of the closed case %s: %+v", number, fixed.Items)
			}

			local := portalLocal().URL
			mustStatus(t, w.do(t, "POST", p+"/sites/"+code+"/posts", w.own, map[string]any{"posts": []map[string]string{{"column": "xwdt",
				"title": "推进会", "url": local + "/fast/xwdt/p1.html", "published": "2026-03-01T10:00:00+08:00", "department": "ylj", "source": "dingtalk"}}}),
				http.StatusCreated)
			mustStatus(t, w.do(t, "POST", p+"/sites/"+code+"/posts/import", w.admin,
				"栏目,标题,网址,发布时间,部门,来源\nxwdt,通知,"+local+"/fast/xwdt/p2.html,2026-02-10 09:00,ylj,钉钉上传\n", csvHeader...), http.StatusOK)
			var counts struct {
				Total    int
				ByMonth  []int `json:"by_month"`
				BySource []struct {
					Source string
					Count  int
				} `json:"by_source"`
			}
			decode(t, w.do(t, "GET", p+"/post-counts?year=2026&site="+code, w.admin, nil), &counts)
			if counts.Total != 2 || counts.ByMonth[1] != 1 || counts.ByMonth[2] != 1 || counts.BySource[3].Source != "dingtalk" || counts.BySource[3].Count != 2 {
				t.Fatalf("post counts: %+v", counts)
			}

			cons := w.portalConsultation(t)
			mustStatus(t, w.do(t, "POST", cons+"/answer", w.own, map[string]string{"answer": "可到街道便民服务中心办理。"}), http.StatusOK)
			if a := mustStatus(t, w.do(t, "GET", cons, w.viewer, nil), http.StatusOK).str(t, "asker"); a == "" || a == "张三" {
				t.Errorf("a viewer reads the asker as %q", a)
			}
			insp := w.portalInspection(t)
			var eval struct {
				Sites    []struct{ Site string }
				Accounts []struct{ Account string }
			}
			decode(t, w.do(t, "GET", p+"/evaluation", w.own, nil), &eval)
			if len(eval.Accounts) != 1 {
				t.Errorf("ylj's evaluation: %+v", eval)
			}

			// A crawl that never ends on its own; the shutdown stops it.
			slow := w.portalCrawl(t, true)
			records := []string{p + "/sites/" + code, crawl, cons, insp, p + "/tasks?case=" + number}
			before := map[string]string{}
			for _, path := range records {
				before[path] = string(mustStatus(t, w.do(t, "GET", path, w.admin, nil), http.StatusOK).body)
			}
			if err := w.Stop(t); err != nil {
				t.Fatal(err)
			}
			w.Program = MustRunMain(t, dsn, "-portal-allow-private")
			for _, path := range records {
				if got := string(mustStatus(t, w.do(t, "GET", path, w.admin, nil), http.StatusOK).body); got != before[path] {
					t.Errorf("GET %s after a restart:\n%s\nbefore:\n%s", path, got, before[path])
				}
			}
			if s := mustStatus(t, w.do(t, "GET", slow, w.admin, nil), http.StatusOK); s.str(t, "status") != "cancelled" || !strings.Contains(string(s.body), `"ended"`) {
				t.Errorf("the crawl running at shutdown: %s", s.body)
			}
		})
	}
}

// TestMain_PortalPrivateTargetsByDefault shows the serve command's
// default: without -portal-allow-private a crawl of a site on 127.0.0.1
// reaches nothing and reports the home page as refused, and a probe of it
// fails as refused, so that the API cannot be used to scan the server's
// own network.
func TestMain_PortalPrivateTargetsByDefault(t *testing.T) {
	p := MustRunMain(t, tempDB(t), "-probe-every", "0")
	w := &world{Program: p, admin: p.AdminToken(t)}
	mustStatus(t, w.do(t, "POST", "/api/v1/departments", w.admin, map[string]string{"code": "ylj", "name": "跃进街道", "kind": "township"}), http.StatusCreated)
	code := w.portalSite(t, false)
	crawl := w.portalCrawl(t, false)
	c := mustStatus(t, w.do(t, "GET", crawl, w.admin, nil), http.StatusOK)
	var findings struct {
		Items []struct{ Kind, Target, Reason string }
	}
	decode(t, w.do(t, "GET", portalPath+"/findings?crawl="+c.str(t, "id"), w.admin, nil), &findings)
	if len(findings.Items) != 1 || findings.Items[0].Kind != "broken_link" || findings.Items[0].Target != portalLocal().URL+"/fast/" ||
		!strings.Contains(findings.Items[0].Reason, "不允许") {
		t.Fatalf("the crawl of a loopback site: %s; findings %+v", c.body, findings.Items)
	}
	pr := mustStatus(t, w.do(t, "POST", portalPath+"/sites/"+code+"/probe", w.admin, nil), http.StatusCreated)
	if pr.json(t)["ok"] != false || !strings.Contains(pr.str(t, "error"), "blocked") {
		t.Fatalf("the probe of a loopback site: %s", pr.body)
	}
}
