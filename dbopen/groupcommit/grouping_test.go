package groupcommit_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/govops-kit/govops/dbopen/groupcommit"
)

// TestConnector_Groups runs 40 writers of 25 transactions each at once
// and reads, from the WAL file itself, that they took fewer COMMITs than
// transactions, and from a plain connection, that every row is there.
func TestConnector_Groups(t *testing.T) {
	// The WAL keeps every frame: no checkpoint starts it over.
	g := mustOpenGrouped(t, groupcommit.Options{CheckpointPages: -1}, "_pragma=wal_autocheckpoint(0)")
	ctx := context.Background()
	before, framesBefore := g.c.Stats(), walCommits(t, g.path)
	const writers, each = 40, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				tx, err := g.db.BeginTx(ctx, nil)
				if err != nil {
					errs <- err
					return
				}
				if _, err := tx.Exec("INSERT INTO t (v) VALUES (?)", fmt.Sprintf("w%d-%d", w, i)); err != nil {
					tx.Rollback()
					errs <- err
					return
				}
				if err := tx.Commit(); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	st := g.c.Stats()
	commits, members := st.Commits-before.Commits, st.Members-before.Members
	frames := walCommits(t, g.path) - framesBefore
	t.Logf("%d transactions in %d COMMITs (WAL commit frames %d), largest group %d", members, commits, frames, st.Largest)
	if members != writers*each {
		t.Fatalf("Stats.Members grew by %d, want %d", members, writers*each)
	}
	if frames != int(commits) {
		t.Fatalf("the WAL holds %d commits, Stats counted %d", frames, commits)
	}
	if frames >= writers*each {
		t.Fatalf("%d transactions took %d COMMITs: nothing was grouped", writers*each, frames)
	}
	if n := g.plainCount(t); n != writers*each {
		t.Fatalf("a plain connection sees %d rows, want %d", n, writers*each)
	}
}

// TestConnector_CommitReturnsAfterCOMMIT holds a member in an open group
// and checks that a plain connection cannot see its row while its Commit
// has not returned, and sees it the moment it has. The next member of the
// group, on the same physical connection, does see it (the package doc
// says so).
func TestConnector_CommitReturnsAfterCOMMIT(t *testing.T) {
	g := mustOpenGrouped(t, lineUpOptions())
	a := mustBegin(t, g.db)
	if _, err := a.Exec("INSERT INTO t (v) VALUES ('a')"); err != nil {
		t.Fatal(err)
	}
	// b waits for the turn, so that a's group stays open for it.
	bc := goBegin(t, g.db)
	g.waitFor(t, 1)
	aDone := make(chan error, 1)
	go func() { aDone <- a.Commit() }()
	b := <-bc // a handed the turn on: it waits for the group's COMMIT
	select {
	case err := <-aDone:
		t.Fatalf("a's Commit returned (%v) while its group was open", err)
	default:
	}
	if g.plainHas(t, "a") {
		t.Fatal("a plain connection sees a's row before its group committed")
	}
	var seen int
	if err := b.QueryRow("SELECT count(*) FROM t WHERE v = 'a'").Scan(&seen); err != nil || seen != 1 {
		t.Fatalf("the next member sees %d rows of a, %v; want 1 (it is the same connection)", seen, err)
	}
	if _, err := b.Exec("INSERT INTO t (v) VALUES ('b')"); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	if !g.plainHas(t, "b") {
		t.Fatal("b's Commit returned before its row was committed")
	}
	if err := <-aDone; err != nil {
		t.Fatal(err)
	}
	if !g.plainHas(t, "a") {
		t.Fatal("a's Commit returned before its row was committed")
	}
	if st := g.c.Stats(); st.Largest != 2 {
		t.Fatalf("largest group %d, want a and b in one", st.Largest)
	}
}

// TestConnector_Autocommit checks the writes outside a transaction: one
// alone runs in SQLite's autocommit; one that finds a group open joins it
// and returns after its COMMIT, as does INSERT … RETURNING through
// QueryRow.
func TestConnector_Autocommit(t *testing.T) {
	g := mustOpenGrouped(t, lineUpOptions())
	before := g.c.Stats()
	if _, err := g.db.Exec("INSERT INTO t (v) VALUES ('alone')"); err != nil {
		t.Fatal(err)
	}
	if !g.plainHas(t, "alone") {
		t.Fatal("an autocommit write returned before it was committed")
	}
	if st := g.c.Stats(); st.Commits != before.Commits+1 || st.Members != before.Members+1 {
		t.Fatalf("stats %+v after one write from %+v", st, before)
	}

	a := mustBegin(t, g.db)
	if _, err := a.Exec("INSERT INTO t (v) VALUES ('a')"); err != nil {
		t.Fatal(err)
	}
	exec := make(chan error, 1)
	go func() {
		_, err := g.db.Exec("INSERT INTO t (v) VALUES ('exec')")
		exec <- err
	}()
	g.waitFor(t, 1)
	ret := make(chan error, 1)
	go func() {
		var id int64
		err := g.db.QueryRow("INSERT INTO t (v) VALUES ('returning') RETURNING id").Scan(&id)
		if err == nil && id == 0 {
			err = fmt.Errorf("RETURNING id = 0")
		}
		ret <- err
	}()
	g.waitFor(t, 2)
	if err := a.Commit(); err != nil { // the last to release finds nobody waiting, and commits
		t.Fatal(err)
	}
	for _, c := range []chan error{exec, ret} {
		if err := <-c; err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range []string{"a", "exec", "returning"} {
		if !g.plainHas(t, v) {
			t.Fatalf("%s not committed when its call returned", v)
		}
	}
	if st := g.c.Stats(); st.Largest != 3 {
		t.Fatalf("largest group %d, want the transaction and both statements in one", st.Largest)
	}
}
