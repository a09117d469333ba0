// Package demo fills an empty govops database with one district year: the
// year of the 2022 work summary by default, deterministic from a seed.
//
// Everything goes through the domain Services, wired as the reference
// server wires them, so every rule, deadline, hook and trail applies: a
// case the demo closes has its trail, its hotline outcome and its portal
// task's state exactly as if staff had worked it. The Services run on
// clocks the generator moves through the year.
//
// The generator runs in chapters (the directory; the extranet, licenses,
// data and security; the cases, the IT operations and the portal), each
// with its own random stream, so that running chapters side by side
// changes no figure.
package demo

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/sync/errgroup"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/refserver"
)

// Wire returns the domain Services over the database being filled, every
// one on the clock now (refserver.Wire over the stores, as the server
// builds them). The generator calls it once per clock.
type Wire func(now func() time.Time) refserver.Services

// Options configure Generate.
type Options struct {
	// Params is the year to generate; the zero value means
	// DefaultParams(2022).
	Params Params
	// Append adds the year to a database that already holds data. Without
	// it Generate refuses such a database (a *NotEmptyError).
	Append bool
	// Workers is how many case lifecycles run at once (1 when 0): more
	// helps PostgreSQL and MySQL; SQLite writes through one connection.
	Workers int
	// Progress receives the generator's progress; nil means none.
	Progress Progress
}

// Progress receives what the generator does. Calls may come from several
// goroutines at once.
type Progress interface {
	// Plan is called once, first, with every chapter and the steps it
	// will take.
	Plan(chapters []Planned)
	// Step reports n more steps of chapter done.
	Step(chapter string, n int64)
	// Done reports the chapter finished (err nil) or failed.
	Done(chapter string, took time.Duration, err error)
}

// Planned is a chapter and its expected steps.
type Planned struct {
	Name  string // the chapter's code: directory, netops, …
	Label string // its Chinese name
	Steps int64
	// Cost is the chapter's share of the run's time, relative to the
	// others' (the seconds it took in the default year on SQLite): a
	// progress bar weighs each chapter's steps by it, since a step of one
	// chapter (a record mounted) costs far less than one of another (a
	// case worked through its lifecycle).
	Cost float64
}

// Result is what Generate made.
type Result struct {
	Year int
	// Figures are the figures the generator made, by annual.Key*: what the
	// annual report must count from the stored data.
	Figures map[string]decimal.Decimal
	// Took is how long each chapter ran, by chapter name, and Total the
	// whole run.
	Took  map[string]time.Duration
	Total time.Duration
}

// NotEmptyError is Generate's refusal of a database that holds data.
type NotEmptyError struct {
	Departments int // departments in the directory (at least)
	Cases       int // cases on the command platform (at least)
}

func (e *NotEmptyError) Error() string {
	return fmt.Sprintf("the database already holds data (%d+ departments, %d+ cases): the demo year fills an empty database; add it to this one only on purpose (Options.Append, refserver demo -add)", e.Departments, e.Cases)
}

// chapter is one part of the year.
type chapter struct {
	name  string
	label string
	phase int // chapters of a phase run side by side, after every chapter of the phases before
	cost  float64
	steps func(p Params) int64
	run   func(ctx context.Context, g *Gen) error
}

// chapters lists every chapter. Each lives in its own file.
func chapters() []chapter {
	return []chapter{
		{name: "directory", cost: 0.1, label: "部门目录", phase: 1, steps: directorySteps, run: runDirectory},
		{name: "netops", cost: 6, label: "电子政务外网", phase: 2, steps: netopsSteps, run: runNetops},
		{name: "license", cost: 4, label: "电子证照", phase: 2, steps: licenseSteps, run: runLicense},
		{name: "data", cost: 9, label: "政务数据共享", phase: 2, steps: dataSteps, run: runData},
		{name: "security", cost: 0.3, label: "网络安全", phase: 2, steps: securitySteps, run: runSecurity},
		{name: "cases", cost: 55, label: "综合指挥平台与12345热线", phase: 3, steps: casesSteps, run: runCases},
		{name: "itops", cost: 30, label: "信息化运维", phase: 3, steps: itopsSteps, run: runITOps},
		{name: "portal", cost: 15, label: "门户网站与政务新媒体", phase: 3, steps: portalSteps, run: runPortal},
	}
}

// Gen is the generator as a chapter sees it.
type Gen struct {
	// P is the year's shape.
	P    Params
	wire Wire
	o    Options
	cal  *govops.Calendar

	mu      sync.Mutex
	figures map[string]decimal.Decimal
	depts   []Dept
	byName  map[string]Dept
}

// Dept is a department the directory chapter made.
type Dept struct {
	Code   string
	Name   string
	Kind   directory.Kind
	Parent string
	Zone   directory.Zone
}

// Generate fills the database behind wire with the year o.Params
// describes, and returns the figures it made.
func Generate(ctx context.Context, wire Wire, o Options) (*Result, error) {
	if o.Params.Year == 0 {
		o.Params = DefaultParams(2022)
	}
	o.Workers = max(o.Workers, 1)
	g := &Gen{P: o.Params, wire: wire, o: o, figures: map[string]decimal.Decimal{}, byName: map[string]Dept{}}
	probe := wire(time.Now)
	g.cal = probe.Calendar
	if g.cal == nil {
		g.cal = probe.Cases.Calendar()
	}
	if !o.Append {
		if err := checkEmpty(ctx, probe); err != nil {
			return nil, err
		}
	}
	chs := chapters()
	plan := make([]Planned, len(chs))
	for i, c := range chs {
		plan[i] = Planned{Name: c.name, Label: c.label, Steps: c.steps(g.P), Cost: c.cost}
	}
	if o.Progress != nil {
		o.Progress.Plan(plan)
	}
	res := &Result{Year: g.P.Year, Took: map[string]time.Duration{}}
	var tookMu sync.Mutex
	start := time.Now()
	for phase := 1; phase <= 3; phase++ {
		eg, ectx := errgroup.WithContext(ctx)
		for _, c := range chs {
			if c.phase != phase {
				continue
			}
			eg.Go(func() error {
				t0 := time.Now()
				err := c.run(ectx, g)
				took := time.Since(t0)
				tookMu.Lock()
				res.Took[c.name] = took
				tookMu.Unlock()
				if o.Progress != nil {
					o.Progress.Done(c.name, took, err)
				}
				if err != nil {
					return fmt.Errorf("demo: %s: %w", c.name, err)
				}
				return nil
			})
		}
		if err := eg.Wait(); err != nil {
			return nil, err
		}
	}
	res.Total = time.Since(start)
	res.Figures = g.Figures()
	return res, nil
}

// checkEmpty refuses a database with a department or a case.
func checkEmpty(ctx context.Context, svc refserver.Services) error {
	by := govops.Actor{Name: "demo", ReadOnly: true}
	deps, err := svc.Departments.List(ctx, by, directory.ListInput{Limit: 1})
	if err != nil {
		return fmt.Errorf("demo: read the directory: %w", err)
	}
	cases, err := svc.Cases.List(ctx, by, govcase.ListInput{Limit: 1})
	if err != nil {
		return fmt.Errorf("demo: read the cases: %w", err)
	}
	if len(deps.Items) > 0 || len(cases.Items) > 0 {
		return &NotEmptyError{Departments: len(deps.Items), Cases: len(cases.Items)}
	}
	return nil
}

// IsNotEmpty reports whether err is Generate's refusal of a database that
// holds data.
func IsNotEmpty(err error) bool {
	var ne *NotEmptyError
	return errors.As(err, &ne)
}

// Services returns the domain Services on clock c. Each worker of a
// chapter keeps its own clock and Services.
func (g *Gen) Services(c *Clock) refserver.Services { return g.wire(c.Now) }

// Calendar is the working-day calendar the Services count on.
func (g *Gen) Calendar() *govops.Calendar { return g.cal }

// Workdays returns the working days of the year on the calendar, each at
// midnight in Asia/Shanghai, in order; an error when the calendar does not
// know the year.
func (g *Gen) Workdays() ([]time.Time, error) {
	var out []time.Time
	for d := time.Date(g.P.Year, 1, 1, 0, 0, 0, 0, Shanghai); d.Year() == g.P.Year; d = d.AddDate(0, 0, 1) {
		ok, err := g.Calendar().IsWorkday(d)
		if err != nil {
			return nil, fmt.Errorf("the calendar of %d: %w", g.P.Year, err)
		}
		if ok {
			out = append(out, d)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("the calendar of %d has no working day", g.P.Year)
	}
	return out, nil
}

// Workers is how many case lifecycles may run at once.
func (g *Gen) Workers() int { return g.o.Workers }

// Append reports whether the year is added to a database holding data:
// a chapter then reuses what exists under the codes it would create.
func (g *Gen) Append() bool { return g.o.Append }

// Rand returns the random stream of name (a chapter, or a chapter and
// an item): the same for the same Seed and name, whatever ran before.
func (g *Gen) Rand(name string, item int) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(name))
	return rand.New(rand.NewPCG(uint64(g.P.Seed), h.Sum64()^uint64(item)*0x9E3779B97F4A7C15))
}

// Step reports n steps of chapter done.
func (g *Gen) Step(chapter string, n int64) {
	if g.o.Progress != nil && n > 0 {
		g.o.Progress.Step(chapter, n)
	}
}

// Set records the figure key (an annual.Key*) as v.
func (g *Gen) Set(key string, v decimal.Decimal) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.figures[key] = v
}

// Add adds n to the figure key.
func (g *Gen) Add(key string, n int64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.figures[key] = g.figures[key].Add(decimal.NewFromInt(n))
}

// Figures returns a copy of the figures recorded so far.
func (g *Gen) Figures() map[string]decimal.Decimal {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make(map[string]decimal.Decimal, len(g.figures))
	for k, v := range g.figures {
		out[k] = v
	}
	return out
}

// SetDepartments records the departments the directory chapter made.
func (g *Gen) SetDepartments(ds []Dept) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.depts = append([]Dept(nil), ds...)
	clear(g.byName)
	for _, d := range ds {
		g.byName[d.Name] = d
	}
}

// Departments returns the departments the directory chapter made, in its
// order.
func (g *Gen) Departments() []Dept {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]Dept(nil), g.depts...)
}

// Department returns the department named name.
func (g *Gen) Department(name string) (Dept, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	d, ok := g.byName[name]
	return d, ok
}

// Each runs fn for every item in [0, n) on g.Workers() workers, each with
// its own clock and Services, and stops at the first error. Items are
// handed out in order; an item's randomness should come from
// g.Rand(name, i) so that it does not depend on the worker.
func (g *Gen) Each(ctx context.Context, n int, fn func(ctx context.Context, w *Worker, i int) error) error {
	var next atomic.Int64
	eg, ectx := errgroup.WithContext(ctx)
	for range min(g.Workers(), max(n, 1)) {
		eg.Go(func() error {
			c := NewClock(time.Date(g.P.Year, 1, 1, 0, 0, 0, 0, time.UTC))
			w := &Worker{Clock: c, Svc: g.Services(c)}
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return nil
				}
				if err := ectx.Err(); err != nil {
					return err
				}
				if err := fn(ectx, w, i); err != nil {
					return fmt.Errorf("item %d: %w", i, err)
				}
			}
		})
	}
	return eg.Wait()
}

// Worker is one of Each's workers: a clock and the Services on it.
type Worker struct {
	Clock *Clock
	Svc   refserver.Services
}

// Clock is a settable clock for the Services of one worker.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock reading t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Shanghai is the time zone the center works in.
var Shanghai = govops.ShanghaiLocation()
