package govcase_test

import (
	"context"
	"fmt"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/govcase/govcasemem"
)

// A hotline case from registration to closing, on the in-memory store.
func Example() {
	ctx := context.Background()
	// 2022-10-08 was a Saturday worked in lieu of National Day, and so was
	// the Sunday after it: a 咨询 due in 3 working days is due on Tuesday.
	clock := at("2022-10-08 09:00")
	svc := govcase.NewService(govcasemem.New(), govcase.WithNow(func() time.Time { return clock }))
	center := govcase.Actor{Name: "值班员"}
	dept := govcase.Actor{Name: "经办人", Department: "YJ"}

	c, _ := svc.Register(ctx, govcase.RegisterInput{
		By: center, Kind: govcase.KindHotline, Category: govcase.CategoryConsult,
		Source: govcase.SourcePhone, Title: "咨询社保卡办理地点",
		Reporter: govcase.Contact{Name: "李四", Phone: "13900001111"},
	})
	c, _ = svc.Dispatch(ctx, c.Number, govcase.DispatchInput{ActionInput: govcase.ActionInput{By: center}, Department: "YJ"})
	fmt.Println(c.Number, c.Status.Label(), "resolve by", c.ResolveBy.In(govops.ShanghaiLocation()).Format("2006-01-02 15:04"))
	c, _ = svc.Accept(ctx, c.Number, govcase.ActionInput{By: dept})
	c, _ = svc.Reply(ctx, c.Number, govcase.ActionInput{By: dept, Note: "已告知办理地点"})
	c, _ = svc.Close(ctx, c.Number, govcase.ActionInput{By: center})
	fmt.Println(c.Status.Label(), "version", c.Version)

	viewer := govcase.Actor{Name: "审计", ReadOnly: true}
	seen, _ := svc.Get(ctx, viewer, c.Number)
	fmt.Println(seen.Reporter.Phone)
	// Output:
	// 2022-000001 派单 resolve by 2022-10-11 09:00
	// 办结 version 5
	// 139****1111
}
