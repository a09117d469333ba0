package license

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
)

// TypeColumns returns the columns of a catalog file (the master list of
// license types), in their usual order:
//
//	code            (证照类型代码)   required: the authority's USCC and a 3-digit sequence
//	name            (证照名称)       required
//	authority       (定义机构)       required
//	authority_code  (定义机构代码)   optional: the first 18 characters of code
//	level           (定义机构级别)   required: national, provincial, city, county, township or a label (国家, 省, …)
//	holder_category (持证主体类别)   required: natural, legal, mixed, other or a label (自然人, 法人, …)
//	validity        (有效期)         optional: 长期 or empty (no expiry), months (60), a range of months (12-60), or years (5年, 1-5年)
//	services        (关联事项)       optional: service items separated by ; or ；or 、
//	source          (来源清单)       optional
//	single_valid    (唯一有效)       optional: yes/no (是/否): a holder has one valid license at a time
func TypeColumns() []string { return typeColumns().Names() }

func typeColumns() csvimport.Columns {
	return csvimport.Columns{
		{Name: "code", Aliases: []string{"证照类型代码"}, Required: true},
		{Name: "name", Aliases: []string{"证照名称"}, Required: true},
		{Name: "authority", Aliases: []string{"定义机构", "证照定义机构"}, Required: true},
		{Name: "authority_code", Aliases: []string{"定义机构代码"}},
		{Name: "level", Aliases: []string{"定义机构级别", "级别"}, Required: true},
		{Name: "holder_category", Aliases: []string{"持证主体类别"}, Required: true},
		{Name: "validity", Aliases: []string{"有效期", "有效期范围"}},
		{Name: "services", Aliases: []string{"关联事项"}},
		{Name: "source", Aliases: []string{"来源清单", "来源"}},
		{Name: "single_valid", Aliases: []string{"唯一有效"}},
	}
}

// ImportTypes adds the types of a catalog file (see TypeColumns), in UTF-8
// or GB18030, each at version 1 with an added event naming its row. Only
// center staff may. Every bad row is reported with each of its problems: a
// field that does not parse or breaks a rule of AddType, a code on an
// earlier row, a code in the catalog already. The authority's USCC in a
// code is checked in opts.IDMode. With csvimport.AllOrNothing and any bad
// row nothing is stored and the report comes with an EINVALID error; with
// csvimport.KeepGood the good rows are stored, in one Store call.
func (s *Service) ImportTypes(ctx context.Context, by govops.Actor, r io.Reader, opts ImportOptions) (csvimport.Report, error) {
	if err := by.CenterOnly("import license types"); err != nil {
		return csvimport.Report{}, err
	}
	opts.Format = FormatCSV
	mode, err := checkImportOptions(&opts)
	if err != nil {
		return csvimport.Report{}, err
	}
	rd, err := csvimport.NewReader(r, typeColumns(), csvimport.WithEncoding(opts.Encoding))
	if err != nil {
		return csvimport.Report{}, err
	}
	var rep csvimport.Report
	type good struct {
		line int
		in   TypeInput
	}
	var rows []good
	firstRow := map[string]int{}
	parse := func(row *csvimport.Row, p *govops.Problems) TypeInput {
		in := parseTypeRow(row, p)
		warns := in.problems(p, opts.IDMode)
		if line, dup := firstRow[in.Code]; dup && in.Code != "" {
			p.Addf("code", "code %s is on row %d already", in.Code, line)
		}
		if !p.Empty() {
			return in
		}
		firstRow[in.Code] = row.Line()
		for _, w := range warns {
			field, why, _ := strings.Cut(w, ": ")
			rep.Warnings = append(rep.Warnings, csvimport.RowError{Row: row.Line(), Field: field, Problem: why})
		}
		return in
	}
	for pr, err := range csvimport.Parse(rd, parse) {
		if err != nil {
			return csvimport.Report{}, err
		}
		rep.Rows++
		if pr.Errors != nil {
			rep.Errors = append(rep.Errors, pr.Errors...)
			continue
		}
		rows = append(rows, good{pr.Row, pr.Value})
	}
	codes := make([]string, len(rows))
	for i, g := range rows {
		codes[i] = g.in.Code
	}
	stored, err := s.store.LookupTypes(ctx, codes)
	if err != nil {
		return csvimport.Report{}, err
	}
	taken := map[string]bool{}
	for _, t := range stored {
		taken[t.Code] = true
	}
	now := s.clock()
	var ts []Type
	var events []Event
	for _, g := range rows {
		if taken[g.in.Code] {
			rep.Errors = append(rep.Errors, csvimport.RowError{Row: g.line, Field: "code", Problem: fmt.Sprintf("license type %s is in the catalog already", g.in.Code)})
			continue
		}
		t, ev, err := newType(g.in, by, now, fmt.Sprintf("imported from row %d", g.line))
		if err != nil {
			return csvimport.Report{}, err
		}
		ts, events = append(ts, t), append(events, ev)
	}
	rep.Sort()
	if err := rep.Err(mode); err != nil {
		return rep, err
	}
	if len(ts) > 0 {
		if err := s.store.CreateTypes(ctx, ts, events); err != nil {
			return rep, err
		}
	}
	rep.Imported = len(ts)
	return rep, nil
}

// parseTypeRow reads one row of a catalog file into the input of AddType.
func parseTypeRow(row *csvimport.Row, p *govops.Problems) TypeInput {
	in := TypeInput{Code: row.Get("code"), Name: row.Get("name"), Authority: row.Get("authority"),
		AuthorityCode: row.Get("authority_code"), Source: row.Get("source")}
	if v := row.Get("level"); v != "" {
		l, ok := ParseLevel(v)
		if !ok {
			p.Addf("level", "%s is not a level: write %s", quote(v), levelChoices())
		}
		in.Level = l
	}
	if v := row.Get("holder_category"); v != "" {
		c, ok := ParseHolderCategory(v)
		if !ok {
			p.Addf("holder_category", "%s is not a holder category: write 自然人, 法人, 混合 or 其他", quote(v))
		}
		in.HolderCategory = c
	}
	if v, ok := ParseValidity(row.Get("validity")); ok {
		in.Validity = v
	} else {
		p.Addf("validity", "%s is not a validity: write 长期, months (60), a range of months (12-60) or years (5年, 1-5年)", quote(row.Get("validity")))
	}
	if v := strings.TrimSpace(row.Get("services")); v != "" {
		in.Services = strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == '；' || r == '、' })
	}
	if v := row.Get("single_valid"); v != "" {
		b, ok := csvimport.ParseBool(v)
		if !ok {
			p.Addf("single_valid", "%s is not yes or no (是/否)", quote(v))
		}
		in.SingleValid = b
	}
	in.normalize()
	return in
}

// ParseValidity reads a validity as a catalog writes it: empty, 长期 or
// 长期有效 for no expiry; a number of months (60) or a range (12-60); or
// years (5年, 1-5年). ok is false for anything else.
func ParseValidity(s string) (Validity, bool) {
	s = strings.TrimSpace(s)
	switch s {
	case "", "长期", "长期有效", "永久", "permanent":
		return Validity{}, true
	}
	scale := 1
	if t, ok := strings.CutSuffix(s, "年"); ok {
		s, scale = strings.TrimSpace(t), 12
	} else if t, ok := strings.CutSuffix(s, "个月"); ok {
		s = strings.TrimSpace(t)
	}
	lo, hi, isRange := strings.Cut(strings.ReplaceAll(s, "～", "-"), "-")
	a, err := strconv.Atoi(strings.TrimSpace(lo))
	if err != nil || a <= 0 {
		return Validity{}, false
	}
	b := a
	if isRange {
		if b, err = strconv.Atoi(strings.TrimSpace(hi)); err != nil || b < a {
			return Validity{}, false
		}
	}
	if b*scale > MaxValidityMonths {
		return Validity{}, false
	}
	if !isRange {
		return Validity{MaxMonths: a * scale}, true
	}
	return Validity{MinMonths: a * scale, MaxMonths: b * scale}, true
}
