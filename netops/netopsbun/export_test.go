package netopsbun

import (
	"context"
	"io/fs"
	"net/netip"
	"path"
	"strings"
	"testing/fstest"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/netops"
)

// OverlapQueryForTest is overlapQuery, for the test of its plan.
func OverlapQueryForTest(space string, ps []netip.Prefix) (string, []any) {
	return overlapQuery(space, ps)
}

// SetSummariesForTest turns the summaries of the Store's writes of visits
// off or back on: the baseline of the benchmarks of the write path.
func SetSummariesForTest(s *Store, on bool) { s.noSummaries = !on }

// VisitGroupsScanForTest is VisitGroups as one GROUP BY over the visits f
// selects, whatever f: the full scan the summaries stand for, the
// baseline of the benchmarks.
func VisitGroupsScanForTest(ctx context.Context, s *Store, f netops.VisitFilter) ([]netops.VisitGroup, error) {
	rows, err := s.scanGroups(ctx, f)
	if err != nil {
		return nil, err
	}
	return sumGroups(rows), nil
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
	return bunstore.Migrate(ctx, db, files, "netops")
}
