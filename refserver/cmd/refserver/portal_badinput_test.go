package main_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// TestMain_PortalBadInput sends the portal endpoints what a careless or
// hostile client would, and checks each answer names what is wrong: the
// fields of every body, the query parameters of the listings and counts,
// the crawl options, the states an action does not apply to, and the
// targets a crawl may not reach.
func TestMain_PortalBadInput(t *testing.T) {
	w := MustOpenWorld(t)
	const p = portalPath
	site := w.portalSite(t, false)
	sitePath := p + "/sites/" + site
	column := w.portalColumn(t)
	done := w.portalCrawl(t, false)
	open := w.portalTask(t, "open")
	consultation := w.portalConsultation(t)
	account := w.portalAccount(t)
	inspection := w.portalInspection(t)
	mustStatus(t, w.do(t, "POST", p+"/inspections", w.admin, portalInspectionBody(account)), 201)
	local := portalLocal().URL

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
	siteBody := func(k string, v any) map[string]any {
		return with(map[string]any{"code": fmt.Sprintf("SITE-%05d", portalSeq.Add(1)), "name": "网站", "home": local + "/fast/"}, k, v)
	}
	columnBody := func(k string, v any) map[string]any {
		return with(map[string]any{"site": site, "code": "tzgg", "name": "通知公告", "url": local + "/fast/tzgg/", "requirement": "half_yearly"}, k, v)
	}
	post := func(k, v string) map[string]any {
		row := map[string]any{"column": "xwdt", "title": "推进会", "url": local + "/fast/xwdt/bad.html", "published": "2026-03-01T10:00:00+08:00"}
		if v == "" {
			delete(row, k)
		} else {
			row[k] = v
		}
		return map[string]any{"posts": []any{row}}
	}
	crawlOpts := func(k string, v any) map[string]any {
		return map[string]any{"site": site, "options": map[string]any{k: v}}
	}
	taskBody := func(k string, v any) map[string]any { return with(w.portalTaskBody(t), k, v) }
	accountBody := func(k string, v any) map[string]any {
		b := map[string]any{}
		for key, val := range portalAccountBody() {
			b[key] = val
		}
		return with(b, k, v)
	}
	inspectionBody := func(k string, v any) map[string]any { return with(portalInspectionBody(account), k, v) }
	consultationBody := func(k string, v any) map[string]any {
		b := map[string]any{}
		for key, val := range portalConsultationBody(site) {
			b[key] = val
		}
		return with(b, k, v)
	}
	type row struct {
		name, token, method, path string
		body                      any
		hdr                       []string
		status                    int
		code, field               string
	}
	for _, tc := range []row{
		// Sites and columns.
		{"SiteHomeNotURL", w.admin, "POST", p + "/sites", siteBody("home", "www.liubei.gov.cn"), nil, 400, "invalid", "home"},
		{"SiteHomeFTP", w.admin, "POST", p + "/sites", siteBody("home", "ftp://www.liubei.gov.cn/"), nil, 400, "invalid", "home"},
		{"SiteCodeMissing", w.admin, "POST", p + "/sites", siteBody("code", nil), nil, 400, "invalid", "code"},
		{"SiteStatusUnknown", w.admin, "POST", p + "/sites", siteBody("status", "paused"), nil, 400, "invalid", "status"},
		{"SiteUnknownDepartment", w.admin, "POST", p + "/sites", siteBody("department", "nowhere"), nil, 400, "invalid", "department"},
		{"SiteDomainsNotList", w.admin, "POST", p + "/sites", siteBody("domains", "gov.cn"), nil, 400, "invalid", "domains"},
		{"SiteDuplicate", w.admin, "POST", p + "/sites", siteBody("code", site), nil, 409, "conflict", ""},
		{"SiteStaleIfMatch", w.admin, "PUT", sitePath, siteBody("code", site), []string{"If-Match", `"9"`}, 409, "conflict", ""},
		{"SitesBadStatus", w.admin, "GET", p + "/sites?status=open", nil, nil, 400, "invalid", "status"},
		{"SitesBadCursor", w.admin, "GET", p + "/sites?cursor=!!", nil, nil, 400, "invalid", "cursor"},
		{"SitesLimit501", w.admin, "GET", p + "/sites?limit=501", nil, nil, 400, "invalid", "limit"},
		{"NoSuchSite", w.admin, "GET", p + "/sites/NO-SUCH-SITE", nil, nil, 404, "not_found", ""},
		{"ColumnRequirementUnknown", w.admin, "POST", p + "/columns", columnBody("requirement", "weekly"), nil, 400, "invalid", "requirement"},
		{"ColumnURLOffSite", w.admin, "POST", p + "/columns", columnBody("url", "https://www.example.com/tzgg/"), nil, 400, "invalid", "url"},
		{"ColumnUnknownSite", w.admin, "POST", p + "/columns", columnBody("site", "NO-SUCH-SITE"), nil, 404, "not_found", "site"},
		{"ColumnDuplicate", w.admin, "POST", p + "/columns", columnBody("code", "xwdt"), nil, 409, "conflict", ""},
		{"ColumnsStaleNotBool", w.admin, "GET", p + "/columns?stale=yes", nil, nil, 400, "invalid", "stale"},
		{"ColumnsBadAt", w.admin, "GET", p + "/columns?stale=true&at=today", nil, nil, 400, "invalid", "at"},
		{"ColumnUpdateBadAt", w.admin, "POST", column + "/updates", map[string]string{"at": "yesterday"}, nil, 400, "invalid", "at"},
		{"ColumnUpdateFromPost", w.admin, "POST", column + "/updates", map[string]string{"at": "2026-03-01", "source": "post"}, nil, 400, "invalid", "source"},
		{"ColumnBadID", w.admin, "GET", p + "/columns/42", nil, nil, 400, "invalid", "id"},

		// Posts and their counts.
		{"PostNoTitle", w.admin, "POST", sitePath + "/posts", post("title", ""), nil, 400, "invalid", "posts[0].title"},
		{"PostBadTime", w.admin, "POST", sitePath + "/posts", post("published", "昨天"), nil, 400, "invalid", "posts[0].published"},
		{"PostUnknownColumn", w.admin, "POST", sitePath + "/posts", post("column", "nowhere"), nil, 400, "invalid", "posts[0].column"},
		{"PostSourceUnknown", w.admin, "POST", sitePath + "/posts", post("source", "fax"), nil, 400, "invalid", "posts[0].source"},
		{"PostOfAnotherUnit", w.foreign, "POST", sitePath + "/posts", post("department", "ylj"), nil, 403, "forbidden", ""},
		{"PostsNotAList", w.admin, "POST", sitePath + "/posts", map[string]any{"posts": "xwdt"}, nil, 400, "invalid", "posts"},
		{"PostImportBadMode", w.admin, "POST", sitePath + "/posts/import?mode=some", "栏目,标题,网址,发布时间\n", csvHeader, 400, "invalid", "mode"},
		{"PostImportNotCSV", w.admin, "POST", sitePath + "/posts/import", map[string]string{"title": "x"}, nil, 415, "invalid", "Content-Type"},
		{"PostImportBadRow", w.admin, "POST", sitePath + "/posts/import", "栏目,标题,网址,发布时间\nxwdt,推进会," + local + "/fast/xwdt/r.html,明天\n", csvHeader, 422, "invalid", "row[2].published"},
		{"PostsBadFrom", w.admin, "GET", p + "/posts?from=monday", nil, nil, 400, "invalid", "from"},
		{"PostCountsBadYear", w.admin, "GET", p + "/post-counts?year=26", nil, nil, 400, "invalid", "year"},

		// Probes and crawls.
		{"ProbesFailedNotBool", w.admin, "GET", p + "/probes?failed=maybe", nil, nil, 400, "invalid", "failed"},
		{"AvailabilityBadTo", w.admin, "GET", sitePath + "/availability?to=now", nil, nil, 400, "invalid", "to"},
		{"AvailabilityBackwards", w.admin, "GET", sitePath + "/availability?from=2026-03-02&to=2026-03-01", nil, nil, 400, "invalid", "to"},
		{"ProbeTakesNoBody", w.admin, "POST", sitePath + "/probe", map[string]string{"url": "http://10.0.0.1/"}, nil, 400, "invalid", "url"},
		{"CrawlNoSite", w.admin, "POST", p + "/crawls", map[string]any{}, nil, 400, "invalid", "site"},
		{"CrawlUnknownSite", w.admin, "POST", p + "/crawls", map[string]any{"site": "NO-SUCH-SITE"}, nil, 404, "not_found", "site"},
		{"CrawlTargetInBody", w.admin, "POST", p + "/crawls", map[string]any{"site": site, "url": "http://169.254.169.254/"}, nil, 400, "invalid", "url"},
		{"CrawlHostRateNotDecimal", w.admin, "POST", p + "/crawls", crawlOpts("host_rate", "fast"), nil, 400, "invalid", "options.host_rate"},
		{"CrawlHostRateNumber", w.admin, "POST", p + "/crawls", crawlOpts("host_rate", 2.5), nil, 400, "invalid", "options.host_rate"},
		{"CrawlTimeoutNegative", w.admin, "POST", p + "/crawls", crawlOpts("timeout_ms", -1), nil, 400, "invalid", "options.timeout_ms"},
		{"CrawlPagesNegative", w.admin, "POST", p + "/crawls", crawlOpts("max_pages", -5), nil, 400, "invalid", "options.max_pages"},
		{"CrawlUnknownOption", w.admin, "POST", p + "/crawls", crawlOpts("depth", 3), nil, 400, "invalid", "depth"},
		{"CrawlsBadStatus", w.admin, "GET", p + "/crawls?status=ok", nil, nil, 400, "invalid", "status"},
		{"CrawlsByDepartment", w.own, "GET", p + "/crawls", nil, nil, 403, "forbidden", ""},
		{"CrawlBadID", w.admin, "GET", p + "/crawls/latest", nil, nil, 400, "invalid", "id"},
		{"CancelEnded", w.admin, "POST", done + "/cancel", nil, nil, 409, "conflict", "status"},
		{"RaiseBadDue", w.admin, "POST", done + "/raise", map[string]string{"due": "soon"}, nil, 400, "invalid", "due"},
		{"RaiseFindingNotID", w.admin, "POST", done + "/raise", map[string]any{"findings": []string{"first"}}, nil, 400, "invalid", "findings[0]"},
		{"FindingsBadCrawl", w.admin, "GET", p + "/findings?crawl=latest", nil, nil, 400, "invalid", "crawl"},
		{"FindingsBadKind", w.admin, "GET", p + "/findings?kind=typos", nil, nil, 400, "invalid", "kind"},

		// Tasks.
		{"TaskKindUrge", w.admin, "POST", p + "/tasks", taskBody("kind", "update_urge"), nil, 400, "invalid", "kind"},
		{"TaskKindUnknown", w.admin, "POST", p + "/tasks", taskBody("kind", "spelling"), nil, 400, "invalid", "kind"},
		{"TaskNoTitle", w.admin, "POST", p + "/tasks", taskBody("title", nil), nil, 400, "invalid", "title"},
		{"TaskBadDue", w.admin, "POST", p + "/tasks", taskBody("due", "next week"), nil, 400, "invalid", "due"},
		{"TaskUnknownDepartment", w.admin, "POST", p + "/tasks", taskBody("department", "nowhere"), nil, 400, "invalid", "department"},
		{"TaskByDepartment", w.own, "POST", p + "/tasks", taskBody("department", "ylj"), nil, 403, "forbidden", ""},
		{"TaskForeign", w.foreign, "GET", open, nil, nil, 404, "not_found", ""},
		{"TaskFixForeign", w.foreign, "POST", open + "/fix", map[string]string{"fix": "x"}, nil, 404, "not_found", ""},
		{"TaskFixBadAt", w.own, "POST", open + "/fix", map[string]string{"fix": "x", "at": "today"}, nil, 400, "invalid", "at"},
		{"TaskRecheckOpen", w.admin, "POST", open + "/recheck", map[string]any{"passed": true}, nil, 409, "conflict", "status"},
		{"TaskPassedNotBool", w.admin, "POST", open + "/recheck", map[string]any{"passed": "yes"}, nil, 400, "invalid", "passed"},
		{"TaskDismissNoNote", w.admin, "POST", open + "/dismiss", map[string]string{"note": " "}, nil, 400, "invalid", "note"},
		{"TaskDispatchedAlready", w.admin, "POST", open + "/dispatch", nil, nil, 409, "conflict", ""},
		{"TaskStaleIfMatch", w.admin, "POST", open + "/dismiss", map[string]string{"note": "误报"}, []string{"If-Match", `"9"`}, 409, "conflict", ""},
		{"TasksBadStatus", w.admin, "GET", p + "/tasks?status=closed", nil, nil, 400, "invalid", "status"},
		{"TasksForeignDepartment", w.own, "GET", p + "/tasks?department=jfj", nil, nil, 403, "forbidden", "department"},
		{"TaskCountsBadYear", w.admin, "GET", p + "/task-counts?year=twenty", nil, nil, 400, "invalid", "year"},

		// Consultations, accounts and inspections, the evaluation.
		{"ConsultationNoSubject", w.admin, "POST", p + "/consultations", consultationBody("subject", nil), nil, 400, "invalid", "subject"},
		{"ConsultationBadReceived", w.admin, "POST", p + "/consultations", consultationBody("received", "上周"), nil, 400, "invalid", "received"},
		{"ConsultationFutureReceived", w.admin, "POST", p + "/consultations", consultationBody("received", "2099-01-01"), nil, 400, "invalid", "received"},
		{"AnswerEmpty", w.own, "POST", consultation + "/answer", map[string]string{"answer": ""}, nil, 400, "invalid", "answer"},
		{"AnswerForeign", w.foreign, "POST", consultation + "/answer", map[string]string{"answer": "已答复"}, nil, 404, "not_found", ""},
		{"ConsultationsUnansweredNotBool", w.admin, "GET", p + "/consultations?unanswered=1x", nil, nil, 400, "invalid", "unanswered"},
		{"AccountPlatformUnknown", w.admin, "POST", p + "/accounts", accountBody("platform", "qq"), nil, 400, "invalid", "platform"},
		{"AccountStatusUnknown", w.admin, "POST", p + "/accounts", accountBody("status", "dead"), nil, 400, "invalid", "status"},
		{"AccountsBadPlatform", w.admin, "GET", p + "/accounts?platform=qq", nil, nil, 400, "invalid", "platform"},
		{"AccountForeign", w.foreign, "GET", account, nil, nil, 404, "not_found", ""},
		{"InspectionUnknownAccount", w.admin, "POST", p + "/inspections", inspectionBody("account", "NO-SUCH"), nil, 404, "not_found", "account"},
		{"InspectionBadInspected", w.admin, "POST", p + "/inspections", inspectionBody("inspected", "周一"), nil, 400, "invalid", "inspected"},
		{"InspectionTwiceAWeek", w.admin, "POST", p + "/inspections", inspectionBody("inspected", "2026-03-02T08:30:00+08:00"), nil, 409, "conflict", ""},
		{"InspectionForeign", w.foreign, "GET", inspection, nil, nil, 404, "not_found", ""},
		{"InspectionsBadTo", w.admin, "GET", p + "/inspections?to=later", nil, nil, 400, "invalid", "to"},
		{"UninspectedBadAt", w.admin, "GET", p + "/uninspected?at=now", nil, nil, 400, "invalid", "at"},
		{"EvaluationBadAt", w.admin, "GET", p + "/evaluation?at=now", nil, nil, 400, "invalid", "at"},
		{"EvaluationUnknownParameter", w.admin, "GET", p + "/evaluation?year=2026", nil, nil, 400, "invalid", "year"},
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
