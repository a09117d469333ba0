package groupcommit_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/govops-kit/govops/dbopen/groupcommit"
)

// TestConnector_Checkpoints writes 3000 commits, one at a time, and checks
// that the WAL was checkpointed off the writer's connection and started
// over: it stays far shorter than 3000 commits' frames, and every row
// reads back from a plain connection.
func TestConnector_Checkpoints(t *testing.T) {
	const commits = 3000
	g := mustOpenGrouped(t, groupcommit.Options{CheckpointPages: 16, RestartPages: 64})
	for i := range commits {
		if _, err := g.db.Exec("INSERT INTO t (v) VALUES (?)", fmt.Sprint(i)); err != nil {
			t.Fatal(err)
		}
	}
	fi, err := os.Stat(g.path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	// Every commit writes at least the table's page and the index's:
	// without checkpoints the WAL would hold 6000 frames of 4 KiB.
	if pages := fi.Size() / 4096; pages > 2000 {
		t.Fatalf("the WAL holds %d pages after %d commits: it was never started over", pages, commits)
	}
	if n := g.plainCount(t); n != commits {
		t.Fatalf("a plain connection sees %d rows, want %d", n, commits)
	}
	var autockpt int
	if err := g.db.QueryRow("PRAGMA wal_autocheckpoint").Scan(&autockpt); err != nil || autockpt != 0 {
		t.Fatalf("wal_autocheckpoint = %d, %v; want 0 on the writer's connection", autockpt, err)
	}
}

func TestFilePath(t *testing.T) {
	for dsn, want := range map[string]string{
		"govops.db":                 "govops.db",
		"/var/lib/govops/govops.db": "/var/lib/govops/govops.db",
		"file:/tmp/x.db?_pragma=busy_timeout(10000)": "/tmp/x.db",
		"file:my%20db.db":                 "my db.db",
		"file:///tmp/y.db?mode=rw":        "/tmp/y.db",
		"file://localhost/tmp/y.db":       "/tmp/y.db",
		"file://elsewhere/tmp/y.db":       "",
		":memory:":                        "",
		"file:x?mode=memory&cache=shared": "",
		"file:%zz":                        "",
	} {
		if got := groupcommit.FilePath(dsn); got != want {
			t.Errorf("filePath(%q) = %q, want %q", dsn, got, want)
		}
	}
}
