package netopsmem

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
)

// The summaries the Store keeps, named as netopsbun's tables are.
const (
	visitCounts     = "netops_visit_counts"
	visitUnitCounts = "netops_visit_unit_counts"
)

// Arrivals of a visit, as the summaries group by them.
const (
	notArrived = 0
	onTime     = 1
	late       = 2
)

// visitKey is the group of a visit in the summaries; unit is "" in the
// summary of every unit.
type visitKey struct {
	unit, month string
	zone        netops.Zone
	technician  string
	status      netops.VisitStatus
	arrival     int
}

// visitCount is the count of a group and the response seconds of its
// visits.
type visitCount struct{ visits, seconds int64 }

// summaries are the counts of the visits the Store keeps beside them,
// changed under the write lock with every write of a visit, and the
// visits not arrived, of which VisitGroups reads those not yet due.
type summaries struct {
	counts, unitCounts map[visitKey]visitCount
	open               map[uuid.UUID]*netops.Visit
}

func newSummaries() *summaries {
	return &summaries{counts: map[visitKey]visitCount{}, unitCounts: map[visitKey]visitCount{}, open: map[uuid.UUID]*netops.Visit{}}
}

// arrival returns how v arrived and its whole seconds to arrive.
func arrival(v *netops.Visit) (int, int64) {
	switch {
	case v.ArrivedAt.IsZero():
		return notArrived, 0
	case v.ArrivedAt.After(v.DueAt):
		return late, int64(v.ArrivedAt.Sub(v.ReportedAt) / time.Second)
	}
	return onTime, int64(v.ArrivedAt.Sub(v.ReportedAt) / time.Second)
}

// add counts v, the stored copy, once more (sign 1) or once less (sign
// -1).
func (s *summaries) add(v *netops.Visit, sign int64) {
	a, secs := arrival(v)
	k := visitKey{month: v.Month, zone: v.Zone, technician: v.Technician, status: v.Status, arrival: a}
	c := s.counts[k]
	c.visits, c.seconds = c.visits+sign, c.seconds+sign*secs
	s.counts[k] = c
	k.unit = v.Unit
	c = s.unitCounts[k]
	c.visits, c.seconds = c.visits+sign, c.seconds+sign*secs
	s.unitCounts[k] = c
	switch {
	case a != notArrived || sign < 0:
		delete(s.open, v.ID)
	default:
		s.open[v.ID] = v
	}
}

// wholeMonth returns the month t starts, and whether it starts one; a
// zero t is "" and true (no bound).
func wholeMonth(t time.Time) (string, bool) {
	if t.IsZero() {
		return "", true
	}
	sh := govops.ShanghaiLocation()
	l := t.In(sh)
	y, m, _ := l.Date()
	return l.Format("2006-01"), l.Equal(time.Date(y, m, 1, 0, 0, 0, 0, sh))
}

// groups returns the VisitGroups of f from the summaries when f selects
// whole months (Asia/Shanghai) by time, unit, zone and technician alone,
// and false otherwise. The overdue visits are the visits not arrived less
// those not yet due at f.AsOf.
func (s *summaries) groups(f *netops.VisitFilter) ([]netops.VisitGroup, bool) {
	first, okFrom := wholeMonth(f.From)
	last, okTo := wholeMonth(f.To)
	if f.Status != "" || f.Ticket != "" || !f.BreachedAsOf.IsZero() || !okFrom || !okTo {
		return nil, false
	}
	in := func(unit, month string, zone netops.Zone, tech string, status netops.VisitStatus) bool {
		return status != netops.VisitCancelled && (f.Unit == "" || unit == f.Unit) && (first == "" || month >= first) &&
			(last == "" || month < last) && (f.Zone == "" || zone == f.Zone) && (f.Technician == "" || tech == f.Technician)
	}
	type key struct {
		month, tech string
		zone        netops.Zone
	}
	by := map[key]*netops.VisitGroup{}
	group := func(month string, zone netops.Zone, tech string) *netops.VisitGroup {
		g := by[key{month, tech, zone}]
		if g == nil {
			g = &netops.VisitGroup{Month: month, Zone: zone, Technician: tech}
			by[key{month, tech, zone}] = g
		}
		return g
	}
	counts := s.counts
	if f.Unit != "" {
		counts = s.unitCounts
	}
	for k, c := range counts {
		if c.visits == 0 || !in(k.unit, k.month, k.zone, k.technician, k.status) {
			continue
		}
		g := group(k.month, k.zone, k.technician)
		g.Visits += c.visits
		g.ResponseSeconds += c.seconds
		switch k.arrival {
		case notArrived:
			g.Overdue += c.visits
		case onTime:
			g.Arrived += c.visits
			g.OnTime += c.visits
		case late:
			g.Arrived += c.visits
			g.Late += c.visits
		}
		if k.status == netops.VisitResolved {
			g.Resolved += c.visits
		}
	}
	for _, v := range s.open {
		if in(v.Unit, v.Month, v.Zone, v.Technician, v.Status) && !v.DueAt.Before(f.AsOf) {
			group(v.Month, v.Zone, v.Technician).Overdue--
		}
	}
	out := make([]netops.VisitGroup, 0, len(by))
	for _, g := range by {
		if g.Visits != 0 {
			out = append(out, *g)
		}
	}
	return out, true
}

// compare compares each summary of s with the one of fresh, counted from
// the visits.
func (s *summaries) compare(fresh *summaries) govops.SummaryReport {
	keyed := func(m map[visitKey]visitCount, unit bool) map[string][]int64 {
		out := map[string][]int64{}
		for k, c := range m {
			names := []string{"month", "zone", "technician", "status", "arrival"}
			vals := []any{k.month, k.zone, k.technician, k.status, k.arrival}
			if unit {
				names, vals = append([]string{"unit"}, names...), append([]any{k.unit}, vals...)
			}
			out[govops.SummaryKey(names, vals)] = []int64{c.visits, c.seconds}
		}
		return out
	}
	counts := []string{"visits", "response_seconds"}
	return govops.SummaryReport{Summaries: []govops.SummaryCheck{
		govops.CompareSummary(visitCounts, counts, keyed(s.counts, false), keyed(fresh.counts, false)),
		govops.CompareSummary(visitUnitCounts, counts, keyed(s.unitCounts, true), keyed(fresh.unitCounts, true)),
	}}
}

// RepairSummaries implements govops.SummaryKeeper: it counts the visits
// anew and compares each summary with what it holds; with repair, it
// replaces the summaries that differ.
func (s *Store) RepairSummaries(ctx context.Context, repair bool) (govops.SummaryReport, error) {
	if err := alive(ctx); err != nil {
		return govops.SummaryReport{}, err
	}
	if repair {
		s.mu.Lock()
		defer s.mu.Unlock()
	} else {
		s.mu.RLock()
		defer s.mu.RUnlock()
	}
	fresh := newSummaries()
	for _, v := range s.visits {
		fresh.add(v, 1)
	}
	rep := s.sums.compare(fresh)
	if repair && !rep.Clean() {
		for i := range rep.Summaries {
			rep.Summaries[i].Repaired = len(rep.Summaries[i].Diffs) > 0
		}
		s.sums = fresh
	}
	return rep, nil
}
