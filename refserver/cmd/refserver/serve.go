package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/datashare/datasharebun"
	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/directory/directorybun"
	"github.com/govops-kit/govops/govcase/govcasebun"
	"github.com/govops-kit/govops/hotline/hotlinebun"
	"github.com/govops-kit/govops/license/licensebun"
	"github.com/govops-kit/govops/netops/netopsbun"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/portal/portalbun"
	"github.com/govops-kit/govops/refserver"
	"github.com/govops-kit/govops/security/securitybun"
)

// MaxHeaderBytes bounds the request line and headers the server reads
// (64 KiB).
const MaxHeaderBytes = 64 << 10

// stores are the bun stores of every domain the server runs, on one
// database.
type stores struct {
	cases    *govcasebun.Store
	hotline  *hotlinebun.Store
	license  *licensebun.Store
	data     *datasharebun.Store
	netops   *netopsbun.Store
	sec      *securitybun.Store
	portal   *portalbun.Store
	dir      *refserver.BunStore
	deps     *directory.Service // the department directory, over directorybun
	dirStore *directorybun.Store
}

// MoveActor is the actor of the created events of the departments that
// move from the server's own table into the directory (see
// refserver.BunStore.MoveDepartments).
const MoveActor = "migrate"

// open opens the database and runs every migration: the govcase, hotline,
// directory, license, datashare, netops, security and portal tables and the server's own, each
// recorded in its own migrations table. Departments the server kept itself before the
// directory was a domain move into the directory once. The server's SQLite
// commits concurrent writes together unless -group-commit=false.
func (m *Main) open(ctx context.Context, log *slog.Logger) (stores, error) {
	grouped := m.cmd == "serve" && m.GroupCommit && dbopen.Dialect(m.DSN) == dbopen.SQLite
	open := dbopen.Open
	if grouped {
		open = dbopen.OpenGrouped
	}
	db, err := open(m.DSN)
	if err != nil {
		return stores{}, err
	}
	m.db = db
	depsStore := directorybun.New(db)
	st := stores{cases: govcasebun.New(db, govcasebun.WithLocation(m.zone)), hotline: hotlinebun.New(db), license: licensebun.New(db), data: datasharebun.New(db),
		netops: netopsbun.New(db), sec: securitybun.New(db), portal: portalbun.New(db), dir: refserver.NewBunStore(db),
		deps: directory.NewService(depsStore, directory.WithNow(m.now)), dirStore: depsStore}
	m.data, m.netops, m.sec, m.portal = st.data, st.netops, st.sec, st.portal
	// Each Migrate names its own tables and step in its error
	// ("govcase: migrate: …"): no wrapper repeats it.
	for _, migrate := range []func(context.Context) error{st.cases.Migrate, st.hotline.Migrate, depsStore.Migrate, st.license.Migrate,
		st.data.Migrate, st.netops.Migrate, st.sec.Migrate, st.portal.Migrate, st.dir.Migrate} {
		if err := migrate(ctx); err != nil {
			return stores{}, err
		}
	}
	moved, err := st.dir.MoveDepartments(ctx, st.deps, MoveActor)
	if err != nil {
		return stores{}, err
	}
	if moved > 0 {
		log.LogAttrs(ctx, slog.LevelInfo, "departments moved into the directory", slog.Int("departments", moved))
	}
	log.LogAttrs(ctx, slog.LevelInfo, "database ready", slog.String("dialect", dbopen.Dialect(m.DSN)), slog.Bool("group_commit", grouped))
	return st, nil
}

// openWithCalendar builds the calendar and opens the database (see
// calendar and open): what serve, demo and report start with.
func (m *Main) openWithCalendar(ctx context.Context, log *slog.Logger) (*govops.Calendar, stores, error) {
	cal, err := m.calendar()
	if err != nil {
		return nil, stores{}, err
	}
	// The case summary counts months in the calendar's zone, so that the
	// months the Service asks for are the summary's own.
	m.zone = cal.Location()
	st, err := m.open(ctx, log)
	return cal, st, err
}

// calendar builds the server's own calendar: the official tables, the
// -calendar file's on top, and room for the tables admins store in the
// database, which the server loads at start and whenever they change.
func (m *Main) calendar() (*govops.Calendar, error) {
	if m.CalendarFile == "" {
		return govops.NewCalendar(govops.CalendarConfig{})
	}
	f, err := os.Open(m.CalendarFile)
	if err != nil {
		return nil, fmt.Errorf("-calendar: %w", err)
	}
	defer f.Close()
	t, err := govops.ParseCalendarTable(f)
	if err != nil {
		return nil, fmt.Errorf("-calendar %s: %w", m.CalendarFile, err)
	}
	return govops.NewCalendar(govops.CalendarConfig{Tables: []govops.CalendarTable{t}})
}

// startCalendar loads the calendar tables stored in the database, warns
// of a provisional year within refserver.CalendarLookahead, and recomputes
// the provisional deadlines that a newer lunar-go or a stored notice has
// made final since the last start. Only a failure to read the stored
// tables stops the start.
func (m *Main) startCalendar(ctx context.Context, log *slog.Logger, srv *refserver.Server, cal *govops.Calendar) error {
	if err := srv.SyncCalendar(ctx, true); err != nil {
		return fmt.Errorf("calendar tables: %w", err)
	}
	now := m.now()
	log.LogAttrs(ctx, slog.LevelInfo, "calendar",
		slog.Int("official_through", cal.LastOfficialYear()),
		slog.String("provisional", fmt.Sprintf("%d–%d", govops.ProvisionalFrom, govops.ProvisionalThrough)))
	for _, w := range srv.CalendarWarnings(now) {
		log.LogAttrs(ctx, slog.LevelWarn, "calendar: provisional year ahead", slog.String("detail", w))
	}
	cases, appeals, err := srv.RecomputeDeadlines(ctx, refserver.CalendarActor)
	if err != nil {
		// The deadlines stay provisional and the next start, or the next
		// table stored, tries again; the server must not stay down for it.
		log.LogAttrs(ctx, slog.LevelError, "could not recompute provisional deadlines", slog.String("error", err.Error()))
	}
	if n := len(cases.Changes) + len(appeals.Changes); n > 0 || cases.Skipped+appeals.Skipped > 0 {
		log.LogAttrs(ctx, slog.LevelInfo, "provisional deadlines recomputed",
			slog.Int("case_deadlines", len(cases.Changes)), slog.Int("appeal_windows", len(appeals.Changes)),
			slog.Int("skipped", cases.Skipped+appeals.Skipped))
	}
	return nil
}

// RecoverActor is the actor of the failed events of the mounts the server
// ends at start (see recoverMounts).
const RecoverActor = "recover"

// recoverMounts fails every mount that a process left loading when it
// died (killed, or cut off from its database): none of its records is
// visible, and the batch says so instead of loading for ever. A mount is
// taken for dead once it has not written for datashare.DefaultStaleMount,
// so the live mounts of other servers on the same database are left
// alone. A failure is logged and the start goes on: the next start, or
// POST /api/v1/data/batches/recover, tries again.
func recoverMounts(ctx context.Context, log *slog.Logger, data *datashare.Service) {
	failed, err := data.RecoverMounts(ctx, govops.Actor{Name: RecoverActor})
	if err != nil {
		log.LogAttrs(ctx, slog.LevelError, "could not recover abandoned mounts", slog.String("error", err.Error()))
		return
	}
	attrs := []slog.Attr{slog.Int("failed", len(failed))}
	for _, b := range failed {
		attrs = append(attrs, slog.String("batch", b.ID.String()))
	}
	log.LogAttrs(ctx, slog.LevelInfo, "abandoned mounts recovered", attrs...)
}

func (m *Main) migrate(ctx context.Context) error {
	if _, err := m.open(ctx, m.logger()); err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, "migrations applied")
	return nil
}

// wire builds every domain's Service over st, on the clock now, the way
// the server runs them (see refserver.Wire).
func (m *Main) wire(st stores, cal *govops.Calendar, log *slog.Logger, now func() time.Time) refserver.Services {
	return refserver.Wire(st.wired(), refserver.WireConfig{Log: log, Now: now, Calendar: cal,
		HomeDistrict: m.HomeDistrict, PortalAllowPrivate: m.PortalAllowPrivate})
}

// wired returns the stores as refserver.Wire takes them.
func (st stores) wired() refserver.Stores {
	return refserver.Stores{Cases: st.cases, Hotline: st.hotline, Directory: st.dirStore, Licenses: st.license, Data: st.data,
		Netops: st.netops, Security: st.sec, Portal: st.portal, Server: st.dir}
}

func (m *Main) serve(ctx context.Context) error {
	if m.Demo {
		m.demoDefaults()
	}
	log := m.logger()
	cal, st, err := m.openWithCalendar(ctx, log)
	if err != nil {
		return err
	}
	svc := m.wire(st, cal, log, m.now)
	ps := svc.Portal
	reg := refserver.NewRegistry(st.dir, st.deps.Check(), m.now)
	var plain string
	if m.Demo {
		plain, err = m.demoToken(ctx, reg)
	} else {
		plain, err = reg.Bootstrap(ctx)
	}
	if plain != "" {
		fmt.Fprintln(m.Stdout, "admin token (shown once):", plain)
	}
	switch {
	case err != nil && plain != "":
		// The token exists and was shown; only its audit event is
		// missing. The server runs on, as it does when a request's audit
		// event cannot be written, and says so at error level.
		log.LogAttrs(ctx, slog.LevelError, "audit event not recorded",
			slog.String("actor", refserver.AuditActorBootstrap), slog.String("route", refserver.AuditRouteBootstrap),
			slog.String("error", err.Error()))
	case err != nil:
		return fmt.Errorf("first admin token: %w", err)
	}
	svc.Ping = m.db.PingContext
	var demoYear *demoRunner
	if m.Demo {
		cfg := refserver.WireConfig{Log: log, Calendar: cal, HomeDistrict: m.HomeDistrict}
		var full bool
		demoYear, full, err = m.newDemoRunner(ctx, log, st, cfg, svc, plain)
		if err != nil {
			return err
		}
		if !full {
			svc.Ping = demoYear.ping
		}
	}
	rcfg := refserver.Config{Logger: log, Now: m.now, MaxMountBytes: m.MaxMountBytes}
	if demoYear != nil {
		rcfg.ConsoleNotice = demoYear.notice
	}
	srv, err := refserver.New(rcfg, svc)
	if err != nil {
		return err
	}
	if err := m.startCalendar(ctx, log, srv, cal); err != nil {
		return err
	}
	recoverMounts(ctx, log, svc.Data)
	ln, err := net.Listen("tcp", m.Addr)
	if err != nil {
		return err
	}
	m.mu.Lock()
	m.addr = ln.Addr().String()
	m.mu.Unlock()
	close(m.listening)

	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		// Headers past MaxHeaderBytes are answered by net/http itself,
		// before any handler runs, with a fixed plain-text "431 Request
		// Header Fields Too Large": the server has no hook to make it a
		// problem, and raising the limit to check in a handler instead
		// would only move the fixed answer to a larger size.
		MaxHeaderBytes: MaxHeaderBytes,
		ErrorLog:       slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	log.LogAttrs(ctx, slog.LevelInfo, "listening", slog.String("addr", ln.Addr().String()))
	if plain != "" {
		fmt.Fprintf(m.Stdout, "web console: %s/ (sign in with the admin token)\n", baseURL(ln.Addr().String()))
	}
	if demoYear != nil {
		// The year fills while the server answers; it stops with ctx,
		// and the database closes only after it.
		defer demoYear.run(ctx, ln.Addr().String())()
	}
	stopProbes := m.startProbes(ctx, log, ps)
	// The demo year's crawls run on a Service of its own, at the year's
	// dates: the reaper would take each for a crawl dead since then, so it
	// starts once the year is filled.
	var reapAfter <-chan struct{}
	if demoYear != nil {
		reapAfter = demoYear.filled
	}
	stopReaper := startReaper(ctx, log, ps, ReapEvery, reapAfter)

	select {
	case err := <-served:
		stopProbes()
		stopReaper()
		_ = ps.Shutdown(context.Background())
		return err
	case <-ctx.Done():
	}
	log.LogAttrs(context.Background(), slog.LevelInfo, "shutting down", slog.Duration("grace", m.ShutdownTimeout))
	sctx, cancel := context.WithTimeout(context.Background(), m.ShutdownTimeout)
	defer cancel()
	stopProbes()
	stopReaper()
	err = hs.Shutdown(sctx)
	// The crawls running in the background stop too, each recording what
	// it found so far, within the same grace.
	if perr := ps.Shutdown(sctx); perr != nil {
		log.LogAttrs(context.Background(), slog.LevelError, "portal crawls did not stop in time", slog.String("error", perr.Error()))
	}
	if err != nil {
		hs.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.LogAttrs(context.Background(), slog.LevelInfo, "stopped")
	return nil
}

// ReapEvery is how often the server ends the crawls whose process
// stopped (portal.Service.ReapCrawls): half the default stall limit, so
// that a crawl of a server that died is seen ended within 3 minutes.
const ReapEvery = portal.DefaultCrawlStall / 2

// startReaper ends, at once and then every every, the running crawls of
// any server sharing the database that stopped making progress, until ctx
// is done or the returned stop is called. With after not nil it starts
// once after is closed.
func startReaper(ctx context.Context, log *slog.Logger, ps *portal.Service, every time.Duration, after <-chan struct{}) (stop func()) {
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if after != nil {
			select {
			case <-after:
			case <-rctx.Done():
				return
			}
		}
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			cs, err := ps.ReapCrawls(rctx, govops.Actor{Name: ProbeActor})
			switch {
			case err != nil && rctx.Err() == nil:
				log.LogAttrs(rctx, slog.LevelError, "portal crawls not reaped", slog.String("error", err.Error()))
			case len(cs) > 0:
				for _, c := range cs {
					log.LogAttrs(rctx, slog.LevelWarn, "portal crawl interrupted", slog.String("crawl", c.ID.String()), slog.String("error", c.Error))
				}
			}
			select {
			case <-rctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return func() {
		cancel()
		<-done
	}
}

// ProbeActor is the name the portal's scheduled work (the availability probes of the
// sites, and the reaper of crawls whose process stopped) runs under.
const ProbeActor = "probe"

// startProbes probes every active portal site every -probe-every (none
// when it is 0) until ctx is done or the returned stop is called, which
// waits for the round under way to end.
func (m *Main) startProbes(ctx context.Context, log *slog.Logger, ps *portal.Service) (stop func()) {
	if m.ProbeEvery <= 0 {
		return func() {}
	}
	pctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		err := ps.RunProbes(pctx, govops.Actor{Name: ProbeActor}, m.ProbeEvery)
		if err != nil && pctx.Err() == nil {
			log.LogAttrs(pctx, slog.LevelError, "portal probes stopped", slog.String("error", err.Error()))
		}
	}()
	log.LogAttrs(ctx, slog.LevelInfo, "portal probes", slog.Duration("every", m.ProbeEvery))
	return func() {
		cancel()
		<-done
	}
}
