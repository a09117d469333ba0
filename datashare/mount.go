package datashare

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/idcode"
)

// FileFormat is the format of a file mounted into an entry.
type FileFormat string

// Mounted file formats.
const (
	// FileCSV is a CSV file whose header names the entry's items (see
	// MountColumns), in any order; an optional item may be left out.
	FileCSV FileFormat = "csv"
	// FileJSONLines is one JSON object per line, whose keys are item
	// names and whose values are strings, numbers or booleans (null for
	// no value).
	FileJSONLines FileFormat = "jsonl"
)

// MountOptions says how Mount reads its file and what it writes.
type MountOptions struct {
	// Mode is csvimport.AllOrNothing (the default, for "") or
	// csvimport.KeepGood.
	Mode csvimport.Mode
	// Format is FileCSV (the default, for "") or FileJSONLines.
	Format FileFormat
	// Encoding is a CSV file's encoding; the zero value detects UTF-8 or
	// GB18030 (see csvimport).
	Encoding csvimport.Encoding
	// IDMode is how identifier items are checked: idcode.Strict (the
	// default) refuses a wrong check character; idcode.Warn keeps the row
	// with a warning, and counts the value as invalid in the batch's
	// ItemStats, for registers that hold early codes.
	IDMode idcode.Mode
	// Replace makes the batch a full refresh (全量): when it commits, it
	// replaces every record mounted into the entry before it.
	Replace bool
	// Source names the file, for the batch.
	Source string
}

// MountResult is what Mount did: the batch, as stored when the mount
// ended, and the report of every row.
type MountResult struct {
	Batch  Batch
	Report csvimport.Report
}

// MountColumns returns the header a CSV file mounted into the entry ref
// names must have: its items' names, in order (an optional item's column
// may be left out), which are also the keys of a JSON lines file. Whoever
// may read the entry may ask.
func (s *Service) MountColumns(ctx context.Context, by govops.Actor, ref string) ([]string, error) {
	c, err := s.Catalog(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	return csvColumns(c.Items).Names(), nil
}

// Mount mounts (挂接) the records of a CSV or JSON lines file into the
// entry ref names, streaming: rows are read, checked against the entry's
// items and written in chunks, so that a file of millions of rows is
// never held in memory. The center mounts into any entry, a department
// into its own (EFORBIDDEN otherwise); a withdrawn entry takes no data (EINVALID naming
// "catalog").
//
// Each value is checked by its item: integer, number (a finite decimal),
// date (2022-03-01, 2022/3/1 or 20220301, stored as 2022-03-01), datetime
// (RFC 3339, or 2022-03-01 08:30:00 in Beijing time, stored in RFC 3339),
// boolean (true/false, 是/否, 1/0, stored as true or false), string (at
// most Length characters, no control character); required items hold a
// value, and identifier items are checked by idcode in opts.IDMode. Every
// problem of every bad row is reported, with its line, its column (the
// item) and what to fix.
//
// The batch is stored as loading before the first row is read, and its rows
// become visible together when it commits. With csvimport.AllOrNothing
// and any bad row, it fails (BatchFailed, with its Problem) and Mount
// returns the result with the report's EINVALID error; with
// csvimport.KeepGood the good rows commit. Any other error, a cancelled
// context included, fails the batch as well and leaves no row visible; the
// result then says how far the mount got. A header that does not name the
// items (csvimport's EINVALID) is an error before any batch is stored,
// and a nil result.
func (s *Service) Mount(ctx context.Context, by govops.Actor, ref string, r io.Reader, opts MountOptions) (*MountResult, error) {
	const what = "mount data into catalog entries"
	if err := by.MayWrite(what); err != nil {
		return nil, err
	}
	if err := checkMountOptions(&opts); err != nil {
		return nil, err
	}
	c, err := s.visibleCatalog(ctx, by, "catalog", ref)
	if err != nil {
		return nil, err
	}
	if _, err := by.ActFor(c.Department, what); err != nil {
		return nil, err
	}
	if c.Status == CatalogWithdrawn {
		return nil, govops.FieldError("catalog", fmt.Sprintf("entry %s is withdrawn (已下架): publish it again before mounting data into it", c.Code))
	}
	var rows fileRows
	var columns []string
	var jf *jsonFile
	if opts.Format == FileJSONLines {
		jf = newJSONFile(c.Items)
		rows = jf.rows(r)
	} else if columns, rows, err = csvRows(r, c.Items, opts.Encoding); err != nil {
		return nil, err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return nil, govops.Errorf(govops.EINTERNAL, "generate id: %w", err)
	}
	now := s.clock()
	b := Batch{ID: id, Catalog: c.ID, CatalogCode: c.Code, Department: c.Department, Actor: by.Name, ActorDept: by.Department,
		Mode: string(opts.Mode), Replace: opts.Replace, Status: BatchLoading, StartedAt: now, TouchedAt: now,
		Columns: columns, Source: opts.Source, Version: 1}
	ev, err := batchEvent(&b, EventMountStarted, by, now, "", "")
	if err != nil {
		return nil, err
	}
	w, err := s.store.BeginMount(ctx, b, []Event{ev})
	if err != nil {
		return nil, err
	}
	m := &mountRun{mode: opts.Mode, idMode: opts.IDMode, catalog: c.ID, batch: id, items: newItemChecks(c.Items), heartbeat: s.stale / 4}
	for _, k := range c.Key {
		m.key = append(m.key, slices.IndexFunc(c.Items, func(it Item) bool { return it.Name == k }))
	}
	t, runErr := m.run(ctx, rows, w, s.clock)
	t.report.Sort()
	if jf != nil {
		b.Columns = jf.columns()
	}
	b.Rows, b.BadRows, b.Warnings = int64(t.report.Rows), int64(t.report.BadRows()), int64(len(t.report.Warnings))
	b.Items = make([]ItemStats, len(c.Items))
	for i, it := range c.Items {
		b.Items[i] = ItemStats{Item: it.Name, Present: t.present[i], Invalid: t.invalid[i]}
	}
	res := &MountResult{Report: t.report}
	if runErr != nil {
		res.Batch = s.abortMount(ctx, by, w, b, "the mount stopped: "+govops.ErrorMessage(runErr))
		return res, runErr
	}
	if opts.Mode == csvimport.AllOrNothing && len(t.report.Errors) > 0 {
		res.Batch = s.abortMount(ctx, by, w, b, fmt.Sprintf("%d of %d rows are bad: nothing was mounted (all or nothing)", b.BadRows, b.Rows))
		return res, t.report.Err(opts.Mode)
	}
	b.Mounted = t.mounted
	if err := s.commitMount(ctx, by, w, &b); err != nil {
		res.Batch = s.abortMount(ctx, by, w, b, "the mount could not commit: "+govops.ErrorMessage(err))
		return res, err
	}
	res.Batch, res.Report.Imported = b, int(b.Mounted)
	return res, nil
}

// checkMountOptions checks opts, filling their defaults.
func checkMountOptions(opts *MountOptions) error {
	var p govops.Problems
	if opts.Mode == "" {
		opts.Mode = csvimport.AllOrNothing
	}
	if !opts.Mode.Valid() {
		p.Addf("mode", "unknown mode %s: use %s or %s", quoteCut(string(opts.Mode)), csvimport.AllOrNothing, csvimport.KeepGood)
	}
	if opts.Format == "" {
		opts.Format = FileCSV
	}
	if opts.Format != FileCSV && opts.Format != FileJSONLines {
		p.Addf("format", "unknown file format %s: use csv or jsonl", quoteCut(string(opts.Format)))
	}
	if opts.Encoding < csvimport.Detect || opts.Encoding > csvimport.GB18030 {
		p.Add("encoding", "unknown encoding: detect it, or use UTF-8 or GB18030")
	}
	if opts.IDMode != idcode.Strict && opts.IDMode != idcode.Warn {
		p.Add("id_mode", "unknown mode: use strict or warn")
	}
	checkLine(&p, "source", opts.Source, MaxNameLen, false)
	return p.Err()
}

// commitMount commits the loading batch b, which the run wrote through w,
// with its event and, for a full refresh, the events of the batches it
// replaces. b is as stored when it returns nil.
func (s *Service) commitMount(ctx context.Context, by govops.Actor, w MountWriter, b *Batch) error {
	now := s.clock()
	next := *b
	next.Status, next.FinishedAt, next.TouchedAt, next.Version = BatchCommitted, now, now, b.Version+1
	ev, err := batchEvent(&next, EventMountCommitted, by, now, BatchLoading,
		fmt.Sprintf("mounted %d of %d rows", next.Mounted, next.Rows))
	if err != nil {
		return err
	}
	replaced := func(old *Batch) (Event, error) {
		return batchEvent(old, EventMountReplaced, by, now, BatchCommitted, "replaced by batch "+next.ID.String())
	}
	if err := w.Commit(ctx, &next, []Event{ev}, replaced); err != nil {
		return err
	}
	*b = next
	return nil
}

// abortMount ends the loading batch b as failed, for the reason problem,
// and returns it as it ends. It runs even when ctx is cancelled (that may
// be why the mount stopped): a batch left loading would wait for
// RecoverMounts. When the abort itself fails the batch is returned as it
// was, loading, for RecoverMounts to end.
func (s *Service) abortMount(ctx context.Context, by govops.Actor, w MountWriter, b Batch, problem string) Batch {
	ctx = context.WithoutCancel(ctx)
	now := s.clock()
	next := b
	next.Status, next.FinishedAt, next.Version, next.Mounted = BatchFailed, now, b.Version+1, 0
	next.Problem = govops.Truncate(problem, MaxTextLen)
	ev, err := batchEvent(&next, EventMountFailed, by, now, BatchLoading, next.Problem)
	if err != nil {
		return b
	}
	if err := w.Abort(ctx, &next, []Event{ev}); err != nil {
		return b
	}
	return next
}

// batchEvent returns the event of by's change of b to its version.
func batchEvent(b *Batch, t EventType, by govops.Actor, at time.Time, from BatchStatus, note string) (Event, error) {
	e, err := govops.NewEvent(b.ID, b.Version, t, by, at, Status(from), Status(b.Status))
	if err != nil {
		return Event{}, err
	}
	e.Department, e.Note = b.Department, note
	return e, nil
}
