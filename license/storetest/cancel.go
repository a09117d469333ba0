package storetest

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/license"
)

// TestCancellation checks that every method gives up on a cancelled context
// with an error, rather than doing the work or hanging, and changes
// nothing. (A RecordWriter's Write and Commit: TestImport.)
func (cases) TestCancellation(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	ty := newType(t, typeCode(1), "营业执照")
	tyEvs := mustCreateTypes(t, st, ty)
	c := newClaim(t, ty.Code, "lbq-scjg")
	storetestkit.Must(t, st.CreateClaim(ctx, c, nil), "CreateClaim")
	tpl, content := newTemplate(t, ty.Code, 1)
	storetestkit.Must(t, st.CreateTemplate(ctx, tpl, content, nil), "CreateTemplate")
	sc := newSchema(t, ty.Code)
	storetestkit.Must(t, st.PutSchema(ctx, &sc, nil), "PutSchema")
	r := newRecord(t, ty.Code, 1)
	mustCreateRecords(t, st, r)

	freshType := newType(t, typeCode(2), "新证照")
	nextType, nextTypeEv := renamedType(t, &ty, "改名")
	freshClaim := newClaim(t, ty.Code, "lbq-other")
	nextClaim := c
	nextClaim.Status, nextClaim.Version = license.ClaimWithdrawn, 2
	freshTpl, freshContent := newTemplate(t, ty.Code, 2)
	nextTpl := tpl
	nextTpl.Status, nextTpl.Version = license.TemplateApproved, 2
	freshSchema := newSchema(t, typeCode(2))
	nextSchema := sc
	nextSchema.Fields, nextSchema.Version = nil, 2
	freshRecord := newRecord(t, ty.Code, 2)
	nextRecord, nextRecordEv := changed(t, &r, license.StateSuspended)
	ev := func(subject uuid.UUID, seq int64) []license.Event {
		return []license.Event{event(t, subject, seq, license.EventTypeUpdated, "", "")}
	}
	storetestkit.RequireCancelled(t, map[string]func(context.Context) error{
		"CreateTypes": func(ctx context.Context) error {
			return st.CreateTypes(ctx, []license.Type{freshType}, ev(freshType.ID, 1))
		},
		"UpdateType":  func(ctx context.Context) error { return st.UpdateType(ctx, nextType, []license.Event{nextTypeEv}) },
		"Type":        func(ctx context.Context) error { _, err := st.Type(ctx, ty.Code); return err },
		"LookupTypes": func(ctx context.Context) error { _, err := st.LookupTypes(ctx, []string{ty.Code}); return err },
		"Types":       func(ctx context.Context) error { _, err := st.Types(ctx, license.TypeFilter{}, "", 0); return err },
		"CreateClaim": func(ctx context.Context) error { return st.CreateClaim(ctx, freshClaim, ev(freshClaim.ID, 1)) },
		"UpdateClaim": func(ctx context.Context) error { return st.UpdateClaim(ctx, &nextClaim, ev(c.ID, 2)) },
		"Claim":       func(ctx context.Context) error { _, err := st.Claim(ctx, c.Type, c.Department); return err },
		"Claims": func(ctx context.Context) error {
			_, err := st.Claims(ctx, license.ClaimFilter{}, uuid.Nil, 0)
			return err
		},
		"CreateTemplate": func(ctx context.Context) error {
			return st.CreateTemplate(ctx, freshTpl, freshContent, ev(freshTpl.ID, 1))
		},
		"UpdateTemplates": func(ctx context.Context) error {
			return st.UpdateTemplates(ctx, []*license.Template{&nextTpl}, ev(tpl.ID, 2))
		},
		"Template":        func(ctx context.Context) error { _, err := st.Template(ctx, tpl.ID); return err },
		"Templates":       func(ctx context.Context) error { _, err := st.Templates(ctx, ty.Code); return err },
		"TemplateContent": func(ctx context.Context) error { _, err := st.TemplateContent(ctx, tpl.ID); return err },
		"PutSchemaNew":    func(ctx context.Context) error { return st.PutSchema(ctx, &freshSchema, ev(freshSchema.ID, 1)) },
		"PutSchema":       func(ctx context.Context) error { return st.PutSchema(ctx, &nextSchema, ev(sc.ID, 2)) },
		"Schema":          func(ctx context.Context) error { _, err := st.Schema(ctx, ty.Code); return err },
		"Schemas":         func(ctx context.Context) error { _, err := st.Schemas(ctx, []string{ty.Code}); return err },
		"CreateRecord":    func(ctx context.Context) error { return st.CreateRecord(ctx, freshRecord) },
		"UpdateRecord": func(ctx context.Context) error {
			return st.UpdateRecord(ctx, nextRecord, []license.Event{nextRecordEv})
		},
		"Reissue": func(ctx context.Context) error {
			return st.Reissue(ctx, nextRecord, []license.Event{nextRecordEv}, freshRecord)
		},
		"Record":             func(ctx context.Context) error { _, err := st.Record(ctx, r.ID); return err },
		"RecordByIdentifier": func(ctx context.Context) error { _, err := st.RecordByIdentifier(ctx, r.Identifier); return err },
		"Records": func(ctx context.Context) error {
			_, err := st.Records(ctx, license.RecordFilter{}, uuid.Nil, 0)
			return err
		},
		"BeginImport": func(ctx context.Context) error {
			w, err := st.BeginImport(ctx)
			if err == nil {
				w.Rollback()
			}
			return err
		},
		"Batch":  func(ctx context.Context) error { _, err := st.Batch(ctx, storetestkit.NewID(t)); return err },
		"Events": func(ctx context.Context) error { _, err := st.Events(ctx, ty.ID); return err },
		"Facts":  func(ctx context.Context) error { _, err := st.Facts(ctx); return err },
	})

	requireType(t, st, ty, "after calls with a cancelled context")
	requireEvents(t, st, ty.ID, tyEvs, "after calls with a cancelled context")
	_, err := st.Type(ctx, freshType.Code)
	storetestkit.MustCode(t, err, govops.ENOTFOUND, "Type after a cancelled CreateTypes")
	requireClaim(t, st, c, "after calls with a cancelled context")
	_, err = st.Claim(ctx, freshClaim.Type, freshClaim.Department)
	storetestkit.MustCode(t, err, govops.ENOTFOUND, "Claim after a cancelled CreateClaim")
	requireTemplates(t, st, ty.Code, []license.Template{tpl}, "after calls with a cancelled context")
	requireSchema(t, st, sc, "after calls with a cancelled context")
	_, err = st.Schema(ctx, freshSchema.Type)
	storetestkit.MustCode(t, err, govops.ENOTFOUND, "Schema after a cancelled PutSchema")
	requireRecord(t, st, r, "after calls with a cancelled context")
	requireNoRecord(t, st, freshRecord, "after a cancelled CreateRecord and Reissue")
	for _, subject := range []uuid.UUID{freshType.ID, c.ID, freshClaim.ID, tpl.ID, freshTpl.ID, sc.ID, freshSchema.ID, r.ID} {
		requireEvents(t, st, subject, nil, "after calls with a cancelled context")
	}

}
