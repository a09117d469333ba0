package main_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/internal/dbtest"
)

// isolatedDSN returns a DSN for Main on a database of dialect that no other
// test shares (dropped when t ends), and a handle on it for checks.
func isolatedDSN(t *testing.T, dialect string) (string, *bun.DB) {
	t.Helper()
	if dialect == dbopen.SQLite {
		dsn := tempDB(t)
		db, err := dbopen.Open(dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return dsn, db
	}
	db := dbtest.Open(t, dialect)
	u, err := url.Parse(dbtest.DSN(t, dialect))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var name string
	switch dialect {
	case dbopen.Postgres:
		if err := db.QueryRowContext(ctx, "SELECT current_schema()").Scan(&name); err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Set("search_path", name)
		u.RawQuery = q.Encode()
	case dbopen.MySQL:
		if err := db.QueryRowContext(ctx, "SELECT DATABASE()").Scan(&name); err != nil {
			t.Fatal(err)
		}
		u.Path = "/" + name
	}
	return u.String(), db
}

// TestMain_HotlineDialects checks that migrate and serve create the hotline
// tables on every database, that migrating twice is harmless, and that a
// hotline case's outcome reaches the assessment through the real stores.
func TestMain_HotlineDialects(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			dsn, db := isolatedDSN(t, d)
			ctx := context.Background()
			for range 2 {
				if out, err := runCommand(t, dsn, "migrate"); err != nil {
					t.Fatalf("migrate: %q, %v", out, err)
				}
			}
			for _, table := range []string{"hotline_migrations", "govcase_migrations"} {
				var n int
				if err := db.NewSelect().Table(table).ColumnExpr("COUNT(*)").Scan(ctx, &n); err != nil || n == 0 {
					t.Fatalf("%s: %d rows, %v", table, n, err)
				}
			}

			p := MustRunMain(t, dsn)
			admin := p.AdminToken(t)
			mustStatus(t, do(t, p.URL, "GET", "/readyz", "", nil), http.StatusOK)
			mustStatus(t, do(t, p.URL, "POST", "/api/v1/departments", admin, map[string]string{"code": "ylj", "name": "跃进街道"}), http.StatusCreated)
			r := mustStatus(t, do(t, p.URL, "POST", "/api/v1/cases", admin, map[string]any{
				"kind": "hotline", "category": "help", "source": "phone", "title": "井盖缺失"}), http.StatusCreated)
			n := r.str(t, "number")
			for _, a := range []struct{ action, body string }{{"dispatch", `{"department":"ylj"}`}, {"accept", ``}, {"reply", `{"reply":"已补装"}`}} {
				mustStatus(t, do(t, p.URL, "POST", "/api/v1/cases/"+n+"/"+a.action, admin, a.body), http.StatusOK)
			}
			mustStatus(t, do(t, p.URL, "POST", "/api/v1/hotline/callbacks/import", admin,
				"case_number,department,result,called_at\n"+n+",ylj,非常满意,2026-03-01 10:00\n", csvHeader...), http.StatusOK)
			mustStatus(t, do(t, p.URL, "POST", "/api/v1/hotline/deductions", admin, map[string]string{
				"department": "ylj", "month": "2026-03", "rule_code": "overdue", "reason": "超期", "points": "0.25"}), http.StatusCreated)
			var m monthView
			decode(t, do(t, p.URL, "GET", "/api/v1/hotline/assessments/2026-03", admin, nil), &m)
			ylj, ok := m.department("ylj")
			if !ok || ylj.Volume != 1 || str(ylj.SatisfactionRate) != "100.00" || str(ylj.ResponseRate) != "100.00" ||
				ylj.DeductionPoints != "0.25" || ylj.Total != "99.75" {
				t.Fatalf("ylj: %+v", ylj)
			}
		})
	}
}
