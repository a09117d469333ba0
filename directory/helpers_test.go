package directory_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/directory/directorymem"
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

// Advance moves the clock on by d.
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// MustOpenService returns a Service over a fresh directorymem store, with a
// clock set to 2022-09-05 10:00:00.123456789 in Shanghai (nanoseconds that
// the Service must cut to microseconds).
func MustOpenService(tb testing.TB, opts ...directory.Option) (*directory.Service, *clock) {
	tb.Helper()
	c := &clock{t: time.Date(2022, 9, 5, 10, 0, 0, 123456789, govops.ShanghaiLocation())}
	opts = append([]directory.Option{directory.WithNow(c.Now)}, opts...)
	return directory.NewService(directorymem.New(), opts...), c
}

// The actors of the tests.
func center() govops.Actor    { return govops.Actor{Name: "中心-王芳"} }
func deptActor() govops.Actor { return govops.Actor{Name: "李强", Department: "QZFJ"} }
func viewer() govops.Actor    { return govops.Actor{Name: "审计", ReadOnly: true} }

// mustCode fails tb unless err carries code.
func mustCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := govops.ErrorCode(err); got != code {
		tb.Fatalf("error code = %q, want %q (err: %v)", got, code, err)
	}
}

// mustFields fails tb unless err is EINVALID naming exactly fields, each
// with a problem that holds the given text.
func mustFields(tb testing.TB, err error, fields map[string]string) {
	tb.Helper()
	mustCode(tb, err, govops.EINVALID)
	got := govops.ErrorFields(err)
	if len(got) != len(fields) {
		tb.Fatalf("error names %v, want exactly %v (err: %v)", got, fields, err)
	}
	for f, want := range fields {
		p, ok := got[f]
		if !ok || !strings.Contains(p, want) {
			tb.Fatalf("field %s: %q, want it to say %q (err: %v)", f, p, want, err)
		}
	}
}

// mustCreate adds units to s as center staff.
func mustCreate(tb testing.TB, s *directory.Service, ins ...directory.CreateInput) {
	tb.Helper()
	for _, in := range ins {
		if _, err := s.Create(context.Background(), center(), in); err != nil {
			tb.Fatalf("Create %s: %v", in.Code, err)
		}
	}
}

// district is a small district: the government office, two townships, a
// village and a community of the first.
func district() []directory.CreateInput {
	return []directory.CreateInput{
		{Code: "QZFJ", Name: "区政府办", Zone: directory.ZoneBuilding},
		{Code: "yuejin", Name: "跃进街道", Kind: directory.KindTownship, Zone: directory.ZoneUrban},
		{Code: "changtang", Name: "长塘镇", Kind: directory.KindTownship, Zone: directory.ZoneSuburban},
		{Code: "yuejin.c1", Name: "跃进社区", Kind: directory.KindCommunity, Parent: "yuejin", Zone: directory.ZoneUrban},
		{Code: "changtang.v1", Name: "长塘村", Kind: directory.KindVillage, Parent: "changtang", Zone: directory.ZoneSuburban},
	}
}

// ptr returns a pointer to v, for the optional fields of UpdateInput.
func ptr[T any](v T) *T { return &v }

// mustImport imports file into s as center staff in mode, failing tb on an
// error that is not the all-or-nothing refusal of bad rows.
func mustImport(tb testing.TB, s *directory.Service, file string, mode csvimport.Mode) (csvimport.Report, error) {
	tb.Helper()
	rep, err := s.Import(context.Background(), center(), strings.NewReader(file), directory.ImportOptions{Mode: mode})
	if err != nil && (mode != csvimport.AllOrNothing || len(rep.Errors) == 0) {
		tb.Fatalf("Import: %v", err)
	}
	return rep, err
}
