package netops

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
)

// Compliance computes the response compliance of the visits reported in
// [From, To) (both required, at most 366 days apart), counted in the Store
// (VisitGroups) as of now: a visit not arrived whose DueAt has passed is
// overdue. Cancelled visits are not counted.
//
// The report has the total and one row for each zone (every zone, in
// Zones() order, with zero visits too, and its current response time),
// each technician (sorted), each month (sorted), each month and zone, and
// each month, zone and technician. Rate is on time over what is due
// (OnTime / (Arrived + Overdue)); AvgResponseMinutes is the mean time to
// arrive, rounded half-up to 2 places (null when none arrived).
//
// A department sees its own unit's: Unit is its own, and asking for
// another's is EFORBIDDEN naming "unit". The visits that broke their
// promise are listed by Visits with Breached.
func (s *Service) Compliance(ctx context.Context, by govops.Actor, in ComplianceInput) (*ComplianceReport, error) {
	var p govops.Problems
	by.Check(&p)
	opsWindow(&p, in.From, in.To, maxOpsPeriod)
	opsCode(&p, "unit", in.Unit)
	if err := p.Err(); err != nil {
		return nil, err
	}
	unit, err := visitScope(by, in.Unit)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	from, to := govops.StoredTime(in.From), govops.StoredTime(in.To)
	groups, err := s.store.VisitGroups(ctx, VisitFilter{Unit: unit, From: from, To: to, AsOf: now})
	if err != nil {
		return nil, err
	}
	return s.complianceReport(groups, from, to, now), nil
}

// complianceKey is the key of one line of the report: "" in a field it
// does not split by.
type complianceKey struct {
	month string
	zone  Zone
	tech  string
}

// complianceReport rolls the groups up into the report's lines.
func (s *Service) complianceReport(groups []VisitGroup, from, to, now time.Time) *ComplianceReport {
	total := &ComplianceRow{}
	byZone := map[complianceKey]*ComplianceRow{}
	for _, z := range Zones() {
		byZone[complianceKey{zone: z}] = &ComplianceRow{Zone: z}
	}
	byTech := map[complianceKey]*ComplianceRow{}
	byMonth := map[complianceKey]*ComplianceRow{}
	byMonthZone := map[complianceKey]*ComplianceRow{}
	rows := map[complianceKey]*ComplianceRow{}
	for _, g := range groups {
		complianceAdd(total, g)
		complianceAdd(complianceLine(byZone, complianceKey{zone: g.Zone}), g)
		complianceAdd(complianceLine(byTech, complianceKey{tech: g.Technician}), g)
		complianceAdd(complianceLine(byMonth, complianceKey{month: g.Month}), g)
		complianceAdd(complianceLine(byMonthZone, complianceKey{month: g.Month, zone: g.Zone}), g)
		complianceAdd(complianceLine(rows, complianceKey{month: g.Month, zone: g.Zone, tech: g.Technician}), g)
	}
	rep := &ComplianceReport{From: from, To: to, AsOf: now}
	rep.Total = s.complianceFinish(*total)
	rep.ByZone = s.complianceLines(byZone)
	rep.ByTechnician = s.complianceLines(byTech)
	rep.ByMonth = s.complianceLines(byMonth)
	rep.ByMonthZone = s.complianceLines(byMonthZone)
	rep.Rows = s.complianceLines(rows)
	return rep
}

// complianceLine returns the line of key in lines, made on first use.
func complianceLine(lines map[complianceKey]*ComplianceRow, k complianceKey) *ComplianceRow {
	r, ok := lines[k]
	if !ok {
		r = &ComplianceRow{Month: k.month, Zone: k.zone, Technician: k.tech}
		lines[k] = r
	}
	return r
}

// complianceAdd adds the counts of g to r.
func complianceAdd(r *ComplianceRow, g VisitGroup) {
	r.Visits += g.Visits
	r.Arrived += g.Arrived
	r.OnTime += g.OnTime
	r.Late += g.Late
	r.Overdue += g.Overdue
	r.Resolved += g.Resolved
	r.AvgResponseMinutes.Decimal = r.AvgResponseMinutes.Decimal.Add(decimal.NewFromInt(g.ResponseSeconds))
}

// complianceLines returns the lines sorted by month, zone (in Zones()
// order) and technician, each finished.
func (s *Service) complianceLines(lines map[complianceKey]*ComplianceRow) []ComplianceRow {
	out := make([]ComplianceRow, 0, len(lines))
	for _, r := range lines {
		out = append(out, s.complianceFinish(*r))
	}
	slices.SortFunc(out, func(a, b ComplianceRow) int {
		return cmp.Or(cmp.Compare(a.Month, b.Month), cmp.Compare(zoneRank(a.Zone), zoneRank(b.Zone)),
			cmp.Compare(a.Zone, b.Zone), cmp.Compare(a.Technician, b.Technician))
	})
	return out
}

// complianceFinish computes the rate, the mean response and the zone's
// promise of a line whose AvgResponseMinutes holds, so far, the sum of the
// response seconds.
func (s *Service) complianceFinish(r ComplianceRow) ComplianceRow {
	secs := r.AvgResponseMinutes.Decimal
	r.AvgResponseMinutes = decimal.NullDecimal{}
	if r.Arrived > 0 {
		r.AvgResponseMinutes = decimal.NullDecimal{Decimal: secs.DivRound(decimal.NewFromInt(r.Arrived*60), 2), Valid: true}
	}
	r.Rate = govops.NewRate(r.OnTime, r.Arrived+r.Overdue)
	if r.Zone != "" {
		r.SLAMinutes = s.visitSLA(r.Zone)
	}
	return r
}

// zoneRank is the place of z in Zones(): a zone that is not one comes
// last.
func zoneRank(z Zone) int {
	if i := slices.Index(Zones(), z); i >= 0 {
		return i
	}
	return len(Zones())
}
