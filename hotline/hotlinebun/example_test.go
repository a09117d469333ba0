package hotlinebun_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/hotline/hotlinebun"
)

// Example opens a SQLite file with dbopen, opens the hotline store over it
// (Open runs the migrations, recorded in hotline_migrations), and records
// a callback through the Service, which reads it back from the database.
// A PostgreSQL or MySQL DSN works the same way.
func Example() {
	dir, err := os.MkdirTemp("", "hotlinebun-example")
	if err == nil {
		defer os.RemoveAll(dir)
		err = recordCallback(context.Background(), filepath.Join(dir, "hotline.db"))
	}
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// 2022-000101 2022-09 满意 2022-09-05 09:00:00
}

// recordCallback records one callback in the database dsn names and prints
// it as read back.
func recordCallback(ctx context.Context, dsn string) error {
	db, err := dbopen.Open(dsn) // or "postgres://…", "mysql://…"
	if err != nil {
		return err
	}
	defer db.Close()
	store, err := hotlinebun.Open(ctx, db)
	if err != nil {
		return err
	}
	defer store.Close()

	now := time.Date(2022, 9, 5, 10, 0, 0, 0, govops.ShanghaiLocation())
	svc := hotline.NewService(store, hotline.WithNow(func() time.Time { return now }))
	center := govops.Actor{Name: "center-li"}
	c, err := svc.RecordCallback(ctx, center, hotline.CallbackInput{CaseNumber: "2022-000101", Department: "yuejin",
		Result: hotline.ResultSatisfied, CalledAt: now.Add(-time.Hour), Note: "市民表示满意"})
	if err != nil {
		return err
	}
	got, err := svc.GetCallback(ctx, center, c.ID.String())
	if err != nil {
		return err
	}
	// Times are stored in UTC; the district reads them in Asia/Shanghai.
	fmt.Println(got.CaseNumber, got.Month, got.Result.Label(), got.CalledAt.In(govops.ShanghaiLocation()).Format(time.DateTime))
	return nil
}
