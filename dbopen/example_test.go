package dbopen_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/govcase/govcasebun"
	"github.com/govops-kit/govops/hotline/hotlinebun"
)

// Example opens a SQLite file and both bun stores over it. Each store's
// Open runs its own migrations, recorded in its own table, so the stores
// share one database with each other and with a host application.
func Example() {
	dir, err := os.MkdirTemp("", "govops-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	dsn := filepath.Join(dir, "govops.db") // or "postgres://…", "mysql://…"
	db, err := dbopen.Open(dsn)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()

	ctx := context.Background()
	cases, err := govcasebun.Open(ctx, db)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer cases.Close()
	hotline, err := hotlinebun.Open(ctx, db)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer hotline.Close()

	fmt.Println("dialect:", dbopen.Dialect(dsn))
	for _, table := range []string{govcasebun.MigrationsTable, hotlinebun.MigrationsTable} {
		n, err := db.NewSelect().TableExpr(table).Count(ctx)
		fmt.Println(table, n > 0, err)
	}
	// Output:
	// dialect: sqlite
	// govcase_migrations true <nil>
	// hotline_migrations true <nil>
}
