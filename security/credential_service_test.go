package security_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/security"
)

// secret is the credential the writes below try to store.
const secret = "Zx9#Admin@2022"

// TestCredentialText_RefusedEverywhere: free text that writes a credential
// out is refused by every write, naming the field, and the error never
// repeats it.
func TestCredentialText_RefusedEverywhere(t *testing.T) {
	f := newFix(t)
	leak := "口令：" + secret
	pl := f.approvedPlan(t, "network", 2022, date(2022, 1, 10))
	d := f.drill(t, pl, date(2022, 5, 1), []security.Observation{assetFinding("SW-01", "QZFJ", security.FindingWeakPassword, security.SeverityHigh)},
		security.ActionInput{Title: "整改", Due: date(2022, 7, 1)})
	x := f.inspection(t, "QZFJ", date(2022, 6, 1))
	h := must(f.svc.OpenHardening(f.ctx, center(), hardeningInput()))(t)
	ex := must(f.svc.RecordExercise(f.ctx, center(), exerciseInput()))(t)
	inc := must(f.svc.ReportIncident(f.ctx, center(), incidentInput()))(t)
	must(f.svc.AddChecklistItem(f.ctx, center(), security.ChecklistInput{Code: "own", Control: "c", Category: "k", Text: "t"}))(t)

	writes := []struct {
		name  string
		field string
		call  func() error
	}{
		{"plan title", "title", func() error {
			in := planInput("n2", 2022)
			in.Title = leak
			_, err := f.svc.DraftPlan(f.ctx, center(), in)
			return err
		}},
		{"plan measures", "grades[0].measures", func() error {
			in := planInput("n2", 2022)
			in.Grades[0].Measures = leak
			_, err := f.svc.DraftPlan(f.ctx, center(), in)
			return err
		}},
		{"approval", "approved_by", func() error {
			_, err := f.svc.ApprovePlan(f.ctx, center(), pl.ID.String(), security.PlanApproval{ApprovedBy: leak})
			return err
		}},
		{"drill scenario", "scenario", func() error {
			in := drillInput(pl)
			in.Scenario = leak
			_, err := f.svc.RecordDrill(f.ctx, center(), in)
			return err
		}},
		{"drill participant", "participants[0]", func() error {
			in := drillInput(pl)
			in.Participants = []string{leak}
			_, err := f.svc.RecordDrill(f.ctx, center(), in)
			return err
		}},
		{"drill finding", "findings[0].detail", func() error {
			in := drillInput(pl)
			in.Actions, in.Findings[0].Detail = nil, leak
			_, err := f.svc.UpdateDrill(f.ctx, center(), d.ID.String(), in)
			return err
		}},
		{"action", "note", func() error {
			_, err := f.svc.AddAction(f.ctx, center(), d.ID.String(), security.ActionInput{Title: "x", Due: date(2022, 7, 1), Note: leak})
			return err
		}},
		{"action update", "note", func() error {
			_, err := f.svc.UpdateAction(f.ctx, center(), d.ID.String(), 1, security.ActionUpdate{Status: security.ActionDone, Note: leak})
			return err
		}},
		{"checklist", "text", func() error {
			_, err := f.svc.AddChecklistItem(f.ctx, center(), security.ChecklistInput{Code: "c2", Control: "c", Category: "k", Text: leak})
			return err
		}},
		{"checklist update", "text", func() error {
			_, err := f.svc.UpdateChecklistItem(f.ctx, center(), "own", security.ChecklistInput{Control: "c", Category: "k", Text: leak})
			return err
		}},
		{"inspection item", "items[0].note", func() error {
			_, err := f.svc.UpdateInspection(f.ctx, center(), x.ID.String(), security.InspectionInput{Date: date(2022, 6, 1), Scope: "s",
				Items: []security.ItemResult{{Item: "ia-a", Result: security.ResultFail, Note: leak}}})
			return err
		}},
		{"hardening", "detail", func() error {
			in := hardeningInput()
			in.Detail = leak
			_, err := f.svc.UpdateHardening(f.ctx, center(), h.ID.String(), in)
			return err
		}},
		{"remediation", "remediation", func() error {
			_, err := f.svc.Remediate(f.ctx, center(), h.ID.String(), security.Remediation{Remediation: "已改为 " + "password=" + secret, RemediatedBy: "张伟"})
			return err
		}},
		{"verification", "note", func() error {
			_, err := f.svc.Verify(f.ctx, center(), h.ID.String(), security.Verification{VerifiedBy: "王芳", Note: leak})
			return err
		}},
		{"re-test", "note", func() error {
			_, err := f.svc.Retest(f.ctx, center(), h.ID.String(), security.Retest{Note: "密码为" + secret})
			return err
		}},
		{"exercise", "findings[1].detail", func() error {
			in := exerciseInput()
			in.Findings[1].Detail = leak
			_, err := f.svc.UpdateExercise(f.ctx, center(), ex.ID.String(), in)
			return err
		}},
		{"incident", "title", func() error {
			in := incidentInput()
			in.Title = leak
			_, err := f.svc.UpdateIncident(f.ctx, center(), inc.ID.String(), in)
			return err
		}},
		{"incident step", "note", func() error {
			_, err := f.svc.MoveIncident(f.ctx, center(), inc.ID.String(), security.IncidentStep{To: security.IncidentReported, Note: leak})
			return err
		}},
	}
	for _, w := range writes {
		t.Run(w.name, func(t *testing.T) {
			err := w.call()
			wantErr(t, err, govops.EINVALID, w.field)
			if strings.Contains(fmt.Sprint(err, govops.ErrorFields(err)), secret) {
				t.Fatalf("the error echoes the credential: %v", err)
			}
		})
	}
	// nothing of it was stored
	for _, subject := range []string{pl.ID.String(), d.ID.String(), x.ID.String(), h.ID.String(), ex.ID.String(), inc.ID.String()} {
		for _, trail := range []func(string) ([]security.Event, error){
			func(r string) ([]security.Event, error) { return f.svc.PlanTrail(f.ctx, center(), r) },
			func(r string) ([]security.Event, error) { return f.svc.DrillTrail(f.ctx, center(), r) },
			func(r string) ([]security.Event, error) { return f.svc.InspectionTrail(f.ctx, center(), r) },
			func(r string) ([]security.Event, error) { return f.svc.HardeningTrail(f.ctx, center(), r) },
			func(r string) ([]security.Event, error) { return f.svc.ExerciseTrail(f.ctx, center(), r) },
			func(r string) ([]security.Event, error) { return f.svc.IncidentTrail(f.ctx, center(), r) },
		} {
			evs, _ := trail(subject)
			if strings.Contains(fmt.Sprint(evs), secret) {
				t.Fatalf("a trail holds the credential")
			}
		}
	}
	// describing what was wrong passes
	in := hardeningInput()
	in.Detail = "管理口令为弱口令（默认口令未修改）"
	must(f.svc.UpdateHardening(f.ctx, center(), h.ID.String(), in))(t)
}
