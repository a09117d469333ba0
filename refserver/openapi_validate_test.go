package refserver_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/govops-kit/govops/internal/apitest"
)

// renamed returns a copy of the JSON document body in which the member from
// of the object at path (member names and array indexes) is renamed to.
func renamed(tb testing.TB, body []byte, path []string, from, to string) []byte {
	tb.Helper()
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		tb.Fatalf("not JSON (%v): %s", err, body)
	}
	at := doc
	for _, step := range path {
		switch v := at.(type) {
		case map[string]any:
			at = v[step]
		case []any:
			i, err := strconv.Atoi(step)
			if err != nil || i >= len(v) {
				tb.Fatalf("no element %q in %s", step, body)
			}
			at = v[i]
		}
	}
	obj, ok := at.(map[string]any)
	if !ok {
		tb.Fatalf("no object at %v in %s", path, body)
	}
	v, ok := obj[from]
	if !ok {
		tb.Fatalf("no member %q at %v in %s", from, path, body)
	}
	delete(obj, from)
	obj[to] = v
	out, err := json.Marshal(doc)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestOpenAPI_RenamedFieldFails shows that the check of every answer against
// the document catches a JSON field renamed on one side only: a real answer
// passes, and a copy with one member renamed fails, naming the new member as
// unknown and the old one as missing.
func TestOpenAPI_RenamedFieldFails(t *testing.T) {
	e := MustOpenServer(t)
	number := e.dispatchedCase(t)
	mustStatus(t, e.do(t, "POST", "/api/v1/cases/"+number+"/accept", e.own, nil), http.StatusOK)
	r := e.do(t, "POST", "/api/v1/security/exercises", e.admin, map[string]any{"name": "攻防演练", "start": "2025-09-01",
		"end": "2025-09-07", "role": "defender", "detected": 3, "blocked": 2, "findings": []map[string]string{{"asset": "FW-01", "kind": "unpatched", "severity": "high"}}})
	mustStatus(t, r, http.StatusCreated)
	ex, _ := r.json(t)["id"].(string)
	for _, tc := range []struct {
		name, path string
		at         []string // where the renamed member is
		from, to   string
	}{
		{"Case", "/api/v1/cases/" + number, nil, "number", "case_number"},
		// A trail event is an allOf of the shared event and the case's
		// own codes: the combined schema, not a member, refuses the name.
		{"TrailEvent", "/api/v1/cases/" + number + "/events", []string{"items", "1"}, "to_status_label", "to_state_label"},
		{"AssessmentRow", "/api/v1/hotline/assessments/2026-03", []string{"departments", "0"}, "satisfaction_rate", "satisfied_rate"},
		{"Department", "/api/v1/departments/ylj", nil, "zone_label", "zone_name"},
		{"AssessmentIndicator", "/api/v1/hotline/assessments/2026-03", []string{"district", "indicators", "0"}, "denominator", "base"},
		{"DataCatalog", "/api/v1/data/catalogs/" + url.PathEscape(DataEntry), nil, "share_type_label", "share_label"},
		{"DataItem", "/api/v1/data/catalogs/" + url.PathEscape(DataEntry), []string{"items", "1"}, "type_label", "type_name"},
		{"SecObservation", "/api/v1/security/exercises/" + ex, []string{"findings", "0"}, "seq", "number"},
		{"SecExerciseSummary", "/api/v1/security/exercises/" + ex + "/summary", []string{"block_rate"}, "percent", "rate"},
		{"PortalSite", "/api/v1/portal/sites/" + PortalSite, nil, "status_label", "state_label"},
		{"PortalThresholds", "/api/v1/portal/evaluation", []string{"thresholds"}, "probe_window_ms", "probe_window"},
		{"PortalSiteVerdict", "/api/v1/portal/evaluation", []string{"sites", "0", "availability", "failures"}, "percent", "rate"},
		{"Runtime", "/api/v1/admin/runtime", nil, "goroutines", "goroutine_count"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(t, "GET", tc.path, e.admin, nil)
			mustStatus(t, r, http.StatusOK)
			if err := apitest.ValidateResponse(e.ts.URL, "GET", tc.path, r.status, r.header, r.body); err != nil {
				t.Fatalf("the real answer fails: %v", err)
			}
			body := renamed(t, r.body, tc.at, tc.from, tc.to)
			err := apitest.ValidateResponse(e.ts.URL, "GET", tc.path, r.status, r.header, body)
			if err == nil {
				t.Fatalf("renaming %s to %s passes:\n%s", tc.from, tc.to, body)
			}
			msg := err.Error()
			for _, want := range []string{`property "` + tc.to + `" is unsupported`, `property "` + tc.from + `" is missing`} {
				if !strings.Contains(msg, want) {
					t.Errorf("the error does not say %s:\n%s", want, msg)
				}
			}
			t.Log(msg)
		})
	}
}
