package portalbun

import (
	"context"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/portal/internal/summarykey"
)

// The aggregates read the summary tables (see summaries) for the groups a
// filter's time bounds fall on, and the records for the rest: the part of
// an hour or a month at a window's end, or every record when a bound cuts
// a group that the summary does not split (a task or post window that
// does not begin and end on months in Asia/Shanghai).

// postFilter applies f to q.
func postFilter(q *bun.SelectQuery, f portal.PostFilter) *bun.SelectQuery {
	eqID(q, "site_id", f.SiteID)
	eqID(q, "column_id", f.ColumnID)
	eq(q, "department", f.Department)
	eq(q, "source", string(f.Source))
	return window(q, "published", f.From, f.To)
}

// probeFilter applies f to q, its Failed aside.
func probeFilter(q *bun.SelectQuery, f portal.ProbeFilter) *bun.SelectQuery {
	eqID(q, "site_id", f.SiteID)
	return window(q, "probed_at", f.From, f.To)
}

// consultationFilter applies f to q.
func consultationFilter(q *bun.SelectQuery, f portal.ConsultationFilter) *bun.SelectQuery {
	eqID(q, "site_id", f.SiteID)
	eq(q, "department", f.Department)
	if f.Unanswered {
		q.Where("answered IS NULL")
	}
	if !f.UnansweredAt.IsZero() {
		q.Where("(answered IS NULL OR answered > ?)", dbt(f.UnansweredAt))
	}
	return before(q, "received", f.ReceivedBefore)
}

// months bounds the month column col (summarykey.Month) to the months of
// [from, to), each bound zero or on a month.
func months(q *bun.SelectQuery, col string, from, to time.Time) *bun.SelectQuery {
	if !from.IsZero() {
		q.Where("? >= ?", bun.Ident(col), summarykey.Month(from))
	}
	if !to.IsZero() {
		q.Where("? < ?", bun.Ident(col), summarykey.Month(to))
	}
	return q
}

// sumOf runs the union of the single-row queries qs, each of the count
// columns cols, and scans the sums of those columns into dest.
func (s *Store) sumOf(ctx context.Context, cols []string, qs []*bun.SelectQuery, dest ...any) error {
	parts := make([]string, len(qs))
	for i, q := range qs {
		parts[i] = q.String()
	}
	sums := make([]string, len(cols))
	for i, c := range cols {
		sums[i] = "COALESCE(SUM(" + c + "), 0)"
	}
	query := "SELECT " + strings.Join(sums, ", ") + " FROM (" + strings.Join(parts, " UNION ALL ") + ") AS parts"
	return s.db.QueryRowContext(ctx, query).Scan(dest...)
}

// taskGroupRow is one group of TaskGroups.
type taskGroupRow struct {
	Kind   string `bun:"kind"`
	Status string `bun:"status"`
	N      int    `bun:"n"`
}

// TaskGroups implements portal.Store: from portal_task_opened_summary,
// or portal_task_fixed_summary when the filter bounds fix times, when
// every bound set is the first instant of a month in Asia/Shanghai (as
// TaskCounts' are) and it does not bound both; from every task it
// selects otherwise.
func (s *Store) TaskGroups(ctx context.Context, f portal.TaskGroupFilter) ([]portal.TaskGroup, error) {
	opened := !f.OpenedFrom.IsZero() || !f.OpenedTo.IsZero()
	fixed := !f.FixedFrom.IsZero() || !f.FixedTo.IsZero()
	if (opened && fixed) || !summarykey.OnMonth(f.OpenedFrom) || !summarykey.OnMonth(f.OpenedTo) ||
		!summarykey.OnMonth(f.FixedFrom) || !summarykey.OnMonth(f.FixedTo) {
		return s.taskGroupsScan(ctx, f)
	}
	sum, col, from, to := s.sums.tasksOpened, "opened_month", f.OpenedFrom, f.OpenedTo
	if fixed {
		sum, col, from, to = s.sums.tasksFixed, "fixed_month", f.FixedFrom, f.FixedTo
	}
	scope, site, dept := taskScope(f.SiteID, f.Department)
	var rows []taskGroupRow
	q := s.db.NewSelect().TableExpr(sum.Table).ColumnExpr("kind, status, SUM(n) AS n").
		Where("scope = ?", scope).Where("site_id = ?", site).Where("department = ?", dept).
		GroupExpr("kind, status").Having("SUM(n) > 0")
	if err := months(q, col, from, to).Scan(ctx, &rows); err != nil {
		return nil, errs.Err("count tasks", err)
	}
	return taskGroups(rows), nil
}

// taskGroupsScan is TaskGroups counted from the tasks themselves.
func (s *Store) taskGroupsScan(ctx context.Context, f portal.TaskGroupFilter) ([]portal.TaskGroup, error) {
	var rows []taskGroupRow
	q := s.db.NewSelect().Model((*taskRow)(nil)).ColumnExpr("kind, status, COUNT(*) AS n").GroupExpr("kind, status")
	eqID(q, "site_id", f.SiteID)
	eq(q, "department", f.Department)
	window(q, "opened", f.OpenedFrom, f.OpenedTo)
	// A task never fixed (NULL) lies in no window of fix times.
	if !f.FixedFrom.IsZero() {
		q.Where("fixed >= ?", dbt(f.FixedFrom))
	}
	if !f.FixedTo.IsZero() {
		q.Where("fixed < ?", dbt(f.FixedTo))
	}
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, errs.Err("count tasks", err)
	}
	return taskGroups(rows), nil
}

func taskGroups(rows []taskGroupRow) []portal.TaskGroup {
	out := make([]portal.TaskGroup, len(rows))
	for i, r := range rows {
		out[i] = portal.TaskGroup{Kind: portal.FindingKind(r.Kind), Status: portal.TaskStatus(r.Status), Count: r.N}
	}
	return out
}

// postGroupRow is one group of PostGroups: its newest publish time either
// a time (the scan's) or microseconds (the summary's).
type postGroupRow struct {
	ColumnID   string    `bun:"column_id"`
	Department string    `bun:"department"`
	Source     string    `bun:"source"`
	N          int       `bun:"n"`
	Newest     time.Time `bun:"newest"`
	NewestUS   int64     `bun:"newest_us"`
}

// PostGroups implements portal.Store: from portal_post_summary when From
// and To are zero or the first instants of months in Asia/Shanghai (as
// PostCounts' are), from every post it selects otherwise.
func (s *Store) PostGroups(ctx context.Context, f portal.PostFilter) ([]portal.PostGroup, error) {
	if !summarykey.OnMonth(f.From) || !summarykey.OnMonth(f.To) {
		return s.postGroupsScan(ctx, f)
	}
	var rows []postGroupRow
	q := s.db.NewSelect().TableExpr(s.sums.posts.Table).
		ColumnExpr("column_id, department, source, SUM(n) AS n, MAX(newest_us) AS newest_us").
		GroupExpr("column_id, department, source").Having("SUM(n) > 0")
	eqID(q, "site_id", f.SiteID)
	eqID(q, "column_id", f.ColumnID)
	eq(q, "department", f.Department)
	eq(q, "source", string(f.Source))
	months(q, "pub_month", f.From, f.To)
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, errs.Err("count posts", err)
	}
	for i := range rows {
		rows[i].Newest = summarykey.FromMicros(rows[i].NewestUS)
	}
	return postGroups(rows)
}

// postGroupsScan is PostGroups counted from the posts themselves.
func (s *Store) postGroupsScan(ctx context.Context, f portal.PostFilter) ([]portal.PostGroup, error) {
	var rows []postGroupRow
	q := s.db.NewSelect().Model((*postRow)(nil)).
		ColumnExpr("column_id, department, source, COUNT(*) AS n, MAX(published) AS newest").
		GroupExpr("column_id, department, source")
	if err := postFilter(q, f).Scan(ctx, &rows); err != nil {
		return nil, errs.Err("count posts", err)
	}
	return postGroups(rows)
}

func postGroups(rows []postGroupRow) ([]portal.PostGroup, error) {
	out := make([]portal.PostGroup, len(rows))
	for i, r := range rows {
		is, err := ids("a group of posts", r.ColumnID)
		if err != nil {
			return nil, err
		}
		out[i] = portal.PostGroup{ColumnID: is[0], Department: r.Department, Source: portal.PostSource(r.Source),
			Count: r.N, Newest: gt(r.Newest)}
	}
	return out, nil
}

// ProbeTally implements portal.Store, in one statement: the whole hours of
// the window from portal_probe_summary, and the probes of the part of an
// hour at either end from portal_probes.
func (s *Store) ProbeTally(ctx context.Context, f portal.ProbeFilter) (portal.ProbeTally, error) {
	sp := summarykey.HourSpan(f.From, f.To)
	var qs []*bun.SelectQuery
	if sp.Whole {
		q := s.db.NewSelect().TableExpr(s.sums.probes.Table).ColumnExpr("SUM(total) AS total, SUM(failed) AS failed")
		eqID(q, "site_id", f.SiteID)
		if sp.Low != 0 {
			q.Where("probe_hour >= ?", sp.Low)
		}
		if sp.High != 0 {
			q.Where("probe_hour < ?", sp.High)
		}
		qs = append(qs, q)
	}
	for _, e := range sp.Edges {
		qs = append(qs, s.probeTallyQuery(portal.ProbeFilter{SiteID: f.SiteID, From: e[0], To: e[1]}))
	}
	var t portal.ProbeTally
	if len(qs) == 0 {
		return t, nil
	}
	if err := s.sumOf(ctx, []string{"total", "failed"}, qs, &t.Total, &t.Failed); err != nil {
		return portal.ProbeTally{}, errs.Err("count probes", err)
	}
	return t, nil
}

// probeTallyQuery counts the probes f selects, and the failed ones.
func (s *Store) probeTallyQuery(f portal.ProbeFilter) *bun.SelectQuery {
	q := s.db.NewSelect().Model((*probeRow)(nil)).
		ColumnExpr("COUNT(*) AS total, COALESCE(SUM(CASE WHEN ok THEN 0 ELSE 1 END), 0) AS failed")
	return probeFilter(q, f)
}

// probeTallyScan is ProbeTally counted from the probes themselves.
func (s *Store) probeTallyScan(ctx context.Context, f portal.ProbeFilter) (portal.ProbeTally, error) {
	var t struct {
		Total  int `bun:"total"`
		Failed int `bun:"failed"`
	}
	if err := s.probeTallyQuery(f).Scan(ctx, &t); err != nil {
		return portal.ProbeTally{}, errs.Err("count probes", err)
	}
	return portal.ProbeTally{Total: t.Total, Failed: t.Failed}, nil
}

// CountConsultations implements portal.Store, in one statement: from
// portal_consultation_summary, the consultations received in the months
// before ReceivedBefore's and answered as the filter asks (unanswered now,
// or unanswered, or answered after the month of UnansweredAt); from
// portal_consultations, those of ReceivedBefore's own month received
// before it, and those answered in UnansweredAt's month after it.
func (s *Store) CountConsultations(ctx context.Context, f portal.ConsultationFilter) (int, error) {
	rb, at := f.ReceivedBefore, f.UnansweredAt
	sum := s.db.NewSelect().TableExpr(s.sums.consults.Table).ColumnExpr("SUM(n) AS n")
	eqID(sum, "site_id", f.SiteID)
	eq(sum, "department", f.Department)
	if !rb.IsZero() {
		sum.Where("received_month < ?", summarykey.Month(rb))
	}
	qs := []*bun.SelectQuery{sum}
	switch {
	case f.Unanswered:
		sum.Where("answered_month = 0")
	case !at.IsZero():
		sum.Where("(answered_month = 0 OR answered_month > ?)", summarykey.Month(at))
		// Answered after at within its month, received in the summary's
		// months.
		q := s.countQuery(portal.ConsultationFilter{SiteID: f.SiteID, Department: f.Department})
		q.Where("answered > ?", dbt(at)).Where("answered < ?", dbt(summarykey.NextMonth(at)))
		if !rb.IsZero() {
			before(q, "received", summarykey.MonthStart(rb))
		}
		qs = append(qs, q)
	}
	if !summarykey.OnMonth(rb) {
		// Received in the bound's month, before it.
		q := s.countQuery(f)
		q.Where("received >= ?", dbt(summarykey.MonthStart(rb)))
		qs = append(qs, q)
	}
	var n int
	if err := s.sumOf(ctx, []string{"n"}, qs, &n); err != nil {
		return 0, errs.Err("count consultations", err)
	}
	return n, nil
}

// countQuery counts the consultations f selects.
func (s *Store) countQuery(f portal.ConsultationFilter) *bun.SelectQuery {
	return consultationFilter(s.db.NewSelect().Model((*consultationRow)(nil)).ColumnExpr("COUNT(*) AS n"), f)
}

// countConsultationsScan is CountConsultations counted from the
// consultations themselves.
func (s *Store) countConsultationsScan(ctx context.Context, f portal.ConsultationFilter) (int, error) {
	var n int
	if err := s.countQuery(f).Scan(ctx, &n); err != nil {
		return 0, errs.Err("count consultations", err)
	}
	return n, nil
}
