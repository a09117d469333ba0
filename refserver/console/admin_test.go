package console_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// adminUnique returns a name no other test uses.
func adminUnique(prefix string) string {
	return fmt.Sprintf("%s%d", prefix, time.Now().UnixNano())
}

func TestAdmin_Access(t *testing.T) {
	s := sharedSite(t)
	pages := []string{"/admin", "/admin/departments", "/admin/tokens", "/admin/calendar", "/admin/audit"}
	t.Run("Admin", func(t *testing.T) {
		b := signedIn(t, s, s.Admin)
		for _, p := range pages {
			st, body := b.get(p)
			if st != http.StatusOK || strings.Count(body, `id="page-title"`) != 1 || !strings.Contains(body, `id="admin-tabs"`) {
				t.Errorf("%s: status %d, want 200 with the tabs:\n%s", p, st, clip(body))
			}
		}
	})
	for name, token := range map[string]string{"Dept": s.Dept, "Viewer": s.Viewer} {
		t.Run("Err"+name, func(t *testing.T) {
			b := signedIn(t, s, token)
			for _, p := range pages {
				if st, body := b.get(p); st != http.StatusForbidden || !strings.Contains(body, `id="error-page"`) {
					t.Errorf("%s: status %d, want the 403 page", p, st)
				}
			}
			if _, body := b.get("/"); strings.Contains(body, `id="nav-admin"`) {
				t.Error("the navigation offers the admin pages")
			}
			b.get("/")
			if st, _ := b.post("/admin/tokens", url.Values{"name": {"x"}, "role": {"viewer"}}); st != http.StatusForbidden {
				t.Errorf("issuing a token: status %d, want 403", st)
			}
		})
	}
}

var adminRevokeForm = regexp.MustCompile(`<tr id="token-([0-9a-f-]+)"><td>([^<]*)</td>`)

func TestAdmin_Tokens(t *testing.T) {
	s := sharedSite(t)
	b := signedIn(t, s, s.Admin)
	name := adminUnique("值班员")
	var id string
	t.Run("Issue", func(t *testing.T) {
		b.get("/admin/tokens")
		st, body := b.post("/admin/tokens", url.Values{"name": {name}, "role": {"viewer"}})
		if st != http.StatusOK {
			t.Fatalf("status %d:\n%s", st, clip(body))
		}
		m := regexp.MustCompile(`<div class="secret" id="token-secret">([^<]+)</div>`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no secret shown:\n%s", clip(body))
		}
		secret := m[1]
		if !strings.Contains(body, `id="token-warning"`) {
			t.Error("no warning that the secret is shown once")
		}
		// The secret signs in as the token.
		nb := signedIn(t, s, secret)
		if _, page := nb.get("/cases"); !strings.Contains(page, name) {
			t.Error("the issued token does not sign in as its holder")
		}
		_, again := b.get("/admin/tokens")
		if strings.Contains(again, secret) || strings.Contains(again, `id="token-secret"`) {
			t.Fatal("a reload of the tokens page shows the secret again")
		}
		for _, r := range adminRevokeForm.FindAllStringSubmatch(again, -1) {
			if r[2] == name {
				id = r[1]
			}
		}
		if id == "" {
			// The new token may sit on a later page: follow the pager.
			for p := again; id == ""; {
				next := regexp.MustCompile(`href="(/admin/tokens\?cursor=[^"]+)" id="page-next"`).FindStringSubmatch(p)
				if next == nil {
					t.Fatalf("the token %s is not listed", name)
				}
				_, p = b.get(strings.ReplaceAll(next[1], "&amp;", "&"))
				for _, r := range adminRevokeForm.FindAllStringSubmatch(p, -1) {
					if r[2] == name {
						id = r[1]
					}
				}
			}
		}
	})
	t.Run("ErrRole", func(t *testing.T) {
		b.get("/admin/tokens")
		st, body := b.post("/admin/tokens", url.Values{"name": {adminUnique("x")}, "role": {"root"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, `id="err-role"`) || strings.Contains(body, `id="token-secret"`) {
			t.Fatalf("status %d, want 422 with the role's error and no secret:\n%s", st, clip(body))
		}
	})
	t.Run("ErrDepartment", func(t *testing.T) {
		b.get("/admin/tokens")
		st, body := b.post("/admin/tokens", url.Values{"name": {adminUnique("x")}, "role": {"dept"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, `id="err-department"`) {
			t.Fatalf("status %d, want 422 with the department's error:\n%s", st, clip(body))
		}
	})
	t.Run("Revoke", func(t *testing.T) {
		if id == "" {
			t.Skip("no token issued")
		}
		b.get("/admin/tokens")
		st, body := b.post("/admin/tokens/"+id+"/revoke", url.Values{})
		if st != http.StatusOK || !strings.Contains(body, `id="flash"`) || !strings.Contains(body, "已吊销令牌") {
			t.Fatalf("status %d, want the tokens page with the flash:\n%s", st, clip(body))
		}
		if _, page := b.get("/admin/tokens"); strings.Contains(page, `id="form-revoke-`+id+`"`) {
			t.Error("a revoked token still offers its revoke form")
		}
		b.get("/admin/tokens")
		if st, _ := b.post("/admin/tokens/00000000-0000-0000-0000-000000000000/revoke", url.Values{}); st != http.StatusNotFound {
			t.Errorf("revoking an unknown token: status %d, want 404", st)
		}
	})
	t.Run("Audit", func(t *testing.T) {
		st, body := b.get("/admin/audit?actor=" + url.QueryEscape("中心值班员"))
		if st != http.StatusOK {
			t.Fatalf("status %d", st)
		}
		if !strings.Contains(body, `POST <code class="route">/admin/tokens</code>`) {
			t.Errorf("the audit log does not list the token issued through the console:\n%s", clip(body))
		}
	})
}

func TestAdmin_Departments(t *testing.T) {
	s := sharedSite(t)
	b := signedIn(t, s, s.Admin)
	t.Run("List", func(t *testing.T) {
		_, body := b.get("/admin/departments?q=" + s.DeptCode)
		if !strings.Contains(body, `id="dept-`+s.DeptCode+`"`) || !strings.Contains(body, "解放街道办事处") {
			t.Errorf("the filter does not find %s:\n%s", s.DeptCode, clip(body))
		}
	})
	t.Run("Create", func(t *testing.T) {
		code := adminUnique("T")
		b.get("/admin/departments")
		st, body := b.post("/admin/departments", url.Values{"code": {code}, "name": {"测试局" + code}, "kind": {"department"}, "zone": {"urban"}})
		if st != http.StatusOK || !strings.Contains(body, `id="flash"`) || !strings.Contains(body, `id="dept-`+code+`"`) {
			t.Fatalf("status %d, want the directory listing the new unit:\n%s", st, clip(body))
		}
		b.get("/admin/departments")
		if st, body := b.post("/admin/departments", url.Values{"code": {code}, "name": {"重复"}, "kind": {"department"}}); st != http.StatusConflict {
			t.Errorf("a taken code: status %d, want 409:\n%s", st, clip(body))
		}
	})
	t.Run("ErrCode", func(t *testing.T) {
		b.get("/admin/departments")
		st, body := b.post("/admin/departments", url.Values{"code": {"bad code!"}, "name": {"测试"}, "kind": {"department"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, `id="err-code"`) {
			t.Fatalf("status %d, want 422 with the code's error:\n%s", st, clip(body))
		}
		if !strings.Contains(body, `value="bad code!"`) {
			t.Error("the refused form is not filled again")
		}
	})
}

func TestAdmin_Calendar(t *testing.T) {
	s := sharedSite(t)
	b := signedIn(t, s, s.Admin)
	_, body := b.get("/admin/calendar")
	this := time.Now().In(time.FixedZone("CST", 8*3600)).Year()
	if !strings.Contains(body, fmt.Sprintf(`id="calendar-%d"`, this)) {
		t.Errorf("no row for %d:\n%s", this, clip(body))
	}
	if strings.Contains(body, "暂定") != strings.Contains(body, `id="calendar-warning"`) {
		t.Error("a provisional year without the warning, or a warning without one")
	}
}
