package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/term"

	"github.com/govops-kit/govops/internal/demo"
)

// progress shows the demo generator's progress: a bar redrawn on one line
// of a terminal, or log lines otherwise (one per chapter done and one
// every few seconds). Its methods are safe for the generator's
// goroutines.
type progress struct {
	bar   io.Writer    // the terminal the bar is drawn on; nil for log lines
	log   *slog.Logger // where log lines go when there is no bar
	every time.Duration
	start time.Time

	mu      sync.Mutex
	plan    []demo.Planned
	index   map[string]int
	done    []atomic.Int64
	ended   []bool
	total   int64
	drawn   bool
	stop    chan struct{}
	stopped chan struct{}
}

// barEvery and logEvery are how often the bar is redrawn and a progress
// line logged.
const (
	barEvery = 200 * time.Millisecond
	logEvery = 5 * time.Second
)

// newProgress returns the progress of a run that reports to w: a bar when
// w is a terminal, log lines on log otherwise.
func newProgress(w io.Writer, log *slog.Logger) *progress {
	p := &progress{log: log, every: logEvery, start: time.Now()}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.bar, p.every = w, barEvery
	}
	return p
}

// Plan implements demo.Progress: it starts the redraws or the periodic
// lines.
func (p *progress) Plan(chapters []demo.Planned) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.plan = chapters
	p.index = make(map[string]int, len(chapters))
	p.done = make([]atomic.Int64, len(chapters))
	p.ended = make([]bool, len(chapters))
	p.total = 0
	for i, c := range chapters {
		p.index[c.Name] = i
		p.total += c.Steps
	}
	p.start = time.Now()
	if p.stop != nil {
		return
	}
	p.stop, p.stopped = make(chan struct{}), make(chan struct{})
	go p.tick(p.stop, p.stopped)
}

// Planned returns the chapters of the plan, in the generator's order.
func (p *progress) Planned() []demo.Planned {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]demo.Planned(nil), p.plan...)
}

// Step implements demo.Progress.
func (p *progress) Step(chapter string, n int64) {
	p.mu.Lock()
	i, ok := p.index[chapter]
	p.mu.Unlock()
	if ok {
		p.done[i].Add(n)
	}
}

// Done implements demo.Progress: a line for the chapter, above the bar or
// in the log.
func (p *progress) Done(chapter string, took time.Duration, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	i, ok := p.index[chapter]
	label := chapter
	if ok {
		p.ended[i] = true
		label = p.plan[i].Label
	}
	if p.bar == nil {
		attrs := []slog.Attr{slog.String("chapter", chapter), slog.String("label", label), slog.Duration("took", took.Round(time.Millisecond))}
		if err != nil {
			p.log.LogAttrs(context.Background(), slog.LevelError, "demo chapter failed", append(attrs, slog.String("error", err.Error()))...)
			return
		}
		p.log.LogAttrs(context.Background(), slog.LevelInfo, "demo chapter done", attrs...)
		return
	}
	p.clear()
	if err != nil {
		fmt.Fprintf(p.bar, "✗ %s（%s）: %v\n", label, chapter, err)
	} else {
		fmt.Fprintf(p.bar, "✓ %s（%s）%s\n", label, chapter, fmtDuration(took))
	}
	p.draw()
}

// Close stops the redraws and ends the bar's line.
func (p *progress) Close() {
	p.mu.Lock()
	stop, stopped := p.stop, p.stopped
	p.stop = nil
	p.mu.Unlock()
	if stop == nil {
		return
	}
	close(stop)
	<-stopped
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
}

func (p *progress) tick(stop <-chan struct{}, stopped chan<- struct{}) {
	defer close(stopped)
	t := time.NewTicker(p.every)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		p.mu.Lock()
		if p.bar != nil {
			p.draw()
		} else {
			p.logLine()
		}
		p.mu.Unlock()
	}
}

// counts returns the steps done of all, the share of the run done in
// percent (each chapter's steps weighed by its Cost), and the chapters
// under way.
func (p *progress) counts() (done, pc int64, running []string) {
	var cost, spent float64
	for i, c := range p.plan {
		n := min(p.done[i].Load(), c.Steps)
		done += n
		cost += c.Cost
		switch {
		case p.ended[i] || c.Steps <= 0:
			spent += c.Cost
		default:
			spent += c.Cost * float64(n) / float64(c.Steps)
		}
		if !p.ended[i] && n > 0 {
			running = append(running, fmt.Sprintf("%s %d%%", c.Label, percent(n, c.Steps)))
		}
	}
	pc = percent(done, p.total)
	if cost > 0 {
		pc = int64(spent * 100 / cost)
	}
	return done, pc, running
}

func percent(n, of int64) int64 {
	if of <= 0 {
		return 100
	}
	return n * 100 / of
}

// logLine logs where the run is.
func (p *progress) logLine() {
	done, pc, running := p.counts()
	p.log.LogAttrs(context.Background(), slog.LevelInfo, "demo progress",
		slog.Int64("percent", pc), slog.Int64("steps", done), slog.Int64("of", p.total),
		slog.String("running", strings.Join(running, ", ")), slog.Duration("elapsed", time.Since(p.start).Round(time.Second)))
}

// barWidth is the bar's width in cells.
const barWidth = 30

// draw redraws the bar on its line. p.mu is held.
func (p *progress) draw() {
	_, pc, running := p.counts()
	fill := int(pc) * barWidth / 100
	line := fmt.Sprintf("[%s%s] %3d%%  %s  %s", strings.Repeat("█", fill), strings.Repeat("░", barWidth-fill), pc,
		fmtDuration(time.Since(p.start)), strings.Join(running, "，"))
	fmt.Fprint(p.bar, "\r\x1b[2K"+line)
	p.drawn = true
}

// clear blanks the bar's line. p.mu is held.
func (p *progress) clear() {
	if p.bar != nil && p.drawn {
		fmt.Fprint(p.bar, "\r\x1b[2K")
		p.drawn = false
	}
}

// fmtDuration shows d to the tenth of a second ("41.3s") or, past a
// minute, in minutes and seconds ("2m05s").
func fmtDuration(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
	d = d.Round(time.Second)
	return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
}

// Share returns the share of the run done, in percent (each chapter
// weighed by its Cost), and the chapters under way: what the web console
// shows while the demo year fills.
func (p *progress) Share() (pc int64, running []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.plan) == 0 {
		return 0, nil // not started
	}
	_, pc, running = p.counts()
	return pc, running
}
