package licensebun

import (
	"encoding/json"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/license"
)

// typeRow is a row of license_types. Services is a JSON array.
type typeRow struct {
	bun.BaseModel `bun:"table:license_types"`

	ID             string    `bun:"id,pk"`
	Code           string    `bun:"code"`
	Name           string    `bun:"name"`
	Authority      string    `bun:"authority"`
	AuthorityCode  string    `bun:"authority_code"`
	Level          string    `bun:"level"`
	HolderCategory string    `bun:"holder_category"`
	ValidityMin    int       `bun:"validity_min"`
	ValidityMax    int       `bun:"validity_max"`
	Services       string    `bun:"services"`
	Source         string    `bun:"source"`
	SingleValid    bool      `bun:"single_valid"`
	Version        int64     `bun:"version"`
	CreatedAt      time.Time `bun:"created_at,nullzero"`
	UpdatedAt      time.Time `bun:"updated_at,nullzero"`
}

func toTypeRow(t *license.Type) typeRow {
	return typeRow{ID: t.ID.String(), Code: t.Code, Name: t.Name, Authority: t.Authority, AuthorityCode: t.AuthorityCode,
		Level: string(t.Level), HolderCategory: string(t.HolderCategory), ValidityMin: t.Validity.MinMonths,
		ValidityMax: t.Validity.MaxMonths, Services: bunstore.EncodeList(t.Services), Source: t.Source,
		SingleValid: t.SingleValid, Version: t.Version, CreatedAt: bunstore.DBTime(t.CreatedAt), UpdatedAt: bunstore.DBTime(t.UpdatedAt)}
}

func fromTypeRow(r *typeRow) (license.Type, error) {
	id, err := uuid.Parse(r.ID)
	if err != nil {
		return license.Type{}, errs.Err("read the id of license type "+r.Code, err)
	}
	services, err := bunstore.DecodeList(r.Services)
	if err != nil {
		return license.Type{}, errs.Err("read the services of license type "+r.Code, err)
	}
	return license.Type{ID: id, Code: r.Code, Name: r.Name, Authority: r.Authority, AuthorityCode: r.AuthorityCode,
		Level: license.Level(r.Level), HolderCategory: license.HolderCategory(r.HolderCategory),
		Validity: license.Validity{MinMonths: r.ValidityMin, MaxMonths: r.ValidityMax}, Services: services, Source: r.Source,
		SingleValid: r.SingleValid, Version: r.Version, CreatedAt: bunstore.GoTime(r.CreatedAt), UpdatedAt: bunstore.GoTime(r.UpdatedAt)}, nil
}

// claimRow is a row of license_claims.
type claimRow struct {
	bun.BaseModel `bun:"table:license_claims"`

	ID          string    `bun:"id,pk"`
	Type        string    `bun:"type"`
	Department  string    `bun:"department"`
	Kind        string    `bun:"kind"`
	Status      string    `bun:"status"`
	Expected    int64     `bun:"expected"`
	Explanation string    `bun:"explanation"`
	Version     int64     `bun:"version"`
	CreatedAt   time.Time `bun:"created_at,nullzero"`
	UpdatedAt   time.Time `bun:"updated_at,nullzero"`
}

func toClaimRow(c *license.Claim) claimRow {
	return claimRow{ID: c.ID.String(), Type: c.Type, Department: c.Department, Kind: string(c.Kind), Status: string(c.Status),
		Expected: c.Expected, Explanation: c.Explanation, Version: c.Version,
		CreatedAt: bunstore.DBTime(c.CreatedAt), UpdatedAt: bunstore.DBTime(c.UpdatedAt)}
}

func fromClaimRow(r *claimRow) (license.Claim, error) {
	id, err := uuid.Parse(r.ID)
	if err != nil {
		return license.Claim{}, errs.Err("read the id of a claim of "+r.Type, err)
	}
	return license.Claim{ID: id, Type: r.Type, Department: r.Department, Kind: license.ClaimKind(r.Kind),
		Status: license.ClaimStatus(r.Status), Expected: r.Expected, Explanation: r.Explanation, Version: r.Version,
		CreatedAt: bunstore.GoTime(r.CreatedAt), UpdatedAt: bunstore.GoTime(r.UpdatedAt)}, nil
}

// templateRow is a row of license_templates; the content is a row of
// license_template_files.
type templateRow struct {
	bun.BaseModel `bun:"table:license_templates"`

	ID         string    `bun:"id,pk"`
	Type       string    `bun:"type"`
	Revision   int       `bun:"revision"`
	Format     string    `bun:"format"`
	FileName   string    `bun:"file_name"`
	SHA256     string    `bun:"sha256"`
	Size       int64     `bun:"size"`
	Status     string    `bun:"status"`
	Department string    `bun:"department"`
	Version    int64     `bun:"version"`
	CreatedAt  time.Time `bun:"created_at,nullzero"`
	UpdatedAt  time.Time `bun:"updated_at,nullzero"`
}

func toTemplateRow(t *license.Template) templateRow {
	return templateRow{ID: t.ID.String(), Type: t.Type, Revision: t.Revision, Format: string(t.Format), FileName: t.FileName,
		SHA256: t.SHA256, Size: t.Size, Status: string(t.Status), Department: t.Department, Version: t.Version,
		CreatedAt: bunstore.DBTime(t.CreatedAt), UpdatedAt: bunstore.DBTime(t.UpdatedAt)}
}

func fromTemplateRow(r *templateRow) (license.Template, error) {
	id, err := uuid.Parse(r.ID)
	if err != nil {
		return license.Template{}, errs.Err("read the id of a template of "+r.Type, err)
	}
	return license.Template{ID: id, Type: r.Type, Revision: r.Revision, Format: license.Format(r.Format), FileName: r.FileName,
		SHA256: r.SHA256, Size: r.Size, Status: license.TemplateStatus(r.Status), Department: r.Department, Version: r.Version,
		CreatedAt: bunstore.GoTime(r.CreatedAt), UpdatedAt: bunstore.GoTime(r.UpdatedAt)}, nil
}

// schemaRow is a row of license_schemas. Fields is a JSON array of
// fieldJSON.
type schemaRow struct {
	bun.BaseModel `bun:"table:license_schemas"`

	ID        string    `bun:"id,pk"`
	Type      string    `bun:"type"`
	Fields    string    `bun:"fields"`
	Version   int64     `bun:"version"`
	CreatedAt time.Time `bun:"created_at,nullzero"`
	UpdatedAt time.Time `bun:"updated_at,nullzero"`
}

// fieldJSON is how a schema field is stored: names of its own, so that a
// renamed Go field does not change stored schemas.
type fieldJSON struct {
	Name     string   `json:"name"`
	Label    string   `json:"label,omitempty"`
	Type     string   `json:"type"`
	Required bool     `json:"required,omitempty"`
	Pattern  string   `json:"pattern,omitempty"`
	Codes    []string `json:"codes,omitempty"`
}

func toSchemaRow(s *license.Schema) schemaRow {
	fs := make([]fieldJSON, len(s.Fields))
	for i, f := range s.Fields {
		fs[i] = fieldJSON{Name: f.Name, Label: f.Label, Type: string(f.Type), Required: f.Required, Pattern: f.Pattern, Codes: f.Codes}
	}
	b, _ := json.Marshal(fs) // strings and bools always encode
	return schemaRow{ID: s.ID.String(), Type: s.Type, Fields: string(b), Version: s.Version,
		CreatedAt: bunstore.DBTime(s.CreatedAt), UpdatedAt: bunstore.DBTime(s.UpdatedAt)}
}

func fromSchemaRow(r *schemaRow) (license.Schema, error) {
	id, err := uuid.Parse(r.ID)
	if err != nil {
		return license.Schema{}, errs.Err("read the id of the schema of "+r.Type, err)
	}
	var fs []fieldJSON
	if err := json.Unmarshal([]byte(r.Fields), &fs); err != nil {
		return license.Schema{}, errs.Err("read the fields of the schema of "+r.Type, err)
	}
	var fields []license.Field
	for _, f := range fs {
		fields = append(fields, license.Field{Name: f.Name, Label: f.Label, Type: license.DataType(f.Type),
			Required: f.Required, Pattern: f.Pattern, Codes: f.Codes})
	}
	return license.Schema{ID: id, Type: r.Type, Fields: fields, Version: r.Version,
		CreatedAt: bunstore.GoTime(r.CreatedAt), UpdatedAt: bunstore.GoTime(r.UpdatedAt)}, nil
}

// batchRow is a row of license_batches.
type batchRow struct {
	bun.BaseModel `bun:"table:license_batches"`

	ID         string    `bun:"id,pk"`
	Actor      string    `bun:"actor"`
	ActorDept  string    `bun:"actor_dept"`
	At         time.Time `bun:"at,nullzero"`
	Mode       string    `bun:"mode"`
	Rows       int64     `bun:"row_count"`
	Imported   int64     `bun:"imported"`
	BadRows    int64     `bun:"bad_rows"`
	Warnings   int64     `bun:"warnings"`
	SourceName string    `bun:"source_name"`
}

func toBatchRow(b *license.Batch) batchRow {
	return batchRow{ID: b.ID.String(), Actor: b.Actor, ActorDept: b.ActorDept, At: bunstore.DBTime(b.At), Mode: b.Mode,
		Rows: b.Rows, Imported: b.Imported, BadRows: b.BadRows, Warnings: b.Warnings, SourceName: b.SourceName}
}

func fromBatchRow(r *batchRow) (license.Batch, error) {
	id, err := uuid.Parse(r.ID)
	if err != nil {
		return license.Batch{}, errs.Err("read the id of an import batch", err)
	}
	return license.Batch{ID: id, Actor: r.Actor, ActorDept: r.ActorDept, At: bunstore.GoTime(r.At), Mode: r.Mode,
		Rows: r.Rows, Imported: r.Imported, BadRows: r.BadRows, Warnings: r.Warnings, SourceName: r.SourceName}, nil
}

// eventRow is a row of license_events: the columns every trail shares
// (bunstore.EventRow) and the ID of the type, claim, template, schema or
// record it belongs to.
type eventRow struct {
	bun.BaseModel `bun:"table:license_events"`

	SubjectID string `bun:"subject_id"`
	bunstore.EventRow
}

func toEventRows(events []license.Event) []eventRow {
	rows := make([]eventRow, len(events))
	for i, e := range events {
		rows[i].EventRow, rows[i].SubjectID = bunstore.ToEventRow(e)
	}
	return rows
}

func fromEventRow(r *eventRow) (license.Event, error) {
	return bunstore.FromEventRow[license.EventType, license.Status](errs, &r.EventRow, r.SubjectID)
}
