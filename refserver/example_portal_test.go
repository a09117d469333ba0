package refserver_test

import (
	"context"
	"fmt"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/directory/directorymem"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/govcase/govcasemem"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/portal/portalmem"
	"github.com/govops-kit/govops/refserver"
)

// PortalOptions and PortalLink wire portal to the command platform both
// ways: a new task goes to its department as a case of kind portal, and
// closing the case marks the task fixed, pending the re-check. The case
// Service comes first, with the link's hook; then portal, with the cases;
// then the link is set.
func ExamplePortalLink() {
	ctx := context.Background()
	center := govops.Actor{Name: "中心"}
	deps := directory.NewService(directorymem.New())
	if _, err := deps.Create(ctx, center, directory.CreateInput{Code: "yuejin", Name: "跃进街道", Kind: directory.KindTownship}); err != nil {
		fmt.Println(err)
		return
	}
	link := new(refserver.PortalLink)
	cases := govcase.NewService(govcasemem.New(), refserver.CaseOptions(nil, deps.Check(), link.CaseHook())...)
	ps := portal.NewService(portalmem.New(), refserver.PortalOptions(nil, deps, cases)...)
	link.Set(ps)

	if _, err := ps.CreateSite(ctx, center, portal.SiteInput{Code: "LBQ-PORTAL", Name: "柳北区人民政府门户网站", Home: "https://www.liubei.gov.cn/"}); err != nil {
		fmt.Println(err)
		return
	}
	t, err := ps.OpenTask(ctx, center, portal.TaskInput{Site: "LBQ-PORTAL", Kind: portal.KindOther, Department: "yuejin", Title: "首页领导信息未更新"})
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := cases.Get(ctx, center, t.CaseNumber)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Kind, c.Department, c.Status.Label(), t.Status.Label())

	street := govops.Actor{Name: "跃进街道值班", Department: "yuejin"}
	steps := []func() (*govcase.Case, error){
		func() (*govcase.Case, error) { return cases.Accept(ctx, street, c.Number, govcase.ActionInput{}) },
		func() (*govcase.Case, error) {
			return cases.Reply(ctx, street, c.Number, govcase.ActionInput{Note: "已更新领导之窗"})
		},
		func() (*govcase.Case, error) { return cases.Close(ctx, center, c.Number, govcase.ActionInput{}) },
	}
	for _, step := range steps {
		if _, err := step(); err != nil {
			fmt.Println(err)
			return
		}
	}
	t, err = ps.Task(ctx, center, t.ID.String())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t.Status.Label(), t.CaseNumber == c.Number)
	// Output:
	// portal yuejin 派单 待整改
	// 已整改待复核 true
}
