package govcase_test

import (
	"context"
	"fmt"
	"strings"
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
	center := govops.Actor{Name: "值班员"}
	dept := govops.Actor{Name: "经办人", Department: "YJ"}

	c, _ := svc.Register(ctx, center, govcase.RegisterInput{
		Kind: govcase.KindHotline, Category: govcase.CategoryConsult,
		Source: govcase.SourcePhone, Title: "咨询社保卡办理地点",
		Reporter: govcase.Contact{Name: "李四", Phone: "13900001111"},
	})
	c, _ = svc.Dispatch(ctx, center, c.Number, govcase.DispatchInput{Department: "YJ"})
	fmt.Println(c.Number, c.Status.Label(), "resolve by", c.ResolveBy.In(govops.ShanghaiLocation()).Format("2006-01-02 15:04"))
	c, _ = svc.Accept(ctx, dept, c.Number, govcase.ActionInput{})
	c, _ = svc.Reply(ctx, dept, c.Number, govcase.ActionInput{Note: "已告知办理地点", IfVersion: c.Version})
	c, _ = svc.Close(ctx, center, c.Number, govcase.ActionInput{})
	fmt.Println(c.Status.Label(), "version", c.Version)

	viewer := govops.Actor{Name: "审计", ReadOnly: true}
	seen, _ := svc.Get(ctx, viewer, c.Number)
	fmt.Println(seen.Reporter.Phone)
	// Output:
	// 2022-000001 派单 resolve by 2022-10-11 09:00
	// 办结 version 5
	// 139****1111
}

// A department pages through the open cases dispatched to it, 2 at a time:
// each page's Next resumes after its last case.
func ExampleService_List() {
	ctx := context.Background()
	svc := govcase.NewService(govcasemem.New(), govcase.WithNow(func() time.Time { return at("2024-09-30 09:00") }))
	center := govops.Actor{Name: "值班员"}
	for _, title := range []string{"路灯不亮", "井盖缺失", "道路积水", "噪音扰民", "垃圾未清运"} {
		c, _ := svc.Register(ctx, center, govcase.RegisterInput{
			Kind: govcase.KindHotline, Category: govcase.CategoryHelp, Source: govcase.SourcePhone, Title: title,
		})
		svc.Dispatch(ctx, center, c.Number, govcase.DispatchInput{Department: "YJ"})
	}

	dept := govops.Actor{Name: "经办人", Department: "YJ"}
	in := govcase.ListInput{Filter: govcase.Filter{Statuses: govcase.OpenStatuses()}, Limit: 2}
	for {
		page, err := svc.List(ctx, dept, in)
		if err != nil {
			fmt.Println(err)
			return
		}
		var line []string
		for _, c := range page.Items {
			line = append(line, c.Number+" "+c.Title)
		}
		fmt.Println(strings.Join(line, "; "))
		if page.Next == "" {
			break
		}
		in.Cursor = page.Next
	}
	// Output:
	// 2024-000005 垃圾未清运; 2024-000004 噪音扰民
	// 2024-000003 道路积水; 2024-000002 井盖缺失
	// 2024-000001 路灯不亮
}
