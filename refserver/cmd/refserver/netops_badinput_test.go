package main_test

import (
	"net/url"
	"strings"
	"testing"
)

// TestMain_NetopsBadInput sends the netops endpoints what a careless or
// hostile client would, and checks each answer names what is wrong: the
// fields of every body, the query parameters of the listings and reports,
// the CSV imports and the states an action does not apply to.
func TestMain_NetopsBadInput(t *testing.T) {
	w := MustOpenWorld(t)
	const p = netPath
	site := w.netProfile(t)
	link := w.netLink(t)
	planned := w.netMigration(t, "planned")
	visit := w.netVisit(t, true)
	plan := w.netPlan(t)
	booking := w.netBooking(t)
	shift := w.netShift(t)
	device := w.netDevice(t)
	takenTag := device[strings.LastIndex(device, "/")+1:]

	with := func(body map[string]any, k string, v any) map[string]any {
		out := map[string]any{}
		for key, val := range body {
			out[key] = val
		}
		if v == nil {
			delete(out, k)
		} else {
			out[k] = v
		}
		return out
	}
	linkBody := func(k string, v any) map[string]any { return with(netLinkBody(site), k, v) }
	visitBody := func(k string, v any) map[string]any { return with(netVisitBody(), k, v) }
	bookingBody := func(k string, v any) map[string]any { return with(w.netBookingBody(t), k, v) }
	deviceBody := func(k string, v any) map[string]any {
		b := map[string]any{}
		for key, val := range netDeviceBody(site) {
			b[key] = val
		}
		return with(b, k, v)
	}
	shifts := func(ss ...map[string]string) map[string]any { return map[string]any{"shifts": ss} }
	csv := csvHeader
	type row struct {
		name, token, method, path string
		body                      any
		hdr                       []string
		status                    int
		code, field               string
	}
	for _, tc := range []row{
		// Sites.
		{"SiteCodeTooLong", w.admin, "POST", p + "/sites", netSiteBody(strings.Repeat("S", 65)), nil, 400, "invalid", "code"},
		{"SiteCodeControl", w.admin, "POST", p + "/sites", netSiteBody("S\x01"), nil, 400, "invalid", "code"},
		{"SiteNameMissing", w.admin, "POST", p + "/sites", with(netSiteBody("S-X1"), "name", nil), nil, 400, "invalid", "name"},
		{"SiteZoneUnknown", w.admin, "POST", p + "/sites", with(netSiteBody("S-X2"), "zone", "downtown"), nil, 400, "invalid", "zone"},
		{"SiteRoomKindUnknown", w.admin, "POST", p + "/sites", with(netSiteBody("S-X3"), "rooms", []map[string]string{{"code": "A", "name": "A", "kind": "kitchen"}}), nil, 400, "invalid", "rooms[0].kind"},
		{"SiteRoomCodeTwice", w.admin, "POST", p + "/sites", with(netSiteBody("S-X4"), "rooms", []map[string]string{{"code": "A", "name": "A", "kind": "other"}, {"code": "A", "name": "B", "kind": "other"}}), nil, 400, "invalid", "rooms[1].code"},
		{"SiteUnknownField", w.admin, "POST", p + "/sites", with(netSiteBody("S-X5"), "colour", "red"), nil, 400, "invalid", "colour"},
		{"SiteNotAnObject", w.admin, "POST", p + "/sites", `["XZDL"]`, nil, 400, "invalid", "body"},
		{"SiteNotJSON", w.admin, "POST", p + "/sites", "code=XZDL", []string{"Content-Type", "application/x-www-form-urlencoded"}, 415, "invalid", "Content-Type"},
		{"SiteTooLarge", w.admin, "POST", p + "/sites", with(netSiteBody("S-X6"), "note", strings.Repeat("x", 1<<20)), nil, 413, "invalid", "body"},
		{"SiteTaken", w.admin, "POST", p + "/sites", netSiteBody(site), nil, 409, "conflict", ""},
		{"SiteUnknown", w.admin, "GET", p + "/sites/NOPE", nil, nil, 404, "not_found", ""},
		{"SitePatchBadIfMatch", w.admin, "PATCH", p + "/sites/" + site, map[string]string{"note": "x"}, []string{"If-Match", "1"}, 400, "invalid", "If-Match"},
		{"SitePatchStale", w.admin, "PATCH", p + "/sites/" + site, map[string]string{"note": "x"}, []string{"If-Match", `"9"`}, 409, "conflict", ""},
		{"SitePatchCode", w.admin, "PATCH", p + "/sites/" + site, map[string]string{"code": "OTHER"}, nil, 400, "invalid", "code"},

		// Unit profiles and coverage.
		{"UnitNotInDirectory", w.admin, "PUT", p + "/units/nowhere", map[string]string{"site": site}, nil, 400, "invalid", "unit"},
		{"UnitSiteUnknown", w.admin, "PUT", p + "/units/jfj", map[string]string{"site": "NOPE"}, nil, 400, "invalid", "site"},
		{"UnitRoomUnknown", w.admin, "PUT", p + "/units/jfj", map[string]string{"site": site, "room": "9F"}, nil, 400, "invalid", "room"},
		{"UnitForeign", w.foreign, "GET", p + "/units/ylj", nil, nil, 404, "not_found", ""},
		{"UnitsBadCursor", w.admin, "GET", p + "/units?cursor=!!", nil, nil, 400, "invalid", "cursor"},
		{"UnitsLimit501", w.admin, "GET", p + "/units?limit=501", nil, nil, 400, "invalid", "limit"},
		{"UnitsUnknownParameter", w.admin, "GET", p + "/units?unit=ylj", nil, nil, 400, "invalid", "unit"},
		{"CoverageUnknownParameter", w.admin, "GET", p + "/coverage?kind=village", nil, nil, 400, "invalid", "kind"},
		{"UnitImportUnknownUnit", w.admin, "POST", p + "/units/import", "单位,站点\nnowhere," + site + "\n", csv, 422, "invalid", "row[2].unit"},

		// Links.
		{"LinkPrefixHostBits", w.admin, "POST", p + "/links", linkBody("prefixes", []string{"10.0.0.1/24"}), nil, 400, "invalid", "prefixes[0]"},
		{"LinkPrefixNotCIDR", w.admin, "POST", p + "/links", linkBody("prefixes", []string{"10.9.0.0/24", "10.0.0.0"}), nil, 400, "invalid", "prefixes[1]"},
		{"LinkPrefixesNotArray", w.admin, "POST", p + "/links", linkBody("prefixes", "10.9.0.0/24"), nil, 400, "invalid", "prefixes"},
		{"LinkVLANTooHigh", w.admin, "POST", p + "/links", linkBody("vlan", 5000), nil, 400, "invalid", "vlan"},
		{"LinkVLANNotNumber", w.admin, "POST", p + "/links", linkBody("vlan", "201"), nil, 400, "invalid", "vlan"},
		{"LinkBandwidthNegative", w.admin, "POST", p + "/links", linkBody("bandwidth_mbps", -1), nil, 400, "invalid", "bandwidth_mbps"},
		{"LinkTypeUnknown", w.admin, "POST", p + "/links", linkBody("type", "fiber"), nil, 400, "invalid", "type"},
		{"LinkUnitMissing", w.admin, "POST", p + "/links", linkBody("unit", nil), nil, 400, "invalid", "unit"},
		{"LinkCarrierMissing", w.admin, "POST", p + "/links", linkBody("carrier", nil), nil, 400, "invalid", "carrier"},
		{"LinkStatusUnknown", w.admin, "POST", p + "/links", linkBody("status", "live"), nil, 400, "invalid", "status"},
		{"LinkBadAt", w.admin, "POST", p + "/links", linkBody("at", "yesterday"), nil, 400, "invalid", "at"},
		{"LinkViaExtranetNotInternet", w.admin, "POST", p + "/links", linkBody("via_extranet", true), nil, 400, "invalid", "via_extranet"},
		{"LinkPrivateWithoutNetwork", w.admin, "POST", p + "/links", linkBody("type", "private"), nil, 400, "invalid", "network"},
		{"LinkUnknownField", w.admin, "POST", p + "/links", linkBody("prefix", "10.9.0.0/24"), nil, 400, "invalid", "prefix"},
		{"LinkOverlap", w.admin, "POST", p + "/links", linkBody("prefixes", []string{w.linkPrefix(t, link)}), nil, 409, "conflict", ""},
		{"LinkBadID", w.admin, "GET", p + "/links/42", nil, nil, 400, "invalid", "id"},
		{"LinkUnknown", w.admin, "GET", p + "/links/01a22d39-0000-7000-8000-000000000000", nil, nil, 404, "not_found", ""},
		{"LinkPatchVLAN", w.admin, "PATCH", link, map[string]any{"vlan": -2}, nil, 400, "invalid", "vlan"},
		{"LinkPatchStatus", w.admin, "PATCH", link, map[string]any{"status": "decommissioned"}, nil, 400, "invalid", "status"},
		{"LinkMoveUnknown", w.admin, "POST", link + "/move", map[string]string{"to": "closed"}, nil, 400, "invalid", "to"},
		{"LinkMoveBackwards", w.admin, "POST", link + "/move", map[string]string{"to": "planned"}, nil, 409, "conflict", ""},
		{"LinkDecommissionWithoutNote", w.admin, "POST", link + "/move", map[string]string{"to": "decommissioned"}, nil, 400, "invalid", "note"},
		{"LinkMoveBadAt", w.admin, "POST", link + "/move", map[string]string{"to": "deprovisioning", "at": "2026-13-01T00:00:00+08:00"}, nil, 400, "invalid", "at"},
		{"LinksBadType", w.admin, "GET", p + "/links?type=fiber", nil, nil, 400, "invalid", "type"},
		{"LinksBadStatus", w.admin, "GET", p + "/links?status=live", nil, nil, 400, "invalid", "status"},
		{"LinksBadSelfBuilt", w.admin, "GET", p + "/links?self_built=maybe", nil, nil, 400, "invalid", "self_built"},
		{"LinksForeignUnit", w.foreign, "GET", p + "/links?unit=ylj", nil, nil, 403, "forbidden", "unit"},
		{"LinksLimit501", w.admin, "GET", p + "/links?limit=501", nil, nil, 400, "invalid", "limit"},
		{"LinkImportNotCSV", w.admin, "POST", p + "/links/import", `{"unit":"ylj"}`, nil, 415, "invalid", "Content-Type"},
		{"LinkImportBadMode", w.admin, "POST", p + "/links/import?mode=some", "单位\n", csv, 400, "invalid", "mode"},
		{"LinkImportBadEncoding", w.admin, "POST", p + "/links/import?encoding=big5", "单位\n", csv, 400, "invalid", "encoding"},
		{"LinkImportBadPrefix", w.admin, "POST", p + "/links/import", "单位,站点,运营商,类型,地址段\nylj," + site + ",中国电信,extranet,10.0.0.1/24\n", csv, 422, "invalid", "row[2].prefixes[0]"},
		{"LinkImportMissingColumn", w.admin, "POST", p + "/links/import", "单位,站点,类型\nylj," + site + ",extranet\n", csv, 400, "invalid", "carrier"},

		// Business private networks.
		{"NetworkModeUnknown", w.admin, "POST", p + "/networks", map[string]any{"code": "N-X1", "name": "专网", "interconnect": map[string]string{"mode": "vpn"}}, nil, 400, "invalid", "interconnect.mode"},
		{"NetworkSinceBad", w.admin, "POST", p + "/networks", map[string]any{"code": "N-X2", "name": "专网", "interconnect": map[string]string{"mode": "firewall", "site": site, "since": "last year"}}, nil, 400, "invalid", "interconnect.since"},
		{"NetworkStatusUnknown", w.admin, "POST", p + "/networks", map[string]any{"code": "N-X3", "name": "专网", "status": "closed"}, nil, 400, "invalid", "status"},
		{"NetworkUnknown", w.admin, "GET", p + "/networks/NOPE", nil, nil, 404, "not_found", ""},

		// Migrations.
		{"MigrationWithoutProfile", w.admin, "POST", p + "/migrations", with(map[string]any{"unit": "jfj", "to_site": site, "planned_for": netHour(0)}, "x", nil), nil, 400, "invalid", "unit"},
		{"MigrationPlannedForBad", w.admin, "POST", p + "/migrations", map[string]any{"unit": "ylj", "to_site": site, "planned_for": "tomorrow"}, nil, 400, "invalid", "planned_for"},
		{"MigrationToSiteUnknown", w.admin, "POST", p + "/migrations", map[string]any{"unit": "ylj", "to_site": "NOPE", "planned_for": netHour(0)}, nil, 400, "invalid", "to_site"},
		{"MigrationCancelWithoutNote", w.admin, "POST", planned + "/cancel", map[string]string{"note": " "}, nil, 400, "invalid", "note"},
		{"MigrationVerifyPlanned", w.admin, "POST", planned + "/verify", nil, nil, 409, "conflict", ""},
		{"MigrationForeign", w.foreign, "GET", planned, nil, nil, 404, "not_found", ""},
		{"MigrationsForeignUnit", w.foreign, "GET", p + "/migrations?unit=ylj", nil, nil, 403, "forbidden", "unit"},
		{"MigrationBadID", w.admin, "POST", p + "/migrations/42/cutover", nil, nil, 400, "invalid", "id"},
		{"MigrationsBadStatus", w.admin, "GET", p + "/migrations?status=done", nil, nil, 400, "invalid", "status"},

		// Visits and compliance.
		{"VisitTicketMissing", w.admin, "POST", p + "/visits", visitBody("ticket", nil), nil, 400, "invalid", "ticket.kind"},
		{"VisitTicketKindUnknown", w.admin, "POST", p + "/visits", visitBody("ticket", map[string]string{"kind": "email", "ref": "x"}), nil, 400, "invalid", "ticket.kind"},
		{"VisitTicketUnknownField", w.admin, "POST", p + "/visits", visitBody("ticket", map[string]string{"kind": "external", "ref": "x", "id": "1"}), nil, 400, "invalid", "id"},
		{"VisitTechnicianMissing", w.admin, "POST", p + "/visits", visitBody("technician", nil), nil, 400, "invalid", "technician"},
		{"VisitPhoneBad", w.admin, "POST", p + "/visits", visitBody("contact_phone", "call me"), nil, 400, "invalid", "contact_phone"},
		{"VisitZoneUnknown", w.admin, "POST", p + "/visits", visitBody("zone", "downtown"), nil, 400, "invalid", "zone"},
		{"VisitReportedAtBad", w.admin, "POST", p + "/visits", visitBody("reported_at", "now"), nil, 400, "invalid", "reported_at"},
		{"VisitReportedInFuture", w.admin, "POST", p + "/visits", visitBody("reported_at", "2030-01-01T00:00:00+08:00"), nil, 400, "invalid", "reported_at"},
		{"VisitArrivedBeforeReported", w.admin, "POST", p + "/visits", with(visitBody("reported_at", "2026-03-01T10:00:00+08:00"), "arrived_at", "2026-03-01T09:00:00+08:00"), nil, 400, "invalid", "arrived_at"},
		{"VisitCaseUnknown", w.admin, "POST", p + "/visits", visitBody("ticket", map[string]string{"kind": "case", "ref": "2026-999999"}), nil, 404, "not_found", ""},
		{"VisitCaseNotITOps", w.admin, "POST", p + "/visits", visitBody("ticket", map[string]string{"kind": "case", "ref": w.newCase(t)}), nil, 400, "invalid", "ticket.ref"},
		{"VisitArriveTwice", w.admin, "POST", visit + "/arrive", nil, nil, 409, "conflict", ""},
		{"VisitCancelArrived", w.admin, "POST", visit + "/cancel", map[string]string{"note": "x"}, nil, 409, "conflict", ""},
		{"VisitCancelWithoutNote", w.admin, "POST", w.netVisit(t, false) + "/cancel", map[string]string{}, nil, 400, "invalid", "note"},
		{"VisitCancelWithoutBody", w.admin, "POST", w.netVisit(t, false) + "/cancel", nil, nil, 400, "invalid", "body"},
		{"VisitStepBadAt", w.admin, "POST", visit + "/resolve", map[string]string{"at": "noon"}, nil, 400, "invalid", "at"},
		{"VisitBadID", w.admin, "GET", p + "/visits/not-an-id", nil, nil, 400, "invalid", "id"},
		{"VisitsBadFrom", w.admin, "GET", p + "/visits?from=yesterday", nil, nil, 400, "invalid", "from"},
		{"VisitsBadBreached", w.admin, "GET", p + "/visits?breached=maybe", nil, nil, 400, "invalid", "breached"},
		{"VisitsBadZone", w.admin, "GET", p + "/visits?zone=downtown", nil, nil, 400, "invalid", "zone"},
		{"VisitsForeignUnit", w.foreign, "GET", p + "/visits?unit=ylj", nil, nil, 403, "forbidden", "unit"},
		{"ComplianceWithoutPeriod", w.admin, "GET", p + "/compliance", nil, nil, 400, "invalid", "from"},
		{"ComplianceTooLong", w.admin, "GET", p + "/compliance?from=2025-01-01&to=2026-03-01", nil, nil, 400, "invalid", "to"},
		{"ComplianceForeignUnit", w.foreign, "GET", p + "/compliance?from=2026-03-01&to=2026-03-31&unit=ylj", nil, nil, 403, "forbidden", "unit"},

		// Inspections.
		{"PlanFrequencyUnknown", w.admin, "POST", p + "/plans", with(netPlanBody(site), "frequency", "hourly"), nil, 400, "invalid", "frequency"},
		{"PlanTargetKindUnknown", w.admin, "POST", p + "/plans", with(netPlanBody(site), "target", map[string]string{"kind": "car"}), nil, 400, "invalid", "target.kind"},
		{"PlanTargetRoomUnknown", w.admin, "POST", p + "/plans", with(netPlanBody(site), "target", map[string]string{"kind": "room", "site": site, "room": "9F"}), nil, 400, "invalid", "target.room"},
		{"PlanStartOnBad", w.admin, "POST", p + "/plans", with(netPlanBody(site), "start_on", "someday"), nil, 400, "invalid", "start_on"},
		{"PlanStatusUnknown", w.admin, "PATCH", plan, map[string]string{"status": "stopped"}, nil, 400, "invalid", "status"},
		{"RecordResultMissing", w.admin, "POST", plan + "/records", map[string]any{"inspector": "覃工", "results": []map[string]any{{"item": "空调温度", "ok": true}}}, nil, 400, "invalid", "results"},
		{"RecordAtBad", w.admin, "POST", plan + "/records", with(netRecordBody, "at", "today"), nil, 400, "invalid", "at"},
		{"RecordStale", w.admin, "POST", plan + "/records", netRecordBody, []string{"If-Match", `"7"`}, 409, "conflict", ""},
		{"PlansBadStatus", w.admin, "GET", p + "/plans?status=stopped", nil, nil, 400, "invalid", "status"},
		{"RecordsBadPlan", w.admin, "GET", p + "/records?plan=x", nil, nil, 400, "invalid", "plan"},
		{"RecordsBadTo", w.admin, "GET", p + "/records?to=tomorrow", nil, nil, 400, "invalid", "to"},
		{"RecordBadPlanID", w.admin, "POST", p + "/plans/x/records", netRecordBody, nil, 400, "invalid", "id"},

		// Bookings.
		{"BookingRoomNotForMeetings", w.admin, "POST", p + "/bookings", bookingBody("room", "JF"), nil, 400, "invalid", "room"},
		{"BookingEndBeforeStart", w.admin, "POST", p + "/bookings", bookingBody("end", netHour(-5)), nil, 400, "invalid", "end"},
		{"BookingStartBad", w.admin, "POST", p + "/bookings", bookingBody("start", "9am"), nil, 400, "invalid", "start"},
		{"BookingModeUnknown", w.admin, "POST", p + "/bookings", bookingBody("mode", "phone"), nil, 400, "invalid", "mode"},
		{"BookingStaffMissing", w.admin, "POST", p + "/bookings", bookingBody("staff", []string{}), nil, 400, "invalid", "staff"},
		{"BookingForAnother", w.foreign, "POST", p + "/bookings", bookingBody("department", "ylj"), nil, 403, "forbidden", ""},
		{"BookingCancelWithoutNote", w.own, "POST", booking + "/cancel", map[string]string{}, nil, 400, "invalid", "note"},
		{"BookingsWithoutPeriod", w.admin, "GET", p + "/bookings", nil, nil, 400, "invalid", "from"},
		{"BookingsForeignDepartment", w.own, "GET", p + "/bookings?from=2026-03-01&to=2026-03-02&department=jfj", nil, nil, 403, "forbidden", "department"},
		{"BookingsBadCancelled", w.admin, "GET", p + "/bookings?from=2026-03-01&to=2026-03-02&cancelled=yes", nil, nil, 400, "invalid", "cancelled"},

		// The roster.
		{"ShiftsNone", w.admin, "POST", p + "/shifts", shifts(), nil, 400, "invalid", "shifts"},
		{"ShiftEndBeforeStart", w.admin, "POST", p + "/shifts", shifts(netShiftBody(), with2(netShiftBody(), "end", netHour(-3))), nil, 400, "invalid", "shifts[1].end"},
		{"ShiftTooLong", w.admin, "POST", p + "/shifts", shifts(with2(netShiftBody(), "end", netHour(10_000))), nil, 400, "invalid", "shifts[0].end"},
		{"ShiftStartBad", w.admin, "POST", p + "/shifts", shifts(with2(netShiftBody(), "start", "08:30")), nil, 400, "invalid", "shifts[0].start"},
		{"ShiftPersonMissing", w.admin, "POST", p + "/shifts", shifts(with2(netShiftBody(), "person", "")), nil, 400, "invalid", "shifts[0].person"},
		{"ShiftUnknownField", w.admin, "POST", p + "/shifts", shifts(with2(netShiftBody(), "duty", "x")), nil, 400, "invalid", "duty"},
		{"ShiftUpdateBadEnd", w.admin, "PUT", shift, with2(netShiftBody(), "end", "later"), nil, 400, "invalid", "end"},
		{"ShiftCancelWithoutNote", w.admin, "POST", shift + "/cancel", map[string]string{"note": ""}, nil, 400, "invalid", "note"},
		{"RosterWithoutPeriod", w.admin, "GET", p + "/roster", nil, nil, 400, "invalid", "from"},
		{"RosterTooLong", w.admin, "GET", p + "/roster?from=2025-01-01&to=2026-03-01", nil, nil, 400, "invalid", "to"},
		{"ShiftsUnknownParameter", w.admin, "GET", p + "/shifts?from=2026-03-01&to=2026-03-02&role=值班", nil, nil, 400, "invalid", "role"},

		// The equipment register.
		{"DeviceKindUnknown", w.admin, "POST", p + "/devices", deviceBody("kind", "toaster"), nil, 400, "invalid", "kind"},
		{"DeviceTagMissing", w.admin, "POST", p + "/devices", deviceBody("asset_tag", nil), nil, 400, "invalid", "asset_tag"},
		{"DevicePurchasedBad", w.admin, "POST", p + "/devices", deviceBody("purchased_on", "May 2019"), nil, 400, "invalid", "purchased_on"},
		{"DeviceSiteUnknown", w.admin, "POST", p + "/devices", deviceBody("site", "NOPE"), nil, 404, "not_found", "site"},
		{"DeviceTagTaken", w.admin, "POST", p + "/devices", deviceBody("asset_tag", takenTag), nil, 409, "conflict", ""},
		{"DeviceReplacementBad", w.admin, "POST", device + "/replacement", map[string]string{"planned_on": "soon"}, nil, 400, "invalid", "planned_on"},
		{"DeviceRetireWithoutNote", w.admin, "POST", device + "/retire", map[string]string{"note": ""}, nil, 400, "invalid", "note"},
		{"DeviceUnknown", w.admin, "GET", p + "/devices/NOPE-1", nil, nil, 404, "not_found", ""},
		{"DevicesBadKind", w.admin, "GET", p + "/devices?kind=toaster", nil, nil, 400, "invalid", "kind"},
		{"DeviceImportBadKind", w.admin, "POST", p + "/devices/import", "资产编号,类型,站点,购置日期\nLB-X-1,toaster," + site + ",2019-01-01\n", csv, 422, "invalid", "row[2].kind"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := w.do(t, tc.method, tc.path, tc.token, tc.body, tc.hdr...)
			path, _, _ := strings.Cut(tc.path, "?")
			if p, err := url.PathUnescape(path); err == nil {
				path = p
			}
			assertProblem(t, r, tc.status, tc.code, tc.field, path)
		})
	}
}

// with2 returns a copy of m with k set to v.
func with2(m map[string]string, k, v string) map[string]string {
	out := map[string]string{}
	for key, val := range m {
		out[key] = val
	}
	out[k] = v
	return out
}

// linkPrefix returns the first prefix of the link at path.
func (w *world) linkPrefix(t testing.TB, path string) string {
	t.Helper()
	var l struct{ Prefixes []string }
	decode(t, w.do(t, "GET", path, w.admin, nil), &l)
	return l.Prefixes[0]
}
