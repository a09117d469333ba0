package console

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/license"
	"github.com/govops-kit/govops/refserver/apikit"
)

// The schema form writes a face-data schema (照面信息) as lines of text, one
// field a line: name|label|type|required|pattern|codes, the last three
// optional, codes separated by "、". A page without script edits a list
// of fields best as text.

// licSchemaText writes sc's fields as the schema form's lines.
func licSchemaText(sc *license.Schema) string {
	if sc == nil {
		return ""
	}
	var b strings.Builder
	for _, f := range sc.Fields {
		req := "否"
		if f.Required {
			req = "是"
		}
		line := strings.Join([]string{f.Name, f.Label, string(f.Type), req, f.Pattern, strings.Join(f.Codes, "、")}, "|")
		b.WriteString(strings.TrimRight(line, "|") + "\n")
	}
	return b.String()
}

// licParseSchema reads the schema form's lines. It returns EINVALID naming
// "fields" for a line it cannot read.
func licParseSchema(text string) ([]license.Field, error) {
	var fields []license.Field
	var p govops.Problems
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.SplitN(line, "|", 6)
		for j := range parts {
			parts[j] = strings.TrimSpace(parts[j])
		}
		for len(parts) < 6 {
			parts = append(parts, "")
		}
		f := license.Field{Name: parts[0], Label: parts[1], Type: licDataType(parts[2]), Pattern: parts[4]}
		switch parts[3] {
		case "是", "必填", "true", "yes", "y", "1":
			f.Required = true
		case "", "否", "false", "no", "n", "0":
		default:
			p.Addf("fields", "第 %d 行：是否必填写“是”或“否”，不是“%s”", i+1, govops.Truncate(parts[3], 20))
		}
		if parts[5] != "" {
			f.Codes = strings.Split(parts[5], "、")
		}
		fields = append(fields, f)
	}
	return fields, p.Err()
}

// licDataType reads a field's type by its code or its label.
func licDataType(s string) license.DataType {
	for _, t := range license.DataTypes() {
		if s == t.Label() {
			return t
		}
	}
	return license.DataType(strings.ToLower(s))
}

// licFieldIndex matches the Service's name of one field's problem.
var licFieldIndex = regexp.MustCompile(`^fields\[([0-9]+)\]\.(.+)$`)

// licSchemaErrors gathers the problems of single fields ("fields[2].type")
// under "fields", the one input of the form, each naming its field.
func licSchemaErrors(err error, fields []license.Field) error {
	all := govops.ErrorFields(err)
	var keys []string
	for k := range all {
		if licFieldIndex.MatchString(k) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return err
	}
	sort.Strings(keys)
	out := &govops.Error{Code: govops.ErrorCode(err), Message: govops.ErrorMessage(err), Fields: map[string]string{}}
	var msgs []string
	if v := all["fields"]; v != "" {
		msgs = append(msgs, v)
	}
	for k, v := range all {
		if k != "fields" && !licFieldIndex.MatchString(k) {
			out.Fields[k] = v
		}
	}
	for _, k := range keys {
		m := licFieldIndex.FindStringSubmatch(k)
		i, _ := strconv.Atoi(m[1])
		name := ""
		if i < len(fields) {
			name = fields[i].Name
		}
		msgs = append(msgs, fmt.Sprintf("第 %d 个字段 %s 的 %s：%s", i+1, name, m[2], all[k]))
	}
	out.Fields["fields"] = strings.Join(msgs, "；")
	return out
}

// licenseSetSchema replaces the type's face-data schema with the posted
// fields.
func (c *Console) licenseSetSchema(rq *request) error {
	code := rq.Param("code")
	fields, err := licParseSchema(rq.r.PostFormValue("fields"))
	if err != nil {
		return c.licenseTypeRefused(rq, "schema", err)
	}
	version, _ := strconv.ParseInt(rq.Form("if_version"), 10, 64)
	apikit.SetSubject(rq.ctx, code)
	sc, err := c.svc.Licenses.SetSchema(rq.ctx, rq.Actor(), license.SchemaInput{Type: code, Fields: fields, IfVersion: version})
	if err != nil {
		return c.licenseTypeRefused(rq, "schema", licSchemaErrors(err, fields))
	}
	return c.done(rq, licTypePath(code), fmt.Sprintf("照面信息已保存（第 %d 版，%d 个字段）", sc.Version, len(sc.Fields)))
}
