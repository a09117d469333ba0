package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/security"
)

func TestConsole_SecurityOverview(t *testing.T) {
	s := sharedSite(t)
	ctx := context.Background()
	r, err := s.Svc.Security.Report(ctx, opsCenter, 2022)
	if err != nil {
		t.Fatal(err)
	}
	open, err := s.Svc.Security.Hardenings(ctx, opsCenter, security.HardeningListInput{Status: security.HardeningOpen})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		b := signedIn(t, s, s.Viewer)
		st, body := b.get("/security?year=2022")
		opsMust(t, st, body, http.StatusOK, "网络安全 · 2022 年",
			`id="kpi-found"><div class="v">`+opsNum(int64(r.Findings.Found))+`</div>`,
			`id="kpi-inspections"><div class="v">`+opsNum(int64(r.Inspections))+`</div>`,
			`id="kpi-plans"><div class="v">`+opsNum(int64(r.PlansApproved))+`</div>`,
			`<svg class="chart"`)
		if n := opsRows(body, "hardenings", "finding-"); n != len(open.Items) {
			t.Fatalf("%d open findings listed, want %d", n, len(open.Items))
		}
	})
	t.Run("LatestYearByDefault", func(t *testing.T) {
		b := signedIn(t, s, s.Admin)
		st, body := b.get("/security")
		opsMust(t, st, body, http.StatusOK, "网络安全 · 2022 年")
	})
	t.Run("DeptOwnReport", func(t *testing.T) {
		own, err := s.Svc.Security.Report(ctx, govops.Actor{Name: "t", Department: s.DeptCode}, 2022)
		if err != nil {
			t.Fatal(err)
		}
		b := signedIn(t, s, s.Dept)
		st, body := b.get("/security?year=2022")
		opsMust(t, st, body, http.StatusOK, `id="kpi-found"><div class="v">`+opsNum(int64(own.Findings.Found))+`</div>`)
		if strings.Contains(body, `id="kpi-plans"`) {
			t.Fatal("a department sees the center's compliance")
		}
	})
	t.Run("ErrBadFilter", func(t *testing.T) {
		b := signedIn(t, s, s.Admin)
		st, body := b.get("/security?year=2022&severity=bogus")
		opsMust(t, st, body, http.StatusUnprocessableEntity, `id="err-severity"`)
	})
}

// securityOpen opens a hardening record of dept for a test to work on.
func securityOpen(t *testing.T, s *site, dept string) *security.Hardening {
	t.Helper()
	h, err := s.Svc.Security.OpenHardening(context.Background(), opsCenter, security.HardeningInput{Department: dept,
		Asset: "测试服务器 10.0.0.9", Kind: security.FindingWeakPassword, Severity: security.SeverityHigh, Detail: "SSH 弱口令"})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestConsole_SecurityFinding(t *testing.T) {
	s := sharedSite(t)
	t.Run("OK", func(t *testing.T) {
		h := securityOpen(t, s, s.DeptCode)
		path := "/security/findings/" + h.ID.String()
		b := signedIn(t, s, s.Admin)
		st, body := b.get(path)
		opsMust(t, st, body, http.StatusOK, `id="page-title"`, "测试服务器 10.0.0.9", `id="form-remediate"`, `id="history"`)
		st, body = b.post(path+"/remediate", url.Values{"remediation": {"已修改口令"}, "remediated_by": {"张三"}, "if_version": {"1"}})
		opsMust(t, st, body, http.StatusOK, `id="flash"`, "已整改待复核", `id="form-verify"`, "已修改口令")
		st, body = b.post(path+"/verify", url.Values{"verified_by": {"李四"}, "if_version": {"2"}})
		opsMust(t, st, body, http.StatusOK, `id="flash"`, `id="status">已复核`, `id="form-retest"`)
		st, body = b.post(path+"/retest", url.Values{"passed": {"false"}, "note": {"复测仍为弱口令"}, "if_version": {"3"}})
		opsMust(t, st, body, http.StatusOK, `id="status">待整改`, "复测仍为弱口令")
		got, err := s.Svc.Security.Hardening(context.Background(), opsCenter, h.ID.String())
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != security.HardeningOpen || got.Retests != 1 {
			t.Fatalf("record %s with %d re-tests, want reopened once", got.Status, got.Retests)
		}
	})
	t.Run("ErrSameVerifier", func(t *testing.T) {
		h := securityOpen(t, s, "")
		path := "/security/findings/" + h.ID.String()
		b := signedIn(t, s, s.Admin)
		b.get(path)
		b.post(path+"/remediate", url.Values{"remediation": {"关闭端口"}, "remediated_by": {"张三"}})
		st, body := b.post(path+"/verify", url.Values{"verified_by": {"张三"}})
		opsMust(t, st, body, http.StatusUnprocessableEntity, `id="err-verified_by"`, `id="form-verify"`)
	})
	t.Run("ErrRemediationRequired", func(t *testing.T) {
		h := securityOpen(t, s, "")
		path := "/security/findings/" + h.ID.String()
		b := signedIn(t, s, s.Admin)
		b.get(path)
		st, body := b.post(path+"/remediate", url.Values{"remediated_by": {"张三"}})
		opsMust(t, st, body, http.StatusUnprocessableEntity, `id="err-remediation"`)
	})
	t.Run("ViewerSeesNoForm", func(t *testing.T) {
		h := securityOpen(t, s, s.DeptCode)
		b := signedIn(t, s, s.Viewer)
		st, body := b.get("/security/findings/" + h.ID.String())
		opsMust(t, st, body, http.StatusOK, `id="history"`)
		if strings.Contains(body, `<form method="post" action="/security`) {
			t.Fatal("a viewer is offered a form")
		}
	})
	t.Run("DeptOwnOnly", func(t *testing.T) {
		own, other := securityOpen(t, s, s.DeptCode), securityOpen(t, s, s.Other)
		b := signedIn(t, s, s.Dept)
		st, body := b.get("/security/findings/" + own.ID.String())
		opsMust(t, st, body, http.StatusOK, `id="form-remediate"`)
		if strings.Contains(body, `id="form-verify"`) || strings.Contains(body, `id="form-retest"`) {
			t.Fatal("a department is offered the center's steps")
		}
		if st, _ := b.get("/security/findings/" + other.ID.String()); st != http.StatusNotFound {
			t.Fatalf("another unit's record: status %d, want 404", st)
		}
		if st, _ := b.get("/security/findings/nope"); st != http.StatusNotFound {
			t.Fatalf("no ID: status %d, want 404", st)
		}
	})
}
