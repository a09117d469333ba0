package directory_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/directory/directorymem"
)

// Center staff add a township and a village below it; a village below
// anything but a township is refused, naming the field.
func ExampleService_Create() {
	ctx := context.Background()
	s := directory.NewService(directorymem.New())
	staff := govops.Actor{Name: "中心-王芳"}

	town, err := s.Create(ctx, staff, directory.CreateInput{Code: "changtang", Name: "长塘镇",
		Kind: directory.KindTownship, Zone: directory.ZoneSuburban})
	if err != nil {
		panic(err)
	}
	village, err := s.Create(ctx, staff, directory.CreateInput{Code: "changtang.v1", Name: "长塘村",
		Kind: directory.KindVillage, Parent: town.Code, Zone: directory.ZoneSuburban})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s %s (%s, %s) below %s, version %d\n", village.Code, village.Name, village.Kind.Label(), village.Zone.Label(), village.Parent, village.Version)

	_, err = s.Create(ctx, staff, directory.CreateInput{Code: "changtang.v2", Name: "新村",
		Kind: directory.KindVillage, Parent: village.Code})
	fmt.Println(govops.ErrorCode(err), govops.ErrorFields(err)["parent"])

	_, err = s.Create(ctx, staff, directory.CreateInput{Code: "CHANGTANG", Name: "长塘"})
	fmt.Println(err)
	// Output:
	// changtang.v1 长塘村 (村, 郊区) below changtang, version 1
	// invalid changtang.v1 is a village (村), but the parent of a village (村) must be a township (乡镇街道)
	// conflict: department code CHANGTANG is taken by department changtang: codes must differ in more than letter case; use changtang or choose another code
}

// A spreadsheet of units, children before their parents, with one bad row:
// keep-good stores the others and reports the bad one.
func ExampleService_Import() {
	ctx := context.Background()
	s := directory.NewService(directorymem.New())
	file := "编码,名称,类型,上级,片区\n" +
		"yuejin.c1,跃进社区,社区,yuejin,城区\n" +
		"yuejin,跃进街道,乡镇街道,,城区\n" +
		"QZFJ,区政府办,部门,,行政大楼\n" +
		"qzfj,区政府办公室,部门,,行政大楼\n"
	rep, err := s.Import(ctx, govops.Actor{Name: "中心-王芳"}, strings.NewReader(file),
		directory.ImportOptions{Mode: csvimport.KeepGood})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d rows, %d imported\n", rep.Rows, rep.Imported)
	for _, e := range rep.Errors {
		fmt.Println(e)
	}
	// Output:
	// 4 rows, 3 imported
	// row 5, code: code qzfj is taken by QZFJ on row 4: codes must differ in more than letter case
}

// The figures the center reports, as the 2022 summary does ("184 units and
// 98 villages and communities"): active units by kind and by zone.
func ExampleService_Counts() {
	ctx := context.Background()
	s := directory.NewService(directorymem.New())
	staff := govops.Actor{Name: "中心-王芳"}
	var b strings.Builder
	b.WriteString("code,name,kind,parent,zone\n")
	for i := range 183 {
		fmt.Fprintf(&b, "d%03d,部门%d,department,,building\n", i, i)
	}
	b.WriteString("t1,跃进街道,township,,urban\nt2,长塘镇,township,,suburban\n")
	for i := range 98 {
		kind, parent, zone := "village", "t2", "suburban"
		if i%2 == 0 {
			kind, parent, zone = "community", "t1", "urban"
		}
		fmt.Fprintf(&b, "u%02d,村社%d,%s,%s,%s\n", i, i, kind, parent, zone)
	}
	if _, err := s.Import(ctx, staff, strings.NewReader(b.String()), directory.ImportOptions{}); err != nil {
		panic(err)
	}
	if _, err := s.Dissolve(ctx, staff, "d182", "机构改革撤并", 0); err != nil {
		panic(err)
	}
	c, err := s.Counts(ctx, govops.Actor{Name: "审计", ReadOnly: true})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d active units, %d dissolved\n", c.Active, c.Dissolved)
	for _, k := range directory.Kinds() {
		fmt.Printf("%s %d\n", k.Label(), c.ByKind[k])
	}
	below := c.ByKind[directory.KindVillage] + c.ByKind[directory.KindCommunity]
	fmt.Printf("%d units and %d villages and communities\n", c.Active-below, below)
	for _, z := range directory.Zones() {
		fmt.Printf("%s %d\n", z.Label(), c.ByZone[z])
	}
	// Output:
	// 282 active units, 1 dissolved
	// 部门 182
	// 乡镇街道 2
	// 村 49
	// 社区 49
	// 184 units and 98 villages and communities
	// 行政大楼 182
	// 城区 50
	// 郊区 50
}
