package main_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/netops/netopsbun"
)

// TestMain_NetopsDialects runs the netops endpoints through the real
// stores of every database, migrated twice: the inventory, a visit
// started from an IT-operations case with its steps on the case's trail,
// the compliance report, the roster and the register, then a restart on
// the same database that reads them back.
func TestMain_NetopsDialects(t *testing.T) {
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
			if err := db.NewSelect().Table(netopsbun.MigrationsTable).ColumnExpr("COUNT(*)").Scan(ctx, &n); err != nil || n == 0 {
				t.Fatalf("%s: %d rows, %v", netopsbun.MigrationsTable, n, err)
			}
			p := MustRunMain(t, dsn)
			w := &world{Program: p, admin: p.AdminToken(t)}
			mustStatus(t, w.do(t, "POST", "/api/v1/departments", w.admin, map[string]string{"code": "ylj", "name": "跃进街道", "kind": "township", "zone": "urban"}), http.StatusCreated)
			mustStatus(t, w.do(t, "POST", "/api/v1/departments", w.admin, map[string]string{"code": "jfj", "name": "解放街道", "kind": "township"}), http.StatusCreated)
			site := w.netProfile(t)
			link := w.netLink(t)
			prefix := w.linkPrefix(t, link)
			r := w.do(t, "POST", netPath+"/links", w.admin, map[string]any{"unit": "jfj", "site": site, "carrier": "中国联通", "type": "extranet",
				"prefixes": []string{strings.Replace(prefix, "/24", "/25", 1)}})
			if r.status != http.StatusConflict || !strings.Contains(string(r.body), link[strings.LastIndex(link, "/")+1:]) {
				t.Fatalf("an overlapping prefix: %d %s", r.status, r.body)
			}
			r = mustStatus(t, w.do(t, "POST", netPath+"/links/import", w.admin, "单位,站点,运营商,类型,地址段,状态\njfj,"+site+",中国联通,extranet,172.16.8.0/22,active\n",
				csvHeader...), http.StatusOK)
			if r.json(t)["imported"] != float64(1) {
				t.Fatalf("import: %s", r.body)
			}
			var cov struct {
				Units, Connected int
				Rate             struct{ Percent string }
			}
			decode(t, w.do(t, "GET", netPath+"/coverage", w.admin, nil), &cov)
			if cov.Units != 2 || cov.Connected != 2 || cov.Rate.Percent != "100.00" {
				t.Fatalf("coverage %+v", cov)
			}

			// A visit from an IT-operations case: its steps go on the case's trail.
			r = mustStatus(t, w.do(t, "POST", "/api/v1/cases", w.admin, map[string]string{"kind": "itops", "category": "help", "source": "phone",
				"title": "三楼办公区断网"}), http.StatusCreated)
			number := r.str(t, "number")
			mustStatus(t, w.do(t, "POST", "/api/v1/cases/"+number+"/dispatch", w.admin, map[string]string{"department": "ylj"}), http.StatusOK)
			r = mustStatus(t, w.do(t, "POST", netPath+"/visits", w.admin, map[string]any{"ticket": map[string]string{"kind": "case", "ref": number},
				"technician": "覃工", "contact": "张三", "contact_phone": "13812341234"}), http.StatusCreated)
			visit := netPath + "/visits/" + r.str(t, "id")
			mustStatus(t, w.do(t, "POST", visit+"/arrive", w.admin, nil), http.StatusOK)
			mustStatus(t, w.do(t, "POST", visit+"/resolve", w.admin, nil), http.StatusOK)
			var trail struct {
				Items []struct{ Type, Actor, Note string }
			}
			decode(t, w.do(t, "GET", "/api/v1/cases/"+number+"/events", w.admin, nil), &trail)
			if k := len(trail.Items); k != 4 || trail.Items[2].Actor != "netops" || !strings.HasPrefix(trail.Items[3].Note, "现场服务解决") {
				t.Fatalf("the case's trail %+v", trail.Items)
			}
			var rep struct {
				Total struct {
					Visits int64
				}
				ByZone []struct{ Zone string } `json:"by_zone"`
			}
			decode(t, w.do(t, "GET", netPath+"/compliance?from=2026-03-01&to=2026-03-31", w.admin, nil), &rep)
			if rep.Total.Visits != 1 || len(rep.ByZone) != 3 {
				t.Fatalf("compliance %+v", rep)
			}

			// The roster and the register.
			mustStatus(t, w.do(t, "POST", netPath+"/shifts", w.admin, map[string]any{"shifts": []map[string]string{
				{"person": "覃工", "start": "2026-12-01T08:30:00+08:00", "end": "2026-12-01T20:30:00+08:00"}}}), http.StatusCreated)
			var roster struct {
				Covered   int64 `json:"covered_minutes"`
				Uncovered []struct{ Start, End string }
			}
			decode(t, w.do(t, "GET", netPath+"/roster?from=2026-12-01&to=2026-12-01", w.admin, nil), &roster)
			if roster.Covered != 720 || len(roster.Uncovered) != 2 || roster.Uncovered[1].Start != "2026-12-01T20:30:00+08:00" {
				t.Fatalf("roster %+v", roster)
			}
			device := w.netDevice(t)
			var aging struct {
				PastLife []struct {
					AssetTag string `json:"asset_tag"`
				} `json:"past_life"`
			}
			decode(t, w.do(t, "GET", netPath+"/aging", w.admin, nil), &aging)
			if len(aging.PastLife) != 1 || !strings.HasSuffix(device, aging.PastLife[0].AssetTag) {
				t.Fatalf("aging %+v", aging)
			}

			// A restart on the same database reads it all back.
			admin := w.admin
			if err := p.Stop(t); err != nil {
				t.Fatal(err)
			}
			p = MustRunMain(t, dsn)
			var l struct {
				Prefixes []string
				Version  int
			}
			decode(t, do(t, p.URL, "GET", link, admin, nil), &l)
			if len(l.Prefixes) != 1 || l.Prefixes[0] != prefix || l.Version != 1 {
				t.Fatalf("the link after a restart %+v", l)
			}
			var v struct{ Status, Contact string }
			decode(t, do(t, p.URL, "GET", visit, admin, nil), &v)
			if v.Status != "resolved" || v.Contact != "张三" {
				t.Fatalf("the visit after a restart %+v", v)
			}
		})
	}
}
