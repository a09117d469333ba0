package console_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
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

func TestLicenses_TypesPaged(t *testing.T) {
	s := sharedSite(t)
	page, err := s.Svc.Licenses.ListTypes(context.Background(), licCenter, license.TypeList{})
	if err != nil {
		t.Fatal(err)
	}
	if page.Next == "" {
		t.Skip("the demo year has one page of types")
	}
	b := signedIn(t, s, s.Viewer)
	_, body := b.get("/licenses/types")
	for _, ty := range page.Items {
		if !strings.Contains(body, `href="/licenses/types/`+ty.Code+`"`) {
			t.Fatalf("the first page does not link %s", ty.Code)
		}
	}
	m := regexp.MustCompile(`href="(/licenses/types\?cursor=[^"]+)" id="page-next"`).FindStringSubmatch(body)
	if m == nil || m[1] == "" {
		t.Fatalf("the first page has no next page link:\n%s", clip(body))
	}
	next, err := s.Svc.Licenses.ListTypes(context.Background(), licCenter, license.TypeList{Cursor: page.Next})
	if err != nil {
		t.Fatal(err)
	}
	st, body := b.get(strings.ReplaceAll(m[1], "&amp;", "&"))
	if st != http.StatusOK || !strings.Contains(body, `href="/licenses/types/`+next.Items[0].Code+`"`) || strings.Contains(body, `href="/licenses/types/`+page.Items[0].Code+`"`) {
		t.Fatalf("the second page: status %d, not the Service's second page:\n%s", st, clip(body))
	}
	t.Run("Filter", func(t *testing.T) {
		_, body := b.get("/licenses/types?q=" + url.QueryEscape(page.Items[0].Name))
		if !strings.Contains(body, `href="/licenses/types/`+page.Items[0].Code+`"`) || strings.Contains(body, `id="page-next"`) {
			t.Fatalf("the name filter does not find %s alone:\n%s", page.Items[0].Name, clip(body))
		}
	})
}

// licFree returns a type that another department claims and the dept
// token's department has no standing claim or explanation of: claiming it
// leaves the unclaimed types as they are.
func licFree(t *testing.T, s *site) *license.Type {
	t.Helper()
	ctx := context.Background()
	cv, err := s.Svc.Licenses.Coverage(ctx, licCenter)
	if err != nil {
		t.Fatal(err)
	}
	unclaimed := map[string]bool{}
	for _, r := range cv.Risks {
		if r.Reason == license.RiskUnclaimed {
			unclaimed[r.Type] = true
		}
	}
	cursor := ""
	for {
		page, err := s.Svc.Licenses.ListTypes(ctx, licCenter, license.TypeList{Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, ty := range page.Items {
			if unclaimed[ty.Code] {
				continue
			}
			if c, err := s.Svc.Licenses.GetClaim(ctx, licCenter, ty.Code, s.DeptCode); err != nil || !c.Active() {
				return ty
			}
		}
		if cursor = page.Next; cursor == "" {
			t.Fatal("the dept has claimed every type")
		}
	}
}

func TestLicenses_Claim(t *testing.T) {
	s := sharedSite(t)
	ty := licFree(t, s)
	path := "/licenses/types/" + ty.Code
	t.Run("ViewerSeesNoForms", func(t *testing.T) {
		_, body := signedIn(t, s, s.Viewer).get(path)
		if strings.Contains(body, `method="post"`+" action=\"/licenses") {
			t.Fatal("a viewer is offered a form")
		}
	})
	t.Run("ErrCenterWithoutDepartment", func(t *testing.T) {
		b := signedIn(t, s, s.Admin)
		b.get(path)
		st, body := b.post(path+"/claims", url.Values{"kind": {"claim"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, `id="err-department"`) {
			t.Fatalf("status %d, want 422 with the department's error:\n%s", st, clip(body))
		}
	})
	b := signedIn(t, s, s.Dept)
	_, body := b.get(path)
	if !strings.Contains(body, `id="form-claim"`) || !strings.Contains(body, `id="form-explain"`) || strings.Contains(body, `id="f-department"`) {
		t.Fatalf("a department is not offered the claim and explain forms for itself:\n%s", clip(body))
	}
	for name, tc := range map[string]struct {
		form  url.Values
		field string
	}{
		"ErrNegativeCount":       {url.Values{"kind": {"claim"}, "expected": {"-1"}}, "expected"},
		"ErrCountNotANumber":     {url.Values{"kind": {"claim"}, "expected": {"很多"}}, "expected"},
		"ErrExplainWithoutWhy":   {url.Values{"kind": {"explanation"}, "explanation": {" "}}, "explanation"},
		"ErrClaimForAnotherDept": {url.Values{"kind": {"claim"}, "department": {s.Other}}, ""},
	} {
		t.Run(name, func(t *testing.T) {
			st, body := b.post(path+"/claims", tc.form)
			if tc.field == "" {
				if st != http.StatusForbidden || !strings.Contains(body, `id="form-message"`) {
					t.Fatalf("status %d, want 403 with the Service's message:\n%s", st, clip(body))
				}
				return
			}
			if st != http.StatusUnprocessableEntity || !strings.Contains(body, `id="err-`+tc.field+`"`) {
				t.Fatalf("status %d, want 422 with the %s error:\n%s", st, tc.field, clip(body))
			}
		})
	}
	t.Run("OK", func(t *testing.T) {
		st, body := b.post(path+"/claims", url.Values{"kind": {"claim"}, "expected": {"3"}})
		if st != http.StatusOK || !strings.Contains(body, "已认领") || !strings.Contains(body, `id="own-claim"`) || strings.Contains(body, `id="form-claim"`) {
			t.Fatalf("claim: status %d:\n%s", st, clip(body))
		}
		c, err := s.Svc.Licenses.GetClaim(context.Background(), licCenter, ty.Code, s.DeptCode)
		if err != nil || !c.Issues() || c.Expected != 3 {
			t.Fatalf("the Service has %+v (%v), want a standing claim expecting 3", c, err)
		}
		if !strings.Contains(body, `id="form-template"`) {
			t.Fatal("the claiming department is not offered the template upload")
		}
	})
	t.Run("Schema", func(t *testing.T) {
		b.get(path)
		st, body := b.post(path+"/schema", url.Values{"fields": {"经营者|经营者名称|字符串|是\n地址|经营场所|string|否|.{2,100}"}})
		if st != http.StatusOK || !strings.Contains(body, "照面信息已保存") || !strings.Contains(body, "<td>经营场所</td>") {
			t.Fatalf("schema: status %d:\n%s", st, clip(body))
		}
		sc, err := s.Svc.Licenses.GetSchema(context.Background(), licCenter, ty.Code)
		if err != nil || len(sc.Fields) != 2 || !sc.Fields[0].Required || sc.Fields[1].Pattern != ".{2,100}" {
			t.Fatalf("the Service has %+v (%v)", sc, err)
		}
		st, body = b.post(path+"/schema", url.Values{"fields": {"经营者|经营者名称|颜色"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, `id="err-fields"`) || !strings.Contains(body, "经营者") {
			t.Fatalf("a field of no type: status %d, want 422 with the fields' error:\n%s", st, clip(body))
		}
	})
	claim := path + "/claims/" + s.DeptCode
	t.Run("Declare", func(t *testing.T) {
		b.get(claim)
		st, body := b.post(claim+"/expected", url.Values{"expected": {"5"}})
		if st != http.StatusOK || !strings.Contains(body, "已申报证照数量") || !strings.Contains(body, `id="claim-expected">5<`) {
			t.Fatalf("declare: status %d:\n%s", st, clip(body))
		}
		st, body = b.post(claim+"/expected", url.Values{"expected": {"-2"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, `id="err-expected"`) {
			t.Fatalf("a negative count: status %d, want 422 with its error:\n%s", st, clip(body))
		}
	})
	t.Run("ErrWithdrawWithoutReason", func(t *testing.T) {
		st, body := b.post(claim+"/withdraw", url.Values{"reason": {""}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, `id="err-reason"`) {
			t.Fatalf("status %d, want 422 with the reason's error:\n%s", st, clip(body))
		}
	})
	t.Run("OtherDepartmentsClaimNotFound", func(t *testing.T) {
		cl, err := s.Svc.Licenses.ListClaims(context.Background(), licCenter, license.ClaimList{})
		if err != nil || len(cl.Items) == 0 {
			t.Fatal("no claims", err)
		}
		other := cl.Items[0]
		if st, _ := b.get("/licenses/types/" + other.Type + "/claims/" + other.Department); st != http.StatusNotFound {
			t.Fatalf("another department's claim: status %d, want 404", st)
		}
	})
}

// licUpload posts content as the template file of the type page path, as
// the upload form does.
func licUpload(t *testing.T, b *browser, path, name string, content []byte) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("csrf", b.csrf)
	f, err := w.CreateFormFile("content", name)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(content)
	w.Close()
	resp, err := b.c.Post(b.site.URL+path+"/templates", w.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	return b.read(resp)
}

func TestLicenses_Template(t *testing.T) {
	s := sharedSite(t)
	ty := licUnclaimed(t, s)
	path := "/licenses/types/" + ty.Type
	b := signedIn(t, s, s.Admin)
	b.get(path)
	t.Run("ErrNotPDFOrOFD", func(t *testing.T) {
		st, body := licUpload(t, b, path, "a.txt", []byte("hello"))
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, `id="err-content"`) {
			t.Fatalf("status %d, want 422 with the content's error:\n%s", st, clip(body))
		}
	})
	st, body := licUpload(t, b, path, "样式.pdf", []byte("%PDF-1.7\n%%EOF\n"))
	if st != http.StatusOK || !strings.Contains(body, "版式文件已上传") {
		t.Fatalf("upload: status %d:\n%s", st, clip(body))
	}
	m := regexp.MustCompile(`action="(/licenses/templates/[0-9a-f-]+/approve)" id="form-approve-r([0-9]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the draft has no approve form:\n%s", clip(body))
	}
	st, body = b.post(m[1], url.Values{"if_version": {"1"}})
	if st != http.StatusOK || !strings.Contains(body, "已审定") {
		t.Fatalf("approve: status %d:\n%s", st, clip(body))
	}
	t.Run("DeptWithoutClaimRefused", func(t *testing.T) {
		d := signedIn(t, s, s.Dept)
		_, body := d.get(path)
		if strings.Contains(body, `id="form-template"`) || strings.Contains(body, `id="form-approve-r`) {
			t.Fatal("a department without a claim is offered the upload or the approval")
		}
		if st, _ := licUpload(t, d, path, "x.pdf", []byte("%PDF-1.7\n")); st != http.StatusForbidden {
			t.Fatalf("upload without a claim: status %d, want 403", st)
		}
		if st, _ := d.post(m[1], url.Values{"if_version": {"2"}}); st != http.StatusForbidden {
			t.Fatalf("a department approving: status %d, want 403", st)
		}
	})
}
