package main_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/govops-kit/govops/internal/apitest"

	main "github.com/govops-kit/govops/refserver/cmd/refserver"
)

var testStart = time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))

// stepClock starts at start and moves one second per reading, inside the
// years the embedded holiday tables cover, so that the tests do not depend
// on today's date.
func stepClock(start time.Time) func() time.Time {
	var n atomic.Int64
	return func() time.Time { return start.Add(time.Duration(n.Add(1)) * time.Second) }
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Program is a Main running in-process on 127.0.0.1:0.
type Program struct {
	*main.Main
	URL    string
	Stdout *syncBuffer
	Stderr *syncBuffer
	cancel context.CancelFunc
	done   chan error
}

// MustRunMain starts "serve" on dbPath and waits until it listens.
func MustRunMain(tb testing.TB, dbPath string, args ...string) *Program {
	tb.Helper()
	return MustRunMainAt(tb, dbPath, testStart, args...)
}

// MustRunMainAt is MustRunMain with the clock starting at start.
func MustRunMainAt(tb testing.TB, dbPath string, start time.Time, args ...string) *Program {
	tb.Helper()
	return runMain(tb, start, append([]string{"-addr", "127.0.0.1:0", "-db", dbPath}, args...), nil)
}

// runMain runs the program on args in-process, with the clock starting at
// start, and waits until it listens; set, when not nil, changes the Main
// after its flags are parsed.
func runMain(tb testing.TB, start time.Time, args []string, set func(*main.Main)) *Program {
	tb.Helper()
	m := main.NewMain()
	p := &Program{Main: m, Stdout: &syncBuffer{}, Stderr: &syncBuffer{}, done: make(chan error, 1)}
	m.Stdout, m.Stderr = p.Stdout, p.Stderr
	m.Now = stepClock(start)
	if err := m.ParseFlags(context.Background(), args); err != nil {
		tb.Fatal(err)
	}
	if set != nil {
		set(m)
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	go func() { p.done <- m.Run(ctx) }()
	select {
	case <-m.Listening():
	case err := <-p.done:
		cancel()
		tb.Fatalf("Run returned before listening: %v\n%s", err, p.Stderr.String())
	case <-time.After(30 * time.Second):
		cancel()
		tb.Fatal("server did not start within 30s")
	}
	p.URL = "http://" + m.BoundAddr()
	tb.Cleanup(func() { p.Stop(tb) })
	return p
}

// Stop cancels Run, waits for it to return and closes the database.
func (p *Program) Stop(tb testing.TB) error {
	tb.Helper()
	if p.cancel == nil {
		return nil
	}
	p.cancel()
	p.cancel = nil
	var err error
	select {
	case err = <-p.done:
	case <-time.After(30 * time.Second):
		tb.Fatal("Run did not return within 30s of cancel")
	}
	if cerr := p.Close(); err == nil {
		err = cerr
	}
	return err
}

var adminLine = regexp.MustCompile(`admin token \(shown once\): (gvo_[A-Za-z0-9_-]{43})\n`)

// AdminToken returns the token printed on first start.
func (p *Program) AdminToken(tb testing.TB) string {
	tb.Helper()
	m := adminLine.FindStringSubmatch(p.Stdout.String())
	if m == nil {
		tb.Fatalf("no admin token on stdout: %q", p.Stdout.String())
	}
	return m[1]
}

// runCommand runs a one-shot command (migrate, token …) on dbPath.
func runCommand(tb testing.TB, dbPath string, args ...string) (string, error) {
	tb.Helper()
	return runCommandAt(tb, dbPath, testStart, args...)
}

// runCommandAt runs a one-shot command whose clock starts at start.
func runCommandAt(tb testing.TB, dbPath string, start time.Time, args ...string) (string, error) {
	tb.Helper()
	return runCommandWith(tb, dbPath, start, "", args...)
}

// runCommandIn runs a one-shot command with stdin as its standard input.
func runCommandIn(tb testing.TB, dbPath, stdin string, args ...string) (string, error) {
	tb.Helper()
	return runCommandWith(tb, dbPath, testStart, stdin, args...)
}

func runCommandWith(tb testing.TB, dbPath string, start time.Time, stdin string, args ...string) (string, error) {
	tb.Helper()
	m := main.NewMain()
	var out, errOut syncBuffer
	m.Stdin, m.Stdout, m.Stderr = strings.NewReader(stdin), &out, &errOut
	m.Now = stepClock(start)
	if err := m.ParseFlags(context.Background(), append([]string{"-db", dbPath}, args...)); err != nil {
		return out.String(), err
	}
	err := m.Run(context.Background())
	if cerr := m.Close(); err == nil {
		err = cerr
	}
	return out.String(), err
}

func tempDB(tb testing.TB) string { return filepath.Join(tb.TempDir(), "govops.db") }

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(tb testing.TB) map[string]any {
	tb.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		tb.Fatalf("not a JSON object (%v): %s", err, r.body)
	}
	return m
}

func (r response) str(tb testing.TB, key string) string {
	tb.Helper()
	v, _ := r.json(tb)[key].(string)
	return v
}

// do sends a request (see apitest.Do).
func do(tb testing.TB, base, method, path, token string, body any, hdr ...string) response {
	tb.Helper()
	status, header, data := apitest.Do(tb, base, method, path, token, body, hdr...)
	return response{status: status, header: header, body: data}
}

func mustStatus(tb testing.TB, r response, want int) response {
	tb.Helper()
	if r.status != want {
		tb.Fatalf("status = %d, want %d; body: %s", r.status, want, r.body)
	}
	return r
}

// world is a running server with two departments (ylj, jfj) and a token
// for every role, including a revoked one.
type world struct {
	*Program
	admin, own, foreign, viewer, revoked string
}

func MustOpenWorld(tb testing.TB) *world {
	tb.Helper()
	return MustOpenWorldAt(tb, tempDB(tb))
}

// MustOpenWorldAt is MustOpenWorld on the database dsn, which must be new.
func MustOpenWorldAt(tb testing.TB, dsn string) *world {
	tb.Helper()
	// The portal tests crawl and probe sites served on loopback.
	p := MustRunMain(tb, dsn, "-portal-allow-private")
	w := &world{Program: p, admin: p.AdminToken(tb)}
	for _, d := range []map[string]string{
		{"code": "ylj", "name": "跃进街道", "kind": "township"},
		{"code": "jfj", "name": "解放街道", "kind": "township"},
	} {
		mustStatus(tb, w.do(tb, "POST", "/api/v1/departments", w.admin, d), http.StatusCreated)
	}
	issue := func(body map[string]string) (string, string) {
		r := mustStatus(tb, w.do(tb, "POST", "/api/v1/tokens", w.admin, body), http.StatusCreated)
		return r.str(tb, "token"), r.str(tb, "id")
	}
	w.own, _ = issue(map[string]string{"name": "跃进街道值班", "role": "dept", "department": "ylj"})
	w.foreign, _ = issue(map[string]string{"name": "解放街道值班", "role": "dept", "department": "jfj"})
	w.viewer, _ = issue(map[string]string{"name": "督查室", "role": "viewer"})
	var id string
	w.revoked, id = issue(map[string]string{"name": "离职人员", "role": "admin"})
	mustStatus(tb, w.do(tb, "DELETE", "/api/v1/tokens/"+id, w.admin, nil), http.StatusOK)
	return w
}

func (w *world) do(tb testing.TB, method, path, token string, body any, hdr ...string) response {
	tb.Helper()
	return do(tb, w.URL, method, path, token, body, hdr...)
}

// newCase registers a case (as admin) and returns its number.
func (w *world) newCase(tb testing.TB) string {
	tb.Helper()
	r := mustStatus(tb, w.do(tb, "POST", "/api/v1/cases", w.admin, map[string]any{
		"kind": "hotline", "category": "complaint", "source": "phone", "external_no": "LZ12345-0001",
		"title": "路灯不亮", "description": "跃进路口路灯连续三晚不亮",
		"reporter": map[string]string{"name": "张三丰", "phone": "13812341234"}, "location": "跃进路口",
	}), http.StatusCreated)
	return r.str(tb, "number")
}

// caseIn returns a new case brought to state (as admin) for the
// department ylj.
func (w *world) caseIn(tb testing.TB, state string) string {
	tb.Helper()
	n := w.newCase(tb)
	step := func(action string, body any) response {
		return mustStatus(tb, w.do(tb, "POST", "/api/v1/cases/"+n+"/"+action, w.admin, body), http.StatusOK)
	}
	if state == "registered" {
		return n
	}
	r := step("dispatch", map[string]string{"department": "ylj"})
	switch state {
	case "dispatched":
	case "extension_pending":
		until := mustTime(tb, r.str(tb, "resolve_by")).Add(72 * time.Hour)
		step("extension", map[string]string{"until": until.Format(time.RFC3339), "reason": "需协调供电部门"})
	case "accepted", "replied", "closed":
		step("accept", nil)
		if state != "accepted" {
			step("reply", map[string]string{"reply": "已修复"})
		}
		if state == "closed" {
			step("close", nil)
		}
	default:
		tb.Fatalf("unknown state %q", state)
	}
	return n
}

func mustTime(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		tb.Fatalf("time %q: %v", s, err)
	}
	return t
}

// adminLineFor matches the "<what> (shown once): gvo_…" line.
func adminLineFor(what string) *regexp.Regexp {
	return regexp.MustCompile(what + ` \(shown once\): (gvo_[A-Za-z0-9_-]{43})\n`)
}
