package dbtest_test

import (
	"context"
	"testing"

	"github.com/govops-kit/govops/internal/dbtest"
)

func TestOpen(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			db := dbtest.Open(t, d)
			ctx := context.Background()
			if _, err := db.ExecContext(ctx, "CREATE TABLE probe (id INTEGER PRIMARY KEY, name VARCHAR(20))"); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ExecContext(ctx, "INSERT INTO probe (id, name) VALUES (1, '跃进街道')"); err != nil {
				t.Fatal(err)
			}
			var name string
			if err := db.QueryRowContext(ctx, "SELECT name FROM probe WHERE id = 1").Scan(&name); err != nil {
				t.Fatal(err)
			}
			if name != "跃进街道" {
				t.Fatalf("name = %q, want 跃进街道 (utf8 must round-trip)", name)
			}
		})
	}
}
