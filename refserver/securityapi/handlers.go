package securityapi

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/refserver/apikit"
	"github.com/govops-kit/govops/security"
)

func (a *API) draftPlan(ctx context.Context, by govops.Actor, in *planInJSON) (*security.Plan, error) {
	return a.svc.DraftPlan(ctx, by, in.input(0))
}

func (a *API) updatePlan(ctx context.Context, by govops.Actor, ref string, version int64, in *planInJSON) (*security.Plan, error) {
	return a.svc.UpdatePlan(ctx, by, ref, in.input(version))
}

func (a *API) approvePlan(ctx context.Context, by govops.Actor, ref string, version int64, in *approvalJSON) (*security.Plan, error) {
	var p govops.Problems
	ap := security.PlanApproval{ApprovedBy: in.ApprovedBy, On: a.day(&p, "on", in.On), Note: in.Note, IfVersion: version}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.ApprovePlan(ctx, by, ref, ap)
}

// actionsIn reads the actions of a drill recorded, each problem named by
// its place ("actions[1].due").
func (a *API) actionsIn(p *govops.Problems, in []actionInJSON) []security.ActionInput {
	if in == nil {
		return nil
	}
	out := make([]security.ActionInput, len(in))
	for i, x := range in {
		out[i] = security.ActionInput{Title: x.Title, Owner: x.Owner, Department: x.Department,
			Due: a.day(p, fmt.Sprintf("actions[%d].due", i), x.Due), Note: x.Note}
	}
	return out
}

// recordDrill serves a drill of the plan the path names: 201 with the
// drill and its Location.
func (a *API) recordDrill(w http.ResponseWriter, req bunrouter.Request) error {
	if _, err := apikit.PathID(req); err != nil {
		return err
	}
	plan := req.Param("id")
	return apikit.Create(a.drills, func(ctx context.Context, by govops.Actor, in *drillCreateJSON) (*security.Drill, error) {
		var p govops.Problems
		di := security.DrillInput{Plan: plan, Date: a.day(&p, "date", in.Date), Type: security.DrillType(in.Type), Scenario: in.Scenario,
			Participants: in.Participants, Findings: observationsIn(in.Findings), Actions: a.actionsIn(&p, in.Actions), Note: in.Note}
		if err := p.Err(); err != nil {
			return nil, err
		}
		d, err := a.svc.RecordDrill(ctx, by, di)
		// The plan is the one the path names.
		return d, apikit.RenameField(err, "plan", "id")
	})(w, req)
}

func (a *API) updateDrill(ctx context.Context, by govops.Actor, ref string, version int64, in *drillUpdateJSON) (*security.Drill, error) {
	var p govops.Problems
	di := security.DrillInput{Date: a.day(&p, "date", in.Date), Type: security.DrillType(in.Type), Scenario: in.Scenario,
		Participants: in.Participants, Findings: observationsIn(in.Findings), Note: in.Note, IfVersion: version}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.UpdateDrill(ctx, by, ref, di)
}

func (a *API) addAction(ctx context.Context, by govops.Actor, ref string, version int64, in *actionInJSON) (*security.Drill, error) {
	var p govops.Problems
	ai := security.ActionInput{Title: in.Title, Owner: in.Owner, Department: in.Department, Due: a.day(&p, "due", in.Due),
		Note: in.Note, IfVersion: version}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.AddAction(ctx, by, ref, ai)
}

// updateAction serves the move of the action the path numbers (seq) of a
// drill: 200 with the drill. If-Match is the drill's version.
func (a *API) updateAction(w http.ResponseWriter, req bunrouter.Request) error {
	version, err := apikit.IfMatch(req.Request)
	if err != nil {
		return err
	}
	if err := apikit.NewQuery(req.URL).Err(); err != nil {
		return err
	}
	if _, err := apikit.PathID(req); err != nil {
		return err
	}
	seq, err := strconv.Atoi(req.Param("seq"))
	if err != nil || seq < 1 {
		return govops.FieldError("seq", "must be the number of an action of the drill, from 1")
	}
	var in actionUpdateJSON
	if err := apikit.DecodeBody(w, req.Request, &in, false); err != nil {
		return err
	}
	var p govops.Problems
	au := security.ActionUpdate{Status: security.ActionStatus(in.Status), On: a.day(&p, "on", in.On), Due: a.day(&p, "due", in.Due),
		Note: in.Note, IfVersion: version}
	if err := p.Err(); err != nil {
		return err
	}
	ctx := req.Context()
	d, err := a.svc.UpdateAction(ctx, apikit.Actor(ctx), req.Param("id"), seq, au)
	if err != nil {
		return err
	}
	apikit.SetSubject(ctx, d.ID.String())
	return a.drills.Write(w, http.StatusOK, d)
}

// raise serves the raise of the asset findings of the inspection, exercise
// or drill the path names into hardening records, in one step: 201 with
// the records made (none when every finding was raised already: 200).
func (a *API) raise(kind security.SourceKind) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		if err := apikit.NewQuery(req.URL).Err(); err != nil {
			return err
		}
		if _, err := apikit.PathID(req); err != nil {
			return err
		}
		var in struct{}
		if err := apikit.DecodeBody(w, req.Request, &in, true); err != nil {
			return err
		}
		ctx := req.Context()
		hs, err := a.svc.RaiseFindings(ctx, apikit.Actor(ctx), kind, req.Param("id"))
		if err != nil {
			return err
		}
		status := http.StatusCreated
		if len(hs) == 0 {
			status = http.StatusOK
		}
		return apikit.WriteJSON(w, status, a.hardeningItems(hs))
	}
}

// compliance serves the drill compliance of every approved plan at the
// instant at (now unless given).
func (a *API) compliance(w http.ResponseWriter, req bunrouter.Request) error {
	q := apikit.NewQuery(req.URL)
	t := q.Time("at", a.loc(), false)
	if err := q.Err(); err != nil {
		return err
	}
	ctx := req.Context()
	c, err := a.svc.Compliance(ctx, apikit.Actor(ctx), t)
	if err != nil {
		return err
	}
	return apikit.WriteJSON(w, http.StatusOK, a.complianceOut(c))
}

func (in *checklistInJSON) input(version int64) security.ChecklistInput {
	return security.ChecklistInput{Code: in.Code, Control: in.Control, Category: in.Category, Text: in.Text, Retired: in.Retired, IfVersion: version}
}

func (a *API) addChecklistItem(ctx context.Context, by govops.Actor, in *checklistInJSON) (*security.ChecklistItem, error) {
	return a.svc.AddChecklistItem(ctx, by, in.input(0))
}

func (a *API) updateChecklistItem(ctx context.Context, by govops.Actor, code string, version int64, in *checklistInJSON) (*security.ChecklistItem, error) {
	return a.svc.UpdateChecklistItem(ctx, by, code, in.input(version))
}

func (a *API) inspectionInput(p *govops.Problems, in *inspectionInJSON, version int64) security.InspectionInput {
	si := security.InspectionInput{Department: in.Department, Date: a.day(p, "date", in.Date), Scope: in.Scope, Inspector: in.Inspector,
		Findings: observationsIn(in.Findings), Note: in.Note, IfVersion: version}
	if in.Items != nil {
		si.Items = make([]security.ItemResult, len(in.Items))
		for i, r := range in.Items {
			si.Items[i] = security.ItemResult{Item: r.Item, Result: security.Result(r.Result), Note: r.Note}
		}
	}
	return si
}

func (a *API) recordInspection(ctx context.Context, by govops.Actor, in *inspectionInJSON) (*security.Inspection, error) {
	var p govops.Problems
	si := a.inspectionInput(&p, in, 0)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.RecordInspection(ctx, by, si)
}

func (a *API) updateInspection(ctx context.Context, by govops.Actor, ref string, version int64, in *inspectionInJSON) (*security.Inspection, error) {
	var p govops.Problems
	si := a.inspectionInput(&p, in, version)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.UpdateInspection(ctx, by, ref, si)
}

func (a *API) hardeningInput(p *govops.Problems, in *hardeningInJSON, version int64) security.HardeningInput {
	return security.HardeningInput{Department: in.Department, Asset: in.Asset, Kind: security.FindingKind(in.Kind),
		Severity: security.Severity(in.Severity), Detail: in.Detail, SourceRef: in.SourceRef, FoundOn: a.day(p, "found_on", in.FoundOn),
		IfVersion: version}
}

func (a *API) openHardening(ctx context.Context, by govops.Actor, in *hardeningInJSON) (*security.Hardening, error) {
	var p govops.Problems
	hi := a.hardeningInput(&p, in, 0)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.OpenHardening(ctx, by, hi)
}

func (a *API) updateHardening(ctx context.Context, by govops.Actor, ref string, version int64, in *hardeningInJSON) (*security.Hardening, error) {
	var p govops.Problems
	hi := a.hardeningInput(&p, in, version)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.UpdateHardening(ctx, by, ref, hi)
}

func (a *API) remediate(ctx context.Context, by govops.Actor, ref string, version int64, in *remediationJSON) (*security.Hardening, error) {
	var p govops.Problems
	r := security.Remediation{Remediation: in.Remediation, RemediatedBy: in.RemediatedBy, On: at(&p, "on", in.On), IfVersion: version}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.Remediate(ctx, by, ref, r)
}

func (a *API) verify(ctx context.Context, by govops.Actor, ref string, version int64, in *verificationJSON) (*security.Hardening, error) {
	var p govops.Problems
	v := security.Verification{VerifiedBy: in.VerifiedBy, At: at(&p, "at", in.At), Note: in.Note, IfVersion: version}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.Verify(ctx, by, ref, v)
}

func (a *API) retest(ctx context.Context, by govops.Actor, ref string, version int64, in *retestJSON) (*security.Hardening, error) {
	var p govops.Problems
	r := security.Retest{Passed: in.Passed, TestedBy: in.TestedBy, At: at(&p, "at", in.At), Note: in.Note, IfVersion: version}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.Retest(ctx, by, ref, r)
}

func (a *API) exerciseInput(p *govops.Problems, in *exerciseInJSON, version int64) security.ExerciseInput {
	return security.ExerciseInput{Name: in.Name, Organizer: in.Organizer, Start: a.day(p, "start", in.Start), End: a.day(p, "end", in.End),
		Role: security.ExerciseRole(in.Role), Detected: in.Detected, Blocked: in.Blocked, Early: in.Early,
		Findings: observationsIn(in.Findings), Note: in.Note, IfVersion: version}
}

func (a *API) recordExercise(ctx context.Context, by govops.Actor, in *exerciseInJSON) (*security.Exercise, error) {
	var p govops.Problems
	ei := a.exerciseInput(&p, in, 0)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.RecordExercise(ctx, by, ei)
}

func (a *API) updateExercise(ctx context.Context, by govops.Actor, ref string, version int64, in *exerciseInJSON) (*security.Exercise, error) {
	var p govops.Problems
	ei := a.exerciseInput(&p, in, version)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.UpdateExercise(ctx, by, ref, ei)
}

func (a *API) incidentInput(p *govops.Problems, in *incidentInJSON, version int64) security.IncidentInput {
	return security.IncidentInput{Department: in.Department, Title: in.Title, Type: security.IncidentType(in.Type),
		Grade: security.Grade(in.Grade), Colour: security.Colour(in.Colour), DetectedAt: at(p, "detected_at", in.DetectedAt),
		ReportedAt: at(p, "reported_at", in.ReportedAt), Note: in.Note, IfVersion: version}
}

func (a *API) reportIncident(ctx context.Context, by govops.Actor, in *incidentInJSON) (*security.Incident, error) {
	var p govops.Problems
	ii := a.incidentInput(&p, in, 0)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.ReportIncident(ctx, by, ii)
}

func (a *API) updateIncident(ctx context.Context, by govops.Actor, ref string, version int64, in *incidentInJSON) (*security.Incident, error) {
	var p govops.Problems
	ii := a.incidentInput(&p, in, version)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.UpdateIncident(ctx, by, ref, ii)
}

func (a *API) moveIncident(ctx context.Context, by govops.Actor, ref string, version int64, in *incidentStepJSON) (*security.Incident, error) {
	var p govops.Problems
	st := security.IncidentStep{To: security.IncidentStatus(in.To), At: at(&p, "at", in.At), Note: in.Note, IfVersion: version}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.MoveIncident(ctx, by, ref, st)
}

// report serves the security work of a year (year=, the current one unless
// given), a department's of its own unit.
func (a *API) report(w http.ResponseWriter, req bunrouter.Request) error {
	q := apikit.NewQuery(req.URL)
	year := q.Int("year", 1900, maxYear)
	if err := q.Err(); err != nil {
		return err
	}
	if year == 0 {
		year = a.clock.Now().In(a.loc()).Year()
	}
	ctx := req.Context()
	r, err := a.svc.Report(ctx, apikit.Actor(ctx), year)
	if err != nil {
		return err
	}
	return apikit.WriteJSON(w, http.StatusOK, a.reportOut(r))
}
