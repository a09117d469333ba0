package security_test

import (
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/security"
	"github.com/govops-kit/govops/security/securitymem"
)

// complianceFixture: network revision 1 approved 2021-03-01 and drilled
// 2021-05-10, revision 2 approved 2022-01-10 and not drilled; power
// approved 2021-07-01 and never drilled.
func complianceFixture(t *testing.T, opts ...security.Option) (*fixture, *security.Plan, *security.Plan) {
	f := newFix(t, opts...)
	r1 := f.approvedPlan(t, "network", 2021, date(2021, 3, 1))
	f.drill(t, r1, date(2021, 5, 10), nil)
	r2 := f.approvedPlan(t, "network", 2022, date(2022, 1, 10))
	power := f.approvedPlan(t, "power", 2021, date(2021, 7, 1))
	_ = r2
	return f, r2, power
}

func TestCompliance(t *testing.T) {
	f, r2, power := complianceFixture(t)
	c := must(f.svc.Compliance(f.ctx, center(), date(2022, 5, 9)))(t)
	if c.PeriodMonths != 12 || len(c.Plans) != 2 || c.Flagged != 0 {
		t.Fatalf("compliance: %+v", c)
	}
	nw, pw := c.Plans[0], c.Plans[1]
	if nw.Plan.ID != r2.ID || !nw.LastDrill.Equal(date(2021, 5, 10)) || !nw.DueBy.Equal(date(2022, 5, 10)) || nw.Flagged {
		t.Fatalf("network: %+v", nw)
	}
	if pw.Plan.ID != power.ID || !pw.LastDrill.IsZero() || !pw.DueBy.Equal(date(2022, 7, 1)) || pw.Flagged || pw.Reason != "" {
		t.Fatalf("power: %+v", pw)
	}
	c = must(f.svc.Compliance(f.ctx, center(), date(2022, 5, 11)))(t)
	if c.Flagged != 1 || !c.Plans[0].Flagged || c.Plans[0].Reason != "超过 12 个月未演练" || c.Plans[1].Flagged {
		t.Fatalf("at 2022-05-11: %+v", c.Plans)
	}
	f.clock.Set(date(2022, 7, 2))
	c = must(f.svc.Compliance(f.ctx, center(), time.Time{}))(t)
	if c.Flagged != 2 || c.Plans[1].Reason != "从未演练" || !c.At.Equal(date(2022, 7, 2)) {
		t.Fatalf("now: %+v", c.Plans)
	}
	// a drill of the new revision clears it
	f.clock.Set(testNow())
	f.drill(t, r2, date(2022, 6, 1), nil)
	c = must(f.svc.Compliance(f.ctx, center(), date(2022, 7, 2)))(t)
	if c.Plans[0].Flagged || !c.Plans[0].DueBy.Equal(date(2023, 6, 1)) {
		t.Fatalf("after a drill: %+v", c.Plans[0])
	}
	_, err := f.svc.Compliance(f.ctx, center(), date(1800, 1, 1))
	wantErr(t, err, govops.EINVALID, "at")
}

func TestCompliance_WithDrillPeriod(t *testing.T) {
	f, _, _ := complianceFixture(t, security.WithDrillPeriod(6))
	if f.svc.DrillPeriod() != 6 {
		t.Fatal("period not set")
	}
	c := must(f.svc.Compliance(f.ctx, center(), date(2021, 11, 11)))(t)
	// at 2021-11-11 only revision 1 was approved... but the check is of
	// the plans approved now: revision 2 with revision 1's drill.
	if !c.Plans[0].DueBy.Equal(date(2021, 11, 10)) || !c.Plans[0].Flagged || c.Plans[0].Reason != "超过 6 个月未演练" {
		t.Fatalf("network: %+v", c.Plans[0])
	}
	if !c.Plans[1].DueBy.Equal(date(2022, 1, 1)) || c.Plans[1].Flagged {
		t.Fatalf("power: %+v", c.Plans[1])
	}
	if security.NewService(securitymem.New(), security.WithDrillPeriod(0)).DrillPeriod() != security.DefaultDrillPeriod {
		t.Fatal("a period of 0 is not the default")
	}
}
