package hotline_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/hotline/hotlinemem"
)

// clock is a settable time source safe for concurrent use.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// shanghai returns a wall-clock time in Asia/Shanghai.
func shanghai(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, govops.ShanghaiLocation())
}

// MustOpenService returns a Service over a fresh hotlinemem store, with a
// clock set to Monday 2022-09-05 10:00 in Shanghai.
func MustOpenService(tb testing.TB, opts ...hotline.Option) (*hotline.Service, *clock) {
	tb.Helper()
	c := &clock{t: shanghai(2022, 9, 5, 10, 0)}
	opts = append([]hotline.Option{hotline.WithNow(c.Now)}, opts...)
	return hotline.NewService(hotlinemem.New(), opts...), c
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// mustCode fails tb unless err carries code.
func mustCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := govops.ErrorCode(err); got != code {
		tb.Fatalf("error code = %q, want %q (err: %v)", got, code, err)
	}
}

// mustField fails tb unless err is EINVALID and names field.
func mustField(tb testing.TB, err error, field string) {
	tb.Helper()
	mustCode(tb, err, govops.EINVALID)
	if _, ok := govops.ErrorFields(err)[field]; !ok {
		tb.Fatalf("error does not name field %q: %v", field, err)
	}
}

// addCallbacks imports n[r] callbacks of each result for dept in month m.
func addCallbacks(tb testing.TB, svc *hotline.Service, dept string, m hotline.Month, n map[hotline.Result]int) {
	tb.Helper()
	var ins []hotline.CallbackInput
	i := 0
	for _, r := range hotline.AllResults() {
		for k := 0; k < n[r]; k++ {
			i++
			ins = append(ins, hotline.CallbackInput{CaseNumber: fmt.Sprintf("%s-%s-%06d", dept, m, i),
				Department: dept, Month: m, Result: r, CalledAt: m.Start().Add(time.Hour)})
		}
	}
	rep, err := svc.ImportCallbacks(context.Background(), staff("tester"), ins, csvimport.AllOrNothing)
	if err != nil {
		tb.Fatalf("import callbacks: %v (%+v)", err, rep)
	}
}

// outcomeSpec describes a batch of outcomes: total cases, all dispatched,
// of which the given numbers have each flag set.
type outcomeSpec struct {
	total, accepted, resolved, returned, redone, replied int
}

// addOutcomes imports the outcomes of spec for dept in month m.
func addOutcomes(tb testing.TB, svc *hotline.Service, dept string, m hotline.Month, s outcomeSpec) {
	tb.Helper()
	os := make([]hotline.OutcomeInput, s.total)
	for i := range os {
		os[i] = hotline.OutcomeInput{CaseNumber: fmt.Sprintf("O-%s-%s-%06d", dept, m, i), Department: dept, Month: m,
			Dispatched: true, AcceptedOnTime: i < s.accepted, ResolvedOnTime: i < s.resolved,
			Returned: i < s.returned, Redone: i < s.redone, Replied: i < s.replied}
	}
	rep, err := svc.ImportOutcomes(context.Background(), staff("tester"), os, csvimport.AllOrNothing)
	if err != nil {
		tb.Fatalf("import outcomes: %v (%+v)", err, rep)
	}
}

// staff returns center staff named name.
func staff(name string) govops.Actor { return govops.Actor{Name: name} }

// center is the center staff the tests read as.
func center() govops.Actor { return staff("center-li") }

// items returns the items of a page with the error of its listing.
func items[T any](p govops.Page[T], err error) ([]T, error) { return p.Items, err }
