package refserver_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/refserver"
)

// directories returns a fresh Directory of every implementation: in memory,
// and bun on each dialect (PostgreSQL and MySQL skip without their DSN).
func directories() map[string]func(t *testing.T) refserver.Directory {
	out := map[string]func(t *testing.T) refserver.Directory{
		"mem": func(*testing.T) refserver.Directory { return refserver.NewMemDirectory() },
	}
	for _, d := range dbtest.Dialects() {
		out["bun/"+dbtest.Name(d)] = func(t *testing.T) refserver.Directory {
			db := dbtest.Open(t, d)
			dir := refserver.NewBunDirectory(db)
			ctx := context.Background()
			if err := dir.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			// A second run must be harmless.
			if err := dir.Migrate(ctx); err != nil {
				t.Fatalf("second Migrate: %v", err)
			}
			t.Cleanup(func() { dbtest.Record(t, "refserver-directory", d) })
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

func TestDirectory_Conformance(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 1, 2, 3, 456789000, time.UTC)
	for name, open := range directories() {
		t.Run(name, func(t *testing.T) {
			t.Run("Departments", func(t *testing.T) {
				dir := open(t)
				for i := range 7 {
					d := refserver.Department{Code: fmt.Sprintf("d%02d", i), Name: fmt.Sprintf("部门%d", i), Kind: refserver.KindVillage, Parent: "d00", CreatedAt: at}
					if err := dir.CreateDepartment(ctx, d); err != nil {
						t.Fatal(err)
					}
				}
				wantCode(t, dir.CreateDepartment(ctx, refserver.Department{Code: "d03", Name: "again", Kind: refserver.KindDepartment}), govops.ECONFLICT)
				got, err := dir.Department(ctx, "d03")
				if err != nil {
					t.Fatal(err)
				}
				want := refserver.Department{Code: "d03", Name: "部门3", Kind: refserver.KindVillage, Parent: "d00", CreatedAt: at}
				if got != want {
					t.Fatalf("Department = %+v, want %+v", got, want)
				}
				_, err = dir.Department(ctx, "nope")
				wantCode(t, err, govops.ENOTFOUND)
				page, err := dir.Departments(ctx, "d02", 3)
				if err != nil {
					t.Fatal(err)
				}
				if len(page) != 3 || page[0].Code != "d03" || page[2].Code != "d05" {
					t.Fatalf("Departments after d02 = %+v", page)
				}
			})
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
		})
	}
}
