package security_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/security"
)

func hardeningInput() security.HardeningInput {
	return security.HardeningInput{Department: "QZFJ", Asset: "SW-CORE-01", Kind: security.FindingWeakPassword, Severity: security.SeverityHigh,
		Detail: "管理口令为弱口令", SourceRef: "桂网信通〔2022〕12号", FoundOn: date(2022, 6, 1)}
}

func TestOpenHardening(t *testing.T) {
	f := newFix(t)
	h := must(f.svc.OpenHardening(f.ctx, center(), hardeningInput()))(t)
	if h.Status != security.HardeningOpen || h.Source.Kind != security.SourceOther || h.Source.Ref != "桂网信通〔2022〕12号" || h.Department != "QZFJ" {
		t.Fatalf("opened: %+v", h)
	}
	in := hardeningInput()
	in.FoundOn = time.Time{}
	h2 := must(f.svc.OpenHardening(f.ctx, center(), in))(t)
	if !h2.FoundOn.Equal(date(2022, 6, 15)) {
		t.Fatalf("found on %v, want today", h2.FoundOn)
	}
	cases := []struct {
		name  string
		edit  func(*security.HardeningInput)
		field string
	}{
		{"bad department", func(in *security.HardeningInput) { in.Department = " x" }, "department"},
		{"no asset", func(in *security.HardeningInput) { in.Asset = "" }, "asset"},
		{"no kind", func(in *security.HardeningInput) { in.Kind = "" }, "kind"},
		{"bad kind", func(in *security.HardeningInput) { in.Kind = "weak" }, "kind"},
		{"no severity", func(in *security.HardeningInput) { in.Severity = "" }, "severity"},
		{"bad severity", func(in *security.HardeningInput) { in.Severity = "urgent" }, "severity"},
		{"credential in detail", func(in *security.HardeningInput) { in.Detail = "口令为admin123" }, "detail"},
		{"long source ref", func(in *security.HardeningInput) { in.SourceRef = strings.Repeat("x", security.MaxNameLen+1) }, "source_ref"},
		{"future found_on", func(in *security.HardeningInput) { in.FoundOn = date(2022, 6, 16) }, "found_on"},
		{"version on a new record", func(in *security.HardeningInput) { in.IfVersion = 1 }, "if_version"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := hardeningInput()
			c.edit(&in)
			_, err := f.svc.OpenHardening(f.ctx, center(), in)
			wantErr(t, err, govops.EINVALID, c.field)
		})
	}
	for _, by := range []govops.Actor{dept(), viewer()} {
		_, err := f.svc.OpenHardening(f.ctx, by, hardeningInput())
		wantErr(t, err, govops.EFORBIDDEN)
	}
}

func TestUpdateHardening_OnlyOpen(t *testing.T) {
	f := newFix(t)
	h := must(f.svc.OpenHardening(f.ctx, center(), hardeningInput()))(t)
	in := hardeningInput()
	in.Severity, in.IfVersion = security.SeverityCritical, 1
	h = must(f.svc.UpdateHardening(f.ctx, center(), h.ID.String(), in))(t)
	if h.Severity != security.SeverityCritical || h.Version != 2 {
		t.Fatalf("updated: %+v", h)
	}
	_, err := f.svc.UpdateHardening(f.ctx, center(), h.ID.String(), in)
	wantErr(t, err, govops.ECONFLICT)
	_, err = f.svc.UpdateHardening(f.ctx, dept(), h.ID.String(), in)
	wantErr(t, err, govops.EFORBIDDEN)
	must(f.svc.Remediate(f.ctx, center(), h.ID.String(), security.Remediation{Remediation: "已修改为强口令", RemediatedBy: "陈明"}))(t)
	in.IfVersion = 0
	_, err = f.svc.UpdateHardening(f.ctx, center(), h.ID.String(), in)
	wantErr(t, err, govops.ECONFLICT, "status")
}

// toStatus brings a new record to status.
func toStatus(t *testing.T, f *fixture, status security.HardeningStatus) *security.Hardening {
	t.Helper()
	h := must(f.svc.OpenHardening(f.ctx, center(), hardeningInput()))(t)
	if status == security.HardeningOpen {
		return h
	}
	h = must(f.svc.Remediate(f.ctx, center(), h.ID.String(), security.Remediation{Remediation: "已修改为强口令", RemediatedBy: "陈明"}))(t)
	if status == security.HardeningRemediated {
		return h
	}
	return must(f.svc.Verify(f.ctx, center(), h.ID.String(), security.Verification{VerifiedBy: "王芳"}))(t)
}

func TestHardening_Lifecycle(t *testing.T) {
	steps := map[string]func(*fixture, string) (*security.Hardening, error){
		"remediate": func(f *fixture, ref string) (*security.Hardening, error) {
			return f.svc.Remediate(f.ctx, center(), ref, security.Remediation{Remediation: "已整改", RemediatedBy: "张伟"})
		},
		"verify": func(f *fixture, ref string) (*security.Hardening, error) {
			return f.svc.Verify(f.ctx, center(), ref, security.Verification{VerifiedBy: "刘洋"})
		},
		"retest passed": func(f *fixture, ref string) (*security.Hardening, error) {
			return f.svc.Retest(f.ctx, center(), ref, security.Retest{Passed: true, TestedBy: "刘洋"})
		},
		"retest failed": func(f *fixture, ref string) (*security.Hardening, error) {
			return f.svc.Retest(f.ctx, center(), ref, security.Retest{TestedBy: "刘洋", Note: "复测仍可用默认口令登录"})
		},
	}
	open, rem, ver := security.HardeningOpen, security.HardeningRemediated, security.HardeningVerified
	cases := []struct {
		from security.HardeningStatus
		step string
		to   security.HardeningStatus // "" when refused
	}{
		{open, "remediate", rem}, {open, "verify", ""}, {open, "retest passed", ""}, {open, "retest failed", ""},
		{rem, "remediate", ""}, {rem, "verify", ver}, {rem, "retest passed", ver}, {rem, "retest failed", open},
		{ver, "remediate", ""}, {ver, "verify", ""}, {ver, "retest passed", ""}, {ver, "retest failed", open},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s %s", c.from, c.step), func(t *testing.T) {
			f := newFix(t)
			h := toStatus(t, f, c.from)
			got, err := steps[c.step](f, h.ID.String())
			if c.to == "" {
				wantErr(t, err, govops.ECONFLICT, "status")
				if !strings.Contains(govops.ErrorMessage(err), string(c.from)) {
					t.Fatalf("refusal %q does not name the current state", govops.ErrorMessage(err))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != c.to || got.Version != h.Version+1 {
				t.Fatalf("moved to %s at version %d", got.Status, got.Version)
			}
			evs := must(f.svc.HardeningTrail(f.ctx, center(), h.ID.String()))(t)
			last := evs[len(evs)-1]
			if last.Seq != got.Version || last.From != security.Status(c.from) || last.To != security.Status(c.to) || last.Department != "QZFJ" {
				t.Fatalf("event: %+v", last)
			}
			if c.to == open && (got.Retests != 1 || got.RemediatedBy != "" || !got.VerifiedAt.IsZero()) {
				t.Fatalf("reopened: %+v", got)
			}
		})
	}
}

func TestHardening_Rules(t *testing.T) {
	f := newFix(t)
	h := toStatus(t, f, security.HardeningOpen)
	_, err := f.svc.Remediate(f.ctx, center(), h.ID.String(), security.Remediation{On: date(2022, 6, 16), Remediation: "pwd: x"})
	wantErr(t, err, govops.EINVALID, "remediation", "remediated_by", "on")
	_, err = f.svc.Remediate(f.ctx, center(), h.ID.String(), security.Remediation{Remediation: "已整改", RemediatedBy: "张伟", On: date(2022, 5, 1)})
	wantErr(t, err, govops.EINVALID, "on")
	// the owning unit remediates; another unit does not find the record
	_, err = f.svc.Remediate(f.ctx, otherDept(), h.ID.String(), security.Remediation{Remediation: "已整改", RemediatedBy: "张伟"})
	wantErr(t, err, govops.ENOTFOUND)
	_, err = f.svc.Remediate(f.ctx, viewer(), h.ID.String(), security.Remediation{Remediation: "已整改", RemediatedBy: "张伟"})
	wantErr(t, err, govops.EFORBIDDEN)
	h = must(f.svc.Remediate(f.ctx, dept(), h.ID.String(), security.Remediation{Remediation: "已整改", RemediatedBy: "张伟", IfVersion: 1}))(t)
	if h.RemediatedBy != "张伟" || !h.RemediatedOn.Equal(testNow()) {
		t.Fatalf("remediated: %+v", h)
	}
	_, err = f.svc.Verify(f.ctx, dept(), h.ID.String(), security.Verification{VerifiedBy: "李强"})
	wantErr(t, err, govops.EFORBIDDEN)
	_, err = f.svc.Verify(f.ctx, center(), h.ID.String(), security.Verification{VerifiedBy: "张伟"})
	wantErr(t, err, govops.EINVALID, "verified_by")
	_, err = f.svc.Verify(f.ctx, center(), h.ID.String(), security.Verification{})
	wantErr(t, err, govops.EINVALID, "verified_by")
	_, err = f.svc.Verify(f.ctx, center(), h.ID.String(), security.Verification{VerifiedBy: "王芳", IfVersion: 1})
	wantErr(t, err, govops.ECONFLICT)
	_, err = f.svc.Retest(f.ctx, center(), h.ID.String(), security.Retest{Passed: true, TestedBy: "张伟"})
	wantErr(t, err, govops.EINVALID, "tested_by")
	_, err = f.svc.Retest(f.ctx, center(), h.ID.String(), security.Retest{})
	wantErr(t, err, govops.EINVALID, "note")
	_, err = f.svc.Retest(f.ctx, dept(), h.ID.String(), security.Retest{Passed: true})
	wantErr(t, err, govops.EFORBIDDEN)
	h = must(f.svc.Retest(f.ctx, center(), h.ID.String(), security.Retest{Passed: true}))(t)
	if h.Status != security.HardeningVerified || h.VerifiedBy != center().Name {
		t.Fatalf("re-test passed: %+v", h)
	}
}

func TestRaiseFindings(t *testing.T) {
	f := newFix(t)
	x := f.inspection(t, "QZFJ", date(2022, 6, 1),
		assetFinding("SW-01", "QZFJ", security.FindingWeakPassword, security.SeverityHigh),
		security.Observation{Detail: "台账不全"},
		assetFinding("AP-07", "WJJ", security.FindingNoPassword, security.SeverityCritical))
	hs := must(f.svc.RaiseFindings(f.ctx, center(), security.SourceInspection, x.ID.String()))(t)
	if len(hs) != 2 {
		t.Fatalf("raised %d", len(hs))
	}
	for i, want := range []struct {
		asset, dept string
		seq         int
	}{{"SW-01", "QZFJ", 1}, {"AP-07", "WJJ", 3}} {
		h := hs[i]
		if h.Asset != want.asset || h.Department != want.dept || h.Source.Seq != want.seq || h.Source.ID != x.ID ||
			h.Source.Kind != security.SourceInspection || !h.FoundOn.Equal(date(2022, 6, 1)) || h.Status != security.HardeningOpen {
			t.Fatalf("record %d: %+v", i, h)
		}
	}
	again := must(f.svc.RaiseFindings(f.ctx, center(), security.SourceInspection, x.ID.String()))(t)
	if again == nil || len(again) != 0 {
		t.Fatalf("raised again: %+v", again)
	}
	for _, by := range []govops.Actor{dept(), viewer()} {
		_, err := f.svc.RaiseFindings(f.ctx, by, security.SourceInspection, x.ID.String())
		wantErr(t, err, govops.EFORBIDDEN)
	}
	_, err := f.svc.RaiseFindings(f.ctx, center(), security.SourceOther, x.ID.String())
	wantErr(t, err, govops.EINVALID, "kind")
	_, err = f.svc.RaiseFindings(f.ctx, center(), security.SourceExercise, x.ID.String())
	wantErr(t, err, govops.ENOTFOUND)

	// who sees what
	list := must(f.svc.Hardenings(f.ctx, dept(), security.HardeningListInput{}))(t)
	if len(list.Items) != 1 || list.Items[0].Asset != "SW-01" {
		t.Fatalf("QZFJ lists %+v", list.Items)
	}
	_, err = f.svc.Hardenings(f.ctx, dept(), security.HardeningListInput{Department: "WJJ"})
	wantErr(t, err, govops.EFORBIDDEN, "department")
	_, err = f.svc.Hardening(f.ctx, dept(), hs[1].ID.String())
	wantErr(t, err, govops.ENOTFOUND)
	_, err = f.svc.HardeningTrail(f.ctx, dept(), hs[1].ID.String())
	wantErr(t, err, govops.ENOTFOUND)
	list = must(f.svc.Hardenings(f.ctx, center(), security.HardeningListInput{Source: x.ID.String(), SourceKind: security.SourceInspection, Kind: security.FindingNoPassword}))(t)
	if len(list.Items) != 1 || list.Items[0].ID != hs[1].ID {
		t.Fatalf("filtered: %+v", list.Items)
	}
	must(f.svc.Remediate(f.ctx, dept(), hs[0].ID.String(), security.Remediation{Remediation: "已整改", RemediatedBy: "张伟"}))(t)
	if got := must(f.svc.Hardening(f.ctx, viewer(), hs[0].ID.String()))(t); got.RemediatedBy == "张伟" {
		t.Fatal("a read-only reader reads the name")
	}
	if got := must(f.svc.Hardening(f.ctx, dept(), hs[0].ID.String()))(t); got.RemediatedBy != "张伟" {
		t.Fatal("the unit does not read its own record's name")
	}
	_, err = f.svc.Hardenings(f.ctx, center(), security.HardeningListInput{Status: "closed", Kind: "x", Severity: "y", SourceKind: "z", Limit: -1})
	wantErr(t, err, govops.EINVALID, "status", "kind", "severity", "source_kind", "limit")
}
