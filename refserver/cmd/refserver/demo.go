package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/internal/demo"
	"github.com/govops-kit/govops/refserver"
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
	cal, err := m.calendar()
	if err != nil {
		return err
	}
	st, err := m.open(ctx, log)
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
		diffs := compareGenerated(r, res.Figures)
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

// compareGenerated returns one line per figure generated that the report
// misses or counts otherwise, sorted by key.
func compareGenerated(r *annual.Report, figures map[string]decimal.Decimal) []string {
	keys := make([]string, 0, len(figures))
	for k := range figures {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		f, ok := r.Figure(k)
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("%s: generated %s, missing from the report", k, figures[k]))
		case !f.Value.Equal(figures[k]):
			out = append(out, fmt.Sprintf("%s (%s): report %s, generated %s", k, f.Label, f.Value, figures[k]))
		}
	}
	return out
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
