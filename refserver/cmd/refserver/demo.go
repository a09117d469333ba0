package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/demo"
	"github.com/govops-kit/govops/refserver"
	"github.com/govops-kit/govops/refserver/console"
)

// DemoHomeDistrict is the district of the demo year, marked in its peer
// rankings: the home district of demo, report and serve -demo unless
// -home-district names another.
const DemoHomeDistrict = "柳北区"

// DemoDB is the SQLite file serve -demo runs on unless -db names another
// database.
const DemoDB = "govops-demo.db"

// DemoYear is the year serve -demo fills.
const DemoYear = 2022

// CLIActor is the center staff member the command line reads the report
// as.
const CLIActor = "cli"

// demoFlags are the flags of the demo command.
type demoFlags struct {
	year    int
	seed    int64
	scale   float64
	add     bool
	workers int
}

// homeDistrict is -home-district, or the demo's district.
func (m *Main) homeDistrict() string {
	if m.HomeDistrict != "" {
		return m.HomeDistrict
	}
	return DemoHomeDistrict
}

// demoWorkers is the default number of case lifecycles run at once: one
// on SQLite, which writes through one connection, eight on PostgreSQL and
// MySQL.
func demoWorkers(dsn string) int {
	if dbopen.Dialect(dsn) == "sqlite" {
		return 1
	}
	return 8
}

// demoParams are the Params of year with seed and scale; seed 0 keeps the
// default seed and scale 0 or 1 the full year.
func demoParams(year int, seed int64, scale float64) demo.Params {
	p := demo.DefaultParams(year)
	if seed != 0 {
		p.Seed = seed
	}
	if scale > 0 && scale != 1 {
		p = p.Scaled(scale)
	}
	return p
}

// isSeedYear reports whether p is the year of the 2022 work summary, whose
// figures the report must reproduce.
func isSeedYear(p demo.Params) bool {
	d := demo.DefaultParams(2022)
	return p.Year == d.Year && p.Seed == d.Seed && p.HotlineCases == d.HotlineCases && p.DataRecords == d.DataRecords &&
		p.Posts == d.Posts && p.ITOpsCases == d.ITOpsCases
}

// demoRun is the demo command: it fills the database with one year and
// prints what it took and what the report counts.
func (m *Main) demoRun(ctx context.Context) error {
	log := m.logger()
	cal, st, err := m.openWithCalendar(ctx, log)
	if err != nil {
		return err
	}
	cfg := refserver.WireConfig{Log: log, Calendar: cal, HomeDistrict: m.homeDistrict()}
	workers := m.demo.workers
	if workers <= 0 {
		workers = demoWorkers(m.DSN)
	}
	p := demoParams(m.demo.year, m.demo.seed, m.demo.scale)
	prog := newProgress(m.Stderr, log)
	res, err := demo.Generate(ctx, demo.WireOver(st.wired(), cfg), demo.Options{Params: p, Append: m.demo.add, Workers: workers, Progress: prog})
	prog.Close()
	if demo.IsNotEmpty(err) {
		return fmt.Errorf("%s holds data already: demo fills an empty database; run it with -add to add the year %d to this one on purpose, or give another -db", m.DSN, p.Year)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "demo year %d (seed %d", p.Year, p.Seed)
	if m.demo.scale > 0 && m.demo.scale != 1 {
		fmt.Fprintf(m.Stdout, ", scale %g", m.demo.scale)
	}
	fmt.Fprintf(m.Stdout, ", workers %d) generated into %s\n", workers, redactDSN(m.DSN))
	printTimes(m.Stdout, prog.Planned(), res)
	svc := refserver.Wire(st.wired(), cfg)
	r, err := annual.Build(ctx, svc.Annual(), govops.Actor{Name: CLIActor}, p.Year)
	if err != nil {
		return fmt.Errorf("the year was generated, but its report failed: %w", err)
	}
	summary, ok := reportSummary(r, p, res)
	fmt.Fprint(m.Stdout, summary)
	fmt.Fprintf(m.Stdout, "read it: refserver -db %s report -year %d -format markdown\n", shellWord(redactDSN(m.DSN)), p.Year)
	if !ok && !m.demo.add {
		return errors.New("the report does not count what was generated")
	}
	return nil
}

// printTimes prints each chapter's time, in the order of plan, and the
// total.
func printTimes(w io.Writer, plan []demo.Planned, res *demo.Result) {
	for _, c := range plan {
		if took, ok := res.Took[c.Name]; ok {
			fmt.Fprintf(w, "  %-10s %8s  %s\n", c.Name, fmtDuration(took), c.Label)
		}
	}
	fmt.Fprintf(w, "  %-10s %8s\n", "total", fmtDuration(res.Total))
}

// reportSummary says how the report of the generated year compares: with
// the 2022 work summary for the default year, and always with what the
// generator made (res; nil when it is not known). ok is false when a
// figure differs from what was generated.
func reportSummary(r *annual.Report, p demo.Params, res *demo.Result) (string, bool) {
	var b strings.Builder
	ok := true
	if isSeedYear(p) {
		diffs := annual.CompareSeed(r, annual.Seed2022)
		if len(diffs) == 0 {
			fmt.Fprintf(&b, "report: every figure matches the 2022 work summary (%d figures)\n", len(annual.Seed2022))
		} else {
			fmt.Fprintf(&b, "report: %d of the %d figures of the 2022 work summary differ:\n", len(diffs), len(annual.Seed2022))
			for _, d := range diffs {
				fmt.Fprintf(&b, "  %s\n", d)
			}
		}
	}
	if res != nil {
		diffs := annual.CompareFigures(r, res.Figures)
		switch {
		case len(diffs) == 0:
			fmt.Fprintf(&b, "report: counts every figure generated (%d figures)\n", len(res.Figures))
		default:
			ok = false
			fmt.Fprintf(&b, "report: %d of the %d figures generated are counted otherwise:\n", len(diffs), len(res.Figures))
			for _, d := range diffs {
				fmt.Fprintf(&b, "  %s\n", d)
			}
		}
	}
	return b.String(), ok
}

// redactDSN hides the password of a DSN that has one.
func redactDSN(dsn string) string {
	scheme, rest, ok := strings.Cut(dsn, "://")
	if !ok {
		return dsn
	}
	at := strings.LastIndex(rest, "@")
	if at < 0 {
		return dsn
	}
	user, _, hasPW := strings.Cut(rest[:at], ":")
	if !hasPW {
		return dsn
	}
	return scheme + "://" + user + ":xxxxx" + rest[at:]
}

// shellWord quotes s for a POSIX shell when it needs it.
func shellWord(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// DemoTokenName is the name of the admin token serve -demo issues at every
// start.
const DemoTokenName = "demo"

// errDemoFilling is what /readyz says while serve -demo fills the year.
var errDemoFilling = errors.New("the demo year is being generated")

// demoDefaults sets what -demo changes: the database (unless -db or
// GOVOPS_DB names one), the home district (unless set), and no probes of
// the demo's sites.
func (m *Main) demoDefaults() {
	if !m.dsnGiven {
		m.DSN = DemoDB
	}
	if m.HomeDistrict == "" {
		m.HomeDistrict = DemoHomeDistrict
	}
	m.ProbeEvery = 0
}

// demoToken issues a fresh admin token, records it in the audit log and
// returns its plaintext.
func (m *Main) demoToken(ctx context.Context, reg *refserver.Registry) (string, error) {
	t, plain, err := reg.IssueToken(ctx, refserver.TokenInput{Name: DemoTokenName, Role: refserver.RoleAdmin})
	if err != nil {
		return "", fmt.Errorf("demo admin token: %w", err)
	}
	if _, err := reg.RecordAudit(ctx, refserver.AuditEvent{Actor: refserver.AuditActorBootstrap, Route: refserver.AuditRouteBootstrap,
		Status: http.StatusCreated, Subject: t.ID.String()}); err != nil {
		return plain, fmt.Errorf("demo admin token %s was issued but its audit event was not recorded: %w", t.ID, err)
	}
	return plain, nil
}

// demoRunner fills the demo year in the background of serve -demo.
type demoRunner struct {
	m     *Main
	log   *slog.Logger
	svc   refserver.Services // the server's, to read the report
	wire  demo.Wire
	p     demo.Params
	token string
	ready atomic.Bool
	// filled is closed when the year is in the database, or its
	// generation has stopped.
	filled chan struct{}
	done   chan struct{}
	prog   *progress // the year's progress, which the web console shows
}

// holdsData reports whether the database holds a department or a case.
func holdsData(ctx context.Context, svc refserver.Services) (bool, error) {
	by := govops.Actor{Name: CLIActor, ReadOnly: true}
	deps, err := svc.Departments.List(ctx, by, directory.ListInput{Limit: 1})
	if err != nil {
		return false, err
	}
	cases, err := svc.Cases.List(ctx, by, govcase.ListInput{Limit: 1})
	if err != nil {
		return false, err
	}
	return len(deps.Items)+len(cases.Items) > 0, nil
}

// newDemoRunner returns the runner of serve -demo over st, and whether the
// database holds the year already.
func (m *Main) newDemoRunner(ctx context.Context, log *slog.Logger, st stores, cfg refserver.WireConfig, svc refserver.Services, token string) (*demoRunner, bool, error) {
	r := &demoRunner{m: m, log: log, svc: svc, token: token, filled: make(chan struct{}), done: make(chan struct{}), prog: newProgress(nil, log),
		wire: demo.WireOver(st.wired(), cfg), p: demoParams(DemoYear, 0, m.DemoScale)}
	full, err := holdsData(ctx, svc)
	if err != nil {
		return nil, false, err
	}
	if full {
		r.ready.Store(true)
		close(r.filled)
	}
	return r, full, nil
}

// notice is what the web console shows while the year fills.
func (r *demoRunner) notice() console.Notice {
	if r.ready.Load() {
		return console.Notice{}
	}
	pc, running := r.prog.Share()
	return console.Notice{Active: true, Text: fmt.Sprintf("正在生成%d年演示数据", r.p.Year), Percent: int(pc),
		Detail: strings.Join(running, "，")}
}

// ping is /readyz's check: not ready while the year is being filled.
func (r *demoRunner) ping(ctx context.Context) error {
	if !r.ready.Load() {
		return errDemoFilling
	}
	return r.m.db.PingContext(ctx)
}

// run fills the year unless it is there, then prints where the report is
// and how it compares. addr is the address the server listens on. It
// returns at once, with the function that stops it and waits for it to
// end.
func (r *demoRunner) run(ctx context.Context, addr string) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		defer close(r.done)
		var res *demo.Result
		var took time.Duration
		if !r.ready.Load() {
			r.log.LogAttrs(ctx, slog.LevelInfo, "generating the demo year", slog.Int("year", r.p.Year), slog.String("db", redactDSN(r.m.DSN)))
			var err error
			res, err = demo.Generate(ctx, r.wire, demo.Options{Params: r.p, Workers: demoWorkers(r.m.DSN), Progress: r.prog})
			r.prog.Close()
			close(r.filled)
			if err != nil {
				if ctx.Err() == nil {
					r.log.LogAttrs(ctx, slog.LevelError, "the demo year could not be generated", slog.String("error", err.Error()))
				} else {
					r.log.LogAttrs(context.Background(), slog.LevelWarn, "the demo year was left unfinished: remove "+r.m.DSN+" to generate it again")
				}
				return
			}
			took = res.Total
			r.ready.Store(true)
			r.log.LogAttrs(ctx, slog.LevelInfo, "demo year generated", slog.Int("year", r.p.Year), slog.Duration("took", took.Round(time.Millisecond)))
		}
		rep, err := annual.Build(ctx, r.svc.Annual(), govops.Actor{Name: CLIActor}, r.p.Year)
		if err != nil {
			if ctx.Err() == nil {
				r.log.LogAttrs(ctx, slog.LevelError, "the demo report failed", slog.String("error", err.Error()))
			}
			return
		}
		var b strings.Builder
		if res != nil {
			fmt.Fprintf(&b, "demo year %d generated in %s into %s\n", r.p.Year, fmtDuration(took), redactDSN(r.m.DSN))
		} else {
			fmt.Fprintf(&b, "demo year %d served as %s holds it\n", r.p.Year, redactDSN(r.m.DSN))
		}
		summary, _ := reportSummary(rep, r.p, res)
		b.WriteString(summary)
		base := baseURL(addr)
		q := fmt.Sprintf("%s/api/v1/reports/annual?year=%d", base, r.p.Year)
		fmt.Fprintf(&b, "the report, with the admin token as the bearer token:\n  %s&format=html\n  %s&format=markdown\n  %s\n", q, q, q)
		fmt.Fprintf(&b, "  curl -H 'Authorization: Bearer %s' '%s&format=markdown'\n", r.token, q)
		fmt.Fprintf(&b, "the web console: %s/ (sign in with the admin token)\n", base)
		fmt.Fprint(r.m.Stdout, b.String())
	}()
	return func() {
		cancel()
		<-r.done
	}
}

// baseURL is the URL of the server listening on addr ("[::]:8080" →
// "http://localhost:8080").
func baseURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}
