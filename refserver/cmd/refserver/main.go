// Command refserver runs the govops reference server: the HTTP API over the
// command-platform cases, the 12345 hotline assessment, the department
// directory, the electronic-license catalog, the data resource catalog, the
// extranet and its operations, the network security records, the
// supervision of the government websites and new media and the API
// tokens, on SQLite (default), PostgreSQL or MySQL.
//
//	refserver [flags] [serve]              run the server (the default)
//	refserver [flags] migrate              create or upgrade the tables, then exit
//	refserver [flags] token create -name N -role admin|dept|viewer [-dept CODE]
//	refserver [flags] token list
//	refserver [flags] token revoke ID
//	refserver [flags] department create -code CODE -name NAME -kind KIND [-parent CODE] [-zone ZONE]
//	refserver [flags] department import -file FILE|- [-mode all-or-nothing|keep-good]
//	refserver [flags] department list
//	refserver [flags] demo [-year 2022] [-seed N] [-scale F] [-add] [-workers N]
//	refserver [flags] report -year 2022 [-format json|markdown|html] [-dept CODE]
//	refserver [flags] repair-stats [-check]
//	refserver password-check [-min-length N] [-min-classes N] [-min-score N] [-blocklist FILE]
//
// demo fills an empty database with one district year (2022 by default,
// the year of the centre's 2022 work summary), deterministic from -seed,
// through the domain Services; -scale shrinks its volumes, -add adds it to
// a database that holds data, -workers runs that many case lifecycles at
// once (1 on SQLite, 8 on PostgreSQL and MySQL by default). It shows its
// progress on standard error (a bar on a terminal), then prints each
// chapter's time and how the annual report compares with the 2022 work
// summary. report prints the annual report of -year: Markdown by default,
// or JSON or a print-ready HTML page, for the whole district or, with
// -dept, as that department sees it.
//
// serve -demo runs the server on a demo database (govops-demo.db in the
// working directory unless -db names one): an empty one is filled with the
// demo year in the background while the server already listens (/readyz
// answers 503 until it is filled). It prints a fresh admin token at every
// start and, once the year is there, the report's URLs and how it compares
// with the 2022 work summary.
//
// repair-stats recomputes every summary the stores keep (the counts per
// year, month, kind, status and department that statistics and
// dashboards read) from the records themselves, prints each summary with
// the groups whose stored counts differed, and replaces the stored rows
// where they differ. With -check it changes nothing and exits 1 when any
// summary differs. The server may run meanwhile.
//
// password-check reads one password from standard input (without echo on a
// terminal, else its first line) and prints the verdict of the password
// policy (security.CheckPassword), never the password: it exits 0 when the
// password passes, 1 when it fails, 2 on a usage error. No endpoint of the
// server ever receives a password.
//
// Flags (each also read from the environment variable named in brackets):
//
//	-addr ADDR          listen address [GOVOPS_ADDR] (default :8080)
//	-db DSN             SQLite file, postgres://… or mysql://… [GOVOPS_DB] (default govops.db)
//	-log-format F       json or text [GOVOPS_LOG_FORMAT] (default json)
//	-log-level L        debug, info, warn or error [GOVOPS_LOG_LEVEL] (default info)
//	-calendar FILE      calendar table: notices lunar-go lacks, district overrides [GOVOPS_CALENDAR]
//	-home-district NAME the district assessed, marked in peer rankings, e.g. 柳北区 [GOVOPS_HOME_DISTRICT]
//	-max-mount-bytes N  the largest file mounted into a data catalog entry, e.g. 1GiB or 64MiB [GOVOPS_MAX_MOUNT_BYTES] (default 1GiB)
//	-shutdown-timeout D how long in-flight requests may finish on SIGINT/SIGTERM (default 15s)
//	-probe-every D      how often every active portal site's home page is probed for availability; 0 turns it off (default 10m)
//	-demo               serve the demo year (see above); demo, report and -demo default -home-district to 柳北区
//	-group-commit       on SQLite, commit the writes of concurrent requests together (package
//	                    dbopen/groupcommit), each answered after its COMMIT; false commits each
//	                    alone [GOVOPS_GROUP_COMMIT] (default true)
//	-portal-allow-private
//	                    let portal crawls and probes reach loopback and private addresses (default off, so
//	                    that the API cannot be used to scan the server's own network: turn it on for intranet sites)
//
// On its first start against an empty database the server prints a one-time
// admin token to standard output.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/datashare/datasharebun"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/internal/demo"
	"github.com/govops-kit/govops/netops/netopsbun"
	"github.com/govops-kit/govops/portal/portalbun"
	"github.com/govops-kit/govops/refserver/datashareapi"
	"github.com/govops-kit/govops/security/securitybun"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Exec(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// Exec runs the program on the command line args (without the program's
// name), with the process's standard streams, and returns its exit
// status: 0, 1 when the command fails (a password that fails
// password-check included), 2 on a usage error.
func Exec(ctx context.Context, args []string) int {
	m := NewMain()
	err := m.ParseFlags(ctx, args)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(m.Stderr, "refserver:", err)
		return 2
	}
	err = m.Run(ctx)
	if cerr := m.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintln(m.Stderr, "refserver:", err)
		return 1
	}
	return 0
}

// Main is the program: its flags, its database and its HTTP server. Tests
// run it in-process on port 0 with a temporary SQLite file.
type Main struct {
	// Stdin is where password-check reads the password (os.Stdin unless
	// set). Stdout receives what the user asked for (tokens, listings);
	// Stderr receives logs and usage.
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer

	// Now is the clock of the services; nil means time.Now. Tests set a
	// fixed clock so that deadlines fall in years the calendar covers.
	Now func() time.Time

	Addr            string
	DSN             string
	LogFormat       string
	LogLevel        string
	CalendarFile    string
	HomeDistrict    string
	ShutdownTimeout time.Duration
	// MaxMountBytes bounds the body of a mount into a data catalog entry
	// (datashareapi.DefaultMaxMountBytes unless set).
	MaxMountBytes int64
	mountEnvErr   error // GOVOPS_MAX_MOUNT_BYTES did not parse
	// ProbeEvery is how often the portal probes every active site's home
	// page (DefaultProbeEvery unless set); 0 turns the probes off.
	ProbeEvery time.Duration
	// GroupCommit serves a SQLite database with group commit
	// (dbopen.OpenGrouped): concurrent writes share one COMMIT. On by
	// default; -group-commit=false or GOVOPS_GROUP_COMMIT=false turns it
	// off. Other commands, and PostgreSQL and MySQL, open the database
	// plainly.
	GroupCommit bool
	groupEnvErr error // GOVOPS_GROUP_COMMIT did not parse
	// PortalAllowPrivate lets portal crawls and probes reach loopback and
	// private addresses (portal.WithPrivateTargets). Off by default, so
	// that the API cannot be used to scan the server's own network.
	PortalAllowPrivate bool

	cmd  string   // serve, migrate, token create|list|revoke, department create|import|list
	args []string // the command's own arguments after its flags

	tokenName string
	tokenRole string
	tokenDept string
	checkOnly bool // repair-stats -check

	// zone is the calendar's, once openWithCalendar has built it: the
	// zone of the case summary's months (nil before: the default zone).
	zone *time.Location

	dept     directory.CreateInput // department create
	deptFile string                // department import: the CSV file, "-" for standard input
	deptMode string                // department import: all-or-nothing or keep-good

	pw passwordCheck // password-check

	demo   demoFlags   // demo
	report reportFlags // report

	// Demo serves the demo year (serve -demo).
	Demo bool
	// DemoScale shrinks the year serve -demo fills (demo.Params.Scaled);
	// 0 means the full year. Tests set it.
	DemoScale float64
	dsnGiven  bool // -db or GOVOPS_DB named the database

	db        *bun.DB
	data      *datasharebun.Store
	netops    *netopsbun.Store
	sec       *securitybun.Store
	portal    *portalbun.Store
	closeOnce sync.Once

	mu        sync.Mutex
	addr      string
	listening chan struct{}
}

// NewMain returns a Main with defaults from the environment.
func NewMain() *Main {
	m := &Main{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Addr: envOr("GOVOPS_ADDR", ":8080"), DSN: envOr("GOVOPS_DB", "govops.db"),
		LogFormat: envOr("GOVOPS_LOG_FORMAT", "json"), LogLevel: envOr("GOVOPS_LOG_LEVEL", "info"),
		CalendarFile: os.Getenv("GOVOPS_CALENDAR"), HomeDistrict: os.Getenv("GOVOPS_HOME_DISTRICT"),
		ShutdownTimeout: 15 * time.Second, listening: make(chan struct{}),
		MaxMountBytes: datashareapi.DefaultMaxMountBytes, ProbeEvery: DefaultProbeEvery,
		dsnGiven: os.Getenv("GOVOPS_DB") != "",
	}
	m.GroupCommit = true
	if v := os.Getenv("GOVOPS_GROUP_COMMIT"); v != "" {
		on, err := strconv.ParseBool(v)
		if err != nil {
			m.groupEnvErr = fmt.Errorf("GOVOPS_GROUP_COMMIT must be true or false, not %q", v)
		}
		m.GroupCommit = on && err == nil
	}
	if v := os.Getenv("GOVOPS_MAX_MOUNT_BYTES"); v != "" {
		n, err := parseBytes(v)
		if err != nil {
			m.mountEnvErr = fmt.Errorf("GOVOPS_MAX_MOUNT_BYTES: %w", err)
		}
		m.MaxMountBytes = n
	}
	return m
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

const usage = `usage:
  refserver [flags] [serve]
  refserver [flags] migrate
  refserver [flags] token create -name NAME -role admin|dept|viewer [-dept CODE]
  refserver [flags] token list
  refserver [flags] token revoke ID
  refserver [flags] department create -code CODE -name NAME -kind KIND [-parent CODE] [-zone ZONE]
  refserver [flags] department import -file FILE|- [-mode all-or-nothing|keep-good]
  refserver [flags] department list
  refserver [flags] demo [-year 2022] [-seed N] [-scale F] [-add] [-workers N]
  refserver [flags] report -year 2022 [-format json|markdown|html] [-dept CODE]
  refserver [flags] repair-stats [-check]
  refserver password-check [-min-length N] [-min-classes N] [-min-score N] [-blocklist FILE] < password
`

// common registers the flags every command takes, defaulting to what is
// already set, so that they may stand before or after the command name.
func (m *Main) common(fs *flag.FlagSet, serve bool) {
	fs.StringVar(&m.DSN, "db", m.DSN, "SQLite file, postgres://… or mysql://… DSN [GOVOPS_DB]")
	fs.StringVar(&m.LogFormat, "log-format", m.LogFormat, "log format: json or text [GOVOPS_LOG_FORMAT]")
	fs.StringVar(&m.LogLevel, "log-level", m.LogLevel, "log level: debug, info, warn or error [GOVOPS_LOG_LEVEL]")
	if serve {
		fs.StringVar(&m.Addr, "addr", m.Addr, "listen address [GOVOPS_ADDR]")
		fs.StringVar(&m.CalendarFile, "calendar", m.CalendarFile, "calendar table file: notices lunar-go lacks, district overrides [GOVOPS_CALENDAR]")
		fs.StringVar(&m.HomeDistrict, "home-district", m.HomeDistrict, "the district assessed, marked in peer rankings [GOVOPS_HOME_DISTRICT]")
		fs.DurationVar(&m.ShutdownTimeout, "shutdown-timeout", m.ShutdownTimeout, "grace period for in-flight requests on shutdown")
		fs.Var((*byteSize)(&m.MaxMountBytes), "max-mount-bytes", "the largest `size` of a file mounted into a data catalog entry, e.g. 1GiB or 64MiB [GOVOPS_MAX_MOUNT_BYTES]")
		fs.DurationVar(&m.ProbeEvery, "probe-every", m.ProbeEvery, "how often every active portal site's home page is probed; 0 turns it off")
		fs.BoolVar(&m.PortalAllowPrivate, "portal-allow-private", m.PortalAllowPrivate, "let portal crawls and probes reach loopback and private addresses")
		fs.BoolVar(&m.GroupCommit, "group-commit", m.GroupCommit, "on SQLite, commit concurrent writes together; false commits each alone [GOVOPS_GROUP_COMMIT]")
		fs.BoolVar(&m.Demo, "demo", m.Demo, "serve the demo year on "+DemoDB+" (unless -db is given), filling it first when it is empty")
	}
}

// domainFlags registers the flags of the commands that run the domain
// Services without serving them (demo, report).
func (m *Main) domainFlags(fs *flag.FlagSet) {
	fs.StringVar(&m.CalendarFile, "calendar", m.CalendarFile, "calendar table file: notices lunar-go lacks, district overrides [GOVOPS_CALENDAR]")
	fs.StringVar(&m.HomeDistrict, "home-district", m.HomeDistrict, "the district assessed, marked in peer rankings (default "+DemoHomeDistrict+") [GOVOPS_HOME_DISTRICT]")
}

// noteDB records whether fs set -db.
func (m *Main) noteDB(fs *flag.FlagSet) {
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "db" {
			m.dsnGiven = true
		}
	})
}

func (m *Main) flagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprint(m.Stderr, usage, "\nflags of ", name, ":\n")
		fs.PrintDefaults()
	}
	return fs
}

// ParseFlags reads the command line: global flags, the command and its own
// flags. It returns flag.ErrHelp after printing usage for -h.
func (m *Main) ParseFlags(_ context.Context, args []string) error {
	fs := m.flagSet("refserver")
	m.common(fs, true)
	if err := fs.Parse(args); err != nil {
		return err
	}
	m.noteDB(fs)
	rest := fs.Args()
	if len(rest) == 0 {
		m.cmd = "serve"
		return m.validate()
	}
	switch rest[0] {
	case "serve", "migrate":
		m.cmd = rest[0]
		sub := m.flagSet(rest[0])
		m.common(sub, rest[0] == "serve")
		if err := sub.Parse(rest[1:]); err != nil {
			return err
		}
		m.noteDB(sub)
		if sub.NArg() > 0 {
			return fmt.Errorf("%s takes no arguments, got %q", rest[0], sub.Args())
		}
	case "demo":
		if err := m.parseDemo(rest[1:]); err != nil {
			return err
		}
	case "report":
		if err := m.parseReport(rest[1:]); err != nil {
			return err
		}
	case "token":
		if len(rest) < 2 {
			return fmt.Errorf("token needs a command: create, list or revoke\n%s", usage)
		}
		m.cmd = "token " + rest[1]
		sub := m.flagSet(m.cmd)
		m.common(sub, false)
		switch rest[1] {
		case "create":
			sub.StringVar(&m.tokenName, "name", "", "who holds the token (recorded in the case trail)")
			sub.StringVar(&m.tokenRole, "role", "", "admin, dept or viewer")
			sub.StringVar(&m.tokenDept, "dept", "", "department code (dept tokens only)")
		case "list", "revoke":
		default:
			return fmt.Errorf("unknown token command %q: use create, list or revoke", rest[1])
		}
		if err := sub.Parse(rest[2:]); err != nil {
			return err
		}
		m.args = sub.Args()
		switch {
		case rest[1] == "revoke" && len(m.args) != 1:
			return errors.New("token revoke needs exactly one token ID")
		case rest[1] != "revoke" && len(m.args) > 0:
			return fmt.Errorf("token %s takes no arguments, got %q", rest[1], m.args)
		}
	case "department":
		if err := m.parseDepartment(rest[1:]); err != nil {
			return err
		}
	case "password-check":
		if err := m.parsePasswordCheck(rest[1:]); err != nil {
			return err
		}
	case "repair-stats":
		m.cmd = rest[0]
		sub := m.flagSet(rest[0])
		m.common(sub, false)
		sub.BoolVar(&m.checkOnly, "check", false, "report the differences without repairing them; exit 1 when there are any")
		if err := sub.Parse(rest[1:]); err != nil {
			return err
		}
		m.noteDB(sub)
		if sub.NArg() > 0 {
			return fmt.Errorf("repair-stats takes no arguments, got %q", sub.Args())
		}
	default:
		return fmt.Errorf("unknown command %q\n%s", rest[0], usage)
	}
	return m.validate()
}

// parseDepartment reads "department create|import|list" and its flags.
func (m *Main) parseDepartment(args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("department needs a command: create, import or list\n%s", usage)
	}
	m.cmd = "department " + args[0]
	sub := m.flagSet(m.cmd)
	m.common(sub, false)
	switch args[0] {
	case "create":
		sub.StringVar(&m.dept.Code, "code", "", "department code, e.g. yuejin: letters, digits, '.', '_' or '-'; unique regardless of letter case")
		sub.StringVar(&m.dept.Name, "name", "", "department name, e.g. 跃进街道")
		sub.StringVar((*string)(&m.dept.Kind), "kind", "", "department, township, village or community")
		sub.StringVar(&m.dept.Parent, "parent", "", "code of the unit above it, e.g. a village's township (optional)")
		sub.StringVar((*string)(&m.dept.Zone), "zone", "", "building (行政大楼), urban (城区) or suburban (郊区) (optional)")
	case "import":
		sub.StringVar(&m.deptFile, "file", "", "the CSV file of departments, UTF-8 or GB18030; - for standard input")
		sub.StringVar(&m.deptMode, "mode", "", "all-or-nothing (the default) or keep-good")
	case "list":
	default:
		return fmt.Errorf("unknown department command %q: use create, import or list", args[0])
	}
	if err := sub.Parse(args[1:]); err != nil {
		return err
	}
	if sub.NArg() > 0 {
		return fmt.Errorf("department %s takes no arguments, got %q", args[0], sub.Args())
	}
	if args[0] == "import" && m.deptFile == "" {
		return errors.New("-file: is required: the CSV file of departments, or - for standard input")
	}
	return nil
}

// parseDemo reads "demo" and its flags.
func (m *Main) parseDemo(args []string) error {
	m.cmd = "demo"
	sub := m.flagSet("demo")
	m.common(sub, false)
	m.domainFlags(sub)
	m.demo = demoFlags{year: DemoYear}
	sub.IntVar(&m.demo.year, "year", m.demo.year, "the year generated")
	sub.Int64Var(&m.demo.seed, "seed", demo.DefaultParams(DemoYear).Seed, "the seed: the same seed makes the same year")
	sub.Float64Var(&m.demo.scale, "scale", 1, "the share of the year's volumes generated, e.g. 0.1 (departments, catalogs and accounts stay whole)")
	sub.BoolVar(&m.demo.add, "add", false, "add the year to a database that already holds data")
	sub.IntVar(&m.demo.workers, "workers", 0, "case lifecycles run at once (default 1 on SQLite, 8 on PostgreSQL and MySQL)")
	if err := sub.Parse(args); err != nil {
		return err
	}
	if sub.NArg() > 0 {
		return fmt.Errorf("demo takes no arguments, got %q", sub.Args())
	}
	switch {
	case m.demo.year < annual.MinYear || m.demo.year > annual.MaxYear:
		return fmt.Errorf("-year must be a year from %d to %d, not %d", annual.MinYear, annual.MaxYear, m.demo.year)
	case !(m.demo.scale > 0 && m.demo.scale <= 1):
		return fmt.Errorf("-scale must be above 0 and at most 1, not %g", m.demo.scale)
	case m.demo.workers < 0 || m.demo.workers > 64:
		return fmt.Errorf("-workers must be from 1 to 64, not %d", m.demo.workers)
	}
	return nil
}

// parseReport reads "report" and its flags.
func (m *Main) parseReport(args []string) error {
	m.cmd = "report"
	sub := m.flagSet("report")
	m.common(sub, false)
	m.domainFlags(sub)
	sub.IntVar(&m.report.year, "year", 0, "the calendar year reported, e.g. 2022 (required)")
	sub.StringVar(&m.report.format, "format", "markdown", "json, markdown or html")
	sub.StringVar(&m.report.dept, "dept", "", "print the report of this department's code, as its read-only actor sees it")
	if err := sub.Parse(args); err != nil {
		return err
	}
	if sub.NArg() > 0 {
		return fmt.Errorf("report takes no arguments, got %q", sub.Args())
	}
	switch {
	case m.report.year == 0:
		return errors.New("-year: is required: the calendar year reported, e.g. -year 2022")
	case m.report.year < annual.MinYear || m.report.year > annual.MaxYear:
		return fmt.Errorf("-year must be a year from %d to %d, not %d", annual.MinYear, annual.MaxYear, m.report.year)
	}
	switch m.report.format {
	case "json", "markdown", "html":
	default:
		return fmt.Errorf("-format must be json, markdown or html, not %q", m.report.format)
	}
	return nil
}

func (m *Main) validate() error {
	if m.mountEnvErr != nil {
		return m.mountEnvErr
	}
	if m.groupEnvErr != nil {
		return m.groupEnvErr
	}
	if m.LogFormat != "json" && m.LogFormat != "text" {
		return fmt.Errorf("-log-format must be json or text, not %q", m.LogFormat)
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(m.LogLevel)); err != nil {
		return fmt.Errorf("-log-level must be debug, info, warn or error, not %q", m.LogLevel)
	}
	if strings.TrimSpace(m.DSN) == "" {
		return errors.New("-db must name a SQLite file or a postgres:// or mysql:// DSN")
	}
	if m.ProbeEvery != 0 && m.ProbeEvery < MinProbeEvery {
		return fmt.Errorf("-probe-every must be 0 (off) or at least %v, not %v", MinProbeEvery, m.ProbeEvery)
	}
	return nil
}

// DefaultProbeEvery is how often the server probes every active portal
// site unless -probe-every says otherwise: often enough that a week holds
// about a thousand probes a site, whose 5% is the availability veto.
const DefaultProbeEvery = 10 * time.Minute

// MinProbeEvery is the shortest -probe-every: probes are a GET of every
// site's home page each round, not a load test.
const MinProbeEvery = 10 * time.Second

func (m *Main) logger() *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(m.LogLevel))
	opts := &slog.HandlerOptions{Level: lvl}
	if m.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(m.Stderr, opts))
	}
	return slog.New(slog.NewJSONHandler(m.Stderr, opts))
}

func (m *Main) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}

// Run runs the command. For serve it blocks until ctx is cancelled, then
// shuts the server down gracefully and returns nil.
func (m *Main) Run(ctx context.Context) error {
	switch m.cmd {
	case "", "serve":
		return m.serve(ctx)
	case "migrate":
		return m.migrate(ctx)
	case "token create":
		return m.tokenCreate(ctx)
	case "token list":
		return m.tokenList(ctx)
	case "token revoke":
		return m.tokenRevoke(ctx)
	case "department create":
		return m.departmentCreate(ctx)
	case "department import":
		return m.departmentImport(ctx)
	case "department list":
		return m.departmentList(ctx)
	case "password-check":
		return m.passwordCheckRun()
	case "demo":
		return m.demoRun(ctx)
	case "report":
		return m.reportRun(ctx)
	case "repair-stats":
		return m.repairStats(ctx)
	}
	return fmt.Errorf("unknown command %q", m.cmd)
}

// Listening is closed once the server is bound to its address.
func (m *Main) Listening() <-chan struct{} { return m.listening }

// BoundAddr returns the address the server is bound to ("127.0.0.1:41234"), or
// "" before Listening is closed.
func (m *Main) BoundAddr() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.addr
}

// Close closes the database. It is safe to call more than once.
func (m *Main) Close() error {
	var err error
	m.closeOnce.Do(func() {
		if m.data != nil {
			_ = m.data.Close() // its prepared statements; the database closes them anyway
		}
		if m.netops != nil {
			_ = m.netops.Close()
		}
		if m.sec != nil {
			_ = m.sec.Close()
		}
		if m.portal != nil {
			_ = m.portal.Close()
		}
		if m.db != nil {
			err = m.db.Close()
		}
	})
	return err
}
