package govcasebun

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing/fstest"
	"time"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/bunstore"
)

// InsertCasesForTest writes cases (without events) in chunked multi-row
// inserts (bunstore.InsertChunked) through the same row conversion as
// CreateCase, so that seeded rows carry the same derived columns as stored
// ones, and adds them to the case summary as CreateCase would: the bulk
// path of test and benchmark fixtures, which must leave the summary right.
// It converts a block at a time, so that a million cases never sit in
// memory as rows too, and adds the summary last, one upsert per group
// (in chunks, in key order). Run it in a transaction for speed, and so
// that the cases and their summary land together.
func (s *Store) InsertCasesForTest(ctx context.Context, db bun.IDB, cases []*govcase.Case) error {
	const block = 10_000
	rows := make([]caseRow, 0, block)
	groups := map[string]*bunstore.SummaryDelta{}
	for start := 0; start < len(cases); start += block {
		rows = rows[:0]
		for _, c := range cases[start:min(start+block, len(cases))] {
			r := toCaseRow(c)
			rows = append(rows, *r)
			for _, d := range s.contribution(r, 1) {
				k := govops.SummaryKey(caseSummary.Keys, d.Key)
				if g, ok := groups[k]; ok {
					for i, n := range d.Counts {
						g.Counts[i] += n
					}
				} else {
					groups[k] = &d
				}
			}
		}
		if err := bunstore.InsertChunked(ctx, db, rows); err != nil {
			return err
		}
	}
	deltas := make([]bunstore.SummaryDelta, 0, len(groups))
	for _, d := range groups {
		deltas = append(deltas, *d)
	}
	// The order of Summary.Add, so that the chunks lock the rows in one
	// order too.
	slices.SortFunc(deltas, func(a, b bunstore.SummaryDelta) int {
		return cmp.Or(cmp.Compare(a.Key[0].(int), b.Key[0].(int)), cmp.Compare(a.Key[1].(int), b.Key[1].(int)),
			strings.Compare(a.Key[2].(string), b.Key[2].(string)), strings.Compare(a.Key[3].(string), b.Key[3].(string)),
			strings.Compare(a.Key[4].(string), b.Key[4].(string)))
	})
	const chunk = 1000 // 12,000 parameters, within every dialect's limit
	for start := 0; start < len(deltas); start += chunk {
		if err := caseSummary.Add(ctx, db, deltas[start:min(start+chunk, len(deltas))]...); err != nil {
			return err
		}
	}
	return nil
}

// ScanStatsForTest is CaseStats by the full scan of the cases, whatever
// the filter: the baseline of the summary's benchmarks.
func (s *Store) ScanStatsForTest(ctx context.Context, f govcase.StatsFilter) (govcase.Stats, error) {
	return s.scanStats(ctx, f)
}

// ScanCountsForTest is CaseCounts by the full scan of the cases, whatever
// the bounds.
func (s *Store) ScanCountsForTest(ctx context.Context, f govcase.StatsFilter, bounds []time.Time) ([]govcase.PeriodCount, error) {
	return s.scanCounts(ctx, f, bounds)
}

// InsertEventsForTest writes events with bun's own multi-row insert, through
// the same row conversion as CreateCase: the reference that the prepared
// write path is compared with.
func InsertEventsForTest(ctx context.Context, db bun.IDB, events []govcase.Event) error {
	rows := toEventRows(events)
	_, err := db.NewInsert().Model(&rows).Exec(ctx)
	return err
}

// SchemaHashForTest returns a short hash of every embedded migration, which
// changes whenever the schema does: the key of cached test databases.
func SchemaHashForTest() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(migrationFiles, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := migrationFiles.ReadFile(path)
		if err != nil {
			return err
		}
		h.Write([]byte(path))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12], err
}

// MigrationsForTest returns the names (the version before the first "_")
// of the embedded migrations of dialect's folder ("sqlite", "pg" or
// "mysql"), in order.
func MigrationsForTest(dialect string) ([]string, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations/"+dialect)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		name, _, _ := strings.Cut(e.Name(), "_")
		if len(names) == 0 || names[len(names)-1] != name {
			names = append(names, name)
		}
	}
	return names, nil
}

// MigrateToForTest applies the embedded migrations up to and including
// version, as Migrate would have before the later ones existed: the
// starting point of an upgrade test.
func MigrateToForTest(ctx context.Context, db *bun.DB, version string) error {
	files := fstest.MapFS{}
	err := fs.WalkDir(migrationFiles, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if name, _, _ := strings.Cut(path.Base(p), "_"); name > version {
			return nil
		}
		b, err := migrationFiles.ReadFile(p)
		if err != nil {
			return err
		}
		files[p] = &fstest.MapFile{Data: b}
		return nil
	})
	if err != nil {
		return err
	}
	return bunstore.Migrate(ctx, db, files, "govcase")
}
