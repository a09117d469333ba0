package directory_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/directory"
)

// FuzzImport imports any bytes into a small district and checks what a
// user relies on, whatever the file: a bad header is an EINVALID error
// without a report; every row read is imported or reported, all of them or
// none in all-or-nothing mode; and the directory stays a tree: codes
// unique in any case, every parent stored, active units below active ones,
// villages and communities below townships, no cycle.
func FuzzImport(f *testing.F) {
	gb, err := os.ReadFile("testdata/departments-gb18030.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(gb, true)
	f.Add([]byte("code,name,kind,parent,zone\nb,乙,,a,\na,甲,township,,urban\nv,村,村,a,郊区\n"), false)
	f.Add([]byte("code,name,parent\nc1,甲,c2\nc2,乙,c1\nc3,丙,c3\nqzfj,区政府办,\nx,某,yuejin\n"), true)
	f.Add([]byte("\ufeff编码,名称,类型,上级编码,片区\nA,\"甲\n乙\",乡,,大楼\nA,丙,,,\n,,,,\n"), true)
	f.Add([]byte("code,name\n\"a,b\n"), false)
	f.Add([]byte(""), true)
	f.Fuzz(func(t *testing.T, data []byte, keepGood bool) {
		ctx := context.Background()
		s, _ := MustOpenService(t)
		mustCreate(t, s, district()...)
		if _, err := s.Dissolve(ctx, center(), "changtang.v1", "撤村建居", 0); err != nil {
			t.Fatal(err)
		}
		mode := csvimport.AllOrNothing
		if keepGood {
			mode = csvimport.KeepGood
		}
		rep, err := s.Import(ctx, center(), strings.NewReader(string(data)), directory.ImportOptions{Mode: mode})
		switch {
		case err != nil && rep.Rows == 0 && rep.Errors == nil:
			if govops.ErrorCode(err) != govops.EINVALID || len(govops.ErrorFields(err)) == 0 {
				t.Fatalf("a file without a report: %v; want EINVALID naming its problems", err)
			}
		case len(rep.Errors) > 0 && mode == csvimport.AllOrNothing:
			if govops.ErrorCode(err) != govops.EINVALID || rep.Imported != 0 {
				t.Fatalf("all or nothing with bad rows: %v, %d imported", err, rep.Imported)
			}
		case err != nil:
			t.Fatalf("Import: %v (%+v)", err, rep)
		case rep.Imported != rep.Rows-rep.BadRows():
			t.Fatalf("%d rows, %d bad, %d imported", rep.Rows, rep.BadRows(), rep.Imported)
		}
		for _, e := range rep.Errors {
			if e.Row < 2 || e.Problem == "" {
				t.Fatalf("row error %+v", e)
			}
		}
		requireTree(t, s, 5+rep.Imported)
	})
}

// requireTree fails t unless the directory of s holds n units that form a
// tree by the Service's rules.
func requireTree(t *testing.T, s *directory.Service, n int) {
	t.Helper()
	ctx := context.Background()
	byCode := map[string]*directory.Department{}
	keys := map[string]string{}
	for in := (directory.ListInput{Limit: 500}); ; {
		page, err := s.List(ctx, center(), in)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range page.Items {
			if other, ok := keys[directory.CodeKey(d.Code)]; ok {
				t.Fatalf("codes %s and %s differ in letter case only", other, d.Code)
			}
			keys[directory.CodeKey(d.Code)], byCode[d.Code] = d.Code, d
		}
		if in.Cursor = page.Next; in.Cursor == "" {
			break
		}
	}
	if len(byCode) != n {
		t.Fatalf("the directory holds %d units, want %d", len(byCode), n)
	}
	for _, d := range byCode {
		if !directory.ValidCode(d.Code) || !d.Kind.Valid() || !d.Zone.Valid() || d.Name == "" {
			t.Fatalf("stored %+v", d)
		}
		seen := map[string]bool{d.Code: true}
		for a := d; a.Parent != ""; {
			p, ok := byCode[a.Parent]
			switch {
			case !ok:
				t.Fatalf("%s has the parent %s, which is not stored", a.Code, a.Parent)
			case a.Active() && !p.Active():
				t.Fatalf("active %s is below dissolved %s", a.Code, p.Code)
			case (a.Kind == directory.KindVillage || a.Kind == directory.KindCommunity) && p.Kind != directory.KindTownship:
				t.Fatalf("%s %s is below %s %s", a.Kind, a.Code, p.Kind, p.Code)
			case seen[p.Code]:
				t.Fatalf("%s is its own ancestor", p.Code)
			}
			seen[p.Code] = true
			a = p
		}
	}
}
