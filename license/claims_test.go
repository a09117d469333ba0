package license_test

import (
	"context"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/license"
)

func TestService_FileClaim(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t, license.WithDepartmentCheck(func(_ context.Context, code string) error {
		if code == "GONE" {
			return govops.FieldError("department", "department GONE is dissolved")
		}
		return nil
	}))
	tp := mustAddType(t, s, bizLicense(t))
	t.Run("OwnDepartment", func(t *testing.T) {
		c := mustClaim(t, s, market(), tp.Code, 120)
		if c.Department != "SCJGJ" || c.Kind != license.KindClaim || c.Expected != 120 || c.Version != 1 || !c.Issues() {
			t.Fatalf("claim = %+v", c)
		}
		_, err := s.FileClaim(ctx, market(), license.ClaimInput{Type: tp.Code})
		mustCode(t, err, govops.ECONFLICT)
	})
	t.Run("ErrOtherDepartment", func(t *testing.T) {
		_, err := s.FileClaim(ctx, market(), license.ClaimInput{Type: tp.Code, Department: "ZJJ"})
		mustCode(t, err, govops.EFORBIDDEN)
		_, err = s.FileClaim(ctx, viewer(), license.ClaimInput{Type: tp.Code, Department: "ZJJ"})
		mustCode(t, err, govops.EFORBIDDEN)
	})
	t.Run("Explanation", func(t *testing.T) {
		_, err := s.FileClaim(ctx, housing(), license.ClaimInput{Type: tp.Code, Kind: license.KindExplanation})
		mustFields(t, err, map[string]string{"explanation": "required"})
		n := int64(3)
		_, err = s.FileClaim(ctx, housing(), license.ClaimInput{Type: tp.Code, Kind: license.KindExplanation, Expected: &n, Explanation: "不办理"})
		mustFields(t, err, map[string]string{"expected": "expects no records"})
		c, err := s.FileClaim(ctx, housing(), license.ClaimInput{Type: tp.Code, Kind: license.KindExplanation, Explanation: "本部门不颁发食品经营许可证"})
		if err != nil || c.Kind != license.KindExplanation || c.ExpectedKnown() {
			t.Fatalf("explanation = %+v, %v", c, err)
		}
	})
	t.Run("CenterForAnyAndDirectoryCheck", func(t *testing.T) {
		_, err := s.FileClaim(ctx, center(), license.ClaimInput{Type: tp.Code})
		mustFields(t, err, map[string]string{"department": "required"})
		_, err = s.FileClaim(ctx, center(), license.ClaimInput{Type: tp.Code, Department: "GONE"})
		mustFields(t, err, map[string]string{"department": "dissolved"})
		_, err = s.FileClaim(ctx, center(), license.ClaimInput{Type: typeCode(t, 7), Department: "WJW"})
		mustCode(t, err, govops.ENOTFOUND)
		c, err := s.FileClaim(ctx, center(), license.ClaimInput{Type: tp.Code, Department: "WJW"})
		if err != nil || c.Department != "WJW" || c.Expected != -1 {
			t.Fatalf("center's claim = %+v, %v", c, err)
		}
	})
	t.Run("UpdateWithdrawRefile", func(t *testing.T) {
		n := int64(150)
		c, err := s.UpdateClaim(ctx, market(), tp.Code, "", license.ClaimUpdate{Expected: &n, IfVersion: 1})
		if err != nil || c.Expected != 150 || c.Version != 2 {
			t.Fatalf("UpdateClaim = %+v, %v", c, err)
		}
		_, err = s.UpdateClaim(ctx, market(), tp.Code, "", license.ClaimUpdate{Expected: &n, IfVersion: 1})
		mustCode(t, err, govops.ECONFLICT)
		_, err = s.WithdrawClaim(ctx, market(), tp.Code, "", "", 0)
		mustFields(t, err, map[string]string{"reason": "required"})
		c, err = s.WithdrawClaim(ctx, market(), tp.Code, "", "职能划转", 2)
		if err != nil || c.Status != license.ClaimWithdrawn || c.Version != 3 {
			t.Fatalf("WithdrawClaim = %+v, %v", c, err)
		}
		_, err = s.WithdrawClaim(ctx, market(), tp.Code, "", "again", 0)
		mustCode(t, err, govops.ENOTFOUND)
		c = mustClaim(t, s, market(), tp.Code, 10)
		if c.Version != 4 || !c.Issues() || c.Expected != 10 {
			t.Fatalf("refiled claim = %+v", c)
		}
	})
	t.Run("ListScoped", func(t *testing.T) {
		page, err := s.ListClaims(ctx, center(), license.ClaimList{})
		if err != nil || len(page.Items) != 3 {
			t.Fatalf("center sees %d claims, %v; want 3", len(page.Items), err)
		}
		page, err = s.ListClaims(ctx, market(), license.ClaimList{})
		if err != nil || len(page.Items) != 1 || page.Items[0].Department != "SCJGJ" {
			t.Fatalf("SCJGJ sees %+v, %v", page.Items, err)
		}
		_, err = s.ListClaims(ctx, market(), license.ClaimList{ClaimFilter: license.ClaimFilter{Department: "ZJJ"}})
		mustCode(t, err, govops.EFORBIDDEN)
	})
}
