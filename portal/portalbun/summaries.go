package portalbun

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/portal/internal/summarykey"
)

// summaries are the Store's summary tables (see govops.SummaryKeeper and
// bunstore.Summary), each a row of counts per group of records, changed by
// every write of those records in its transaction, last:
//
//   - portal_task_opened_summary and portal_task_fixed_summary: the tasks
//     per (scope, site, department, month opened or fixed, kind, status),
//     a month being yyyymm in Asia/Shanghai and 0 for a zero time, and a
//     task never fixed in no fixed row. Each task counts in four scopes,
//     so that each filter of TaskGroups reads its own rows, however many
//     sites and departments there are: "a" (both left empty), "d"
//     (its department), "s" (its site) and "sd" (both);
//   - portal_post_summary: the posts per (month published, site, column,
//     department, source), with the newest one's publish time in
//     microseconds;
//   - portal_probe_summary: the probes, and the failed ones, per (site,
//     hour), an hour being yyyymmddhh in UTC;
//   - portal_consultation_summary: the consultations per (site, month
//     received, month answered, department), 0 for one unanswered.
type summaries struct {
	tasksOpened, tasksFixed, posts, probes, consults bunstore.Summary
}

func newSummaries() summaries {
	return summaries{
		tasksOpened: bunstore.Summary{Table: "portal_task_opened_summary",
			Keys: []string{"scope", "site_id", "department", "opened_month", "kind", "status"}, Counts: []string{"n"}},
		tasksFixed: bunstore.Summary{Table: "portal_task_fixed_summary",
			Keys: []string{"scope", "site_id", "department", "fixed_month", "kind", "status"}, Counts: []string{"n"}},
		posts: bunstore.Summary{Table: "portal_post_summary",
			Keys: []string{"pub_month", "site_id", "column_id", "department", "source"}, Counts: []string{"n", "newest_us"},
			Max: []string{"newest_us"}},
		probes: bunstore.Summary{Table: "portal_probe_summary", Keys: []string{"site_id", "probe_hour"},
			Counts: []string{"total", "failed"}},
		consults: bunstore.Summary{Table: "portal_consultation_summary",
			Keys: []string{"site_id", "received_month", "answered_month", "department"}, Counts: []string{"n"}},
	}
}

// tally is what a write adds to one summary.
type tally struct {
	sum    bunstore.Summary
	deltas []bunstore.SummaryDelta
}

// taskScope returns the scope, site and department of the rows that count
// the tasks of site (uuid.Nil: every site) and dept ("": every
// department).
func taskScope(site uuid.UUID, dept string) (scope, siteID, department string) {
	switch {
	case site != uuid.Nil && dept != "":
		return "sd", site.String(), dept
	case site != uuid.Nil:
		return "s", site.String(), ""
	case dept != "":
		return "d", "", dept
	}
	return "a", "", ""
}

// taskTallies returns what the task rows add to the task summaries, each
// with its sign (1 to count it, -1 to take it away): in each of its four
// scopes, by the month it was opened and, when it was, fixed.
func (s *Store) taskTallies(rows []*taskRow, signs []int64) []tally {
	var opened, fixed []bunstore.SummaryDelta
	for i, r := range rows {
		for _, sc := range [][3]string{{"a", "", ""}, {"d", "", r.Department}, {"s", r.SiteID, ""}, {"sd", r.SiteID, r.Department}} {
			opened = append(opened, bunstore.SummaryDelta{Key: []any{sc[0], sc[1], sc[2], summarykey.Month(r.Opened), r.Kind, r.Status},
				Counts: []int64{signs[i]}})
			if !r.Fixed.IsZero() {
				fixed = append(fixed, bunstore.SummaryDelta{Key: []any{sc[0], sc[1], sc[2], summarykey.Month(r.Fixed), r.Kind, r.Status},
					Counts: []int64{signs[i]}})
			}
		}
	}
	return []tally{{s.sums.tasksOpened, opened}, {s.sums.tasksFixed, fixed}}
}

// The deltas of one record's row: what it adds to its group (d = 1) or
// takes away (d = -1). Their keys are those the recomputing queries below
// give the same row.

func postDelta(r *postRow) bunstore.SummaryDelta {
	return bunstore.SummaryDelta{Key: []any{summarykey.Month(r.Published), r.SiteID, r.ColumnID, r.Department, r.Source},
		Counts: []int64{1, summarykey.Micros(r.Published)}}
}

func probeDelta(r *probeRow) bunstore.SummaryDelta {
	failed := int64(0)
	if !r.OK {
		failed = 1
	}
	return bunstore.SummaryDelta{Key: []any{r.SiteID, summarykey.Hour(r.At)}, Counts: []int64{1, failed}}
}

func consultDelta(r *consultationRow, d int64) bunstore.SummaryDelta {
	return bunstore.SummaryDelta{Key: []any{r.SiteID, summarykey.Month(r.Received), summarykey.Month(r.Answered), r.Department},
		Counts: []int64{d}}
}

// monthOf is the SQL of the month (yyyymm in Asia/Shanghai, UTC+8 all
// year) of the time column col, 0 for NULL: summarykey.Month's.
func monthOf(d dialect.Name, col string) string {
	switch d {
	case dialect.PG:
		return fmt.Sprintf("COALESCE(CAST(to_char(%s AT TIME ZONE 'UTC' + INTERVAL '8 hours', 'YYYYMM') AS INTEGER), 0)", col)
	case dialect.MySQL:
		return fmt.Sprintf("COALESCE(EXTRACT(YEAR_MONTH FROM DATE_ADD(%s, INTERVAL 8 HOUR)), 0)", col)
	}
	return fmt.Sprintf("COALESCE(CAST(strftime('%%Y%%m', %s, '+8 hours') AS INTEGER), 0)", col)
}

// hourOf is the SQL of the hour (yyyymmddhh in UTC) of the time column
// col, 0 for NULL: summarykey.Hour's.
func hourOf(d dialect.Name, col string) string {
	switch d {
	case dialect.PG:
		return fmt.Sprintf("COALESCE(CAST(to_char(%s AT TIME ZONE 'UTC', 'YYYYMMDDHH24') AS BIGINT), 0)", col)
	case dialect.MySQL:
		return fmt.Sprintf("COALESCE(CAST(DATE_FORMAT(%s, '%%Y%%m%%d%%H') AS SIGNED), 0)", col)
	}
	return fmt.Sprintf("COALESCE(CAST(strftime('%%Y%%m%%d%%H', %s) AS INTEGER), 0)", col)
}

// microsOf is the SQL of the time expression expr as microseconds since
// 1970 (UTC), the zero time's for NULL: summarykey.Micros's. SQLite keeps
// a time as its text, "2006-01-02 15:04:05.999999+00:00", whose fraction
// is what lies between the seconds and the zone.
func microsOf(d dialect.Name, expr string) string {
	var us string
	switch d {
	case dialect.PG:
		us = fmt.Sprintf("CAST(EXTRACT(EPOCH FROM date_trunc('second', %[1]s)) AS BIGINT) * 1000000 + CAST(EXTRACT(MICROSECONDS FROM %[1]s) AS BIGINT) %% 1000000", expr)
	case dialect.MySQL:
		us = fmt.Sprintf("TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', %s)", expr)
	default:
		us = fmt.Sprintf("CAST(strftime('%%s', %[1]s) AS INTEGER) * 1000000 + CAST(ROUND(CAST(substr(%[1]s, 20, length(%[1]s) - 25) AS REAL) * 1000000) AS INTEGER)", expr)
	}
	return fmt.Sprintf("COALESCE(%s, %d)", us, summarykey.Micros(time.Time{}))
}

// The full scans that recompute each summary from its records: the key
// columns, then the counts, one row per group.

// recountTasks returns the recount of a task summary by the month of the
// time column col (opened or fixed; a task whose col is NULL counts in no
// fixed row when only is set), in its four scopes.
func recountTasks(col string, only bool) func(db bun.IDB) *bun.SelectQuery {
	return func(db bun.IDB) *bun.SelectQuery {
		m := monthOf(db.Dialect().Name(), col)
		from := " FROM portal_tasks"
		if only {
			from += " WHERE " + col + " IS NOT NULL"
		}
		scopes := strings.Join([]string{
			"SELECT 'a' AS scope, '' AS site_id, '' AS department, " + m + " AS month, kind, status, COUNT(*) AS n" + from + " GROUP BY 4, 5, 6",
			"SELECT 'd', '', department, " + m + ", kind, status, COUNT(*)" + from + " GROUP BY 3, 4, 5, 6",
			"SELECT 's', site_id, '', " + m + ", kind, status, COUNT(*)" + from + " GROUP BY 2, 4, 5, 6",
			"SELECT 'sd', site_id, department, " + m + ", kind, status, COUNT(*)" + from + " GROUP BY 2, 3, 4, 5, 6",
		}, " UNION ALL ")
		return db.NewSelect().ColumnExpr("*").TableExpr("(" + scopes + ") AS scoped")
	}
}

func recountPosts(db bun.IDB) *bun.SelectQuery {
	d := db.Dialect().Name()
	return db.NewSelect().TableExpr("portal_posts").
		ColumnExpr(monthOf(d, "published") + ", site_id, column_id, department, source, COUNT(*), " + microsOf(d, "MAX(published)")).
		GroupExpr("1, 2, 3, 4, 5")
}

func recountProbes(db bun.IDB) *bun.SelectQuery {
	d := db.Dialect().Name()
	return db.NewSelect().TableExpr("portal_probes").
		ColumnExpr("site_id, " + hourOf(d, "probed_at") + ", COUNT(*), SUM(CASE WHEN ok THEN 0 ELSE 1 END)").
		GroupExpr("1, 2")
}

func recountConsultations(db bun.IDB) *bun.SelectQuery {
	d := db.Dialect().Name()
	return db.NewSelect().TableExpr("portal_consultations").
		ColumnExpr("site_id, " + monthOf(d, "received") + ", " + monthOf(d, "answered") + ", department, COUNT(*)").
		GroupExpr("1, 2, 3, 4")
}

var _ govops.SummaryKeeper = (*Store)(nil)

// RepairSummaries implements govops.SummaryKeeper: each summary table is
// compared with its records counted anew (bunstore.Summary.Repair) and,
// with repair set, replaced when it differs.
func (s *Store) RepairSummaries(ctx context.Context, repair bool) (govops.SummaryReport, error) {
	var rep govops.SummaryReport
	for _, r := range []struct {
		sum     bunstore.Summary
		recount func(bun.IDB) *bun.SelectQuery
	}{
		{s.sums.tasksOpened, recountTasks("opened", false)}, {s.sums.tasksFixed, recountTasks("fixed", true)},
		{s.sums.posts, recountPosts}, {s.sums.probes, recountProbes},
		{s.sums.consults, recountConsultations},
	} {
		chk, err := r.sum.Repair(ctx, s.db, r.recount, repair)
		if err != nil {
			return rep, errs.Err("repair "+r.sum.Table, err)
		}
		rep.Summaries = append(rep.Summaries, chk)
	}
	return rep, nil
}

// count adds the tallies' deltas to their summaries within tx, in their
// order: a write's last statements.
func (s *Store) count(ctx context.Context, tx bun.IDB, ts ...tally) error {
	if s.skipSummaries {
		return nil
	}
	for _, t := range ts {
		if err := t.sum.Add(ctx, tx, t.deltas...); err != nil {
			return err
		}
	}
	return nil
}

// writeCounted runs fn, appends events and adds the tallies that tallies
// returns, in one transaction and in that order: records, events,
// summaries, the order every writer locks them in.
func (s *Store) writeCounted(ctx context.Context, op string, events []portal.Event, taken bunstore.Refusal,
	fn func(ctx context.Context, tx bun.Tx) error, tallies func() []tally) error {
	evs := toEventRows(events)
	return s.write(ctx, op, nil, taken, func(ctx context.Context, tx bun.Tx) error {
		if err := fn(ctx, tx); err != nil {
			return err
		}
		if err := bunstore.InsertChunked(ctx, tx, evs); err != nil {
			return err
		}
		return s.count(ctx, tx, tallies()...)
	})
}

// stored reads the stored row of id into row, for a write to take the row
// it replaces out of its group; found is false when there is none (the
// write then fails on its own, with ENOTFOUND).
func stored[R any](ctx context.Context, tx bun.IDB, row *R, id string) (found bool, err error) {
	err = tx.NewSelect().Model(row).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}
