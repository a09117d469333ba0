package refserver_test

import (
	"net/http"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// TestServer_DirectoryLifecycle walks a unit through the directory
// endpoints: add, change with If-Match, dissolve (refused while a unit
// below it is active), restore, its trail and the counts, and a dispatch
// to a dissolved unit.
func TestServer_DirectoryLifecycle(t *testing.T) {
	e := MustOpenServer(t)
	r := e.do(t, "POST", "/api/v1/departments", e.admin, map[string]string{"code": "hx", "name": "和谐社区", "kind": "community", "parent": "ylj", "zone": "urban"})
	mustStatus(t, r, http.StatusCreated)
	if r.header.Get("Location") != "/api/v1/departments/hx" || r.header.Get("ETag") != `"1"` {
		t.Fatalf("created: %v", r.header)
	}
	if m := r.json(t); m["zone_label"] != "城区" || m["status"] != "active" || m["kind_label"] != "社区" {
		t.Fatalf("created: %s", r.body)
	}

	t.Run("Update", func(t *testing.T) {
		r := e.do(t, "PATCH", "/api/v1/departments/hx", e.admin, map[string]string{"zone": "suburban"}, "If-Match", `"7"`)
		mustStatus(t, r, http.StatusConflict)
		r = e.do(t, "PATCH", "/api/v1/departments/hx", e.admin, map[string]string{"zone": "suburban"}, "If-Match", `"1"`)
		mustStatus(t, r, http.StatusOK)
		if r.header.Get("ETag") != `"2"` || r.json(t)["zone"] != "suburban" {
			t.Fatalf("updated: %v %s", r.header, r.body)
		}
		r = e.do(t, "PATCH", "/api/v1/departments/hx", e.admin, `{"name":"和谐新区"}`, "Content-Type", "application/merge-patch+json")
		mustStatus(t, r, http.StatusOK)
		mustStatus(t, e.do(t, "PATCH", "/api/v1/departments/hx", e.own, map[string]string{"zone": "urban"}), http.StatusForbidden)
		r = e.do(t, "PATCH", "/api/v1/departments/hx", e.admin, map[string]string{"zone": "moon"})
		mustStatus(t, r, http.StatusBadRequest)
		if _, ok := r.json(t)["fields"].(map[string]any)["zone"]; !ok {
			t.Fatalf("bad zone: %s", r.body)
		}
	})
	t.Run("Dissolve", func(t *testing.T) {
		r := e.do(t, "POST", "/api/v1/departments/ylj/dissolve", e.admin, map[string]string{"reason": "撤并"})
		mustStatus(t, r, http.StatusBadRequest)
		if !strings.Contains(string(r.body), "children") {
			t.Fatalf("dissolving a township with an active community below: %s", r.body)
		}
		mustStatus(t, e.do(t, "POST", "/api/v1/departments/hx/dissolve", e.admin, nil), http.StatusBadRequest) // the reason is required
		r = e.do(t, "POST", "/api/v1/departments/hx/dissolve", e.admin, map[string]string{"reason": "撤并"})
		mustStatus(t, r, http.StatusOK)
		if r.json(t)["status_label"] != "撤销" {
			t.Fatalf("dissolved: %s", r.body)
		}
		// A dissolved unit takes no new work.
		n := e.newCase(t)
		r = e.do(t, "POST", "/api/v1/cases/"+n+"/dispatch", e.admin, map[string]string{"department": "hx"})
		mustStatus(t, r, http.StatusBadRequest)
		if !strings.Contains(string(r.body), "dissolved") {
			t.Fatalf("dispatch to a dissolved unit: %s", r.body)
		}
		mustStatus(t, e.do(t, "POST", "/api/v1/departments/hx/restore", e.admin, nil), http.StatusOK)
	})
	t.Run("Trail", func(t *testing.T) {
		r := e.do(t, "GET", "/api/v1/departments/hx/events", e.viewer, nil)
		mustStatus(t, r, http.StatusOK)
		var types []string
		for _, it := range r.json(t)["items"].([]any) {
			types = append(types, it.(map[string]any)["type"].(string))
		}
		if strings.Join(types, ",") != "created,updated,updated,dissolved,restored" {
			t.Fatalf("trail = %v", types)
		}
	})
	t.Run("Counts", func(t *testing.T) {
		r := e.do(t, "GET", "/api/v1/stats/departments", e.own, nil)
		mustStatus(t, r, http.StatusOK)
		m := r.json(t)
		if m["active"] != float64(4) || m["dissolved"] != float64(0) { // ylj, jfj, hx and the data consumer gaj
			t.Fatalf("counts: %s", r.body)
		}
	})
}

// TestServer_DirectoryImport imports a GB18030 file with Chinese headers,
// as a district's own spreadsheet saves it, through the API.
func TestServer_DirectoryImport(t *testing.T) {
	e := MustOpenServer(t)
	csv := "编码,名称,类型,上级,片区\n" +
		"sl-cun,胜利村,村,shengli,郊区\n" +
		"shengli,胜利街道,乡镇街道,,城区\n" +
		"zwb,区政务服务中心,部门,,行政大楼\n"
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(csv)
	if err != nil {
		t.Fatal(err)
	}
	r := e.do(t, "POST", "/api/v1/departments/import", e.admin, gb, "Content-Type", "text/csv")
	mustStatus(t, r, http.StatusOK)
	if m := r.json(t); m["imported"] != float64(3) || m["bad_rows"] != float64(0) {
		t.Fatalf("import: %s", r.body)
	}
	r = e.do(t, "GET", "/api/v1/departments?parent=shengli", e.admin, nil)
	mustStatus(t, r, http.StatusOK)
	items := r.json(t)["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["name"] != "胜利村" {
		t.Fatalf("units below shengli: %s", r.body)
	}
	r = e.do(t, "POST", "/api/v1/departments/import", e.admin, "编码,名称\nzwb,重复\n", "Content-Type", "text/csv")
	mustStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(string(r.body), "zwb") {
		t.Fatalf("a code taken: %s", r.body)
	}
}

// TestServer_ListLimits checks that every domain listing reads limit the
// same way: none or 0 is the default page of 50, 1 to 500 is taken, and
// anything else is a 400 naming limit.
func TestServer_ListLimits(t *testing.T) {
	e := MustOpenServer(t)
	for _, path := range []string{"/api/v1/cases", "/api/v1/departments", "/api/v1/hotline/callbacks",
		"/api/v1/hotline/outcomes", "/api/v1/hotline/deductions"} {
		t.Run(path, func(t *testing.T) {
			for _, limit := range []string{"0", "1", "500"} {
				mustStatus(t, e.do(t, "GET", path+"?limit="+limit, e.admin, nil), http.StatusOK)
			}
			for _, limit := range []string{"-1", "501", "ten"} {
				r := e.do(t, "GET", path+"?limit="+limit, e.admin, nil)
				mustStatus(t, r, http.StatusBadRequest)
				if _, ok := r.json(t)["fields"].(map[string]any)["limit"]; !ok {
					t.Fatalf("limit=%s: %s", limit, r.body)
				}
			}
		})
	}
}
