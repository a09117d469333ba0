package directorybun_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/directory/storetest"
	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/internal/dbtest"
)

// importRows is the size of the import benchmark's file.
const importRows = 10_000

// benchUnit is one unit of the benchmark's file.
type benchUnit struct{ code, name, kind, parent, zone string }

// benchUnits returns n units whose codes start with prefix: 40 townships,
// a third of the others villages and a third communities below them, the
// rest departments, every tenth below the department before it. The
// townships come a tenth of the way into the list, after some of their
// children.
func benchUnits(prefix string, n int) []benchUnit {
	const townships = 40
	zones := []string{"building", "urban", "suburban", ""}
	var out []benchUnit
	for i := range n - townships {
		u := benchUnit{code: fmt.Sprintf("%su%05d", prefix, i), zone: zones[i%len(zones)]}
		switch i % 3 {
		case 0:
			u.kind, u.parent, u.name = "village", fmt.Sprintf("%st%02d", prefix, i%townships), fmt.Sprintf("柳北区第%d村", i)
		case 1:
			u.kind, u.parent, u.name = "community", fmt.Sprintf("%st%02d", prefix, i%townships), fmt.Sprintf("柳北区第%d社区", i)
		default:
			u.kind, u.name = "department", fmt.Sprintf("柳北区第%d局", i)
			if i%10 == 5 {
				u.parent = out[i-3].code // a department two rows up
			}
		}
		out = append(out, u)
		if i == n/10 {
			for t := range townships {
				out = append(out, benchUnit{code: fmt.Sprintf("%st%02d", prefix, t), name: fmt.Sprintf("第%d街道", t),
					kind: "township", zone: "urban"})
			}
		}
	}
	return out
}

// benchCSV returns us as a departments CSV.
func benchCSV(us []benchUnit) string {
	var b strings.Builder
	b.WriteString("code,name,kind,parent,zone\n")
	for _, u := range us {
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s\n", u.code, u.name, u.kind, u.parent, u.zone)
	}
	return b.String()
}

// rawDepartmentRow and rawEventRow are rows of directory_departments and
// directory_events as bare bun models, written without the Service or the
// store: the baseline the import is compared with.
type rawDepartmentRow struct {
	bun.BaseModel `bun:"table:directory_departments"`

	ID        string    `bun:"id,pk"`
	Code      string    `bun:"code"`
	Name      string    `bun:"name"`
	Kind      string    `bun:"kind"`
	Parent    string    `bun:"parent"`
	Zone      string    `bun:"zone"`
	Status    string    `bun:"status"`
	Version   int64     `bun:"version"`
	CreatedAt time.Time `bun:"created_at"`
	UpdatedAt time.Time `bun:"updated_at"`
}

type rawEventRow struct {
	bun.BaseModel `bun:"table:directory_events"`

	ID           string    `bun:"id,pk"`
	DepartmentID string    `bun:"department_id"`
	Seq          int64     `bun:"seq"`
	Type         string    `bun:"type"`
	Actor        string    `bun:"actor"`
	ActorDept    string    `bun:"actor_dept"`
	At           time.Time `bun:"at"`
	FromStatus   string    `bun:"from_status"`
	ToStatus     string    `bun:"to_status"`
	Department   string    `bun:"department"`
	Note         string    `bun:"note"`
	Attachments  string    `bun:"attachments"`
}

// rawRows returns the rows an import of us writes.
func rawRows(us []benchUnit) ([]rawDepartmentRow, []rawEventRow) {
	now := time.Now().UTC().Truncate(time.Microsecond)
	ds := make([]rawDepartmentRow, len(us))
	evs := make([]rawEventRow, len(us))
	for i, u := range us {
		id := uuid.Must(uuid.NewV7()).String()
		ds[i] = rawDepartmentRow{ID: id, Code: u.code, Name: u.name, Kind: u.kind, Parent: u.parent, Zone: u.zone,
			Status: "active", Version: 1, CreatedAt: now, UpdatedAt: now}
		evs[i] = rawEventRow{ID: uuid.Must(uuid.NewV7()).String(), DepartmentID: id, Seq: 1, Type: "created", Actor: "bench",
			At: now, ToStatus: "active", Department: u.code, Note: fmt.Sprintf("imported from row %d", i+2), Attachments: "[]"}
	}
	return ds, evs
}

// rawInsert writes ds and evs with bare bun multi-row INSERTs of 1,000 rows
// in one transaction.
func rawInsert(ctx context.Context, db *bun.DB, ds []rawDepartmentRow, evs []rawEventRow) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for i := 0; i < len(ds); i += bunstore.MaxChunkRows {
			chunk := ds[i:min(i+bunstore.MaxChunkRows, len(ds))]
			if _, err := tx.NewInsert().Model(&chunk).Exec(ctx); err != nil {
				return err
			}
		}
		for i := 0; i < len(evs); i += bunstore.MaxChunkRows {
			chunk := evs[i:min(i+bunstore.MaxChunkRows, len(evs))]
			if _, err := tx.NewInsert().Model(&chunk).Exec(ctx); err != nil {
				return err
			}
		}
		return nil
	})
}

// BenchmarkImport alternates the Service's import of a CSV of 10,000 units
// (read, checked against each other and the directory, and stored with
// their events in one Store call) with a bare bun insert of the same rows,
// timing each, so that both rates come from the same moments of a noisy
// machine. Both write into the same tables, which grow by 20,000 units
// each iteration.
func BenchmarkImport(b *testing.B) {
	for _, d := range dbtest.BenchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			st, db := MustOpenStore(b, d)
			svc := directory.NewService(st)
			ctx := b.Context()
			center := govops.Actor{Name: "bench"}
			var importTime, rawTime time.Duration
			n := 0
			for b.Loop() {
				n++
				file := benchCSV(benchUnits(fmt.Sprintf("i%d.", n), importRows))
				ds, evs := rawRows(benchUnits(fmt.Sprintf("r%d.", n), importRows))
				t0 := time.Now()
				rep, err := svc.Import(ctx, center, strings.NewReader(file), directory.ImportOptions{})
				if err != nil || rep.Imported != importRows {
					b.Fatalf("Import: %v (%d imported, %v)", err, rep.Imported, rep.Errors[:min(3, len(rep.Errors))])
				}
				t1 := time.Now()
				if err := rawInsert(ctx, db, ds, evs); err != nil {
					b.Fatalf("raw insert: %v", err)
				}
				importTime += t1.Sub(t0)
				rawTime += time.Since(t1)
			}
			importRate := float64(importRows*b.N) / importTime.Seconds()
			rawRate := float64(importRows*b.N) / rawTime.Seconds()
			b.ReportMetric(importRate, "import-rows/s")
			b.ReportMetric(rawRate, "raw-rows/s")
			b.ReportMetric(importRate/rawRate, "ratio")
			b.ReportMetric(float64(importTime.Milliseconds())/float64(b.N), "import-ms/op")
		})
	}
}

// BenchmarkStore runs the storetest benchmarks on every available dialect.
func BenchmarkStore(b *testing.B) {
	for _, d := range dbtest.BenchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			storetest.RunBenchmarks(b, maker(d))
		})
	}
}
