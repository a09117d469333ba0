package directory_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/directory/directorymem"
)

func TestService_Update(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s, c := MustOpenService(t)
		mustCreate(t, s, district()...)
		c.Advance(time.Hour)
		d, err := s.Update(ctx, center(), "QZFJ", directory.UpdateInput{Name: ptr(" 区人民政府办公室 "), Zone: ptr(directory.ZoneUrban),
			Parent: ptr("changtang"), IfVersion: 1})
		if err != nil {
			t.Fatal(err)
		}
		if d.Name != "区人民政府办公室" || d.Zone != directory.ZoneUrban || d.Parent != "changtang" || d.Kind != directory.KindDepartment ||
			d.Version != 2 || !d.UpdatedAt.Equal(c.Now().Truncate(time.Microsecond)) || d.CreatedAt.Equal(d.UpdatedAt) {
			t.Fatalf("updated %+v", d)
		}
		evs, err := s.Events(ctx, center(), "QZFJ")
		if err != nil || len(evs) != 2 {
			t.Fatalf("Events = %v, %v", evs, err)
		}
		e := evs[1]
		if e.Type != directory.EventUpdated || e.Seq != 2 || e.From != directory.StatusActive || e.To != directory.StatusActive ||
			e.Note != "name: 区政府办 → 区人民政府办公室; parent: (none) → changtang; zone: building → urban" {
			t.Fatalf("updated event %+v", e)
		}
	})
	t.Run("NothingChanged", func(t *testing.T) {
		s, _ := MustOpenService(t)
		mustCreate(t, s, district()...)
		d, err := s.Update(ctx, center(), "yuejin", directory.UpdateInput{Name: ptr("跃进街道 "), Kind: ptr(directory.KindTownship)})
		if err != nil || d.Version != 1 {
			t.Fatalf("Update = %+v, %v; want version 1 unchanged", d, err)
		}
		if evs, _ := s.Events(ctx, center(), "yuejin"); len(evs) != 1 {
			t.Fatalf("a change that changes nothing recorded %v", evs)
		}
	})
	t.Run("ClearParentAndZone", func(t *testing.T) {
		s, _ := MustOpenService(t)
		mustCreate(t, s, district()...)
		d, err := s.Update(ctx, center(), "yuejin.c1", directory.UpdateInput{Parent: ptr(""), Zone: ptr(directory.Zone(""))})
		if err != nil || d.Parent != "" || d.Zone != "" {
			t.Fatalf("Update = %+v, %v", d, err)
		}
	})
	// The rule matrix of changes to the tree, over the district: QZFJ,
	// townships yuejin and changtang, community yuejin.c1 below yuejin,
	// village changtang.v1 below changtang, and department dept.a below
	// QZFJ with dept.b below it.
	for _, tc := range []struct {
		name   string
		code   string
		in     directory.UpdateInput
		fields map[string]string // nil: the change is made
	}{
		{"MoveVillageToOtherTownship", "changtang.v1", directory.UpdateInput{Parent: ptr("yuejin")}, nil},
		{"VillageBecomesCommunity", "changtang.v1", directory.UpdateInput{Kind: ptr(directory.KindCommunity)}, nil},
		{"TownshipWithoutChildrenBecomesDepartment", "dept.b", directory.UpdateInput{Kind: ptr(directory.KindTownship)}, nil},
		{"DepartmentUnderItsGrandchildIsACycle", "QZFJ", directory.UpdateInput{Parent: ptr("dept.b")},
			map[string]string{"parent": "dept.b is below QZFJ (dept.b → dept.a → QZFJ)"}},
		{"UnderItsChildIsACycle", "dept.a", directory.UpdateInput{Parent: ptr("dept.b")}, map[string]string{"parent": "dept.b is below dept.a"}},
		{"ErrParentItself", "dept.a", directory.UpdateInput{Parent: ptr("DEPT.A")}, map[string]string{"parent": "itself"}},
		{"ErrParentUnknown", "dept.a", directory.UpdateInput{Parent: ptr("nowhere")}, map[string]string{"parent": "no department has code"}},
		{"ErrVillageUnderDepartment", "changtang.v1", directory.UpdateInput{Parent: ptr("QZFJ")}, map[string]string{"parent": "must be a township"}},
		{"ErrDepartmentBecomesVillageUnderDepartment", "dept.b", directory.UpdateInput{Kind: ptr(directory.KindVillage)},
			map[string]string{"parent": "must be a township"}},
		{"ErrTownshipWithVillagesBecomesDepartment", "changtang", directory.UpdateInput{Kind: ptr(directory.KindDepartment)},
			map[string]string{"kind": "1 villages and communities are below township changtang"}},
		{"ErrEveryFieldAtOnce", "dept.a", directory.UpdateInput{Name: ptr(""), Kind: ptr(directory.Kind("x")), Zone: ptr(directory.Zone("x")),
			Parent: ptr("a b"), IfVersion: -1},
			map[string]string{"name": "required", "kind": "unknown kind", "zone": "unknown zone", "parent": "letters", "if_version": "negative"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := MustOpenService(t)
			mustCreate(t, s, district()...)
			mustCreate(t, s, directory.CreateInput{Code: "dept.a", Name: "甲", Parent: "QZFJ"},
				directory.CreateInput{Code: "dept.b", Name: "乙", Parent: "dept.a"})
			before, _ := s.Get(ctx, center(), tc.code)
			d, err := s.Update(ctx, center(), tc.code, tc.in)
			if tc.fields == nil {
				if err != nil || d.Version != 2 {
					t.Fatalf("Update = %+v, %v; want the change made", d, err)
				}
				return
			}
			mustFields(t, err, tc.fields)
			if after, _ := s.Get(ctx, center(), tc.code); *after != *before {
				t.Fatalf("a refused change changed %+v into %+v", before, after)
			}
		})
	}
	t.Run("ErrStaleVersion", func(t *testing.T) {
		s, _ := MustOpenService(t)
		mustCreate(t, s, district()...)
		if _, err := s.Update(ctx, center(), "QZFJ", directory.UpdateInput{Name: ptr("a"), IfVersion: 1}); err != nil {
			t.Fatal(err)
		}
		_, err := s.Update(ctx, center(), "QZFJ", directory.UpdateInput{Name: ptr("b"), IfVersion: 1})
		mustCode(t, err, govops.ECONFLICT)
		if !strings.Contains(govops.ErrorMessage(err), "at version 2, not 1") {
			t.Fatalf("message %q does not name both versions", govops.ErrorMessage(err))
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		s, _ := MustOpenService(t)
		_, err := s.Update(ctx, center(), "nowhere", directory.UpdateInput{Name: ptr("x")})
		mustCode(t, err, govops.ENOTFOUND)
	})
	t.Run("DissolvedUnitUnderDissolvedParent", func(t *testing.T) {
		// A dissolved unit may be filed below another dissolved one: only
		// an active unit needs an active parent.
		s, _ := MustOpenService(t)
		mustCreate(t, s, district()...)
		for _, code := range []string{"changtang.v1", "QZFJ"} {
			if _, err := s.Dissolve(ctx, center(), code, "撤并", 0); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Update(ctx, center(), "changtang.v1", directory.UpdateInput{Parent: ptr("QZFJ"), Kind: ptr(directory.KindDepartment)}); err != nil {
			t.Fatal(err)
		}
		_, err := s.Update(ctx, center(), "yuejin.c1", directory.UpdateInput{Parent: ptr("QZFJ"), Kind: ptr(directory.KindDepartment)})
		mustFields(t, err, map[string]string{"parent": "QZFJ is dissolved"})
	})
}

func TestService_Dissolve(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s, _ := MustOpenService(t)
		mustCreate(t, s, district()...)
		d, err := s.Dissolve(ctx, center(), "changtang.v1", "撤村建居", 1)
		if err != nil || d.Status != directory.StatusDissolved || d.Version != 2 {
			t.Fatalf("Dissolve = %+v, %v", d, err)
		}
		evs, _ := s.Events(ctx, center(), "changtang.v1")
		if e := evs[len(evs)-1]; e.Type != directory.EventDissolved || e.From != directory.StatusActive || e.To != directory.StatusDissolved || e.Note != "撤村建居" || e.Seq != 2 {
			t.Fatalf("dissolved event %+v", e)
		}
		// With its only village dissolved, the township may go too.
		if _, err := s.Dissolve(ctx, center(), "changtang", "撤镇设街道", 0); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrActiveChildren", func(t *testing.T) {
		s, _ := MustOpenService(t)
		mustCreate(t, s, district()...)
		mustCreate(t, s, directory.CreateInput{Code: "yuejin.c2", Name: "胜利社区", Kind: directory.KindCommunity, Parent: "yuejin"})
		_, err := s.Dissolve(ctx, center(), "yuejin", "撤并", 0)
		mustFields(t, err, map[string]string{"children": "2 active units below it"})
	})
	t.Run("ErrAlreadyDissolved", func(t *testing.T) {
		s, _ := MustOpenService(t)
		mustCreate(t, s, district()...)
		if _, err := s.Dissolve(ctx, center(), "QZFJ", "撤并", 0); err != nil {
			t.Fatal(err)
		}
		_, err := s.Dissolve(ctx, center(), "QZFJ", "again", 0)
		mustCode(t, err, govops.ECONFLICT)
		if msg := govops.ErrorMessage(err); msg != "department QZFJ is dissolved (撤销): only active departments can be dissolved" {
			t.Fatalf("message %q", msg)
		}
	})
	t.Run("ErrBadInput", func(t *testing.T) {
		s, _ := MustOpenService(t)
		_, err := s.Dissolve(ctx, center(), "a b", " ", -2)
		mustFields(t, err, map[string]string{"code": "letters", "reason": "required", "if_version": "negative"})
		_, err = s.Dissolve(ctx, center(), "QZFJ", strings.Repeat("因", directory.MaxReasonLen+1), 0)
		mustFields(t, err, map[string]string{"reason": "at most 1000"})
	})
	t.Run("ErrStaleVersion", func(t *testing.T) {
		s, _ := MustOpenService(t)
		mustCreate(t, s, district()...)
		_, err := s.Dissolve(ctx, center(), "QZFJ", "撤并", 3)
		mustCode(t, err, govops.ECONFLICT)
	})
}

func TestService_Restore(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t)
	mustCreate(t, s, district()...)
	for _, code := range []string{"changtang.v1", "changtang"} {
		if _, err := s.Dissolve(ctx, center(), code, "撤并", 0); err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.Restore(ctx, center(), "changtang.v1", "", 0)
	mustFields(t, err, map[string]string{"parent": "changtang is dissolved (撤销): restore it first"})
	d, err := s.Restore(ctx, center(), "changtang", "撤并撤销", 2)
	if err != nil || d.Status != directory.StatusActive || d.Version != 3 {
		t.Fatalf("Restore = %+v, %v", d, err)
	}
	if _, err := s.Restore(ctx, center(), "changtang.v1", "", 0); err != nil {
		t.Fatal(err)
	}
	evs, _ := s.Events(ctx, center(), "changtang")
	if e := evs[2]; e.Type != directory.EventRestored || e.From != directory.StatusDissolved || e.To != directory.StatusActive || e.Note != "撤并撤销" {
		t.Fatalf("restored event %+v", e)
	}
	_, err = s.Restore(ctx, center(), "changtang", "", 0)
	mustCode(t, err, govops.ECONFLICT)
	if msg := govops.ErrorMessage(err); msg != "department changtang is active (在用): only dissolved departments can be restored" {
		t.Fatalf("message %q", msg)
	}
	if err := s.Check().Check(ctx, "changtang.v1"); err != nil {
		t.Fatalf("a restored unit takes work again: %v", err)
	}
}

// racingStore lets another writer change the department first on the
// first n updates, as a concurrent request would.
type racingStore struct {
	*directorymem.Store
	races atomic.Int32
}

func (s *racingStore) Update(ctx context.Context, d *directory.Department, events []directory.Event) error {
	if s.races.Add(-1) >= 0 {
		cur, err := s.Department(ctx, d.Code)
		if err != nil {
			return err
		}
		other := *cur
		other.Zone, other.Version = directory.ZoneSuburban, cur.Version+1
		ev, err := govops.NewEvent(other.ID, other.Version, directory.EventUpdated, govops.Actor{Name: "another writer"},
			time.Now(), cur.Status, other.Status)
		if err != nil {
			return err
		}
		ev.Department, ev.Note = other.Code, "zone: "+string(cur.Zone)+" → suburban"
		if err := s.Store.Update(ctx, &other, []directory.Event{ev}); err != nil {
			return err
		}
	}
	return s.Store.Update(ctx, d, events)
}

func TestService_RetriesLostRace(t *testing.T) {
	ctx := context.Background()
	st := &racingStore{Store: directorymem.New()}
	s := directory.NewService(st)
	mustCreate(t, s, district()...)

	st.races.Store(2)
	d, err := s.Update(ctx, center(), "QZFJ", directory.UpdateInput{Name: ptr("区人民政府办公室")})
	if err != nil || d.Version != 4 || d.Zone != directory.ZoneSuburban || d.Name != "区人民政府办公室" {
		t.Fatalf("Update = %+v, %v; want the name written on top of the two changes that won, at version 4", d, err)
	}
	st.races.Store(1)
	_, err = s.Update(ctx, center(), "QZFJ", directory.UpdateInput{Name: ptr("又一个名称"), IfVersion: 4})
	mustCode(t, err, govops.ECONFLICT) // a write that names its version is not tried again
	st.races.Store(1)
	if _, err := s.Dissolve(ctx, center(), "QZFJ", "撤并", 0); err != nil {
		t.Fatalf("Dissolve after a lost race: %v", err)
	}
}

func TestService_Permissions(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t)
	mustCreate(t, s, district()...)
	writes := map[string]func(by govops.Actor) error{
		"Create": func(by govops.Actor) error {
			_, err := s.Create(ctx, by, directory.CreateInput{Code: "new", Name: "新单位"})
			return err
		},
		"Update": func(by govops.Actor) error {
			_, err := s.Update(ctx, by, "QZFJ", directory.UpdateInput{Name: ptr("x")})
			return err
		},
		"Dissolve": func(by govops.Actor) error { _, err := s.Dissolve(ctx, by, "QZFJ", "x", 0); return err },
		"Restore":  func(by govops.Actor) error { _, err := s.Restore(ctx, by, "QZFJ", "x", 0); return err },
		"Import": func(by govops.Actor) error {
			_, err := s.Import(ctx, by, failingReader{}, directory.ImportOptions{})
			return err
		},
	}
	for name, write := range writes {
		t.Run(name, func(t *testing.T) {
			for _, tc := range []struct {
				by   govops.Actor
				code string
			}{
				{deptActor(), govops.EFORBIDDEN},
				{viewer(), govops.EFORBIDDEN},
				{govops.Actor{Name: "审计", Department: "QZFJ", ReadOnly: true}, govops.EFORBIDDEN},
				{govops.Actor{}, govops.EINVALID},
			} {
				mustCode(t, write(tc.by), tc.code)
			}
		})
	}
	d, err := s.Get(ctx, center(), "QZFJ")
	if err != nil || d.Version != 1 {
		t.Fatalf("a refused write changed QZFJ: %+v, %v", d, err)
	}
}

// failingReader fails every read: an import refused for its actor must not
// read it.
type failingReader struct{}

func (failingReader) Read([]byte) (int, error) {
	panic("the import read a file its actor may not import")
}
