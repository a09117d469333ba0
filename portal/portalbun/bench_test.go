package portalbun_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/portal/portalbun"
	"github.com/govops-kit/govops/portal/storetest"
)

// rawPostRow and rawEventRow are rows of portal_posts and portal_events as
// bare bun models, written without the store: the baseline CreatePosts is
// compared with.
type rawPostRow struct {
	bun.BaseModel `bun:"table:portal_posts"`

	ID         string    `bun:"id,pk"`
	SiteID     string    `bun:"site_id"`
	ColumnID   string    `bun:"column_id"`
	Title      string    `bun:"title"`
	URL        string    `bun:"url"`
	URLHash    string    `bun:"url_hash"`
	Published  time.Time `bun:"published"`
	Department string    `bun:"department"`
	Source     string    `bun:"source"`
	By         string    `bun:"posted_by"`
	CreatedAt  time.Time `bun:"created_at"`
}

type rawEventRow struct {
	bun.BaseModel `bun:"table:portal_events"`

	ID          string    `bun:"id,pk"`
	SubjectID   string    `bun:"subject_id"`
	Seq         int64     `bun:"seq"`
	Type        string    `bun:"type"`
	Actor       string    `bun:"actor"`
	ActorDept   string    `bun:"actor_dept"`
	At          time.Time `bun:"at"`
	FromStatus  string    `bun:"from_status"`
	ToStatus    string    `bun:"to_status"`
	Department  string    `bun:"department"`
	Note        string    `bun:"note"`
	Attachments string    `bun:"attachments"`
}

// rawCreatePosts writes the rows of ps, the column's new last update and
// the event ev with bare bun statements in one transaction: one multi-row
// INSERT of the posts, one UPDATE, one INSERT.
func rawCreatePosts(ctx context.Context, db *bun.DB, ps []portal.Post, col *portal.Column, ev *portal.Event) error {
	rows := make([]rawPostRow, len(ps))
	for i, p := range ps {
		sum := sha256.Sum256([]byte(p.URL))
		rows[i] = rawPostRow{ID: p.ID.String(), SiteID: p.SiteID.String(), ColumnID: p.ColumnID.String(), Title: p.Title,
			URL: p.URL, URLHash: hex.EncodeToString(sum[:]), Published: p.Published.UTC(), Department: p.Department,
			Source: string(p.Source), By: p.By, CreatedAt: p.CreatedAt.UTC()}
	}
	e := rawEventRow{ID: ev.ID.String(), SubjectID: ev.Subject.String(), Seq: ev.Seq, Type: string(ev.Type),
		Actor: ev.Actor, At: ev.At.UTC(), Attachments: "[]"}
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.NewUpdate().Table("portal_columns").Set("last_update = ?", col.Updated.UTC()).
			Set("version = version + 1").Where("id = ? AND version = ?", col.ID.String(), col.Version-1).Exec(ctx); err != nil {
			return err
		}
		_, err := tx.NewInsert().Model(&e).Exec(ctx)
		return err
	})
}

// benchColumn stores a site and a column in st and returns the column.
func benchColumn(b *testing.B, st *portalbun.Store) portal.Column {
	b.Helper()
	now := time.Now().UTC().Truncate(time.Microsecond)
	site := portal.Site{ID: uuid.Must(uuid.NewV7()), Code: "bench", Name: "门户", Home: "https://www.lbq.gov.cn/",
		Status: portal.SiteActive, Version: 1, CreatedAt: now, UpdatedAt: now}
	col := portal.Column{ID: uuid.Must(uuid.NewV7()), SiteID: site.ID, Code: "gzdt", Name: "工作动态",
		URL: "https://www.lbq.gov.cn/gzdt/", Requirement: portal.RequireBiweekly, Version: 1, CreatedAt: now, ChangedAt: now}
	if err := st.CreateSite(b.Context(), &site, nil); err != nil {
		b.Fatal(err)
	}
	if err := st.CreateColumn(b.Context(), &col, nil); err != nil {
		b.Fatal(err)
	}
	return col
}

// next returns col's next version with its last update moved, and its
// event.
func next(col portal.Column, at time.Time) (portal.Column, portal.Event) {
	col.Version++
	col.Updated, col.UpdatedBy = at, portal.UpdatedByPost
	return col, portal.Event{ID: uuid.Must(uuid.NewV7()), Subject: col.ID, Seq: col.Version, Type: portal.EventPostsRecorded,
		Actor: "bench", At: at}
}

// BenchmarkCreatePosts alternates CreatePosts of a batch of
// storetest.BenchBatch posts, moving their column's last update with its
// event, with bare bun statements writing the same rows in one
// transaction into a second database, timing each, so that both come from
// the same moments of a noisy machine. It reports the posts per second of
// each and their ratio (store over raw time: above 1 is the store's cost).
func BenchmarkCreatePosts(b *testing.B) {
	for _, d := range dbtest.BenchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			st, _ := MustOpenStore(b, d)
			raw, rawDB := MustOpenStore(b, d)
			ctx := b.Context()
			col, rawCol := benchColumn(b, st), benchColumn(b, raw)
			var storeTime, rawTime time.Duration
			n := 0
			for b.Loop() {
				ps := storetest.BenchPosts(b, col, n, storetest.BenchBatch)
				rps := storetest.BenchPosts(b, rawCol, n, storetest.BenchBatch)
				n += len(ps)
				at := ps[len(ps)-1].Published
				var ev, rev portal.Event
				col, ev = next(col, at)
				rawCol, rev = next(rawCol, at)
				t0 := time.Now()
				if err := st.CreatePosts(ctx, ps, []portal.Column{col}, nil, []portal.Event{ev}); err != nil {
					b.Fatalf("CreatePosts: %v", err)
				}
				t1 := time.Now()
				if err := rawCreatePosts(ctx, rawDB, rps, &rawCol, &rev); err != nil {
					b.Fatalf("raw insert: %v", err)
				}
				storeTime += t1.Sub(t0)
				rawTime += time.Since(t1)
			}
			b.ReportMetric(float64(n)/storeTime.Seconds(), "store-posts/s")
			b.ReportMetric(float64(n)/rawTime.Seconds(), "raw-posts/s")
			b.ReportMetric(storeTime.Seconds()/rawTime.Seconds(), "ratio")
		})
	}
}

// BenchmarkStore runs the suite's benchmarks on every dialect at hand.
func BenchmarkStore(b *testing.B) {
	for _, d := range dbtest.BenchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			storetest.RunBenchmarks(b, maker(d))
		})
	}
}
