package main_test

import (
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/govops-kit/govops/idcode"
)

// licenseSeq numbers the license types the tests add, so that each cell of
// the matrix gets a type of its own.
var licenseSeq atomic.Int64

// The USCCs of the license tests: the authority that defines the types,
// and the bureau that issues the licenses.
func licenseUSCC(tb testing.TB, body string) string {
	tb.Helper()
	c, err := idcode.USCCCheck(body)
	if err != nil {
		tb.Fatal(err)
	}
	return body + string(c)
}

// typedBody is a request body with its own Content-Type (a template file).
type typedBody struct{ contentType, data string }

// samplePDF is the smallest file the server takes as a PDF template.
const samplePDF = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"

// licenseType adds a license type (as admin) and returns its code. With
// claimed, ylj claims it (expecting 10 records) and its face-data schema
// is set.
func (w *world) licenseType(t testing.TB, claimed bool) string {
	t.Helper()
	code := fmt.Sprintf("%s%03d", licenseUSCC(t, "11450200MB1234567"), licenseSeq.Add(1))
	mustStatus(t, w.do(t, "POST", "/api/v1/licenses/types", w.admin, map[string]any{
		"code": code, "name": "食品经营许可证", "authority": "柳州市市场监督管理局", "level": "city",
		"holder_category": "mixed", "validity": map[string]int{"max_months": 60}}), http.StatusCreated)
	if !claimed {
		return code
	}
	mustStatus(t, w.do(t, "POST", "/api/v1/licenses/claims", w.admin, map[string]any{"type": code, "department": "ylj", "expected": 10}), http.StatusCreated)
	mustStatus(t, w.do(t, "PUT", "/api/v1/licenses/types/"+code+"/schema", w.admin, map[string]any{
		"fields": []map[string]any{{"name": "经营者名称", "type": "string", "required": true}}}), http.StatusOK)
	return code
}

// licenseRecordBody is a record of type code for ylj.
func licenseRecordBody(t testing.TB, code string, n int) map[string]any {
	return map[string]any{"number": fmt.Sprintf("JY%06d", n), "type": code, "issue_date": "2026-03-01", "valid_to": "2031-02-28",
		"issuer": "柳北区市场监督管理局", "issuer_code": licenseUSCC(t, "11450205MB7654321"), "department": "ylj",
		"holder": "某某餐饮店", "holder_code_type": "001", "holder_code": licenseUSCC(t, fmt.Sprintf("92450205MA%07d", n)),
		"face": map[string]string{"经营者名称": "某某餐饮店"}}
}

// licenseRecord writes a record of a new claimed type (as admin) and
// returns its path.
func (w *world) licenseRecord(t testing.TB) string {
	t.Helper()
	code := w.licenseType(t, true)
	r := mustStatus(t, w.do(t, "POST", "/api/v1/licenses/records", w.admin, licenseRecordBody(t, code, 1)), http.StatusCreated)
	return "/api/v1/licenses/records/" + r.str(t, "id")
}

// licenseTemplate uploads a template of a new claimed type (as admin) and
// returns its path.
func (w *world) licenseTemplate(t testing.TB) string {
	t.Helper()
	code := w.licenseType(t, true)
	r := mustStatus(t, w.do(t, "POST", "/api/v1/licenses/types/"+code+"/templates?file_name=a.pdf", w.admin, samplePDF,
		"Content-Type", "application/pdf"), http.StatusCreated)
	return "/api/v1/licenses/templates/" + r.str(t, "id")
}

// licenseCSV is a records file of one record of type code for ylj.
func licenseCSV(t testing.TB, code string) csvBody {
	return csvBody(fmt.Sprintf("证照编号,证照类型代码,颁证日期,有效期截止,颁证单位,颁证单位代码,部门编码,持证主体,持证主体代码类型,持证主体代码,照面信息\n"+
		"JY1,%s,2026-03-01,2031-02-28,柳北区市场监督管理局,%s,ylj,某某餐饮店,001,%s,\"{\"\"经营者名称\"\":\"\"某某餐饮店\"\"}\"\n",
		code, licenseUSCC(t, "11450205MB7654321"), licenseUSCC(t, "92450205MA0000001")))
}

func licenseMatrix() []endpoint {
	const (
		ok, created     = http.StatusOK, http.StatusCreated
		bad, unauth, nf = http.StatusForbidden, http.StatusUnauthorized, http.StatusNotFound
		p               = "/api/v1/licenses"
	)
	reads := [6]int{ok, ok, ok, ok, unauth, unauth}
	admin := [6]int{ok, bad, bad, bad, unauth, unauth}
	own := [6]int{ok, ok, nf, ok, unauth, unauth}        // a record or claim of ylj: jfj does not see it
	ownWrite := [6]int{ok, ok, bad, bad, unauth, unauth} // ylj writes for itself; jfj may not
	typ := func(claimed bool, suffix string) func(*testing.T, *world) (string, any) {
		return func(t *testing.T, w *world) (string, any) {
			return p + "/types/" + w.licenseType(t, claimed) + suffix, nil
		}
	}
	return []endpoint{
		{"GET", p + "/types", fixed(p+"/types", nil), reads},
		{"POST", p + "/types", func(t *testing.T, _ *world) (string, any) {
			return p + "/types", map[string]any{"code": fmt.Sprintf("%s%03d", licenseUSCC(t, "11450200MB1234567"), licenseSeq.Add(1)),
				"name": "食品生产许可证", "authority": "柳州市市场监督管理局", "level": "city", "holder_category": "legal"}
		}, [6]int{created, bad, bad, bad, unauth, unauth}},
		{"POST", p + "/types/import", func(t *testing.T, _ *world) (string, any) {
			return p + "/types/import", csvBody(fmt.Sprintf("证照类型代码,证照名称,定义机构,定义机构级别,持证主体类别\n%s%03d,药品经营许可证,柳州市市场监督管理局,地市,法人\n",
				licenseUSCC(t, "11450200MB1234567"), licenseSeq.Add(1)))
		}, admin},
		{"GET", p + "/types/{code}", typ(false, ""), reads},
		{"PATCH", p + "/types/{code}", func(t *testing.T, w *world) (string, any) {
			return p + "/types/" + w.licenseType(t, false), map[string]any{"single_valid": true}
		}, admin},
		{"GET", p + "/types/{code}/events", typ(false, "/events"), reads},
		{"GET", p + "/types/{code}/templates", typ(true, "/templates"), reads},
		{"POST", p + "/types/{code}/templates", func(t *testing.T, w *world) (string, any) {
			return p + "/types/" + w.licenseType(t, true) + "/templates", typedBody{"application/pdf", samplePDF}
		}, [6]int{created, created, bad, bad, unauth, unauth}},
		{"GET", p + "/templates/{id}", func(t *testing.T, w *world) (string, any) { return w.licenseTemplate(t), nil }, reads},
		{"GET", p + "/templates/{id}/content", func(t *testing.T, w *world) (string, any) { return w.licenseTemplate(t) + "/content", nil }, reads},
		{"GET", p + "/templates/{id}/events", func(t *testing.T, w *world) (string, any) { return w.licenseTemplate(t) + "/events", nil }, reads},
		{"POST", p + "/templates/{id}/approve", func(t *testing.T, w *world) (string, any) { return w.licenseTemplate(t) + "/approve", nil }, admin},
		{"GET", p + "/types/{code}/schema", typ(true, "/schema"), reads},
		{"PUT", p + "/types/{code}/schema", func(t *testing.T, w *world) (string, any) {
			return p + "/types/" + w.licenseType(t, true) + "/schema", map[string]any{"fields": []map[string]any{{"name": "地址", "type": "string"}}}
		}, ownWrite},
		{"GET", p + "/claims", fixed(p+"/claims", nil), reads},
		{"POST", p + "/claims", func(t *testing.T, w *world) (string, any) {
			return p + "/claims", map[string]any{"type": w.licenseType(t, false), "department": "ylj", "expected": 3}
		}, [6]int{created, created, bad, bad, unauth, unauth}},
		{"GET", p + "/types/{code}/claims/{department}", typ(true, "/claims/ylj"), own},
		{"PATCH", p + "/types/{code}/claims/{department}", func(t *testing.T, w *world) (string, any) {
			return p + "/types/" + w.licenseType(t, true) + "/claims/ylj", map[string]any{"expected": 12}
		}, ownWrite},
		{"POST", p + "/types/{code}/claims/{department}/withdraw", func(t *testing.T, w *world) (string, any) {
			return p + "/types/" + w.licenseType(t, true) + "/claims/ylj/withdraw", map[string]any{"reason": "职能划转"}
		}, ownWrite},
		{"GET", p + "/types/{code}/claims/{department}/events", typ(true, "/claims/ylj/events"), own},
		{"GET", p + "/records", fixed(p+"/records", nil), reads},
		{"POST", p + "/records", func(t *testing.T, w *world) (string, any) {
			return p + "/records", licenseRecordBody(t, w.licenseType(t, true), 1)
		}, [6]int{created, created, bad, bad, unauth, unauth}},
		{"POST", p + "/records/import", func(t *testing.T, w *world) (string, any) {
			return p + "/records/import?department=ylj", licenseCSV(t, w.licenseType(t, true))
		}, ownWrite},
		{"GET", p + "/records/{id}", func(t *testing.T, w *world) (string, any) { return w.licenseRecord(t), nil }, own},
		{"GET", p + "/records/{id}/events", func(t *testing.T, w *world) (string, any) { return w.licenseRecord(t) + "/events", nil }, own},
		{"POST", p + "/records/{id}/transition", func(t *testing.T, w *world) (string, any) {
			return w.licenseRecord(t) + "/transition", map[string]string{"action": "suspend", "reason": "依法暂扣"}
		}, [6]int{ok, ok, nf, bad, unauth, unauth}},
		{"POST", p + "/records/{id}/reissue", func(t *testing.T, w *world) (string, any) {
			return w.licenseRecord(t) + "/reissue", map[string]string{"number": "JY-R1", "issue_date": "2026-03-02", "valid_to": "2031-03-01", "reason": "遗失补发"}
		}, [6]int{ok, ok, nf, bad, unauth, unauth}},
		{"GET", p + "/batches/{id}", func(t *testing.T, w *world) (string, any) {
			r := mustStatus(t, w.do(t, "POST", p+"/records/import", w.own, string(licenseCSV(t, w.licenseType(t, true))), csvHeader...), http.StatusOK)
			return p + "/batches/" + r.str(t, "batch"), nil
		}, own},
		{"GET", p + "/coverage", fixed(p+"/coverage", nil), reads},
	}
}
