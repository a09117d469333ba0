package main_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestMain_DataBadInput sends the data catalog endpoints what a careless
// or hostile client would, and checks each answer names what is wrong:
// every body field and query parameter that can be wrong.
func TestMain_DataBadInput(t *testing.T) {
	w := MustOpenWorld(t)
	const p = "/api/v1/data"
	draft := w.dataEntry(t, "conditional", false)
	cond := w.dataEntry(t, "conditional", true)
	open := w.dataEntry(t, "unconditional", true)
	none := w.dataEntry(t, "none", true)
	withdrawn := w.dataEntry(t, "unconditional", true)
	mustStatus(t, w.do(t, "POST", dataPath(withdrawn)+"/withdraw", w.admin, map[string]string{"reason": "停用"}), http.StatusOK)
	pending := w.dataRequest(t, false)
	approved := w.dataRequest(t, true)

	entry := func(change func(m map[string]any)) map[string]any {
		m := dataEntryBody(fmt.Sprintf("301003/%06d", dataSeq.Add(1)), "conditional")
		change(m)
		return m
	}
	item := func(i int, k string, v any) func(m map[string]any) {
		return func(m map[string]any) { m["items"].([]map[string]any)[i][k] = v }
	}
	set := func(k string, v any) func(m map[string]any) { return func(m map[string]any) { m[k] = v } }
	request := func(k string, v any) map[string]any {
		m := map[string]any{"catalog": cond, "consumer": "jfj", "purpose": "核查", "items": []string{"姓名"}}
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
		return m
	}
	type row struct {
		name, token, method, path string
		body                      any
		hdr                       []string
		status                    int
		code, field               string
	}
	for _, tc := range []row{
		// Catalog entries: every field of the body.
		{"CodeMalformed", w.admin, "POST", p + "/catalogs", entry(set("code", "30100/1")), nil, 400, "invalid", "code"},
		{"CodeTaken", w.admin, "POST", p + "/catalogs", dataEntryBody(cond, "conditional"), nil, 409, "conflict", ""},
		{"NameBlank", w.admin, "POST", p + "/catalogs", entry(set("name", " ")), nil, 400, "invalid", "name"},
		{"NameTwoLines", w.admin, "POST", p + "/catalogs", entry(set("name", "低保\n名册")), nil, 400, "invalid", "name"},
		{"DepartmentUnknown", w.admin, "POST", p + "/catalogs", entry(set("department", "nowhere")), nil, 400, "invalid", "department"},
		{"DepartmentOfAnother", w.foreign, "POST", p + "/catalogs", entry(set("department", "ylj")), nil, 403, "forbidden", ""},
		{"ProviderMissing", w.admin, "POST", p + "/catalogs", entry(set("provider", "")), nil, 400, "invalid", "provider"},
		{"ProviderCodeCheck", w.admin, "POST", p + "/catalogs", entry(set("provider_code", dataProvider[:17]+"0")), nil, 400, "invalid", "provider_code"},
		{"SummaryMissing", w.admin, "POST", p + "/catalogs", entry(set("summary", "")), nil, 400, "invalid", "summary"},
		{"ClassDisagrees", w.admin, "POST", p + "/catalogs", entry(set("class", "basic")), nil, 400, "invalid", "class"},
		{"FormatUnknown", w.admin, "POST", p + "/catalogs", entry(set("format", "excel")), nil, 400, "invalid", "format"},
		{"SubFormatTooLong", w.admin, "POST", p + "/catalogs", entry(set("sub_format", strings.Repeat("x", 51))), nil, 400, "invalid", "sub_format"},
		{"ItemsNone", w.admin, "POST", p + "/catalogs", entry(set("items", []any{})), nil, 400, "invalid", "items"},
		{"ItemsNotArray", w.admin, "POST", p + "/catalogs", entry(set("items", "姓名")), nil, 400, "invalid", "items"},
		{"ItemNameRepeated", w.admin, "POST", p + "/catalogs", entry(item(1, "name", "姓名")), nil, 400, "invalid", "items[1].name"},
		{"ItemTypeUnknown", w.admin, "POST", p + "/catalogs", entry(item(2, "type", "money")), nil, 400, "invalid", "items[2].type"},
		{"ItemLengthNegative", w.admin, "POST", p + "/catalogs", entry(item(0, "length", -1)), nil, 400, "invalid", "items[0].length"},
		{"ItemIDKindUnknown", w.admin, "POST", p + "/catalogs", entry(item(1, "id_kind", "passport")), nil, 400, "invalid", "items[1].id_kind"},
		{"ItemIDKindNotString", w.admin, "POST", p + "/catalogs", entry(item(2, "id_kind", "uscc")), nil, 400, "invalid", "items[2].id_kind"},
		{"ItemUnknownField", w.admin, "POST", p + "/catalogs", entry(item(0, "colour", "red")), nil, 400, "invalid", "colour"},
		{"KeyUnknownItem", w.admin, "POST", p + "/catalogs", entry(set("key", []string{"住址"})), nil, 400, "invalid", "key[0]"},
		{"ShareTypeUnknown", w.admin, "POST", p + "/catalogs", entry(set("share_type", "maybe")), nil, 400, "invalid", "share_type"},
		{"ConditionMissing", w.admin, "POST", p + "/catalogs", entry(set("condition", "")), nil, 400, "invalid", "condition"},
		{"LegalBasisMissing", w.admin, "POST", p + "/catalogs", entry(set("legal_basis", "")), nil, 400, "invalid", "legal_basis"},
		{"ShareMethodUnknown", w.admin, "POST", p + "/catalogs", entry(set("share_method", "email")), nil, 400, "invalid", "share_method"},
		{"OpenUnknown", w.admin, "POST", p + "/catalogs", entry(set("open", "public")), nil, 400, "invalid", "open"},
		{"OpenConditionMissing", w.admin, "POST", p + "/catalogs", entry(set("open", "conditional")), nil, 400, "invalid", "open_condition"},
		{"CycleUnknown", w.admin, "POST", p + "/catalogs", entry(set("cycle", "hourly")), nil, 400, "invalid", "cycle"},
		{"RelatedMalformed", w.admin, "POST", p + "/catalogs", entry(set("related", []string{"101001"})), nil, 400, "invalid", "related[0]"},
		{"UnknownField", w.admin, "POST", p + "/catalogs", entry(set("status", "published")), nil, 400, "invalid", "status"},
		{"BulkEmpty", w.admin, "POST", p + "/catalogs/bulk", map[string]any{"catalogs": []any{}}, nil, 400, "invalid", "catalogs"},
		{"BulkCodeTwice", w.admin, "POST", p + "/catalogs/bulk", map[string]any{"catalogs": []any{dataEntryBody("301004/000001", "none"),
			dataEntryBody("301004/000001", "none")}}, nil, 400, "invalid", "catalogs[1].code"},
		{"BulkItemIDKind", w.admin, "POST", p + "/catalogs/bulk", map[string]any{"catalogs": []any{entry(item(0, "id_kind", "x"))}}, nil, 400, "invalid", "catalogs[0].items[0].id_kind"},
		{"PatchNameBlank", w.admin, "PATCH", dataPath(draft), map[string]string{"name": ""}, nil, 400, "invalid", "name"},
		{"PatchCode", w.admin, "PATCH", dataPath(draft), map[string]string{"code": "301001/999999"}, nil, 400, "invalid", "code"},
		{"PatchBadIfMatch", w.admin, "PATCH", dataPath(draft), map[string]string{"cycle": "daily"}, []string{"If-Match", "1"}, 400, "invalid", "If-Match"},
		{"PatchStale", w.admin, "PATCH", dataPath(draft), map[string]string{"cycle": "daily"}, []string{"If-Match", `"9"`}, 409, "conflict", ""},
		{"PublishPublished", w.admin, "POST", dataPath(cond) + "/publish", nil, nil, 409, "conflict", ""},
		{"WithdrawWithoutReason", w.admin, "POST", dataPath(open) + "/withdraw", map[string]string{"reason": " "}, nil, 400, "invalid", "reason"},
		{"WithdrawDraft", w.admin, "POST", dataPath(draft) + "/withdraw", map[string]string{"reason": "x"}, nil, 409, "conflict", ""},
		{"EntryRefMalformed", w.admin, "GET", p + "/catalogs/%E5%90%8D%E5%86%8C", nil, nil, 400, "invalid", "id"},
		{"EntryUnknown", w.admin, "GET", dataPath("301001/999999"), nil, nil, 404, "not_found", ""},
		{"EntryDraftOfAnother", w.foreign, "GET", dataPath(draft), nil, nil, 404, "not_found", ""},

		// Listings.
		{"CatalogsBadDepartment", w.admin, "GET", p + "/catalogs?department=%20ylj", nil, nil, 400, "invalid", "department"},
		{"CatalogsBadClass", w.admin, "GET", p + "/catalogs?class=misc", nil, nil, 400, "invalid", "class"},
		{"CatalogsBadFormat", w.admin, "GET", p + "/catalogs?format=excel", nil, nil, 400, "invalid", "format"},
		{"CatalogsBadShareType", w.admin, "GET", p + "/catalogs?share_type=maybe", nil, nil, 400, "invalid", "share_type"},
		{"CatalogsBadOpen", w.admin, "GET", p + "/catalogs?open=public", nil, nil, 400, "invalid", "open"},
		{"CatalogsBadStatus", w.admin, "GET", p + "/catalogs?status=live", nil, nil, 400, "invalid", "status"},
		{"CatalogsQTooLong", w.admin, "GET", p + "/catalogs?q=" + strings.Repeat("x", 201), nil, nil, 400, "invalid", "q"},
		{"CatalogsBadCursor", w.admin, "GET", p + "/catalogs?cursor=!!", nil, nil, 400, "invalid", "cursor"},
		{"CatalogsLimit501", w.admin, "GET", p + "/catalogs?limit=501", nil, nil, 400, "invalid", "limit"},
		{"CatalogsLimitNotNumber", w.admin, "GET", p + "/catalogs?limit=ten", nil, nil, 400, "invalid", "limit"},
		{"CatalogsUnknownParameter", w.admin, "GET", p + "/catalogs?text=x", nil, nil, 400, "invalid", "text"},
		{"CatalogsRepeatedParameter", w.admin, "GET", p + "/catalogs?class=basic&class=theme", nil, nil, 400, "invalid", "class"},
		{"BatchesUnknownCatalog", w.admin, "GET", p + "/batches?catalog=301001/999999", nil, nil, 404, "not_found", ""},
		{"BatchesForeignDepartment", w.own, "GET", p + "/batches?department=jfj", nil, nil, 403, "forbidden", "department"},
		{"BatchesBadStatus", w.admin, "GET", p + "/batches?status=done", nil, nil, 400, "invalid", "status"},
		{"BatchesBadCursor", w.admin, "GET", p + "/batches?cursor=!!", nil, nil, 400, "invalid", "cursor"},
		{"BatchesLimit501", w.admin, "GET", p + "/batches?limit=501", nil, nil, 400, "invalid", "limit"},
		{"BatchBadID", w.admin, "GET", p + "/batches/a%20b", nil, nil, 400, "invalid", "id"},
		{"BatchUnknown", w.admin, "GET", p + "/batches/01a22d39-0000-7000-8000-000000000000", nil, nil, 404, "not_found", ""},
		{"RequestsBadStatus", w.admin, "GET", p + "/requests?status=open", nil, nil, 400, "invalid", "status"},
		{"RequestsForeignParty", w.own, "GET", p + "/requests?party=jfj", nil, nil, 403, "forbidden", "party"},
		{"RequestsBadConsumer", w.admin, "GET", p + "/requests?consumer=%20ylj", nil, nil, 400, "invalid", "consumer"},
		{"RequestsBadProvider", w.admin, "GET", p + "/requests?provider=%20ylj", nil, nil, 400, "invalid", "provider"},
		{"RequestsBadOverdue", w.admin, "GET", p + "/requests?overdue=soon", nil, nil, 400, "invalid", "overdue"},
		{"RequestsOverdueApproved", w.admin, "GET", p + "/requests?overdue=true&status=approved", nil, nil, 400, "invalid", "overdue"},
		{"RequestsUnknownCatalog", w.admin, "GET", p + "/requests?catalog=301001/999999", nil, nil, 404, "not_found", ""},
		{"RequestsBadCursor", w.admin, "GET", p + "/requests?cursor=!!", nil, nil, 400, "invalid", "cursor"},
		{"RequestsLimit501", w.admin, "GET", p + "/requests?limit=501", nil, nil, 400, "invalid", "limit"},
		{"RecordsBadCursor", w.admin, "GET", dataPath(open) + "/records?cursor=!!", nil, nil, 400, "invalid", "cursor"},
		{"RecordsLimit501", w.admin, "GET", dataPath(open) + "/records?limit=501", nil, nil, 400, "invalid", "limit"},
		{"RecordsNotShared", w.foreign, "GET", dataPath(none) + "/records", nil, nil, 403, "forbidden", ""},
		{"RecordsWithoutGrant", w.foreign, "GET", dataPath(cond) + "/records", nil, nil, 403, "forbidden", ""},
		{"ColumnsUnknownParameter", w.admin, "GET", dataPath(open) + "/columns?format=csv", nil, nil, 400, "invalid", "format"},

		// Mounting: the query, the media type, the file.
		{"MountBadMode", w.admin, "POST", dataPath(open) + "/mount?mode=some", dataCSV(t, 1, 1), csvHeader, 400, "invalid", "mode"},
		{"MountBadIDMode", w.admin, "POST", dataPath(open) + "/mount?id_mode=lenient", dataCSV(t, 1, 1), csvHeader, 400, "invalid", "id_mode"},
		{"MountBadReplace", w.admin, "POST", dataPath(open) + "/mount?replace=yes", dataCSV(t, 1, 1), csvHeader, 400, "invalid", "replace"},
		{"MountBadEncoding", w.admin, "POST", dataPath(open) + "/mount?encoding=big5", dataCSV(t, 1, 1), csvHeader, 400, "invalid", "encoding"},
		{"MountSourceTwoLines", w.admin, "POST", dataPath(open) + "/mount?source=a%0Ab.csv", dataCSV(t, 1, 1), csvHeader, 400, "invalid", "source"},
		{"MountNotCSV", w.admin, "POST", dataPath(open) + "/mount", `{"姓名":"张三"}`, nil, 415, "invalid", "Content-Type"},
		{"MountUnknownColumn", w.admin, "POST", dataPath(open) + "/mount", "姓名,公民身份号码,住址\n", csvHeader, 400, "invalid", "header[2]"},
		{"MountBadRows", w.admin, "POST", dataPath(open) + "/mount", "姓名,公民身份号码,保障金额\n张三," + residentID(t, 1)[:17] + "0,6五0\n",
			csvHeader, 422, "invalid", "row[2].公民身份号码"},
		{"MountBadJSONLine", w.admin, "POST", dataPath(open) + "/mount", `{"姓名":"张三","公民身份号码":"` + residentID(t, 1) + `","保障金额":"many"}` + "\n",
			[]string{"Content-Type", "application/x-ndjson"}, 422, "invalid", "row[1].保障金额"},
		{"MountWithdrawn", w.admin, "POST", dataPath(withdrawn) + "/mount", dataCSV(t, 1, 1), csvHeader, 400, "invalid", "catalog"},
		{"MountForeign", w.foreign, "POST", dataPath(open) + "/mount", dataCSV(t, 1, 1), csvHeader, 403, "forbidden", ""},

		// Share requests.
		{"RequestCatalogMissing", w.admin, "POST", p + "/requests", request("catalog", nil), nil, 400, "invalid", "catalog"},
		{"RequestUnconditional", w.admin, "POST", p + "/requests", request("catalog", open), nil, 400, "invalid", "catalog"},
		{"RequestNotShared", w.admin, "POST", p + "/requests", request("catalog", none), nil, 400, "invalid", "catalog"},
		{"RequestConsumerProvider", w.admin, "POST", p + "/requests", request("consumer", "ylj"), nil, 400, "invalid", "consumer"},
		{"RequestConsumerUnknown", w.admin, "POST", p + "/requests", request("consumer", "nowhere"), nil, 400, "invalid", "consumer"},
		{"RequestForAnother", w.foreign, "POST", p + "/requests", request("consumer", "ylj"), nil, 403, "forbidden", "consumer"},
		{"RequestPurposeBlank", w.admin, "POST", p + "/requests", request("purpose", " "), nil, 400, "invalid", "purpose"},
		{"RequestItemsNone", w.admin, "POST", p + "/requests", request("items", []string{}), nil, 400, "invalid", "items"},
		{"RequestItemUnknown", w.admin, "POST", p + "/requests", request("items", []string{"住址"}), nil, 400, "invalid", "items[0]"},
		{"RequestItemTwice", w.admin, "POST", p + "/requests", request("items", []string{"姓名", "姓名"}), nil, 400, "invalid", "items[1]"},
		{"RequestBadID", w.admin, "GET", p + "/requests/a%20b", nil, nil, 400, "invalid", "id"},
		{"ApproveBadExpires", w.admin, "POST", pending + "/approve", map[string]string{"expires": "next year"}, nil, 400, "invalid", "expires"},
		{"ApprovePastExpires", w.admin, "POST", pending + "/approve", map[string]string{"expires": "2020-01-01"}, nil, 400, "invalid", "expires"},
		{"ApproveStale", w.admin, "POST", pending + "/approve", nil, []string{"If-Match", `"5"`}, 409, "conflict", ""},
		{"ApproveApproved", w.admin, "POST", approved + "/approve", nil, nil, 409, "conflict", "status"},
		{"DenyWithoutReason", w.own, "POST", pending + "/deny", map[string]string{"reason": ""}, nil, 400, "invalid", "reason"},
		{"RevokeWithoutReason", w.own, "POST", approved + "/revoke", map[string]string{}, nil, 400, "invalid", "reason"},
		{"RevokePending", w.admin, "POST", pending + "/revoke", map[string]string{"reason": "x"}, nil, 409, "conflict", "status"},
		{"RequestOfOthers", w.viewer, "POST", pending + "/withdraw", nil, nil, 403, "forbidden", ""},

		// Reports and exports.
		{"MetricsForeignDepartment", w.own, "GET", p + "/metrics?department=jfj", nil, nil, 403, "forbidden", "department"},
		{"MetricsBadDepartment", w.admin, "GET", p + "/metrics?department=%20ylj", nil, nil, 400, "invalid", "department"},
		{"QualityForeignDepartment", w.own, "GET", p + "/quality?department=jfj", nil, nil, 403, "forbidden", "department"},
		{"QualityWorstNegative", w.admin, "GET", p + "/quality?worst=-1", nil, nil, 400, "invalid", "worst"},
		{"QualityWorst501", w.admin, "GET", p + "/quality?worst=501", nil, nil, 400, "invalid", "worst"},
		{"ExportUnknownParameter", w.admin, "GET", p + "/export/dcat?format=ttl", nil, nil, 400, "invalid", "format"},
		{"TemplateUnknownParameter", w.admin, "GET", p + "/export/template?department=ylj", nil, nil, 400, "invalid", "department"},
	} {
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
