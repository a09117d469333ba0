package govcasebun_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/govcase/govcasebun"
	"github.com/govops-kit/govops/internal/dbtest"
)

// MustOpenStore returns a migrated Store over a fresh database of dialect.
func MustOpenStore(tb testing.TB, dialect string) (*govcasebun.Store, *bun.DB) {
	tb.Helper()
	db := dbtest.Open(tb, dialect)
	st, err := govcasebun.Open(tb.Context(), db)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	return st, db
}

// migrations returns the names of dialect's embedded migrations, in order.
func migrations(tb testing.TB, dialect string) []string {
	tb.Helper()
	dir := map[string]string{dbopen.SQLite: "sqlite", dbopen.Postgres: "pg", dbopen.MySQL: "mysql"}[dialect]
	names, err := govcasebun.MigrationsForTest(dir)
	if err != nil || len(names) < 2 {
		tb.Fatalf("migrations of %s: %v, %v", dialect, names, err)
	}
	return names
}

// forEachDialect runs fn as one subtest per dialect.
func forEachDialect(t *testing.T, fn func(t *testing.T, dialect string)) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) { fn(t, d) })
	}
}

func mustUUID(tb testing.TB) uuid.UUID {
	tb.Helper()
	id, err := uuid.NewV7()
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

func testCase(tb testing.TB, number string) *govcase.Case {
	tb.Helper()
	year, _, err := govcase.ParseNumber(number)
	if err != nil {
		tb.Fatal(err)
	}
	t0 := time.Date(2022, 5, 6, 1, 2, 3, 456789000, time.UTC)
	return &govcase.Case{
		ID: mustUUID(tb), Number: number, Year: year,
		Kind: govcase.KindHotline, Category: govcase.CategoryConsult, Priority: govcase.PriorityNormal,
		Source: govcase.SourcePhone, Title: "路灯不亮", Description: "胜利路路灯连续三晚不亮",
		Status: govcase.StatusRegistered, CreatedAt: t0, UpdatedAt: t0, Version: 1,
	}
}

func regEvent(tb testing.TB, c *govcase.Case) govcase.Event {
	tb.Helper()
	return govcase.Event{
		ID: mustUUID(tb), Subject: c.ID, Seq: c.Version, Type: govcase.EventRegistered,
		Actor: "center", At: c.UpdatedAt, To: c.Status, Department: c.Department,
	}
}

func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := govops.ErrorCode(err); got != code {
		tb.Fatalf("error code %q (%v), want %q", got, err, code)
	}
}

func TestStore_Migrate(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		t.Run("Twice", func(t *testing.T) {
			st, db := MustOpenStore(t, dialect)
			ctx := t.Context()
			c := testCase(t, "2022-000001")
			if err := st.CreateCase(ctx, c, []govcase.Event{regEvent(t, c)}); err != nil {
				t.Fatal(err)
			}
			if err := st.Migrate(ctx); err != nil {
				t.Fatalf("second Migrate: %v", err)
			}
			if _, err := st.GetCase(ctx, c.ID); err != nil {
				t.Fatalf("case lost by the second Migrate: %v", err)
			}
			n, err := db.NewSelect().TableExpr(govcasebun.MigrationsTable).Count(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if want := int64(len(migrations(t, dialect))); n != want {
				t.Fatalf("%s has %d rows, want %d, one per migration", govcasebun.MigrationsTable, n, want)
			}
		})
		t.Run("Upgrade", func(t *testing.T) {
			// A database of the first schema, holding a case, takes the
			// later migrations; the case reads back with every later
			// column at its default.
			db := dbtest.Open(t, dialect)
			ctx := t.Context()
			names := migrations(t, dialect)
			if err := govcasebun.MigrateToForTest(ctx, db, names[0]); err != nil {
				t.Fatalf("migrating to %s: %v", names[0], err)
			}
			c := testCase(t, "2022-000001")
			c.Title = "李四反映 13700001111 路灯不亮"
			if _, err := db.NewRaw(`INSERT INTO govcase_cases (id, number, ?, kind, category, priority, source, title, description,
				reporter_name, location, status, reply, extension_reason, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '李四', '', ?, '', '', ?, ?, 1)`,
				bun.Ident("year"), c.ID.String(), c.Number, c.Year, c.Kind, c.Category, c.Priority, c.Source, c.Title, c.Description, c.Status,
				c.CreatedAt, c.UpdatedAt).Exec(ctx); err != nil {
				t.Fatalf("inserting a case of the first schema: %v", err)
			}
			evID := mustUUID(t)
			if _, err := db.NewRaw(`INSERT INTO govcase_events (id, case_id, seq, type, actor, actor_dept, at, from_status, to_status, department, note)
				VALUES (?, ?, 1, 'registered', 'center', '', ?, '', 'registered', '', '登记')`, evID.String(), c.ID.String(), c.CreatedAt).Exec(ctx); err != nil {
				t.Fatalf("inserting an event of the first schema: %v", err)
			}
			st, err := govcasebun.Open(ctx, db)
			if err != nil {
				t.Fatalf("Open over the first schema: %v", err)
			}
			// Migrate computed the masked search text of the old case.
			for q, want := range map[string]int{"李*反映 137****1111": 1, "1370000111": 0, "李四": 0, "路灯": 1} {
				found, err := st.ListCases(ctx, govcase.Filter{Text: q, MaskedText: true})
				if err != nil || len(found) != want {
					t.Errorf("masked search %q after the upgrade found %d cases, %v; want %d", q, len(found), err, want)
				}
			}
			got, err := st.GetCase(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.AcceptByProvisional || got.ResolveByProvisional || got.Title != c.Title {
				t.Fatalf("case after the upgrade = %+v", got)
			}
			evs, err := st.ListEvents(ctx, c.ID)
			if err != nil || len(evs) != 1 || evs[0].ID != evID || evs[0].Note != "登记" || evs[0].Attachments != nil {
				t.Fatalf("events after the upgrade = %+v, %v; want the one event, without attachments", evs, err)
			}
			next := *got
			next.Version, next.ResolveByProvisional = 2, true
			if err := st.UpdateCase(ctx, &next, nil); err != nil {
				t.Fatalf("UpdateCase after the upgrade: %v", err)
			}
			if got, err = st.GetCase(ctx, c.ID); err != nil || !got.ResolveByProvisional {
				t.Fatalf("GetCase after the update = %+v, %v", got, err)
			}
			// Migrate filled the summary with the old case, which the
			// update then kept right.
			requireSummaryClean(t, st, "after the upgrade")
		})
		t.Run("RerunWithoutMark", func(t *testing.T) {
			// A process that dies after a migration but before bun records
			// it runs the migration again at the next start, which must
			// then succeed.
			if dialect == dbopen.SQLite {
				t.Skip("SQLite has no ADD COLUMN IF NOT EXISTS: its migration commits both columns or neither, and only the moment between that commit and bun's record is exposed")
			}
			st, db := MustOpenStore(t, dialect)
			ctx := t.Context()
			names := migrations(t, dialect)
			for _, name := range names[1:] {
				res, err := db.NewDelete().TableExpr(govcasebun.MigrationsTable).Where("name = ?", name).Exec(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if n, err := res.RowsAffected(); err != nil || n != 1 {
					t.Fatalf("deleting the record of %s: %d rows, %v", name, n, err)
				}
			}
			if err := st.Migrate(ctx); err != nil {
				t.Fatalf("Migrate after losing the marks of %v: %v", names[1:], err)
			}
			c := testCase(t, "2022-000001")
			c.AcceptByProvisional = true
			if err := st.CreateCase(ctx, c, []govcase.Event{regEvent(t, c)}); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("Concurrent", func(t *testing.T) {
			dbtest.RequireConcurrentMigrate(t, dialect, govcasebun.MigrationLocksTable, func(ctx context.Context, db *bun.DB) error {
				return govcasebun.New(db).Migrate(ctx)
			})
		})
	})
}

func TestStore_CreateCase(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		st, _ := MustOpenStore(t, dialect)
		ctx := t.Context()
		c := testCase(t, "2022-000001")
		c.Description = strings.Repeat("市民来电反映情况，要求尽快处理。", 3000) // ~48,000 characters, 144 KB
		if err := st.CreateCase(ctx, c, []govcase.Event{regEvent(t, c)}); err != nil {
			t.Fatal(err)
		}
		got, err := st.GetCaseByNumber(ctx, c.Number)
		if err != nil {
			t.Fatal(err)
		}
		if got.Description != c.Description || !got.CreatedAt.Equal(c.CreatedAt) || got.ID != c.ID {
			t.Fatalf("round trip lost data: got %+v", got)
		}

		t.Run("ErrDuplicateNumber", func(t *testing.T) {
			dup := testCase(t, c.Number)
			wantCode(t, st.CreateCase(ctx, dup, []govcase.Event{regEvent(t, dup)}), govops.ECONFLICT)
			_, err := st.GetCase(ctx, dup.ID)
			wantCode(t, err, govops.ENOTFOUND)
		})
		t.Run("ErrDuplicateEventRollsBack", func(t *testing.T) {
			c2 := testCase(t, "2022-000002")
			ev := regEvent(t, c2)
			wantCode(t, st.CreateCase(ctx, c2, []govcase.Event{ev, ev}), govops.ECONFLICT)
			_, err := st.GetCase(ctx, c2.ID)
			wantCode(t, err, govops.ENOTFOUND)
		})
	})
}

func TestStore_UpdateCase(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		st, _ := MustOpenStore(t, dialect)
		ctx := t.Context()
		c := testCase(t, "2022-000001")
		if err := st.CreateCase(ctx, c, []govcase.Event{regEvent(t, c)}); err != nil {
			t.Fatal(err)
		}
		next := *c
		next.Version = 2
		next.Status = govcase.StatusDispatched
		next.Department = "lbq-cgj"
		next.DispatchedAt = c.CreatedAt.Add(time.Hour)
		next.UpdatedAt = next.DispatchedAt
		ev := regEvent(t, &next)
		ev.Type = govcase.EventDispatched
		if err := st.UpdateCase(ctx, &next, []govcase.Event{ev}); err != nil {
			t.Fatal(err)
		}

		t.Run("ErrStaleVersion", func(t *testing.T) {
			stale := next // also version 2, built on version 1
			stale.Status = govcase.StatusCancelled
			sev := regEvent(t, &stale)
			wantCode(t, st.UpdateCase(ctx, &stale, []govcase.Event{sev}), govops.ECONFLICT)
			got, err := st.GetCase(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != govcase.StatusDispatched || got.Version != 2 {
				t.Fatalf("stale write changed the case: %s v%d", got.Status, got.Version)
			}
			evs, err := st.ListEvents(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(evs) != 2 {
				t.Fatalf("%d events after a rejected write, want 2", len(evs))
			}
		})
		t.Run("ErrNotFound", func(t *testing.T) {
			ghost := testCase(t, "2022-000099")
			ghost.Version = 2
			wantCode(t, st.UpdateCase(ctx, ghost, nil), govops.ENOTFOUND)
		})
		t.Run("ErrDuplicateEventSeq", func(t *testing.T) {
			// A writer that bumps the version but reuses an event sequence
			// is caught by the (case_id, seq) index, and nothing is kept.
			v3 := next
			v3.Version = 3
			v3.Status = govcase.StatusAccepted
			dupSeq := regEvent(t, &v3)
			dupSeq.Seq = 2
			wantCode(t, st.UpdateCase(ctx, &v3, []govcase.Event{dupSeq}), govops.ECONFLICT)
			got, err := st.GetCase(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Version != 2 {
				t.Fatalf("version %d after a rolled-back update, want 2", got.Version)
			}
		})
	})
}

func TestStore_NextSeq(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		st, db := MustOpenStore(t, dialect)
		ctx := t.Context()
		const workers, per = 8, 25
		// draw has workers callers take per numbers of 2022 each from the
		// Stores in turn, and returns every number handed out.
		draw := func(stores ...govcase.Store) map[int64]bool {
			var mu sync.Mutex
			seen := map[int64]bool{}
			var wg sync.WaitGroup
			errs := make(chan error, workers)
			for w := range workers {
				s := stores[w%len(stores)]
				wg.Go(func() {
					for range per {
						n, err := s.NextSeq(ctx, 2022)
						if err != nil {
							errs <- err
							return
						}
						mu.Lock()
						if seen[n] {
							errs <- fmt.Errorf("sequence %d returned twice", n)
						}
						seen[n] = true
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			return seen
		}
		// One process hands out 1..200 with no gap, however its callers
		// race, although it reserves each block before the last is used.
		seen := draw(st)
		for i := int64(1); i <= workers*per; i++ {
			if !seen[i] {
				t.Fatalf("sequence %d missing: one Store's numbers are not 1..%d", i, workers*per)
			}
		}
		// A second Store over the same database stands in for a second
		// process: no number is given twice, and the gaps are at most the
		// blocks each process holds unused (the rest of its current one and
		// the one reserved ahead).
		other := govcasebun.New(db)
		again := draw(st, other)
		var last int64
		for n := range again {
			if seen[n] {
				t.Fatalf("sequence %d returned twice, by one process and then by two", n)
			}
			last = max(last, n)
		}
		if unused := last - workers*per - int64(len(again)); unused > 2*2*govcasebun.DefaultSeqBlock {
			t.Fatalf("two processes left %d numbers below %d unused, want at most two blocks each", unused, last)
		}
		n, err := st.NextSeq(ctx, 2023)
		if err != nil || n != 1 {
			t.Fatalf("first sequence of 2023 = %d, %v; want 1", n, err)
		}
	})
}

func TestStore_NextSeqBlocks(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		_, db := MustOpenStore(t, dialect)
		ctx := t.Context()
		first := govcasebun.New(db, govcasebun.WithSeqBlock(4))
		for want := int64(1); want <= 5; want++ {
			if n, err := first.NextSeq(ctx, 2024); err != nil || n != want {
				t.Fatalf("NextSeq = %d, %v; want %d", n, err, want)
			}
		}
		// A restarted process starts after every number reserved before:
		// 1..8 went to the first Store, and perhaps 9..12 too, reserved
		// ahead when it began the block 5..8.
		restarted := govcasebun.New(db, govcasebun.WithSeqBlock(1))
		prev := int64(8)
		for range 2 {
			n, err := restarted.NextSeq(ctx, 2024)
			if err != nil || n <= prev || n > 13 && prev == 8 {
				t.Fatalf("after restart NextSeq = %d, %v; want the next number after %d that the first Store did not reserve", n, err, prev)
			}
			prev = n
		}
		if n, err := first.NextSeq(ctx, 2024); err != nil || n != 6 {
			t.Fatalf("first store's block continues: got %d, %v; want 6", n, err)
		}
	})
}

func TestStore_NextSeqFailure(t *testing.T) {
	st, db := MustOpenStore(t, dbopen.SQLite)
	ctx := t.Context()
	if n, err := st.NextSeq(ctx, 2025); err != nil || n != 1 {
		t.Fatalf("NextSeq = %d, %v; want 1", n, err)
	}
	// With the database gone, the numbers already reserved are still
	// handed out, and then every caller gets the error, none a number.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	for want := int64(2); want <= 2*govcasebun.DefaultSeqBlock; want++ {
		n, err := st.NextSeq(ctx, 2025)
		if err != nil {
			if want <= govcasebun.DefaultSeqBlock {
				t.Fatalf("NextSeq = %v within the first block, want %d", err, want)
			}
			break
		}
		if n != want {
			t.Fatalf("NextSeq = %d, want %d", n, want)
		}
	}
	for range 3 {
		if n, err := st.NextSeq(ctx, 2025); err == nil {
			t.Fatalf("NextSeq = %d with the database closed, want an error", n)
		}
	}
}

func TestStore_ListCases(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		st, _ := MustOpenStore(t, dialect)
		ctx := t.Context()
		titles := []string{"100%满意", "a_b 路灯", "Noise at NIGHT", `C:\path\file`, "噪音 noise", "!重要!"}
		for i, title := range titles {
			c := testCase(t, govcase.FormatNumber(2022, int64(i+1)))
			c.Title = title
			c.Description = ""
			if err := st.CreateCase(ctx, c, []govcase.Event{regEvent(t, c)}); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			text string
			want []string
		}{
			{"%", []string{"100%满意"}},
			{"_", []string{"a_b 路灯"}},
			{"noise", []string{"噪音 noise"}}, // case-sensitive
			{"NIGHT", []string{"Noise at NIGHT"}},
			{`\p`, []string{`C:\path\file`}},
			{"!", []string{"!重要!"}},
			{"路灯", []string{"a_b 路灯"}},
			{"2022-000002", []string{"a_b 路灯"}},
			{"nothing", nil},
		}
		t.Run("RepeatedStatusesWithLimit", func(t *testing.T) {
			// Several statuses with a limit take the UNION ALL path, which
			// must not return a case once per repeat of its status.
			got, err := st.ListCases(ctx, govcase.Filter{
				Statuses: []govcase.Status{govcase.StatusRegistered, govcase.StatusClosed, govcase.StatusRegistered},
				Limit:    4,
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 4 || got[0].Number != "2022-000006" || got[3].Number != "2022-000003" {
				t.Fatalf("got %d cases starting %v, want 2022-000006 … 2022-000003", len(got), got)
			}
		})
		for _, tc := range tests {
			t.Run("Text="+tc.text, func(t *testing.T) {
				got, err := st.ListCases(ctx, govcase.Filter{Text: tc.text})
				if err != nil {
					t.Fatal(err)
				}
				var gotTitles []string
				for _, c := range got {
					gotTitles = append(gotTitles, c.Title)
				}
				if fmt.Sprint(gotTitles) != fmt.Sprint(tc.want) {
					t.Fatalf("Text %q matched %q, want %q", tc.text, gotTitles, tc.want)
				}
			})
		}
	})
}
