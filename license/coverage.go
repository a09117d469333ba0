package license

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/govops-kit/govops"
)

// RiskReason says why the coverage report names a type or a department
// as unknown (底数不清).
type RiskReason string

// Risk reasons.
const (
	// RiskUnclaimed: no department claims the type and none explains why
	// it does not issue it.
	RiskUnclaimed RiskReason = "unclaimed"
	// RiskNoTemplate: a claimed type has no approved layout template.
	RiskNoTemplate RiskReason = "no_template"
	// RiskNoSchema: a claimed type has no face-data schema.
	RiskNoSchema RiskReason = "no_schema"
	// RiskNoExpected: a claiming department has not declared how many
	// records it holds, so nobody knows what is missing.
	RiskNoExpected RiskReason = "no_expected"
	// RiskNoRecords: a claiming department expects records and has
	// uploaded none.
	RiskNoRecords RiskReason = "no_records"
	// RiskBelowExpected: a claiming department has uploaded fewer records
	// than it expects.
	RiskBelowExpected RiskReason = "below_expected"
	// RiskUnclaimedRecords: records of a type were uploaded by a
	// department that no longer claims it.
	RiskUnclaimedRecords RiskReason = "records_without_claim"
)

// Label returns the Chinese label of r.
func (r RiskReason) Label() string {
	switch r {
	case RiskUnclaimed:
		return "未认领"
	case RiskNoTemplate:
		return "无版式文件"
	case RiskNoSchema:
		return "无照面信息"
	case RiskNoExpected:
		return "底数未申报"
	case RiskNoRecords:
		return "未上传证照"
	case RiskBelowExpected:
		return "上传不足"
	case RiskUnclaimedRecords:
		return "证照无认领"
	}
	return string(r)
}

// Risk is one thing the catalog does not know: a type, and the department
// when the risk is a department's, with why and in numbers.
type Risk struct {
	Type       string
	TypeName   string
	Department string // "" for a risk of the type as a whole
	Reason     RiskReason
	Expected   int64 // for the count risks: declared (-1: not declared)
	Records    int64 // for the count risks: uploaded
	Detail     string
}

// DepartmentCoverage is one claiming department's standing: the types it
// claims and explains, and its records against what it expects.
type DepartmentCoverage struct {
	Department string
	Claimed    int64
	Explained  int64
	// Expected sums the declared counts of its claims; Undeclared counts
	// the claims without one.
	Expected   int64
	Undeclared int64
	Records    int64
	// Uploaded is Records over Expected, over the claims that declared a
	// count (each capped at its count, so that one type's surplus does not
	// hide another's shortfall).
	Uploaded govops.Rate
}

// Coverage is the catalog's coverage report (底数): how many types are
// known, claimed, explained and unclaimed; how many have an approved
// template, a schema and records; each department's records against its
// declared counts; and the risk list, which names exactly which type and
// which department is unknown, and why.
type Coverage struct {
	Types        int64
	Claimed      int64 // types with at least one standing claim
	Explained    int64 // types with standing explanations and no claim
	Unclaimed    int64 // types with neither
	WithTemplate int64 // types with an approved template
	WithSchema   int64
	WithRecords  int64
	Records      int64
	// Uploaded is the records uploaded over the records expected, over
	// every claim that declared a count (each capped at its count).
	Uploaded    govops.Rate
	Departments []DepartmentCoverage
	Risks       []Risk
}

// Coverage computes the coverage report from the Store's facts (read in
// the database, not over listings). The center and district-wide readers
// see the whole catalog; a department sees the catalog's counts, and only
// its own departments' line and risks (with the unclaimed types, which
// may be its to claim).
func (s *Service) Coverage(ctx context.Context, by govops.Actor) (*Coverage, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	f, err := s.store.Facts(ctx)
	if err != nil {
		return nil, err
	}
	cv := computeCoverage(f)
	if by.Department != "" {
		cv.Departments = slices.DeleteFunc(cv.Departments, func(d DepartmentCoverage) bool { return d.Department != by.Department })
		cv.Risks = slices.DeleteFunc(cv.Risks, func(r Risk) bool { return r.Department != "" && r.Department != by.Department })
	}
	return cv, nil
}

// computeCoverage is the report of f.
func computeCoverage(f *Facts) *Coverage {
	type key struct{ typ, dept string }
	records := make(map[key]int64, len(f.Records))
	byType := map[string]int64{}
	groups := map[string][]RecordCount{}
	for _, rc := range f.Records {
		records[key{rc.Type, rc.Department}] += rc.Records
		byType[rc.Type] += rc.Records
		groups[rc.Type] = append(groups[rc.Type], rc)
	}
	claims := map[string][]*Claim{}
	for i := range f.Claims {
		c := &f.Claims[i]
		if c.Active() {
			claims[c.Type] = append(claims[c.Type], c)
		}
	}
	type tally struct {
		DepartmentCoverage
		num, den int64
	}
	depts := map[string]*tally{}
	dept := func(code string) *tally {
		d := depts[code]
		if d == nil {
			d = &tally{DepartmentCoverage: DepartmentCoverage{Department: code}}
			depts[code] = d
		}
		return d
	}
	var num, den int64
	cv := &Coverage{Types: int64(len(f.Types))}
	types := slices.Clone(f.Types)
	slices.SortFunc(types, func(a, b TypeFacts) int { return cmp.Compare(a.Code, b.Code) })
	for _, t := range types {
		risk := func(dept string, r RiskReason, expected, n int64, detail string) {
			cv.Risks = append(cv.Risks, Risk{Type: t.Code, TypeName: t.Name, Department: dept, Reason: r, Expected: expected, Records: n, Detail: detail})
		}
		if t.ApprovedTemplate {
			cv.WithTemplate++
		}
		if t.Schema {
			cv.WithSchema++
		}
		if byType[t.Code] > 0 {
			cv.WithRecords++
		}
		cv.Records += byType[t.Code]
		cs := claims[t.Code]
		claimedBy := map[string]bool{}
		for _, c := range cs {
			if c.Kind == KindClaim {
				claimedBy[c.Department] = true
			}
		}
		switch {
		case len(claimedBy) > 0:
			cv.Claimed++
		case len(cs) > 0:
			cv.Explained++
		default:
			cv.Unclaimed++
			risk("", RiskUnclaimed, -1, byType[t.Code], "no department claims the type (认领) or explains why it does not issue it (情况说明)")
		}
		if len(claimedBy) > 0 && !t.ApprovedTemplate {
			risk("", RiskNoTemplate, -1, byType[t.Code], "the type is claimed but has no approved layout template (版式文件)")
		}
		if len(claimedBy) > 0 && !t.Schema {
			risk("", RiskNoSchema, -1, byType[t.Code], "the type is claimed but has no face-data schema (照面信息), so its records cannot carry face data")
		}
		for _, c := range cs {
			d := dept(c.Department)
			if c.Kind == KindExplanation {
				d.Explained++
				continue
			}
			d.Claimed++
			n := records[key{t.Code, c.Department}]
			d.Records += n
			switch {
			case !c.ExpectedKnown():
				d.Undeclared++
				risk(c.Department, RiskNoExpected, -1, n, fmt.Sprintf("%s has uploaded %d records but has not declared how many it holds", c.Department, n))
			case n == 0 && c.Expected > 0:
				d.Expected += c.Expected
				d.den += c.Expected
				den += c.Expected
				risk(c.Department, RiskNoRecords, c.Expected, 0, fmt.Sprintf("%s expects %d records and has uploaded none", c.Department, c.Expected))
			default:
				d.Expected += c.Expected
				d.den += c.Expected
				d.num += min(n, c.Expected)
				den += c.Expected
				num += min(n, c.Expected)
				if n < c.Expected {
					risk(c.Department, RiskBelowExpected, c.Expected, n, fmt.Sprintf("%s has uploaded %d of the %d records it expects (%d missing)", c.Department, n, c.Expected, c.Expected-n))
				}
			}
		}
		for _, rc := range groups[t.Code] {
			if !claimedBy[rc.Department] && rc.Records > 0 {
				risk(rc.Department, RiskUnclaimedRecords, -1, rc.Records, fmt.Sprintf("%s uploaded %d records of the type but does not claim it", rc.Department, rc.Records))
			}
		}
	}
	for _, d := range depts {
		d.Uploaded = govops.NewRate(d.num, d.den)
		cv.Departments = append(cv.Departments, d.DepartmentCoverage)
	}
	slices.SortFunc(cv.Departments, func(a, b DepartmentCoverage) int { return cmp.Compare(a.Department, b.Department) })
	cv.Uploaded = govops.NewRate(num, den)
	return cv
}
