package securityapi

import (
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/refserver/apikit"
	"github.com/govops-kit/govops/security"
)

// The JSON shapes of the security records. Times are RFC 3339 in the API's
// zone, rates are percentages as strings with two places (null when not
// applicable), durations are whole seconds, and every enum travels with its
// Chinese label.

// itemsJSON is a whole collection that the Service returns at once (the
// checklist, the overdue actions, the records a raise made):
// {"items": [...]}.
type itemsJSON struct {
	Items []any `json:"items"`
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// id writes an ID, "" for none.
func id(u uuid.UUID) string {
	if u == uuid.Nil {
		return ""
	}
	return u.String()
}

func seconds(d time.Duration) int64 { return int64(d / time.Second) }

type rateJSON struct {
	Numerator   int64   `json:"numerator"`
	Denominator int64   `json:"denominator"`
	Percent     *string `json:"percent"`
}

func rateOut(r govops.Rate) rateJSON {
	return rateJSON{Numerator: r.Numerator, Denominator: r.Denominator, Percent: apikit.Rate(r)}
}

type gradeResponseJSON struct {
	Grade      string `json:"grade"`
	GradeLabel string `json:"grade_label"`
	Response   string `json:"response"`
	Lead       string `json:"lead,omitempty"`
	Measures   string `json:"measures,omitempty"`
}

type planJSON struct {
	ID           string              `json:"id"`
	Code         string              `json:"code"`
	Revision     int                 `json:"revision"`
	Year         int                 `json:"year"`
	Title        string              `json:"title"`
	Scope        string              `json:"scope,omitempty"`
	Grades       []gradeResponseJSON `json:"grades"`
	Status       string              `json:"status"`
	StatusLabel  string              `json:"status_label"`
	ApprovedBy   string              `json:"approved_by,omitempty"`
	ApprovedOn   string              `json:"approved_on,omitempty"`
	SupersededBy string              `json:"superseded_by,omitempty"`
	Note         string              `json:"note,omitempty"`
	Version      int64               `json:"version"`
	CreatedAt    string              `json:"created_at"`
	UpdatedAt    string              `json:"updated_at"`
}

func (a *API) planOut(p *security.Plan) planJSON {
	c := a.clock
	out := planJSON{ID: p.ID.String(), Code: p.Code, Revision: p.Revision, Year: p.Year, Title: p.Title, Scope: p.Scope,
		Grades: make([]gradeResponseJSON, len(p.Grades)), Status: string(p.Status), StatusLabel: p.Status.Label(),
		ApprovedBy: p.ApprovedBy, ApprovedOn: c.Format(p.ApprovedOn), SupersededBy: id(p.SupersededBy), Note: p.Note,
		Version: p.Version, CreatedAt: c.Format(p.CreatedAt), UpdatedAt: c.Format(p.UpdatedAt)}
	for i, g := range p.Grades {
		out.Grades[i] = gradeResponseJSON{Grade: string(g.Grade), GradeLabel: g.Grade.Label(), Response: g.Response, Lead: g.Lead, Measures: g.Measures}
	}
	return out
}

type gradeResponseInJSON struct {
	Grade    string `json:"grade"`
	Response string `json:"response"`
	Lead     string `json:"lead"`
	Measures string `json:"measures"`
}

// planInJSON drafts a plan, or replaces a draft's fields (its code stays).
type planInJSON struct {
	Code   string                `json:"code"`
	Year   int                   `json:"year"`
	Title  string                `json:"title"`
	Scope  string                `json:"scope"`
	Grades []gradeResponseInJSON `json:"grades"`
	Note   string                `json:"note"`
}

func (in *planInJSON) input(version int64) security.PlanInput {
	pi := security.PlanInput{Code: in.Code, Year: in.Year, Title: in.Title, Scope: in.Scope, Note: in.Note, IfVersion: version}
	if in.Grades != nil {
		pi.Grades = make([]security.GradeResponse, len(in.Grades))
		for i, g := range in.Grades {
			pi.Grades[i] = security.GradeResponse{Grade: security.Grade(g.Grade), Response: g.Response, Lead: g.Lead, Measures: g.Measures}
		}
	}
	return pi
}

// approvalJSON approves a draft.
type approvalJSON struct {
	ApprovedBy string `json:"approved_by"`
	On         string `json:"on"`
	Note       string `json:"note"`
}

type observationJSON struct {
	Seq           int    `json:"seq"`
	Asset         string `json:"asset,omitempty"`
	Department    string `json:"department,omitempty"`
	Kind          string `json:"kind,omitempty"`
	KindLabel     string `json:"kind_label,omitempty"`
	Severity      string `json:"severity,omitempty"`
	SeverityLabel string `json:"severity_label,omitempty"`
	Detail        string `json:"detail,omitempty"`
}

func observationsOut(os []security.Observation) []observationJSON {
	out := make([]observationJSON, len(os))
	for i, o := range os {
		out[i] = observationJSON{Seq: o.Seq, Asset: o.Asset, Department: o.Department, Kind: string(o.Kind),
			Severity: string(o.Severity), Detail: o.Detail}
		if o.Kind != "" {
			out[i].KindLabel = o.Kind.Label()
		}
		if o.Severity != "" {
			out[i].SeverityLabel = o.Severity.Label()
		}
	}
	return out
}

type observationInJSON struct {
	Asset      string `json:"asset"`
	Department string `json:"department"`
	Kind       string `json:"kind"`
	Severity   string `json:"severity"`
	Detail     string `json:"detail"`
}

func observationsIn(in []observationInJSON) []security.Observation {
	if in == nil {
		return nil
	}
	out := make([]security.Observation, len(in))
	for i, o := range in {
		out[i] = security.Observation{Asset: o.Asset, Department: o.Department, Kind: security.FindingKind(o.Kind),
			Severity: security.Severity(o.Severity), Detail: o.Detail}
	}
	return out
}

type actionJSON struct {
	Seq         int    `json:"seq"`
	Title       string `json:"title"`
	Owner       string `json:"owner,omitempty"`
	Department  string `json:"department,omitempty"`
	Due         string `json:"due"`
	Status      string `json:"status"`
	StatusLabel string `json:"status_label"`
	DoneOn      string `json:"done_on,omitempty"`
	Note        string `json:"note,omitempty"`
}

func (a *API) actionOut(x security.Action) actionJSON {
	return actionJSON{Seq: x.Seq, Title: x.Title, Owner: x.Owner, Department: x.Department, Due: a.clock.Format(x.Due),
		Status: string(x.Status), StatusLabel: x.Status.Label(), DoneOn: a.clock.Format(x.DoneOn), Note: x.Note}
}

type drillJSON struct {
	ID           string            `json:"id"`
	Plan         string            `json:"plan"`
	Date         string            `json:"date"`
	Type         string            `json:"type"`
	TypeLabel    string            `json:"type_label"`
	Scenario     string            `json:"scenario,omitempty"`
	Participants []string          `json:"participants"`
	Findings     []observationJSON `json:"findings"`
	Actions      []actionJSON      `json:"actions"`
	Note         string            `json:"note,omitempty"`
	Version      int64             `json:"version"`
	CreatedAt    string            `json:"created_at"`
	UpdatedAt    string            `json:"updated_at"`
}

func (a *API) drillOut(d *security.Drill) drillJSON {
	c := a.clock
	out := drillJSON{ID: d.ID.String(), Plan: d.Plan.String(), Date: c.Format(d.Date), Type: string(d.Type), TypeLabel: d.Type.Label(),
		Scenario: d.Scenario, Participants: nonNil(d.Participants), Findings: observationsOut(d.Findings),
		Actions: make([]actionJSON, len(d.Actions)), Note: d.Note, Version: d.Version,
		CreatedAt: c.Format(d.CreatedAt), UpdatedAt: c.Format(d.UpdatedAt)}
	for i, x := range d.Actions {
		out.Actions[i] = a.actionOut(x)
	}
	return out
}

// actionInJSON is a follow-up action of a drill recorded, or one added.
type actionInJSON struct {
	Title      string `json:"title"`
	Owner      string `json:"owner"`
	Department string `json:"department"`
	Due        string `json:"due"`
	Note       string `json:"note"`
}

// drillCreateJSON records a drill of the plan the path names.
type drillCreateJSON struct {
	Date         string              `json:"date"`
	Type         string              `json:"type"`
	Scenario     string              `json:"scenario"`
	Participants []string            `json:"participants"`
	Findings     []observationInJSON `json:"findings"`
	Actions      []actionInJSON      `json:"actions"`
	Note         string              `json:"note"`
}

// drillUpdateJSON replaces a drill's fields but its plan and actions.
type drillUpdateJSON struct {
	Date         string              `json:"date"`
	Type         string              `json:"type"`
	Scenario     string              `json:"scenario"`
	Participants []string            `json:"participants"`
	Findings     []observationInJSON `json:"findings"`
	Note         string              `json:"note"`
}

// actionUpdateJSON moves an action: done or cancelled closes it, open
// reopens it.
type actionUpdateJSON struct {
	Status string `json:"status"`
	On     string `json:"on"`
	Due    string `json:"due"`
	Note   string `json:"note"`
}

type overdueJSON struct {
	Drill       string     `json:"drill"`
	Plan        string     `json:"plan"`
	Action      actionJSON `json:"action"`
	DaysOverdue int        `json:"days_overdue"`
}

func (a *API) overdueOut(os []security.OverdueAction) any {
	out := struct {
		Items []overdueJSON `json:"items"`
	}{Items: make([]overdueJSON, len(os))}
	for i, o := range os {
		out.Items[i] = overdueJSON{Drill: o.Drill.String(), Plan: o.Plan.String(), Action: a.actionOut(o.Action), DaysOverdue: o.DaysOverdue}
	}
	return out
}

type planComplianceJSON struct {
	Plan      planJSON `json:"plan"`
	LastDrill string   `json:"last_drill,omitempty"`
	DueBy     string   `json:"due_by"`
	Flagged   bool     `json:"flagged"`
	Reason    string   `json:"reason,omitempty"`
}

type complianceJSON struct {
	At           string               `json:"at"`
	PeriodMonths int                  `json:"period_months"`
	Plans        []planComplianceJSON `json:"plans"`
	Flagged      int                  `json:"flagged"`
}

func (a *API) complianceOut(c *security.DrillCompliance) complianceJSON {
	out := complianceJSON{At: a.clock.Format(c.At), PeriodMonths: c.PeriodMonths, Plans: make([]planComplianceJSON, len(c.Plans)), Flagged: c.Flagged}
	for i := range c.Plans {
		p := &c.Plans[i]
		out.Plans[i] = planComplianceJSON{Plan: a.planOut(&p.Plan), LastDrill: a.clock.Format(p.LastDrill), DueBy: a.clock.Format(p.DueBy),
			Flagged: p.Flagged, Reason: p.Reason}
	}
	return out
}

type checklistJSON struct {
	ID        string `json:"id,omitempty"`
	Code      string `json:"code"`
	Control   string `json:"control"`
	Category  string `json:"category"`
	Text      string `json:"text"`
	Builtin   bool   `json:"builtin"`
	Retired   bool   `json:"retired"`
	Version   int64  `json:"version"`
	CreatedAt string `json:"created_at,omitempty"`
	UpdatedAt string `json:"updated_at,omitempty"`
}

func (a *API) checklistOut(c *security.ChecklistItem) checklistJSON {
	return checklistJSON{ID: id(c.ID), Code: c.Code, Control: c.Control, Category: c.Category, Text: c.Text, Builtin: c.Builtin,
		Retired: c.Retired, Version: c.Version, CreatedAt: a.clock.Format(c.CreatedAt), UpdatedAt: a.clock.Format(c.UpdatedAt)}
}

func (a *API) checklistList(cs []security.ChecklistItem) any {
	out := itemsJSON{Items: make([]any, len(cs))}
	for i := range cs {
		out.Items[i] = a.checklistOut(&cs[i])
	}
	return out
}

// checklistInJSON adds a checklist item, or replaces a stored one's fields
// (its code stays).
type checklistInJSON struct {
	Code     string `json:"code"`
	Control  string `json:"control"`
	Category string `json:"category"`
	Text     string `json:"text"`
	Retired  bool   `json:"retired"`
}

type itemResultJSON struct {
	Item        string `json:"item"`
	Control     string `json:"control,omitempty"`
	Result      string `json:"result"`
	ResultLabel string `json:"result_label"`
	Note        string `json:"note,omitempty"`
}

type inspectionJSON struct {
	ID         string            `json:"id"`
	Department string            `json:"department,omitempty"`
	Date       string            `json:"date"`
	Scope      string            `json:"scope,omitempty"`
	Inspector  string            `json:"inspector,omitempty"`
	Items      []itemResultJSON  `json:"items"`
	Findings   []observationJSON `json:"findings"`
	Note       string            `json:"note,omitempty"`
	Version    int64             `json:"version"`
	CreatedAt  string            `json:"created_at"`
	UpdatedAt  string            `json:"updated_at"`
}

func (a *API) inspectionOut(s *security.Inspection) inspectionJSON {
	c := a.clock
	out := inspectionJSON{ID: s.ID.String(), Department: s.Department, Date: c.Format(s.Date), Scope: s.Scope, Inspector: s.Inspector,
		Items: make([]itemResultJSON, len(s.Items)), Findings: observationsOut(s.Findings), Note: s.Note, Version: s.Version,
		CreatedAt: c.Format(s.CreatedAt), UpdatedAt: c.Format(s.UpdatedAt)}
	for i, r := range s.Items {
		out.Items[i] = itemResultJSON{Item: r.Item, Control: r.Control, Result: string(r.Result), ResultLabel: r.Result.Label(), Note: r.Note}
	}
	return out
}

type itemResultInJSON struct {
	Item   string `json:"item"`
	Result string `json:"result"`
	Note   string `json:"note"`
}

// inspectionInJSON records a self-inspection, or replaces one's fields.
type inspectionInJSON struct {
	Department string              `json:"department"`
	Date       string              `json:"date"`
	Scope      string              `json:"scope"`
	Inspector  string              `json:"inspector"`
	Items      []itemResultInJSON  `json:"items"`
	Findings   []observationInJSON `json:"findings"`
	Note       string              `json:"note"`
}

type sourceJSON struct {
	Kind      string `json:"kind"`
	KindLabel string `json:"kind_label"`
	ID        string `json:"id,omitempty"`
	Seq       int    `json:"seq,omitempty"`
	Ref       string `json:"ref,omitempty"`
}

type hardeningJSON struct {
	ID            string     `json:"id"`
	Department    string     `json:"department,omitempty"`
	Asset         string     `json:"asset"`
	Kind          string     `json:"kind"`
	KindLabel     string     `json:"kind_label"`
	Severity      string     `json:"severity"`
	SeverityLabel string     `json:"severity_label"`
	Detail        string     `json:"detail,omitempty"`
	Source        sourceJSON `json:"source"`
	FoundOn       string     `json:"found_on"`
	Status        string     `json:"status"`
	StatusLabel   string     `json:"status_label"`
	Remediation   string     `json:"remediation,omitempty"`
	RemediatedBy  string     `json:"remediated_by,omitempty"`
	RemediatedOn  string     `json:"remediated_on,omitempty"`
	VerifiedBy    string     `json:"verified_by,omitempty"`
	VerifiedAt    string     `json:"verified_at,omitempty"`
	Retests       int        `json:"retests"`
	Version       int64      `json:"version"`
	CreatedAt     string     `json:"created_at"`
	UpdatedAt     string     `json:"updated_at"`
}

func (a *API) hardeningOut(h *security.Hardening) hardeningJSON {
	c := a.clock
	return hardeningJSON{ID: h.ID.String(), Department: h.Department, Asset: h.Asset, Kind: string(h.Kind), KindLabel: h.Kind.Label(),
		Severity: string(h.Severity), SeverityLabel: h.Severity.Label(), Detail: h.Detail,
		Source:  sourceJSON{Kind: string(h.Source.Kind), KindLabel: h.Source.Kind.Label(), ID: id(h.Source.ID), Seq: h.Source.Seq, Ref: h.Source.Ref},
		FoundOn: c.Format(h.FoundOn), Status: string(h.Status), StatusLabel: h.Status.Label(), Remediation: h.Remediation,
		RemediatedBy: h.RemediatedBy, RemediatedOn: c.Format(h.RemediatedOn), VerifiedBy: h.VerifiedBy, VerifiedAt: c.Format(h.VerifiedAt),
		Retests: h.Retests, Version: h.Version, CreatedAt: c.Format(h.CreatedAt), UpdatedAt: c.Format(h.UpdatedAt)}
}

func (a *API) hardeningItems(hs []security.Hardening) itemsJSON {
	out := itemsJSON{Items: make([]any, len(hs))}
	for i := range hs {
		out.Items[i] = a.hardeningOut(&hs[i])
	}
	return out
}

// hardeningInJSON records a finding from outside a drill, inspection or
// exercise, or changes an open record's description.
type hardeningInJSON struct {
	Department string `json:"department"`
	Asset      string `json:"asset"`
	Kind       string `json:"kind"`
	Severity   string `json:"severity"`
	Detail     string `json:"detail"`
	SourceRef  string `json:"source_ref"`
	FoundOn    string `json:"found_on"`
}

// remediationJSON records a remediation.
type remediationJSON struct {
	Remediation  string `json:"remediation"`
	RemediatedBy string `json:"remediated_by"`
	On           string `json:"on"`
}

// verificationJSON verifies a remediated record.
type verificationJSON struct {
	VerifiedBy string `json:"verified_by"`
	At         string `json:"at"`
	Note       string `json:"note"`
}

// retestJSON records a re-test.
type retestJSON struct {
	Passed   bool   `json:"passed"`
	TestedBy string `json:"tested_by"`
	At       string `json:"at"`
	Note     string `json:"note"`
}

type exerciseJSON struct {
	ID        string            `json:"id"`
	Name      string            `json:"name"`
	Organizer string            `json:"organizer,omitempty"`
	Start     string            `json:"start"`
	End       string            `json:"end"`
	Role      string            `json:"role"`
	RoleLabel string            `json:"role_label"`
	Detected  int               `json:"detected"`
	Blocked   int               `json:"blocked"`
	Early     int               `json:"early"`
	Findings  []observationJSON `json:"findings"`
	Note      string            `json:"note,omitempty"`
	Version   int64             `json:"version"`
	CreatedAt string            `json:"created_at"`
	UpdatedAt string            `json:"updated_at"`
}

func (a *API) exerciseOut(e *security.Exercise) exerciseJSON {
	c := a.clock
	return exerciseJSON{ID: e.ID.String(), Name: e.Name, Organizer: e.Organizer, Start: c.Format(e.Start), End: c.Format(e.End),
		Role: string(e.Role), RoleLabel: e.Role.Label(), Detected: e.Detected, Blocked: e.Blocked, Early: e.Early,
		Findings: observationsOut(e.Findings), Note: e.Note, Version: e.Version, CreatedAt: c.Format(e.CreatedAt), UpdatedAt: c.Format(e.UpdatedAt)}
}

// exerciseInJSON records an attack-defense exercise, or replaces one's
// fields.
type exerciseInJSON struct {
	Name      string              `json:"name"`
	Organizer string              `json:"organizer"`
	Start     string              `json:"start"`
	End       string              `json:"end"`
	Role      string              `json:"role"`
	Detected  int                 `json:"detected"`
	Blocked   int                 `json:"blocked"`
	Early     int                 `json:"early"`
	Findings  []observationInJSON `json:"findings"`
	Note      string              `json:"note"`
}

type severityCountJSON struct {
	Severity      string `json:"severity"`
	SeverityLabel string `json:"severity_label"`
	Count         int    `json:"count"`
}

type summaryJSON struct {
	Exercise   exerciseJSON        `json:"exercise"`
	BlockRate  rateJSON            `json:"block_rate"`
	EarlyRate  rateJSON            `json:"early_rate"`
	Findings   int                 `json:"findings"`
	Raised     int                 `json:"raised"`
	Open       int                 `json:"open"`
	Remediated int                 `json:"remediated"`
	Verified   int                 `json:"verified"`
	BySeverity []severityCountJSON `json:"by_severity"`
}

func (a *API) summaryOut(s *security.ExerciseSummary) summaryJSON {
	out := summaryJSON{Exercise: a.exerciseOut(&s.Exercise), BlockRate: rateOut(s.BlockRate), EarlyRate: rateOut(s.EarlyRate),
		Findings: s.Findings, Raised: s.Raised, Open: s.Open, Remediated: s.Remediated, Verified: s.Verified,
		BySeverity: make([]severityCountJSON, len(s.BySeverity))}
	for i, c := range s.BySeverity {
		out.BySeverity[i] = severityCountJSON{Severity: string(c.Severity), SeverityLabel: c.Severity.Label(), Count: c.Count}
	}
	return out
}

type incidentTimesJSON struct {
	ReportInSeconds    int64 `json:"report_in_seconds"`
	ContainInSeconds   int64 `json:"contain_in_seconds"`
	ResolveInSeconds   int64 `json:"resolve_in_seconds"`
	ReportLimitSeconds int64 `json:"report_limit_seconds"`
	ReportedOnTime     bool  `json:"reported_on_time"`
	Late               bool  `json:"late"`
}

type incidentJSON struct {
	ID          string             `json:"id"`
	Department  string             `json:"department,omitempty"`
	Title       string             `json:"title"`
	Type        string             `json:"type"`
	TypeLabel   string             `json:"type_label"`
	Grade       string             `json:"grade"`
	GradeLabel  string             `json:"grade_label"`
	Response    string             `json:"response"`
	Colour      string             `json:"colour"`
	ColourLabel string             `json:"colour_label"`
	Status      string             `json:"status"`
	StatusLabel string             `json:"status_label"`
	DetectedAt  string             `json:"detected_at"`
	ReportedAt  string             `json:"reported_at,omitempty"`
	ContainedAt string             `json:"contained_at,omitempty"`
	ResolvedAt  string             `json:"resolved_at,omitempty"`
	Note        string             `json:"note,omitempty"`
	Times       *incidentTimesJSON `json:"times,omitempty"`
	Version     int64              `json:"version"`
	CreatedAt   string             `json:"created_at"`
	UpdatedAt   string             `json:"updated_at"`
}

// incidentOut writes an incident, with its times when t is given (reads
// give them; a write answers with the record alone).
func (a *API) incidentOut(i *security.Incident, t *security.IncidentTimes) incidentJSON {
	c := a.clock
	out := incidentJSON{ID: i.ID.String(), Department: i.Department, Title: i.Title, Type: string(i.Type), TypeLabel: i.Type.Label(),
		Grade: string(i.Grade), GradeLabel: i.Grade.Label(), Response: i.Grade.Response(), Colour: string(i.Colour),
		ColourLabel: i.Colour.Label(), Status: string(i.Status), StatusLabel: i.Status.Label(), DetectedAt: c.Format(i.DetectedAt),
		ReportedAt: c.Format(i.ReportedAt), ContainedAt: c.Format(i.ContainedAt), ResolvedAt: c.Format(i.ResolvedAt), Note: i.Note,
		Version: i.Version, CreatedAt: c.Format(i.CreatedAt), UpdatedAt: c.Format(i.UpdatedAt)}
	if t != nil {
		out.Times = &incidentTimesJSON{ReportInSeconds: seconds(t.ReportIn), ContainInSeconds: seconds(t.ContainIn),
			ResolveInSeconds: seconds(t.ResolveIn), ReportLimitSeconds: seconds(t.ReportLimit), ReportedOnTime: t.ReportedOnTime, Late: t.Late}
	}
	return out
}

// incidentInJSON reports an incident, or changes its description, type,
// grade and colour.
type incidentInJSON struct {
	Department string `json:"department"`
	Title      string `json:"title"`
	Type       string `json:"type"`
	Grade      string `json:"grade"`
	Colour     string `json:"colour"`
	DetectedAt string `json:"detected_at"`
	ReportedAt string `json:"reported_at"`
	Note       string `json:"note"`
}

// incidentStepJSON records the step an incident reached.
type incidentStepJSON struct {
	To   string `json:"to"`
	At   string `json:"at"`
	Note string `json:"note"`
}

type drillTypeCountJSON struct {
	Type      string `json:"type"`
	TypeLabel string `json:"type_label"`
	Count     int    `json:"count"`
}

type kindCountJSON struct {
	Kind      string `json:"kind"`
	KindLabel string `json:"kind_label"`
	Count     int    `json:"count"`
}

type findingAgeJSON struct {
	Severity      string `json:"severity"`
	SeverityLabel string `json:"severity_label"`
	Total         int    `json:"total"`
	Days30        int    `json:"days_30"`
	Days90        int    `json:"days_90"`
	Days180       int    `json:"days_180"`
	Older         int    `json:"older"`
}

type findingsReportJSON struct {
	Found     int              `json:"found"`
	Verified  int              `json:"verified"`
	ByKind    []kindCountJSON  `json:"by_kind"`
	Open      int              `json:"open"`
	OpenByAge []findingAgeJSON `json:"open_by_age"`
}

type gradeIncidentsJSON struct {
	Grade              string   `json:"grade"`
	GradeLabel         string   `json:"grade_label"`
	Count              int      `json:"count"`
	Reported           int      `json:"reported"`
	OnTime             int      `json:"on_time"`
	ReportRate         rateJSON `json:"report_rate"`
	ReportLimitSeconds int64    `json:"report_limit_seconds"`
	Resolved           int      `json:"resolved"`
}

type incidentsReportJSON struct {
	Total      int                  `json:"total"`
	OnTime     int                  `json:"on_time"`
	ReportRate rateJSON             `json:"report_rate"`
	ByGrade    []gradeIncidentsJSON `json:"by_grade"`
}

type reportJSON struct {
	Year           int                  `json:"year"`
	Department     string               `json:"department,omitempty"`
	At             string               `json:"at"`
	PlansApproved  int                  `json:"plans_approved"`
	Compliance     *complianceJSON      `json:"compliance,omitempty"` // the center's report only
	Drills         []drillTypeCountJSON `json:"drills"`
	ActionsOpen    int                  `json:"actions_open"`
	ActionsDone    int                  `json:"actions_done"`
	ActionsOverdue int                  `json:"actions_overdue"`
	Inspections    int                  `json:"inspections"`
	Findings       findingsReportJSON   `json:"findings"`
	Incidents      incidentsReportJSON  `json:"incidents"`
	Exercises      []summaryJSON        `json:"exercises"`
}

func (a *API) reportOut(r *security.Report) reportJSON {
	out := reportJSON{Year: r.Year, Department: r.Department, At: a.clock.Format(r.At), PlansApproved: r.PlansApproved,
		Drills: make([]drillTypeCountJSON, len(r.Drills)), ActionsOpen: r.ActionsOpen, ActionsDone: r.ActionsDone,
		ActionsOverdue: r.ActionsOverdue, Inspections: r.Inspections,
		Findings: findingsReportJSON{Found: r.Findings.Found, Verified: r.Findings.Verified,
			ByKind: make([]kindCountJSON, len(r.Findings.ByKind)), Open: r.Findings.Open,
			OpenByAge: make([]findingAgeJSON, len(r.Findings.OpenByAge))},
		Incidents: incidentsReportJSON{Total: r.Incidents.Total, OnTime: r.Incidents.OnTime, ReportRate: rateOut(r.Incidents.ReportRate),
			ByGrade: make([]gradeIncidentsJSON, len(r.Incidents.ByGrade))},
		Exercises: make([]summaryJSON, len(r.Exercises))}
	if r.Compliance != nil {
		c := a.complianceOut(r.Compliance)
		out.Compliance = &c
	}
	for i, d := range r.Drills {
		out.Drills[i] = drillTypeCountJSON{Type: string(d.Type), TypeLabel: d.Type.Label(), Count: d.Count}
	}
	for i, k := range r.Findings.ByKind {
		out.Findings.ByKind[i] = kindCountJSON{Kind: string(k.Kind), KindLabel: k.Kind.Label(), Count: k.Count}
	}
	for i, g := range r.Findings.OpenByAge {
		out.Findings.OpenByAge[i] = findingAgeJSON{Severity: string(g.Severity), SeverityLabel: g.Severity.Label(), Total: g.Total,
			Days30: g.Days30, Days90: g.Days90, Days180: g.Days180, Older: g.Older}
	}
	for i, g := range r.Incidents.ByGrade {
		out.Incidents.ByGrade[i] = gradeIncidentsJSON{Grade: string(g.Grade), GradeLabel: g.Grade.Label(), Count: g.Count,
			Reported: g.Reported, OnTime: g.OnTime, ReportRate: rateOut(g.ReportRate), ReportLimitSeconds: seconds(g.ReportLimit),
			Resolved: g.Resolved}
	}
	for i := range r.Exercises {
		out.Exercises[i] = a.summaryOut(&r.Exercises[i])
	}
	return out
}
