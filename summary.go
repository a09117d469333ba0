package govops

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// SummaryKeeper is implemented by a Store that keeps summary rows: counts
// per group of records (a year and a month, a kind, a status, a
// department…) that it changes in the same transaction as each write that
// changes the records they count. A dashboard's statistics then read the
// groups, whose number does not grow with the records, instead of scanning
// every record.
//
// The full scan stays the reference: RepairSummaries recomputes every
// summary from the records and reports where the stored rows differ. A
// difference means a write bypassed the Store (a hand-edited table, a
// restore of one table without the other) or a bug; repair makes the
// summaries right again. The refserver's repair-stats command calls it on
// every store that keeps summaries.
type SummaryKeeper interface {
	// RepairSummaries recomputes each summary the Store keeps from its
	// records and compares the result with the stored rows. With repair
	// set, it also replaces the stored rows of each summary that differs
	// with the recomputed ones, in one transaction per summary; the
	// report's Diffs are then what was wrong before. Writes that run at
	// the same time may show as differences of a check without repair,
	// never of a repair, which holds off writers while it replaces a
	// summary.
	RepairSummaries(ctx context.Context, repair bool) (SummaryReport, error)
}

// SummaryReport is what RepairSummaries found, one SummaryCheck per
// summary the Store keeps.
type SummaryReport struct {
	Summaries []SummaryCheck
}

// SummaryCheck is the comparison of one summary with its records.
type SummaryCheck struct {
	Name     string        // the summary, e.g. "govcase_case_summary"
	Groups   int           // groups recomputed from the records
	Diffs    []SummaryDiff // groups whose stored counts differ, ordered by Group
	Repaired bool          // the stored rows were replaced
}

// SummaryDiff is one group whose stored counts differ from its records'.
type SummaryDiff struct {
	Group   string // the group's key, "year=2022 kind=hotline …"
	Stored  string // the stored counts, "n=3 replied=2"; "" when the group has no row
	Records string // the counts recomputed from the records; "" when no record is in the group
}

// Clean reports whether every summary equals its records.
func (r SummaryReport) Clean() bool {
	for _, s := range r.Summaries {
		if len(s.Diffs) > 0 {
			return false
		}
	}
	return true
}

// Merge appends the checks of o to r.
func (r *SummaryReport) Merge(o SummaryReport) { r.Summaries = append(r.Summaries, o.Summaries...) }

// String renders the report one line per summary, then one line per
// difference.
func (r SummaryReport) String() string {
	var b strings.Builder
	for _, s := range r.Summaries {
		state := "ok"
		switch {
		case len(s.Diffs) > 0 && s.Repaired:
			state = fmt.Sprintf("%d groups differed; repaired", len(s.Diffs))
		case len(s.Diffs) > 0:
			state = fmt.Sprintf("%d groups differ", len(s.Diffs))
		}
		fmt.Fprintf(&b, "%s: %d groups, %s\n", s.Name, s.Groups, state)
		for _, d := range s.Diffs {
			fmt.Fprintf(&b, "  %s: stored %s, records %s\n", d.Group, orNone(d.Stored), orNone(d.Records))
		}
	}
	return b.String()
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// SummaryCounts is the counts of one summary group, under their column
// names, in a fixed order. Stores build their SummaryDiff texts with it.
type SummaryCounts struct {
	Names  []string
	Values []int64
}

// String renders the counts as "n=3 replied=2", leaving out zeros; all
// zeros render as "".
func (c SummaryCounts) String() string {
	var parts []string
	for i, v := range c.Values {
		if v != 0 {
			parts = append(parts, fmt.Sprintf("%s=%d", c.Names[i], v))
		}
	}
	return strings.Join(parts, " ")
}

// CompareSummary compares the groups of a summary as stored with the same
// groups recomputed from the records, each keyed by its rendered key (see
// SummaryKey) with counts in the order of names. Groups whose counts are
// all zero are the same as absent ones. Diffs come ordered by Group.
func CompareSummary(name string, names []string, stored, records map[string][]int64) SummaryCheck {
	chk := SummaryCheck{Name: name}
	keys := make([]string, 0, len(records)+len(stored))
	for k, v := range records {
		if !allZero(v) {
			chk.Groups++
		}
		keys = append(keys, k)
	}
	for k := range stored {
		if _, ok := records[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		s, r := stored[k], records[k]
		if equalCounts(s, r) {
			continue
		}
		chk.Diffs = append(chk.Diffs, SummaryDiff{Group: k,
			Stored: SummaryCounts{Names: names, Values: s}.String(), Records: SummaryCounts{Names: names, Values: r}.String()})
	}
	return chk
}

// SummaryKey renders the key of a summary group, "year=2022 kind=hotline",
// from its column names and values.
func SummaryKey(names []string, values []any) string {
	var b strings.Builder
	for i, n := range names {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s=%v", n, values[i])
	}
	return b.String()
}

func allZero(v []int64) bool {
	for _, x := range v {
		if x != 0 {
			return false
		}
	}
	return true
}

// equalCounts compares two count lists, a missing one being all zeros.
func equalCounts(a, b []int64) bool {
	for i := range max(len(a), len(b)) {
		var x, y int64
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			return false
		}
	}
	return true
}
