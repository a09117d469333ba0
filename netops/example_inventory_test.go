package netops_test

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
	"github.com/govops-kit/govops/netops/netopsmem"
)

// unitList is a netops.Directory over a list of units, as an embedder
// without the directory package might wire one.
type unitList []netops.Unit

func (l unitList) Units(context.Context) ([]netops.Unit, error) { return l, nil }

func (l unitList) Unit(_ context.Context, code string) (*netops.Unit, error) {
	for _, u := range l {
		if u.Code == code {
			return &u, nil
		}
	}
	return nil, govops.Errorf(govops.ENOTFOUND, "no unit %s", code)
}

// A live link whose prefixes overlap another live link's in the same
// address space is refused, naming the other link; FindOverlaps sweeps a
// whole inventory for the pairs that got in before the rule.
func ExampleFindOverlaps() {
	link := func(n byte) uuid.UUID { return uuid.UUID{15: n} }
	ps := []netops.LinkPrefix{
		{Link: link(1), Unit: "QZFJ", Prefix: netip.MustParsePrefix("10.20.0.0/16")},
		{Link: link(2), Unit: "RSJ", Prefix: netip.MustParsePrefix("10.20.5.0/24")},
		{Link: link(3), Unit: "YJJD", Prefix: netip.MustParsePrefix("10.21.0.0/24")},
		// The same range in a business private network's own space.
		{Link: link(4), Unit: "SHC", Space: "GAZW", Prefix: netip.MustParsePrefix("10.20.5.0/24")},
		{Link: link(5), Unit: "HXSQ", Prefix: netip.MustParsePrefix("2001:db8::/32")},
		{Link: link(6), Unit: "QZFJ", Prefix: netip.MustParsePrefix("2001:db8:1::/48")},
	}
	for _, o := range netops.FindOverlaps(ps) {
		fmt.Printf("%s of %s contains %s of %s\n", o.A.Prefix, o.A.Unit, o.B.Prefix, o.B.Unit)
	}
	// Output:
	// 10.20.0.0/16 of QZFJ contains 10.20.5.0/24 of RSJ
	// 2001:db8::/32 of HXSQ contains 2001:db8:1::/48 of QZFJ
}

// The extranet's coverage of the directory, by kind: a unit is connected
// when it has an active extranet link (外网接入).
func ExampleService_Coverage() {
	ctx := context.Background()
	dir := unitList{
		{Code: "QZFJ", Name: "区财政局", Kind: "department", KindLabel: "部门"},
		{Code: "RSJ", Name: "区人社局", Kind: "department", KindLabel: "部门"},
		{Code: "YJJD", Name: "跃进街道", Kind: "township", KindLabel: "乡镇街道"},
		{Code: "SHC", Name: "沙塘村", Kind: "village", KindLabel: "村"},
		{Code: "HXSQ", Name: "华鑫社区", Kind: "community", KindLabel: "社区"},
	}
	s := netops.NewService(netopsmem.New(), netops.WithDirectory(dir))
	staff := govops.Actor{Name: "中心-王芳"}
	if _, err := s.CreateSite(ctx, staff, netops.SiteInput{Code: "XZDL", Name: "行政大楼", Zone: netops.ZoneBuilding}); err != nil {
		panic(err)
	}
	csv := "单位代码,站点,运营商,线路类型,IP地址段,状态\n" +
		"QZFJ,XZDL,中国电信,外网接入,10.1.0.0/24,在用\n" +
		"YJJD,XZDL,中国电信,外网接入,10.2.0.0/24,在用\n" +
		"SHC,XZDL,中国移动,外网接入,10.3.0.0/24,在用\n" +
		"HXSQ,XZDL,中国移动,外网接入,10.3.0.128/25,在用\n" +
		"RSJ,XZDL,中国联通,互联网专线,,在用\n"
	rep, err := s.ImportLinks(ctx, staff, strings.NewReader(csv), netops.ImportOptions{Mode: "keep_good"})
	if err != nil {
		panic(err)
	}
	for _, e := range rep.Errors {
		fmt.Println(e)
	}
	c, err := s.Coverage(ctx, staff)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d of %d units connected: %s\n", c.Connected, c.Units, c.Rate)
	for _, k := range c.ByKind {
		fmt.Printf("%s %d/%d\n", k.Label, k.Connected, k.Units)
	}
	for _, u := range c.Unconnected {
		fmt.Println("not connected:", u.Code, u.Name)
	}
	_, err = s.Coverage(ctx, govops.Actor{Name: "李强", Department: "QZFJ"})
	var e *govops.Error
	fmt.Println(errors.As(err, &e) && e.Code == govops.EFORBIDDEN)
	// Output:
	// row 5, prefixes: 10.3.0.128/25 overlaps 10.3.0.0/24 of row 4 (unit SHC) in the extranet's address space
	// 3 of 5 units connected: 60.00%
	// 部门 1/2
	// 乡镇街道 1/1
	// 村 1/1
	// 社区 0/1
	// not connected: HXSQ 华鑫社区
	// not connected: RSJ 区人社局
	// true
}
