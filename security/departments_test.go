package security_test

import (
	"context"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/security"
)

// TestDepartmentCheck checks that, with a directory's check, every unit
// code a write names must be one the directory knows, each bad one named
// by its field, and that the center's own ("") needs none.
func TestDepartmentCheck(t *testing.T) {
	known := map[string]bool{"QZFJ": true, "WJJ": true}
	calls := 0
	check := govops.DepartmentCheck(func(_ context.Context, code string) error {
		calls++
		if !known[code] {
			return govops.FieldError("department", "no department has code "+code)
		}
		return nil
	})
	f := newFix(t, security.WithDepartmentCheck(check))
	ctx := t.Context()
	pl := f.approvedPlan(t, "network", 2022, date(2022, 3, 1))

	_, err := f.svc.RecordInspection(ctx, center(), security.InspectionInput{
		Department: "NOWHERE", Date: date(2022, 6, 1), Scope: "外网设备", Inspector: "赵磊",
		Findings: []security.Observation{
			assetFinding("SW-1", "QZFJ", security.FindingWeakPassword, security.SeverityHigh),
			assetFinding("SW-2", "GONE", security.FindingNoPassword, security.SeverityCritical),
			assetFinding("SW-3", "GONE", security.FindingNoPassword, security.SeverityCritical),
		},
	})
	wantErr(t, err, govops.EINVALID, "department", "findings[1].department", "findings[2].department")
	if calls != 3 {
		t.Errorf("the check ran %d times for 3 distinct codes", calls)
	}
	_, err = f.svc.RecordDrill(ctx, center(), security.DrillInput{
		Plan: pl.ID.String(), Date: date(2022, 6, 2), Type: security.DrillLive, Scenario: "断网",
		Actions: []security.ActionInput{{Title: "整改", Owner: "李明", Department: "GONE", Due: date(2022, 7, 1)}},
	})
	wantErr(t, err, govops.EINVALID, "actions[0].department")
	_, err = f.svc.OpenHardening(ctx, center(), security.HardeningInput{Department: "GONE", Asset: "FW-1",
		Kind: security.FindingUnpatched, Severity: security.SeverityLow, FoundOn: date(2022, 6, 1)})
	wantErr(t, err, govops.EINVALID, "department")
	_, err = f.svc.ReportIncident(ctx, center(), security.IncidentInput{Department: "GONE", Title: "断网",
		Type: security.IncidentFacility, Grade: security.GradeIV, DetectedAt: at(2022, 6, 1, 9, 0)})
	wantErr(t, err, govops.EINVALID, "department")

	// Known units and the center's own pass.
	if _, err := f.svc.RecordInspection(ctx, center(), security.InspectionInput{
		Department: "WJJ", Date: date(2022, 6, 1), Scope: "外网设备", Inspector: "赵磊",
		Findings: []security.Observation{
			assetFinding("SW-1", "QZFJ", security.FindingWeakPassword, security.SeverityHigh),
			assetFinding("SW-4", "", security.FindingWeakPassword, security.SeverityHigh),
		},
	}); err != nil {
		t.Fatal(err)
	}
}
