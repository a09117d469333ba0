package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// TestCreate checks that a department and its event round-trip, that
// lookups by code are exact, and the error codes of unknown codes.
func (cases) TestCreate(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	d := unit(t, "LB-yuejin.1_x", "跃进街道办事处 (Yuèjìn) 👍", directory.KindTownship, "QZFJ", directory.ZoneUrban)
	evs := mustCreate(t, st, d)
	requireStored(t, st, d, evs, "after Create")

	t.Run("ZeroFieldsAndUTC", func(t *testing.T) {
		z := dept(t, "Z", "z")
		z.Parent, z.Zone = "", ""
		z.CreatedAt, z.UpdatedAt = z.CreatedAt.UTC(), z.UpdatedAt.UTC()
		ev := created(t, &z)
		ev.Note, ev.ActorDept = "", ""
		storetestkit.Must(t, st.Create(ctx, []directory.Department{z}, []directory.Event{ev}), "Create")
		requireStored(t, st, z, []directory.Event{ev}, "after Create")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		requireAbsent(t, st, "nowhere", "of an unknown code")
		_, err := st.Events(ctx, "nowhere")
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "Events of an unknown code")
	})
	t.Run("ExactLookup", func(t *testing.T) {
		// Codes are unique in any case, but a code in another case is not
		// the department's code.
		requireAbsent(t, st, strings.ToLower(d.Code), "in lower case")
		requireAbsent(t, st, strings.ToUpper(d.Code), "in upper case")
		_, err := st.Events(ctx, strings.ToUpper(d.Code))
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "Events of the code in upper case")
	})
	t.Run("ReturnsCopies", func(t *testing.T) {
		got, err := st.Department(ctx, d.Code)
		storetestkit.Must(t, err, "Department")
		got.Name = "changed by the caller"
		gotEvs, err := st.Events(ctx, d.Code)
		storetestkit.Must(t, err, "Events")
		gotEvs[0].Note = "changed by the caller"
		requireStored(t, st, d, evs, "after the caller changed what it got")
	})
}

// TestCodesUniqueAnyCase checks that a code is refused with ECONFLICT when
// a stored code or another code of the batch has the same CodeKey, and
// that such a batch stores nothing; and that Lookup finds the departments
// that take codes in any case.
func (cases) TestCodesUniqueAnyCase(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	yuejin := dept(t, "YueJin", "跃进街道")
	mustCreate(t, st, yuejin)
	for _, tc := range []struct {
		name  string
		batch func(t *testing.T) []directory.Department
	}{
		{"ErrSameCode", func(t *testing.T) []directory.Department {
			return []directory.Department{dept(t, "OK-1", "ok"), dept(t, "YueJin", "again")}
		}},
		{"ErrOtherCase", func(t *testing.T) []directory.Department {
			return []directory.Department{dept(t, "OK-1", "ok"), dept(t, "YUEJIN", "upper")}
		}},
		{"ErrTwiceInBatch", func(t *testing.T) []directory.Department {
			return []directory.Department{dept(t, "OK-1", "ok"), dept(t, "new-B", "b"), dept(t, "NEW-b", "b again")}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			batch := tc.batch(t)
			evs := make([]directory.Event, len(batch))
			for i := range batch {
				evs[i] = created(t, &batch[i])
			}
			storetestkit.MustCode(t, st.Create(ctx, batch, evs), govops.ECONFLICT, "Create with a taken code")
			for _, d := range batch[:len(batch)-1] {
				requireAbsent(t, st, d.Code, "of a batch that was refused")
			}
		})
	}
	t.Run("Lookup", func(t *testing.T) {
		other := dept(t, "qzfj", "区政府办")
		mustCreate(t, st, other)
		got, err := st.Lookup(ctx, []string{"yuejin", "YUEJIN", "QZFJ", "nowhere", "qzfj"})
		storetestkit.Must(t, err, "Lookup")
		storetestkit.RequireGroups(t, []directory.Department{yuejin, other}, got, func(d directory.Department) string { return d.Code }, "Lookup")
		got, err = st.Lookup(ctx, nil)
		storetestkit.Must(t, err, "Lookup of no codes")
		if len(got) != 0 {
			t.Fatalf("Lookup of no codes = %v, want none", got)
		}
	})
}

// TestBatch checks that a batch is stored whole, and not at all when one of
// its departments is refused (for one of its events, see
// TestDuplicateEventIDs).
func (cases) TestBatch(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	town := unit(t, "town", "长塘镇", directory.KindTownship, "", directory.ZoneSuburban)
	village := unit(t, "town.v1", "长塘村", directory.KindVillage, "town", directory.ZoneSuburban)
	community := unit(t, "town.c1", "长塘社区", directory.KindCommunity, "town", "")
	ds := []directory.Department{village, town, community} // children first: a store takes any order
	evs := mustCreate(t, st, ds...)
	for i, d := range ds {
		requireStored(t, st, d, evs[i:i+1], "after a batch")
	}
	storetestkit.Must(t, st.Create(ctx, nil, nil), "Create of an empty batch")

	refused := func(t *testing.T, batch []directory.Department, events []directory.Event, what string) {
		t.Helper()
		storetestkit.MustCode(t, st.Create(ctx, batch, events), govops.ECONFLICT, "Create with "+what)
		for _, d := range batch {
			if slices.ContainsFunc(ds, func(s directory.Department) bool { return s.Code == d.Code }) {
				continue
			}
			requireAbsent(t, st, d.Code, "of a batch with "+what)
		}
		for i, d := range ds {
			requireStored(t, st, d, evs[i:i+1], "after a batch with "+what)
		}
	}
	t.Run("ErrTakenID", func(t *testing.T) {
		a, b := dept(t, "a1", "a"), dept(t, "b1", "b")
		b.ID = town.ID
		refused(t, []directory.Department{a, b}, []directory.Event{created(t, &a)}, "a taken department id")
	})
	t.Run("ErrIDTwice", func(t *testing.T) {
		a, b := dept(t, "a2", "a"), dept(t, "b2", "b")
		b.ID = a.ID
		refused(t, []directory.Department{a, b}, nil, "a department id twice")
	})
}

// TestUpdate checks that a department's next version replaces it with its
// event appended, and the error codes of an unknown department and a stale
// version.
func (cases) TestUpdate(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	d := unit(t, "QZFJ", "区政府办", directory.KindDepartment, "", "")
	evs := mustCreate(t, st, d)

	next := d
	next.Name, next.Kind, next.Parent, next.Zone = "区人民政府办公室", directory.KindTownship, "top", directory.ZoneSuburban
	next.Status, next.Version, next.UpdatedAt = directory.StatusDissolved, 2, storetestkit.Micro(baseTime().Add(90*time.Minute))
	ev := event(t, &next, directory.EventDissolved, d.Status)
	storetestkit.Must(t, st.Update(ctx, &next, []directory.Event{ev}), "Update")
	evs = append(evs, ev)
	requireStored(t, st, next, evs, "after Update")

	t.Run("ErrStaleVersion", func(t *testing.T) {
		stale, ev := renamed(t, &d, "stale") // version 2 again
		storetestkit.MustCode(t, st.Update(ctx, stale, []directory.Event{ev}), govops.ECONFLICT, "Update of a stale version")
		requireStored(t, st, next, evs, "after a stale Update")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		ghost := dept(t, "ghost", "ghost")
		g2, ev := renamed(t, &ghost, "ghost 2")
		storetestkit.MustCode(t, st.Update(ctx, g2, []directory.Event{ev}), govops.ENOTFOUND, "Update of an unknown department")
		requireAbsent(t, st, "ghost", "after Update of an unknown department")
	})
	t.Run("VersionsFollow", func(t *testing.T) {
		cur := &next
		for i := range 3 {
			n, ev := renamed(t, cur, fmt.Sprintf("第%d版", i+3))
			storetestkit.Must(t, st.Update(ctx, n, []directory.Event{ev}), "Update")
			evs = append(evs, ev)
			cur = n
		}
		requireStored(t, st, *cur, evs, "after three more Updates")
	})
}
