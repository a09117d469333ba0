package main_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/internal/apitest"
	main "github.com/govops-kit/govops/refserver/cmd/refserver"
)

// demoScale is the share of the 2022 year the command tests generate.
const demoScale = "0.01"

// mustDemo fills a fresh SQLite file with a scaled year and returns its
// path and what demo printed.
func mustDemo(t *testing.T) (string, string) {
	t.Helper()
	db := tempDB(t)
	out, err := runCommand(t, db, "demo", "-scale", demoScale)
	if err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	return db, out
}

// TestDemo_Command fills one scaled year and runs every command over it:
// demo again (refused, exit status 1) and report in each format.
func TestDemo_Command(t *testing.T) {
	db, out := mustDemo(t)
	for _, want := range []string{"demo year 2022 (seed 2022, scale 0.01, workers 1) generated into " + db, "  total ",
		"report: counts every figure generated", "report -year 2022"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo printed no %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "2022 work summary") {
		t.Errorf("a scaled year compared with the work summary:\n%s", out)
	}
	t.Log(out)

	t.Run("Refused", func(t *testing.T) {
		out, err := runCommand(t, db, "demo", "-scale", demoScale)
		if err == nil || !strings.Contains(err.Error(), "-add") || !strings.Contains(err.Error(), "holds data") {
			t.Fatalf("second demo: %v\n%s", err, out)
		}
		var stderr syncBuffer
		m := main.NewMain()
		m.Stdout, m.Stderr = &syncBuffer{}, &stderr
		// As Exec runs it: the refusal is exit status 1.
		if code := execWith(m, "-db", db, "demo", "-scale", demoScale); code != 1 || !strings.Contains(stderr.String(), "-add") {
			t.Fatalf("exit %d, stderr %q", code, stderr.String())
		}
	})
	t.Run("Report", func(t *testing.T) { testReportCommand(t, db) })
}

// execWith runs args through m as Exec runs the command line.
func execWith(m *main.Main, args ...string) int {
	ctx := context.Background()
	if err := m.ParseFlags(ctx, args); err != nil {
		return 2
	}
	err := m.Run(ctx)
	_ = m.Close()
	if err != nil {
		_, _ = m.Stderr.Write([]byte("refserver: " + err.Error() + "\n"))
		return 1
	}
	return 0
}

func TestDemo_BadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"demo", "-scale", "0"},
		{"demo", "-scale", "2"},
		{"demo", "-year", "1999"},
		{"demo", "-workers", "-1"},
		{"demo", "extra"},
		{"report"},
		{"report", "-year", "2022", "-format", "pdf"},
		{"report", "-year", "3000"},
		{"report", "-year", "2022", "extra"},
	} {
		m := main.NewMain()
		m.Stdout, m.Stderr = &syncBuffer{}, &syncBuffer{}
		if err := m.ParseFlags(context.Background(), args); err == nil {
			t.Errorf("%q: no usage error", args)
		}
	}
}

func testReportCommand(t *testing.T, db string) {

	md, err := runCommand(t, db, "report", "-year", "2022")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(md, "# 2022年") || !strings.Contains(md, "## （七）网络安全保障工作") {
		t.Fatalf("markdown:\n%s", md)
	}

	js, err := runCommand(t, db, "report", "-year", "2022", "-format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var r annual.Report
	if err := json.Unmarshal([]byte(js), &r); err != nil {
		t.Fatalf("json: %v\n%s", err, js)
	}
	if r.Year != 2022 || r.Department != "" || len(r.Sections) != 7 {
		t.Fatalf("report %+v", r)
	}

	page, err := runCommand(t, db, "report", "-year", "2022", "-format", "html")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(page, "<!doctype html>") || strings.Contains(page, "<script") {
		t.Fatalf("html:\n%.300s", page)
	}

	// A department's report, as its read-only actor sees it.
	if _, err := runCommand(t, db, "department", "create", "-code", "cli-test", "-name", "测试科", "-kind", "department"); err != nil {
		t.Fatal(err)
	}
	js, err = runCommand(t, db, "report", "-year", "2022", "-format", "json", "-dept", "cli-test")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(js), &r); err != nil {
		t.Fatal(err)
	}
	if r.Department != "cli-test" {
		t.Fatalf("department %q", r.Department)
	}
	if _, err := runCommand(t, db, "report", "-year", "2022", "-dept", "nosuch"); err == nil || !strings.Contains(err.Error(), "-dept") {
		t.Fatalf("unknown -dept: %v", err)
	}
}

var demoURL = regexp.MustCompile(`(http://\S+/api/v1/reports/annual\?year=2022)&format=html\n`)

// runDemoServer starts serve -demo in the working directory on a scaled
// year, with args.
func runDemoServer(t *testing.T, args ...string) *Program {
	t.Helper()
	return runMain(t, testStart, append([]string{"-addr", "127.0.0.1:0", "-demo"}, args...), func(m *main.Main) { m.DemoScale = 0.01 })
}

// waitFor waits until the program's standard output matches re.
func waitFor(t *testing.T, p *Program, re *regexp.Regexp) []string {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(p.Stdout.String()); m != nil {
			return m
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no %s on stdout:\n%s\nstderr:\n%s", re, p.Stdout.String(), p.Stderr.String())
	return nil
}

func TestServeDemo(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	p := runDemoServer(t)
	if _, err := os.Stat(filepath.Join(dir, main.DemoDB)); err != nil {
		t.Fatalf("no %s in the working directory: %v", main.DemoDB, err)
	}
	token := p.AdminToken(t)
	// Until the year is there, the server answers but is not ready.
	first, _, body := apitest.Do(t, p.URL, "GET", "/readyz", "", nil)
	t.Logf("first /readyz: %d %s", first, body)

	m := waitFor(t, p, demoURL)
	if !strings.HasPrefix(m[1], p.URL+"/") {
		t.Fatalf("the report's URL %s is not on %s", m[1], p.URL)
	}
	out := p.Stdout.String()
	for _, want := range []string{"demo year 2022 generated in ", "report: counts every figure generated", "format=markdown", "Authorization: Bearer " + token} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout holds no %q:\n%s", want, out)
		}
	}
	if code, _, body := apitest.Do(t, p.URL, "GET", "/readyz", "", nil); code != http.StatusOK {
		t.Fatalf("/readyz once filled: %d %s", code, body)
	}
	if !strings.Contains(p.Stderr.String(), "demo chapter done") {
		t.Errorf("no progress logged:\n%s", p.Stderr.String())
	}
	path := strings.TrimPrefix(m[1], p.URL)
	code, hdr, page := apitest.Do(t, p.URL, "GET", path+"&format=html", token, nil)
	if code != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "text/html") || !strings.Contains(string(page), "网络安全保障工作") {
		t.Fatalf("%d %s\n%.300s", code, hdr.Get("Content-Type"), page)
	}
	if err := p.Stop(t); err != nil {
		t.Fatal(err)
	}

	// A second start serves the year as it is, with a fresh token.
	p2 := runDemoServer(t)
	if code, _, body := apitest.Do(t, p2.URL, "GET", "/readyz", "", nil); code != http.StatusOK {
		t.Fatalf("/readyz of a filled demo database: %d %s", code, body)
	}
	token2 := p2.AdminToken(t)
	if token2 == token {
		t.Fatal("the same admin token twice")
	}
	waitFor(t, p2, demoURL)
	if out := p2.Stdout.String(); !strings.Contains(out, "served as "+main.DemoDB+" holds it") || strings.Contains(out, "generated in") {
		t.Fatalf("second start:\n%s", out)
	}
	if strings.Contains(p2.Stderr.String(), "demo chapter done") {
		t.Fatal("the year was generated again")
	}
	code, _, _ = apitest.Do(t, p2.URL, "GET", path+"&format=markdown", token2, nil)
	if code != http.StatusOK {
		t.Fatalf("report: %d", code)
	}
	// The JSON of a real year, checked against the OpenAPI document.
	code, _, body = apitest.Do(t, p2.URL, "GET", path, token2, nil)
	var rep annual.Report
	if err := json.Unmarshal(body, &rep); code != http.StatusOK || err != nil {
		t.Fatalf("report: %d %v", code, err)
	}
	if f, ok := rep.Figure(annual.KeyCasesHotline); !ok || !f.Value.IsPositive() || f.Link == "" {
		t.Fatalf("the hotline cases: %+v", f)
	}
}

// TestServeDemo_GivenDB runs -demo on the database -db names.
func TestServeDemo_GivenDB(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	db := filepath.Join(t.TempDir(), "mine.db")
	p := runDemoServer(t, "-db", db)
	waitFor(t, p, demoURL)
	if _, err := os.Stat(db); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, main.DemoDB)); err == nil {
		t.Fatalf("%s made although -db was given", main.DemoDB)
	}
}
