package refserver_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/directory/directorybun"
	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/refserver"
)

// stores returns a fresh Store of every implementation: in memory,
// bun on each dialect (PostgreSQL and MySQL skip without their DSN), and
// bun on SQLite with group commit, as the server opens it.
func stores() map[string]func(t *testing.T) refserver.Store {
	out := map[string]func(t *testing.T) refserver.Store{
		"mem": func(*testing.T) refserver.Store { return refserver.NewMemStore() },
		"bun/sqlite-grouped": func(t *testing.T) refserver.Store {
			db, err := dbopen.OpenGrouped(filepath.Join(t.TempDir(), "grouped.db"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			dir := refserver.NewBunStore(db)
			if err := dir.Migrate(context.Background()); err != nil {
				t.Fatal(err)
			}
			if !dir.GroupsCommits() {
				t.Fatal("a BunStore over dbopen.OpenGrouped does not report that it groups commits")
			}
			return dir
		},
	}
	for _, d := range dbtest.Dialects() {
		out["bun/"+dbtest.Name(d)] = func(t *testing.T) refserver.Store {
			db := dbtest.Open(t, d)
			dir := refserver.NewBunStore(db)
			ctx := context.Background()
			if err := dir.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			// A second run must be harmless.
			if err := dir.Migrate(ctx); err != nil {
				t.Fatalf("second Migrate: %v", err)
			}
			t.Cleanup(func() { dbtest.Record(t, "refserver-store", d) })
			return dir
		}
	}
	return out
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := govops.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

func TestStore_Conformance(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 1, 2, 3, 456789000, time.UTC)
	for name, open := range stores() {
		t.Run(name, func(t *testing.T) {
			t.Run("Tokens", func(t *testing.T) {
				dir := open(t)
				var ids []uuid.UUID
				for i := range 4 {
					tok := refserver.Token{ID: uuid.Must(uuid.NewV7()), Name: fmt.Sprintf("t%d", i), Role: refserver.RoleDept,
						Department: "ylj", Hash: refserver.HashToken(fmt.Sprintf("secret-%d", i)), CreatedAt: at}
					if err := dir.CreateToken(ctx, tok); err != nil {
						t.Fatal(err)
					}
					ids = append(ids, tok.ID)
				}
				dup := refserver.Token{ID: uuid.Must(uuid.NewV7()), Name: "dup", Role: refserver.RoleViewer, Hash: refserver.HashToken("secret-1"), CreatedAt: at}
				wantCode(t, dir.CreateToken(ctx, dup), govops.ECONFLICT)
				n, err := dir.CountTokens(ctx)
				if err != nil || n != 4 {
					t.Fatalf("CountTokens = %d, %v; want 4", n, err)
				}
				got, err := dir.TokenByHash(ctx, refserver.HashToken("secret-2"))
				if err != nil {
					t.Fatal(err)
				}
				if got.ID != ids[2] || got.Name != "t2" || got.Role != refserver.RoleDept || got.Department != "ylj" || !got.CreatedAt.Equal(at) || got.Revoked() || !got.LastUsedAt.IsZero() {
					t.Fatalf("TokenByHash = %+v", got)
				}
				_, err = dir.TokenByHash(ctx, refserver.HashToken("other"))
				wantCode(t, err, govops.ENOTFOUND)

				page, err := dir.Tokens(ctx, ids[0], 2)
				if err != nil {
					t.Fatal(err)
				}
				if len(page) != 2 || page[0].ID != ids[1] || page[1].ID != ids[2] {
					t.Fatalf("Tokens after first = %v", page)
				}
				all, err := dir.Tokens(ctx, uuid.Nil, 0)
				if err != nil || len(all) != 4 {
					t.Fatalf("Tokens = %d, %v", len(all), err)
				}

				if err := dir.TouchToken(ctx, ids[1], at.Add(time.Hour)); err != nil {
					t.Fatal(err)
				}
				wantCode(t, dir.TouchToken(ctx, uuid.Must(uuid.NewV7()), at), govops.ENOTFOUND)
				got, _ = dir.TokenByHash(ctx, refserver.HashToken("secret-1"))
				if !got.LastUsedAt.Equal(at.Add(time.Hour)) {
					t.Fatalf("LastUsedAt = %v", got.LastUsedAt)
				}

				rev, err := dir.RevokeToken(ctx, ids[3], at.Add(2*time.Hour))
				if err != nil {
					t.Fatal(err)
				}
				if !rev.RevokedAt.Equal(at.Add(2 * time.Hour)) {
					t.Fatalf("RevokedAt = %v", rev.RevokedAt)
				}
				again, err := dir.RevokeToken(ctx, ids[3], at.Add(5*time.Hour))
				if err != nil || !again.RevokedAt.Equal(at.Add(2*time.Hour)) {
					t.Fatalf("second revoke moved RevokedAt to %v (%v)", again.RevokedAt, err)
				}
				_, err = dir.RevokeToken(ctx, uuid.Must(uuid.NewV7()), at)
				wantCode(t, err, govops.ENOTFOUND)
			})
			t.Run("Audit", func(t *testing.T) { testAuditLog(t, open(t), at) })
			t.Run("Sessions", func(t *testing.T) { testSessions(t, open(t), at) })
		})
	}
}

// testAuditLog checks an AuditLog: every field round-trips, the order is
// newest first with the ID breaking ties, each filter selects exactly its
// events, and paging by key neither skips nor repeats an event.
func testAuditLog(t *testing.T, dir refserver.Store, at time.Time) {
	ctx := context.Background()
	tok1, tok2 := uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7())
	// IDs are made in this order, but stored out of it, and two events
	// share a time, so that the order must come from (At, ID).
	var ids []uuid.UUID
	for range 8 {
		ids = append(ids, uuid.Must(uuid.NewV7()))
	}
	evs := []refserver.AuditEvent{
		{ID: ids[5], At: at.Add(5 * time.Second), RequestID: "r5", TokenID: tok1, Actor: "中心值班", Role: refserver.RoleAdmin,
			Method: "POST", Route: "/api/v1/cases", Path: "/api/v1/cases", Status: 201, Subject: "2026-000001"},
		{ID: ids[0], At: at, Actor: refserver.AuditActorBootstrap, Route: refserver.AuditRouteBootstrap, Status: 201, Subject: tok1.String()},
		{ID: ids[2], At: at.Add(2 * time.Second), RequestID: "r2", TokenID: tok2, Actor: "跃进街道", Role: refserver.RoleDept, Department: "ylj",
			Method: "POST", Route: "/api/v1/cases/:number/accept", Path: "/api/v1/cases/2026-000001/accept", Status: 403, Subject: "2026-000001"},
		{ID: ids[3], At: at.Add(2 * time.Second), RequestID: "r3", TokenID: tok1, Actor: "中心值班", Role: refserver.RoleAdmin,
			Method: "DELETE", Route: "/api/v1/tokens/:id", Path: "/api/v1/tokens/" + tok2.String(), Status: 200, Subject: tok2.String()},
		{ID: ids[1], At: at.Add(time.Second), RequestID: "r1", TokenID: tok1, Actor: "中心值班", Role: refserver.RoleAdmin,
			Method: "POST", Route: "/api/v1/departments", Path: "/api/v1/departments", Status: 201, Subject: "ylj"},
		{ID: ids[4], At: at.Add(4 * time.Second), Actor: refserver.AuditActorCLI, Route: refserver.AuditRouteTokenRevoke, Status: 200, Subject: tok1.String()},
		{ID: ids[6], At: at.Add(6 * time.Second), RequestID: "r6", TokenID: tok1, Actor: "中心值班", Role: refserver.RoleAdmin,
			Method: "POST", Route: "/api/v1/cases/:number/dispatch", Path: "/api/v1/cases/2026-000001/dispatch", Status: 200, Subject: "2026-000001"},
		{ID: ids[7], At: at.Add(7 * time.Second), RequestID: "r7", TokenID: tok2, Actor: "跃进街道", Role: refserver.RoleDept, Department: "ylj",
			Method: "PATCH", Route: "/api/v1/x/:id", Path: "/api/v1/x/1", Status: 400},
	}
	for _, e := range evs {
		if err := dir.AppendAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, dir.AppendAudit(ctx, evs[0]), govops.ECONFLICT)
	byID := map[uuid.UUID]refserver.AuditEvent{}
	for _, e := range evs {
		byID[e.ID] = e
	}
	// Newest first; ids[3] before ids[2] at the same time.
	newest := []uuid.UUID{ids[7], ids[6], ids[5], ids[4], ids[3], ids[2], ids[1], ids[0]}
	check := func(t *testing.T, name string, f refserver.AuditFilter, want ...uuid.UUID) {
		t.Helper()
		got, err := dir.ListAudit(ctx, f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d events, want %d: %+v", name, len(got), len(want), got)
		}
		for i, e := range got {
			w := byID[want[i]]
			if e.ID != w.ID || !e.At.Equal(w.At) || e.At.Location() != time.UTC || e.RequestID != w.RequestID ||
				e.TokenID != w.TokenID || e.Actor != w.Actor || e.Role != w.Role || e.Department != w.Department ||
				e.Method != w.Method || e.Route != w.Route || e.Path != w.Path || e.Status != w.Status || e.Subject != w.Subject {
				t.Fatalf("%s: event %d = %+v, want %+v", name, i, e, w)
			}
		}
	}
	check(t, "All", refserver.AuditFilter{}, newest...)
	check(t, "Limit", refserver.AuditFilter{Limit: 2}, ids[7], ids[6])
	check(t, "Actor", refserver.AuditFilter{Actor: "中心值班"}, ids[6], ids[5], ids[3], ids[1])
	check(t, "ActorCLI", refserver.AuditFilter{Actor: refserver.AuditActorCLI}, ids[4])
	check(t, "Token", refserver.AuditFilter{TokenID: tok2}, ids[7], ids[2])
	check(t, "Subject", refserver.AuditFilter{Subject: "2026-000001"}, ids[6], ids[5], ids[2])
	check(t, "Method", refserver.AuditFilter{Method: "DELETE"}, ids[3])
	check(t, "Combined", refserver.AuditFilter{Actor: "中心值班", Method: "POST", Subject: "2026-000001"}, ids[6], ids[5])
	check(t, "FromInclusive", refserver.AuditFilter{From: at.Add(5 * time.Second)}, ids[7], ids[6], ids[5])
	check(t, "ToExclusive", refserver.AuditFilter{To: at.Add(2 * time.Second)}, ids[1], ids[0])
	check(t, "Range", refserver.AuditFilter{From: at.Add(time.Second), To: at.Add(4 * time.Second)}, ids[3], ids[2], ids[1])
	check(t, "BeforeInsideTie", refserver.AuditFilter{Before: refserver.AuditKey{At: at.Add(2 * time.Second), ID: ids[3]}}, ids[2], ids[1], ids[0])
	check(t, "BeforeWithFilter", refserver.AuditFilter{Actor: "中心值班", Before: refserver.AuditKey{At: at.Add(5 * time.Second), ID: ids[5]}, Limit: 1}, ids[3])
	check(t, "NoMatch", refserver.AuditFilter{Actor: "nobody"})

	// Paging by the key of each page's last event visits every event once.
	var paged []uuid.UUID
	var before refserver.AuditKey
	for range 10 {
		page, err := dir.ListAudit(ctx, refserver.AuditFilter{Before: before, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page {
			paged = append(paged, e.ID)
		}
		if len(page) < 3 {
			break
		}
		last := page[len(page)-1]
		before = refserver.AuditKey{At: last.At, ID: last.ID}
	}
	if fmt.Sprint(paged) != fmt.Sprint(newest) {
		t.Fatalf("paged %v, want %v", paged, newest)
	}

	// Several events at once are stored all or none.
	batch := func(actor string, n int) []refserver.AuditEvent {
		out := make([]refserver.AuditEvent, n)
		for i := range out {
			out[i] = refserver.AuditEvent{ID: uuid.Must(uuid.NewV7()), At: at.Add(-time.Hour), Actor: actor, Route: "/r", Status: 200}
		}
		return out
	}
	stored := func(actor string) int {
		got, err := dir.ListAudit(ctx, refserver.AuditFilter{Actor: actor})
		if err != nil {
			t.Fatal(err)
		}
		return len(got)
	}
	pair := batch("batch", 2)
	wantCode(t, dir.AppendAudit(ctx, pair[0], evs[1]), govops.ECONFLICT)
	wantCode(t, dir.AppendAudit(ctx, pair[0], pair[0]), govops.ECONFLICT)
	if n := stored("batch"); n != 0 {
		t.Fatalf("a refused batch stored %d events", n)
	}
	if err := dir.AppendAudit(ctx, pair...); err != nil {
		t.Fatal(err)
	}
	bulk := batch("bulk", 250) // more than one INSERT carries
	wantCode(t, dir.AppendAudit(ctx, append(bulk, pair[1])...), govops.ECONFLICT)
	if n := stored("bulk"); n != 0 {
		t.Fatalf("a refused bulk batch stored %d events", n)
	}
	if err := dir.AppendAudit(ctx, bulk...); err != nil {
		t.Fatal(err)
	}
	if err := dir.AppendAudit(ctx); err != nil {
		t.Fatalf("an empty append: %v", err)
	}
	if a, b := stored("batch"), stored("bulk"); a != 2 || b != 250 {
		t.Fatalf("stored %d and %d events, want 2 and 250", a, b)
	}
}

// TestBunStore_MigrateCodeClashes upgrades a database made before
// department codes were unique regardless of case: while it holds codes
// that differ only in case, Migrate fails, names them and changes nothing;
// once they are told apart, it succeeds and the store refuses new clashes.
func TestBunStore_MigrateCodeClashes(t *testing.T) {
	ctx := context.Background()
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			db := dbtest.Open(t, d)
			dir := refserver.NewBunStore(db)
			if err := dir.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			// Back to the schema before 20261201000002_department_code_ci.
			undo := "DROP INDEX refserver_departments_code_ci"
			if d == dbopen.MySQL {
				undo = "ALTER TABLE refserver_departments DROP COLUMN code_ci"
			}
			for _, q := range []string{undo, "DELETE FROM " + refserver.MigrationsTable + " WHERE name = '20261201000002'"} {
				if _, err := db.ExecContext(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			for _, code := range []string{"yuejin", "YUEJIN", "jfj", "JFJ", "Jfj", "ylj"} {
				if err := insertOldDepartment(ctx, db, code, "township", ""); err != nil {
					t.Fatalf("before the migration, %s: %v", code, err)
				}
			}

			err := dir.Migrate(ctx)
			if err == nil {
				t.Fatal("Migrate succeeded over codes that differ only in case")
			}
			t.Logf("Migrate: %v", err)
			msg := err.Error()
			for _, want := range []string{"letter case", "yuejin", "YUEJIN", "jfj", "JFJ", "Jfj", "migrate again"} {
				if !strings.Contains(msg, want) {
					t.Fatalf("the error does not say %q: %v", want, err)
				}
			}
			if strings.Contains(msg, "ylj") {
				t.Fatalf("the error names ylj, which clashes with nothing: %v", err)
			}
			if strings.Count(msg, "refserver: migrate") != 1 {
				t.Errorf("the error repeats its context: %v", err)
			}
			if err := dir.Migrate(ctx); err == nil {
				t.Fatal("a second Migrate succeeded over the same codes")
			}

			// Telling the codes apart lets the migration through.
			if _, err := db.ExecContext(ctx, "DELETE FROM refserver_departments WHERE code IN ('YUEJIN', 'JFJ', 'Jfj')"); err != nil {
				t.Fatal(err)
			}
			if err := dir.Migrate(ctx); err != nil {
				t.Fatalf("Migrate after the clashes were resolved: %v", err)
			}
			if err := insertOldDepartment(ctx, db, "YUEJIN", "township", ""); err == nil {
				t.Fatal("after the migration, the table took YUEJIN beside yuejin")
			}
			if err := insertOldDepartment(ctx, db, "YUEJIN2", "township", ""); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// insertOldDepartment adds a row to refserver_departments, where the server
// kept its departments before the directory became a domain of its own.
func insertOldDepartment(ctx context.Context, db *bun.DB, code, kind, parent string) error {
	_, err := db.ExecContext(ctx, "INSERT INTO refserver_departments (code, name, kind, parent, created_at) VALUES (?, ?, ?, ?, ?)",
		code, "单位"+code, kind, parent, time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC))
	return err
}

// TestBunStore_MoveDepartments upgrades a database whose departments the
// server kept itself: they move into the directory, children listed
// before their parents included, with a created event each; the old table
// is dropped; a second run changes nothing.
func TestBunStore_MoveDepartments(t *testing.T) {
	ctx := context.Background()
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			db := dbtest.Open(t, d)
			dir := refserver.NewBunStore(db)
			depsStore := directorybun.New(db)
			for _, migrate := range []func(context.Context) error{depsStore.Migrate, dir.Migrate} {
				if err := migrate(ctx); err != nil {
					t.Fatal(err)
				}
			}
			for _, r := range [][3]string{{"a-village", "village", "ylj"}, {"ylj", "township", ""}, {"zwb", "department", ""}} {
				if err := insertOldDepartment(ctx, db, r[0], r[1], r[2]); err != nil {
					t.Fatal(err)
				}
			}
			deps := directory.NewService(depsStore)
			// One is in the directory already, as after a run that stopped
			// half way.
			center := govops.Actor{Name: "中心"}
			if _, err := deps.Create(ctx, center, directory.CreateInput{Code: "zwb", Name: "政务办"}); err != nil {
				t.Fatal(err)
			}
			n, err := dir.MoveDepartments(ctx, deps, "refserver migrate")
			if err != nil || n != 2 {
				t.Fatalf("MoveDepartments = %d, %v; want 2 moved", n, err)
			}
			v, err := deps.Get(ctx, center, "a-village")
			if err != nil || v.Parent != "ylj" || v.Kind != directory.KindVillage || v.Name != "单位a-village" {
				t.Fatalf("a-village = %+v, %v", v, err)
			}
			if z, _ := deps.Get(ctx, center, "zwb"); z.Name != "政务办" {
				t.Fatalf("zwb was overwritten: %+v", z)
			}
			evs, err := deps.Events(ctx, center, "ylj")
			if err != nil || len(evs) != 1 || evs[0].Actor != "refserver migrate" {
				t.Fatalf("events of ylj = %+v, %v", evs, err)
			}
			if err := insertOldDepartment(ctx, db, "late", "department", ""); err == nil {
				t.Fatal("refserver_departments is still there")
			}
			if n, err := dir.MoveDepartments(ctx, deps, "refserver migrate"); err != nil || n != 0 {
				t.Fatalf("second MoveDepartments = %d, %v", n, err)
			}
			if err := dir.Migrate(ctx); err != nil {
				t.Fatalf("Migrate after the move: %v", err)
			}
		})
	}
}
