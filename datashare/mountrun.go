package datashare

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/idcode"
)

// MountChunk is how many records a mount hands its MountWriter at once.
const MountChunk = 5000

// mountRun is one run of Mount: the entry's items ready to check, and
// where its records go.
type mountRun struct {
	mode    csvimport.Mode
	idMode  idcode.Mode
	catalog uuid.UUID
	batch   uuid.UUID
	items   []itemCheck
	key     []int // the indexes of the entry's key items, in key order
}

// mountChunk is a run of rows checked together: the records of the good
// ones, the problems of the rest, the warnings the good ones carry, and
// per item the good rows holding a value and those let through with one
// that fails a check. err is set when reading could not go on.
type mountChunk struct {
	records []Record
	rows    int
	errs    []csvimport.RowError
	warns   []csvimport.RowError
	present []int64
	invalid []int64
	err     error
}

// reset empties ch for reuse, keeping its memory.
func (ch *mountChunk) reset() {
	clear(ch.records) // let the strings of the old records go
	ch.records, ch.rows, ch.errs, ch.warns = ch.records[:0], 0, nil, nil
	clear(ch.present)
	clear(ch.invalid)
}

// mountTotals is what a run read and wrote.
type mountTotals struct {
	report  csvimport.Report
	mounted int64
	present []int64
	invalid []int64
}

// run reads and checks the rows in one goroutine and writes them through
// w in this one, a chunk at a time, so that reading and writing overlap;
// at most a few chunks are in memory at once, and their memory is reused.
// Once an all-or-nothing mount has found a bad row nothing more is
// written, but every row is still read, so that every bad one is
// reported. It returns when the file is read, on the first error, or when
// ctx ends (an EINTERNAL error then); the reading goroutine has stopped by
// then, so the caller's file is no longer read.
func (m *mountRun) run(ctx context.Context, rows fileRows, w MountWriter, now func() time.Time) (mountTotals, error) {
	t := mountTotals{present: make([]int64, len(m.items)), invalid: make([]int64, len(m.items))}
	rctx, cancel := context.WithCancel(ctx)
	chunks := make(chan *mountChunk, 2)
	free := make(chan *mountChunk, 4)
	go m.read(rctx, rows, chunks, free)
	defer func() {
		cancel()
		for range chunks {
		}
	}()
	for ch := range chunks {
		if ch.err != nil {
			return t, ch.err
		}
		t.report.Rows += ch.rows
		t.report.Errors = append(t.report.Errors, ch.errs...)
		t.report.Warnings = append(t.report.Warnings, ch.warns...)
		if len(ch.records) > 0 && (m.mode == csvimport.KeepGood || len(t.report.Errors) == 0) {
			if err := w.Write(ctx, ch.records, now()); err != nil {
				return t, err
			}
			t.mounted += int64(len(ch.records))
			for i := range t.present {
				t.present[i] += ch.present[i]
				t.invalid[i] += ch.invalid[i]
			}
		}
		ch.reset()
		select {
		case free <- ch:
		default:
		}
	}
	if err := ctx.Err(); err != nil {
		return t, govops.Errorf(govops.EINTERNAL, "mount cancelled: %w", err)
	}
	return t, nil
}

// read reads and checks every row and sends them to out in chunks,
// reusing the chunks that come back on free; it closes out when done,
// after sending a chunk with err when the file cannot be read on, and
// stops early when ctx ends.
func (m *mountRun) read(ctx context.Context, rows fileRows, out chan<- *mountChunk, free <-chan *mountChunk) {
	defer close(out)
	send := func(ch *mountChunk) bool {
		select {
		case out <- ch:
			return true
		case <-ctx.Done():
			return false
		}
	}
	next := func() *mountChunk {
		select {
		case ch := <-free:
			return ch
		default:
			return &mountChunk{records: make([]Record, 0, MountChunk),
				present: make([]int64, len(m.items)), invalid: make([]int64, len(m.items))}
		}
	}
	ch := next()
	var data, key []byte
	// failed is set once an all-or-nothing mount finds a bad row: the rows
	// after it are still checked, for the report, but not encoded.
	failed := false
	for row, err := range rows {
		if err != nil {
			send(&mountChunk{err: err})
			return
		}
		// A cancelled mount stops reading soon, without paying for a
		// look at the context on every row.
		if ch.rows%1024 == 0 && ctx.Err() != nil {
			return
		}
		ch.rows++
		bad := row.errs != nil
		if bad {
			ch.errs = append(ch.errs, row.errs...)
		} else {
			data, key, bad = m.check(ch, row, data, key, !failed)
		}
		failed = failed || bad && m.mode == csvimport.AllOrNothing
		if len(ch.records) >= MountChunk || ch.rows >= 4*MountChunk {
			if !send(ch) {
				return
			}
			ch = next()
		}
	}
	if ch.rows > 0 {
		send(ch)
	}
}

// check checks one row into ch: a record (when encode is set), or its
// problems, and reports whether it is bad. A row's problems are found
// together, one per item, in item order. data and key are scratch space,
// returned for the next row.
func (m *mountRun) check(ch *mountChunk, row *fileRow, data, key []byte, encode bool) (_, _ []byte, bad bool) {
	warned := uint64(0) // the items let through with a warning (at most MaxItems)
	for i := range m.items {
		v, problem, warning := m.items[i].check(row.vals[i], m.idMode)
		if problem != "" {
			ch.errs = append(ch.errs, csvimport.RowError{Row: row.line, Field: m.items[i].Name, Problem: problem})
			bad = true
			continue
		}
		row.vals[i] = v
		if warning != "" {
			ch.warns = append(ch.warns, csvimport.RowError{Row: row.line, Field: m.items[i].Name, Problem: warning})
			warned |= 1 << i
		}
	}
	if bad {
		// The warnings of a bad row are not kept: it is not written.
		for len(ch.warns) > 0 && ch.warns[len(ch.warns)-1].Row == row.line {
			ch.warns = ch.warns[:len(ch.warns)-1]
		}
		return data, key, true
	}
	if !encode {
		return data, key, false
	}
	for i, v := range row.vals {
		if v != "" {
			ch.present[i]++
		}
		if warned&(1<<i) != 0 {
			ch.invalid[i]++
		}
	}
	data = appendRecord(data[:0], m.items, row.vals)
	var k string
	k, key = recordKey(key, m.key, row.vals)
	ch.records = append(ch.records, Record{Catalog: m.catalog, Batch: m.batch, Line: int64(row.line), Key: k, Data: string(data)})
	return data, key, false
}
