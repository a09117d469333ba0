package refserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/netops"
	"github.com/govops-kit/govops/refserver"
)

// The netops endpoints over the in-memory server: every route group in
// one walk, a visit started from an IT-operations case writing its steps
// on the case's trail, and the wiring's adapters on their own.

const np = "/api/v1/netops"

// call sends a request and fails unless it answers status; it returns the
// answer's JSON object.
func (e *testEnv) call(tb testing.TB, method, path, token string, body any, status int, hdr ...string) map[string]any {
	tb.Helper()
	r := e.do(tb, method, path, token, body, hdr...)
	mustStatus(tb, r, status)
	if len(bytes.TrimSpace(r.body)) == 0 {
		return nil
	}
	return r.json(tb)
}

// items returns the items of a listing.
func items(tb testing.TB, m map[string]any) []map[string]any {
	tb.Helper()
	raw, ok := m["items"].([]any)
	if !ok {
		tb.Fatalf("no items in %v", m)
	}
	out := make([]map[string]any, len(raw))
	for i, v := range raw {
		out[i] = v.(map[string]any)
	}
	return out
}

// netopsSites records the administrative building (XZDL, a machine room
// and a meeting room) and 胜利综合楼 (SLZH, a machine room), and sets ylj's
// profile at XZDL's machine room.
func netopsSites(tb testing.TB, e *testEnv) {
	tb.Helper()
	e.call(tb, "POST", np+"/sites", e.admin, map[string]any{"code": "XZDL", "name": "行政大楼", "zone": "building", "rooms": []map[string]string{
		{"code": "3F-JF", "name": "三楼机房", "kind": "machine", "floor": "3F"}, {"code": "5F-HY", "name": "五楼视频会议室", "kind": "meeting"}}}, http.StatusCreated)
	e.call(tb, "POST", np+"/sites", e.admin, map[string]any{"code": "SLZH", "name": "胜利综合楼", "zone": "urban", "rooms": []map[string]string{
		{"code": "2F-JF", "name": "二楼机房", "kind": "machine"}}}, http.StatusCreated)
	e.call(tb, "PUT", np+"/units/ylj", e.admin, map[string]string{"site": "XZDL", "room": "3F-JF"}, http.StatusOK)
}

// rfc writes t as the API reads and writes times.
func rfc(t time.Time) string { return t.In(govops.ShanghaiLocation()).Format(time.RFC3339) }

func TestServer_NetopsTour(t *testing.T) {
	e := MustOpenServer(t)
	netopsSites(t, e)

	t.Run("Sites", func(t *testing.T) {
		if got := items(t, e.call(t, "GET", np+"/sites", e.own, nil, http.StatusOK)); len(got) != 2 || got[0]["code"] != "SLZH" {
			t.Fatalf("sites %v", got)
		}
		s := e.call(t, "GET", np+"/sites/XZDL", e.viewer, nil, http.StatusOK)
		if s["zone_label"] != "行政大楼" || s["rooms"].([]any)[0].(map[string]any)["kind_label"] != "机房" {
			t.Fatalf("site %v", s)
		}
		r := e.do(t, "PATCH", np+"/sites/XZDL", e.admin, map[string]string{"address": "柳北区跃进路1号"}, "If-Match", `"1"`)
		mustStatus(t, r, http.StatusOK)
		if r.header.Get("ETag") != `"2"` || r.json(t)["name"] != "行政大楼" || len(r.json(t)["rooms"].([]any)) != 2 {
			t.Fatalf("patched site: %s %s", r.header.Get("ETag"), r.body)
		}
		mustStatus(t, e.do(t, "PATCH", np+"/sites/XZDL", e.admin, map[string]string{"note": "x"}, "If-Match", `"1"`), http.StatusConflict)
		evs := items(t, e.call(t, "GET", np+"/sites/XZDL/events", e.admin, nil, http.StatusOK))
		if len(evs) != 2 || evs[1]["type"] != "site_updated" || evs[1]["type_label"] != "修改站点" {
			t.Fatalf("trail %v", evs)
		}
	})

	var extranet string
	t.Run("UnitsAndLinks", func(t *testing.T) {
		u := e.call(t, "GET", np+"/units/ylj", e.own, nil, http.StatusOK)
		if u["directory"].(map[string]any)["kind_label"] != "乡镇街道" || u["net"].(map[string]any)["site"] != "XZDL" || u["connected"] != false {
			t.Fatalf("unit %v", u)
		}
		mustStatus(t, e.do(t, "GET", np+"/units/ylj", e.other, nil), http.StatusNotFound)
		l := e.call(t, "POST", np+"/links", e.admin, map[string]any{"unit": "ylj", "site": "XZDL", "room": "3F-JF", "carrier": "中国电信",
			"circuit_id": "LZ-EXT-0001", "type": "extranet", "bandwidth_mbps": 100, "vlan": 201, "prefixes": []string{"10.20.1.0/24"}, "status": "active"}, http.StatusCreated)
		extranet = l["id"].(string)
		if l["status_label"] != "在用" || l["prefixes"].([]any)[0] != "10.20.1.0/24" || l["steps"].(map[string]any)["active"] == nil {
			t.Fatalf("link %v", l)
		}
		// An overlapping prefix in the same address space is refused.
		r := e.do(t, "POST", np+"/links", e.admin, map[string]any{"unit": "jfj", "site": "SLZH", "carrier": "中国联通", "type": "extranet",
			"prefixes": []string{"10.20.1.128/25"}})
		mustStatus(t, r, http.StatusConflict)
		if !strings.Contains(string(r.body), extranet) {
			t.Fatalf("the conflict does not name the link it overlaps: %s", r.body)
		}
		// A self-built internet line of jfj, revoked in two steps.
		self := e.call(t, "POST", np+"/links", e.admin, map[string]any{"unit": "jfj", "site": "SLZH", "carrier": "中国移动", "type": "internet",
			"status": "active", "at": rfc(testStart.Add(-400 * 24 * time.Hour)), "prefixes": []string{"203.0.113.8/29"}}, http.StatusCreated)
		if self["self_built"] != true {
			t.Fatalf("self-built line %v", self)
		}
		sp := np + "/links/" + self["id"].(string)
		e.call(t, "PATCH", sp, e.admin, map[string]any{"bandwidth_mbps": 50}, http.StatusOK)
		e.call(t, "POST", sp+"/move", e.admin, map[string]string{"to": "deprovisioning"}, http.StatusOK, "If-Match", `"2"`)
		mustStatus(t, e.do(t, "POST", sp+"/move", e.admin, map[string]string{"to": "decommissioned"}), http.StatusBadRequest)
		done := e.call(t, "POST", sp+"/move", e.admin, map[string]string{"to": "decommissioned", "note": "清理自建互联网专线"}, http.StatusOK)
		if done["status_label"] != "已拆除" || done["version"] != float64(4) {
			t.Fatalf("decommissioned %v", done)
		}
		if evs := items(t, e.call(t, "GET", sp+"/events", e.admin, nil, http.StatusOK)); len(evs) != 4 || evs[3]["to_status_label"] != "已拆除" {
			t.Fatalf("trail %v", evs)
		}
		c := e.call(t, "GET", np+"/campaign", e.viewer, nil, http.StatusOK)
		if c["total"] != float64(1) || c["revoked"] != float64(1) || c["done"] != true {
			t.Fatalf("campaign %v", c)
		}
		mustStatus(t, e.do(t, "GET", np+"/campaign", e.own, nil), http.StatusForbidden)
		if got := items(t, e.call(t, "GET", np+"/links?self_built=true", e.admin, nil, http.StatusOK)); len(got) != 1 {
			t.Fatalf("self-built lines %v", got)
		}
		if got := items(t, e.call(t, "GET", np+"/links", e.own, nil, http.StatusOK)); len(got) != 1 || got[0]["id"] != extranet {
			t.Fatalf("ylj's links %v", got)
		}
		mustStatus(t, e.do(t, "GET", sp, e.own, nil), http.StatusNotFound)
		o := e.call(t, "GET", np+"/overlaps", e.admin, nil, http.StatusOK)
		if o["prefixes"] != float64(1) || len(o["overlaps"].([]any)) != 0 {
			t.Fatalf("overlaps %v", o)
		}
		cov := e.call(t, "GET", np+"/coverage", e.admin, nil, http.StatusOK)
		if cov["units"] != float64(3) || cov["connected"] != float64(1) || cov["rate"].(map[string]any)["percent"] != "33.33" {
			t.Fatalf("coverage %v", cov)
		}
	})

	t.Run("Imports", func(t *testing.T) {
		csv := []string{"Content-Type", "text/csv"}
		r := e.do(t, "POST", np+"/units/import?mode=keep-good", e.admin, "单位,站点,机房\njfj,SLZH,2F-JF\nnowhere,SLZH,\n", csv...)
		mustStatus(t, r, http.StatusOK)
		if m := r.json(t); m["imported"] != float64(1) || m["bad_rows"] != float64(1) {
			t.Fatalf("units import %s", r.body)
		}
		r = e.do(t, "POST", np+"/links/import", e.admin, "单位,站点,运营商,类型,地址段,状态\njfj,SLZH,中国联通,extranet,10.20.1.0/25,active\n", csv...)
		mustStatus(t, r, http.StatusUnprocessableEntity)
		r = e.do(t, "POST", np+"/links/import", e.admin, "单位,站点,运营商,类型,地址段,状态\njfj,SLZH,中国联通,extranet,10.20.2.0/24,active\n", csv...)
		mustStatus(t, r, http.StatusOK)
		r = e.do(t, "POST", np+"/devices/import", e.admin, "资产编号,名称,类型,站点,购置日期\nLB-2016-0007,出口防火墙,防火墙,XZDL,2016-04-01\n", csv...)
		mustStatus(t, r, http.StatusOK)
		mustStatus(t, e.do(t, "POST", np+"/devices/import", e.admin, `{"asset_tag":"x"}`), http.StatusUnsupportedMediaType)
		if got := items(t, e.call(t, "GET", np+"/units", e.admin, nil, http.StatusOK)); len(got) != 2 {
			t.Fatalf("profiles %v", got)
		}
	})

	t.Run("Networks", func(t *testing.T) {
		n := e.call(t, "POST", np+"/networks", e.admin, map[string]any{"code": "GA-ZW", "name": "公安视频专网", "authority": "柳州市公安局",
			"interconnect": map[string]string{"mode": "gatekeeper", "site": "XZDL", "room": "3F-JF", "since": "2021-06-01"}}, http.StatusCreated)
		if n["interconnect"].(map[string]any)["mode_label"] != "网闸" || n["status"] != "active" {
			t.Fatalf("network %v", n)
		}
		e.call(t, "POST", np+"/links", e.admin, map[string]any{"unit": "ylj", "site": "XZDL", "carrier": "中国电信", "type": "private",
			"network": "GA-ZW", "prefixes": []string{"10.20.1.0/24"}}, http.StatusCreated) // another address space
		v := e.call(t, "GET", np+"/networks/GA-ZW", e.own, nil, http.StatusOK)
		if len(v["links"].([]any)) != 1 || v["units"].([]any)[0] != "ylj" {
			t.Fatalf("network view %v", v)
		}
		e.call(t, "PATCH", np+"/networks/GA-ZW", e.admin, map[string]string{"note": "2027年并入外网"}, http.StatusOK, "If-Match", `"1"`)
		if got := items(t, e.call(t, "GET", np+"/networks", e.other, nil, http.StatusOK)); len(got) != 1 || got[0]["note"] != "2027年并入外网" {
			t.Fatalf("networks %v", got)
		}
		if evs := items(t, e.call(t, "GET", np+"/networks/GA-ZW/events", e.admin, nil, http.StatusOK)); len(evs) != 2 {
			t.Fatalf("trail %v", evs)
		}
	})

	t.Run("Migrations", func(t *testing.T) {
		m := e.call(t, "POST", np+"/migrations", e.admin, map[string]string{"unit": "ylj", "to_site": "SLZH", "to_room": "2F-JF",
			"planned_for": rfc(testStart.Add(72 * time.Hour)), "plan": "夜间割接"}, http.StatusCreated)
		mp := np + "/migrations/" + m["id"].(string)
		if m["from_site"] != "XZDL" || m["status_label"] != "已计划" {
			t.Fatalf("migration %v", m)
		}
		e.call(t, "POST", mp+"/cutover", e.admin, nil, http.StatusOK)
		if u := e.call(t, "GET", np+"/units/ylj", e.admin, nil, http.StatusOK); u["net"].(map[string]any)["site"] != "SLZH" {
			t.Fatalf("the cutover did not move the profile: %v", u)
		}
		done := e.call(t, "POST", mp+"/verify", e.admin, nil, http.StatusOK)
		if done["status"] != "verified" || done["verified_by"] != "中心值班" {
			t.Fatalf("verified %v", done)
		}
		if got := items(t, e.call(t, "GET", np+"/migrations?unit=ylj", e.own, nil, http.StatusOK)); len(got) != 1 {
			t.Fatalf("ylj's migrations %v", got)
		}
		mustStatus(t, e.do(t, "GET", mp, e.other, nil), http.StatusNotFound)
		other := e.call(t, "POST", np+"/migrations", e.admin, map[string]string{"unit": "jfj", "to_site": "XZDL",
			"planned_for": rfc(testStart.Add(96 * time.Hour))}, http.StatusCreated)
		e.call(t, "POST", np+"/migrations/"+other["id"].(string)+"/cancel", e.admin, map[string]string{"note": "新址未完工"}, http.StatusOK)
		if evs := items(t, e.call(t, "GET", mp+"/events", e.own, nil, http.StatusOK)); len(evs) != 3 {
			t.Fatalf("trail %v", evs)
		}
	})

	t.Run("Visits", func(t *testing.T) {
		v := e.call(t, "POST", np+"/visits", e.admin, map[string]any{"ticket": map[string]string{"kind": "external", "ref": "12345-0001"},
			"unit": "ylj", "technician": "覃工", "summary": "外网断网", "contact": "张三", "contact_phone": "13812341234"}, http.StatusCreated)
		vp := np + "/visits/" + v["id"].(string)
		if v["sla_minutes"] != float64(45) || v["zone_label"] != "城区" || v["status_label"] != "已报修" || v["breached"] != false {
			t.Fatalf("visit %v", v)
		}
		e.call(t, "POST", vp+"/arrive", e.admin, nil, http.StatusOK, "If-Match", `"1"`)
		done := e.call(t, "POST", vp+"/resolve", e.admin, map[string]string{"note": "更换光模块"}, http.StatusOK)
		if done["status"] != "resolved" || done["on_time"] != true {
			t.Fatalf("resolved %v", done)
		}
		// A visit written down after the fact, arrived late.
		late := e.call(t, "POST", np+"/visits", e.admin, map[string]any{"ticket": map[string]string{"kind": "external", "ref": "12345-0002"},
			"unit": "ylj", "technician": "韦工", "reported_at": rfc(testStart.Add(-3 * time.Hour)),
			"arrived_at": rfc(testStart.Add(-time.Hour))}, http.StatusCreated)
		if late["breached"] != true || late["status"] != "arrived" {
			t.Fatalf("late visit %v", late)
		}
		c := e.call(t, "POST", np+"/visits", e.admin, map[string]any{"ticket": map[string]string{"kind": "external", "ref": "12345-0003"},
			"unit": "ylj", "technician": "覃工"}, http.StatusCreated)
		mustStatus(t, e.do(t, "POST", np+"/visits/"+c["id"].(string)+"/cancel", e.admin, nil), http.StatusBadRequest)
		e.call(t, "POST", np+"/visits/"+c["id"].(string)+"/cancel", e.admin, map[string]string{"note": "用户自行恢复"}, http.StatusOK)
		if got := items(t, e.call(t, "GET", np+"/visits?breached=true", e.own, nil, http.StatusOK)); len(got) != 1 || got[0]["id"] != late["id"] {
			t.Fatalf("breached %v", got)
		}
		if got := items(t, e.call(t, "GET", np+"/visits", e.other, nil, http.StatusOK)); len(got) != 0 {
			t.Fatalf("jfj sees ylj's visits: %v", got)
		}
		mustStatus(t, e.do(t, "GET", vp, e.other, nil), http.StatusNotFound)
		if evs := items(t, e.call(t, "GET", vp+"/events", e.own, nil, http.StatusOK)); len(evs) != 3 || evs[2]["type_label"] != "解决" {
			t.Fatalf("trail %v", evs)
		}
		rep := e.call(t, "GET", np+"/compliance?from=2026-03-01&to=2026-03-31", e.admin, nil, http.StatusOK)
		total := rep["total"].(map[string]any)
		if total["visits"] != float64(2) || total["on_time"] != float64(1) || total["late"] != float64(1) ||
			total["rate"].(map[string]any)["percent"] != "50.00" {
			t.Fatalf("compliance %v", rep)
		}
		mustStatus(t, e.do(t, "GET", np+"/compliance?from=2026-03-01&to=2026-03-31&unit=ylj", e.other, nil), http.StatusForbidden)
	})

	t.Run("Inspections", func(t *testing.T) {
		p := e.call(t, "POST", np+"/plans", e.admin, map[string]any{"name": "机房月度巡检", "target": map[string]string{"kind": "room", "site": "XZDL", "room": "3F-JF"},
			"frequency": "monthly", "checklist": []string{"空调温度", "UPS 状态"}, "start_on": "2026-01-01"}, http.StatusCreated)
		pp := np + "/plans/" + p["id"].(string)
		if got := items(t, e.call(t, "GET", np+"/plans/overdue", e.viewer, nil, http.StatusOK)); len(got) != 1 || got[0]["days_overdue"].(float64) < 60 {
			t.Fatalf("overdue %v", got)
		}
		mustStatus(t, e.do(t, "GET", np+"/plans/overdue", e.own, nil), http.StatusForbidden)
		e.call(t, "PATCH", pp, e.admin, map[string]string{"assignee": "覃工"}, http.StatusOK)
		rec := e.call(t, "POST", pp+"/records", e.admin, map[string]any{"inspector": "覃工", "results": []map[string]any{
			{"item": "空调温度", "ok": true}, {"item": "UPS 状态", "ok": false, "note": "电池告警"}}, "findings": "UPS 电池待更换"}, http.StatusCreated)
		if rec["passed"] != false || rec["target"].(map[string]any)["kind_label"] != "机房" {
			t.Fatalf("record %v", rec)
		}
		if got := items(t, e.call(t, "GET", np+"/plans/overdue", e.admin, nil, http.StatusOK)); len(got) != 0 {
			t.Fatalf("still overdue %v", got)
		}
		if got := items(t, e.call(t, "GET", np+"/records?plan="+p["id"].(string), e.viewer, nil, http.StatusOK)); len(got) != 1 {
			t.Fatalf("records %v", got)
		}
		if got := e.call(t, "GET", pp, e.admin, nil, http.StatusOK); got["last_done"] == nil || got["version"] != float64(3) {
			t.Fatalf("plan %v", got)
		}
		if evs := items(t, e.call(t, "GET", pp+"/events", e.admin, nil, http.StatusOK)); len(evs) != 3 {
			t.Fatalf("trail %v", evs)
		}
		if got := items(t, e.call(t, "GET", np+"/plans", e.admin, nil, http.StatusOK)); len(got) != 1 {
			t.Fatalf("plans %v", got)
		}
	})

	t.Run("Bookings", func(t *testing.T) {
		start := time.Date(2026, 3, 10, 9, 0, 0, 0, govops.ShanghaiLocation())
		b := e.call(t, "POST", np+"/bookings", e.own, map[string]any{"title": "街道视频调度会", "site": "XZDL", "room": "5F-HY",
			"start": rfc(start), "end": rfc(start.Add(2 * time.Hour)), "mode": "video", "staff": []string{"覃工"}}, http.StatusCreated)
		if b["department"] != "ylj" || b["mode_label"] != "视频会议" {
			t.Fatalf("booking %v", b)
		}
		bp := np + "/bookings/" + b["id"].(string)
		// The same room at the same time: a clash.
		mustStatus(t, e.do(t, "POST", np+"/bookings", e.admin, map[string]any{"title": "另一个会", "site": "XZDL", "room": "5F-HY",
			"start": rfc(start.Add(time.Hour)), "end": rfc(start.Add(3 * time.Hour)), "mode": "onsite", "staff": []string{"韦工"}}), http.StatusConflict)
		mustStatus(t, e.do(t, "GET", bp, e.other, nil), http.StatusNotFound)
		e.call(t, "PATCH", bp, e.own, map[string]string{"end": rfc(start.Add(3 * time.Hour))}, http.StatusOK, "If-Match", `"1"`)
		list := items(t, e.call(t, "GET", np+"/bookings?from=2026-03-10&to=2026-03-10", e.own, nil, http.StatusOK))
		if len(list) != 1 || list[0]["end"] != rfc(start.Add(3*time.Hour)) {
			t.Fatalf("bookings %v", list)
		}
		e.call(t, "POST", bp+"/cancel", e.own, map[string]string{"note": "会议改期"}, http.StatusOK)
		if got := items(t, e.call(t, "GET", np+"/bookings?from=2026-03-10&to=2026-03-10", e.admin, nil, http.StatusOK)); len(got) != 0 {
			t.Fatalf("a cancelled booking is listed: %v", got)
		}
		if evs := items(t, e.call(t, "GET", bp+"/events", e.own, nil, http.StatusOK)); len(evs) != 3 {
			t.Fatalf("trail %v", evs)
		}
	})

	t.Run("Roster", func(t *testing.T) {
		day := time.Date(2026, 3, 20, 0, 0, 0, 0, govops.ShanghaiLocation())
		ss := items(t, e.call(t, "POST", np+"/shifts", e.admin, map[string]any{"shifts": []map[string]string{
			{"person": "覃工", "role": "值班", "start": rfc(day), "end": rfc(day.Add(12 * time.Hour))},
			{"person": "韦工", "role": "值班", "start": rfc(day.Add(12 * time.Hour)), "end": rfc(day.Add(20 * time.Hour))},
		}}, http.StatusCreated))
		r := e.call(t, "GET", np+"/roster?from=2026-03-20&to=2026-03-20", e.viewer, nil, http.StatusOK)
		gaps := r["uncovered"].([]any)
		if r["covered_minutes"] != float64(20*60) || r["uncovered_minutes"] != float64(4*60) || len(gaps) != 1 ||
			gaps[0].(map[string]any)["start"] != rfc(day.Add(20*time.Hour)) {
			t.Fatalf("roster %v", r)
		}
		mustStatus(t, e.do(t, "GET", np+"/roster?from=2026-03-20&to=2026-03-20", e.own, nil), http.StatusForbidden)
		sp := np + "/shifts/" + ss[1]["id"].(string)
		e.call(t, "PUT", sp, e.admin, map[string]string{"person": "黄工", "role": "值班", "start": rfc(day.Add(12 * time.Hour)),
			"end": rfc(day.Add(24 * time.Hour))}, http.StatusOK, "If-Match", `"1"`)
		if r := e.call(t, "GET", np+"/roster?from=2026-03-20&to=2026-03-20", e.admin, nil, http.StatusOK); len(r["uncovered"].([]any)) != 0 {
			t.Fatalf("roster after the swap %v", r)
		}
		e.call(t, "POST", np+"/shifts/"+ss[0]["id"].(string)+"/cancel", e.admin, map[string]string{"note": "病假"}, http.StatusOK)
		if got := items(t, e.call(t, "GET", np+"/shifts?from=2026-03-20&to=2026-03-20", e.admin, nil, http.StatusOK)); len(got) != 1 || got[0]["person"] != "黄工" {
			t.Fatalf("shifts %v", got)
		}
		if evs := items(t, e.call(t, "GET", sp+"/events", e.admin, nil, http.StatusOK)); len(evs) != 2 || evs[1]["type_label"] != "调班" {
			t.Fatalf("trail %v", evs)
		}
	})

	t.Run("Devices", func(t *testing.T) {
		d := e.call(t, "POST", np+"/devices", e.admin, map[string]any{"asset_tag": "LB-2019-0031", "name": "核心交换机", "kind": "switch",
			"site": "XZDL", "room": "3F-JF", "vendor": "华为", "model": "S7706", "purchased_on": "2019-05-01"}, http.StatusCreated)
		if d["kind_label"] != "交换机" || !strings.HasPrefix(d["end_of_life"].(string), "2025-05-01") {
			t.Fatalf("device %v", d)
		}
		dp := np + "/devices/LB-2019-0031"
		e.call(t, "PATCH", dp, e.admin, map[string]string{"serial": "2102351234"}, http.StatusOK)
		e.call(t, "POST", dp+"/replacement", e.admin, map[string]string{"planned_on": "2026-09-01", "model": "CE12804"}, http.StatusOK, "If-Match", `"2"`)
		a := e.call(t, "GET", np+"/aging", e.viewer, nil, http.StatusOK)
		if len(a["past_life"].([]any)) != 2 || len(a["replacements_planned"].([]any)) != 1 {
			t.Fatalf("aging %v", a)
		}
		mustStatus(t, e.do(t, "GET", np+"/aging", e.own, nil), http.StatusForbidden)
		r := e.call(t, "POST", dp+"/retire", e.admin, map[string]string{"note": "已更换"}, http.StatusOK)
		if r["status_label"] != "已报废" {
			t.Fatalf("retired %v", r)
		}
		if got := items(t, e.call(t, "GET", np+"/devices?status=in_service", e.admin, nil, http.StatusOK)); len(got) != 1 {
			t.Fatalf("devices in service %v", got)
		}
		if evs := items(t, e.call(t, "GET", np+"/devices/"+d["id"].(string)+"/events", e.admin, nil, http.StatusOK)); len(evs) != 4 {
			t.Fatalf("trail %v", evs)
		}
	})
}

// TestServer_NetopsVisitOnCaseTrail starts a visit from an IT-operations
// case: the case gives the unit, and the visit's arrival and resolution
// appear on the case's trail, written by the netops wiring. A case of
// another kind, or a closed one, starts no visit.
func TestServer_NetopsVisitOnCaseTrail(t *testing.T) {
	e := MustOpenServer(t)
	r := e.do(t, "POST", "/api/v1/cases", e.admin, map[string]any{"kind": "itops", "category": "help", "source": "phone", "title": "三楼办公区断网"})
	mustStatus(t, r, http.StatusCreated)
	n := r.json(t)["number"].(string)
	mustStatus(t, e.do(t, "POST", "/api/v1/cases/"+n+"/dispatch", e.admin, map[string]string{"department": "ylj"}), http.StatusOK)

	v := e.call(t, "POST", np+"/visits", e.admin, map[string]any{"ticket": map[string]string{"kind": "case", "ref": n}, "technician": "覃工",
		"contact": "张三", "contact_phone": "13812341234"}, http.StatusCreated)
	if v["unit"] != "ylj" || v["ticket"].(map[string]any)["kind_label"] != "指挥平台工单" {
		t.Fatalf("visit %v", v)
	}
	vp := np + "/visits/" + v["id"].(string)
	e.call(t, "POST", vp+"/arrive", e.admin, nil, http.StatusOK)
	e.call(t, "POST", vp+"/resolve", e.admin, nil, http.StatusOK)

	trail := items(t, e.call(t, "GET", "/api/v1/cases/"+n+"/events", e.own, nil, http.StatusOK))
	var notes []string
	for _, ev := range trail {
		if ev["type"] == "commented" && ev["actor"] == refserver.NetopsActor {
			notes = append(notes, ev["note"].(string))
		}
	}
	if len(notes) != 2 || !strings.HasPrefix(notes[0], "现场服务到场：覃工") || !strings.Contains(notes[0], "在 45 分钟响应时限内") ||
		!strings.HasPrefix(notes[1], "现场服务解决：覃工") || !strings.Contains(notes[1], v["id"].(string)) {
		t.Fatalf("the case's trail: %v", trail)
	}
	for _, n := range notes {
		if strings.Contains(n, "张三") || strings.Contains(n, "13812341234") {
			t.Fatalf("a comment quotes the contact: %q", n)
		}
	}
	if got := items(t, e.call(t, "GET", np+"/visits?ticket="+n, e.own, nil, http.StatusOK)); len(got) != 1 {
		t.Fatalf("visits of the case %v", got)
	}

	hotline := e.dispatchedCase(t)
	for _, tc := range []struct{ name, ref string }{{"HotlineCase", hotline}, {"NotANumber", "LZ-0001"}} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(t, "POST", np+"/visits", e.admin, map[string]any{"ticket": map[string]string{"kind": "case", "ref": tc.ref}, "technician": "覃工"})
			mustStatus(t, r, http.StatusBadRequest)
			if f := r.json(t)["fields"].(map[string]any); f["ticket.ref"] == nil {
				t.Fatalf("fields %v", f)
			}
		})
	}
	t.Run("NoSuchCase", func(t *testing.T) {
		r := e.do(t, "POST", np+"/visits", e.admin, map[string]any{"ticket": map[string]string{"kind": "case", "ref": "2026-999999"}, "technician": "覃工"})
		mustStatus(t, r, http.StatusNotFound)
	})
	t.Run("ClosedCase", func(t *testing.T) {
		mustStatus(t, e.do(t, "POST", "/api/v1/cases/"+n+"/accept", e.own, nil), http.StatusOK)
		mustStatus(t, e.do(t, "POST", "/api/v1/cases/"+n+"/reply", e.own, map[string]string{"reply": "已恢复"}), http.StatusOK)
		mustStatus(t, e.do(t, "POST", "/api/v1/cases/"+n+"/close", e.admin, nil), http.StatusOK)
		r := e.do(t, "POST", np+"/visits", e.admin, map[string]any{"ticket": map[string]string{"kind": "case", "ref": n}, "technician": "覃工"})
		mustStatus(t, r, http.StatusBadRequest)
		if f := r.json(t)["fields"].(map[string]any); !strings.Contains(fmt.Sprint(f["ticket.ref"]), "closed") {
			t.Fatalf("fields %v", f)
		}
	})
}

// TestServer_NetopsVisitMasked reads a visit as every kind of token: the
// center and the unit served see its contact, a viewer sees the name and
// phone masked, another department does not see the visit at all.
func TestServer_NetopsVisitMasked(t *testing.T) {
	e := MustOpenServer(t)
	v := e.call(t, "POST", np+"/visits", e.admin, map[string]any{"ticket": map[string]string{"kind": "external", "ref": "12345-0009"},
		"unit": "ylj", "technician": "覃工", "summary": "张三反映打印机无法联网，回电13812341234", "contact": "张三", "contact_phone": "13812341234"},
		http.StatusCreated)
	vp := np + "/visits/" + v["id"].(string)
	e.call(t, "POST", vp+"/cancel", e.admin, map[string]string{"note": "张三来电取消，13812341234"}, http.StatusOK)
	for _, tc := range []struct {
		name, token, contact, phone, summary string
	}{
		{"Center", e.admin, "张三", "13812341234", "张三反映打印机无法联网，回电13812341234"},
		{"Unit", e.own, "张三", "13812341234", "张三反映打印机无法联网，回电13812341234"},
		{"Viewer", e.viewer, "张*", "138****1234", "张*反映打印机无法联网，回电138****1234"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, got := range []map[string]any{e.call(t, "GET", vp, tc.token, nil, http.StatusOK), items(t, e.call(t, "GET", np+"/visits", tc.token, nil, http.StatusOK))[0]} {
				if got["contact"] != tc.contact || got["contact_phone"] != tc.phone || got["summary"] != tc.summary {
					t.Fatalf("visit %v", got)
				}
			}
			evs := items(t, e.call(t, "GET", vp+"/events", tc.token, nil, http.StatusOK))
			if note := evs[len(evs)-1]["note"].(string); tc.name == "Viewer" && (strings.Contains(note, "张三") || strings.Contains(note, "13812341234")) {
				t.Fatalf("the viewer reads the cancel note %q", note)
			}
		})
	}
	mustStatus(t, e.do(t, "GET", vp, e.other, nil), http.StatusNotFound)
	mustStatus(t, e.do(t, "GET", vp+"/events", e.other, nil), http.StatusNotFound)
}

// TestNetopsWiring checks the adapters on their own: the directory's
// active units, the ticket checker's answers, and an observer whose case
// comment fails, which logs and leaves the visit alone.
func TestNetopsWiring(t *testing.T) {
	e := MustOpenServer(t)
	ctx := context.Background()
	center := govops.Actor{Name: "中心"}
	dir := refserver.NetopsDirectory(e.services.Departments)
	us, err := dir.Units(ctx)
	if err != nil || len(us) != 3 {
		t.Fatalf("units %v, %v", us, err)
	}
	u, err := dir.Unit(ctx, "ylj")
	if err != nil || u.Name != "跃进街道" || u.Kind != "township" || u.KindLabel != "乡镇街道" || u.Zone != netops.ZoneUrban {
		t.Fatalf("ylj: %+v, %v", u, err)
	}
	if _, err := e.services.Departments.Dissolve(ctx, center, "gaj", "撤并", 0); err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"gaj", "nowhere", "a b"} {
		if _, err := dir.Unit(ctx, code); govops.ErrorCode(err) != govops.ENOTFOUND {
			t.Errorf("Unit(%q) = %v, want ENOTFOUND", code, err)
		}
	}
	if us, _ := dir.Units(ctx); len(us) != 2 {
		t.Fatalf("active units %v", us)
	}

	c, err := e.services.Cases.Register(ctx, center, govcase.RegisterInput{Kind: govcase.KindITOps, Category: govcase.CategoryHelp,
		Source: govcase.SourcePhone, Title: "服务器告警"})
	if err != nil {
		t.Fatal(err)
	}
	tickets := refserver.NetopsTickets(e.services.Cases)
	if unit, err := tickets.Ticket(ctx, c.Number); err != nil || unit != "" {
		t.Fatalf("a case at the center: %q, %v", unit, err)
	}
	if _, err := tickets.Ticket(ctx, "2026-999999"); govops.ErrorCode(err) != govops.ENOTFOUND {
		t.Fatalf("no such case: %v", err)
	}

	var logs syncBuffer
	obs := refserver.NetopsObserver(slog.New(slog.NewJSONHandler(&logs, nil)), e.services.Cases)
	v := netops.Visit{ID: uuid.Must(uuid.NewV7()), Ticket: netops.Ticket{Kind: netops.TicketCase, Ref: "2026-999999"}, Unit: "ylj",
		Technician: "覃工", ArrivedAt: testStart, DueAt: testStart, SLAMinutes: 45}
	obs(ctx, v, netops.Event{Type: netops.EventVisitArrived, At: testStart})
	var line map[string]any
	if err := json.Unmarshal([]byte(logs.String()), &line); err != nil || line["level"] != "ERROR" || line["case"] != "2026-999999" ||
		line["visit"] != v.ID.String() || line["hook"] != "netops-visits" {
		t.Fatalf("log %q", logs.String())
	}
	// An external ticket and a report without arrival write nothing.
	before := logs.String()
	obs(ctx, netops.Visit{Ticket: netops.Ticket{Kind: netops.TicketExternal, Ref: "x"}}, netops.Event{Type: netops.EventVisitArrived})
	obs(ctx, netops.Visit{Ticket: netops.Ticket{Kind: netops.TicketCase, Ref: c.Number}}, netops.Event{Type: netops.EventVisitReported})
	if logs.String() != before {
		t.Fatalf("log %q", logs.String())
	}
	evs, err := e.services.Cases.Events(ctx, center, c.Number)
	if err != nil || len(evs) != 1 {
		t.Fatalf("the case's trail %v, %v", evs, err)
	}
}
