package main_test

import (
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"
)

// netSeq numbers the sites, links, visits and the rest that the netops
// tests add, so that each cell of the matrix gets records of its own.
var netSeq atomic.Int64

const netPath = "/api/v1/netops"

// netStart is the day the tests' bookings and shifts start from: after
// the server's clock, each record an hour of its own.
var netStart = time.Date(2026, 6, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))

// netHour is the n-th hour after netStart, in RFC 3339.
func netHour(n int64) string { return netStart.Add(time.Duration(n) * time.Hour).Format(time.RFC3339) }

// netSiteBody is a site with a machine room (JF) and a meeting room (HY).
func netSiteBody(code string) map[string]any {
	return map[string]any{"code": code, "name": "综合楼" + code, "zone": "urban", "rooms": []map[string]string{
		{"code": "JF", "name": "机房", "kind": "machine"}, {"code": "HY", "name": "会议室", "kind": "meeting"}}}
}

// netSite records a new site (as admin) and returns its code.
func (w *world) netSite(t testing.TB) string {
	t.Helper()
	code := fmt.Sprintf("S%05d", netSeq.Add(1))
	mustStatus(t, w.do(t, "POST", netPath+"/sites", w.admin, netSiteBody(code)), http.StatusCreated)
	return code
}

// netProfile sets ylj's network profile at a new site and returns the
// site's code.
func (w *world) netProfile(t testing.TB) string {
	t.Helper()
	site := w.netSite(t)
	mustStatus(t, w.do(t, "PUT", netPath+"/units/ylj", w.admin, map[string]string{"site": site, "room": "JF"}), http.StatusOK)
	return site
}

// netLinkBody is an active extranet link of ylj at site with a prefix of
// its own.
func netLinkBody(site string) map[string]any {
	n := netSeq.Add(1)
	return map[string]any{"unit": "ylj", "site": site, "room": "JF", "carrier": "中国电信", "type": "extranet", "status": "active",
		"bandwidth_mbps": 100, "vlan": 100 + int(n%3000), "prefixes": []string{fmt.Sprintf("10.%d.%d.0/24", 100+n/256%100, n%256)}}
}

// netLink records a link of ylj (as admin) and returns its path.
func (w *world) netLink(t testing.TB) string {
	t.Helper()
	r := mustStatus(t, w.do(t, "POST", netPath+"/links", w.admin, netLinkBody(w.netSite(t))), http.StatusCreated)
	return netPath + "/links/" + r.str(t, "id")
}

// netNetwork records a business private network and returns its code.
func (w *world) netNetwork(t testing.TB) string {
	t.Helper()
	code := fmt.Sprintf("N%05d", netSeq.Add(1))
	mustStatus(t, w.do(t, "POST", netPath+"/networks", w.admin, map[string]any{"code": code, "name": "专网" + code, "authority": "柳州市公安局",
		"interconnect": map[string]string{"mode": "firewall", "site": w.netSite(t), "room": "JF"}}), http.StatusCreated)
	return code
}

// netMigration plans a migration of ylj (as admin), moved on to status
// (planned or cutover), and returns its path.
func (w *world) netMigration(t testing.TB, status string) string {
	t.Helper()
	w.netMigratable(t)
	r := mustStatus(t, w.do(t, "POST", netPath+"/migrations", w.admin, netMigrationBody(w.netSite(t))), http.StatusCreated)
	path := netPath + "/migrations/" + r.str(t, "id")
	if status == "cutover" {
		mustStatus(t, w.do(t, "POST", path+"/cutover", w.admin, nil), http.StatusOK)
	}
	return path
}

// netMigratable makes ylj ready for a migration: a unit has one open
// migration at a time, so the open ones are closed, and it moves from the
// site of its profile.
func (w *world) netMigratable(t testing.TB) {
	t.Helper()
	var open struct {
		Items []struct{ ID, Status string }
	}
	decode(t, w.do(t, "GET", netPath+"/migrations?unit=ylj", w.admin, nil), &open)
	for _, m := range open.Items {
		switch m.Status {
		case "planned":
			mustStatus(t, w.do(t, "POST", netPath+"/migrations/"+m.ID+"/cancel", w.admin, map[string]string{"note": "另行安排"}), http.StatusOK)
		case "cutover":
			mustStatus(t, w.do(t, "POST", netPath+"/migrations/"+m.ID+"/verify", w.admin, nil), http.StatusOK)
		}
	}
	w.netProfile(t)
}

func netMigrationBody(site string) map[string]string {
	return map[string]string{"unit": "ylj", "to_site": site, "to_room": "JF", "planned_for": netHour(0), "plan": "夜间割接"}
}

// netVisitBody is a visit to ylj, reported now.
func netVisitBody() map[string]any {
	return map[string]any{"ticket": map[string]string{"kind": "external", "ref": fmt.Sprintf("12345-%05d", netSeq.Add(1))},
		"unit": "ylj", "zone": "urban", "technician": "覃工", "summary": "外网断网", "contact": "张三", "contact_phone": "13812341234"}
}

// netVisit opens a visit to ylj (as admin), arrived when arrived is set,
// and returns its path.
func (w *world) netVisit(t testing.TB, arrived bool) string {
	t.Helper()
	r := mustStatus(t, w.do(t, "POST", netPath+"/visits", w.admin, netVisitBody()), http.StatusCreated)
	path := netPath + "/visits/" + r.str(t, "id")
	if arrived {
		mustStatus(t, w.do(t, "POST", path+"/arrive", w.admin, nil), http.StatusOK)
	}
	return path
}

func netPlanBody(site string) map[string]any {
	return map[string]any{"name": "机房巡检", "target": map[string]string{"kind": "room", "site": site, "room": "JF"},
		"frequency": "monthly", "checklist": []string{"空调温度", "UPS 状态"}, "start_on": "2026-01-01"}
}

// netPlan records an inspection plan (as admin) and returns its path.
func (w *world) netPlan(t testing.TB) string {
	t.Helper()
	r := mustStatus(t, w.do(t, "POST", netPath+"/plans", w.admin, netPlanBody(w.netSite(t))), http.StatusCreated)
	return netPath + "/plans/" + r.str(t, "id")
}

var netRecordBody = map[string]any{"inspector": "覃工", "results": []map[string]any{{"item": "空调温度", "ok": true}, {"item": "UPS 状态", "ok": true}}}

// netBookingBody is a booking of ylj in a new meeting room, an hour of its
// own, with a person of its own.
func (w *world) netBookingBody(t testing.TB) map[string]any {
	t.Helper()
	n := netSeq.Add(1)
	return map[string]any{"title": "视频调度会", "department": "ylj", "site": w.netSite(t), "room": "HY", "start": netHour(n),
		"end": netHour(n + 1), "mode": "video", "staff": []string{fmt.Sprintf("保障员%d", n)}}
}

// netBooking books meeting support for ylj (as admin) and returns its path.
func (w *world) netBooking(t testing.TB) string {
	t.Helper()
	r := mustStatus(t, w.do(t, "POST", netPath+"/bookings", w.admin, w.netBookingBody(t)), http.StatusCreated)
	return netPath + "/bookings/" + r.str(t, "id")
}

// netShiftBody is one shift, an hour of its own, of a person of its own.
func netShiftBody() map[string]string {
	n := netSeq.Add(1)
	return map[string]string{"person": fmt.Sprintf("值班员%d", n), "role": "值班", "start": netHour(n), "end": netHour(n + 1)}
}

// netShift schedules a shift (as admin) and returns its path.
func (w *world) netShift(t testing.TB) string {
	t.Helper()
	r := mustStatus(t, w.do(t, "POST", netPath+"/shifts", w.admin, map[string]any{"shifts": []any{netShiftBody()}}), http.StatusCreated)
	return netPath + "/shifts/" + r.json(t)["items"].([]any)[0].(map[string]any)["id"].(string)
}

func netDeviceBody(site string) map[string]string {
	return map[string]string{"asset_tag": fmt.Sprintf("LB-%06d", netSeq.Add(1)), "name": "核心交换机", "kind": "switch", "site": site,
		"room": "JF", "vendor": "华为", "model": "S7706", "purchased_on": "2019-05-01"}
}

// netDevice enters a device (as admin) and returns its path, by asset tag.
func (w *world) netDevice(t testing.TB) string {
	t.Helper()
	r := mustStatus(t, w.do(t, "POST", netPath+"/devices", w.admin, netDeviceBody(w.netSite(t))), http.StatusCreated)
	return netPath + "/devices/" + r.str(t, "asset_tag")
}

func netopsMatrix() []endpoint {
	const (
		ok, created     = http.StatusOK, http.StatusCreated
		bad, unauth, nf = http.StatusForbidden, http.StatusUnauthorized, http.StatusNotFound
		p               = netPath
		period          = "?from=2026-03-01&to=2026-03-31"
	)
	reads := [6]int{ok, ok, ok, ok, unauth, unauth}
	own := [6]int{ok, ok, nf, ok, unauth, unauth}      // ylj's record: jfj does not see it
	center := [6]int{ok, bad, bad, ok, unauth, unauth} // district-wide reports: admin and viewer
	admin := [6]int{ok, bad, bad, bad, unauth, unauth} // the center's writes
	create := [6]int{created, bad, bad, bad, unauth, unauth}
	ownWrite := [6]int{ok, ok, nf, bad, unauth, unauth} // a booking of ylj: jfj does not see it, a viewer writes nothing
	at := func(path func(*world, testing.TB) string, suffix string, body any) func(*testing.T, *world) (string, any) {
		return func(t *testing.T, w *world) (string, any) { return path(w, t) + suffix, body }
	}
	site := func(w *world, t testing.TB) string { return p + "/sites/" + w.netSite(t) }
	unit := func(w *world, t testing.TB) string { w.netProfile(t); return p + "/units/ylj" }
	link := func(w *world, t testing.TB) string { return w.netLink(t) }
	network := func(w *world, t testing.TB) string { return p + "/networks/" + w.netNetwork(t) }
	planned := func(w *world, t testing.TB) string { return w.netMigration(t, "planned") }
	reported := func(w *world, t testing.TB) string { return w.netVisit(t, false) }
	plan := func(w *world, t testing.TB) string { return w.netPlan(t) }
	booking := func(w *world, t testing.TB) string { return w.netBooking(t) }
	shift := func(w *world, t testing.TB) string { return w.netShift(t) }
	device := func(w *world, t testing.TB) string { return w.netDevice(t) }
	return []endpoint{
		{"GET", p + "/sites", fixed(p+"/sites", nil), reads},
		{"POST", p + "/sites", func(*testing.T, *world) (string, any) {
			return p + "/sites", netSiteBody(fmt.Sprintf("S%05d", netSeq.Add(1)))
		}, create},
		{"GET", p + "/sites/{code}", at(site, "", nil), reads},
		{"PATCH", p + "/sites/{code}", at(site, "", map[string]string{"address": "跃进路1号"}), admin},
		{"GET", p + "/sites/{code}/events", at(site, "/events", nil), reads},

		{"GET", p + "/units", fixed(p+"/units", nil), reads},
		{"POST", p + "/units/import", func(t *testing.T, w *world) (string, any) {
			code := w.department(t)[len("/api/v1/departments/"):]
			return p + "/units/import", csvBody("单位,站点,机房\n" + code + "," + w.netSite(t) + ",JF\n")
		}, admin},
		{"GET", p + "/units/{code}", at(unit, "", nil), own},
		{"PUT", p + "/units/{code}", func(t *testing.T, w *world) (string, any) {
			return p + "/units/ylj", map[string]string{"site": w.netSite(t), "room": "JF"}
		}, admin},
		{"GET", p + "/units/{code}/events", at(unit, "/events", nil), own},
		{"GET", p + "/coverage", fixed(p+"/coverage", nil), center},

		{"GET", p + "/links", fixed(p+"/links", nil), reads},
		{"POST", p + "/links", func(t *testing.T, w *world) (string, any) { return p + "/links", netLinkBody(w.netSite(t)) }, create},
		{"POST", p + "/links/import", func(t *testing.T, w *world) (string, any) {
			n := netSeq.Add(1)
			return p + "/links/import", csvBody(fmt.Sprintf("单位,站点,运营商,类型,地址段,状态\nylj,%s,中国联通,extranet,10.%d.%d.0/24,active\n",
				w.netSite(t), 200+n/256%50, n%256))
		}, admin},
		{"GET", p + "/links/{id}", at(link, "", nil), own},
		{"PATCH", p + "/links/{id}", at(link, "", map[string]any{"bandwidth_mbps": 200}), admin},
		{"POST", p + "/links/{id}/move", at(link, "/move", map[string]string{"to": "deprovisioning"}), admin},
		{"GET", p + "/links/{id}/events", at(link, "/events", nil), own},
		{"GET", p + "/overlaps", fixed(p+"/overlaps", nil), center},
		{"GET", p + "/campaign", fixed(p+"/campaign", nil), center},

		{"GET", p + "/networks", fixed(p+"/networks", nil), reads},
		{"POST", p + "/networks", func(*testing.T, *world) (string, any) {
			return p + "/networks", map[string]any{"code": fmt.Sprintf("N%05d", netSeq.Add(1)), "name": "人社专网", "interconnect": map[string]string{"mode": "none"}}
		}, create},
		{"GET", p + "/networks/{code}", at(network, "", nil), reads},
		{"PATCH", p + "/networks/{code}", at(network, "", map[string]string{"note": "拟并入外网"}), admin},
		{"GET", p + "/networks/{code}/events", at(network, "/events", nil), reads},

		{"GET", p + "/migrations", fixed(p+"/migrations", nil), reads},
		{"POST", p + "/migrations", func(t *testing.T, w *world) (string, any) {
			w.netMigratable(t)
			return p + "/migrations", netMigrationBody(w.netSite(t))
		}, create},
		{"GET", p + "/migrations/{id}", at(planned, "", nil), own},
		{"POST", p + "/migrations/{id}/cutover", at(planned, "/cutover", nil), admin},
		{"POST", p + "/migrations/{id}/verify", at(func(w *world, t testing.TB) string { return w.netMigration(t, "cutover") }, "/verify", nil), admin},
		{"POST", p + "/migrations/{id}/cancel", at(planned, "/cancel", map[string]string{"note": "新址未完工"}), admin},
		{"GET", p + "/migrations/{id}/events", at(planned, "/events", nil), own},

		{"GET", p + "/visits", fixed(p+"/visits", nil), reads},
		{"POST", p + "/visits", func(*testing.T, *world) (string, any) { return p + "/visits", netVisitBody() }, create},
		{"GET", p + "/visits/{id}", at(reported, "", nil), own},
		{"POST", p + "/visits/{id}/arrive", at(reported, "/arrive", nil), admin},
		{"POST", p + "/visits/{id}/resolve", at(func(w *world, t testing.TB) string { return w.netVisit(t, true) }, "/resolve", map[string]string{"note": "已恢复"}), admin},
		{"POST", p + "/visits/{id}/cancel", at(reported, "/cancel", map[string]string{"note": "用户自行恢复"}), admin},
		{"GET", p + "/visits/{id}/events", at(reported, "/events", nil), own},
		// A department reads its own unit's compliance.
		{"GET", p + "/compliance", fixed(p+"/compliance"+period, nil), reads},

		{"GET", p + "/plans", fixed(p+"/plans", nil), center},
		{"POST", p + "/plans", func(t *testing.T, w *world) (string, any) { return p + "/plans", netPlanBody(w.netSite(t)) }, create},
		{"GET", p + "/plans/overdue", fixed(p+"/plans/overdue", nil), center},
		{"GET", p + "/plans/{id}", at(plan, "", nil), center},
		{"PATCH", p + "/plans/{id}", at(plan, "", map[string]string{"assignee": "韦工"}), admin},
		{"GET", p + "/plans/{id}/events", at(plan, "/events", nil), center},
		{"POST", p + "/plans/{id}/records", at(plan, "/records", netRecordBody), create},
		{"GET", p + "/records", fixed(p+"/records", nil), center},

		{"GET", p + "/bookings", fixed(p+"/bookings"+period, nil), reads},
		// A department books for itself: jfj may not book for ylj.
		{"POST", p + "/bookings", func(t *testing.T, w *world) (string, any) { return p + "/bookings", w.netBookingBody(t) },
			[6]int{created, created, bad, bad, unauth, unauth}},
		{"GET", p + "/bookings/{id}", at(booking, "", nil), own},
		{"PATCH", p + "/bookings/{id}", at(booking, "", map[string]string{"title": "调度会（改）"}), ownWrite},
		{"POST", p + "/bookings/{id}/cancel", at(booking, "/cancel", map[string]string{"note": "会议改期"}), ownWrite},
		{"GET", p + "/bookings/{id}/events", at(booking, "/events", nil), own},

		{"GET", p + "/shifts", fixed(p+"/shifts"+period, nil), center},
		{"POST", p + "/shifts", func(*testing.T, *world) (string, any) {
			return p + "/shifts", map[string]any{"shifts": []any{netShiftBody()}}
		}, create},
		{"PUT", p + "/shifts/{id}", at(shift, "", netShiftBody()), admin},
		{"POST", p + "/shifts/{id}/cancel", at(shift, "/cancel", map[string]string{"note": "排班调整"}), admin},
		{"GET", p + "/shifts/{id}/events", at(shift, "/events", nil), center},
		{"GET", p + "/roster", fixed(p+"/roster"+period, nil), center},

		{"GET", p + "/devices", fixed(p+"/devices", nil), center},
		{"POST", p + "/devices", func(t *testing.T, w *world) (string, any) { return p + "/devices", netDeviceBody(w.netSite(t)) }, create},
		{"POST", p + "/devices/import", func(t *testing.T, w *world) (string, any) {
			return p + "/devices/import", csvBody(fmt.Sprintf("资产编号,名称,类型,站点,购置日期\nLB-%06d,出口防火墙,防火墙,%s,2016-04-01\n", netSeq.Add(1), w.netSite(t)))
		}, admin},
		{"GET", p + "/devices/{ref}", at(device, "", nil), center},
		{"PATCH", p + "/devices/{ref}", at(device, "", map[string]string{"serial": "2102351234"}), admin},
		{"POST", p + "/devices/{ref}/replacement", at(device, "/replacement", map[string]string{"planned_on": "2026-09-01", "model": "CE12804"}), admin},
		{"POST", p + "/devices/{ref}/retire", at(device, "/retire", map[string]string{"note": "已更换"}), admin},
		{"GET", p + "/devices/{ref}/events", at(device, "/events", nil), center},
		{"GET", p + "/aging", fixed(p+"/aging", nil), center},
	}
}
