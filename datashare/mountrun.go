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
	// heartbeat is how long the run may go without a write: a run that
	// reads on without writing (the bad rows of an all-or-nothing mount,
	// or a stretch of bad rows) touches its batch through an empty write
	// then, so that RecoverMounts does not take it for dead.
	heartbeat time.Duration
}

// mountChunk is a run of rows checked together: the records of the good
// ones, the problems of the rest, the warnings the good ones carry, and
// per item the good rows holding a value and those let through with one
// that fails a check. err is set when reading could not go on.
//
// The records' Data and Key are encoded into data and keys, and made
// strings by seal, two for the whole chunk rather than two for each row:
// that halves the allocations of a mount.
type mountChunk struct {
	records []Record
	data    []byte
	ends    []int // where each record's Data ends in data
	keys    []byte
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
	ch.data, ch.ends, ch.keys = ch.data[:0], ch.ends[:0], ch.keys[:0]
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
	touched := now()
	for ch := range chunks {
		if ch.err != nil {
			return t, ch.err
		}
		t.report.Rows += ch.rows
		t.report.Errors = append(t.report.Errors, ch.errs...)
		t.report.Warnings = append(t.report.Warnings, ch.warns...)
		switch at := now(); {
		case len(ch.records) > 0 && (m.mode == csvimport.KeepGood || len(t.report.Errors) == 0):
			if err := w.Write(ctx, ch.records, at); err != nil {
				return t, err
			}
			touched = at
			t.mounted += int64(len(ch.records))
			for i := range t.present {
				t.present[i] += ch.present[i]
				t.invalid[i] += ch.invalid[i]
			}
		case at.Sub(touched) > m.heartbeat:
			if err := w.Write(ctx, nil, at); err != nil {
				return t, err
			}
			touched = at
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
	var scratch []byte
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
			scratch, bad = m.check(ch, row, scratch, !failed)
		}
		failed = failed || bad && m.mode == csvimport.AllOrNothing
		if len(ch.records) >= MountChunk || ch.rows >= 4*MountChunk {
			ch.seal()
			if !send(ch) {
				return
			}
			ch = next()
		}
	}
	if ch.rows > 0 {
		ch.seal()
		send(ch)
	}
}

// seal sets the Data and Key of ch's records from what was encoded for
// them. A record's strings share the memory of its chunk's: a Store that
// keeps a record keeps its chunk's text, no more than it would keep if
// the records were its own.
func (ch *mountChunk) seal() {
	data, keys := string(ch.data), string(ch.keys)
	start := 0
	for i := range ch.records {
		r := &ch.records[i]
		r.Data, start = data[start:ch.ends[i]], ch.ends[i]
		if len(keys) > 0 {
			r.Key = keys[keyLen*i : keyLen*(i+1)]
		}
	}
}

// check checks one row into ch: a record (when encode is set), or its
// problems, and reports whether it is bad. A row's problems are found
// together, one per item, in item order. scratch is scratch space,
// returned for the next row.
func (m *mountRun) check(ch *mountChunk, row *fileRow, scratch []byte, encode bool) (_ []byte, bad bool) {
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
		return scratch, true
	}
	if !encode {
		return scratch, false
	}
	for i, v := range row.vals {
		if v != "" {
			ch.present[i]++
		}
		if warned&(1<<i) != 0 {
			ch.invalid[i]++
		}
	}
	ch.data = appendRecord(ch.data, m.items, row.vals)
	ch.ends = append(ch.ends, len(ch.data))
	ch.keys, scratch = appendRecordKey(ch.keys, scratch, m.key, row.vals)
	ch.records = append(ch.records, Record{Catalog: m.catalog, Batch: m.batch, Line: int64(row.line)})
	return scratch, false
}
