package security_test

import (
	"sync"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/security"
)

// Two raises of the same findings at once make one record per finding:
// the loser's write is ECONFLICT in the Store, and its retry finds them
// raised.
func TestRaiseFindings_Concurrent(t *testing.T) {
	f := newFix(t)
	x := f.inspection(t, "QZFJ", date(2022, 6, 1),
		assetFinding("SW-01", "QZFJ", security.FindingWeakPassword, security.SeverityHigh),
		assetFinding("SW-02", "QZFJ", security.FindingNoPassword, security.SeverityCritical))
	const n = 6
	var wg sync.WaitGroup
	got := make([]int, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hs, err := f.svc.RaiseFindings(f.ctx, center(), security.SourceInspection, x.ID.String())
			got[i], errs[i] = len(hs), err
		}()
	}
	wg.Wait()
	total := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		total += got[i]
	}
	all := must(f.svc.Hardenings(f.ctx, center(), security.HardeningListInput{Source: x.ID.String()}))(t)
	if total != 2 || len(all.Items) != 2 {
		t.Fatalf("raised %d in all, %d stored; want 2", total, len(all.Items))
	}
}

// Concurrent remediations of one record: one wins, the others find it
// remediated (ECONFLICT naming its state), none is lost silently.
func TestRemediate_Concurrent(t *testing.T) {
	f := newFix(t)
	h := must(f.svc.OpenHardening(f.ctx, center(), hardeningInput()))(t)
	const n = 6
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = f.svc.Remediate(f.ctx, center(), h.ID.String(), security.Remediation{Remediation: "已整改", RemediatedBy: "张伟"})
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch govops.ErrorCode(err) {
		case "":
			ok++
		case govops.ECONFLICT:
		default:
			t.Fatal(err)
		}
	}
	evs := must(f.svc.HardeningTrail(f.ctx, center(), h.ID.String()))(t)
	if ok != 1 || len(evs) != 2 {
		t.Fatalf("%d succeeded, %d events", ok, len(evs))
	}
}

// A read-only reader reads trails with their notes masked.
func TestTrail_MaskedForReaders(t *testing.T) {
	f := newFix(t)
	i := must(f.svc.ReportIncident(f.ctx, center(), incidentInput()))(t)
	must(f.svc.MoveIncident(f.ctx, center(), i.ID.String(), security.IncidentStep{To: security.IncidentReported, Note: "已电话报告 13812345678"}))(t)
	evs := must(f.svc.IncidentTrail(f.ctx, viewer(), i.ID.String()))(t)
	if evs[1].Note == "已电话报告 13812345678" {
		t.Fatal("a read-only reader reads the phone number")
	}
	evs = must(f.svc.IncidentTrail(f.ctx, dept(), i.ID.String()))(t)
	if evs[1].Note != "已电话报告 13812345678" {
		t.Fatalf("the unit reads %q", evs[1].Note)
	}
}
