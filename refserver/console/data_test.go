package console_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
)

// dataEntry returns a published entry shared on condition that the dept
// token's department does not provide: one it may ask for.
func dataEntry(t *testing.T, s *site) datashare.Catalog {
	t.Helper()
	page, err := s.Svc.Data.Catalogs(context.Background(), licCenter, datashare.CatalogQuery{
		CatalogFilter: datashare.CatalogFilter{Status: datashare.CatalogPublished, ShareType: datashare.ShareConditional}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range page.Items {
		if c.Department != s.DeptCode && len(c.Items) > 0 {
			return c
		}
	}
	t.Fatal("the demo year has no conditionally shared entry")
	return datashare.Catalog{}
}

var dataRequestPath = regexp.MustCompile(`/data/requests/([0-9a-f-]{36})`)

// dataFile files a request for e through the dept's form and returns the
// path of the request's page.
func dataFile(t *testing.T, s *site, e datashare.Catalog) string {
	t.Helper()
	b := signedIn(t, s, s.Dept)
	b.get("/data/requests?catalog=" + url.QueryEscape(e.Code))
	st, body := b.post("/data/requests", url.Values{"catalog": {e.Code}, "items": {e.Items[0].Name}, "purpose": {"办理低保复核，核对家庭成员信息"}})
	if st != http.StatusOK || !strings.Contains(body, "共享申请已提交") || !strings.Contains(body, "待答复") {
		t.Fatalf("filing: status %d:\n%s", st, clip(body))
	}
	m := dataRequestPath.FindString(body)
	if m == "" {
		t.Fatal("the request's page names no request")
	}
	return m
}

func TestData_Metrics(t *testing.T) {
	s := sharedSite(t)
	m, err := s.Svc.Data.Metrics(context.Background(), licCenter, datashare.MetricsQuery{})
	if err != nil {
		t.Fatal(err)
	}
	b := signedIn(t, s, s.Admin)
	st, body := b.get("/data")
	if st != http.StatusOK {
		t.Fatalf("status %d:\n%s", st, clip(body))
	}
	if want := `id="share-ratio">` + m.ShareRatio.String() + `<`; !strings.Contains(body, want) {
		t.Errorf("the page does not show the share ratio %s the Service computes", m.ShareRatio)
	}
	if !strings.Contains(body, `id="share-rule">`+dataEscape(m.Rule)+`<`) {
		t.Errorf("the page does not show the rule %q", m.Rule)
	}
	if want := `id="kpi-catalogs" href="/data/catalogs?status=published"><div class="v">` + licNum(m.Catalogs) + `<`; !strings.Contains(body, want) {
		t.Errorf("the published catalogs figure is not %d linking to the list", m.Catalogs)
	}
	t.Run("Dept", func(t *testing.T) {
		own, err := s.Svc.Data.Metrics(context.Background(), govops.Actor{Name: "x", Department: s.DeptCode}, datashare.MetricsQuery{})
		if err != nil {
			t.Fatal(err)
		}
		_, body := signedIn(t, s, s.Dept).get("/data")
		if !strings.Contains(body, `id="share-ratio">`+own.ShareRatio.String()+`<`) {
			t.Errorf("a department sees another ratio than its own %s", own.ShareRatio)
		}
		if st, _ := signedIn(t, s, s.Dept).get("/data?department=" + s.Other); st != http.StatusForbidden {
			t.Errorf("a department asking for another's metrics: status %d, want 403", st)
		}
	})
}

// dataEscape escapes s as html/template writes text.
func dataEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;").Replace(s)
}

func TestData_Pages(t *testing.T) {
	s := sharedSite(t)
	e := dataEntry(t, s)
	for _, tok := range []string{s.Admin, s.Dept, s.Viewer} {
		b := signedIn(t, s, tok)
		for _, p := range []string{"/data", "/data/catalogs", "/data/catalogs?share_type=conditional&format=database",
			"/data/catalogs/" + e.ID.String(), "/data/catalogs/" + url.PathEscape(e.Code), "/data/requests", "/data/requests?status=all", "/data/quality"} {
			st, body := b.get(p)
			if st != http.StatusOK {
				t.Fatalf("%s: status %d:\n%s", p, st, clip(body))
			}
			if strings.Count(body, `id="page-title"`) != 1 {
				t.Fatalf("%s: not exactly one page title", p)
			}
		}
	}
	t.Run("CatalogShowsEntry", func(t *testing.T) {
		_, body := signedIn(t, s, s.Viewer).get("/data/catalogs/" + url.PathEscape(e.Code))
		if !strings.Contains(body, e.Name) || !strings.Contains(body, e.Items[0].Name) {
			t.Fatalf("the entry's page lacks its name or items:\n%s", clip(body))
		}
	})
	t.Run("CatalogsPage", func(t *testing.T) {
		_, body := signedIn(t, s, s.Admin).get("/data/catalogs?status=published&share_type=conditional")
		if !strings.Contains(body, `href="/data/catalogs/`+e.ID.String()+`">`+e.Name+`<`) {
			t.Fatalf("the filtered list does not link %s:\n%s", e.Name, clip(body))
		}
		if strings.Contains(body, "无条件共享</span>") {
			t.Fatal("the share-type filter lets unconditional entries through")
		}
	})
	t.Run("Quality", func(t *testing.T) {
		q, err := s.Svc.Data.Quality(context.Background(), licCenter, datashare.QualityQuery{})
		if err != nil {
			t.Fatal(err)
		}
		_, body := signedIn(t, s, s.Admin).get("/data/quality")
		for _, d := range q.Dimensions {
			if !strings.Contains(body, `<span class="dim-rate">`+d.Overall.String()+`</span>`) {
				t.Errorf("%s: the page does not show %s", d.Dimension, d.Overall)
			}
		}
	})
}

func TestData_Requests(t *testing.T) {
	s := sharedSite(t)
	e := dataEntry(t, s)
	path := dataFile(t, s, e)
	t.Run("PendingListed", func(t *testing.T) {
		_, body := signedIn(t, s, s.Admin).get("/data/requests")
		if !strings.Contains(body, path) || !strings.Contains(body, ">答复<") {
			t.Fatalf("the pending list does not offer the new request for a reply:\n%s", clip(body))
		}
	})
	t.Run("ConsumerMayNotReply", func(t *testing.T) {
		b := signedIn(t, s, s.Dept)
		_, body := b.get(path)
		if strings.Contains(body, `id="form-reply"`) || !strings.Contains(body, `id="form-withdraw"`) {
			t.Fatal("the consumer is offered a reply, or not its withdrawal")
		}
		if st, _ := b.post(path+"/reply", url.Values{"decision": {"approve"}}); st != http.StatusForbidden {
			t.Fatalf("the consumer approving its own request: status %d, want 403", st)
		}
	})
	t.Run("ViewerSeesNoForms", func(t *testing.T) {
		b := signedIn(t, s, s.Viewer)
		for _, p := range []string{path, "/data/requests", "/data/catalogs/" + e.ID.String()} {
			if _, body := b.get(p); strings.Contains(body, `method="post" action="/data`) {
				t.Fatalf("%s: a viewer is offered a form", p)
			}
		}
	})
	b := signedIn(t, s, s.Admin)
	_, body := b.get(path)
	if !strings.Contains(body, `id="form-reply"`) {
		t.Fatalf("the center is not offered the reply:\n%s", clip(body))
	}
	t.Run("ErrDenyWithoutReason", func(t *testing.T) {
		st, body := b.post(path+"/reply", url.Values{"decision": {"deny"}, "reason": {" "}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, `id="err-reason"`) {
			t.Fatalf("status %d, want 422 with the reason's error:\n%s", st, clip(body))
		}
	})
	t.Run("Approve", func(t *testing.T) {
		st, body := b.post(path+"/reply", url.Values{"decision": {"approve"}, "expires": {"2099-12-31"}})
		if st != http.StatusOK || !strings.Contains(body, "已同意共享") || !strings.Contains(body, `id="form-revoke"`) {
			t.Fatalf("approve: status %d:\n%s", st, clip(body))
		}
		id := strings.TrimPrefix(path, "/data/requests/")
		v, err := s.Svc.Data.Request(context.Background(), licCenter, id)
		if err != nil || v.Status != datashare.RequestApproved {
			t.Fatalf("the Service has the request %v (%v), want approved", v.Status, err)
		}
	})
	t.Run("ErrApproveTwice", func(t *testing.T) {
		st, body := b.post(path+"/reply", url.Values{"decision": {"approve"}})
		if st != http.StatusConflict || !strings.Contains(body, `id="form-message"`) {
			t.Fatalf("approving an approved request: status %d, want 409 with the Service's message:\n%s", st, clip(body))
		}
	})
}

func TestData_FileRequest(t *testing.T) {
	s := sharedSite(t)
	e := dataEntry(t, s)
	b := signedIn(t, s, s.Dept)
	_, body := b.get("/data/requests?catalog=" + url.QueryEscape(e.Code))
	if !strings.Contains(body, `id="form-request"`) {
		t.Fatalf("a department is not offered the request form:\n%s", clip(body))
	}
	for name, tc := range map[string]struct {
		form  url.Values
		field string
	}{
		"ErrNoPurpose":   {url.Values{"catalog": {e.Code}, "items": {e.Items[0].Name}}, "purpose"},
		"ErrUnknownItem": {url.Values{"catalog": {e.Code}, "items": {"不存在的信息项"}, "purpose": {"核对"}}, "items"},
		"ErrForAnother":  {url.Values{"catalog": {e.Code}, "items": {e.Items[0].Name}, "purpose": {"核对"}, "consumer": {s.Other}}, "consumer"},
	} {
		t.Run(name, func(t *testing.T) {
			st, body := b.post("/data/requests", tc.form)
			if st < 400 || !strings.Contains(body, `id="err-`+tc.field+`"`) {
				t.Fatalf("status %d, want a refusal naming %s:\n%s", st, tc.field, clip(body))
			}
		})
	}
	t.Run("OtherDepartmentsRequestNotFound", func(t *testing.T) {
		page, err := s.Svc.Data.Requests(context.Background(), licCenter, datashare.RequestQuery{Status: datashare.RequestDenied})
		if err != nil || len(page.Items) == 0 {
			t.Skip("the demo year has no denied request")
		}
		r := page.Items[0]
		if r.Consumer == s.DeptCode || r.Provider == s.DeptCode {
			t.Skip("the denied request is the dept's own")
		}
		if st, _ := b.get("/data/requests/" + r.ID.String()); st != http.StatusNotFound {
			t.Fatalf("another department's request: status %d, want 404", st)
		}
	})
}
