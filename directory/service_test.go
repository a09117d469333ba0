package directory_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/directory"
)

func TestService_Create(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s, c := MustOpenService(t)
		d, err := s.Create(ctx, center(), directory.CreateInput{Code: "QZFJ", Name: "  区政府办  "})
		if err != nil {
			t.Fatal(err)
		}
		now := c.Now().UTC().Truncate(time.Microsecond)
		if d.Name != "区政府办" || d.Kind != directory.KindDepartment || d.Zone != "" || d.Parent != "" ||
			d.Status != directory.StatusActive || d.Version != 1 || !d.CreatedAt.Equal(now) || !d.UpdatedAt.Equal(now) ||
			d.CreatedAt.Location() != time.UTC || d.ID.Version() != 7 {
			t.Fatalf("created %+v; want the name trimmed, kind department, active at version 1, created now in UTC to the µs, a UUIDv7", d)
		}
		got, err := s.Get(ctx, viewer(), "QZFJ")
		if err != nil || *got != *d {
			t.Fatalf("Get = %+v, %v; want %+v", got, err, d)
		}
		evs, err := s.Events(ctx, deptActor(), "QZFJ")
		if err != nil || len(evs) != 1 {
			t.Fatalf("Events = %v, %v", evs, err)
		}
		e := evs[0]
		if e.Type != directory.EventCreated || e.Seq != 1 || e.Subject != d.ID || e.From != "" || e.To != directory.StatusActive ||
			e.Actor != center().Name || e.Department != "QZFJ" || !e.At.Equal(now) || e.Note != "" {
			t.Fatalf("created event %+v", e)
		}
	})
	t.Run("UnderParents", func(t *testing.T) {
		s, _ := MustOpenService(t)
		mustCreate(t, s, district()...)
		d, err := s.Get(ctx, center(), "changtang.v1")
		if err != nil || d.Parent != "changtang" || d.Kind != directory.KindVillage || d.Zone != directory.ZoneSuburban {
			t.Fatalf("Get = %+v, %v", d, err)
		}
	})
	t.Run("ErrEveryFieldAtOnce", func(t *testing.T) {
		s, _ := MustOpenService(t)
		_, err := s.Create(ctx, center(), directory.CreateInput{Code: "区政府办", Name: "第一行\n第二行", Kind: "office",
			Parent: "no/such", Zone: "rural"})
		mustFields(t, err, map[string]string{"code": "letters, digits", "name": "one line", "kind": "unknown kind",
			"parent": "letters, digits", "zone": "unknown zone"})
	})
	for _, tc := range []struct {
		name   string
		in     directory.CreateInput
		fields map[string]string
	}{
		{"ErrCodeRequired", directory.CreateInput{Name: "x"}, map[string]string{"code": "required"}},
		{"ErrCodeTooLong", directory.CreateInput{Code: strings.Repeat("a", 65), Name: "x"}, map[string]string{"code": "1 to 64"}},
		{"ErrCodeSpace", directory.CreateInput{Code: "QZ FJ", Name: "x"}, map[string]string{"code": "letters, digits"}},
		{"ErrNameRequired", directory.CreateInput{Code: "a", Name: "   "}, map[string]string{"name": "required"}},
		{"ErrNameTooLong", directory.CreateInput{Code: "a", Name: strings.Repeat("政", 201)}, map[string]string{"name": "at most 200"}},
		{"ErrNameTab", directory.CreateInput{Code: "a", Name: "区\t政府办"}, map[string]string{"name": "one line"}},
		{"ErrNameControl", directory.CreateInput{Code: "a", Name: "区\x00政府办"}, map[string]string{"name": "control"}},
		{"ErrNameBidi", directory.CreateInput{Code: "a", Name: "区\u202e政府办"}, map[string]string{"name": "control"}},
		{"ErrNameNotUTF8", directory.CreateInput{Code: "a", Name: "\xb2\xbf\xc3\xc5"}, map[string]string{"name": "UTF-8"}},
		{"ErrParentItself", directory.CreateInput{Code: "yuejin", Name: "x", Parent: "YUEJIN"}, map[string]string{"parent": "itself"}},
		{"ErrParentUnknown", directory.CreateInput{Code: "a", Name: "x", Parent: "nowhere"}, map[string]string{"parent": `no department has code "nowhere"`}},
		{"ErrParentOtherCase", directory.CreateInput{Code: "a", Name: "x", Parent: "QZFJ"}, map[string]string{"parent": "did you mean qzfj?"}},
		{"ErrParentDissolved", directory.CreateInput{Code: "a", Name: "x", Parent: "old"}, map[string]string{"parent": "old is dissolved"}},
		{"ErrVillageUnderDepartment", directory.CreateInput{Code: "a", Name: "x", Kind: directory.KindVillage, Parent: "qzfj"},
			map[string]string{"parent": "must be a township"}},
		{"ErrCommunityUnderVillage", directory.CreateInput{Code: "a", Name: "x", Kind: directory.KindCommunity, Parent: "changtang.v1"},
			map[string]string{"parent": "must be a township"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := MustOpenService(t)
			mustCreate(t, s, directory.CreateInput{Code: "qzfj", Name: "区政府办"}, directory.CreateInput{Code: "old", Name: "旧单位"},
				directory.CreateInput{Code: "changtang", Name: "长塘镇", Kind: directory.KindTownship},
				directory.CreateInput{Code: "changtang.v1", Name: "长塘村", Kind: directory.KindVillage, Parent: "changtang"})
			if _, err := s.Dissolve(ctx, center(), "old", "撤并", 0); err != nil {
				t.Fatal(err)
			}
			_, err := s.Create(ctx, center(), tc.in)
			mustFields(t, err, tc.fields)
			if _, err := s.Get(ctx, center(), tc.in.Code); govops.ErrorCode(err) != govops.ENOTFOUND && govops.ErrorCode(err) != govops.EINVALID {
				t.Fatalf("the refused unit was stored: %v", err)
			}
		})
	}
	// Which units may sit below which: a village or a community only below
	// a township; anything else below anything.
	for _, tc := range []struct {
		kind, parent directory.Kind
		ok           bool
	}{
		{directory.KindDepartment, directory.KindDepartment, true},
		{directory.KindDepartment, directory.KindTownship, true},
		{directory.KindTownship, directory.KindDepartment, true},
		{directory.KindVillage, directory.KindTownship, true},
		{directory.KindCommunity, directory.KindTownship, true},
		{directory.KindVillage, directory.KindDepartment, false},
		{directory.KindVillage, directory.KindCommunity, false},
		{directory.KindCommunity, directory.KindVillage, false},
		{directory.KindDepartment, directory.KindVillage, true},
	} {
		t.Run("Parent"+string(tc.parent)+"Of"+string(tc.kind), func(t *testing.T) {
			s, _ := MustOpenService(t)
			mustCreate(t, s, directory.CreateInput{Code: "top", Name: "上级", Kind: directory.KindTownship})
			mustCreate(t, s, directory.CreateInput{Code: "p", Name: "上级单位", Kind: tc.parent, Parent: parentOf(tc.parent)})
			_, err := s.Create(ctx, center(), directory.CreateInput{Code: "c", Name: "下级单位", Kind: tc.kind, Parent: "p"})
			if tc.ok && err != nil {
				t.Fatalf("a %s below a %s: %v", tc.kind, tc.parent, err)
			}
			if !tc.ok {
				mustFields(t, err, map[string]string{"parent": "must be a township"})
			}
		})
	}
	t.Run("ErrCodeTaken", func(t *testing.T) {
		s, _ := MustOpenService(t)
		mustCreate(t, s, directory.CreateInput{Code: "yuejin", Name: "跃进街道"})
		_, err := s.Create(ctx, center(), directory.CreateInput{Code: "yuejin", Name: "again"})
		mustCode(t, err, govops.ECONFLICT)
		if want := "department yuejin already exists"; govops.ErrorMessage(err) != want {
			t.Fatalf("message %q, want %q", govops.ErrorMessage(err), want)
		}
		_, err = s.Create(ctx, center(), directory.CreateInput{Code: "YUEJIN", Name: "upper"})
		mustCode(t, err, govops.ECONFLICT)
		if want := "department code YUEJIN is taken by department yuejin: codes must differ in more than letter case; use yuejin or choose another code"; govops.ErrorMessage(err) != want {
			t.Fatalf("message %q, want %q", govops.ErrorMessage(err), want)
		}
	})
}

// parentOf returns the parent a unit of kind k needs to be created: a
// township for a village or a community.
func parentOf(k directory.Kind) string {
	if k == directory.KindVillage || k == directory.KindCommunity {
		return "top"
	}
	return ""
}

func TestService_Get(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t)
	mustCreate(t, s, district()...)
	for _, by := range []govops.Actor{center(), deptActor(), viewer(), {Name: "其他部门", Department: "changtang"}} {
		if _, err := s.Get(ctx, by, "yuejin"); err != nil {
			t.Fatalf("%+v may read the directory: %v", by, err)
		}
	}
	_, err := s.Get(ctx, center(), "YUEJIN")
	mustCode(t, err, govops.ENOTFOUND) // lookups are exact
	_, err = s.Get(ctx, center(), "跃进")
	mustFields(t, err, map[string]string{"code": "letters, digits"})
	_, err = s.Get(ctx, govops.Actor{}, "yuejin")
	mustFields(t, err, map[string]string{"actor": "required"})
	_, err = s.Events(ctx, center(), "nowhere")
	mustCode(t, err, govops.ENOTFOUND)
	_, err = s.Events(ctx, center(), "")
	mustFields(t, err, map[string]string{"code": "required"})
}

func TestService_List(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t)
	mustCreate(t, s, district()...)
	mustCreate(t, s, directory.CreateInput{Code: "Yuejin.c2", Name: "胜利社区", Kind: directory.KindCommunity, Parent: "yuejin"})
	if _, err := s.Dissolve(ctx, center(), "changtang.v1", "撤村建居", 0); err != nil {
		t.Fatal(err)
	}
	codes := func(in directory.ListInput) []string {
		t.Helper()
		page, err := s.List(ctx, viewer(), in)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, d := range page.Items {
			out = append(out, d.Code)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		in   directory.ListInput
		want string
	}{
		{"All", directory.ListInput{}, "QZFJ Yuejin.c2 changtang changtang.v1 yuejin yuejin.c1"},
		{"Kinds", directory.ListInput{Filter: directory.Filter{Kinds: []directory.Kind{directory.KindVillage, directory.KindCommunity}}},
			"Yuejin.c2 changtang.v1 yuejin.c1"},
		{"Zone", directory.ListInput{Filter: directory.Filter{Zone: directory.ZoneUrban}}, "yuejin yuejin.c1"},
		{"Parent", directory.ListInput{Filter: directory.Filter{Parent: "yuejin"}}, "Yuejin.c2 yuejin.c1"},
		{"Active", directory.ListInput{Filter: directory.Filter{Status: directory.StatusActive}}, "QZFJ Yuejin.c2 changtang yuejin yuejin.c1"},
		{"Dissolved", directory.ListInput{Filter: directory.Filter{Status: directory.StatusDissolved}}, "changtang.v1"},
		{"TextCodeAnyCase", directory.ListInput{Filter: directory.Filter{Text: "YUEJIN.C"}}, "Yuejin.c2 yuejin.c1"},
		{"TextName", directory.ListInput{Filter: directory.Filter{Text: "社区"}}, "Yuejin.c2 yuejin.c1"},
		{"TextNothing", directory.ListInput{Filter: directory.Filter{Text: "%"}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Join(codes(tc.in), " "); got != tc.want {
				t.Fatalf("List = %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("Pages", func(t *testing.T) {
		var all []string
		in := directory.ListInput{Limit: 4}
		for {
			page, err := s.List(ctx, deptActor(), in)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range page.Items {
				all = append(all, d.Code)
			}
			if page.Next == "" {
				break
			}
			in.Cursor = page.Next
		}
		if got := strings.Join(all, " "); got != "QZFJ Yuejin.c2 changtang changtang.v1 yuejin yuejin.c1" {
			t.Fatalf("pages give %q", got)
		}
	})
	t.Run("ErrBadInput", func(t *testing.T) {
		_, err := s.List(ctx, center(), directory.ListInput{Filter: directory.Filter{Kinds: []directory.Kind{"office"}, Zone: "rural",
			Parent: "a b", Status: "closed", Text: "a\x00"}, Limit: 501})
		mustFields(t, err, map[string]string{"kinds": "unknown kind", "zone": "unknown zone", "parent": "letters",
			"status": "unknown status", "text": "control", "limit": "between 1 and 500"})
		_, err = s.List(ctx, center(), directory.ListInput{Cursor: "nonsense"})
		mustFields(t, err, map[string]string{"cursor": "not a cursor"})
		_, err = s.List(ctx, center(), directory.ListInput{Cursor: govops.EncodeCursor("区政府办")})
		mustFields(t, err, map[string]string{"cursor": "not a cursor"})
		_, err = s.List(ctx, govops.Actor{Name: "x", Department: "a\nb"}, directory.ListInput{})
		mustFields(t, err, map[string]string{"actor.department": "control"})
	})
}

func TestService_Counts(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t)
	got, err := s.Counts(ctx, viewer())
	if err != nil || got.Active != 0 || got.Dissolved != 0 || len(got.ByKind) != 4 || len(got.ByZone) != 4 {
		t.Fatalf("Counts of an empty directory = %+v, %v; want zeros for every kind and zone", got, err)
	}
	mustCreate(t, s, district()...)
	mustCreate(t, s, directory.CreateInput{Code: "tmp", Name: "临时机构"})
	if _, err := s.Dissolve(ctx, center(), "tmp", "撤销", 0); err != nil {
		t.Fatal(err)
	}
	got, err = s.Counts(ctx, deptActor())
	if err != nil {
		t.Fatal(err)
	}
	want := directory.Counts{Active: 5, Dissolved: 1,
		ByKind: map[directory.Kind]int64{directory.KindDepartment: 1, directory.KindTownship: 2, directory.KindVillage: 1, directory.KindCommunity: 1},
		ByZone: map[directory.Zone]int64{directory.ZoneBuilding: 1, directory.ZoneUrban: 2, directory.ZoneSuburban: 2, "": 0}}
	if got.Active != want.Active || got.Dissolved != want.Dissolved || !mapsEqual(got.ByKind, want.ByKind) || !mapsEqual(got.ByZone, want.ByZone) {
		t.Fatalf("Counts = %+v, want %+v", got, want)
	}
	_, err = s.Counts(ctx, govops.Actor{Name: " "})
	mustFields(t, err, map[string]string{"actor": "required"})
}

func mapsEqual[K comparable](a, b map[K]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestService_Check(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t)
	mustCreate(t, s, district()...)
	if _, err := s.Dissolve(ctx, center(), "changtang.v1", "撤村建居", 0); err != nil {
		t.Fatal(err)
	}
	check := s.Check()
	for _, tc := range []struct {
		code, problem string
	}{
		{"QZFJ", ""},
		{"yuejin.c1", ""},
		{"qzfj", `no department has code "qzfj"`},
		{"nowhere", `no department has code "nowhere"`},
		{"区政府办", `no department has code "区政府办"`},
		{"", `no department has code ""`},
		{"changtang.v1", "长塘村) is dissolved"},
	} {
		err := check.Check(ctx, tc.code)
		if tc.problem == "" {
			if err != nil {
				t.Errorf("Check(%q) = %v, want nil", tc.code, err)
			}
			continue
		}
		if govops.ErrorCode(err) != govops.EINVALID || !strings.Contains(govops.ErrorFields(err)["department"], tc.problem) {
			t.Errorf("Check(%q) = %v, want EINVALID naming department: %s", tc.code, err, tc.problem)
		}
	}
}
