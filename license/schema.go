package license

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
)

// Limits of a face-data schema.
const (
	// MaxFields bounds the fields of a schema.
	MaxFields = 200
	// MaxFieldNameLen bounds a field's name, in bytes.
	MaxFieldNameLen = 64
	// MaxPatternLen bounds a field's pattern, in bytes.
	MaxPatternLen = 500
	// MaxCodes bounds a field's code list.
	MaxCodes = 1000
	// MaxFaceValueLen bounds one value of face data, in characters.
	MaxFaceValueLen = 2000
)

// DataType is the type of a face-data field's values.
type DataType string

// Data types. Values are written as text, in the forms named here.
const (
	TypeString   DataType = "string"   // any one line of text
	TypeText     DataType = "text"     // text of several lines
	TypeInteger  DataType = "integer"  // 123, -4
	TypeDecimal  DataType = "decimal"  // 12.50
	TypeDate     DataType = "date"     // 2022-03-01
	TypeDateTime DataType = "datetime" // RFC 3339: 2022-03-01T09:30:00+08:00
	TypeBoolean  DataType = "boolean"  // true/false, 是/否 (csvimport.ParseBool)
)

// DataTypes lists every data type.
func DataTypes() []DataType {
	return []DataType{TypeString, TypeText, TypeInteger, TypeDecimal, TypeDate, TypeDateTime, TypeBoolean}
}

// Label returns the Chinese label of t.
func (t DataType) Label() string {
	switch t {
	case TypeString:
		return "字符串"
	case TypeText:
		return "文本"
	case TypeInteger:
		return "整数"
	case TypeDecimal:
		return "数值"
	case TypeDate:
		return "日期"
	case TypeDateTime:
		return "日期时间"
	case TypeBoolean:
		return "布尔"
	}
	return string(t)
}

// Valid reports whether t is one of DataTypes.
func (t DataType) Valid() bool { return validEnum(t, DataTypes()) }

// Field is one field of face data (照面信息项): the name a record's face
// data keys its value by, the label printed on the license, the type of
// its value, whether it is required, and optionally a pattern the whole
// value must match (RE2 syntax, anchored at both ends) and a code list the
// value must be one of.
type Field struct {
	Name     string   `mask:"safe"`
	Label    string   `mask:"safe"`
	Type     DataType `mask:"safe"`
	Required bool
	Pattern  string   `mask:"safe"`
	Codes    []string `mask:"safe"`
}

// Schema is the face-data schema of one license type: the fields a
// record's face data may have. A record's face data is checked against the
// schema of its type when it is written; a type without a schema takes
// records without face data only. Version is 1 when the schema is set and
// grows by one with each change, each recorded by the Event of that Seq.
type Schema struct {
	ID        uuid.UUID
	Type      string `mask:"safe"`
	Fields    []Field
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// validFieldName reports whether s may name a field: letters (Chinese
// ones included), digits and '_', starting with a letter or '_'.
func validFieldName(s string) bool {
	if s == "" || len(s) > MaxFieldNameLen || !utf8.ValidString(s) {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= 0x4e00 && r <= 0x9fff:
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// checkFields adds the problems of a schema's fields to p, each named
// "fields[i].name" and the like, and returns the compiled schema when
// there is none.
func checkFields(p *govops.Problems, fs []Field) *compiled {
	if len(fs) > MaxFields {
		p.Addf("fields", "has %d fields: at most %d", len(fs), MaxFields)
		return nil
	}
	c := &compiled{fields: make([]compiledField, len(fs)), index: make(map[string]int, len(fs))}
	for i, f := range fs {
		at := fmt.Sprintf("fields[%d].", i)
		switch {
		case !validFieldName(f.Name):
			p.Addf(at+"name", "%q is not a field name: letters, digits and '_', starting with a letter or '_', at most %d bytes", govops.Truncate(f.Name, 40), MaxFieldNameLen)
		default:
			if j, dup := c.index[f.Name]; dup {
				p.Addf(at+"name", "%s is fields[%d] already", f.Name, j)
			}
			c.index[f.Name] = i
		}
		checkLine(p, at+"label", strings.TrimSpace(f.Label), MaxNameLen, false)
		if !f.Type.Valid() {
			p.Addf(at+"type", "unknown type %q: use %s", govops.Truncate(string(f.Type), 40), dataTypeChoices())
		}
		cf := compiledField{Field: f}
		if f.Pattern != "" {
			if len(f.Pattern) > MaxPatternLen {
				p.Addf(at+"pattern", "is %d bytes: at most %d", len(f.Pattern), MaxPatternLen)
			} else if re, err := regexp.Compile(`^(?:` + f.Pattern + `)$`); err != nil {
				p.Addf(at+"pattern", "is not a pattern: %v", err)
			} else {
				cf.re = re
			}
		}
		if len(f.Codes) > MaxCodes {
			p.Addf(at+"codes", "has %d codes: at most %d", len(f.Codes), MaxCodes)
		}
		if len(f.Codes) > 0 {
			cf.codes = make(map[string]bool, len(f.Codes))
			for k, code := range f.Codes {
				if code == "" || govops.HasControl(code) || utf8.RuneCountInString(code) > MaxNameLen {
					p.Addf(at+"codes", "codes[%d] must be 1 to %d characters of text", k, MaxNameLen)
				}
				cf.codes[code] = true
			}
		}
		c.fields[i] = cf
	}
	return c
}

func dataTypeChoices() string {
	return "string, text, integer, decimal, date, datetime or boolean"
}

// compiled is a schema ready to check face data: patterns compiled, code
// lists as sets.
type compiled struct {
	fields []compiledField
	index  map[string]int
}

type compiledField struct {
	Field
	re    *regexp.Regexp
	codes map[string]bool
}

// compile returns s ready to check face data. A stored schema was checked
// when it was set; one that no longer compiles is an internal error.
func compile(s *Schema) (*compiled, error) {
	var p govops.Problems
	c := checkFields(&p, s.Fields)
	if err := p.Err(); err != nil {
		return nil, govops.Errorf(govops.EINTERNAL, "stored schema of type %s: %w", s.Type, err)
	}
	return c, nil
}

// check adds to p the problems of face data against c (nil: no schema),
// each naming "face.<field>": an unknown field, a required one missing or
// empty, a value not of its type, not matching its pattern or not in its
// code list.
func (c *compiled) check(p *govops.Problems, face map[string]string) {
	if c == nil {
		for k := range face {
			p.Addf("face."+govops.Truncate(k, MaxFieldNameLen), "the type has no face-data schema: set one before records carry face data")
			break
		}
		return
	}
	for k := range face {
		if _, ok := c.index[k]; !ok {
			p.Addf("face."+govops.Truncate(k, MaxFieldNameLen), "is not a field of the type's schema")
		}
	}
	for i := range c.fields {
		f := &c.fields[i]
		v, ok := face[f.Name]
		if !ok || v == "" {
			if f.Required {
				p.Add("face."+f.Name, "required by the type's schema")
			}
			continue
		}
		if why := f.problem(v); why != "" {
			p.Add("face."+f.Name, why)
		}
	}
}

// problem says what is wrong with the value v of f, "" when nothing is.
func (f *compiledField) problem(v string) string {
	if !utf8.ValidString(v) || utf8.RuneCountInString(v) > MaxFaceValueLen {
		return fmt.Sprintf("must be valid text of at most %d characters", MaxFaceValueLen)
	}
	if f.Type != TypeText && govops.HasControl(v) || f.Type == TypeText && strings.ContainsFunc(v, func(r rune) bool {
		return r != '\n' && r != '\r' && r != '\t' && (r < 0x20 || r == 0x7f)
	}) {
		return "must not hold control characters"
	}
	switch f.Type {
	case TypeInteger:
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return fmt.Sprintf("%q is not an integer", govops.Truncate(v, 40))
		}
	case TypeDecimal:
		if _, err := decimal.NewFromString(v); err != nil || strings.ContainsAny(v, "eE") {
			return fmt.Sprintf("%q is not a decimal number such as 12.50", govops.Truncate(v, 40))
		}
	case TypeDate:
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return fmt.Sprintf("%q is not a date such as 2022-03-01", govops.Truncate(v, 40))
		}
	case TypeDateTime:
		if _, err := time.Parse(time.RFC3339, v); err != nil {
			return fmt.Sprintf("%q is not a time such as 2022-03-01T09:30:00+08:00", govops.Truncate(v, 40))
		}
	case TypeBoolean:
		if !parseBool(v) {
			return fmt.Sprintf("%q is not true or false (是/否)", govops.Truncate(v, 40))
		}
	}
	if f.re != nil && !f.re.MatchString(v) {
		return fmt.Sprintf("%q does not match the pattern %s", govops.Truncate(v, 40), f.Pattern)
	}
	if f.codes != nil && !f.codes[v] {
		return fmt.Sprintf("%q is not in the field's code list", govops.Truncate(v, 40))
	}
	return ""
}

// parseBool reports whether v is a yes/no value.
func parseBool(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "false", "1", "0", "yes", "no", "y", "n", "t", "f", "是", "否":
		return true
	}
	return false
}
