package main

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/govops-kit/govops/idcode"
)

func TestParseRate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want vegeta.Rate
	}{
		{"50/s", vegeta.Rate{Freq: 50, Per: time.Second}},
		{"50", vegeta.Rate{Freq: 50, Per: time.Second}},
		{"3000/m", vegeta.Rate{Freq: 3000, Per: time.Minute}},
		{"100/2s", vegeta.Rate{Freq: 100, Per: 2 * time.Second}},
	} {
		got, err := parseRate(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("parseRate(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "0/s", "-5/s", "fifty/s", "50/", "50/fortnight", "50/0s", "50/-1s"} {
		if _, err := parseRate(bad); err == nil || !strings.Contains(err.Error(), "-rate") {
			t.Errorf("parseRate(%q): err = %v, want one naming -rate", bad, err)
		}
	}
}

func TestMain_ParseFlags(t *testing.T) {
	t.Run("WarmupDefault", func(t *testing.T) {
		for _, tc := range []struct{ duration, warmup time.Duration }{
			{10 * time.Minute, time.Minute}, // a tenth
			{30 * time.Second, 10 * time.Second},
			{12 * time.Second, 6 * time.Second}, // at most half
		} {
			m := &Main{}
			if err := m.ParseFlags([]string{"-server", "refserver", "-duration", tc.duration.String()}); err != nil {
				t.Fatal(err)
			}
			if m.Warmup != tc.warmup {
				t.Errorf("-duration %v: warm-up %v, want %v", tc.duration, m.Warmup, tc.warmup)
			}
		}
	})
	t.Run("ErrBadFlag", func(t *testing.T) {
		for _, tc := range []struct {
			args []string
			flag string
		}{
			{nil, "-server"},
			{[]string{"-server", "x", "-duration", "1s"}, "-duration"},
			{[]string{"-server", "x", "-duration", "30s", "-warmup", "30s"}, "-warmup"},
			{[]string{"-server", "x", "-min-throughput", "1.5"}, "-min-throughput"},
			{[]string{"-server", "x", "-rss-growth", "-0.1"}, "-rss-growth"},
			{[]string{"-server", "x", "-goroutine-slack", "-1"}, "-goroutine-slack"},
			{[]string{"-server", "x", "-rate", "0/s"}, "-rate"},
		} {
			err := (&Main{}).ParseFlags(tc.args)
			if err == nil || !strings.Contains(err.Error(), tc.flag) {
				t.Errorf("%q: err = %v, want one naming %s", tc.args, err, tc.flag)
			}
		}
	})
}

func TestBounds_Check(t *testing.T) {
	b := Bounds{MinThroughput: 0.95, RSSGrowth: 0.20, GoroutineSlack: 10}
	good := Outcome{Rate: 50, Throughput: 49.9, Requests: 30000, RSSStart: 100 << 20, RSSEnd: 120 << 20, GoroutinesStart: 18, GoroutinesEnd: 28}
	if broken := b.Check(good); len(broken) != 0 {
		t.Fatalf("a run at every bound's edge fails: %q", broken)
	}
	for _, tc := range []struct {
		name   string
		change func(o *Outcome)
		want   string
	}{
		{"NoRequest", func(o *Outcome) { o.Requests = 0 }, "no request"},
		{"OneFailed", func(o *Outcome) { o.Failed = 1 }, "1 of 30000 requests failed"},
		{"SlowThroughput", func(o *Outcome) { o.Throughput = 47.4 }, "throughput 47.40/s is below 95%"},
		{"RSSGrew", func(o *Outcome) { o.RSSEnd = 120<<20 + 1<<10 }, "resident memory grew from 100.0 MiB to 120.0 MiB"},
		{"NoRSS", func(o *Outcome) { o.RSSStart = 0 }, "resident memory"},
		{"GoroutinesGrew", func(o *Outcome) { o.GoroutinesEnd = 29 }, "goroutines grew from 18 to 29"},
		{"StopFailed", func(o *Outcome) { o.Stop = errors.New("exit status 1") }, "did not stop cleanly: exit status 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := good
			tc.change(&o)
			broken := b.Check(o)
			if len(broken) != 1 || !strings.Contains(broken[0], tc.want) {
				t.Fatalf("broken = %q, want one saying %q", broken, tc.want)
			}
		})
	}
}

// TestTargets checks the load: every kind named once, the lifecycle's
// slot as heavy as its steps need, and every request built with its kind
// in the request ID, a token, and a JSON body only with its type.
func TestTargets(t *testing.T) {
	if caseStepWeight != len(caseSteps)*caseCreateWeight {
		t.Fatalf("caseStepWeight = %d, want %d steps for each of %d case.create", caseStepWeight, len(caseSteps), caseCreateWeight)
	}
	l := newLoad("http://soak.test", "admin-token", seeded{dept: "dept-token", cases: []string{"2026-000001", "2026-000002"}}, shanghaiNow)
	seen := map[string]bool{}
	var writes, reads int
	for i, tg := range l.targets {
		if seen[tg.name] {
			t.Errorf("kind %s twice", tg.name)
		}
		seen[tg.name] = true
		if tg.write {
			writes++
		} else {
			reads++
		}
		var v vegeta.Target
		kind := l.fill(i, &v)
		if !strings.HasPrefix(v.Header.Get("X-Request-ID"), "soak."+kind+".") {
			t.Errorf("%s: X-Request-ID %q", tg.name, v.Header.Get("X-Request-ID"))
		}
		auth := v.Header.Get("Authorization")
		if auth != "Bearer admin-token" && auth != "Bearer dept-token" {
			t.Errorf("%s: Authorization %q", tg.name, auth)
		}
		if (len(v.Body) > 0) != (v.Header.Get("Content-Type") == "application/json") {
			t.Errorf("%s: body %q with Content-Type %q", tg.name, v.Body, v.Header.Get("Content-Type"))
		}
		if tg.write != (v.Method == http.MethodPost) {
			t.Errorf("%s: write %v, method %s", tg.name, tg.write, v.Method)
		}
		r := &vegeta.Result{Headers: http.Header{}}
		r.Headers.Set("X-Request-ID", v.Header.Get("X-Request-ID")) // as the server echoes it
		if got := kindOf(r); got != kind {
			t.Errorf("%s: kindOf = %q", tg.name, got)
		}
	}
	if writes < 5 || reads < 15 {
		t.Errorf("%d kinds of writes and %d of reads: the load lost some", writes, reads)
	}
	if got := kindOf(&vegeta.Result{}); got != "(no answer)" {
		t.Errorf("kindOf without an answer = %q", got)
	}
}

// TestLoad_Lifecycle follows one case through its steps: each step is
// sent once the one before answered, with the token whose turn it is, and
// with nothing due the slot comments on a quiet case.
func TestLoad_Lifecycle(t *testing.T) {
	l := newLoad("http://soak.test", "admin-token", seeded{dept: "dept-token", cases: []string{"2026-000001"}}, shanghaiNow)
	slot := slices.IndexFunc(l.targets, func(tg target) bool { return tg.name == "case.step" })
	var v vegeta.Target
	if kind := l.fill(slot, &v); kind != "case.comment" || v.URL != "http://soak.test/api/v1/cases/2026-000001/comment" {
		t.Fatalf("with nothing due: %s %s", kind, v.URL)
	}
	if err := l.followUp("case.create", []byte(`{"number":"2026-000042"}`)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []struct{ kind, url, token string }{
		{"case.dispatch", "/api/v1/cases/2026-000042/dispatch", "admin-token"},
		{"case.accept", "/api/v1/cases/2026-000042/accept", "dept-token"},
		{"case.reply", "/api/v1/cases/2026-000042/reply", "dept-token"},
		{"case.close", "/api/v1/cases/2026-000042/close", "admin-token"},
		{"hotline.callback", "/api/v1/hotline/callbacks", "admin-token"},
	} {
		kind := l.fill(slot, &v)
		if kind != want.kind || v.URL != "http://soak.test"+want.url || v.Header.Get("Authorization") != "Bearer "+want.token {
			t.Fatalf("got %s %s as %s, want %s %s as %s", kind, v.URL, v.Header.Get("Authorization"), want.kind, want.url, want.token)
		}
		if kind == "hotline.callback" && !strings.Contains(string(v.Body), `"case_number":"2026-000042"`) {
			t.Fatalf("callback body %s", v.Body)
		}
		// Until the step answers, nothing more of this case is due.
		if next := l.fill(slot, &v); next != "case.comment" {
			t.Fatalf("after %s, before its answer: %s", kind, next)
		}
		if err := l.followUp(kind, []byte(`{"number":"2026-000042","case_number":"2026-000042"}`)); err != nil {
			t.Fatal(err)
		}
	}
	if kind := l.fill(slot, &v); kind != "case.comment" {
		t.Fatalf("after the callback: %s", kind)
	}
	if err := l.followUp("case.dispatch", []byte(`{"title":"no number"}`)); err == nil {
		t.Fatal("a step answered without a case number passes")
	}
}

func TestResidentID(t *testing.T) {
	seen := map[string]bool{}
	for _, i := range []int{0, 1, 998, 999, 1000, 123456, 364999} {
		id := residentID(i)
		if _, err := idcode.ValidateResidentID(id, idcode.Strict); err != nil {
			t.Errorf("residentID(%d) = %s: %v", i, id, err)
		}
		if seen[id] {
			t.Errorf("residentID(%d) = %s again", i, id)
		}
		seen[id] = true
	}
}
