package dbtest

import (
	"context"
	"strings"
	"testing"

	"github.com/uptrace/bun"
)

// QueryPlan returns SQLite's plan of query with args (EXPLAIN QUERY
// PLAN), one step a line, for a test that a filter finds its rows through
// an index rather than by reading the table.
func QueryPlan(tb testing.TB, db bun.IDB, query string, args ...any) string {
	tb.Helper()
	var rows []struct {
		ID      int    `bun:"id"`
		Parent  int    `bun:"parent"`
		NotUsed int    `bun:"notused"`
		Detail  string `bun:"detail"`
	}
	if err := db.NewRaw("EXPLAIN QUERY PLAN "+query, args...).Scan(context.Background(), &rows); err != nil {
		tb.Fatalf("EXPLAIN QUERY PLAN: %v", err)
	}
	lines := make([]string, len(rows))
	for i, r := range rows {
		lines[i] = r.Detail
	}
	return strings.Join(lines, "\n")
}

// SelectHook returns a query hook that passes every SELECT statement the
// database runs to seen: the statement a Store's method ran, to plan.
func SelectHook(seen func(query string)) bun.QueryHook { return selectHook{seen} }

type selectHook struct{ seen func(query string) }

func (selectHook) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context { return ctx }

func (h selectHook) AfterQuery(_ context.Context, e *bun.QueryEvent) {
	if strings.HasPrefix(e.Query, "SELECT") {
		h.seen(e.Query)
	}
}
