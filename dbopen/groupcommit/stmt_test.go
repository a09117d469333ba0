package groupcommit_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/sqlitedialect"

	"github.com/govops-kit/govops/dbopen/groupcommit"
)

// TestConnector_PreparedStatements uses statements prepared on the pool
// from many goroutines, inside and outside transactions, with a cache of
// two physical statements for three queries, so that they are finalized
// and prepared again while in use.
func TestConnector_PreparedStatements(t *testing.T) {
	g := mustOpenGrouped(t, groupcommit.Options{MaxStmts: 2})
	ins, err := g.db.Prepare("INSERT INTO t (v) VALUES (?)")
	if err != nil {
		t.Fatal(err)
	}
	defer ins.Close()
	get, err := g.db.Prepare("SELECT id FROM t WHERE v = ?")
	if err != nil {
		t.Fatal(err)
	}
	defer get.Close()
	count, err := g.db.Prepare("SELECT count(*) FROM t")
	if err != nil {
		t.Fatal(err)
	}
	defer count.Close()
	if _, err := g.db.Prepare("SELECT nonsense FROM"); err == nil {
		t.Fatal("a statement that does not parse was prepared")
	}

	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				v := fmt.Sprintf("p%d-%d", w, i)
				if i%2 == 0 {
					if _, err := ins.Exec(v); err != nil {
						t.Error(err)
						return
					}
				} else {
					tx, err := g.db.Begin()
					if err != nil {
						t.Error(err)
						return
					}
					if _, err := tx.Stmt(ins).Exec(v); err != nil {
						t.Error(err)
					}
					var id int64
					if err := tx.Stmt(get).QueryRow(v).Scan(&id); err != nil || id == 0 {
						t.Errorf("the transaction does not read its own row: %d, %v", id, err)
					}
					if err := tx.Commit(); err != nil {
						t.Error(err)
					}
				}
				var n int
				if err := count.QueryRow().Scan(&n); err != nil || n == 0 {
					t.Errorf("count = %d, %v", n, err)
				}
			}
		}()
	}
	wg.Wait()
	if n := g.plainCount(t); n != 160 {
		t.Fatalf("a plain connection sees %d rows, want 160", n)
	}
}

// TestConnector_Rows checks rows that hold the turn: two queries of one
// statement open at once in a transaction, and a read outside one that
// another writer waits behind until it is closed.
func TestConnector_Rows(t *testing.T) {
	g := mustOpenGrouped(t, groupcommit.Options{})
	for i := range 3 {
		if _, err := g.db.Exec("INSERT INTO t (v) VALUES (?)", fmt.Sprint(i)); err != nil {
			t.Fatal(err)
		}
	}
	tx := mustBegin(t, g.db)
	st, err := tx.Prepare("SELECT v FROM t ORDER BY v")
	if err != nil {
		t.Fatal(err)
	}
	outer, err := st.Query()
	if err != nil {
		t.Fatal(err)
	}
	var pairs []string
	for outer.Next() {
		var a string
		outer.Scan(&a)
		inner, err := st.Query() // the cached statement is busy: prepared again for this use
		if err != nil {
			t.Fatal(err)
		}
		for inner.Next() {
			var b string
			inner.Scan(&b)
			pairs = append(pairs, a+b)
		}
		if err := inner.Err(); err != nil {
			t.Fatal(err)
		}
		inner.Close()
	}
	if err := outer.Err(); err != nil {
		t.Fatal(err)
	}
	if len(pairs) != 9 {
		t.Fatalf("nested queries of one statement gave %v", pairs)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}

	rows, err := g.db.Query("SELECT v FROM t")
	if err != nil {
		t.Fatal(err)
	}
	wrote := make(chan error, 1)
	go func() {
		_, err := g.db.Exec("INSERT INTO t (v) VALUES ('after')")
		wrote <- err
	}()
	g.waitFor(t, 1)
	n := 0
	for rows.Next() {
		n++
	}
	if n != 3 {
		t.Fatalf("read %d rows, want 3", n)
	}
	// Read to its end, the query handed the turn on.
	if err := <-wrote; err != nil {
		t.Fatal(err)
	}
	rows.Close()
}

// TestConnector_Statements checks what SQL text may do: transaction
// control is refused, SAVEPOINT runs inside a transaction only (bun's
// nested RunInTx), and PRAGMA runs after the open group commits.
func TestConnector_Statements(t *testing.T) {
	g := mustOpenGrouped(t, lineUpOptions())
	for _, q := range []string{"BEGIN", "begin immediate", "COMMIT", "END", "ROLLBACK", "SAVEPOINT x", "RELEASE x", "ROLLBACK TO x"} {
		if _, err := g.db.Exec(q); err == nil || !strings.Contains(err.Error(), "groupcommit") {
			t.Errorf("%s outside a transaction: %v, want it refused", q, err)
		}
	}
	tx := mustBegin(t, g.db)
	if _, err := tx.Exec("COMMIT"); err == nil {
		t.Error("COMMIT inside a transaction was not refused")
	}
	tx.Rollback()

	bdb := bun.NewDB(g.db, sqlitedialect.New())
	ctx := context.Background()
	err := bdb.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO t (v) VALUES ('outer')"); err != nil {
			return err
		}
		nested := tx.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			if _, err := tx.ExecContext(ctx, "INSERT INTO t (v) VALUES ('nested')"); err != nil {
				return err
			}
			return fmt.Errorf("the nested function gives up")
		})
		if nested == nil {
			return fmt.Errorf("nested RunInTx returned no error")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !g.plainHas(t, "outer") || g.plainHas(t, "nested") {
		t.Fatal("want the outer insert kept and the nested one rolled back to its savepoint")
	}

	// A PRAGMA that SQLite ignores inside a transaction still takes
	// effect: the open group commits first.
	a := mustBegin(t, g.db)
	if _, err := a.Exec("INSERT INTO t (v) VALUES ('a')"); err != nil {
		t.Fatal(err)
	}
	pragma := make(chan error, 1)
	go func() {
		_, err := g.db.Exec("PRAGMA user_version = 7")
		pragma <- err
	}()
	g.waitFor(t, 1)
	if err := a.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-pragma; err != nil {
		t.Fatal(err)
	}
	var v int
	if err := g.plain.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != 7 || !g.plainHas(t, "a") {
		t.Fatalf("user_version = %d, %v; want 7, and a committed", v, err)
	}
}

// TestConnector_Close checks that closing the database commits what is
// committed, checkpoints the WAL and refuses later use.
func TestConnector_Close(t *testing.T) {
	g := mustOpenGrouped(t, groupcommit.Options{})
	for i := range 50 {
		if _, err := g.db.Exec("INSERT INTO t (v) VALUES (?)", fmt.Sprint(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := g.db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := g.c.Connect(context.Background()); err == nil {
		t.Fatal("a closed Connector connected")
	}
	if n := g.plainCount(t); n != 50 {
		t.Fatalf("%d rows after Close, want 50", n)
	}
}
