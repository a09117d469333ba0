package refserver_test

import (
	"net/http"
	"testing"

	"github.com/govops-kit/govops"
)

// TestServer_RefusesBidiControls shows names, titles and codes holding a
// bidirectional control refused as other control characters are: such a
// character makes text read as something it is not ("‮gpj.exe" shows
// as "exe.jpg").
func TestServer_RefusesBidiControls(t *testing.T) {
	e := MustOpenServer(t)
	for _, tc := range []struct {
		path, field string
		body        map[string]any
	}{
		{"/api/v1/cases", "title", map[string]any{"kind": "hotline", "category": "complaint", "source": "phone", "title": "路灯\u202e不亮"}},
		{"/api/v1/cases", "reporter.name", map[string]any{"kind": "hotline", "category": "complaint", "source": "phone", "title": "t",
			"reporter": map[string]string{"name": "李\u2066四"}}},
		{"/api/v1/cases", "external_no", map[string]any{"kind": "hotline", "category": "complaint", "source": "phone", "title": "t", "external_no": "LZ\u202a001"}},
		{"/api/v1/departments", "name", map[string]any{"code": "xfj", "name": "幸福\u202d街道", "kind": "township"}},
		{"/api/v1/departments", "code", map[string]any{"code": "xf\u2069j", "name": "幸福街道", "kind": "township"}},
		{"/api/v1/tokens", "name", map[string]any{"name": "值班\u202b员", "role": "viewer"}},
		{"/api/v1/hotline/deductions", "reason", map[string]any{"department": "ylj", "month": "2026-02", "rule_code": "overdue", "reason": "超期\u2067办理"}},
	} {
		r := e.do(t, "POST", tc.path, e.admin, tc.body)
		if r.status != http.StatusBadRequest {
			t.Errorf("POST %s with a bidi control in %s: status %d, want 400; %s", tc.path, tc.field, r.status, r.body)
			continue
		}
		if _, ok := r.json(t)["fields"].(map[string]any)[tc.field]; !ok {
			t.Errorf("POST %s: the refusal does not name %s: %s", tc.path, tc.field, r.body)
		}
	}
	if !govops.HasControl("\u202e") {
		t.Fatal("HasControl does not count U+202E")
	}
}
