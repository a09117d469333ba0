package main_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/govops-kit/govops/dbopen"
)

// killBody is the case BenchmarkCaseCreate registers.
var killBody = []byte(`{"kind":"hotline","category":"complaint","priority":"normal","source":"phone",` +
	`"external_no":"LZ12345-20260302-0001","title":"跃进路口路灯不亮","description":"跃进路与解放路交叉口路灯连续三晚不亮，夜间行人通行不便。",` +
	`"reporter":{"name":"张三丰","phone":"13812341234"},"location":"跃进路口"}`)

// killRounds is how many times TestMain_KillKeepsAcknowledged kills the
// server; killClients register cases at once, killAfter of them answered
// before each kill.
const (
	killRounds  = 3
	killClients = 50
	killAfter   = 1000
)

// TestMain_KillKeepsAcknowledged builds the real binary, serves a SQLite
// file with group commit (the default), registers cases from 50 clients
// at once and kills the process with SIGKILL in the middle, three times,
// restarting it on the same file. Then it opens the file: every case whose
// 201 reached its client must be there, with its registered event and the
// request's audit event.
func TestMain_KillKeepsAcknowledged(t *testing.T) {
	srv := startBinary(t, "-probe-every", "0")
	var acked []ackedCase // the cases answered 201
	sent := 0
	for round := range killRounds {
		if round > 0 {
			srv.start(t, false)
		}
		if !srv.grouped.Load() {
			t.Fatal("the server did not log that its SQLite groups commits")
		}
		ids, n := loadAndKill(t, srv)
		acked, sent = append(acked, ids...), sent+n
		t.Logf("round %d: %d requests sent, %d acknowledged before SIGKILL", round+1, n, len(ids))
		if t.Failed() {
			return
		}
	}

	db, err := dbopen.Open(srv.db)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var stored int
	if err := db.QueryRow("SELECT count(*) FROM govcase_cases").Scan(&stored); err != nil {
		t.Fatal(err)
	}
	missing := 0
	for _, c := range acked {
		var found, events, audited int
		if err := db.QueryRow("SELECT count(*) FROM govcase_cases WHERE id = ?", c.ID).Scan(&found); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow("SELECT count(*) FROM govcase_events WHERE case_id = ?", c.ID).Scan(&events); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow("SELECT count(*) FROM refserver_audit WHERE subject = ? AND status = 201", c.Number).Scan(&audited); err != nil {
			t.Fatal(err)
		}
		if found != 1 || events == 0 || audited != 1 {
			if missing++; missing <= 5 {
				t.Errorf("case %s (%s) was acknowledged with 201 and is not stored whole after SIGKILL (row %d, events %d, audit events %d)",
					c.Number, c.ID, found, events, audited)
			}
		}
	}
	t.Logf("%d kills: %d requests sent, %d acknowledged with 201, %d cases stored, %d acknowledged missing",
		killRounds, sent, len(acked), stored, missing)
	if len(acked) < killRounds*killAfter {
		t.Fatalf("only %d cases were acknowledged: too few to test", len(acked))
	}
}

// ackedCase is a case answered 201.
type ackedCase struct {
	ID     string `json:"id"`
	Number string `json:"number"`
}

// loadAndKill registers cases on srv from killClients clients, kills the
// server with SIGKILL once killAfter are acknowledged, and returns the
// cases answered 201 and the number of requests sent.
func loadAndKill(t *testing.T, srv *realServer) ([]ackedCase, int) {
	t.Helper()
	var (
		mu    sync.Mutex
		acked []ackedCase
		sent  atomic.Int64
		wg    sync.WaitGroup
	)
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: killClients}}
	defer client.CloseIdleConnections()
	for range killClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				req, _ := http.NewRequest(http.MethodPost, srv.base+"/api/v1/cases", bytes.NewReader(killBody))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+srv.admin)
				sent.Add(1)
				res, err := client.Do(req)
				if err != nil {
					return // the server is gone
				}
				body, err := io.ReadAll(res.Body)
				res.Body.Close()
				if err != nil {
					return
				}
				if res.StatusCode != http.StatusCreated {
					t.Errorf("status %d: %s", res.StatusCode, body)
					return
				}
				var c ackedCase
				if err := json.Unmarshal(body, &c); err != nil || c.ID == "" || c.Number == "" {
					t.Errorf("201 without a case: %s", body)
					return
				}
				mu.Lock()
				acked = append(acked, c)
				mu.Unlock()
			}
		}()
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= killAfter || time.Now().After(deadline) || t.Failed() {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := srv.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	srv.cmd.Wait()
	srv.exited = true
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	return acked, int(sent.Load())
}

// TestMain_GroupCommitFlag serves with group commit (the default) and
// without it (-group-commit=false), and checks that each says which in its
// log and stores a case registered through the API.
func TestMain_GroupCommitFlag(t *testing.T) {
	for name, tc := range map[string]struct {
		args []string
		log  string
	}{
		"Default": {log: `"group_commit":true`},
		"Off":     {args: []string{"-group-commit=false"}, log: `"group_commit":false`},
	} {
		t.Run(name, func(t *testing.T) {
			db := tempDB(t)
			p := MustRunMain(t, db, tc.args...)
			if !strings.Contains(p.Stderr.String(), tc.log) {
				t.Fatalf("the log does not say %s:\n%s", tc.log, p.Stderr.String())
			}
			var c map[string]any
			if err := json.Unmarshal(killBody, &c); err != nil {
				t.Fatal(err)
			}
			id := mustStatus(t, do(t, p.URL, http.MethodPost, "/api/v1/cases", p.AdminToken(t), c), http.StatusCreated).str(t, "id")
			if err := p.Stop(t); err != nil {
				t.Fatal(err)
			}
			plain, err := dbopen.Open(db)
			if err != nil {
				t.Fatal(err)
			}
			defer plain.Close()
			var n int
			if err := plain.QueryRow("SELECT count(*) FROM govcase_cases WHERE id = ?", id).Scan(&n); err != nil || n != 1 {
				t.Fatalf("case %s: %d rows, %v", id, n, err)
			}
		})
	}
}
