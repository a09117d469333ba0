package main_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/govops-kit/govops/idcode"
)

// dataSeq numbers the catalog entries the tests add, so that each cell of
// the matrix gets an entry of its own.
var dataSeq atomic.Int64

// dataProvider is the USCC of the department that provides the entries.
const dataProvider = "11450205MB0000003C"

// dataPath is the path of the entry code, its "/" percent-encoded.
func dataPath(code string) string { return "/api/v1/data/catalogs/" + url.PathEscape(code) }

// dataEntryBody is an entry of ylj shared as share says (unconditional,
// conditional or none): a name marked personal, a resident ID, an amount
// and a date.
func dataEntryBody(code, share string) map[string]any {
	b := map[string]any{"code": code, "name": "低保对象名册", "department": "ylj", "provider": "柳北区跃进街道办事处",
		"provider_code": dataProvider, "summary": "辖区城乡最低生活保障对象", "format": "spreadsheet", "sub_format": "xlsx",
		"items": []map[string]any{
			{"name": "姓名", "type": "string", "required": true, "personal": true},
			{"name": "公民身份号码", "type": "string", "required": true, "id_kind": "resident_id"},
			{"name": "保障金额", "type": "number"},
			{"name": "批准日期", "type": "date"},
		},
		"key": []string{"公民身份号码"}, "share_type": share, "share_method": "interface", "open": "none", "cycle": "monthly"}
	if share != "unconditional" {
		b["condition"], b["legal_basis"] = "仅限社会救助审核与核查使用", "《社会救助暂行办法》"
	}
	return b
}

// dataEntry catalogs an entry of ylj (as admin), shared as share says,
// published when publish is set, and returns its code.
func (w *world) dataEntry(t testing.TB, share string, publish bool) string {
	t.Helper()
	code := fmt.Sprintf("301001/%06d", dataSeq.Add(1))
	mustStatus(t, w.do(t, "POST", "/api/v1/data/catalogs", w.admin, dataEntryBody(code, share)), http.StatusCreated)
	if publish {
		mustStatus(t, w.do(t, "POST", dataPath(code)+"/publish", w.admin, nil), http.StatusOK)
	}
	return code
}

// residentID returns the n-th resident ID of the tests (n < 100,000),
// its check character right.
func residentID(t testing.TB, n int) string {
	t.Helper()
	body := fmt.Sprintf("450205%04d0101%03d", 1900+n/1000%100, n%1000)
	c, err := idcode.ResidentIDCheck(body)
	if err != nil {
		t.Fatal(err)
	}
	return body + string(c)
}

// dataCSV is a file of rows records for an entry of dataEntryBody, the
// first of them number first.
func dataCSV(t testing.TB, first, rows int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("姓名,公民身份号码,保障金额,批准日期\n")
	for i := first; i < first+rows; i++ {
		fmt.Fprintf(&b, "张三%d,%s,650.00,2026-03-01\n", i, residentID(t, i))
	}
	return b.String()
}

// dataMount mounts one record into a new published entry (as admin) and
// returns the batch.
func (w *world) dataMount(t testing.TB) string {
	t.Helper()
	code := w.dataEntry(t, "unconditional", true)
	r := mustStatus(t, w.do(t, "POST", dataPath(code)+"/mount", w.admin, dataCSV(t, 1, 1), csvHeader...), http.StatusOK)
	var m struct{ Batch struct{ ID string } }
	decode(t, r, &m)
	return m.Batch.ID
}

// dataRequest files a request of jfj for a new conditional entry of ylj
// (as admin), approved when approve is set, and returns its path.
func (w *world) dataRequest(t testing.TB, approve bool) string {
	t.Helper()
	code := w.dataEntry(t, "conditional", true)
	r := mustStatus(t, w.do(t, "POST", "/api/v1/data/requests", w.admin, map[string]any{
		"catalog": code, "consumer": "jfj", "purpose": "核查救助对象", "items": []string{"姓名"}}), http.StatusCreated)
	path := "/api/v1/data/requests/" + r.str(t, "id")
	if approve {
		mustStatus(t, w.do(t, "POST", path+"/approve", w.admin, nil), http.StatusOK)
	}
	return path
}

func dataMatrix() []endpoint {
	const (
		ok, created     = http.StatusOK, http.StatusCreated
		bad, unauth, nf = http.StatusForbidden, http.StatusUnauthorized, http.StatusNotFound
		p               = "/api/v1/data"
	)
	reads := [6]int{ok, ok, ok, ok, unauth, unauth}
	draft := [6]int{ok, ok, nf, ok, unauth, unauth}       // ylj's draft: jfj does not see it
	draftWrite := [6]int{ok, ok, nf, bad, unauth, unauth} // ylj changes its own; jfj does not see it
	ownWrite := [6]int{ok, ok, bad, bad, unauth, unauth}  // a published entry of ylj: jfj sees it, may not change it
	answer := [6]int{ok, ok, bad, bad, unauth, unauth}    // the provider (ylj) answers; the consumer (jfj) may not
	entry := func(share string, publish bool, suffix string, body any) func(*testing.T, *world) (string, any) {
		return func(t *testing.T, w *world) (string, any) {
			return dataPath(w.dataEntry(t, share, publish)) + suffix, body
		}
	}
	request := func(approve bool, action string, body any) func(*testing.T, *world) (string, any) {
		return func(t *testing.T, w *world) (string, any) { return w.dataRequest(t, approve) + action, body }
	}
	newEntry := func(*testing.T, *world) (string, any) {
		return p + "/catalogs", dataEntryBody(fmt.Sprintf("301002/%06d", dataSeq.Add(1)), "unconditional")
	}
	return []endpoint{
		{"GET", p + "/catalogs", fixed(p+"/catalogs", nil), reads},
		{"POST", p + "/catalogs", newEntry, [6]int{created, created, bad, bad, unauth, unauth}},
		{"POST", p + "/catalogs/bulk", func(t *testing.T, w *world) (string, any) {
			_, body := newEntry(t, w)
			return p + "/catalogs/bulk", map[string]any{"catalogs": []any{body}}
		}, [6]int{created, created, bad, bad, unauth, unauth}},
		{"GET", p + "/catalogs/{id}", entry("conditional", false, "", nil), draft},
		{"PATCH", p + "/catalogs/{id}", entry("conditional", false, "", map[string]any{"cycle": "weekly"}), draftWrite},
		{"POST", p + "/catalogs/{id}/publish", entry("conditional", false, "/publish", nil), draftWrite},
		{"POST", p + "/catalogs/{id}/withdraw", entry("conditional", true, "/withdraw", map[string]string{"reason": "系统迁移"}), ownWrite},
		{"GET", p + "/catalogs/{id}/events", entry("conditional", false, "/events", nil), draft},
		{"GET", p + "/catalogs/{id}/columns", entry("conditional", false, "/columns", nil), draft},
		{"POST", p + "/catalogs/{id}/mount", func(t *testing.T, w *world) (string, any) {
			return dataPath(w.dataEntry(t, "unconditional", true)) + "/mount", csvBody(dataCSV(t, 1, 2))
		}, ownWrite},
		// Shared unconditionally: every department reads the records.
		{"GET", p + "/catalogs/{id}/records", entry("unconditional", true, "/records", nil), reads},

		{"GET", p + "/batches", fixed(p+"/batches", nil), reads},
		{"POST", p + "/batches/recover", fixed(p+"/batches/recover", nil), [6]int{ok, bad, bad, bad, unauth, unauth}},
		{"GET", p + "/batches/{id}", func(t *testing.T, w *world) (string, any) { return p + "/batches/" + w.dataMount(t), nil }, draft},
		{"GET", p + "/batches/{id}/events", func(t *testing.T, w *world) (string, any) {
			return p + "/batches/" + w.dataMount(t) + "/events", nil
		}, draft},

		{"GET", p + "/requests", fixed(p+"/requests", nil), reads},
		// jfj files for itself; ylj may not file for jfj.
		{"POST", p + "/requests", func(t *testing.T, w *world) (string, any) {
			return p + "/requests", map[string]any{"catalog": w.dataEntry(t, "conditional", true), "consumer": "jfj",
				"purpose": "核查救助对象", "items": []string{"姓名", "公民身份号码"}}
		}, [6]int{created, bad, created, bad, unauth, unauth}},
		// Both parties read a request.
		{"GET", p + "/requests/{id}", request(false, "", nil), reads},
		{"POST", p + "/requests/{id}/approve", request(false, "/approve", nil), answer},
		{"POST", p + "/requests/{id}/deny", request(false, "/deny", map[string]string{"reason": "用途不符"}), answer},
		// The consumer withdraws; the provider may not.
		{"POST", p + "/requests/{id}/withdraw", request(false, "/withdraw", nil), [6]int{ok, bad, ok, bad, unauth, unauth}},
		{"POST", p + "/requests/{id}/revoke", request(true, "/revoke", map[string]string{"reason": "核查结束"}), answer},
		{"GET", p + "/requests/{id}/events", request(false, "/events", nil), reads},

		{"GET", p + "/metrics", fixed(p+"/metrics", nil), reads},
		{"GET", p + "/quality", fixed(p+"/quality", nil), reads},
		{"GET", p + "/export/dcat", fixed(p+"/export/dcat", nil), reads},
		{"GET", p + "/export/template", fixed(p+"/export/template", nil), reads},
	}
}
