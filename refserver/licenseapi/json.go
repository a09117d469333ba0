package licenseapi

import (
	"maps"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/license"
	"github.com/govops-kit/govops/refserver/apikit"
)

// The JSON shapes of the license endpoints. Enums travel as their stable
// codes with a sibling *_label in Chinese; times are RFC 3339 in
// Asia/Shanghai; the days of a license (issue, validity) are YYYY-MM-DD.

type validityJSON struct {
	MinMonths int `json:"min_months"`
	MaxMonths int `json:"max_months"`
}

func (v validityJSON) validity() license.Validity {
	return license.Validity{MinMonths: v.MinMonths, MaxMonths: v.MaxMonths}
}

type validityOutJSON struct {
	MinMonths int  `json:"min_months"`
	MaxMonths int  `json:"max_months"`
	Permanent bool `json:"permanent"`
}

type typeJSON struct {
	Code                string          `json:"code"`
	Name                string          `json:"name"`
	Authority           string          `json:"authority"`
	AuthorityCode       string          `json:"authority_code"`
	Level               string          `json:"level"`
	LevelLabel          string          `json:"level_label"`
	HolderCategory      string          `json:"holder_category"`
	HolderCategoryLabel string          `json:"holder_category_label"`
	Validity            validityOutJSON `json:"validity"`
	Services            []string        `json:"services"`
	Source              string          `json:"source,omitempty"`
	SingleValid         bool            `json:"single_valid"`
	Version             int64           `json:"version"`
	CreatedAt           string          `json:"created_at"`
	UpdatedAt           string          `json:"updated_at"`
}

func (a *API) typeOut(t *license.Type) typeJSON {
	services := t.Services
	if services == nil {
		services = []string{}
	}
	return typeJSON{Code: t.Code, Name: t.Name, Authority: t.Authority, AuthorityCode: t.AuthorityCode,
		Level: string(t.Level), LevelLabel: t.Level.Label(), HolderCategory: string(t.HolderCategory),
		HolderCategoryLabel: t.HolderCategory.Label(),
		Validity:            validityOutJSON{MinMonths: t.Validity.MinMonths, MaxMonths: t.Validity.MaxMonths, Permanent: t.Validity.Permanent()},
		Services:            services, Source: t.Source, SingleValid: t.SingleValid, Version: t.Version,
		CreatedAt: a.clock.Format(t.CreatedAt), UpdatedAt: a.clock.Format(t.UpdatedAt)}
}

// typeCreateJSON adds a type to the catalog.
type typeCreateJSON struct {
	Code           string       `json:"code"`
	Name           string       `json:"name"`
	Authority      string       `json:"authority"`
	AuthorityCode  string       `json:"authority_code"`
	Level          string       `json:"level"`
	HolderCategory string       `json:"holder_category"`
	Validity       validityJSON `json:"validity"`
	Services       []string     `json:"services"`
	Source         string       `json:"source"`
	SingleValid    bool         `json:"single_valid"`
}

// typeUpdateJSON changes the fields it gives.
type typeUpdateJSON struct {
	Name           *string       `json:"name"`
	Authority      *string       `json:"authority"`
	Level          *string       `json:"level"`
	HolderCategory *string       `json:"holder_category"`
	Validity       *validityJSON `json:"validity"`
	Services       *[]string     `json:"services"`
	Source         *string       `json:"source"`
	SingleValid    *bool         `json:"single_valid"`
}

type claimJSON struct {
	Type        string `json:"type"`
	Department  string `json:"department"`
	Kind        string `json:"kind"`
	KindLabel   string `json:"kind_label"`
	Status      string `json:"status"`
	StatusLabel string `json:"status_label"`
	Expected    *int64 `json:"expected"`
	Explanation string `json:"explanation,omitempty"`
	Version     int64  `json:"version"`
	CreatedAt   string `json:"created_at"`
	UpdatedAt   string `json:"updated_at"`
}

func (a *API) claimOut(c *license.Claim) claimJSON {
	out := claimJSON{Type: c.Type, Department: c.Department, Kind: string(c.Kind), KindLabel: c.Kind.Label(),
		Status: string(c.Status), StatusLabel: c.Status.Label(), Explanation: c.Explanation, Version: c.Version,
		CreatedAt: a.clock.Format(c.CreatedAt), UpdatedAt: a.clock.Format(c.UpdatedAt)}
	if c.ExpectedKnown() {
		n := c.Expected
		out.Expected = &n
	}
	return out
}

// claimCreateJSON files a claim or an explanation.
type claimCreateJSON struct {
	Type        string `json:"type"`
	Department  string `json:"department"`
	Kind        string `json:"kind"`
	Expected    *int64 `json:"expected"`
	Explanation string `json:"explanation"`
}

// claimUpdateJSON changes the fields it gives.
type claimUpdateJSON struct {
	Kind          *string `json:"kind"`
	Expected      *int64  `json:"expected"`
	ClearExpected bool    `json:"clear_expected"`
	Explanation   *string `json:"explanation"`
}

type reasonJSON struct {
	Reason string `json:"reason"`
}

type templateJSON struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	Revision    int    `json:"revision"`
	Format      string `json:"format"`
	FormatLabel string `json:"format_label"`
	FileName    string `json:"file_name,omitempty"`
	SHA256      string `json:"sha256"`
	Size        int64  `json:"size"`
	Status      string `json:"status"`
	StatusLabel string `json:"status_label"`
	Department  string `json:"department,omitempty"`
	Version     int64  `json:"version"`
	CreatedAt   string `json:"created_at"`
	UpdatedAt   string `json:"updated_at"`
}

func (a *API) templateOut(t *license.Template) templateJSON {
	return templateJSON{ID: t.ID.String(), Type: t.Type, Revision: t.Revision, Format: string(t.Format), FormatLabel: t.Format.Label(),
		FileName: t.FileName, SHA256: t.SHA256, Size: t.Size, Status: string(t.Status), StatusLabel: t.Status.Label(),
		Department: t.Department, Version: t.Version, CreatedAt: a.clock.Format(t.CreatedAt), UpdatedAt: a.clock.Format(t.UpdatedAt)}
}

type fieldJSON struct {
	Name      string   `json:"name"`
	Label     string   `json:"label,omitempty"`
	Type      string   `json:"type"`
	TypeLabel string   `json:"type_label,omitempty"`
	Required  bool     `json:"required"`
	Pattern   string   `json:"pattern,omitempty"`
	Codes     []string `json:"codes,omitempty"`
}

type schemaJSON struct {
	Type      string      `json:"type"`
	Fields    []fieldJSON `json:"fields"`
	Version   int64       `json:"version"`
	CreatedAt string      `json:"created_at"`
	UpdatedAt string      `json:"updated_at"`
}

func (a *API) schemaOut(s *license.Schema) schemaJSON {
	out := schemaJSON{Type: s.Type, Fields: make([]fieldJSON, len(s.Fields)), Version: s.Version,
		CreatedAt: a.clock.Format(s.CreatedAt), UpdatedAt: a.clock.Format(s.UpdatedAt)}
	for i, f := range s.Fields {
		out.Fields[i] = fieldJSON{Name: f.Name, Label: f.Label, Type: string(f.Type), TypeLabel: f.Type.Label(), Required: f.Required,
			Pattern: f.Pattern, Codes: f.Codes}
	}
	return out
}

// fieldInJSON is one field of a schema as a client sets it.
type fieldInJSON struct {
	Name     string   `json:"name"`
	Label    string   `json:"label"`
	Type     string   `json:"type"`
	Required bool     `json:"required"`
	Pattern  string   `json:"pattern"`
	Codes    []string `json:"codes"`
}

// schemaPutJSON replaces a type's face-data schema.
type schemaPutJSON struct {
	Fields []fieldInJSON `json:"fields"`
}

type recordJSON struct {
	ID                  string            `json:"id"`
	Identifier          string            `json:"identifier"`
	Number              string            `json:"number"`
	Type                string            `json:"type"`
	IssueDate           string            `json:"issue_date"`
	ValidFrom           string            `json:"valid_from"`
	ValidTo             string            `json:"valid_to,omitempty"`
	Issuer              string            `json:"issuer"`
	IssuerCode          string            `json:"issuer_code"`
	Department          string            `json:"department"`
	Holder              string            `json:"holder"`
	HolderCodeType      string            `json:"holder_code_type"`
	HolderCodeTypeLabel string            `json:"holder_code_type_label"`
	HolderCode          string            `json:"holder_code"`
	Face                map[string]string `json:"face"`
	State               string            `json:"state"`
	StateLabel          string            `json:"state_label"`
	Previous            string            `json:"previous,omitempty"`
	Exclusive           bool              `json:"exclusive"`
	Warnings            []string          `json:"warnings,omitempty"`
	Batch               string            `json:"batch,omitempty"`
	CreatedBy           string            `json:"created_by"`
	CreatedByDepartment string            `json:"created_by_department,omitempty"`
	Version             int64             `json:"version"`
	CreatedAt           string            `json:"created_at"`
	UpdatedAt           string            `json:"updated_at"`
}

// day writes a license's day; "" for none.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func (a *API) recordOut(r *license.Record) recordJSON {
	face := maps.Clone(r.Face)
	if face == nil {
		face = map[string]string{}
	}
	return recordJSON{ID: r.ID.String(), Identifier: r.Identifier, Number: r.Number, Type: r.Type,
		IssueDate: day(r.IssueDate), ValidFrom: day(r.ValidFrom), ValidTo: day(r.ValidTo), Issuer: r.Issuer, IssuerCode: r.IssuerCode,
		Department: r.Department, Holder: r.Holder, HolderCodeType: string(r.HolderCodeType), HolderCodeTypeLabel: r.HolderCodeType.Label(),
		HolderCode: r.HolderCode, Face: face, State: string(r.State), StateLabel: r.State.Label(), Previous: r.Previous,
		Exclusive: r.Exclusive, Warnings: r.Warnings, Batch: batchRef(r.Batch), CreatedBy: r.CreatedBy, CreatedByDepartment: r.CreatedByDept,
		Version: r.Version, CreatedAt: a.clock.Format(r.CreatedAt), UpdatedAt: a.clock.Format(r.UpdatedAt)}
}

// recordCreateJSON writes one license record.
type recordCreateJSON struct {
	Identifier     string            `json:"identifier"`
	Number         string            `json:"number"`
	Type           string            `json:"type"`
	IssueDate      string            `json:"issue_date"`
	ValidFrom      string            `json:"valid_from"`
	ValidTo        string            `json:"valid_to"`
	Issuer         string            `json:"issuer"`
	IssuerCode     string            `json:"issuer_code"`
	Department     string            `json:"department"`
	Holder         string            `json:"holder"`
	HolderCodeType string            `json:"holder_code_type"`
	HolderCode     string            `json:"holder_code"`
	Face           map[string]string `json:"face"`
	State          string            `json:"state"`
	Previous       string            `json:"previous"`
}

// dayIn reads a day sent as YYYY-MM-DD, "" for none, filing a problem
// under field.
func dayIn(p *govops.Problems, field, s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || !govops.TimeInRange(t) {
		p.Add(field, `must be a date such as "2022-03-01", from 1900 on`)
		return time.Time{}
	}
	return t
}

func (in *recordCreateJSON) input() (license.RecordInput, error) {
	var p govops.Problems
	out := license.RecordInput{Identifier: in.Identifier, Number: in.Number, Type: in.Type,
		IssueDate: dayIn(&p, "issue_date", in.IssueDate), ValidFrom: dayIn(&p, "valid_from", in.ValidFrom), ValidTo: dayIn(&p, "valid_to", in.ValidTo),
		Issuer: in.Issuer, IssuerCode: in.IssuerCode, Department: in.Department, Holder: in.Holder,
		HolderCodeType: license.HolderCodeType(in.HolderCodeType), HolderCode: in.HolderCode, Face: in.Face,
		State: license.State(in.State), Previous: in.Previous}
	return out, p.Err()
}

// transitionJSON changes a record's state.
type transitionJSON struct {
	Action string `json:"action"`
	Reason string `json:"reason"`
}

// reissueJSON re-issues a license.
type reissueJSON struct {
	Number    string            `json:"number"`
	IssueDate string            `json:"issue_date"`
	ValidFrom string            `json:"valid_from"`
	ValidTo   string            `json:"valid_to"`
	Face      map[string]string `json:"face"`
	Reason    string            `json:"reason"`
}

func (in *reissueJSON) input(version int64) (license.ReissueInput, error) {
	var p govops.Problems
	out := license.ReissueInput{Number: in.Number, IssueDate: dayIn(&p, "issue_date", in.IssueDate),
		ValidFrom: dayIn(&p, "valid_from", in.ValidFrom), ValidTo: dayIn(&p, "valid_to", in.ValidTo),
		Face: in.Face, Reason: in.Reason, IfVersion: version}
	return out, p.Err()
}

// recordImportJSON is the answer of a records import that ran: the
// report, and the batch that holds what it wrote.
type recordImportJSON struct {
	*apikit.ImportResult
	Batch string `json:"batch,omitempty"`
}

type batchJSON struct {
	ID              string `json:"id"`
	Actor           string `json:"actor"`
	ActorDepartment string `json:"actor_department,omitempty"`
	At              string `json:"at"`
	Mode            string `json:"mode"`
	Rows            int64  `json:"rows"`
	Imported        int64  `json:"imported"`
	BadRows         int64  `json:"bad_rows"`
	Warnings        int64  `json:"warnings"`
	Source          string `json:"source,omitempty"`
}

func batchResource(a *API) apikit.Resource[*license.Batch] {
	return apikit.Resource[*license.Batch]{Out: func(b *license.Batch) any {
		return batchJSON{ID: b.ID.String(), Actor: b.Actor, ActorDepartment: b.ActorDept, At: a.clock.Format(b.At), Mode: b.Mode,
			Rows: b.Rows, Imported: b.Imported, BadRows: b.BadRows, Warnings: b.Warnings, Source: b.SourceName}
	}}
}

type rateJSON struct {
	Numerator   int64   `json:"numerator"`
	Denominator int64   `json:"denominator"`
	Percent     *string `json:"percent"`
}

func rateOut(r govops.Rate) rateJSON {
	return rateJSON{Numerator: r.Numerator, Denominator: r.Denominator, Percent: apikit.Rate(r)}
}

type departmentCoverageJSON struct {
	Department string   `json:"department"`
	Claimed    int64    `json:"claimed"`
	Explained  int64    `json:"explained"`
	Expected   int64    `json:"expected"`
	Undeclared int64    `json:"undeclared"`
	Records    int64    `json:"records"`
	Uploaded   rateJSON `json:"uploaded"`
}

type riskJSON struct {
	Type        string `json:"type"`
	TypeName    string `json:"type_name"`
	Department  string `json:"department,omitempty"`
	Reason      string `json:"reason"`
	ReasonLabel string `json:"reason_label"`
	Expected    *int64 `json:"expected"`
	Records     int64  `json:"records"`
	Detail      string `json:"detail"`
}

type coverageJSON struct {
	Types        int64                    `json:"types"`
	Claimed      int64                    `json:"claimed"`
	Explained    int64                    `json:"explained"`
	Unclaimed    int64                    `json:"unclaimed"`
	WithTemplate int64                    `json:"with_template"`
	WithSchema   int64                    `json:"with_schema"`
	WithRecords  int64                    `json:"with_records"`
	Records      int64                    `json:"records"`
	Uploaded     rateJSON                 `json:"uploaded"`
	Departments  []departmentCoverageJSON `json:"departments"`
	Risks        []riskJSON               `json:"risks"`
}

func (a *API) coverageOut(c *license.Coverage) any {
	out := coverageJSON{Types: c.Types, Claimed: c.Claimed, Explained: c.Explained, Unclaimed: c.Unclaimed,
		WithTemplate: c.WithTemplate, WithSchema: c.WithSchema, WithRecords: c.WithRecords, Records: c.Records,
		Uploaded: rateOut(c.Uploaded), Departments: []departmentCoverageJSON{}, Risks: []riskJSON{}}
	for _, d := range c.Departments {
		out.Departments = append(out.Departments, departmentCoverageJSON{Department: d.Department, Claimed: d.Claimed,
			Explained: d.Explained, Expected: d.Expected, Undeclared: d.Undeclared, Records: d.Records, Uploaded: rateOut(d.Uploaded)})
	}
	for _, r := range c.Risks {
		rj := riskJSON{Type: r.Type, TypeName: r.TypeName, Department: r.Department, Reason: string(r.Reason),
			ReasonLabel: r.Reason.Label(), Records: r.Records, Detail: r.Detail}
		if r.Expected >= 0 {
			n := r.Expected
			rj.Expected = &n
		}
		out.Risks = append(out.Risks, rj)
	}
	return out
}
