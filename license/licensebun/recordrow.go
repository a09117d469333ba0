package licensebun

import (
	"encoding/json"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/license"
)

// recordRow is a row of license_records. Face is a JSON object and
// Warnings a JSON array. ExclusiveKey is exclusiveKey of the record, NULL
// when it does not count toward the rule of one valid record per holder;
// BatchID is NULL for a record written alone.
type recordRow struct {
	bun.BaseModel `bun:"table:license_records"`

	ID             string    `bun:"id,pk"`
	Identifier     string    `bun:"identifier"`
	Number         string    `bun:"number"`
	NumberKey      string    `bun:"number_key"`
	Type           string    `bun:"type"`
	IssueDate      time.Time `bun:"issue_date,nullzero"`
	ValidFrom      time.Time `bun:"valid_from,nullzero"`
	ValidTo        time.Time `bun:"valid_to,nullzero"`
	Issuer         string    `bun:"issuer"`
	IssuerCode     string    `bun:"issuer_code"`
	Department     string    `bun:"department"`
	Holder         string    `bun:"holder"`
	HolderCodeType string    `bun:"holder_code_type"`
	HolderCode     string    `bun:"holder_code"`
	Face           string    `bun:"face"`
	State          string    `bun:"state"`
	Previous       string    `bun:"previous"`
	Exclusive      bool      `bun:"is_exclusive"`
	ExclusiveKey   string    `bun:"exclusive_key,nullzero"`
	Warnings       string    `bun:"warnings"`
	BatchID        string    `bun:"batch_id,nullzero"`
	CreatedBy      string    `bun:"created_by"`
	CreatedByDept  string    `bun:"created_by_dept"`
	Version        int64     `bun:"version"`
	CreatedAt      time.Time `bun:"created_at,nullzero"`
	UpdatedAt      time.Time `bun:"updated_at,nullzero"`
}

// exclusiveKey returns the value of exclusive_key for r: its type and
// holder code, apart by a unit separator that neither holds, when r is
// exclusive and valid, and "" (NULL) otherwise.
func exclusiveKey(r *license.Record) string {
	if !r.Exclusive || r.State != license.StateValid {
		return ""
	}
	return r.Type + "\x1f" + r.HolderCode
}

// numberKey returns the value of number_key for r: its type and number,
// apart by a unit separator that neither holds. One column with a unique
// index of its own, rather than a unique index on (type, number), so that
// the import looks a number up in exactly that index: with a few types of
// many records each, the planner, which has no statistics of the rows an
// import has written so far, may pick an index on type alone and scan
// every record of the type for each number.
func numberKey(r *license.Record) string { return r.Type + "\x1f" + r.Number }

func toRecordRow(r *license.Record) recordRow {
	row := recordRow{ID: r.ID.String(), Identifier: r.Identifier, Number: r.Number, NumberKey: numberKey(r), Type: r.Type,
		IssueDate: bunstore.DBTime(r.IssueDate), ValidFrom: bunstore.DBTime(r.ValidFrom), ValidTo: bunstore.DBTime(r.ValidTo),
		Issuer: r.Issuer, IssuerCode: r.IssuerCode, Department: r.Department, Holder: r.Holder,
		HolderCodeType: string(r.HolderCodeType), HolderCode: r.HolderCode, Face: "{}", State: string(r.State),
		Previous: r.Previous, Exclusive: r.Exclusive, ExclusiveKey: exclusiveKey(r), Warnings: bunstore.EncodeList(r.Warnings),
		CreatedBy: r.CreatedBy, CreatedByDept: r.CreatedByDept, Version: r.Version, CreatedAt: bunstore.DBTime(r.CreatedAt), UpdatedAt: bunstore.DBTime(r.UpdatedAt)}
	if len(r.Face) > 0 {
		row.Face = encodeFace(r.Face)
	}
	if r.Batch != uuid.Nil {
		row.BatchID = r.Batch.String()
	}
	return row
}

func fromRecordRow(r *recordRow) (license.Record, error) {
	id, err := uuid.Parse(r.ID)
	if err != nil {
		return license.Record{}, errs.Err("read the id of license "+r.Identifier, err)
	}
	var batch uuid.UUID
	if r.BatchID != "" {
		if batch, err = uuid.Parse(r.BatchID); err != nil {
			return license.Record{}, errs.Err("read the batch of license "+r.Identifier, err)
		}
	}
	var face map[string]string
	if r.Face != "" && r.Face != "{}" {
		if err := json.Unmarshal([]byte(r.Face), &face); err != nil {
			return license.Record{}, errs.Err("read the face data of license "+r.Identifier, err)
		}
	}
	warnings, err := bunstore.DecodeList(r.Warnings)
	if err != nil {
		return license.Record{}, errs.Err("read the warnings of license "+r.Identifier, err)
	}
	return license.Record{ID: id, Identifier: r.Identifier, Number: r.Number, Type: r.Type,
		IssueDate: bunstore.GoTime(r.IssueDate), ValidFrom: bunstore.GoTime(r.ValidFrom), ValidTo: bunstore.GoTime(r.ValidTo),
		Issuer: r.Issuer, IssuerCode: r.IssuerCode, Department: r.Department, Holder: r.Holder,
		HolderCodeType: license.HolderCodeType(r.HolderCodeType), HolderCode: r.HolderCode, Face: face,
		State: license.State(r.State), Previous: r.Previous, Exclusive: r.Exclusive, Warnings: warnings, Batch: batch,
		CreatedBy: r.CreatedBy, CreatedByDept: r.CreatedByDept, Version: r.Version, CreatedAt: bunstore.GoTime(r.CreatedAt), UpdatedAt: bunstore.GoTime(r.UpdatedAt)}, nil
}

// encodeFace returns face as a JSON object, its keys in order: what
// json.Marshal gives (but for the characters it escapes for HTML), without
// its reflection, which an import of a million records would feel.
func encodeFace(face map[string]string) string {
	keys := make([]string, 0, len(face))
	n := 2
	for k, v := range face {
		if !utf8.ValidString(k) || !utf8.ValidString(v) {
			b, _ := json.Marshal(face) // a map of strings always encodes
			return string(b)
		}
		keys = append(keys, k)
		n += len(k) + len(v) + 6
	}
	slices.Sort(keys)
	b := make([]byte, 0, n)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		b = appendJSONString(b, face[k])
	}
	return string(append(b, '}'))
}

// appendJSONString appends s, valid UTF-8, as a JSON string.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c == '\t':
			b = append(b, '\\', 't')
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// copyColumns are the columns of license_records in the order appendCopy
// writes them: those of recordRow (a test holds the two alike).
const copyColumns = "id, identifier, number, number_key, type, issue_date, valid_from, valid_to, issuer, issuer_code, department, " +
	"holder, holder_code_type, holder_code, face, state, previous, is_exclusive, exclusive_key, warnings, batch_id, " +
	"created_by, created_by_dept, version, created_at, updated_at"

// appendCopy appends r as one line of PostgreSQL's COPY text format: its
// columns in the order of copyColumns, apart by tabs, NULL as \N.
func appendCopy(b []byte, r *recordRow) []byte {
	b = bunstore.AppendCopyText(b, r.ID)
	b = bunstore.AppendCopyText(append(b, '\t'), r.Identifier)
	b = bunstore.AppendCopyText(append(b, '\t'), r.Number)
	b = bunstore.AppendCopyText(append(b, '\t'), r.NumberKey)
	b = bunstore.AppendCopyText(append(b, '\t'), r.Type)
	b = appendCopyTime(append(b, '\t'), r.IssueDate)
	b = appendCopyTime(append(b, '\t'), r.ValidFrom)
	b = appendCopyTime(append(b, '\t'), r.ValidTo)
	b = bunstore.AppendCopyText(append(b, '\t'), r.Issuer)
	b = bunstore.AppendCopyText(append(b, '\t'), r.IssuerCode)
	b = bunstore.AppendCopyText(append(b, '\t'), r.Department)
	b = bunstore.AppendCopyText(append(b, '\t'), r.Holder)
	b = bunstore.AppendCopyText(append(b, '\t'), r.HolderCodeType)
	b = bunstore.AppendCopyText(append(b, '\t'), r.HolderCode)
	b = bunstore.AppendCopyText(append(b, '\t'), r.Face)
	b = bunstore.AppendCopyText(append(b, '\t'), r.State)
	b = bunstore.AppendCopyText(append(b, '\t'), r.Previous)
	if r.Exclusive {
		b = append(b, "\tt"...)
	} else {
		b = append(b, "\tf"...)
	}
	b = appendCopyNullable(append(b, '\t'), r.ExclusiveKey)
	b = bunstore.AppendCopyText(append(b, '\t'), r.Warnings)
	b = appendCopyNullable(append(b, '\t'), r.BatchID)
	b = bunstore.AppendCopyText(append(b, '\t'), r.CreatedBy)
	b = bunstore.AppendCopyText(append(b, '\t'), r.CreatedByDept)
	b = strconv.AppendInt(append(b, '\t'), r.Version, 10)
	b = appendCopyTime(append(b, '\t'), r.CreatedAt)
	b = appendCopyTime(append(b, '\t'), r.UpdatedAt)
	return append(b, '\n')
}

// appendCopyNullable appends s, or \N (NULL) when it is empty.
func appendCopyNullable(b []byte, s string) []byte {
	if s == "" {
		return append(b, '\\', 'N')
	}
	return bunstore.AppendCopyText(b, s)
}

// appendCopyTime appends t as a TIMESTAMPTZ in UTC, or \N for the zero
// time.
func appendCopyTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(b, '\\', 'N')
	}
	return append(t.UTC().AppendFormat(b, "2006-01-02 15:04:05.999999"), "+00"...)
}
