package licensebun

import (
	"context"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/license"
)

// CreateRecord implements license.Store through the prepared INSERT, and
// the record's count added to its group of the summary last.
func (s *Store) CreateRecord(ctx context.Context, r license.Record) error {
	row := toRecordRow(&r)
	err := s.records.CreateWith(ctx, &row, nil, bunstore.Steps{After: func(ctx context.Context, tx bun.IDB) error {
		return recordSummary.Add(ctx, tx, recordDelta(row.Type, row.Department, 1))
	}}, keyTaken())
	return explain(ctx, bunstore.Concurrent("create license", err), s.recordTaken(&row))
}

// UpdateRecord implements license.Store: a version-checked UPDATE and the
// events, in one transaction. The unique index on exclusive_key refuses a
// change that makes the record a second exclusive valid one. The record's
// group is read first in the transaction: should the update move the
// record to another type or department, which the Service never does, the
// summary moves its count too.
func (s *Store) UpdateRecord(ctx context.Context, r *license.Record, events []license.Event) error {
	row := toRecordRow(r)
	evs := toEventRows(events)
	var was recordGroup
	err := s.records.UpdateWith(ctx, &row, evs, bunstore.Steps{
		Before: func(ctx context.Context, tx bun.IDB) (err error) {
			was, err = readGroup(ctx, tx, row.ID)
			return err
		},
		After: func(ctx context.Context, tx bun.IDB) error { return recordSummary.Add(ctx, tx, was.moved(&row)...) },
	},
		bunstore.NotFound("no record with id %s", r.ID),
		bunstore.Stale("license %s is no longer at version %d: it was changed meanwhile; reload it and retry", r.Identifier, r.Version-1),
		keyTaken())
	return explain(ctx, bunstore.Concurrent("update license", err), s.recordTaken(&row, row.ID), s.eventsTaken(evs))
}

// Reissue implements license.Store: prev's version-checked UPDATE, next's
// INSERT, the events and the summary's deltas, in one transaction, in that
// order, so that prev leaves the exclusive rule before next joins it.
func (s *Store) Reissue(ctx context.Context, prev *license.Record, events []license.Event, next license.Record) error {
	prevRow, nextRow := toRecordRow(prev), toRecordRow(&next)
	evs := toEventRows(events)
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		was, err := readGroup(ctx, tx, prevRow.ID)
		if err != nil {
			return err
		}
		if err := bunstore.UpdateIn(ctx, tx, &prevRow, prevRow.ID, prevRow.Version, "license "+prev.Identifier+", the record"); err != nil {
			return err
		}
		if _, err := tx.NewInsert().Model(&nextRow).Exec(ctx); err != nil {
			return err
		}
		if err := bunstore.InsertChunked(ctx, tx, evs); err != nil {
			return err
		}
		return recordSummary.Add(ctx, tx, append(was.moved(&prevRow), recordDelta(nextRow.Type, nextRow.Department, 1))...)
	})
	err = bunstore.Concurrent("reissue license", errs.Err("reissue license", err, keyTaken()))
	// The stored prev may still hold next's exclusive key, which its
	// replacement would have released.
	ignore := []string{}
	if prevRow.ExclusiveKey != nextRow.ExclusiveKey {
		ignore = append(ignore, prevRow.ID)
	}
	return explain(ctx, err, s.recordTaken(&prevRow, prevRow.ID), s.recordTaken(&nextRow, ignore...), s.eventsTaken(evs))
}

// Record implements license.Store.
func (s *Store) Record(ctx context.Context, id uuid.UUID) (*license.Record, error) {
	return s.record(ctx, "id", id.String(), bunstore.NotFound("record %s not found", id))
}

// RecordByIdentifier implements license.Store.
func (s *Store) RecordByIdentifier(ctx context.Context, identifier string) (*license.Record, error) {
	return s.record(ctx, "identifier", identifier, bunstore.NotFound("no license has the identifier %s", identifier))
}

// record returns the record whose column is value.
func (s *Store) record(ctx context.Context, column, value string, notFound bunstore.Refusal) (*license.Record, error) {
	var row recordRow
	if err := s.db.NewSelect().Model(&row).Where("? = ?", bun.Ident(column), value).Scan(ctx); err != nil {
		return nil, errs.Err("get record", err, notFound)
	}
	r, err := fromRecordRow(&row)
	return &r, err
}

// Records implements license.Store.
func (s *Store) Records(ctx context.Context, f license.RecordFilter, after uuid.UUID, limit int) ([]license.Record, error) {
	var rows []recordRow
	q := s.db.NewSelect().Model(&rows).OrderExpr("id ASC")
	if f.Type != "" {
		q.Where("type = ?", f.Type)
	}
	if f.Department != "" {
		q.Where("department = ?", f.Department)
	}
	if f.State != "" {
		q.Where("state = ?", string(f.State))
	}
	if f.HolderCode != "" {
		q.Where("holder_code = ?", f.HolderCode)
	}
	if f.Batch != uuid.Nil {
		q.Where("batch_id = ?", f.Batch.String())
	}
	if after != uuid.Nil {
		q.Where("id > ?", after.String())
	}
	if limit > 0 {
		q.Limit(int64(limit))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, errs.Err("list records", err)
	}
	return bunstore.FromRows(rows, fromRecordRow)
}

// Batch implements license.Store.
func (s *Store) Batch(ctx context.Context, id uuid.UUID) (*license.Batch, error) {
	var row batchRow
	if err := s.db.NewSelect().Model(&row).Where("id = ?", id.String()).Scan(ctx); err != nil {
		return nil, errs.Err("get import batch", err, bunstore.NotFound("import batch %s not found", id))
	}
	b, err := fromBatchRow(&row)
	return &b, err
}

// Events implements license.Store.
func (s *Store) Events(ctx context.Context, subject uuid.UUID) ([]license.Event, error) {
	var rows []eventRow
	if err := s.db.NewSelect().Model(&rows).Where("subject_id = ?", subject.String()).OrderExpr("seq ASC").Scan(ctx); err != nil {
		return nil, errs.Err("list events", err)
	}
	return bunstore.FromRows(rows, fromEventRow)
}

// Facts implements license.Store with three queries: the types, with
// whether each has an approved template and a schema; the claims; and the
// rows of the record summary (license_record_summary), one per type and
// department, rather than a count of the records.
func (s *Store) Facts(ctx context.Context) (*license.Facts, error) {
	return s.facts(ctx, s.summaryGroups())
}

// summaryGroups selects the groups of the record summary that count a
// record.
func (s *Store) summaryGroups() *bun.SelectQuery {
	return s.db.NewSelect().TableExpr(recordSummary.Table).ColumnExpr("type, department, records").Where("records <> 0")
}

// readGroups reads the records by type and department that q selects (its
// columns type, department and records).
func readGroups(ctx context.Context, q *bun.SelectQuery) ([]license.RecordCount, error) {
	var groups []struct {
		Type       string `bun:"type"`
		Department string `bun:"department"`
		N          int64  `bun:"records"`
	}
	if err := q.Scan(ctx, &groups); err != nil {
		return nil, errs.Err("read facts: records", err)
	}
	out := make([]license.RecordCount, len(groups))
	for i, g := range groups {
		out[i] = license.RecordCount{Type: g.Type, Department: g.Department, Records: g.N}
	}
	return out, nil
}

// facts reads the types and claims, and the records by type and
// department that counts selects (its columns type, department and
// records).
func (s *Store) facts(ctx context.Context, counts *bun.SelectQuery) (*license.Facts, error) {
	var types []struct {
		Code     string `bun:"code"`
		Name     string `bun:"name"`
		Approved int    `bun:"approved"`
		Schema   int    `bun:"has_schema"`
	}
	err := s.db.NewSelect().TableExpr("license_types AS t").
		ColumnExpr("t.code, t.name").
		ColumnExpr("CASE WHEN EXISTS (SELECT 1 FROM license_templates AS p WHERE p.type = t.code AND p.status = ?) THEN 1 ELSE 0 END AS approved",
			string(license.TemplateApproved)).
		ColumnExpr("CASE WHEN EXISTS (SELECT 1 FROM license_schemas AS s WHERE s.type = t.code) THEN 1 ELSE 0 END AS has_schema").
		Scan(ctx, &types)
	if err != nil {
		return nil, errs.Err("read facts: types", err)
	}
	var claims []claimRow
	if err := s.db.NewSelect().Model(&claims).Scan(ctx); err != nil {
		return nil, errs.Err("read facts: claims", err)
	}
	f := &license.Facts{Types: make([]license.TypeFacts, len(types))}
	for i, t := range types {
		f.Types[i] = license.TypeFacts{Code: t.Code, Name: t.Name, ApprovedTemplate: t.Approved != 0, Schema: t.Schema != 0}
	}
	if f.Claims, err = bunstore.FromRows(claims, fromClaimRow); err != nil {
		return nil, err
	}
	if f.Records, err = readGroups(ctx, counts); err != nil {
		return nil, err
	}
	return f, nil
}
