package storetest

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/license"
)

// TestTemplates checks that templates, their content and their events
// round-trip, that Templates lists a type's revisions in order, the error
// codes of unknown and taken templates, and that UpdateTemplates writes
// several templates at once.
func (cases) TestTemplates(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	typ := typeCode(1)
	r2, c2 := newTemplate(t, typ, 2)
	r1, c1 := newTemplate(t, typ, 1)
	other, cOther := newTemplate(t, typeCode(2), 1)
	ev := event(t, r2.ID, 1, license.EventTemplateUploaded, "", "draft")
	storetestkit.Must(t, st.CreateTemplate(ctx, r2, c2, []license.Event{ev}), "CreateTemplate")
	storetestkit.Must(t, st.CreateTemplate(ctx, r1, c1, nil), "CreateTemplate")
	storetestkit.Must(t, st.CreateTemplate(ctx, other, cOther, nil), "CreateTemplate")
	requireEvents(t, st, r2.ID, []license.Event{ev}, "after CreateTemplate")
	requireTemplates(t, st, typ, []license.Template{r1, r2}, "after CreateTemplate")
	requireContent(t, st, r2, c2)
	requireContent(t, st, r1, c1)

	t.Run("EmptyContent", func(t *testing.T) {
		e, _ := newTemplate(t, typeCode(3), 1)
		e.Size, e.Format, e.Department = 0, license.FormatOFD, ""
		storetestkit.Must(t, st.CreateTemplate(ctx, e, nil, nil), "CreateTemplate without content")
		requireContent(t, st, e, nil)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		id := storetestkit.NewID(t)
		_, err := st.Template(ctx, id)
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "Template of an unknown id")
		_, err = st.TemplateContent(ctx, id)
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "TemplateContent of an unknown id")
		got, err := st.Templates(ctx, "nowhere")
		storetestkit.Must(t, err, "Templates of a type without templates")
		if len(got) != 0 {
			t.Fatalf("Templates of a type without templates = %v, want none", got)
		}
	})
	t.Run("ErrTaken", func(t *testing.T) {
		again, c := newTemplate(t, typ, 2)
		storetestkit.MustCode(t, st.CreateTemplate(ctx, again, c, nil), govops.ECONFLICT, "CreateTemplate of a taken revision")
		sameID, c := newTemplate(t, typ, 3)
		sameID.ID = r1.ID
		storetestkit.MustCode(t, st.CreateTemplate(ctx, sameID, c, nil), govops.ECONFLICT, "CreateTemplate of a taken ID")
		requireTemplates(t, st, typ, []license.Template{r1, r2}, "after refused templates")
		requireContent(t, st, r1, c1)
	})
	t.Run("UpdateSeveral", func(t *testing.T) {
		a, b := r1, r2
		a.Status, a.Version, a.UpdatedAt = license.TemplateSuperseded, 2, storetestkit.Micro(baseTime().AddDate(0, 0, 7))
		b.Status, b.Version, b.UpdatedAt = license.TemplateApproved, 2, a.UpdatedAt
		evs := []license.Event{
			event(t, b.ID, 2, license.EventTemplateApproved, "draft", "approved"),
			event(t, a.ID, 2, license.EventTemplateReplaced, "draft", "superseded"),
		}
		storetestkit.Must(t, st.UpdateTemplates(ctx, []*license.Template{&b, &a}, evs), "UpdateTemplates")
		requireTemplates(t, st, typ, []license.Template{a, b}, "after UpdateTemplates")
		requireContent(t, st, b, c2)
		r1, r2 = a, b
	})
	t.Run("ErrUpdateNotFound", func(t *testing.T) {
		ghost, _ := newTemplate(t, typ, 9)
		ghost.Version = 2
		storetestkit.MustCode(t, st.UpdateTemplates(ctx, []*license.Template{&ghost}, nil), govops.ENOTFOUND, "UpdateTemplates of an unknown template")
	})
}

// requireTemplates fails tb unless the templates of typ are want, in
// revision order, each also found by its ID.
func requireTemplates(tb testing.TB, st license.Store, typ string, want []license.Template, when string) {
	tb.Helper()
	got, err := st.Templates(tb.Context(), typ)
	storetestkit.Must(tb, err, "Templates "+when)
	storetestkit.RequireEqual(tb, want, got, "templates of "+typ+" "+when)
	for _, w := range want {
		one, err := st.Template(tb.Context(), w.ID)
		storetestkit.Must(tb, err, "Template "+when)
		storetestkit.RequireEqual(tb, w, *one, fmt.Sprintf("template %s r%d %s", typ, w.Revision, when))
	}
}

// requireContent fails tb unless the content of t is content, byte for
// byte.
func requireContent(tb testing.TB, st license.Store, t license.Template, content []byte) {
	tb.Helper()
	got, err := st.TemplateContent(tb.Context(), t.ID)
	storetestkit.Must(tb, err, "TemplateContent")
	if !bytes.Equal(got, content) {
		tb.Fatalf("content of template %s r%d: got %q, want %q", t.Type, t.Revision, got, content)
	}
}

// TestSchemas checks that schemas, every field of their fields included,
// round-trip, that PutSchema creates at version 1 and replaces after, the
// error codes of unknown and taken schemas, and Schemas.
func (cases) TestSchemas(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	s := newSchema(t, typeCode(1))
	ev := event(t, s.ID, 1, license.EventSchemaSet, "", "")
	storetestkit.Must(t, st.PutSchema(ctx, &s, []license.Event{ev}), "PutSchema")
	requireSchema(t, st, s, "after PutSchema")
	requireEvents(t, st, s.ID, []license.Event{ev}, "after PutSchema")

	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := st.Schema(ctx, typeCode(2))
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "Schema of a type without one")
		ghost := newSchema(t, typeCode(2))
		ghost.Version = 2
		storetestkit.MustCode(t, st.PutSchema(ctx, &ghost, nil), govops.ENOTFOUND, "PutSchema of an unknown schema at version 2")
		_, err = st.Schema(ctx, typeCode(2))
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "Schema after a refused PutSchema")
	})
	t.Run("ErrTaken", func(t *testing.T) {
		again := newSchema(t, s.Type)
		storetestkit.MustCode(t, st.PutSchema(ctx, &again, nil), govops.ECONFLICT, "PutSchema of a new schema of a type with one")
		sameID := newSchema(t, typeCode(3))
		sameID.ID = s.ID
		storetestkit.MustCode(t, st.PutSchema(ctx, &sameID, nil), govops.ECONFLICT, "PutSchema of a new schema with a taken ID")
		_, err := st.Schema(ctx, typeCode(3))
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "Schema of a refused schema")
		requireSchema(t, st, s, "after refused schemas")
	})
	t.Run("Replace", func(t *testing.T) {
		next := s
		next.Fields = []license.Field{{Name: "only", Label: "唯一", Type: license.TypeBoolean, Required: true, Codes: []string{}}}
		next.Version, next.UpdatedAt = 2, storetestkit.Micro(baseTime().AddDate(0, 0, 1))
		storetestkit.Must(t, st.PutSchema(ctx, &next, []license.Event{event(t, s.ID, 2, license.EventSchemaSet, "", "")}), "PutSchema")
		requireSchema(t, st, next, "after PutSchema replaced it")
		s = next
	})
	t.Run("Schemas", func(t *testing.T) {
		o := newSchema(t, typeCode(4))
		o.Fields = nil
		storetestkit.Must(t, st.PutSchema(ctx, &o, nil), "PutSchema without fields")
		requireSchema(t, st, o, "after PutSchema")
		got, err := st.Schemas(ctx, []string{typeCode(4), "nowhere", s.Type})
		storetestkit.Must(t, err, "Schemas")
		storetestkit.RequireGroups(t, []license.Schema{s, o}, got, func(s license.Schema) string { return s.Type }, "Schemas")
		got, err = st.Schemas(ctx, nil)
		storetestkit.Must(t, err, "Schemas of no types")
		if len(got) != 0 {
			t.Fatalf("Schemas of no types = %v, want none", got)
		}
	})
}

// requireSchema fails tb unless the schema of s's type is s.
func requireSchema(tb testing.TB, st license.Store, s license.Schema, when string) {
	tb.Helper()
	got, err := st.Schema(tb.Context(), s.Type)
	storetestkit.Must(tb, err, "Schema "+when)
	storetestkit.RequireEqual(tb, s, *got, "schema of "+s.Type+" "+when)
}
