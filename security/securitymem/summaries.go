package securitymem

import (
	"context"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/memstore"
	"github.com/govops-kit/govops/security"
	"github.com/govops-kit/govops/security/internal/summarykey"
)

// The summaries the Store keeps, named as securitybun's tables are.
const (
	hardeningCounts     = "security_hardening_counts"
	hardeningDeptCounts = "security_hardening_dept_counts"
	hardeningDays       = "security_hardening_day_counts"
	hardeningDeptDays   = "security_hardening_dept_day_counts"
	inspectionCounts    = "security_inspection_counts"
)

// countKey is the group of a hardening record in HardeningCounts; dept is
// "" in the summary of every unit.
type countKey struct {
	dept     string
	kind     security.FindingKind
	severity security.Severity
	found    int // Hardening.FoundYear
	verified int // Hardening.VerifiedYear
}

// dayKey is the group of a hardening record in HardeningDays; dept is ""
// in the summary of every unit.
type dayKey struct {
	dept     string
	severity security.Severity
	day      int // the FoundDay as yyyymmdd; 0 for none
	verified int
}

// summaries are the counts the Store keeps beside its records, changed
// under the write lock with every write of a hardening record or an
// inspection.
type summaries struct {
	counts, deptCounts map[countKey]int64
	days, deptDays     map[dayKey]int64
	months             map[string]int64 // inspections by month of Date
}

func newSummaries() *summaries {
	return &summaries{counts: map[countKey]int64{}, deptCounts: map[countKey]int64{},
		days: map[dayKey]int64{}, deptDays: map[dayKey]int64{}, months: map[string]int64{}}
}

// addHardening counts h once more (sign 1) or once less (sign -1).
func (s *summaries) addHardening(h *security.Hardening, sign int64) {
	k := countKey{kind: h.Kind, severity: h.Severity, found: h.FoundYear(), verified: h.VerifiedYear()}
	s.counts[k] += sign
	k.dept = h.Department
	s.deptCounts[k] += sign
	if d := summarykey.DayNumber(h.FoundOn); d != 0 {
		dk := dayKey{severity: h.Severity, day: d, verified: h.VerifiedYear()}
		s.days[dk] += sign
		dk.dept = h.Department
		s.deptDays[dk] += sign
	}
}

// addInspection counts in once more (sign 1) or once less (sign -1).
func (s *summaries) addInspection(in *security.Inspection, sign int64) {
	s.months[summarykey.MonthOf(in.Date)] += sign
}

// hardeningCounts returns the counts of dept ("" every unit's).
func (s *summaries) hardeningCounts(dept string) []security.HardeningCount {
	from := s.counts
	if dept != "" {
		from = s.deptCounts
	}
	var out []security.HardeningCount
	for k, n := range from {
		if n != 0 && k.dept == dept {
			out = append(out, security.HardeningCount{Kind: k.kind, Severity: k.severity, FoundYear: k.found,
				VerifiedYear: k.verified, Count: n})
		}
	}
	return out
}

// hardeningDays returns the counts by day of dept ("" every unit's) of the
// days numbered [from, to).
func (s *summaries) hardeningDays(dept string, from, to int) []security.HardeningDay {
	src := s.days
	if dept != "" {
		src = s.deptDays
	}
	var out []security.HardeningDay
	for k, n := range src {
		if n != 0 && k.dept == dept && k.day >= from && k.day < to {
			out = append(out, security.HardeningDay{Severity: k.severity, FoundDay: summarykey.DayOfNumber(k.day),
				VerifiedYear: k.verified, Count: n})
		}
	}
	return out
}

// HardeningCounts implements security.Store, from the counts it keeps.
func (s *Store) HardeningCounts(ctx context.Context, department string) ([]security.HardeningCount, error) {
	return memstore.Read(ctx, s.Base, func() ([]security.HardeningCount, error) {
		return s.sums.hardeningCounts(department), nil
	})
}

// HardeningDays implements security.Store, from the counts by day it
// keeps.
func (s *Store) HardeningDays(ctx context.Context, department string, from, to time.Time) ([]security.HardeningDay, error) {
	return memstore.Read(ctx, s.Base, func() ([]security.HardeningDay, error) {
		lo, hi := 1, 99991231
		if !from.IsZero() {
			lo = summarykey.FirstDay(from)
		}
		if !to.IsZero() {
			hi = summarykey.FirstDay(to)
		}
		return s.sums.hardeningDays(department, lo, hi), nil
	})
}

// CountInspections implements security.Store: from the counts by month it
// keeps when f selects whole months of every unit, otherwise over the
// inspections.
func (s *Store) CountInspections(ctx context.Context, f security.InspectionFilter) (int64, error) {
	return memstore.Read(ctx, s.Base, func() (int64, error) {
		from, okFrom := summarykey.WholeMonth(f.From)
		to, okTo := summarykey.WholeMonth(f.To)
		var n int64
		if f.Department == "" && okFrom && okTo {
			for m, c := range s.sums.months {
				if (from == "" || m >= from) && (to == "" || m < to) {
					n += c
				}
			}
			return n, nil
		}
		for in := range s.inspections.All() {
			if inspectionMatches(in, &f) {
				n++
			}
		}
		return n, nil
	})
}

// RepairSummaries implements govops.SummaryKeeper: it counts the records
// anew and compares each summary with what it holds; with repair, it
// replaces the summaries that differ.
func (s *Store) RepairSummaries(ctx context.Context, repair bool) (govops.SummaryReport, error) {
	var rep govops.SummaryReport
	check := func() {
		fresh := newSummaries()
		for h := range s.hardenings.All() {
			fresh.addHardening(h, 1)
		}
		for in := range s.inspections.All() {
			fresh.addInspection(in, 1)
		}
		rep = s.sums.compare(fresh)
		if repair && !rep.Clean() {
			for i := range rep.Summaries {
				rep.Summaries[i].Repaired = len(rep.Summaries[i].Diffs) > 0
			}
			s.sums = fresh
		}
	}
	if !repair {
		_, err := memstore.Read(ctx, s.Base, func() (struct{}, error) { check(); return struct{}{}, nil })
		return rep, err
	}
	err := s.Write(ctx, nil, func() error { return nil }, check)
	return rep, err
}

// compare compares each summary of s with the one of fresh, counted from
// the records.
func (s *summaries) compare(fresh *summaries) govops.SummaryReport {
	countNames := []string{"kind", "severity", "found_year", "verified_year"}
	countKeys := func(m map[countKey]int64, dept bool) map[string][]int64 {
		out := map[string][]int64{}
		for k, n := range m {
			names, vals := countNames, []any{k.kind, k.severity, k.found, k.verified}
			if dept {
				names, vals = append([]string{"department"}, names...), append([]any{k.dept}, vals...)
			}
			out[govops.SummaryKey(names, vals)] = []int64{n}
		}
		return out
	}
	dayNames := []string{"severity", "found_day", "verified_year"}
	dayKeys := func(m map[dayKey]int64, dept bool) map[string][]int64 {
		out := map[string][]int64{}
		for k, n := range m {
			names, vals := dayNames, []any{k.severity, k.day, k.verified}
			if dept {
				names, vals = append([]string{"department"}, names...), append([]any{k.dept}, vals...)
			}
			out[govops.SummaryKey(names, vals)] = []int64{n}
		}
		return out
	}
	months := func(m map[string]int64) map[string][]int64 {
		out := map[string][]int64{}
		for k, n := range m {
			out[govops.SummaryKey([]string{"month"}, []any{k})] = []int64{n}
		}
		return out
	}
	hardenings, inspections := []string{"hardenings"}, []string{"inspections"}
	rep := govops.SummaryReport{Summaries: []govops.SummaryCheck{
		govops.CompareSummary(hardeningCounts, hardenings, countKeys(s.counts, false), countKeys(fresh.counts, false)),
		govops.CompareSummary(hardeningDeptCounts, hardenings, countKeys(s.deptCounts, true), countKeys(fresh.deptCounts, true)),
		govops.CompareSummary(hardeningDays, hardenings, dayKeys(s.days, false), dayKeys(fresh.days, false)),
		govops.CompareSummary(hardeningDeptDays, hardenings, dayKeys(s.deptDays, true), dayKeys(fresh.deptDays, true)),
		govops.CompareSummary(inspectionCounts, inspections, months(s.months), months(fresh.months)),
	}}
	return rep
}
