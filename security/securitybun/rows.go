package securitybun

import (
	"encoding/json"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/security"
	"github.com/govops-kit/govops/security/internal/summarykey"
)

// dbt and gt are the conversions of every time column, to and from the
// database.
func dbt(v time.Time) time.Time { return bunstore.DBTime(v) }
func gt(v time.Time) time.Time  { return bunstore.GoTime(v) }

// idText stores an ID, uuid.Nil as "" (NULL in a nullzero column).
func idText(id uuid.UUID) string {
	if id == uuid.Nil {
		return ""
	}
	return id.String()
}

// parseID reads a stored ID; "" reads as uuid.Nil.
func parseID(what, s string) (uuid.UUID, error) {
	if s == "" {
		return uuid.Nil, nil
	}
	id, err := uuid.Parse(s)
	if err != nil {
		return uuid.Nil, errs.Err("read the id of "+what, err)
	}
	return id, nil
}

// ids reads several stored IDs, the first failure failing all.
func ids(what string, ss ...string) ([]uuid.UUID, error) {
	out := make([]uuid.UUID, len(ss))
	for i, s := range ss {
		id, err := parseID(what, s)
		if err != nil {
			return nil, err
		}
		out[i] = id
	}
	return out, nil
}

// encodeJSON stores a list as JSON ("[]" for none).
func encodeJSON[T any](xs []T) string {
	if len(xs) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(xs) // lists of plain structs, strings and times always encode
	return string(b)
}

// decodeJSON reads a list stored by encodeJSON into *xs; none gives nil.
func decodeJSON[T any](what, s string, xs *[]T) error {
	if s == "" || s == "[]" {
		return nil
	}
	if err := json.Unmarshal([]byte(s), xs); err != nil {
		return errs.Err("read "+what, err)
	}
	return nil
}

// planRow is a row of security_plans; the grades are JSON.
type planRow struct {
	bun.BaseModel `bun:"table:security_plans"`

	ID           string    `bun:"id,pk"`
	Code         string    `bun:"code"`
	Revision     int       `bun:"revision"`
	Year         int       `bun:"year"`
	Title        string    `bun:"title"`
	Scope        string    `bun:"scope"`
	Grades       string    `bun:"grades"`
	Status       string    `bun:"status"`
	ApprovedBy   string    `bun:"approved_by"`
	ApprovedOn   time.Time `bun:"approved_on,nullzero"`
	SupersededBy string    `bun:"superseded_by"`
	Note         string    `bun:"note"`
	Version      int64     `bun:"version"`
	CreatedAt    time.Time `bun:"created_at,nullzero"`
	UpdatedAt    time.Time `bun:"updated_at,nullzero"`
}

func toPlanRow(p *security.Plan) planRow {
	return planRow{ID: p.ID.String(), Code: p.Code, Revision: p.Revision, Year: p.Year, Title: p.Title, Scope: p.Scope,
		Grades: encodeJSON(p.Grades), Status: string(p.Status), ApprovedBy: p.ApprovedBy, ApprovedOn: dbt(p.ApprovedOn),
		SupersededBy: idText(p.SupersededBy), Note: p.Note, Version: p.Version,
		CreatedAt: dbt(p.CreatedAt), UpdatedAt: dbt(p.UpdatedAt)}
}

func fromPlanRow(r *planRow) (security.Plan, error) {
	is, err := ids("plan "+r.ID, r.ID, r.SupersededBy)
	if err != nil {
		return security.Plan{}, err
	}
	p := security.Plan{ID: is[0], Code: r.Code, Revision: r.Revision, Year: r.Year, Title: r.Title, Scope: r.Scope,
		Status: security.PlanStatus(r.Status), ApprovedBy: r.ApprovedBy, ApprovedOn: gt(r.ApprovedOn), SupersededBy: is[1],
		Note: r.Note, Version: r.Version, CreatedAt: gt(r.CreatedAt), UpdatedAt: gt(r.UpdatedAt)}
	return p, decodeJSON("the grades of plan "+r.ID, r.Grades, &p.Grades)
}

// drillRow is a row of security_drills; its lists are JSON.
type drillRow struct {
	bun.BaseModel `bun:"table:security_drills"`

	ID           string    `bun:"id,pk"`
	PlanID       string    `bun:"plan_id"`
	HeldOn       time.Time `bun:"held_on,nullzero"`
	Type         string    `bun:"type"`
	Scenario     string    `bun:"scenario"`
	Participants string    `bun:"participants"`
	Findings     string    `bun:"findings"`
	Actions      string    `bun:"actions"`
	Note         string    `bun:"note"`
	Version      int64     `bun:"version"`
	CreatedAt    time.Time `bun:"created_at,nullzero"`
	UpdatedAt    time.Time `bun:"updated_at,nullzero"`
}

func toDrillRow(d *security.Drill) drillRow {
	return drillRow{ID: d.ID.String(), PlanID: idText(d.Plan), HeldOn: dbt(d.Date), Type: string(d.Type), Scenario: d.Scenario,
		Participants: encodeJSON(d.Participants), Findings: encodeJSON(d.Findings), Actions: encodeJSON(d.Actions),
		Note: d.Note, Version: d.Version, CreatedAt: dbt(d.CreatedAt), UpdatedAt: dbt(d.UpdatedAt)}
}

func fromDrillRow(r *drillRow) (security.Drill, error) {
	is, err := ids("drill "+r.ID, r.ID, r.PlanID)
	if err != nil {
		return security.Drill{}, err
	}
	d := security.Drill{ID: is[0], Plan: is[1], Date: gt(r.HeldOn), Type: security.DrillType(r.Type), Scenario: r.Scenario,
		Note: r.Note, Version: r.Version, CreatedAt: gt(r.CreatedAt), UpdatedAt: gt(r.UpdatedAt)}
	if err := decodeJSON("the participants of drill "+r.ID, r.Participants, &d.Participants); err != nil {
		return d, err
	}
	if err := decodeJSON("the findings of drill "+r.ID, r.Findings, &d.Findings); err != nil {
		return d, err
	}
	if err := decodeJSON("the actions of drill "+r.ID, r.Actions, &d.Actions); err != nil {
		return d, err
	}
	for i := range d.Actions {
		d.Actions[i].Due, d.Actions[i].DoneOn = gt(d.Actions[i].Due), gt(d.Actions[i].DoneOn)
	}
	return d, nil
}

// inspectionRow is a row of security_inspections; its lists are JSON.
type inspectionRow struct {
	bun.BaseModel `bun:"table:security_inspections"`

	ID          string    `bun:"id,pk"`
	Department  string    `bun:"department"`
	InspectedOn time.Time `bun:"inspected_on,nullzero"`
	Scope       string    `bun:"scope"`
	Inspector   string    `bun:"inspector"`
	Items       string    `bun:"items"`
	Findings    string    `bun:"findings"`
	Note        string    `bun:"note"`
	Version     int64     `bun:"version"`
	CreatedAt   time.Time `bun:"created_at,nullzero"`
	UpdatedAt   time.Time `bun:"updated_at,nullzero"`
	// Month is the month of InspectedOn in Asia/Shanghai, which
	// security_inspection_counts groups by.
	Month string `bun:"month"`
}

func toInspectionRow(in *security.Inspection) inspectionRow {
	return inspectionRow{ID: in.ID.String(), Department: in.Department, InspectedOn: dbt(in.Date), Scope: in.Scope,
		Inspector: in.Inspector, Items: encodeJSON(in.Items), Findings: encodeJSON(in.Findings), Note: in.Note,
		Version: in.Version, CreatedAt: dbt(in.CreatedAt), UpdatedAt: dbt(in.UpdatedAt), Month: summarykey.MonthOf(in.Date)}
}

func fromInspectionRow(r *inspectionRow) (security.Inspection, error) {
	id, err := parseID("inspection", r.ID)
	if err != nil {
		return security.Inspection{}, err
	}
	in := security.Inspection{ID: id, Department: r.Department, Date: gt(r.InspectedOn), Scope: r.Scope, Inspector: r.Inspector,
		Note: r.Note, Version: r.Version, CreatedAt: gt(r.CreatedAt), UpdatedAt: gt(r.UpdatedAt)}
	if err := decodeJSON("the items of inspection "+r.ID, r.Items, &in.Items); err != nil {
		return in, err
	}
	return in, decodeJSON("the findings of inspection "+r.ID, r.Findings, &in.Findings)
}

// itemRow is a row of security_checklist.
type itemRow struct {
	bun.BaseModel `bun:"table:security_checklist"`

	ID        string    `bun:"id,pk"`
	Code      string    `bun:"code"`
	Control   string    `bun:"control"`
	Category  string    `bun:"category"`
	Text      string    `bun:"text"`
	Builtin   bool      `bun:"builtin"`
	Retired   bool      `bun:"retired"`
	Version   int64     `bun:"version"`
	CreatedAt time.Time `bun:"created_at,nullzero"`
	UpdatedAt time.Time `bun:"updated_at,nullzero"`
}

func toItemRow(c *security.ChecklistItem) itemRow {
	return itemRow{ID: c.ID.String(), Code: c.Code, Control: c.Control, Category: c.Category, Text: c.Text,
		Builtin: c.Builtin, Retired: c.Retired, Version: c.Version, CreatedAt: dbt(c.CreatedAt), UpdatedAt: dbt(c.UpdatedAt)}
}

func fromItemRow(r *itemRow) (security.ChecklistItem, error) {
	id, err := parseID("checklist item "+r.Code, r.ID)
	return security.ChecklistItem{ID: id, Code: r.Code, Control: r.Control, Category: r.Category, Text: r.Text,
		Builtin: r.Builtin, Retired: r.Retired, Version: r.Version, CreatedAt: gt(r.CreatedAt), UpdatedAt: gt(r.UpdatedAt)}, err
}

// hardeningRow is a row of security_hardenings. source_id is NULL for a
// record without a source record, so that the unique index of the source
// holds only the findings of stored records.
type hardeningRow struct {
	bun.BaseModel `bun:"table:security_hardenings"`

	ID           string    `bun:"id,pk"`
	Department   string    `bun:"department"`
	Asset        string    `bun:"asset"`
	Kind         string    `bun:"kind"`
	Severity     string    `bun:"severity"`
	Detail       string    `bun:"detail"`
	SourceKind   string    `bun:"source_kind"`
	SourceID     string    `bun:"source_id,nullzero"`
	SourceSeq    int       `bun:"source_seq"`
	SourceRef    string    `bun:"source_ref"`
	FoundOn      time.Time `bun:"found_on,nullzero"`
	Status       string    `bun:"status"`
	Remediation  string    `bun:"remediation"`
	RemediatedBy string    `bun:"remediated_by"`
	RemediatedOn time.Time `bun:"remediated_on,nullzero"`
	VerifiedBy   string    `bun:"verified_by"`
	VerifiedAt   time.Time `bun:"verified_at,nullzero"`
	Retests      int       `bun:"retests"`
	Version      int64     `bun:"version"`
	CreatedAt    time.Time `bun:"created_at,nullzero"`
	UpdatedAt    time.Time `bun:"updated_at,nullzero"`
	// FoundYear, FoundDay (yyyymmdd, 0 for none) and VerifiedYear are
	// the Hardening's, which the summaries group by.
	FoundYear    int `bun:"found_year"`
	FoundDay     int `bun:"found_day"`
	VerifiedYear int `bun:"verified_year"`
}

func toHardeningRow(h *security.Hardening) hardeningRow {
	return hardeningRow{ID: h.ID.String(), Department: h.Department, Asset: h.Asset, Kind: string(h.Kind),
		Severity: string(h.Severity), Detail: h.Detail, SourceKind: string(h.Source.Kind), SourceID: idText(h.Source.ID),
		SourceSeq: h.Source.Seq, SourceRef: h.Source.Ref, FoundOn: dbt(h.FoundOn), Status: string(h.Status),
		Remediation: h.Remediation, RemediatedBy: h.RemediatedBy, RemediatedOn: dbt(h.RemediatedOn),
		VerifiedBy: h.VerifiedBy, VerifiedAt: dbt(h.VerifiedAt), Retests: h.Retests, Version: h.Version,
		CreatedAt: dbt(h.CreatedAt), UpdatedAt: dbt(h.UpdatedAt),
		FoundYear: h.FoundYear(), FoundDay: summarykey.DayNumber(h.FoundOn), VerifiedYear: h.VerifiedYear()}
}

func fromHardeningRow(r *hardeningRow) (security.Hardening, error) {
	is, err := ids("hardening record "+r.ID, r.ID, r.SourceID)
	if err != nil {
		return security.Hardening{}, err
	}
	return security.Hardening{ID: is[0], Department: r.Department, Asset: r.Asset, Kind: security.FindingKind(r.Kind),
		Severity: security.Severity(r.Severity), Detail: r.Detail,
		Source:  security.Source{Kind: security.SourceKind(r.SourceKind), ID: is[1], Seq: r.SourceSeq, Ref: r.SourceRef},
		FoundOn: gt(r.FoundOn), Status: security.HardeningStatus(r.Status), Remediation: r.Remediation,
		RemediatedBy: r.RemediatedBy, RemediatedOn: gt(r.RemediatedOn), VerifiedBy: r.VerifiedBy, VerifiedAt: gt(r.VerifiedAt),
		Retests: r.Retests, Version: r.Version, CreatedAt: gt(r.CreatedAt), UpdatedAt: gt(r.UpdatedAt)}, nil
}

// exerciseRow is a row of security_exercises; the findings are JSON.
type exerciseRow struct {
	bun.BaseModel `bun:"table:security_exercises"`

	ID        string    `bun:"id,pk"`
	Name      string    `bun:"name"`
	Organizer string    `bun:"organizer"`
	StartAt   time.Time `bun:"start_at,nullzero"`
	EndAt     time.Time `bun:"end_at,nullzero"`
	Role      string    `bun:"role"`
	Detected  int       `bun:"detected"`
	Blocked   int       `bun:"blocked"`
	Early     int       `bun:"early"`
	Findings  string    `bun:"findings"`
	Note      string    `bun:"note"`
	Version   int64     `bun:"version"`
	CreatedAt time.Time `bun:"created_at,nullzero"`
	UpdatedAt time.Time `bun:"updated_at,nullzero"`
}

func toExerciseRow(x *security.Exercise) exerciseRow {
	return exerciseRow{ID: x.ID.String(), Name: x.Name, Organizer: x.Organizer, StartAt: dbt(x.Start), EndAt: dbt(x.End),
		Role: string(x.Role), Detected: x.Detected, Blocked: x.Blocked, Early: x.Early, Findings: encodeJSON(x.Findings),
		Note: x.Note, Version: x.Version, CreatedAt: dbt(x.CreatedAt), UpdatedAt: dbt(x.UpdatedAt)}
}

func fromExerciseRow(r *exerciseRow) (security.Exercise, error) {
	id, err := parseID("exercise", r.ID)
	if err != nil {
		return security.Exercise{}, err
	}
	x := security.Exercise{ID: id, Name: r.Name, Organizer: r.Organizer, Start: gt(r.StartAt), End: gt(r.EndAt),
		Role: security.ExerciseRole(r.Role), Detected: r.Detected, Blocked: r.Blocked, Early: r.Early, Note: r.Note,
		Version: r.Version, CreatedAt: gt(r.CreatedAt), UpdatedAt: gt(r.UpdatedAt)}
	return x, decodeJSON("the findings of exercise "+r.ID, r.Findings, &x.Findings)
}

// incidentRow is a row of security_incidents.
type incidentRow struct {
	bun.BaseModel `bun:"table:security_incidents"`

	ID          string    `bun:"id,pk"`
	Department  string    `bun:"department"`
	Title       string    `bun:"title"`
	Type        string    `bun:"type"`
	Grade       string    `bun:"grade"`
	Colour      string    `bun:"colour"`
	Status      string    `bun:"status"`
	DetectedAt  time.Time `bun:"detected_at,nullzero"`
	ReportedAt  time.Time `bun:"reported_at,nullzero"`
	ContainedAt time.Time `bun:"contained_at,nullzero"`
	ResolvedAt  time.Time `bun:"resolved_at,nullzero"`
	Note        string    `bun:"note"`
	Version     int64     `bun:"version"`
	CreatedAt   time.Time `bun:"created_at,nullzero"`
	UpdatedAt   time.Time `bun:"updated_at,nullzero"`
}

func toIncidentRow(i *security.Incident) incidentRow {
	return incidentRow{ID: i.ID.String(), Department: i.Department, Title: i.Title, Type: string(i.Type), Grade: string(i.Grade),
		Colour: string(i.Colour), Status: string(i.Status), DetectedAt: dbt(i.DetectedAt), ReportedAt: dbt(i.ReportedAt),
		ContainedAt: dbt(i.ContainedAt), ResolvedAt: dbt(i.ResolvedAt), Note: i.Note, Version: i.Version,
		CreatedAt: dbt(i.CreatedAt), UpdatedAt: dbt(i.UpdatedAt)}
}

func fromIncidentRow(r *incidentRow) (security.Incident, error) {
	id, err := parseID("incident", r.ID)
	return security.Incident{ID: id, Department: r.Department, Title: r.Title, Type: security.IncidentType(r.Type),
		Grade: security.Grade(r.Grade), Colour: security.Colour(r.Colour), Status: security.IncidentStatus(r.Status),
		DetectedAt: gt(r.DetectedAt), ReportedAt: gt(r.ReportedAt), ContainedAt: gt(r.ContainedAt),
		ResolvedAt: gt(r.ResolvedAt), Note: r.Note, Version: r.Version, CreatedAt: gt(r.CreatedAt),
		UpdatedAt: gt(r.UpdatedAt)}, err
}

// eventRow is a row of security_events: the columns every trail shares
// (bunstore.EventRow) and the ID of the record it belongs to.
type eventRow struct {
	bun.BaseModel `bun:"table:security_events"`

	SubjectID string `bun:"subject_id"`
	bunstore.EventRow
}

func toEventRows(events []security.Event) []eventRow {
	rows := make([]eventRow, len(events))
	for i, e := range events {
		rows[i].EventRow, rows[i].SubjectID = bunstore.ToEventRow(e)
	}
	return rows
}

func fromEventRow(r *eventRow) (security.Event, error) {
	return bunstore.FromEventRow[security.EventType, security.Status](errs, &r.EventRow, r.SubjectID)
}
