package storetest

import (
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/license"
)

// TestExclusive checks the rule of one exclusive valid record per type and
// holder code: a second one is refused on create, on an update that makes
// a record valid or exclusive, and on reissue, while a record that is not
// exclusive, not valid, of another type or of another holder stands beside
// it; a reissue whose replaced record leaves the rule in the same step
// may give the holder a new one.
func (cases) TestExclusive(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	typ := typeCode(1)
	holder := holderCode(1)
	first := exclusive(newRecord(t, typ, 1))
	first.HolderCode = holder
	mustCreateRecords(t, st, first)
	requireRecord(t, st, first, "after CreateRecord")

	second := func(n int) license.Record {
		r := exclusive(newRecord(t, typ, n))
		r.HolderCode = holder
		return r
	}
	t.Run("ErrCreate", func(t *testing.T) {
		r := second(2)
		storetestkit.MustCode(t, st.CreateRecord(ctx, r), govops.ECONFLICT, "CreateRecord of a second exclusive valid record")
		requireNoRecord(t, st, r, "after a refused CreateRecord")
	})
	t.Run("Beside", func(t *testing.T) {
		notExclusive := second(3)
		notExclusive.Exclusive = false
		suspended := second(4)
		suspended.State = license.StateSuspended
		otherType := second(5)
		otherType.Type = typeCode(2)
		otherHolder := second(6)
		otherHolder.HolderCode = holderCode(6)
		for _, r := range []license.Record{notExclusive, suspended, otherType, otherHolder} {
			mustCreateRecords(t, st, r)
			requireRecord(t, st, r, "beside an exclusive valid record")
		}
	})
	t.Run("ErrUpdateIntoValid", func(t *testing.T) {
		r := second(7)
		r.State = license.StateSuspended
		mustCreateRecords(t, st, r)
		next, ev := changed(t, &r, license.StateValid)
		storetestkit.MustCode(t, st.UpdateRecord(ctx, next, []license.Event{ev}), govops.ECONFLICT, "UpdateRecord into a second exclusive valid record")
		requireRecord(t, st, r, "after a refused UpdateRecord")
	})
	t.Run("ErrUpdateIntoExclusive", func(t *testing.T) {
		r := second(8)
		r.Exclusive = false
		mustCreateRecords(t, st, r)
		next, ev := changed(t, &r, license.StateValid)
		next.Exclusive = true
		storetestkit.MustCode(t, st.UpdateRecord(ctx, next, []license.Event{ev}), govops.ECONFLICT, "UpdateRecord that makes a second valid record exclusive")
		requireRecord(t, st, r, "after a refused UpdateRecord")
	})
	t.Run("ErrReissueBeside", func(t *testing.T) {
		// The record replaced is another one: first stays valid.
		prev := newRecord(t, typ, 9)
		mustCreateRecords(t, st, prev)
		cancelled, ev := changed(t, &prev, license.StateCancelled)
		next := second(10)
		next.Previous = prev.Identifier
		storetestkit.MustCode(t, st.Reissue(ctx, cancelled, []license.Event{ev}, next), govops.ECONFLICT, "Reissue of a second exclusive valid record")
		requireRecord(t, st, prev, "after a refused Reissue")
		requireNoRecord(t, st, next, "after a refused Reissue")
	})
	t.Run("Reissue", func(t *testing.T) {
		cancelled, ev := changed(t, &first, license.StateCancelled)
		next := second(11)
		next.Previous = first.Identifier
		storetestkit.Must(t, st.Reissue(ctx, cancelled, []license.Event{ev}, next), "Reissue that replaces the exclusive valid record")
		requireRecord(t, st, *cancelled, "after Reissue")
		requireRecord(t, st, next, "after Reissue")
		// The holder's exclusive valid record is now next.
		r := second(12)
		storetestkit.MustCode(t, st.CreateRecord(ctx, r), govops.ECONFLICT, "CreateRecord beside the reissued record")
		// Suspending it frees the rule: a suspended record does not count.
		susp, ev := changed(t, &next, license.StateSuspended)
		storetestkit.Must(t, st.UpdateRecord(ctx, susp, []license.Event{ev}), "UpdateRecord to suspended")
		mustCreateRecords(t, st, r)
		requireRecord(t, st, r, "after the other was suspended")
	})
}
