package storetest

import (
	"math/rand"
	"testing"
	"time"

	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// fixtureDepartments are the department codes of generated cases: lower-case
// ASCII of one length, so that every collation orders them as bytes do.
func fixtureDepartments() []string { return []string{"dept01", "dept02", "dept03", "dept04"} }

// fixtureKinds are the kinds of generated cases.
func fixtureKinds() []govcase.Kind {
	return []govcase.Kind{govcase.KindHotline, govcase.KindITOps, govcase.KindPlatformOps, govcase.KindPortal, govcase.KindSupervision}
}

// generator makes random but internally consistent cases: the times a case
// carries are the ones its status implies.
type generator struct {
	tb   testing.TB
	rng  *rand.Rand
	seqs map[int]int64
}

func newGenerator(tb testing.TB, seed int64) *generator {
	return &generator{tb: tb, rng: rand.New(rand.NewSource(seed)), seqs: map[int]int64{}}
}

func (g *generator) pick(n int) int { return g.rng.Intn(n) }

// seconds returns a random duration of whole seconds in [lo, hi).
func (g *generator) seconds(lo, hi time.Duration) time.Duration {
	return lo + time.Duration(g.rng.Int63n(int64((hi-lo)/time.Second)))*time.Second
}

// micros returns a random sub-second duration of whole microseconds.
func (g *generator) micros() time.Duration {
	return time.Duration(g.rng.Int63n(1_000_000)) * time.Microsecond
}

// next returns a case of year. DispatchedAt and RepliedAt are whole seconds,
// so that the handling time of CaseStats does not depend on how a database
// rounds a difference of times; every other time has microseconds.
func (g *generator) next(year int) *govcase.Case {
	g.seqs[year]++
	statuses := govcase.AllStatuses()
	cats := govcase.CommonCategories()
	prios := []govcase.Priority{govcase.PriorityNormal, govcase.PriorityUrgent, govcase.PriorityCritical}
	sources := []govcase.Source{govcase.SourcePhone, govcase.SourceWeb, govcase.SourceApp, govcase.SourceWeChat, govcase.SourceOpen311, govcase.SourceInternal}
	depts := fixtureDepartments()
	kinds := fixtureKinds()

	created := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Add(g.seconds(0, 360*24*time.Hour) + g.micros())
	c := &govcase.Case{
		ID:        storetestkit.NewID(g.tb),
		Number:    govcase.FormatNumber(year, g.seqs[year]),
		Year:      year,
		Kind:      kinds[g.pick(len(kinds))],
		Category:  cats[g.pick(len(cats))],
		Priority:  prios[g.pick(len(prios))],
		Source:    sources[g.pick(len(sources))],
		Title:     "事项",
		Status:    statuses[g.pick(len(statuses))],
		CreatedAt: created,
		UpdatedAt: created,
		Version:   1,
	}
	if g.pick(2) == 0 {
		c.ExternalNo = "GD" + govcase.FormatNumber(year, int64(g.pick(900000)+100000))
	}
	stage := 0 // 0 registered, 1 dispatched, 2 accepted, 3 replied, 4 closed
	switch c.Status {
	case govcase.StatusDispatched, govcase.StatusReturned:
		stage = 1
	case govcase.StatusAccepted:
		stage = 2
	case govcase.StatusReplied:
		stage = 3
	case govcase.StatusClosed:
		stage = 4
	case govcase.StatusCancelled:
		stage = g.pick(2)
	}
	if stage >= 1 {
		c.Department = depts[g.pick(len(depts))]
		c.DispatchedAt = created.Truncate(time.Second).Add(g.seconds(time.Minute, 48*time.Hour))
		c.AcceptBy = c.DispatchedAt.Add(2 * time.Hour)
		c.ResolveBy = c.DispatchedAt.Add(g.seconds(3*24*time.Hour, 13*24*time.Hour) + g.micros())
		c.UpdatedAt = c.DispatchedAt
		if c.Status == govcase.StatusReturned {
			c.ReturnCount = 1 + g.pick(2)
		}
	}
	if stage >= 2 {
		c.AcceptedAt = c.DispatchedAt.Add(g.seconds(time.Minute, 4*time.Hour) + g.micros())
		c.UpdatedAt = c.AcceptedAt
	}
	if stage >= 3 {
		c.RepliedAt = c.AcceptedAt.Truncate(time.Second).Add(g.seconds(time.Hour, 16*24*time.Hour))
		c.Reply = "已办理"
		c.UpdatedAt = c.RepliedAt
	}
	if stage >= 4 {
		c.ClosedAt = c.RepliedAt.Add(g.seconds(time.Hour, 72*time.Hour) + g.micros())
		c.UpdatedAt = c.ClosedAt
	}
	c.UrgeCount = g.pick(3)
	return c
}

// cases returns n cases spread over 2021, 2022 and 2023.
func (g *generator) cases(n int) []*govcase.Case {
	out := make([]*govcase.Case, n)
	for i := range out {
		out[i] = g.next(2021 + g.pick(3))
	}
	return out
}
