package license

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// SchemaInput is what SetSchema takes: the type and the whole list of its
// face-data fields, which replaces the list before it.
type SchemaInput struct {
	Type   string
	Fields []Field
	// IfVersion, when not zero, must equal the schema's version (ECONFLICT
	// otherwise); a new schema has none to match.
	IfVersion int64
}

// SetSchema sets the face-data schema (照面信息) of a type: version 1 the
// first time, the next version after. Records written from then on are
// checked against it; records already written keep the face data they
// were checked with. The center may set any type's schema; a department
// only that of a type it has claimed. It returns EINVALID naming each bad
// field ("fields[2].pattern"), ENOTFOUND for an unknown type, and
// ECONFLICT when IfVersion is stale.
func (s *Service) SetSchema(ctx context.Context, by govops.Actor, in SchemaInput) (*Schema, error) {
	if err := by.MayWrite("set face-data schemas"); err != nil {
		return nil, err
	}
	fields := slices.Clone(in.Fields)
	for i := range fields {
		fields[i].Label = strings.TrimSpace(fields[i].Label)
		fields[i].Codes = slices.Clone(fields[i].Codes)
	}
	var p govops.Problems
	govops.CheckIfVersion(&p, in.IfVersion)
	if len(fields) == 0 {
		p.Add("fields", "required: at least one field")
	}
	checkFields(&p, fields)
	if err := p.Err(); err != nil {
		return nil, err
	}
	t, err := s.getType(ctx, in.Type)
	if err != nil {
		return nil, err
	}
	if err := s.mayTend(ctx, by, t.Code, "set face-data schemas"); err != nil {
		return nil, err
	}
	var out *Schema
	err = govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		now := s.clock()
		cur, err := s.store.Schema(ctx, t.Code)
		var next Schema
		switch {
		case govops.ErrorCode(err) == govops.ENOTFOUND:
			id, err := uuid.NewV7()
			if err != nil {
				return nil, govops.Errorf(govops.EINTERNAL, "generate id: %w", err)
			}
			next = Schema{ID: id, Type: t.Code, Version: 1, CreatedAt: now}
		case err != nil:
			return nil, err
		case in.IfVersion != 0 && cur.Version != in.IfVersion:
			return nil, govops.StaleVersion("the schema of type "+t.Code, cur.Version, in.IfVersion)
		default:
			next = *cur
			next.Version++
		}
		next.Fields, next.UpdatedAt = fields, now
		ev, err := newEvent(next.ID, next.Version, EventSchemaSet, by, now, "", "", by.Department, fieldNames(fields))
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.PutSchema(ctx, &next, []Event{ev}) }), nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// fieldNames lists a schema's fields for an event's note.
func fieldNames(fs []Field) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.Name
	}
	return fmt.Sprintf("%d fields: %s", len(fs), govops.Truncate(strings.Join(names, ", "), 500))
}

// GetSchema returns the face-data schema of a type. Every valid actor may
// read it. It returns ENOTFOUND for an unknown type or one without a
// schema.
func (s *Service) GetSchema(ctx context.Context, by govops.Actor, typ string) (*Schema, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	if _, err := s.getType(ctx, typ); err != nil {
		return nil, err
	}
	sc, err := s.store.Schema(ctx, typ)
	if govops.ErrorCode(err) == govops.ENOTFOUND {
		return nil, govops.Errorf(govops.ENOTFOUND, "license type %s has no face-data schema yet", typ)
	}
	return sc, err
}
