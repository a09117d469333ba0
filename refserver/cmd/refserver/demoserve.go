package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/demo"
	"github.com/govops-kit/govops/refserver"
)

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
	done  chan struct{}
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
	r := &demoRunner{m: m, log: log, svc: svc, token: token, done: make(chan struct{}),
		wire: demo.WireOver(st.wired(), cfg), p: demoParams(DemoYear, 0, m.DemoScale)}
	full, err := holdsData(ctx, svc)
	if err != nil {
		return nil, false, err
	}
	if full {
		r.ready.Store(true)
	}
	return r, full, nil
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
			prog := newProgress(nil, r.log)
			var err error
			res, err = demo.Generate(ctx, r.wire, demo.Options{Params: r.p, Workers: demoWorkers(r.m.DSN), Progress: prog})
			prog.Close()
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
