package security_test

import (
	"context"
	"fmt"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/security"
	"github.com/govops-kit/govops/security/securitymem"
)

// A plan is approved, drilled; the drill's finding about an asset becomes
// a hardening record, which the unit remediates and the center verifies.
func Example_planToVerified() {
	ctx := context.Background()
	sh := govops.ShanghaiLocation()
	now := time.Date(2022, 6, 15, 10, 0, 0, 0, sh)
	svc := security.NewService(securitymem.New(), security.WithNow(func() time.Time { return now }))
	centerStaff := govops.Actor{Name: "王芳"}
	unit := govops.Actor{Name: "李强", Department: "QZFJ"}

	grades := []security.GradeResponse{{Grade: security.GradeI}, {Grade: security.GradeII}, {Grade: security.GradeIII}, {Grade: security.GradeIV}}
	pl, err := svc.DraftPlan(ctx, centerStaff, security.PlanInput{Code: "network", Year: 2022, Title: "网络安全事件应急预案", Grades: grades})
	if err != nil {
		fmt.Println(err)
		return
	}
	pl, _ = svc.ApprovePlan(ctx, centerStaff, pl.ID.String(), security.PlanApproval{ApprovedBy: "区网信办"})
	fmt.Println("plan", pl.Code, "revision", pl.Revision, pl.Status.Label(), pl.Grades[0].Response)

	d, err := svc.RecordDrill(ctx, centerStaff, security.DrillInput{Plan: pl.ID.String(), Date: time.Date(2022, 6, 10, 0, 0, 0, 0, sh),
		Type: security.DrillLive, Scenario: "外网核心交换机被入侵",
		Findings: []security.Observation{
			{Asset: "SW-CORE-01", Department: "QZFJ", Kind: security.FindingDefaultCredential, Severity: security.SeverityCritical, Detail: "管理口令仍为出厂默认口令"},
			{Detail: "通知到位用时 40 分钟"},
		}})
	if err != nil {
		fmt.Println(err)
		return
	}
	hs, _ := svc.RaiseFindings(ctx, centerStaff, security.SourceDrill, d.ID.String())
	h := hs[0]
	fmt.Println("raised", len(hs), h.Asset, h.Kind.Label(), h.Status.Label())

	h2, _ := svc.Remediate(ctx, unit, h.ID.String(), security.Remediation{Remediation: "已修改为符合策略的强口令", RemediatedBy: "张伟"})
	fmt.Println(h2.Status.Label())
	_, err = svc.Verify(ctx, centerStaff, h.ID.String(), security.Verification{VerifiedBy: "张伟"})
	fmt.Println(govops.ErrorCode(err))
	h2, _ = svc.Verify(ctx, centerStaff, h.ID.String(), security.Verification{VerifiedBy: "王芳"})
	fmt.Println(h2.Status.Label(), "by", h2.VerifiedBy)

	trail, _ := svc.HardeningTrail(ctx, unit, h.ID.String())
	for _, e := range trail {
		fmt.Println(e.Seq, e.Type.Label())
	}
	// Output:
	// plan network revision 1 现行 Ⅰ级响应
	// raised 1 SW-CORE-01 默认口令 待整改
	// 已整改待复核
	// invalid
	// 已复核 by 王芳
	// 1 登记加固问题
	// 2 整改完成
	// 3 复核通过
}

// CheckPassword audits a password found on a device: it says why it fails
// the policy, and never what it was.
func ExampleCheckPassword() {
	for _, pw := range []string{"", "admin123", "Tq7#vRm2!pLx9"} {
		c := security.CheckPassword(pw, security.PasswordPolicy{}, "huawei", "SW-CORE-01")
		var codes []string
		for _, r := range c.Reasons {
			codes = append(codes, r.Code)
		}
		fmt.Println(c.OK, c.Length, c.Classes, c.Blocklisted, codes)
	}
	// Output:
	// false 0 0 false [empty]
	// false 8 2 true [few_classes blocklisted weak_score]
	// true 13 4 false []
}
