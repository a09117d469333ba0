package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/license"
)

// typeTrail describes how st keeps a type with its events, for the checks
// that every Store of a versioned aggregate shares: each new type is
// created alone, each next version renamed.
func typeTrail(st license.Store) storetestkit.Trail[*license.Type, license.Event] {
	n := 0
	return storetestkit.Trail[*license.Type, license.Event]{
		Version: func(t *license.Type) int64 { return t.Version },
		Seq:     func(e license.Event) int64 { return e.Seq },
		EventID: func(e *license.Event) *uuid.UUID { return &e.ID },
		New: func(tb testing.TB) (*license.Type, license.Event) {
			n++
			t := newType(tb, fmt.Sprintf("trail-%03d", n), "出生医学证明")
			return &t, typeAdded(tb, &t)
		},
		Next: func(tb testing.TB, t *license.Type) (*license.Type, license.Event) {
			return renamedType(tb, t, fmt.Sprintf("出生医学证明（第%d版）", t.Version+1))
		},
		Create: func(ctx context.Context, t *license.Type, events []license.Event) error {
			return st.CreateTypes(ctx, []license.Type{*t}, events)
		},
		Update: st.UpdateType,
		Get: func(ctx context.Context, t *license.Type) (*license.Type, error) {
			return st.Type(ctx, t.Code)
		},
		Events: func(ctx context.Context, t *license.Type) ([]license.Event, error) {
			return st.Events(ctx, t.ID)
		},
	}
}

// TestTrail checks the events of every write: each write that takes events
// appends them, Events returns a subject's events in Seq order, a type and
// the events of its version are never seen apart, and an event ID is
// stored once across every subject: a write with a taken event ID fails
// with ECONFLICT and writes nothing.
func (cases) TestTrail(t *testing.T, mk storeMaker) {
	t.Run("Atomic", func(t *testing.T) { storetestkit.RequireAtomicTrail(t, typeTrail(mk(t))) })
	t.Run("UniqueEventIDs", func(t *testing.T) { storetestkit.RequireUniqueEventIDs(t, typeTrail(mk(t))) })
	t.Run("EveryWrite", func(t *testing.T) { everyWriteAppends(t, mk(t)) })
	t.Run("TakenAcrossSubjects", func(t *testing.T) { takenAcrossSubjects(t, mk(t)) })
}

// everyWriteAppends writes each thing and changes it, and checks that the
// events of each write are appended, in Seq order whatever the order of
// their IDs.
func everyWriteAppends(t *testing.T, st license.Store) {
	ctx := t.Context()
	ty := newType(t, typeCode(1), "营业执照")
	tyEvs := mustCreateTypes(t, st, ty)
	// IDs in the reverse order of the Seqs they go with: a store that
	// orders by ID, or by time of writing, gives the wrong order.
	ids := make([]uuid.UUID, 4)
	for i := range ids {
		ids[len(ids)-1-i] = storetestkit.NewID(t)
	}
	cur := &ty
	for i := range ids {
		next, ev := renamedType(t, cur, fmt.Sprintf("营业执照 v%d", cur.Version+1))
		ev.ID = ids[i]
		storetestkit.Must(t, st.UpdateType(ctx, next, []license.Event{ev}), "UpdateType")
		tyEvs = append(tyEvs, ev)
		cur = next
	}
	requireEvents(t, st, ty.ID, tyEvs, "after UpdateType")

	c := newClaim(t, ty.Code, "lbq-scjg")
	cEvs := []license.Event{event(t, c.ID, 1, license.EventClaimFiled, "", "active")}
	storetestkit.Must(t, st.CreateClaim(ctx, c, cEvs), "CreateClaim")
	c.Version, c.Status = 2, license.ClaimWithdrawn
	cEvs = append(cEvs, event(t, c.ID, 2, license.EventClaimWithdrawn, "active", "withdrawn"))
	storetestkit.Must(t, st.UpdateClaim(ctx, &c, cEvs[1:]), "UpdateClaim")
	requireEvents(t, st, c.ID, cEvs, "after UpdateClaim")

	a, ca := newTemplate(t, ty.Code, 1)
	b, cb := newTemplate(t, ty.Code, 2)
	aEvs := []license.Event{event(t, a.ID, 1, license.EventTemplateUploaded, "", "draft")}
	bEvs := []license.Event{event(t, b.ID, 1, license.EventTemplateUploaded, "", "draft")}
	storetestkit.Must(t, st.CreateTemplate(ctx, a, ca, aEvs), "CreateTemplate")
	storetestkit.Must(t, st.CreateTemplate(ctx, b, cb, bEvs), "CreateTemplate")
	a.Version, a.Status, b.Version, b.Status = 2, license.TemplateSuperseded, 2, license.TemplateApproved
	aEvs = append(aEvs, event(t, a.ID, 2, license.EventTemplateReplaced, "draft", "superseded"))
	bEvs = append(bEvs, event(t, b.ID, 2, license.EventTemplateApproved, "draft", "approved"))
	storetestkit.Must(t, st.UpdateTemplates(ctx, []*license.Template{&a, &b}, []license.Event{bEvs[1], aEvs[1]}), "UpdateTemplates")
	requireEvents(t, st, a.ID, aEvs, "after UpdateTemplates")
	requireEvents(t, st, b.ID, bEvs, "after UpdateTemplates")

	s := newSchema(t, ty.Code)
	sEvs := []license.Event{event(t, s.ID, 1, license.EventSchemaSet, "", "")}
	storetestkit.Must(t, st.PutSchema(ctx, &s, sEvs), "PutSchema")
	s.Version = 2
	sEvs = append(sEvs, event(t, s.ID, 2, license.EventSchemaSet, "", ""))
	storetestkit.Must(t, st.PutSchema(ctx, &s, sEvs[1:]), "PutSchema")
	requireEvents(t, st, s.ID, sEvs, "after PutSchema")

	r := newRecord(t, ty.Code, 1)
	mustCreateRecords(t, st, r)
	susp, ev := changed(t, &r, license.StateSuspended)
	storetestkit.Must(t, st.UpdateRecord(ctx, susp, []license.Event{ev}), "UpdateRecord")
	cancelled, ev2 := changed(t, susp, license.StateCancelled)
	next := newRecord(t, ty.Code, 2)
	storetestkit.Must(t, st.Reissue(ctx, cancelled, []license.Event{ev2}, next), "Reissue")
	requireEvents(t, st, r.ID, []license.Event{ev, ev2}, "after UpdateRecord and Reissue")
	requireEvents(t, st, next.ID, nil, "of a reissued record")
}

// takenAcrossSubjects tries every write that takes events with the ID of
// an event of another subject, and checks that each fails with ECONFLICT
// and writes nothing.
func takenAcrossSubjects(t *testing.T, st license.Store) {
	ctx := t.Context()
	ty := newType(t, typeCode(1), "营业执照")
	taken := mustCreateTypes(t, st, ty)[0]
	with := func(subject uuid.UUID, seq int64) []license.Event {
		ev := event(t, subject, seq, license.EventRecordSuspended, "", "")
		ev.ID = taken.ID
		return []license.Event{event(t, subject, seq+100, license.EventTypeUpdated, "", ""), ev}
	}
	c := newClaim(t, ty.Code, "lbq-scjg")
	storetestkit.Must(t, st.CreateClaim(ctx, c, nil), "CreateClaim")
	tpl, content := newTemplate(t, ty.Code, 1)
	storetestkit.Must(t, st.CreateTemplate(ctx, tpl, content, nil), "CreateTemplate")
	s := newSchema(t, ty.Code)
	storetestkit.Must(t, st.PutSchema(ctx, &s, nil), "PutSchema")
	r := newRecord(t, ty.Code, 1)
	mustCreateRecords(t, st, r)

	newC := newClaim(t, ty.Code, "lbq-other")
	newTpl, newContent := newTemplate(t, ty.Code, 2)
	newS := newSchema(t, typeCode(2))
	nextTy, _ := renamedType(t, &ty, "taken")
	nextC, nextTpl, nextS := c, tpl, s
	nextC.Version, nextTpl.Version, nextS.Version = 2, 2, 2
	nextR, _ := changed(t, &r, license.StateSuspended)
	reissued := newRecord(t, ty.Code, 2)
	writes := map[string]func() error{
		"UpdateType":     func() error { return st.UpdateType(ctx, nextTy, with(ty.ID, 2)) },
		"CreateClaim":    func() error { return st.CreateClaim(ctx, newC, with(newC.ID, 1)) },
		"UpdateClaim":    func() error { return st.UpdateClaim(ctx, &nextC, with(c.ID, 2)) },
		"CreateTemplate": func() error { return st.CreateTemplate(ctx, newTpl, newContent, with(newTpl.ID, 1)) },
		"UpdateTemplates": func() error {
			return st.UpdateTemplates(ctx, []*license.Template{&nextTpl}, with(tpl.ID, 2))
		},
		"PutSchemaNew":     func() error { return st.PutSchema(ctx, &newS, with(newS.ID, 1)) },
		"PutSchemaReplace": func() error { return st.PutSchema(ctx, &nextS, with(s.ID, 2)) },
		"UpdateRecord":     func() error { return st.UpdateRecord(ctx, nextR, with(r.ID, 2)) },
		"Reissue":          func() error { return st.Reissue(ctx, nextR, with(r.ID, 2), reissued) },
	}
	names := make([]string, 0, len(writes))
	for name := range writes {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		storetestkit.MustCode(t, writes[name](), govops.ECONFLICT, name+" with the ID of a stored event of another subject")
	}
	requireType(t, st, ty, "after writes with a taken event ID")
	requireEvents(t, st, ty.ID, []license.Event{taken}, "after writes with a taken event ID")
	requireClaim(t, st, c, "after writes with a taken event ID")
	_, err := st.Claim(ctx, newC.Type, newC.Department)
	storetestkit.MustCode(t, err, govops.ENOTFOUND, "Claim of a refused claim")
	requireTemplates(t, st, ty.Code, []license.Template{tpl}, "after writes with a taken event ID")
	requireSchema(t, st, s, "after writes with a taken event ID")
	_, err = st.Schema(ctx, newS.Type)
	storetestkit.MustCode(t, err, govops.ENOTFOUND, "Schema of a refused schema")
	requireRecord(t, st, r, "after writes with a taken event ID")
	requireNoRecord(t, st, reissued, "after a Reissue with a taken event ID")
	for _, subject := range []uuid.UUID{newC.ID, c.ID, tpl.ID, newTpl.ID, s.ID, newS.ID, r.ID} {
		requireEvents(t, st, subject, nil, "after writes with a taken event ID")
	}
}
