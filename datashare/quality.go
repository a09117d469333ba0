package datashare

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// Dimension is a dimension of data quality, after GB/T 36344 (数据质量评价
// 指标).
type Dimension string

// Quality dimensions.
const (
	// DimCompleteness: the required items hold a value (完整性).
	DimCompleteness Dimension = "completeness"
	// DimValidity: the values present pass their checks (规范性): those a
	// mount let through in warn mode (an idcode that fails its check
	// digit) count against it.
	DimValidity Dimension = "validity"
	// DimUniqueness: the records with a declared key have distinct keys
	// (唯一性).
	DimUniqueness Dimension = "uniqueness"
	// DimTimeliness: the data was updated within its declared cycle (时效性).
	DimTimeliness Dimension = "timeliness"
	// DimConsistency: the uploaded columns hold every declared item (一致性).
	DimConsistency Dimension = "consistency"
)

// Dimensions lists every quality dimension, in the order reports show them.
func Dimensions() []Dimension {
	return []Dimension{DimCompleteness, DimValidity, DimUniqueness, DimTimeliness, DimConsistency}
}

// Label returns the Chinese label of d.
func (d Dimension) Label() string {
	switch d {
	case DimCompleteness:
		return "完整性"
	case DimValidity:
		return "规范性"
	case DimUniqueness:
		return "唯一性"
	case DimTimeliness:
		return "时效性"
	case DimConsistency:
		return "一致性"
	}
	return string(d)
}

// DefaultWorst is how many entries a quality report lists as the worst of
// each dimension when the query names no number.
const DefaultWorst = 5

// QualityQuery selects what Quality assesses: one department's entries, or
// every department's when Department is empty (district-wide actors only);
// and how many of the worst entries each dimension lists (DefaultWorst for
// 0, at most govops.MaxPageSize).
type QualityQuery struct {
	Department string
	Worst      int
}

// CatalogQuality is the quality of one published structured entry in each
// dimension. A rate whose denominator is 0 does not apply (an entry with no
// required item has no completeness, one without a key no uniqueness, one
// never mounted no consistency).
type CatalogQuality struct {
	Code       string
	Name       string
	Department string
	Cycle      Cycle
	// LastMounted is when its latest committed batch committed; zero when
	// none has.
	LastMounted  time.Time
	Completeness govops.Rate
	Validity     govops.Rate
	Uniqueness   govops.Rate
	Timeliness   govops.Rate
	Consistency  govops.Rate
	// Missing names the declared items the latest committed batch had no
	// column for, in the entry's item order.
	Missing []string
}

// Rate returns q's rate in dimension d.
func (q *CatalogQuality) Rate(d Dimension) govops.Rate {
	switch d {
	case DimCompleteness:
		return q.Completeness
	case DimValidity:
		return q.Validity
	case DimUniqueness:
		return q.Uniqueness
	case DimTimeliness:
		return q.Timeliness
	case DimConsistency:
		return q.Consistency
	}
	return govops.Rate{}
}

// CatalogRate is one entry's rate in one dimension, as a worst list names
// it; Missing is set for consistency.
type CatalogRate struct {
	Code       string
	Name       string
	Department string
	Rate       govops.Rate
	Missing    []string
}

// DimensionQuality is one dimension over every entry assessed: the sum of
// their numerators over the sum of their denominators, the rule it was
// counted by (with its numbers), and the worst entries, lowest first.
type DimensionQuality struct {
	Dimension Dimension
	Overall   govops.Rate
	Rule      string
	Worst     []CatalogRate
}

// QualityReport is the quality of the published structured entries of the
// district or of one department: each dimension overall, and each entry.
type QualityReport struct {
	// Department is the department assessed; "" for the district.
	Department string
	// Catalogs is how many entries were assessed.
	Catalogs   int64
	Dimensions []DimensionQuality // in Dimensions order
	Entries    []CatalogQuality   // by code
}

// qualityTally gathers what the committed batches of one entry say.
type qualityTally struct {
	c       *Catalog
	mounted int64
	present map[string]int64
	invalid map[string]int64
	// The latest committed batch: the one that committed last.
	latest      uuid.UUID
	finished    time.Time
	columns     []string
	keyRows     int64
	keyDistinct int64
}

// Quality assesses the published structured entries (their format is one
// of StructuredFormats) in the five dimensions of Dimensions, from the
// counts each mount stored (Batch.Items, Mounted, Columns, KeyRows,
// KeyDistinct): it reads each entry once, and the Store's sums of their
// committed batches' counts with the latest of those batches
// (Store.MountStats), never a batch list or a record. Every actor may ask; a department is limited to its own entries
// (another's is EFORBIDDEN naming "department"). Worst is EINVALID when
// negative or above govops.MaxPageSize.
//
//   - completeness: Σ of the values present in the entry's currently
//     required items over all its committed batches / (Σ records mounted ×
//     number of required items);
//   - validity: Σ (present − invalid) / Σ present, over its current items;
//   - uniqueness: the latest committed batch's KeyDistinct / KeyRows
//     (entries with a key only);
//   - timeliness: 1/1 when the latest commit is within the entry's cycle
//     before now (实时 and 每日: a day; 每周: 7 days; 每月, 每季度, 每年: 1, 3
//     and 12 calendar months in Asia/Shanghai, a shorter month ending on
//     its last day), else 0/1, and 0/1 for an entry never mounted;
//   - consistency: the declared items found among the latest committed
//     batch's columns / the declared items (entries mounted at least once).
func (s *Service) Quality(ctx context.Context, by govops.Actor, q QualityQuery) (*QualityReport, error) {
	dept, err := reportScope(by, q.Department)
	if err != nil {
		return nil, err
	}
	worst := q.Worst
	switch {
	case worst < 0 || worst > govops.MaxPageSize:
		return nil, govops.FieldError("worst", fmt.Sprintf("must be between 1 and %d, or 0 for %d", govops.MaxPageSize, DefaultWorst))
	case worst == 0:
		worst = DefaultWorst
	}
	var tallies []*qualityTally
	index := map[uuid.UUID]*qualityTally{}
	err = s.eachCatalog(ctx, CatalogFilter{Department: dept, Status: CatalogPublished}, func(c *Catalog) error {
		if slices.Contains(s.structured, c.Format) {
			t := &qualityTally{c: c, present: map[string]int64{}, invalid: map[string]int64{}}
			tallies = append(tallies, t)
			index[c.ID] = t
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	mounts, err := s.store.MountStats(ctx, MountFilter{Department: dept, Status: CatalogPublished})
	if err != nil {
		return nil, err
	}
	for _, e := range mounts {
		t := index[e.Catalog]
		if t == nil { // not structured, or published since
			continue
		}
		t.mounted += e.Records
		for _, st := range e.Items {
			t.present[st.Item] += st.Present
			t.invalid[st.Item] += st.Invalid
		}
		b := &e.Latest
		t.latest, t.finished, t.columns = b.ID, b.FinishedAt, b.Columns
		t.keyRows, t.keyDistinct = b.KeyRows, b.KeyDistinct
	}
	now := s.clock()
	rep := &QualityReport{Department: dept, Catalogs: int64(len(tallies)), Entries: make([]CatalogQuality, len(tallies))}
	for i, t := range tallies {
		rep.Entries[i] = t.quality(now)
	}
	for _, d := range Dimensions() {
		rep.Dimensions = append(rep.Dimensions, dimensionQuality(d, rep.Entries, worst))
	}
	return rep, nil
}

// quality is the entry's quality at now.
func (t *qualityTally) quality(now time.Time) CatalogQuality {
	c := t.c
	q := CatalogQuality{Code: c.Code, Name: c.Name, Department: c.Department, Cycle: c.Cycle, LastMounted: t.finished}
	var required, present, valid int64
	var filled int64
	for _, it := range c.Items {
		n := t.present[it.Name]
		present += n
		valid += n - t.invalid[it.Name]
		if it.Required {
			required++
			filled += n
		}
	}
	q.Completeness = govops.NewRate(filled, t.mounted*required)
	q.Validity = govops.NewRate(valid, present)
	if len(c.Key) > 0 && t.latest != uuid.Nil {
		q.Uniqueness = govops.NewRate(t.keyDistinct, t.keyRows)
	} else {
		q.Uniqueness = govops.NewRate(0, 0)
	}
	q.Timeliness = govops.NewRate(0, 1)
	if t.latest != uuid.Nil && !t.finished.Before(cycleStart(now, c.Cycle)) {
		q.Timeliness = govops.NewRate(1, 1)
	}
	q.Consistency = govops.NewRate(0, 0)
	if t.latest != uuid.Nil {
		var found int64
		for _, it := range c.Items {
			if slices.Contains(t.columns, it.Name) {
				found++
			} else {
				q.Missing = append(q.Missing, it.Name)
			}
		}
		q.Consistency = govops.NewRate(found, int64(len(c.Items)))
	}
	return q
}

// cycleStart returns the earliest commit that is up to date at now for
// cycle: now less one cycle, counted on the calendar in Asia/Shanghai. A
// month back from 31 March is 28 (or 29) February, not 3 March as
// time.AddDate would normalize it, so that a monthly entry is never late
// sooner than a month. An unknown cycle is taken as yearly, the longest.
func cycleStart(now time.Time, c Cycle) time.Time {
	t := now.In(govops.ShanghaiLocation())
	switch c {
	case CycleRealtime, CycleDaily:
		return t.AddDate(0, 0, -1)
	case CycleWeekly:
		return t.AddDate(0, 0, -7)
	case CycleMonthly:
		return monthsBefore(t, 1)
	case CycleQuarterly:
		return monthsBefore(t, 3)
	}
	return monthsBefore(t, 12)
}

// monthsBefore returns t n calendar months earlier, at the same clock time,
// on the same day of the month or the last day of a shorter month.
func monthsBefore(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m-time.Month(n), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d, last)-1)
}

// dimensionQuality sums d over entries and lists the worst of them.
func dimensionQuality(d Dimension, entries []CatalogQuality, worst int) DimensionQuality {
	var num, den int64
	var rated []CatalogRate
	for i := range entries {
		e := &entries[i]
		r := e.Rate(d)
		num, den = num+r.Numerator, den+r.Denominator
		if !r.Applicable {
			continue
		}
		cr := CatalogRate{Code: e.Code, Name: e.Name, Department: e.Department, Rate: r}
		if d == DimConsistency {
			cr.Missing = e.Missing
		}
		rated = append(rated, cr)
	}
	slices.SortStableFunc(rated, func(a, b CatalogRate) int {
		if c := a.Rate.Percent.Cmp(b.Rate.Percent); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
	if len(rated) > worst {
		rated = rated[:worst]
	}
	overall := govops.NewRate(num, den)
	return DimensionQuality{Dimension: d, Overall: overall, Rule: qualityRule(d, overall), Worst: rated}
}

// qualityRule says in one line how d was counted, with its numbers.
func qualityRule(d Dimension, r govops.Rate) string {
	n, m := r.Numerator, r.Denominator
	switch d {
	case DimCompleteness:
		return fmt.Sprintf("%d / %d values of required items present (records mounted by committed batches × items each entry requires now) = %s", n, m, r)
	case DimValidity:
		return fmt.Sprintf("%d / %d values present that passed every check (a value let through in warn mode fails), over each entry's current items = %s", n, m, r)
	case DimUniqueness:
		return fmt.Sprintf("%d / %d distinct keys among the records holding a key, as each keyed entry's latest committed batch counted them = %s", n, m, r)
	case DimTimeliness:
		return fmt.Sprintf("%d / %d entries committed within their update cycle before now (实时 and 每日 1 day, 每周 7 days, 每月 1 month, 每季度 3 months, 每年 1 year; never mounted counts as late) = %s", n, m, r)
	case DimConsistency:
		return fmt.Sprintf("%d / %d declared items found among the columns of each entry's latest committed batch (entries never mounted are not counted) = %s", n, m, r)
	}
	return fmt.Sprintf("%d / %d = %s", n, m, r)
}
