package directory_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/directory"
)

func TestService_Import(t *testing.T) {
	ctx := context.Background()
	t.Run("GB18030WithChineseHeaders", func(t *testing.T) {
		// As Excel on a Chinese Windows saves "CSV (逗号分隔)": GB18030, CRLF,
		// Chinese headers, kinds and zones by their labels, and children
		// before their parents.
		f, err := os.Open("testdata/departments-gb18030.csv")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		s, _ := MustOpenService(t)
		rep, err := s.Import(ctx, center(), f, directory.ImportOptions{})
		if err != nil || rep.Rows != 6 || rep.Imported != 6 || len(rep.Errors) != 0 {
			t.Fatalf("Import = %+v, %v; want 6 rows imported", rep, err)
		}
		for _, want := range []directory.Department{
			{Code: "yuejin.c1", Name: "跃进社区", Kind: directory.KindCommunity, Parent: "yuejin", Zone: directory.ZoneUrban},
			{Code: "yuejin", Name: "跃进街道", Kind: directory.KindTownship, Zone: directory.ZoneUrban},
			{Code: "QZFJ", Name: "区人民政府办公室", Kind: directory.KindDepartment, Zone: directory.ZoneBuilding},
			{Code: "changtang.v1", Name: "长塘村", Kind: directory.KindVillage, Parent: "changtang", Zone: directory.ZoneSuburban},
			{Code: "changtang", Name: "长塘镇", Kind: directory.KindTownship, Zone: directory.ZoneSuburban},
			{Code: "XXZX", Name: "区信息中心（大数据局）", Kind: directory.KindDepartment, Parent: "QZFJ", Zone: directory.ZoneBuilding},
		} {
			d, err := s.Get(ctx, center(), want.Code)
			if err != nil || d.Name != want.Name || d.Kind != want.Kind || d.Parent != want.Parent || d.Zone != want.Zone ||
				d.Status != directory.StatusActive || d.Version != 1 {
				t.Fatalf("Get(%s) = %+v, %v; want %+v", want.Code, d, err, want)
			}
		}
		evs, err := s.Events(ctx, center(), "changtang")
		if err != nil || len(evs) != 1 || evs[0].Type != directory.EventCreated || evs[0].Note != "imported from row 6" || evs[0].Actor != center().Name {
			t.Fatalf("Events = %+v, %v", evs, err)
		}
	})
	t.Run("ParentsLaterAndInTheDirectory", func(t *testing.T) {
		s, _ := MustOpenService(t)
		mustCreate(t, s, district()...)
		file := "code,name,kind,parent,zone\n" +
			"lb.g,孙,department,lb.c,\n" +
			"lb.c,子,department,lb.p,urban\n" +
			"lb.p,父,department,QZFJ,building\n" +
			"yuejin.c9,新社区,community,yuejin,urban\n"
		rep, err := mustImport(t, s, file, csvimport.AllOrNothing)
		if err != nil || rep.Imported != 4 {
			t.Fatalf("Import = %+v, %v", rep, err)
		}
		for code, parent := range map[string]string{"lb.g": "lb.c", "lb.c": "lb.p", "lb.p": "QZFJ", "yuejin.c9": "yuejin"} {
			if d, err := s.Get(ctx, center(), code); err != nil || d.Parent != parent {
				t.Fatalf("Get(%s) = %+v, %v; want parent %s", code, d, err, parent)
			}
		}
	})
	t.Run("EveryBadRowReported", func(t *testing.T) {
		file := "code,name,kind,parent,zone\n" +
			"t1,新镇,township,,suburban\n" + // 2 good
			"t2,,township,,\n" + // 3 no name
			"qzfj,区政府办,,,\n" + // 4 taken by QZFJ in the directory
			"T1,又一个镇,township,,\n" + // 5 taken by t1 on row 2
			"x1,某单位,,nowhere,\n" + // 6 unknown parent
			"v1,某村,village,QZFJ,\n" + // 7 a village below a department
			"x2,某单位,,t2,\n" + // 8 below the bad row 3
			"c1,甲,,c2,\n" + // 9 a cycle with row 10
			"c2,乙,,c1,\n" + // 10
			"x3,某单位,,old,\n" + // 11 below a dissolved unit
			"x4,某单位,居委会,,农村\n" + // 12 an unknown kind and zone
			"x5,某单位\n" + // 13 too few fields
			"t1.v1,新村,村,t1,郊区\n" + // 14 good, below row 2
			"c3,丙,,c1,\n" + // 15 below the cycle
			"x6,某单位,,T1,\n" + // 16 T1 is t1, whose code is exact
			"x7,某单位,,x7,\n" // 17 its own parent
		want := []csvimport.RowError{
			{Row: 3, Field: "name", Problem: "required"},
			{Row: 4, Field: "code", Problem: "department code qzfj is taken by department QZFJ"},
			{Row: 5, Field: "code", Problem: "code T1 is taken by t1 on row 2"},
			{Row: 6, Field: "parent", Problem: `no department has code "nowhere", in the directory or on a row of the file`},
			{Row: 7, Field: "parent", Problem: "QZFJ is a department (部门), but the parent of a village (村) must be a township"},
			{Row: 8, Field: "parent", Problem: "row 3, which adds t2, has problems"},
			{Row: 9, Field: "parent", Problem: "rows 9, 10 form a cycle of parents (c1 → c2 → c1)"},
			{Row: 10, Field: "parent", Problem: "rows 9, 10 form a cycle of parents"},
			{Row: 11, Field: "parent", Problem: "department old is dissolved"},
			{Row: 12, Field: "kind", Problem: `"居委会" is not a kind`},
			{Row: 12, Field: "zone", Problem: `"农村" is not a zone`},
			{Row: 13, Problem: "has 2 fields but the header has 5"},
			{Row: 15, Field: "parent", Problem: "row 9, which adds c1, has problems"},
			{Row: 16, Field: "parent", Problem: "did you mean t1 (row 2)?"},
			{Row: 17, Field: "parent", Problem: "itself"},
		}
		for _, mode := range []csvimport.Mode{csvimport.AllOrNothing, csvimport.KeepGood} {
			t.Run(string(mode), func(t *testing.T) {
				s, _ := MustOpenService(t)
				mustCreate(t, s, district()...)
				mustCreate(t, s, directory.CreateInput{Code: "old", Name: "旧单位"})
				if _, err := s.Dissolve(ctx, center(), "old", "撤并", 0); err != nil {
					t.Fatal(err)
				}
				rep, err := mustImport(t, s, file, mode)
				requireRowErrors(t, rep.Errors, want)
				if rep.Rows != 16 {
					t.Fatalf("read %d rows, want 16", rep.Rows)
				}
				_, errT1 := s.Get(ctx, center(), "t1")
				_, errV := s.Get(ctx, center(), "t1.v1")
				if mode == csvimport.AllOrNothing {
					mustCode(t, err, govops.EINVALID)
					if rep.Imported != 0 || errT1 == nil || errV == nil {
						t.Fatalf("all or nothing stored %d rows (t1: %v, t1.v1: %v)", rep.Imported, errT1, errV)
					}
					if !strings.Contains(govops.ErrorMessage(err), "14 rows have problems (15 in all); nothing was imported") {
						t.Fatalf("error %v", err)
					}
					return
				}
				if err != nil || rep.Imported != 2 || errT1 != nil || errV != nil {
					t.Fatalf("keep good: %v, %d imported (t1: %v, t1.v1: %v); want rows 2 and 14 stored", err, rep.Imported, errT1, errV)
				}
				if c, _ := s.Counts(ctx, center()); c.Active != 7 || c.Dissolved != 1 {
					t.Fatalf("Counts = %+v, want the 5 units, t1 and t1.v1 active", c)
				}
			})
		}
	})
	t.Run("AgainIsEveryRowTaken", func(t *testing.T) {
		s, _ := MustOpenService(t)
		file := "编码,名称\nA,甲\nb,乙\n"
		if rep, err := mustImport(t, s, file, csvimport.KeepGood); err != nil || rep.Imported != 2 {
			t.Fatalf("first import: %+v, %v", rep, err)
		}
		rep, _ := mustImport(t, s, "代码,名称\na,甲\nB,乙\n", csvimport.KeepGood)
		requireRowErrors(t, rep.Errors, []csvimport.RowError{
			{Row: 2, Field: "code", Problem: "department code a is taken by department A"},
			{Row: 3, Field: "code", Problem: "department code B is taken by department b"},
		})
		if rep.Imported != 0 {
			t.Fatalf("imported %d", rep.Imported)
		}
	})
	t.Run("ErrHeader", func(t *testing.T) {
		s, _ := MustOpenService(t)
		rep, err := s.Import(ctx, center(), strings.NewReader("编码,部门名称\nA,甲\n"), directory.ImportOptions{Mode: csvimport.KeepGood})
		mustFields(t, err, map[string]string{"header[1]": "unknown column", "name": "lacks this required column"})
		if rep.Rows != 0 || rep.Errors != nil {
			t.Fatalf("a bad header gave the report %+v", rep)
		}
	})
	t.Run("ErrMode", func(t *testing.T) {
		s, _ := MustOpenService(t)
		_, err := s.Import(ctx, center(), strings.NewReader("code,name\n"), directory.ImportOptions{Mode: "some"})
		mustFields(t, err, map[string]string{"mode": "keep_good"})
	})
	t.Run("EncodingChosen", func(t *testing.T) {
		s, _ := MustOpenService(t)
		// 部门 in GB18030, read as UTF-8 because the caller says so.
		rep, err := s.Import(ctx, center(), strings.NewReader("code,name\nA,\xb2\xbf\xc3\xc5\n"),
			directory.ImportOptions{Mode: csvimport.KeepGood, Encoding: csvimport.UTF8})
		if err != nil || len(rep.Errors) != 1 || rep.Errors[0].Field != "name" || !strings.Contains(rep.Errors[0].Problem, "not UTF-8") {
			t.Fatalf("Import = %+v, %v; want the name reported as not UTF-8", rep, err)
		}
	})
}

// requireRowErrors fails t unless got holds want's errors in order, each
// with the same row and field and a problem that holds want's.
func requireRowErrors(t *testing.T, got, want []csvimport.RowError) {
	t.Helper()
	show := func() string {
		var b strings.Builder
		for _, e := range got {
			fmt.Fprintf(&b, "\n  %s", e)
		}
		return b.String()
	}
	if len(got) != len(want) {
		t.Fatalf("%d errors, want %d:%s", len(got), len(want), show())
	}
	for i, w := range want {
		g := got[i]
		if g.Row != w.Row || g.Field != w.Field || !strings.Contains(g.Problem, w.Problem) {
			t.Fatalf("error %d is %s, want row %d, %s: …%s…; all:%s", i, g, w.Row, w.Field, w.Problem, show())
		}
	}
}
