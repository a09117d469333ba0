package securitybun_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/security"
)

// rawHardeningRow and rawEventRow are rows of security_hardenings and
// security_events as bare bun models, written without the store: the
// baseline a create is compared with.
type rawHardeningRow struct {
	bun.BaseModel `bun:"table:security_hardenings"`

	ID         string    `bun:"id,pk"`
	Department string    `bun:"department"`
	Asset      string    `bun:"asset"`
	Kind       string    `bun:"kind"`
	Severity   string    `bun:"severity"`
	Detail     string    `bun:"detail"`
	SourceKind string    `bun:"source_kind"`
	SourceID   string    `bun:"source_id,nullzero"`
	SourceSeq  int       `bun:"source_seq"`
	SourceRef  string    `bun:"source_ref"`
	FoundOn    time.Time `bun:"found_on"`
	Status     string    `bun:"status"`
	Version    int64     `bun:"version"`
	CreatedAt  time.Time `bun:"created_at"`
	UpdatedAt  time.Time `bun:"updated_at"`
}

type rawEventRow struct {
	bun.BaseModel `bun:"table:security_events"`

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

// benchHardening returns a finding of an inspection raised as a new record,
// with the event of its creation.
func benchHardening(now time.Time, seq int) (security.Hardening, security.Event) {
	h := security.Hardening{ID: uuid.Must(uuid.NewV7()), Department: "lbq-scjg", Asset: "ZC-2019-0001",
		Kind: security.FindingWeakPassword, Severity: security.SeverityHigh, Detail: "管理口令为 8 位纯数字",
		Source:  security.Source{Kind: security.SourceInspection, ID: uuid.Must(uuid.NewV7()), Seq: seq, Ref: "自查 2023-06"},
		FoundOn: now, Status: security.HardeningOpen, Version: 1, CreatedAt: now, UpdatedAt: now}
	e := security.Event{ID: uuid.Must(uuid.NewV7()), Subject: h.ID, Seq: 1, Type: security.EventHardeningOpened,
		Actor: "bench", At: now, To: security.Status(security.HardeningOpen), Department: h.Department}
	return h, e
}

// rawCreate writes the rows of h and e with bare bun INSERTs in one
// transaction.
func rawCreate(ctx context.Context, db *bun.DB, h *security.Hardening, e *security.Event) error {
	row := rawHardeningRow{ID: h.ID.String(), Department: h.Department, Asset: h.Asset, Kind: string(h.Kind),
		Severity: string(h.Severity), Detail: h.Detail, SourceKind: string(h.Source.Kind), SourceID: h.Source.ID.String(),
		SourceSeq: h.Source.Seq, SourceRef: h.Source.Ref, FoundOn: h.FoundOn, Status: string(h.Status), Version: 1,
		CreatedAt: h.CreatedAt, UpdatedAt: h.UpdatedAt}
	ev := rawEventRow{ID: e.ID.String(), SubjectID: e.Subject.String(), Seq: 1, Type: string(e.Type), Actor: e.Actor,
		At: e.At, ToStatus: string(e.To), Department: e.Department, Attachments: "[]"}
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(&row).Exec(ctx); err != nil {
			return err
		}
		_, err := tx.NewInsert().Model(&ev).Exec(ctx)
		return err
	})
}

// BenchmarkCreateHardening alternates CreateHardenings of one record with
// its event, as RaiseFindings stores a single finding, with a bare bun
// insert of the same two rows in one transaction, timing each, so that both
// come from the same moments of a noisy machine. It reports the time of
// each and their ratio.
func BenchmarkCreateHardening(b *testing.B) {
	for _, d := range dbtest.BenchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			st, db := MustOpenStore(b, d)
			ctx := b.Context()
			now := time.Now().UTC().Truncate(time.Microsecond)
			var storeTime, rawTime time.Duration
			n := 0
			for b.Loop() {
				n++
				h, e := benchHardening(now, n)
				rh, re := benchHardening(now, n)
				t0 := time.Now()
				if err := st.CreateHardenings(ctx, []security.Hardening{h}, []security.Event{e}); err != nil {
					b.Fatalf("CreateHardenings: %v", err)
				}
				t1 := time.Now()
				if err := rawCreate(ctx, db, &rh, &re); err != nil {
					b.Fatalf("raw insert: %v", err)
				}
				storeTime += t1.Sub(t0)
				rawTime += time.Since(t1)
			}
			b.ReportMetric(float64(storeTime.Microseconds())/float64(n), "store-µs/create")
			b.ReportMetric(float64(rawTime.Microseconds())/float64(n), "raw-µs/create")
			b.ReportMetric(storeTime.Seconds()/rawTime.Seconds(), "ratio")
		})
	}
}
