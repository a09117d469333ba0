package securitybun

import (
	"context"
	"io/fs"
	"path"
	"strings"
	"testing/fstest"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/security"
)

// SetSummariesForTest turns the summaries of the Store's writes off or
// back on: the baseline of the benchmarks of the write path.
func SetSummariesForTest(s *Store, on bool) { s.noSummaries = !on }

// HardeningCountsScanForTest is HardeningCounts as one GROUP BY over the
// records (the full scan RepairSummaries recomputes from): the baseline of
// the benchmarks of the counts.
func HardeningCountsScanForTest(ctx context.Context, s *Store, department string) ([]security.HardeningCount, error) {
	sum, where := hardeningCounts(), ""
	if department != "" {
		where = "department = ?"
	}
	var rows []struct {
		Kind         string `bun:"kind"`
		Severity     string `bun:"severity"`
		FoundYear    int    `bun:"found_year"`
		VerifiedYear int    `bun:"verified_year"`
		N            int64  `bun:"n"`
	}
	q := recount(sum, "security_hardenings", where, department)(s.db)
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, err
	}
	out := make([]security.HardeningCount, len(rows))
	for i, r := range rows {
		out[i] = security.HardeningCount{Kind: security.FindingKind(r.Kind), Severity: security.Severity(r.Severity),
			FoundYear: r.FoundYear, VerifiedYear: r.VerifiedYear, Count: r.N}
	}
	return out, nil
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
	return bunstore.Migrate(ctx, db, files, "security")
}
