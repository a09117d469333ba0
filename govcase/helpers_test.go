package govcase_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/govcase/govcasemem"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// The actors of the tests: center staff, a read-only auditor, and two
// departments.
var (
	center  = govops.Actor{Name: "值班员"}
	viewer  = govops.Actor{Name: "审计", ReadOnly: true}
	jinbu   = govops.Actor{Name: "跃进街道经办人", Department: "YJ"}
	zhifaju = govops.Actor{Name: "执法局经办人", Department: "ZFJ"}
)

// Clock is a settable clock so that tests never sleep.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *Clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// at parses a wall-clock time in Asia/Shanghai.
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, govops.ShanghaiLocation())
	if err != nil {
		panic(err)
	}
	return t
}

// MustOpenService returns a Service over a fresh in-memory store whose clock
// starts at 2024-09-30 09:00 Shanghai (a Monday before National Day).
func MustOpenService(tb testing.TB, opts ...govcase.Option) (*govcase.Service, *Clock) {
	tb.Helper()
	return openService(tb, govcasemem.New(), opts...)
}

// openService is MustOpenService over st. The Service counts on a calendar
// of its own, whose tables a test may change through Service.Calendar (the
// shared DefaultCalendar refuses to).
func openService(tb testing.TB, st govcase.Store, opts ...govcase.Option) (*govcase.Service, *Clock) {
	tb.Helper()
	cal, err := govops.NewCalendar(govops.CalendarConfig{})
	storetestkit.Must(tb, err, "NewCalendar")
	clk := &Clock{t: at("2024-09-30 09:00")}
	opts = append([]govcase.Option{govcase.WithNow(clk.Now), govcase.WithCalendar(cal)}, opts...)
	return govcase.NewService(st, opts...), clk
}

// register registers a 投诉 hotline case as center staff, changed by mods.
func register(tb testing.TB, s *govcase.Service, mods ...func(*govcase.RegisterInput)) *govcase.Case {
	tb.Helper()
	in := govcase.RegisterInput{
		Kind: govcase.KindHotline, Category: govcase.CategoryComplaint,
		Source: govcase.SourcePhone, ExternalNo: "LZ12345-0001", Title: "小区路灯不亮",
		Description: "跃进路口路灯连续三晚不亮", Reporter: govcase.Contact{Name: "张三丰", Phone: "13812341234"},
		Location: "跃进路",
	}
	for _, m := range mods {
		m(&in)
	}
	c, err := s.Register(context.Background(), center, in)
	storetestkit.Must(tb, err, "Register")
	return c
}

// dispatch dispatches the case ref to dept as center staff.
func dispatch(tb testing.TB, s *govcase.Service, ref, dept string) *govcase.Case {
	tb.Helper()
	c, err := s.Dispatch(context.Background(), center, ref, govcase.DispatchInput{Department: dept})
	storetestkit.Must(tb, err, "Dispatch "+ref+" to "+dept)
	return c
}

// equal fails tb unless got equals want; what names the value.
func equal[T comparable](tb testing.TB, what string, got, want T) {
	tb.Helper()
	if got != want {
		tb.Fatalf("%s = %v, want %v", what, got, want)
	}
}

// names fails tb unless err names field among its invalid fields.
func names(tb testing.TB, err error, field string) {
	tb.Helper()
	if _, ok := govops.ErrorFields(err)[field]; !ok {
		tb.Fatalf("error %v does not name the field %q", err, field)
	}
}

// mustCase returns a function that returns the case of an action, failing
// tb if the action failed: c = mustCase(t)(s.Accept(…)).
func mustCase(tb testing.TB) func(*govcase.Case, error) *govcase.Case {
	return func(c *govcase.Case, err error) *govcase.Case {
		tb.Helper()
		storetestkit.Must(tb, err, "the action")
		return c
	}
}

// shanghai formats t on the wall clock of Asia/Shanghai.
func shanghai(t time.Time) string { return t.In(govops.ShanghaiLocation()).Format("2006-01-02 15:04") }
