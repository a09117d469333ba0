package netops_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
	"github.com/govops-kit/govops/netops/netopsmem"
)

// The helpers of the operations tests (visits, compliance, inspections,
// bookings, the roster, the register), prefixed ops so that they never
// clash with the inventory's.

// opsClock is a settable time source safe for concurrent use.
type opsClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *opsClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *opsClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func (c *opsClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// sh is Asia/Shanghai.
var sh = govops.ShanghaiLocation()

// opsAt returns a time in Shanghai.
func opsAt(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, sh)
}

// opsNow is the tests' now: 2022-03-14 10:00 in Shanghai.
func opsNow() time.Time { return opsAt(2022, 3, 14, 10, 0) }

// opsFixture is a Service over a fresh netopsmem store with the sites of
// the tests, its store and its clock.
type opsFixture struct {
	svc   *netops.Service
	st    *netopsmem.Store
	clock *opsClock
	ctx   context.Context
}

// newOps returns a fixture at opsNow, with the sites of opsSites.
func newOps(tb testing.TB, opts ...netops.Option) *opsFixture {
	tb.Helper()
	c := &opsClock{t: opsNow()}
	st := netopsmem.New()
	opts = append([]netops.Option{netops.WithNow(c.Now)}, opts...)
	f := &opsFixture{svc: netops.NewService(st, opts...), st: st, clock: c, ctx: context.Background()}
	for _, s := range opsSites() {
		opsMustSite(tb, st, s)
	}
	return f
}

// opsSites are the sites of the tests: the administrative building with a
// machine room and two meeting rooms, and 向华楼 with a machine room.
func opsSites() []netops.Site {
	return []netops.Site{
		{Code: "XZDL", Name: "行政大楼", Zone: netops.ZoneBuilding, Rooms: []netops.Room{
			{Code: "3F-JF", Name: "三楼机房", Kind: netops.RoomMachine},
			{Code: "5F-HYS", Name: "五楼会议室", Kind: netops.RoomMeeting},
			{Code: "6F-HYS", Name: "六楼视频会议室", Kind: netops.RoomMeeting},
		}},
		{Code: "XHL", Name: "向华楼", Zone: netops.ZoneUrban, Rooms: []netops.Room{
			{Code: "JF", Name: "机房", Kind: netops.RoomMachine},
		}},
	}
}

// opsMustSite stores a site straight in the store, with its event.
func opsMustSite(tb testing.TB, st netops.Store, s netops.Site) {
	tb.Helper()
	s.ID = opsV7(tb)
	s.Version = 1
	ev, err := govops.NewEvent(s.ID, 1, netops.EventSiteCreated, opsCenter(), opsNow(), "", netops.Status(""))
	if err != nil {
		tb.Fatal(err)
	}
	if err := st.CreateSite(context.Background(), &s, []netops.Event{ev}); err != nil {
		tb.Fatalf("CreateSite %s: %v", s.Code, err)
	}
}

func opsV7(tb testing.TB) uuid.UUID {
	tb.Helper()
	id, err := uuid.NewV7()
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

// The actors: center staff, two departments, read-only readers.
func opsCenter() govops.Actor    { return govops.Actor{Name: "中心-王芳"} }
func opsDept() govops.Actor      { return govops.Actor{Name: "李强", Department: "QZFJ"} }
func opsOtherDept() govops.Actor { return govops.Actor{Name: "赵敏", Department: "WJJ"} }
func opsViewer() govops.Actor    { return govops.Actor{Name: "审计", ReadOnly: true} }
func opsDeptViewer() govops.Actor {
	return govops.Actor{Name: "区财政审计", Department: "QZFJ", ReadOnly: true}
}
func opsBadActor() govops.Actor { return govops.Actor{} }

// opsActorName names an actor in a subtest.
func opsActorName(a govops.Actor) string {
	switch {
	case a.Name == "":
		return "bad"
	case a.ReadOnly && a.Department != "":
		return "dept-viewer"
	case a.ReadOnly:
		return "viewer"
	case a.Department != "":
		return "dept-" + a.Department
	}
	return "center"
}

// opsCode fails tb unless err has code.
func opsCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := govops.ErrorCode(err); got != code {
		tb.Fatalf("error code %q, want %q (err: %v)", got, code, err)
	}
}

// opsFields fails tb unless err is EINVALID (or code, when given) naming
// exactly the fields.
func opsFields(tb testing.TB, err error, fields ...string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("no error, want one naming %v", fields)
	}
	got := govops.ErrorFields(err)
	for _, f := range fields {
		if _, ok := got[f]; !ok {
			tb.Errorf("error does not name %q: %v", f, err)
		}
	}
	if len(got) != len(fields) {
		tb.Errorf("error names %d fields, want %d (%v): %v", len(got), len(fields), fields, err)
	}
}

// opsField fails tb unless err has code and names field with a problem
// that contains want.
func opsField(tb testing.TB, err error, code, field, want string) {
	tb.Helper()
	opsCode(tb, err, code)
	p, ok := govops.ErrorFields(err)[field]
	if !ok {
		tb.Fatalf("error does not name %q: %v", field, err)
	}
	if !strings.Contains(p, want) {
		tb.Fatalf("%s: %q does not say %q", field, p, want)
	}
}

// opsDirectory is a Directory over a fixed list of units.
type opsDirectory map[string]netops.Unit

func (d opsDirectory) Units(context.Context) ([]netops.Unit, error) {
	out := make([]netops.Unit, 0, len(d))
	for _, u := range d {
		out = append(out, u)
	}
	return out, nil
}

func (d opsDirectory) Unit(_ context.Context, code string) (*netops.Unit, error) {
	u, ok := d[code]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "no unit %s", code)
	}
	return &u, nil
}

// opsUnits is the directory of the tests: 区财政局 in the building, 卫健局
// in the urban area, a village in the suburbs and a unit whose zone is not
// known.
func opsUnits() opsDirectory {
	return opsDirectory{
		"QZFJ":  {Code: "QZFJ", Name: "区财政局", Kind: "department", Zone: netops.ZoneBuilding},
		"WJJ":   {Code: "WJJ", Name: "区卫健局", Kind: "department", Zone: netops.ZoneUrban},
		"SJC":   {Code: "SJC", Name: "沙塘村", Kind: "village", Zone: netops.ZoneSuburban},
		"NOZON": {Code: "NOZON", Name: "新设单位", Kind: "department"},
	}
}

// opsTickets is a Tickets checker over a fixed list of cases and their
// units; a case whose unit is "closed" is not one a visit may start from.
type opsTickets map[string]string

func (t opsTickets) Ticket(_ context.Context, ref string) (string, error) {
	u, ok := t[ref]
	switch {
	case !ok:
		return "", govops.Errorf(govops.ENOTFOUND, "no case %s", ref)
	case u == "closed":
		return "", govops.FieldError("ticket.ref", "case "+ref+" is closed")
	}
	return u, nil
}
