package storetest

import (
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/license"
)

// TestAtomicity checks the writes of several things at once: an
// UpdateTemplates with one template that is not stored writes none of
// them, and a Reissue whose replaced record or new record is refused
// writes neither. (A batch of types with one taken key: TestTypes; a write
// with one taken event ID: TestTrail; a stale version: TestVersions.)
func (cases) TestAtomicity(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	t.Run("UpdateTemplates", func(t *testing.T) {
		a, c := newTemplate(t, typeCode(1), 1)
		storetestkit.Must(t, st.CreateTemplate(ctx, a, c, nil), "CreateTemplate")
		ghost, _ := newTemplate(t, typeCode(1), 2)
		next, ghostNext := a, ghost
		next.Status, next.Version = license.TemplateApproved, 2
		ghostNext.Status, ghostNext.Version = license.TemplateSuperseded, 2
		err := st.UpdateTemplates(ctx, []*license.Template{&next, &ghostNext}, nil)
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "UpdateTemplates with a template that is not stored")
		requireTemplates(t, st, typeCode(1), []license.Template{a}, "after a refused UpdateTemplates")
	})

	stored := newRecord(t, typeCode(2), 1)
	mustCreateRecords(t, st, stored)
	for _, tc := range []struct {
		name string
		code string
		next func(t *testing.T) license.Record
	}{
		{"ReissueIdentifierTaken", govops.ECONFLICT, func(t *testing.T) license.Record {
			r := newRecord(t, typeCode(2), 10)
			r.Identifier = stored.Identifier
			return r
		}},
		{"ReissueNumberTaken", govops.ECONFLICT, func(t *testing.T) license.Record {
			r := newRecord(t, typeCode(2), 11)
			r.Number = stored.Number
			return r
		}},
		{"ReissueIDTaken", govops.ECONFLICT, func(t *testing.T) license.Record {
			r := newRecord(t, typeCode(2), 12)
			r.ID = stored.ID
			return r
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			prev := newRecord(t, typeCode(3), len(tc.name))
			mustCreateRecords(t, st, prev)
			cancelled, ev := changed(t, &prev, license.StateCancelled)
			next := tc.next(t)
			storetestkit.MustCode(t, st.Reissue(ctx, cancelled, []license.Event{ev}, next), tc.code, "Reissue with the new record refused")
			requireRecord(t, st, prev, "after a refused Reissue")
			requireRecord(t, st, stored, "after a refused Reissue")
			if next.ID != stored.ID {
				_, err := st.Record(ctx, next.ID)
				storetestkit.MustCode(t, err, govops.ENOTFOUND, "Record of the refused new record")
			}
			if next.Identifier != stored.Identifier {
				_, err := st.RecordByIdentifier(ctx, next.Identifier)
				storetestkit.MustCode(t, err, govops.ENOTFOUND, "RecordByIdentifier of the refused new record")
			}
		})
	}
	t.Run("ReissueOfUnknownRecord", func(t *testing.T) {
		ghost := newRecord(t, typeCode(3), 20)
		cancelled, ev := changed(t, &ghost, license.StateCancelled)
		next := newRecord(t, typeCode(3), 21)
		storetestkit.MustCode(t, st.Reissue(ctx, cancelled, []license.Event{ev}, next), govops.ENOTFOUND, "Reissue of a record that is not stored")
		requireNoRecord(t, st, next, "after a refused Reissue")
	})
	t.Run("Reissue", func(t *testing.T) {
		prev := newRecord(t, typeCode(3), 30)
		mustCreateRecords(t, st, prev)
		cancelled, ev := changed(t, &prev, license.StateCancelled)
		next := newRecord(t, typeCode(3), 31)
		next.Previous = prev.Identifier
		storetestkit.Must(t, st.Reissue(ctx, cancelled, []license.Event{ev}, next), "Reissue")
		requireRecord(t, st, *cancelled, "after Reissue")
		requireRecord(t, st, next, "after Reissue")
	})
}
