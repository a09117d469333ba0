package govcasebun_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/govcase/govcasebun"
)

// Example keeps the cases of a Service in a SQLite file: dbopen opens the
// database (a "postgres://…" or "mysql://…" DSN opens those instead), and
// Open runs the govcase migrations before it returns the Store.
func Example() {
	file, err := os.CreateTemp("", "cases-*.db") // an empty file is an empty database
	if err != nil {
		log.Fatal(err)
	}
	file.Close()
	defer os.Remove(file.Name())
	db, err := dbopen.Open(file.Name())
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	ctx := context.Background()
	store, err := govcasebun.Open(ctx, db)
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
	registered := time.Date(2022, 10, 8, 9, 0, 0, 0, govops.ShanghaiLocation())
	svc := govcase.NewService(store, govcase.WithNow(func() time.Time { return registered }))

	c, err := svc.Register(ctx, govops.Actor{Name: "值班员"}, govcase.RegisterInput{
		Kind: govcase.KindHotline, Category: govcase.CategoryConsult, Source: govcase.SourcePhone,
		Title: "咨询社保卡办理地点", Reporter: govcase.Contact{Name: "李四", Phone: "13900001111"},
	})
	if err != nil {
		log.Fatal(err)
	}
	stored, err := svc.Get(ctx, govops.Actor{Name: "审计", ReadOnly: true}, c.Number)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(stored.Number, stored.Status.Label(), stored.Reporter.Phone, stored.CreatedAt.Location())
	// Output:
	// 2022-000001 登记 139****1111 UTC
}
