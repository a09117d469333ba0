package licensebun

import (
	"bytes"
	"context"
	"reflect"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/driver/pgdriver"

	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/license"
)

// RecordRowForTest is a row of license_records, for the benchmark's
// baseline, which inserts rows with bare bun.
type RecordRowForTest = recordRow

// RecordRowsForTest returns the rows of rs as every write stores them.
func RecordRowsForTest(rs []license.Record) []RecordRowForTest {
	rows := make([]recordRow, len(rs))
	for i := range rs {
		rows[i] = toRecordRow(&rs[i])
	}
	return rows
}

// RecordColumnsForTest returns the columns of license_records as bun
// writes them, and as COPY writes them.
func RecordColumnsForTest(db *bun.DB) (fields []string, copied string) {
	for _, f := range db.Table(reflect.TypeFor[recordRow]()).Fields {
		fields = append(fields, f.Name)
	}
	return fields, copyColumns
}

// CopyForTest writes rows with one bare COPY on conn: the PostgreSQL
// baseline of the import benchmark.
func CopyForTest(ctx context.Context, conn bun.Conn, rows []RecordRowForTest) error {
	var b []byte
	for i := range rows {
		b = appendCopy(b, &rows[i])
	}
	_, err := pgdriver.CopyFrom(ctx, conn, bytes.NewReader(b), "COPY license_records ("+copyColumns+") FROM STDIN")
	return err
}

// SeedCatalogForTest writes types, claims, templates (without content)
// and schemas, without events, in chunked multi-row inserts: the catalog
// of the Facts benchmark.
func SeedCatalogForTest(ctx context.Context, db bun.IDB, ts []license.Type, cs []license.Claim, tpls []license.Template, scs []license.Schema) error {
	types := make([]typeRow, len(ts))
	for i := range ts {
		types[i] = toTypeRow(&ts[i])
	}
	claims := make([]claimRow, len(cs))
	for i := range cs {
		claims[i] = toClaimRow(&cs[i])
	}
	templates := make([]templateRow, len(tpls))
	for i := range tpls {
		templates[i] = toTemplateRow(&tpls[i])
	}
	schemas := make([]schemaRow, len(scs))
	for i := range scs {
		schemas[i] = toSchemaRow(&scs[i])
	}
	for _, insert := range []func() error{
		func() error { return bunstore.InsertChunked(ctx, db, types) },
		func() error { return bunstore.InsertChunked(ctx, db, claims) },
		func() error { return bunstore.InsertChunked(ctx, db, templates) },
		func() error { return bunstore.InsertChunked(ctx, db, schemas) },
	} {
		if err := insert(); err != nil {
			return err
		}
	}
	return nil
}

// EncodeFaceForTest is encodeFace.
func EncodeFaceForTest(face map[string]string) string { return encodeFace(face) }

// FactsByScanForTest is Facts as it was before the record summary: the
// records counted by a GROUP BY over them, the baseline of BenchmarkFacts.
func (s *Store) FactsByScanForTest(ctx context.Context) (*license.Facts, error) {
	return s.facts(ctx, s.scanGroups())
}

// scanGroups counts the records by type and department.
func (s *Store) scanGroups() *bun.SelectQuery {
	return s.db.NewSelect().TableExpr("license_records").ColumnExpr("type, department, COUNT(*) AS records").GroupExpr("type, department")
}

// RecordGroupsForTest is the read of Facts that counts the records, alone:
// the summary's rows or, with scan, the GROUP BY over the records.
func (s *Store) RecordGroupsForTest(ctx context.Context, scan bool) ([]license.RecordCount, error) {
	if scan {
		return readGroups(ctx, s.scanGroups())
	}
	return readGroups(ctx, s.summaryGroups())
}

// CreateRecordUnsummarizedForTest is CreateRecord as it was before the
// record summary, which it leaves alone: the baseline of the write path's
// benchmark.
func (s *Store) CreateRecordUnsummarizedForTest(ctx context.Context, r license.Record) error {
	row := toRecordRow(&r)
	return s.records.Create(ctx, &row, nil, keyTaken())
}

// UpdateRecordUnsummarizedForTest is UpdateRecord as it was before the
// record summary: no read of the stored group first.
func (s *Store) UpdateRecordUnsummarizedForTest(ctx context.Context, r *license.Record, events []license.Event) error {
	row := toRecordRow(r)
	return s.records.Update(ctx, &row, toEventRows(events), keyTaken())
}
