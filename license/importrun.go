package license

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
)

// preload reads the whole catalog once: every type, schema and standing
// claim. An import checks its rows against it without reading the Store
// again, since its writes hold a transaction open (one connection, on
// SQLite) while the rows are read.
func (c *checker) preload(ctx context.Context) error {
	ts, err := c.s.store.Types(ctx, TypeFilter{}, "", 0)
	if err != nil {
		return err
	}
	codes := make([]string, len(ts))
	for i := range ts {
		codes[i] = ts[i].Code
		c.types[ts[i].Code] = &typeInfo{t: &ts[i], claimed: map[string]bool{}}
	}
	scs, err := c.s.store.Schemas(ctx, codes)
	if err != nil {
		return err
	}
	for i := range scs {
		ti := c.types[scs[i].Type]
		if ti == nil {
			continue
		}
		if ti.schema, err = compile(&scs[i]); err != nil {
			return err
		}
	}
	cs, err := c.s.store.Claims(ctx, ClaimFilter{Kind: KindClaim, Status: ClaimActive}, uuid.Nil, 0)
	if err != nil {
		return err
	}
	for _, cl := range cs {
		if ti := c.types[cl.Type]; ti != nil {
			ti.claimed[cl.Department] = true
		}
	}
	c.loaded = true
	return nil
}

// recordImport is one run of ImportRecords.
type recordImport struct {
	s     *Service
	by    govops.Actor
	c     *checker
	opts  ImportOptions
	batch uuid.UUID
	cols  csvimport.Columns // the records file's, which name a bad row's problems
	rep   csvimport.Report
}

// chunk is a run of rows checked together: the good records, each with
// its line, and the problems and warnings of the rest.
type chunk struct {
	records []Record
	lines   []int
	rows    int
	errs    []csvimport.RowError
	warns   []csvimport.RowError
	err     error // reading or checking could not go on
}

// run reads and checks the rows in one goroutine and writes them in this
// one, a chunk at a time, so that reading and writing overlap; at most a
// few chunks are in memory at once. It commits unless the import is all or
// nothing and found a bad row.
func (im *recordImport) run(ctx context.Context, rows func(func(inRow, error) bool)) (err error) {
	w, err := im.s.store.BeginImport(ctx)
	if err != nil {
		return err
	}
	defer func() {
		if rerr := w.Rollback(); rerr != nil && err == nil {
			err = rerr
		}
	}()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := make(chan *chunk, 2)
	go im.read(ctx, rows, chunks)
	var imported int64
	for ch := range chunks {
		if ch.err != nil {
			return ch.err
		}
		im.rep.Rows += ch.rows
		im.rep.Errors = append(im.rep.Errors, ch.errs...)
		im.rep.Warnings = append(im.rep.Warnings, ch.warns...)
		if len(ch.records) == 0 {
			continue
		}
		refused, err := w.Write(ctx, ch.records)
		if err != nil {
			return err
		}
		imported += int64(len(ch.records) - len(refused))
		for _, rf := range refused {
			im.rep.Errors = append(im.rep.Errors, refusalError(ch.lines[rf.Index], &ch.records[rf.Index], rf))
		}
	}
	if err := ctx.Err(); err != nil {
		return govops.Errorf(govops.EINTERNAL, "import cancelled: %w", err)
	}
	if im.opts.Mode == csvimport.AllOrNothing && len(im.rep.Errors) > 0 {
		return nil
	}
	b := Batch{ID: im.batch, Actor: im.by.Name, ActorDept: im.by.Department, At: im.s.clock(), Mode: string(im.opts.Mode),
		Rows: int64(im.rep.Rows), Imported: imported, BadRows: int64(im.rep.BadRows()), Warnings: int64(len(im.rep.Warnings)),
		SourceName: im.opts.Source}
	if err := w.Commit(ctx, b); err != nil {
		return err
	}
	im.rep.Imported = int(imported)
	return nil
}

// refusalError is the problem of a row whose key the Store found taken.
func refusalError(line int, r *Record, rf Refusal) csvimport.RowError {
	var why string
	switch rf.Field {
	case "identifier":
		why = fmt.Sprintf("identifier %s is recorded already", r.Identifier)
	case "number":
		why = fmt.Sprintf("type %s has a license numbered %s already", r.Type, r.Number)
	case "holder_code":
		why = fmt.Sprintf("the holder has a valid license of type %s already: a holder has one at a time", r.Type)
	default:
		why = "is taken"
	}
	if rf.By != "" && rf.By != r.Identifier {
		why += " (" + rf.By + ")"
	}
	return csvimport.RowError{Row: line, Field: rf.Field, Problem: why}
}

// read reads and checks every row, and sends them to out in chunks; it
// closes out when done, after sending a chunk with err when it cannot go
// on.
func (im *recordImport) read(ctx context.Context, rows func(func(inRow, error) bool), out chan<- *chunk) {
	defer close(out)
	send := func(ch *chunk) bool {
		select {
		case out <- ch:
			return true
		case <-ctx.Done():
			return false
		}
	}
	ch := &chunk{}
	for row, err := range rows {
		if err != nil {
			send(&chunk{err: err})
			return
		}
		ch.rows++
		if err := im.check(ctx, ch, &row); err != nil {
			send(&chunk{err: err})
			return
		}
		if len(ch.records) >= importChunk || ch.rows >= 4*importChunk {
			if !send(ch) {
				return
			}
			ch = &chunk{}
		}
	}
	if ch.rows > 0 {
		send(ch)
	}
}

// check checks one row into ch: a good record, or its problems.
func (im *recordImport) check(ctx context.Context, ch *chunk, row *inRow) error {
	if row.errs != nil {
		ch.errs = append(ch.errs, row.errs...)
		return nil
	}
	in := row.in
	if in.Department == "" {
		in.Department = im.opts.Department
	}
	in.normalize()
	p := &row.p
	if im.by.Department != "" && in.Department != im.by.Department {
		p.Addf("department", "department %s imports only its own records, not those of %s", im.by.Department, govops.Truncate(in.Department, govops.MaxCodeLen))
	}
	r, warns, err := im.c.check(ctx, p, &in)
	if err != nil {
		return err
	}
	if !p.Empty() {
		ch.errs = append(ch.errs, im.cols.RowErrors(row.line, p.Err())...)
		return nil
	}
	for _, w := range warns {
		field, why, _ := strings.Cut(w, ": ")
		ch.warns = append(ch.warns, csvimport.RowError{Row: row.line, Field: field, Problem: why})
	}
	if err := im.s.stamp(&r, im.by, im.batch); err != nil {
		return err
	}
	ch.records = append(ch.records, r)
	ch.lines = append(ch.lines, row.line)
	return nil
}
