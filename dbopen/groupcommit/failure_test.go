package groupcommit_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govops-kit/govops/dbopen/groupcommit"
)

// lineUp runs a, b and c as three transactions in one group, in that
// order: a writes 'a' and commits, b runs bFn (on a goroutine of its own,
// as its Commit waits for the group), c writes 'c' and commits. It returns
// the errors of a's Commit and of c's.
func lineUp(t *testing.T, g *grouped, bFn func(*sql.Tx)) (aErr, cErr error) {
	t.Helper()
	a := mustBegin(t, g.db)
	if _, err := a.Exec("INSERT INTO t (v) VALUES ('a')"); err != nil {
		t.Fatal(err)
	}
	bc := goBegin(t, g.db)
	g.waitFor(t, 1)
	cc := goBegin(t, g.db)
	g.waitFor(t, 2)
	aDone, bDone := make(chan error, 1), make(chan struct{})
	go func() { aDone <- a.Commit() }()
	go func() {
		defer close(bDone)
		bFn(<-bc)
	}()
	c := <-cc
	if _, err := c.Exec("INSERT INTO t (v) VALUES ('c')"); err != nil {
		cErr = err
		c.Rollback()
	} else {
		cErr = c.Commit()
	}
	<-bDone
	return <-aDone, cErr
}

// TestConnector_MemberFailsAlone checks that a member that fails, or
// whose code gives up, is rolled back alone while the members before and
// after it in its group commit.
func TestConnector_MemberFailsAlone(t *testing.T) {
	for name, tc := range map[string]struct {
		b       func(t *testing.T, b *sql.Tx)
		bStored bool
		replays int64
	}{
		"UniqueViolation": {b: func(t *testing.T, b *sql.Tx) {
			if _, err := b.Exec("INSERT INTO t (v) VALUES ('b')"); err != nil {
				t.Error(err)
			}
			_, err := b.Exec("INSERT INTO t (v) VALUES ('a')")
			if err == nil || !strings.Contains(err.Error(), "UNIQUE") {
				t.Errorf("duplicate insert: %v, want a UNIQUE violation", err)
			}
			if err := b.Rollback(); err != nil {
				t.Error(err)
			}
		}, replays: 1},
		"FunctionError": {b: func(t *testing.T, b *sql.Tx) {
			if _, err := b.Exec("INSERT INTO t (v) VALUES ('b')"); err != nil {
				t.Error(err)
			}
			if _, err := b.Exec("UPDATE t SET v = 'a2' WHERE v = 'a'"); err != nil {
				t.Error(err)
			}
			// Its code finds a conflict (ECONFLICT) and rolls back.
			if err := b.Rollback(); err != nil {
				t.Error(err)
			}
		}, replays: 1},
		"HandledViolation": {b: func(t *testing.T, b *sql.Tx) {
			if _, err := b.Exec("INSERT INTO t (v) VALUES ('a')"); err == nil {
				t.Error("duplicate insert succeeded")
			}
			// It handles the refusal and goes on: the failed statement
			// left nothing, the rest commits.
			if _, err := b.Exec("INSERT INTO t (v) VALUES ('b')"); err != nil {
				t.Error(err)
			}
			if err := b.Commit(); err != nil {
				t.Error(err)
			}
		}, bStored: true},
		"ReadOnly": {b: func(t *testing.T, b *sql.Tx) {
			var n int
			if err := b.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil || n != 1 {
				t.Errorf("count = %d, %v; want a's row", n, err)
			}
			if err := b.Rollback(); err != nil {
				t.Error(err)
			}
		}},
	} {
		t.Run(name, func(t *testing.T) {
			g := mustOpenGrouped(t, lineUpOptions())
			before := g.c.Stats()
			aErr, cErr := lineUp(t, g, func(b *sql.Tx) { tc.b(t, b) })
			if aErr != nil || cErr != nil {
				t.Fatalf("a: %v, c: %v; want both committed", aErr, cErr)
			}
			if !g.plainHas(t, "a") || !g.plainHas(t, "c") || g.plainHas(t, "a2") {
				t.Fatal("a and c are not both stored as they wrote")
			}
			if got := g.plainHas(t, "b"); got != tc.bStored {
				t.Fatalf("b stored: %v, want %v", got, tc.bStored)
			}
			st := g.c.Stats()
			if st.Replays-before.Replays != tc.replays || st.Failed != before.Failed {
				t.Fatalf("stats %+v from %+v: want %d replays, no failure", st, before, tc.replays)
			}
			members := int64(2)
			if tc.bStored {
				members = 3
			}
			if st.Commits-before.Commits != 1 || st.Members-before.Members != members {
				t.Fatalf("stats %+v from %+v: want one COMMIT of %d", st, before, members)
			}
		})
	}
}

// TestConnector_PhysicalFailure checks that when SQLite itself rolls the
// group's transaction back, or its COMMIT fails, every member gets the
// error and nothing of the group is stored; the next group is fine.
func TestConnector_PhysicalFailure(t *testing.T) {
	t.Run("RollbackByTrigger", func(t *testing.T) {
		g := mustOpenGrouped(t, lineUpOptions())
		if _, err := g.db.Exec("CREATE TABLE boom (x)"); err != nil {
			t.Fatal(err)
		}
		// RAISE(ROLLBACK) makes SQLite roll back the whole transaction,
		// as it does for an I/O error or SQLITE_FULL.
		if _, err := g.db.Exec("CREATE TRIGGER boom_rollback BEFORE INSERT ON boom BEGIN SELECT RAISE(ROLLBACK, 'boom'); END"); err != nil {
			t.Fatal(err)
		}
		aErr, cErr := lineUp(t, g, func(b *sql.Tx) {
			_, err := b.Exec("INSERT INTO boom VALUES (1)")
			if err == nil || !strings.Contains(err.Error(), "boom") {
				t.Errorf("insert into boom: %v, want the trigger's error", err)
			}
			if _, err := b.Exec("INSERT INTO t (v) VALUES ('b')"); err == nil {
				t.Error("b wrote on after its group was rolled back")
			}
			b.Rollback()
		})
		if aErr == nil || !strings.Contains(aErr.Error(), "rolled back") {
			t.Fatalf("a's Commit: %v, want the group's rollback", aErr)
		}
		if cErr != nil {
			t.Fatalf("c, in the next group: %v", cErr)
		}
		if g.plainHas(t, "a") || g.plainHas(t, "b") || !g.plainHas(t, "c") {
			t.Fatal("want only c stored")
		}
		if st := g.c.Stats(); st.Failed != 1 {
			t.Fatalf("stats %+v, want a counted failed", st)
		}
	})
	t.Run("CommitFails", func(t *testing.T) {
		g := mustOpenGrouped(t, lineUpOptions())
		for _, q := range []string{"CREATE TABLE parent (id INTEGER PRIMARY KEY)",
			"CREATE TABLE child (pid INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)"} {
			if _, err := g.db.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		// A deferred foreign key is checked at the COMMIT, which fails
		// for the whole group.
		aErr, cErr := lineUp(t, g, func(b *sql.Tx) {
			if _, err := b.Exec("INSERT INTO child VALUES (42)"); err != nil {
				t.Error(err)
			}
			if err := b.Commit(); err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
				t.Errorf("b's Commit: %v, want the COMMIT's foreign key error", err)
			}
		})
		for name, err := range map[string]error{"a": aErr, "c": cErr} {
			if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
				t.Fatalf("%s's Commit: %v, want the COMMIT's foreign key error", name, err)
			}
		}
		if g.plainCount(t) != 0 {
			t.Fatal("a failed COMMIT stored rows")
		}
		if _, err := g.db.Exec("INSERT INTO t (v) VALUES ('after')"); err != nil || !g.plainHas(t, "after") {
			t.Fatalf("write after the failed group: %v", err)
		}
		if st := g.c.Stats(); st.Failed != 3 {
			t.Fatalf("stats %+v, want 3 failed", st)
		}
	})
}

// TestConnector_ReplayChecks checks that a replay that cannot give back
// what the members did fails the group instead of committing something
// else: SQL whose result changes (random()), and another connection's
// write in between.
func TestConnector_ReplayChecks(t *testing.T) {
	t.Run("NonDeterministic", func(t *testing.T) {
		g := mustOpenGrouped(t, lineUpOptions())
		a := mustBegin(t, g.db)
		var v string
		if err := a.QueryRow("INSERT INTO t (v) VALUES (hex(randomblob(8))) RETURNING v").Scan(&v); err != nil {
			t.Fatal(err)
		}
		bc := goBegin(t, g.db)
		g.waitFor(t, 1)
		aDone := make(chan error, 1)
		go func() { aDone <- a.Commit() }()
		b := <-bc
		if _, err := b.Exec("INSERT INTO t (v) VALUES ('b')"); err != nil {
			t.Fatal(err)
		}
		if err := b.Rollback(); err != nil {
			t.Fatal(err)
		}
		if err := <-aDone; err == nil || !strings.Contains(err.Error(), "not do the same") {
			t.Fatalf("a's Commit: %v, want the replay's difference", err)
		}
		if g.plainHas(t, v) {
			t.Fatal("a row is stored that its writer was not told about")
		}
	})
	t.Run("OutsideWrite", func(t *testing.T) {
		g := mustOpenGrouped(t, lineUpOptions())
		g.c.SetBeforeReplay(func() {
			if _, err := g.plain.Exec("INSERT INTO t (v) VALUES ('outside')"); err != nil {
				t.Error(err)
			}
		})
		aErr, cErr := lineUp(t, g, func(b *sql.Tx) {
			if _, err := b.Exec("INSERT INTO t (v) VALUES ('b')"); err != nil {
				t.Error(err)
			}
			b.Rollback()
		})
		if aErr == nil || !strings.Contains(aErr.Error(), "another connection") {
			t.Fatalf("a's Commit: %v, want the replay refused", aErr)
		}
		if cErr != nil || !g.plainHas(t, "c") || !g.plainHas(t, "outside") || g.plainHas(t, "a") {
			t.Fatalf("c: %v; want c and the outside row stored, a not", cErr)
		}
	})
}

// TestConnector_BigMember checks that a member too large to keep for a
// replay commits its group as it joins, so that a later rollback needs no
// replay of it.
func TestConnector_BigMember(t *testing.T) {
	g := mustOpenGrouped(t, lineUpOptions())
	big := strings.Repeat("x", 2<<20)
	aErr, cErr := lineUp(t, g, func(b *sql.Tx) {
		if _, err := b.Exec("INSERT INTO t (v) VALUES (?)", big); err != nil {
			t.Error(err)
		}
		if err := b.Commit(); err != nil {
			t.Error(err)
		}
	})
	if aErr != nil || cErr != nil {
		t.Fatal(aErr, cErr)
	}
	st := g.c.Stats()
	if st.Commits < 2 || !g.plainHas(t, big) {
		t.Fatalf("stats %+v: want b's group committed as b joined", st)
	}
	d := mustBegin(t, g.db)
	if _, err := d.Exec("INSERT INTO t (v) VALUES ('d')"); err != nil {
		t.Fatal(err)
	}
	if err := d.Rollback(); err != nil {
		t.Fatal(err)
	}
	if g.c.Stats().Replays != 0 {
		t.Fatal("a rollback replayed a group that had committed")
	}
}

// TestConnector_Cancel checks that a context that ends while waiting for
// the turn returns its error and leaves the group to commit without it.
func TestConnector_Cancel(t *testing.T) {
	g := mustOpenGrouped(t, lineUpOptions())
	a := mustBegin(t, g.db)
	if _, err := a.Exec("INSERT INTO t (v) VALUES ('a')"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := g.db.ExecContext(ctx, "INSERT INTO t (v) VALUES ('late')")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("write waiting past its deadline: %v", err)
	}
	if _, err := g.db.BeginTx(ctx, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("BeginTx after the deadline: %v", err)
	}
	if err := a.Commit(); err != nil {
		t.Fatal(err)
	}
	if !g.plainHas(t, "a") || g.plainHas(t, "late") {
		t.Fatal("want a stored and the late write not")
	}
}

// TestConnector_Stress runs writers that commit, roll back, fail on
// duplicates and give up on short deadlines, all at once, and checks from
// a plain connection that exactly the writes reported committed are
// stored: with the default options, and with checkpoints every few pages,
// which run beside the rollbacks' replays.
func TestConnector_Stress(t *testing.T) {
	t.Run("Default", func(t *testing.T) { stress(t, groupcommit.Options{}) })
	t.Run("Checkpointing", func(t *testing.T) { stress(t, groupcommit.Options{CheckpointPages: 4, RestartPages: 16}) })
}

func stress(t *testing.T, opts groupcommit.Options) {
	g := mustOpenGrouped(t, opts)
	before := g.c.Stats()
	var mu sync.Mutex
	committed := map[string]bool{}
	var wg sync.WaitGroup
	for w := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			for i := range 60 {
				v := fmt.Sprintf("w%d-%d", w, i)
				ctx, cancel := context.WithTimeout(context.Background(), time.Duration(rng.IntN(20000))*time.Microsecond)
				ok := stressOne(ctx, g.db, rng.IntN(4), v)
				cancel()
				if ok {
					mu.Lock()
					committed[v] = true
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	rows, err := g.plain.Query("SELECT v FROM t")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	stored := map[string]bool{}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		stored[v] = true
	}
	for v := range committed {
		if !stored[v] {
			t.Errorf("%s was reported committed and is not stored", v)
		}
	}
	for v := range stored {
		if !committed[v] {
			t.Errorf("%s is stored and was not reported committed", v)
		}
	}
	st := g.c.Stats()
	t.Logf("%d committed; stats %+v", len(committed), st)
	if st.Members-before.Members != int64(len(committed)) || st.Failed != 0 {
		t.Fatalf("stats %+v from %+v: want %d members committed, none failed", st, before, len(committed))
	}
}

// stressOne writes v one of four ways and reports whether it was told
// that v is committed.
func stressOne(ctx context.Context, db *sql.DB, how int, v string) bool {
	switch how {
	case 0: // autocommit
		_, err := db.ExecContext(ctx, "INSERT INTO t (v) VALUES (?)", v)
		return err == nil
	case 1, 2: // a transaction that commits, or rolls back
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return false
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO t (v) VALUES (?)", v); err != nil {
			tx.Rollback()
			return false
		}
		if how == 2 {
			tx.Rollback()
			return false
		}
		return tx.Commit() == nil
	default: // a transaction whose second statement fails on a duplicate
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return false
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO t (v) VALUES (?)", v); err != nil {
			tx.Rollback()
			return false
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO t (v) VALUES (?)", v); err == nil {
			panic("duplicate accepted")
		}
		tx.Rollback()
		return false
	}
}
