package console_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/license"
)

// licCenter is the actor the admin token acts as, for reading the
// Service's own answers.
var licCenter = govops.Actor{Name: "中心值班员"}

// licKPI returns the figure of the coverage page's KPI id.
func licKPI(t *testing.T, body, id string) string {
	t.Helper()
	m := regexp.MustCompile(`id="` + id + `" [^>]*><div class="v">([0-9,]+)</div>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no KPI %s on the page:\n%s", id, clip(body))
	}
	return m[1]
}

// licUnclaimed returns a type that no department claims or explains.
func licUnclaimed(t *testing.T, s *site) license.Risk {
	t.Helper()
	cv, err := s.Svc.Licenses.Coverage(context.Background(), licCenter)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range cv.Risks {
		if r.Reason == license.RiskUnclaimed {
			return r
		}
	}
	t.Fatal("the demo year has no unclaimed type")
	return license.Risk{}
}

func TestLicenses_Coverage(t *testing.T) {
	s := sharedSite(t)
	cv, err := s.Svc.Licenses.Coverage(context.Background(), licCenter)
	if err != nil {
		t.Fatal(err)
	}
	b := signedIn(t, s, s.Admin)
	st, body := b.get("/licenses")
	if st != http.StatusOK {
		t.Fatalf("status %d:\n%s", st, clip(body))
	}
	for id, want := range map[string]int64{"kpi-types": cv.Types, "kpi-claimed": cv.Claimed, "kpi-explained": cv.Explained,
		"kpi-unclaimed": cv.Unclaimed, "kpi-templates": cv.WithTemplate, "kpi-schemas": cv.WithSchema, "kpi-records": cv.Records} {
		if got := licKPI(t, body, id); got != licNum(want) {
			t.Errorf("%s shows %s, the Service says %d", id, got, want)
		}
	}
	if !strings.Contains(body, cv.Uploaded.String()) {
		t.Errorf("the page does not show the upload rate %s", cv.Uploaded)
	}
	r := licUnclaimed(t, s)
	t.Run("RiskNamesUnclaimedType", func(t *testing.T) {
		_, body := b.get("/licenses?reason=unclaimed")
		if !strings.Contains(body, `href="/licenses/types/`+r.Type+`">`+r.TypeName+`</a>`) || !strings.Contains(body, "未认领") {
			t.Fatalf("the risk list does not name the unclaimed type %s %s:\n%s", r.Type, r.TypeName, clip(body))
		}
	})
}

// licNum writes n as the page does: 1,234.
func licNum(n int64) string {
	d := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i := range d {
		if i > 0 && (len(d)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(d[i])
	}
	return b.String()
}

func TestLicenses_Pages(t *testing.T) {
	s := sharedSite(t)
	r := licUnclaimed(t, s)
	for _, tok := range []string{s.Admin, s.Dept, s.Viewer} {
		b := signedIn(t, s, tok)
		for _, p := range []string{"/licenses", "/licenses/types", "/licenses/types/" + r.Type, "/licenses/claims"} {
			if st, body := b.get(p); st != http.StatusOK {
				t.Fatalf("%s: status %d:\n%s", p, st, clip(body))
			}
		}
	}
}
