package refserver_test

import (
	"context"
	"encoding/hex"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/directory/directorymem"
	"github.com/govops-kit/govops/refserver"
	"github.com/govops-kit/govops/refserver/apikit"
)

var tokenRE = regexp.MustCompile(`^gvo_[A-Za-z0-9_-]{43}$`)

func newRegistry(t *testing.T) (*refserver.Registry, *refserver.MemStore) {
	t.Helper()
	dir := refserver.NewMemStore()
	deps := directory.NewService(directorymem.New())
	if _, err := deps.Create(context.Background(), govops.Actor{Name: "中心"}, directory.CreateInput{Code: "ylj", Name: "跃进街道", Kind: directory.KindTownship}); err != nil {
		t.Fatal(err)
	}
	reg := refserver.NewRegistry(dir, deps.Check(), stepClock(testStart))
	return reg, dir
}

func TestRegistry_IssueToken(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		reg, dir := newRegistry(t)
		tok, plain, err := reg.IssueToken(ctx, refserver.TokenInput{Name: "跃进街道值班", Role: refserver.RoleDept, Department: "ylj"})
		if err != nil {
			t.Fatal(err)
		}
		if !tokenRE.MatchString(plain) {
			t.Fatalf("token %q does not look like gvo_ + 43 base64url characters", plain)
		}
		if tok.ID.Version() != 7 {
			t.Fatalf("token ID %s is not a UUIDv7", tok.ID)
		}
		stored, err := dir.TokenByHash(ctx, refserver.HashToken(plain))
		if err != nil {
			t.Fatal(err)
		}
		if stored.Hash == plain || strings.Contains(stored.Hash, plain[4:]) {
			t.Fatal("the plaintext token is stored")
		}
		if b, err := hex.DecodeString(stored.Hash); err != nil || len(b) != 32 {
			t.Fatalf("stored hash %q is not a hex SHA-256", stored.Hash)
		}
		_, plain2, _ := reg.IssueToken(ctx, refserver.TokenInput{Name: "x", Role: refserver.RoleViewer})
		if plain2 == plain {
			t.Fatal("two tokens share a secret")
		}
	})
	for _, tc := range []struct {
		name  string
		in    refserver.TokenInput
		field string
	}{
		{"ErrNameMissing", refserver.TokenInput{Role: refserver.RoleAdmin}, "name"},
		{"ErrNameTooLong", refserver.TokenInput{Name: strings.Repeat("名", 65), Role: refserver.RoleAdmin}, "name"},
		{"ErrNameNUL", refserver.TokenInput{Name: "值班\x00", Role: refserver.RoleAdmin}, "name"},
		{"ErrNameLineBreak", refserver.TokenInput{Name: "值\n班", Role: refserver.RoleAdmin}, "name"},
		{"ErrNameNotUTF8", refserver.TokenInput{Name: "\xff", Role: refserver.RoleAdmin}, "name"},
		{"ErrDeptDepartmentNUL", refserver.TokenInput{Name: "x", Role: refserver.RoleDept, Department: "ylj\x00"}, "department"},
		{"ErrRoleMissing", refserver.TokenInput{Name: "x"}, "role"},
		{"ErrRoleUnknown", refserver.TokenInput{Name: "x", Role: "root"}, "role"},
		{"ErrDeptWithoutDepartment", refserver.TokenInput{Name: "x", Role: refserver.RoleDept}, "department"},
		{"ErrDeptUnknownDepartment", refserver.TokenInput{Name: "x", Role: refserver.RoleDept, Department: "nowhere"}, "department"},
		{"ErrViewerWithDepartment", refserver.TokenInput{Name: "x", Role: refserver.RoleViewer, Department: "ylj"}, "department"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reg, dir := newRegistry(t)
			_, _, err := reg.IssueToken(ctx, tc.in)
			wantCode(t, err, govops.EINVALID)
			if _, ok := govops.ErrorFields(err)[tc.field]; !ok {
				t.Fatalf("fields = %v, want %s named", govops.ErrorFields(err), tc.field)
			}
			if n, _ := dir.CountTokens(ctx); n != 0 {
				t.Fatal("an invalid token was stored")
			}
		})
	}
}

func TestRegistry_Authenticate(t *testing.T) {
	ctx := context.Background()
	reg, _ := newRegistry(t)
	tok, plain, err := reg.IssueToken(ctx, refserver.TokenInput{Name: "中心", Role: refserver.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		got, err := reg.Authenticate(ctx, plain)
		if err != nil || got.ID != tok.ID {
			t.Fatalf("Authenticate = %v, %v", got.ID, err)
		}
	})
	for _, tc := range []struct{ name, token string }{
		{"ErrEmpty", ""},
		{"ErrMalformed", "not-a-token"},
		{"ErrWrongPrefix", "gvx_" + plain[4:]},
		{"ErrTruncated", plain[:len(plain)-1]},
		{"ErrUnknown", "gvo_" + strings.Repeat("A", 43)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := reg.Authenticate(ctx, tc.token)
			wantCode(t, err, govops.EUNAUTHORIZED)
			if strings.Contains(err.Error(), tc.token) && tc.token != "" {
				t.Fatal("the error repeats the token")
			}
		})
	}
	t.Run("ErrRevoked", func(t *testing.T) {
		if _, err := reg.RevokeToken(ctx, tok.ID); err != nil {
			t.Fatal(err)
		}
		_, err := reg.Authenticate(ctx, plain)
		wantCode(t, err, govops.EUNAUTHORIZED)
	})
}

func TestRegistry_Touch(t *testing.T) {
	ctx := context.Background()
	now := testStart
	dir := refserver.NewMemStore()
	reg := refserver.NewRegistry(dir, nil, func() time.Time { return now })
	_, plain, _ := reg.IssueToken(ctx, refserver.TokenInput{Name: "x", Role: refserver.RoleViewer})
	use := func() time.Time {
		tok, err := reg.Authenticate(ctx, plain)
		if err != nil {
			t.Fatal(err)
		}
		if err := reg.Touch(ctx, tok); err != nil {
			t.Fatal(err)
		}
		tok, _ = dir.TokenByHash(ctx, refserver.HashToken(plain))
		return tok.LastUsedAt
	}
	first := use()
	if !first.Equal(now.UTC()) {
		t.Fatalf("LastUsedAt = %v, want %v", first, now)
	}
	now = now.Add(30 * time.Second)
	if got := use(); !got.Equal(first) {
		t.Fatalf("LastUsedAt moved after 30s to %v; it is recorded at most once a minute", got)
	}
	now = now.Add(31 * time.Second)
	if got := use(); !got.Equal(now.UTC()) {
		t.Fatalf("LastUsedAt = %v after 61s, want %v", got, now)
	}
}

func TestRegistry_TokenCache(t *testing.T) {
	ctx := context.Background()
	now := testStart
	clock := func() time.Time { return now }
	dir := refserver.NewMemStore()
	server := refserver.NewRegistry(dir, nil, clock)
	tok, plain, err := server.IssueToken(ctx, refserver.TokenInput{Name: "x", Role: refserver.RoleViewer})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := server.Authenticate(ctx, plain); err != nil {
		t.Fatal(err)
	}
	t.Run("RevokedElsewhere", func(t *testing.T) {
		// Another process (the token CLI) revokes it: this server trusts
		// its cached verification until the TTL runs out, and no longer.
		if _, err := refserver.NewRegistry(dir, nil, clock).RevokeToken(ctx, tok.ID); err != nil {
			t.Fatal(err)
		}
		now = now.Add(refserver.TokenCacheTTL - time.Second)
		if _, err := server.Authenticate(ctx, plain); err != nil {
			t.Fatalf("within the TTL the cached verification holds: %v", err)
		}
		now = now.Add(time.Second)
		_, err := server.Authenticate(ctx, plain)
		wantCode(t, err, govops.EUNAUTHORIZED)
	})
	t.Run("RevokedHere", func(t *testing.T) {
		tok2, plain2, _ := server.IssueToken(ctx, refserver.TokenInput{Name: "y", Role: refserver.RoleViewer})
		if _, err := server.Authenticate(ctx, plain2); err != nil {
			t.Fatal(err)
		}
		if _, err := server.RevokeToken(ctx, tok2.ID); err != nil {
			t.Fatal(err)
		}
		_, err := server.Authenticate(ctx, plain2)
		wantCode(t, err, govops.EUNAUTHORIZED)
	})
}

func TestRegistry_Bootstrap(t *testing.T) {
	ctx := context.Background()
	reg, dir := newRegistry(t)
	plain, err := reg.Bootstrap(ctx)
	if err != nil || !tokenRE.MatchString(plain) {
		t.Fatalf("Bootstrap = %q, %v", plain, err)
	}
	tok, err := reg.Authenticate(ctx, plain)
	if err != nil || tok.Role != refserver.RoleAdmin {
		t.Fatalf("bootstrap token: %+v, %v", tok, err)
	}
	again, err := reg.Bootstrap(ctx)
	if err != nil || again != "" {
		t.Fatalf("second Bootstrap = %q, %v; want nothing", again, err)
	}
	if n, _ := dir.CountTokens(ctx); n != 1 {
		t.Fatalf("%d tokens after two bootstraps", n)
	}
}

func TestRegistry_Pages(t *testing.T) {
	ctx := context.Background()
	reg, _ := newRegistry(t)
	var ids []string
	for _, c := range []string{"a1", "a2", "a3", "a4"} {
		tok, _, err := reg.IssueToken(ctx, refserver.TokenInput{Name: c, Role: refserver.RoleViewer})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tok.Name)
	}
	var names []string
	cursor := ""
	for range 10 {
		page, err := reg.Tokens(ctx, cursor, 3)
		if err != nil {
			t.Fatal(err)
		}
		for _, tok := range page.Tokens {
			names = append(names, tok.Name)
		}
		if page.Next == "" {
			break
		}
		cursor = page.Next
	}
	if strings.Join(names, ",") != strings.Join(ids, ",") {
		t.Fatalf("paged tokens = %v, want %v", names, ids)
	}
	_, err := reg.Tokens(ctx, "%%%", 2)
	wantCode(t, err, govops.EINVALID)
	_, err = reg.Tokens(ctx, "", 501)
	wantCode(t, err, govops.EINVALID)
}

func FuzzWellFormedToken(f *testing.F) {
	f.Add("gvo_" + strings.Repeat("A", 43))
	f.Add("gvo_" + strings.Repeat("_", 43))
	f.Add("gvo_")
	f.Add("Bearer gvo_x")
	f.Fuzz(func(t *testing.T, s string) {
		if refserver.WellFormedToken(s) && !tokenRE.MatchString(s) {
			t.Fatalf("WellFormedToken accepted %q", s)
		}
	})
}

func FuzzDecodeJSON(f *testing.F) {
	f.Add([]byte(`{"name":"x","role":"admin"}`))
	f.Add([]byte(`{"name":5}`))
	f.Add([]byte(`{"name":"x"} {}`))
	f.Add([]byte(`[1,2]`))
	f.Add([]byte(`{"bogus":true}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var dst struct {
			Name string   `json:"name"`
			Role string   `json:"role"`
			Tags []string `json:"tags"`
		}
		err := apikit.DecodeJSON(data, &dst, false)
		if err == nil {
			return
		}
		var e *govops.Error
		if !errors.As(err, &e) || e.Code != govops.EINVALID || len(e.Fields) != 1 {
			t.Fatalf("DecodeJSON(%q) = %v; want EINVALID naming one field", data, err)
		}
	})
}

func FuzzParseTimeOrDate(f *testing.F) {
	f.Add("2026-03-01", true)
	f.Add("2026-03-01T09:00:00+08:00", false)
	f.Add("2026-02-30", false)
	f.Add("0000-01-01T00:00:00Z", false)
	f.Add("9999-12-31T23:59:59-23:00", false)
	f.Add("9999-12-31", true)
	f.Fuzz(func(t *testing.T, s string, end bool) {
		got, err := apikit.ParseTimeOrDate(s, govops.ShanghaiLocation(), end)
		if err != nil {
			if govops.ErrorCode(err) != govops.EINVALID || govops.ErrorMessage(err) == "" {
				t.Fatalf("ParseTimeOrDate(%q, %v) error %v; want EINVALID with the rule", s, end, err)
			}
			return
		}
		if !govops.TimeInRange(got) {
			t.Fatalf("ParseTimeOrDate(%q, %v) = %v, outside the years 1900 to 9999", s, end, got)
		}
		if d, derr := time.ParseInLocation(time.DateOnly, s, govops.ShanghaiLocation()); derr == nil {
			want := d
			if end {
				want = d.AddDate(0, 0, 1)
			}
			if !got.Equal(want) {
				t.Fatalf("ParseTimeOrDate(%q, %v) = %v, want %v", s, end, got, want)
			}
		}
	})
}
