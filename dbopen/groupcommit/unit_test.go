package groupcommit_test

import (
	"context"
	"strings"
	"testing"

	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/dbopen/groupcommit"
)

// TestUnit_CommitDoesNotWait checks that a transaction begun with a
// Unit's context returns from Commit while its group is still open, and
// that Wait returns once the group's COMMIT has made it durable.
func TestUnit_CommitDoesNotWait(t *testing.T) {
	g := mustOpenGrouped(t, lineUpOptions())
	before := g.c.Stats()
	ctx, u := groupcommit.WithUnit(context.Background())
	a, err := g.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Exec("INSERT INTO t (v) VALUES ('a')"); err != nil {
		t.Fatal(err)
	}
	b := goBegin(t, g.db)
	g.waitFor(t, 1)
	// b waits for the turn, so a's group stays open for it: without the
	// Unit, a's Commit would wait for b.
	if err := a.Commit(); err != nil {
		t.Fatalf("a's Commit: %v", err)
	}
	if g.plainHas(t, "a") {
		t.Fatal("a was committed before the group's COMMIT")
	}
	if u.Pending() != 1 {
		t.Fatalf("the Unit holds %d groups, want a's", u.Pending())
	}
	// A statement outside a transaction, with the same context, waits
	// for the turn behind b and then joins the same group.
	c := make(chan error, 1)
	go func() {
		_, err := g.db.ExecContext(ctx, "INSERT INTO t (v) VALUES ('c')")
		c <- err
	}()
	g.waitFor(t, 1)
	bt := <-b
	if _, err := bt.Exec("INSERT INTO t (v) VALUES ('b')"); err != nil {
		t.Fatal(err)
	}
	if err := bt.Commit(); err != nil {
		t.Fatalf("b's Commit: %v", err)
	}
	if err := <-c; err != nil {
		t.Fatalf("c: %v", err)
	}
	if err := u.Wait(); err != nil {
		t.Fatalf("Wait: %v", err)
	}
	for _, v := range []string{"a", "b", "c"} {
		if !g.plainHas(t, v) {
			t.Fatalf("%s not committed after Wait", v)
		}
	}
	if st := g.c.Stats(); st.Commits-before.Commits != 1 || st.Members-before.Members != 3 {
		t.Fatalf("stats %+v, want a, b and c in one COMMIT", st)
	}
}

// TestUnit_CommitFails checks that the failure of a COMMIT reaches the
// Unit: Commit returned nil, Wait returns the error, and nothing of the
// group is stored.
func TestUnit_CommitFails(t *testing.T) {
	g := mustOpenGrouped(t, lineUpOptions())
	for _, q := range []string{"CREATE TABLE parent (id INTEGER PRIMARY KEY)",
		"CREATE TABLE child (pid INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)"} {
		if _, err := g.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	ctx, u := groupcommit.WithUnit(context.Background())
	tx, err := g.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	// A deferred foreign key is checked at the COMMIT.
	for _, q := range []string{"INSERT INTO t (v) VALUES ('a')", "INSERT INTO child VALUES (42)"} {
		if _, err := tx.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatalf("Commit: %v, want nil: the outcome is the Unit's", err)
	}
	if err := u.Wait(); err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Fatalf("Wait: %v, want the COMMIT's foreign key error", err)
	}
	if g.plainHas(t, "a") {
		t.Fatal("a failed COMMIT stored a row")
	}
	// The failure stays the Unit's answer.
	if err := u.Wait(); err == nil {
		t.Fatal("second Wait forgot the failure")
	}
	// After Wait, a write with the Unit's context (work left running in
	// the background) waits for its own COMMIT and gets its failure.
	tx, err = g.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("INSERT INTO child VALUES (43)"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Fatalf("Commit after Wait: %v, want the COMMIT's foreign key error", err)
	}
}

// TestUnit_HoldsOnlyOpenGroups checks that a Unit that writes many times
// keeps only the groups not yet committed, and that all its writes are
// stored once Wait returns.
func TestUnit_HoldsOnlyOpenGroups(t *testing.T) {
	g := mustOpenGrouped(t, groupcommit.Options{})
	ctx, u := groupcommit.WithUnit(context.Background())
	const n = 500
	for i := range n {
		tx, err := g.db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec("INSERT INTO t (v) VALUES (?)", i); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if p := u.Pending(); p > 2 {
			t.Fatalf("after %d writes the Unit holds %d groups, want at most the open one and the one before", i+1, p)
		}
	}
	if err := u.Wait(); err != nil {
		t.Fatal(err)
	}
	if c := g.plainCount(t); c != n {
		t.Fatalf("%d rows stored, want %d", c, n)
	}
}

// TestUnit_Ungrouped checks that a Unit changes nothing on a database
// that does not group commits.
func TestUnit_Ungrouped(t *testing.T) {
	db, err := dbopen.Open(t.TempDir() + "/plain.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, u := groupcommit.WithUnit(context.Background())
	if _, err := db.ExecContext(ctx, "CREATE TABLE t (v TEXT)"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "INSERT INTO t VALUES ('a')"); err != nil {
		t.Fatal(err)
	}
	if err := u.Wait(); err != nil {
		t.Fatal(err)
	}
}
