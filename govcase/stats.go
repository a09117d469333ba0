package govcase

import (
	"context"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
)

// StatsReport is Stats with the rates people read. Rates are percentages
// rounded half-up to two places; a rate with nothing to count is null.
type StatsReport struct {
	Stats
	// The rates count every dispatched case, so that cases a department
	// sits on (not yet accepted, or not replied) pull its rates down, as
	// the 12345 assessment counts them.
	AcceptOnTimeRate  decimal.NullDecimal // 及时签收率: AcceptedOnTime / Dispatched
	ResolveOnTimeRate decimal.NullDecimal // 按时办结率: RepliedOnTime / Dispatched
	ResponseRate      decimal.NullDecimal // 回应率: Replied / Dispatched
	MeanHandling      time.Duration       // mean of replied − dispatched
}

// Rate returns num/den as a percentage rounded half-up to two places, or an
// invalid NullDecimal when den is zero.
func Rate(num, den int64) decimal.NullDecimal {
	if den == 0 {
		return decimal.NullDecimal{}
	}
	// One exact division rounded once: rounding to more places first
	// would turn 95.004999… into 95.01.
	r := decimal.NewFromInt(num).Mul(decimal.NewFromInt(100)).DivRound(decimal.NewFromInt(den), 2)
	return decimal.NullDecimal{Decimal: r, Valid: true}
}

// Stats counts cases by kind, status and department and reports on-time
// rates. A department sees only its own figures.
func (s *Service) Stats(ctx context.Context, by Actor, f StatsFilter) (StatsReport, error) {
	if err := by.validate(); err != nil {
		return StatsReport{}, err
	}
	var p govops.Problems
	if f.Kind != "" {
		if _, ok := s.kinds[f.Kind]; !ok {
			p.Addf("kind", "unknown kind %q (known: %s)", f.Kind, s.kindList())
		}
	}
	if f.Year != 0 && (f.Year < 1900 || f.Year > 9999) {
		p.Add("year", "must be a four-digit year")
	}
	if !f.CreatedFrom.IsZero() && !f.CreatedTo.IsZero() && !f.CreatedTo.After(f.CreatedFrom) {
		p.Add("created_to", "must be after created_from")
	}
	checkTimes(&p, map[string]time.Time{"created_from": f.CreatedFrom, "created_to": f.CreatedTo})
	checkLen(&p, "department", f.Department, maxShort)
	if err := p.Err(); err != nil {
		return StatsReport{}, err
	}
	if err := foreignDepartment(by, f.Department); err != nil {
		return StatsReport{}, err
	}
	if !by.Center() {
		f.Department = by.Department
	}
	st, err := s.store.CaseStats(ctx, f)
	if err != nil {
		return StatsReport{}, err
	}
	sort.Slice(st.Groups, func(i, j int) bool {
		a, b := st.Groups[i], st.Groups[j]
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		if a.Status != b.Status {
			return a.Status < b.Status
		}
		return a.Department < b.Department
	})
	r := StatsReport{
		Stats:             st,
		AcceptOnTimeRate:  Rate(st.AcceptedOnTime, st.Dispatched),
		ResolveOnTimeRate: Rate(st.RepliedOnTime, st.Dispatched),
		ResponseRate:      Rate(st.Replied, st.Dispatched),
	}
	if st.Replied > 0 {
		r.MeanHandling = time.Duration(st.HandlingSeconds/st.Replied) * time.Second
	}
	return r, nil
}
