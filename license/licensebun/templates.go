package licensebun

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/license"
)

// CreateTemplate implements license.Store: the template, its content and
// its events in one transaction. The content is a bound parameter rather
// than a literal in the SQL text, which would double its size on the wire
// and could pass MySQL's max_allowed_packet.
func (s *Store) CreateTemplate(ctx context.Context, t license.Template, content []byte, events []license.Event) error {
	row := toTemplateRow(&t)
	evs := toEventRows(events)
	insertFile := "INSERT INTO license_template_files (template_id, content) VALUES (?, ?)"
	if s.dialect == dialect.PG {
		insertFile = "INSERT INTO license_template_files (template_id, content) VALUES ($1, $2)"
	}
	if content == nil {
		content = []byte{}
	}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(&row).Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.Tx.ExecContext(ctx, insertFile, row.ID, content); err != nil {
			return err
		}
		return bunstore.InsertChunked(ctx, tx, evs)
	})
	err = errs.Err("create template", err, keyTaken())
	return explain(ctx, err, s.templateTaken(&row), s.idTaken("license_templates", "template", row.ID), s.eventsTaken(evs))
}

// templateTaken finds whether a stored template other than t has t's type
// and revision.
func (s *Store) templateTaken(t *templateRow) func(ctx context.Context) string {
	return func(ctx context.Context) string {
		var id string
		err := s.db.NewSelect().Model((*templateRow)(nil)).Column("id").
			Where("type = ? AND revision = ? AND id <> ?", t.Type, t.Revision, t.ID).Limit(1).Scan(ctx, &id)
		if err == nil {
			return fmt.Sprintf("license type %s has a template of revision %d already", t.Type, t.Revision)
		}
		return ""
	}
}

// UpdateTemplates implements license.Store: a version-checked UPDATE of
// each template and the events, in one transaction.
func (s *Store) UpdateTemplates(ctx context.Context, ts []*license.Template, events []license.Event) error {
	rows := make([]templateRow, len(ts))
	for i, t := range ts {
		rows[i] = toTemplateRow(t)
	}
	// In the order of their IDs, so that two writers of the same
	// templates lock them in the same order rather than deadlock.
	slices.SortStableFunc(rows, func(a, b templateRow) int { return strings.Compare(a.ID, b.ID) })
	evs := toEventRows(events)
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for i := range rows {
			what := fmt.Sprintf("template (revision %d of license type %s)", rows[i].Revision, rows[i].Type)
			if err := bunstore.UpdateIn(ctx, tx, &rows[i], rows[i].ID, rows[i].Version, what); err != nil {
				return err
			}
		}
		return bunstore.InsertChunked(ctx, tx, evs)
	})
	err = errs.Err("update templates", err, keyTaken())
	finds := []func(context.Context) string{s.eventsTaken(evs)}
	for i := range rows {
		finds = append(finds, s.templateTaken(&rows[i]))
	}
	return explain(ctx, err, finds...)
}

// Template implements license.Store.
func (s *Store) Template(ctx context.Context, id uuid.UUID) (*license.Template, error) {
	var row templateRow
	if err := s.db.NewSelect().Model(&row).Where("id = ?", id.String()).Scan(ctx); err != nil {
		return nil, errs.Err("get template", err, bunstore.NotFound("template %s not found", id))
	}
	t, err := fromTemplateRow(&row)
	return &t, err
}

// Templates implements license.Store.
func (s *Store) Templates(ctx context.Context, typ string) ([]license.Template, error) {
	var rows []templateRow
	if err := s.db.NewSelect().Model(&rows).Where("type = ?", typ).OrderExpr("revision ASC").Scan(ctx); err != nil {
		return nil, errs.Err("list templates", err)
	}
	return bunstore.FromRows(rows, fromTemplateRow)
}

// TemplateContent implements license.Store.
func (s *Store) TemplateContent(ctx context.Context, id uuid.UUID) ([]byte, error) {
	var content []byte
	err := s.db.QueryRowContext(ctx, "SELECT content FROM license_template_files WHERE template_id = ?", id.String()).Scan(&content)
	if err != nil {
		return nil, errs.Err("get template content", err, bunstore.NotFound("template %s not found", id))
	}
	return content, nil
}

// PutSchema implements license.Store: a new schema through the prepared
// INSERT, a change through the version-checked UPDATE, each with its
// events in one transaction.
func (s *Store) PutSchema(ctx context.Context, sc *license.Schema, events []license.Event) error {
	row := toSchemaRow(sc)
	evs := toEventRows(events)
	var err error
	if sc.Version == 1 {
		err = s.schemas.Create(ctx, &row, evs, keyTaken())
		return explain(ctx, err, s.schemaTaken(&row), s.idTaken("license_schemas", "schema", row.ID), s.eventsTaken(evs))
	}
	err = s.schemas.Update(ctx, &row, evs,
		bunstore.NotFound("no schema with id %s", sc.ID),
		bunstore.Stale("the schema of license type %s is no longer at version %d: it was changed meanwhile; reload it and retry",
			sc.Type, sc.Version-1),
		keyTaken())
	return explain(ctx, err, s.schemaTaken(&row), s.eventsTaken(evs))
}

// schemaTaken finds whether a stored schema other than sc is of sc's type.
func (s *Store) schemaTaken(sc *schemaRow) func(ctx context.Context) string {
	return func(ctx context.Context) string {
		var id string
		err := s.db.NewSelect().Model((*schemaRow)(nil)).Column("id").
			Where("type = ? AND id <> ?", sc.Type, sc.ID).Limit(1).Scan(ctx, &id)
		if err == nil {
			return fmt.Sprintf("license type %s has a face-data schema already", sc.Type)
		}
		return ""
	}
}

// Schema implements license.Store.
func (s *Store) Schema(ctx context.Context, typ string) (*license.Schema, error) {
	var row schemaRow
	if err := s.db.NewSelect().Model(&row).Where("type = ?", typ).Scan(ctx); err != nil {
		return nil, errs.Err("get schema", err, bunstore.NotFound("license type %s has no face-data schema", typ))
	}
	sc, err := fromSchemaRow(&row)
	return &sc, err
}

// Schemas implements license.Store.
func (s *Store) Schemas(ctx context.Context, typs []string) ([]license.Schema, error) {
	typs = slices.Compact(slices.Sorted(slices.Values(typs)))
	if len(typs) == 0 {
		return nil, errs.Err("look up schemas", ctx.Err())
	}
	var rows []schemaRow
	for part := range slices.Chunk(typs, lookupChunk) {
		var got []schemaRow
		if err := s.db.NewSelect().Model(&got).Where("type IN (?)", bun.List(part)).Scan(ctx); err != nil {
			return nil, errs.Err("look up schemas", err)
		}
		rows = append(rows, got...)
	}
	return bunstore.FromRows(rows, fromSchemaRow)
}
