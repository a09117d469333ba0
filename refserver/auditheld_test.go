package refserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/refserver"
)

// TestServer_GroupedChangeAndAudit runs the server as serve does on SQLite,
// with group commit, where a write request's change and its audit event
// are committed together and the answer waits for both. An answered case
// is committed, with its event; a change whose COMMIT fails is answered
// 500, nothing of it is stored, and no audit event claims it was made.
func TestServer_GroupedChangeAndAudit(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "server.db")
	logs := &syncBuffer{}
	srv, db, token := mustOpenCaseServer(t, dbopen.OpenGrouped, path, slog.New(slog.NewJSONHandler(logs, nil)))
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	// plain sees only what is committed.
	plain, err := dbopen.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	committed := func(table string) int {
		t.Helper()
		var n int
		if err := plain.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	register := func(requestID string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/v1/cases", bytes.NewReader(benchBody))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(refserver.RequestIDHeader, requestID)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	statuses := func(requestID string) []int {
		t.Helper()
		page, err := srv.Registry().Audit(ctx, refserver.AuditQuery{Limit: refserver.MaxAuditPage})
		if err != nil {
			t.Fatal(err)
		}
		var out []int
		for i := len(page.Events) - 1; i >= 0; i-- { // oldest first
			if e := page.Events[i]; e.RequestID == requestID {
				out = append(out, e.Status)
			}
		}
		return out
	}

	t.Run("Committed", func(t *testing.T) {
		res := register("held-1")
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("status %d: %s", res.StatusCode, body)
		}
		var c struct {
			Number string `json:"number"`
		}
		if err := json.Unmarshal(body, &c); err != nil || c.Number == "" {
			t.Fatalf("body %s: %v", body, err)
		}
		if res.Header.Get("ETag") == "" || res.Header.Get("Location") != "/api/v1/cases/"+c.Number ||
			res.Header.Get(refserver.RequestIDHeader) != "held-1" || res.Header.Get("Content-Type") == "" {
			t.Fatalf("headers %v: the held answer lost some", res.Header)
		}
		// Answered, so committed: the case, its first event and its
		// audit event.
		if committed("govcase_cases") != 1 || committed("govcase_events") != 1 || committed("refserver_audit") != 1 {
			t.Fatal("an answered change is not all committed")
		}
		if got := statuses("held-1"); len(got) != 1 || got[0] != http.StatusCreated {
			t.Fatalf("audit statuses %v, want [201]", got)
		}
	})

	t.Run("CommitFails", func(t *testing.T) {
		// A deferred foreign key that every new case event breaks: SQLite
		// checks it at the COMMIT, after the Service has been told the
		// case is stored.
		for _, q := range []string{
			"CREATE TABLE held_parent (id INTEGER PRIMARY KEY)",
			"CREATE TABLE held_child (pid INTEGER REFERENCES held_parent (id) DEFERRABLE INITIALLY DEFERRED)",
			"CREATE TRIGGER held_break AFTER INSERT ON govcase_events BEGIN INSERT INTO held_child VALUES (42); END",
		} {
			if _, err := db.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		cases, events := committed("govcase_cases"), committed("govcase_events")
		res := register("held-2")
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusInternalServerError {
			t.Fatalf("status %d: %s; want 500, the change was not committed", res.StatusCode, body)
		}
		if res.Header.Get("ETag") != "" || res.Header.Get("Location") != "" || bytes.Contains(body, []byte(`"number"`)) {
			t.Fatalf("the 500 carries the held answer: %v %s", res.Header, body)
		}
		if committed("govcase_cases") != cases || committed("govcase_events") != events {
			t.Fatal("a change whose COMMIT failed was stored")
		}
		// The event joined the change's group and failed with it (logged),
		// or was committed in the next one, and then a second event
		// records the 500.
		switch got := statuses("held-2"); {
		case len(got) == 0:
			if !strings.Contains(logs.String(), "audit event not recorded") {
				t.Fatal("no audit event and no log line for the request")
			}
		case len(got) == 2 && got[0] == http.StatusCreated && got[1] == http.StatusInternalServerError:
		default:
			t.Fatalf("audit statuses %v, want none or [201 500]", got)
		}
		if _, err := db.Exec("DROP TRIGGER held_break"); err != nil {
			t.Fatal(err)
		}
		res = register("held-3")
		res.Body.Close()
		if res.StatusCode != http.StatusCreated || committed("govcase_cases") != cases+1 {
			t.Fatalf("after the fault: status %d, want the case registered", res.StatusCode)
		}
	})
}
