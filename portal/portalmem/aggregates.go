package portalmem

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/internal/memstore"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/portal/internal/summarykey"
)

// The aggregates read the summaries (see summaries) when the filter's
// time bounds fall on their groups, and every record otherwise.

// inMonths reports whether month (summarykey.Month) lies in the months of
// [from, to), both bounds on months (summarykey.OnMonth) or zero.
func inMonths(month int, from, to time.Time) bool {
	return (from.IsZero() || month >= summarykey.Month(from)) && (to.IsZero() || month < summarykey.Month(to))
}

// TaskGroups implements portal.Store: from the summary when every bound
// set is the first instant of a month in Asia/Shanghai (as TaskCounts'
// are), from every task otherwise.
func (s *Store) TaskGroups(ctx context.Context, f portal.TaskGroupFilter) ([]portal.TaskGroup, error) {
	return memstore.Read(ctx, s.Base, func() ([]portal.TaskGroup, error) {
		type key struct {
			kind   portal.FindingKind
			status portal.TaskStatus
		}
		at := map[key]int{}
		var out []portal.TaskGroup
		add := func(kind portal.FindingKind, status portal.TaskStatus, n int) {
			k := key{kind, status}
			i, ok := at[k]
			if !ok {
				i = len(out)
				at[k] = i
				out = append(out, portal.TaskGroup{Kind: kind, Status: status})
			}
			out[i].Count += n
		}
		fixedSet := !f.FixedFrom.IsZero() || !f.FixedTo.IsZero()
		if summarykey.OnMonth(f.OpenedFrom) && summarykey.OnMonth(f.OpenedTo) && summarykey.OnMonth(f.FixedFrom) &&
			summarykey.OnMonth(f.FixedTo) {
			for g, n := range s.sums.tasks {
				if n != 0 && (f.SiteID == uuid.Nil || g.site == f.SiteID) && (f.Department == "" || g.dept == f.Department) &&
					inMonths(g.opened, f.OpenedFrom, f.OpenedTo) && (!fixedSet || (g.fixed != 0 && inMonths(g.fixed, f.FixedFrom, f.FixedTo))) {
					add(g.kind, g.status, n)
				}
			}
			return out, nil
		}
		for t := range s.tasks.All() {
			if (f.SiteID != uuid.Nil && t.SiteID != f.SiteID) || (f.Department != "" && t.Department != f.Department) ||
				!in(t.Opened, f.OpenedFrom, f.OpenedTo) ||
				(fixedSet && (t.Fixed.IsZero() || !in(t.Fixed, f.FixedFrom, f.FixedTo))) {
				continue
			}
			add(t.Kind, t.Status, 1)
		}
		return out, nil
	})
}

// PostGroups implements portal.Store: from the summary when From and To
// are zero or the first instants of months in Asia/Shanghai (as
// PostCounts' are), from every post otherwise.
func (s *Store) PostGroups(ctx context.Context, f portal.PostFilter) ([]portal.PostGroup, error) {
	return memstore.Read(ctx, s.Base, func() ([]portal.PostGroup, error) {
		type key struct {
			column uuid.UUID
			dept   string
			source portal.PostSource
		}
		at := map[key]int{}
		var out []portal.PostGroup
		add := func(column uuid.UUID, dept string, source portal.PostSource, n int, newest time.Time) {
			k := key{column, dept, source}
			i, ok := at[k]
			if !ok {
				i = len(out)
				at[k] = i
				out = append(out, portal.PostGroup{ColumnID: column, Department: dept, Source: source})
			}
			g := &out[i]
			g.Count += n
			if newest.After(g.Newest) {
				g.Newest = newest
			}
		}
		if summarykey.OnMonth(f.From) && summarykey.OnMonth(f.To) {
			for g, c := range s.sums.posts {
				if c.n != 0 && (f.SiteID == uuid.Nil || g.site == f.SiteID) && (f.ColumnID == uuid.Nil || g.column == f.ColumnID) &&
					(f.Department == "" || g.dept == f.Department) && (f.Source == "" || g.source == f.Source) &&
					inMonths(g.month, f.From, f.To) {
					add(g.column, g.dept, g.source, c.n, c.newest)
				}
			}
			return out, nil
		}
		for p := range s.posts.All() {
			if matchPost(f, p) {
				add(p.ColumnID, p.Department, p.Source, 1, p.Published)
			}
		}
		return out, nil
	})
}

// ProbeTally implements portal.Store: the whole hours of the window from
// the summary, and its partial hours at either end from the probes of
// those hours.
func (s *Store) ProbeTally(ctx context.Context, f portal.ProbeFilter) (portal.ProbeTally, error) {
	return memstore.Read(ctx, s.Base, func() (portal.ProbeTally, error) {
		var t portal.ProbeTally
		sp := summarykey.HourSpan(f.From, f.To)
		for g, h := range s.sums.probes {
			if f.SiteID != uuid.Nil && g.site != f.SiteID {
				continue
			}
			if sp.Whole && g.hour >= sp.Low && (sp.High == 0 || g.hour < sp.High) {
				t.Total += h.total
				t.Failed += h.failed
				continue
			}
			for _, e := range sp.Edges {
				if g.hour != summarykey.Hour(e[0]) && g.hour != summarykey.Hour(e[1].Add(-time.Microsecond)) {
					continue
				}
				for _, p := range h.probes {
					if in(p.At, e[0], e[1]) {
						t.Total++
						if !p.OK {
							t.Failed++
						}
					}
				}
			}
		}
		return t, nil
	})
}

// CountConsultations implements portal.Store: the months received before
// ReceivedBefore's, and answered (or not) as the filter asks, from the
// summary; the consultations of ReceivedBefore's own month received before
// it, and those answered in UnansweredAt's month after it, from the
// records of those groups.
func (s *Store) CountConsultations(ctx context.Context, f portal.ConsultationFilter) (int, error) {
	return memstore.Read(ctx, s.Base, func() (int, error) {
		before, at := f.ReceivedBefore, f.UnansweredAt
		var edgeFrom time.Time // the records received in [edgeFrom, before) are counted one by one
		if !before.IsZero() && !summarykey.OnMonth(before) {
			edgeFrom = summarykey.MonthStart(before)
		}
		n := 0
		for g, ids := range s.sums.consults {
			if (f.SiteID != uuid.Nil && g.site != f.SiteID) || (f.Department != "" && g.dept != f.Department) {
				continue
			}
			switch {
			case before.IsZero() || g.received < summarykey.Month(before):
				// Received before the bound's month: whole by the answer's
				// month, but for the month of at, whose answers after at
				// count one by one.
				switch {
				case f.Unanswered:
					if g.answered == 0 {
						n += len(ids)
					}
				case !at.IsZero() && g.answered == summarykey.Month(at):
					for id := range ids {
						if s.consultations.Stored(id).Answered.After(at) {
							n++
						}
					}
				case at.IsZero() || g.answered == 0 || g.answered > summarykey.Month(at):
					n += len(ids)
				}
			case !edgeFrom.IsZero() && g.received == summarykey.Month(before):
				for id := range ids {
					c := s.consultations.Stored(id)
					if c.Received.Before(before) && matchAnswer(f, c) {
						n++
					}
				}
			}
		}
		return n, nil
	})
}
