package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govops-kit/govops/internal/demo"
)

func TestDemoRunner_NotReadyUntilFilled(t *testing.T) {
	r := &demoRunner{m: &Main{}}
	if err := r.ping(context.Background()); !errors.Is(err, errDemoFilling) {
		t.Fatalf("ping before the year: %v", err)
	}
}

func TestBaseURL(t *testing.T) {
	for addr, want := range map[string]string{
		"[::]:8080":       "http://localhost:8080",
		"0.0.0.0:8080":    "http://localhost:8080",
		":8080":           "http://localhost:8080",
		"127.0.0.1:41234": "http://127.0.0.1:41234",
		"[::1]:9000":      "http://[::1]:9000",
	} {
		if got := baseURL(addr); got != want {
			t.Errorf("baseURL(%q) = %q, want %q", addr, got, want)
		}
	}
}

func TestRedactDSN(t *testing.T) {
	for dsn, want := range map[string]string{
		"govops.db": "govops.db",
		"postgres://u:secret@h:5432/db?sslmode=disable": "postgres://u:xxxxx@h:5432/db?sslmode=disable",
		"mysql://root@127.0.0.1:3306/test":              "mysql://root@127.0.0.1:3306/test",
	} {
		if got := redactDSN(dsn); got != want {
			t.Errorf("redactDSN(%q) = %q", dsn, got)
		}
	}
}

// lockedBuffer is a bytes.Buffer safe for the progress's goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var testPlan = []demo.Planned{{Name: "directory", Label: "部门目录", Steps: 10}, {Name: "cases", Label: "综合指挥平台与12345热线", Steps: 90}}

// runProgress plays a run on p: half the cases, the directory done, then
// the rest.
func runProgress(p *progress) {
	p.Plan(testPlan)
	p.Step("directory", 10)
	p.Step("cases", 45)
	time.Sleep(60 * time.Millisecond)
	p.Done("directory", 1500*time.Millisecond, nil)
	p.Step("cases", 45)
	p.Step("unknown", 5)
	p.Done("cases", 61*time.Second, errors.New("boom"))
	p.Close()
	p.Close()
}

func TestProgress_Log(t *testing.T) {
	var out lockedBuffer
	p := newProgress(&out, slog.New(slog.NewTextHandler(&out, nil)))
	if p.bar != nil {
		t.Fatal("a buffer taken for a terminal")
	}
	p.every = 10 * time.Millisecond
	runProgress(p)
	got := out.String()
	for _, want := range []string{`msg="demo progress" percent=55 steps=55 of=100 running="部门目录 100%, 综合指挥平台与12345热线 50%"`,
		`msg="demo chapter done" chapter=directory label=部门目录 took=1.5s`, `msg="demo chapter failed" chapter=cases`, "error=boom"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in:\n%s", want, got)
		}
	}
	if len(p.Planned()) != 2 {
		t.Fatal(p.Planned())
	}
}

func TestProgress_Bar(t *testing.T) {
	var out lockedBuffer
	p := &progress{bar: &out, log: slog.New(slog.DiscardHandler), every: 10 * time.Millisecond}
	runProgress(p)
	got := out.String()
	for _, want := range []string{"\r\x1b[2K[" + strings.Repeat("█", 16) + strings.Repeat("░", 14) + "]  55%", "综合指挥平台与12345热线 50%",
		"✓ 部门目录（directory）1.5s\n", "✗ 综合指挥平台与12345热线（cases）: boom\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in:\n%q", want, got)
		}
	}
	if !strings.HasSuffix(got, "\r\x1b[2K") && !strings.HasSuffix(got, "\n") {
		t.Errorf("the bar's line is left drawn: %q", got[max(0, len(got)-80):])
	}
}

func TestFmtDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{41300 * time.Millisecond: "41.3s", 125 * time.Second: "2m05s", 0: "0.0s"} {
		if got := fmtDuration(d); got != want {
			t.Errorf("fmtDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

// TestProgress_WeighsByCost moves the bar by each chapter's cost, not its
// steps: all of a cheap chapter's many steps are a small part of the run.
func TestProgress_WeighsByCost(t *testing.T) {
	p := &progress{log: slog.New(slog.DiscardHandler), every: time.Hour}
	p.Plan([]demo.Planned{{Name: "data", Label: "数据", Steps: 700000, Cost: 1}, {Name: "cases", Label: "案件", Steps: 100, Cost: 9}})
	defer p.Close()
	p.Step("data", 700000)
	p.Step("cases", 50)
	if done, pc, _ := p.counts(); done != 700050 || pc != 55 {
		t.Fatalf("counts = %d steps, %d%%; want 700050 steps and 55%% (all of the cost-1 chapter, half of the cost-9 one)", done, pc)
	}
	p.Done("data", time.Second, nil)
	p.Done("cases", time.Second, nil)
	if _, pc, _ := p.counts(); pc != 100 {
		t.Fatalf("every chapter done: %d%%", pc)
	}
}
