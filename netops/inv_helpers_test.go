package netops_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
	"github.com/govops-kit/govops/netops/netopsmem"
)

// invClock is a settable time source safe for concurrent use.
type invClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *invClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *invClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// invDir is a Directory over a fixed list of units.
type invDir struct{ units []netops.Unit }

func (d *invDir) Units(context.Context) ([]netops.Unit, error) { return slices.Clone(d.units), nil }

func (d *invDir) Unit(_ context.Context, code string) (*netops.Unit, error) {
	for _, u := range d.units {
		if u.Code == code {
			return &u, nil
		}
	}
	return nil, govops.Errorf(govops.ENOTFOUND, "no unit %s", code)
}

// invUnits are the directory of the tests: two departments, a township,
// a village and a community.
func invUnits() []netops.Unit {
	return []netops.Unit{
		{Code: "QZFJ", Name: "区财政局", Kind: "department", KindLabel: "部门", Zone: netops.ZoneBuilding},
		{Code: "RSJ", Name: "区人社局", Kind: "department", KindLabel: "部门", Zone: netops.ZoneBuilding},
		{Code: "YJJD", Name: "跃进街道", Kind: "township", KindLabel: "乡镇街道", Zone: netops.ZoneUrban},
		{Code: "SHC", Name: "沙塘村", Kind: "village", KindLabel: "村", Parent: "YJJD", Zone: netops.ZoneSuburban},
		{Code: "HXSQ", Name: "华鑫社区", Kind: "community", KindLabel: "社区", Parent: "YJJD", Zone: netops.ZoneUrban},
	}
}

// invStart is the clock of the tests: 2022-09-05 10:00 in Shanghai.
func invStart() time.Time { return time.Date(2022, 9, 5, 10, 0, 0, 0, govops.ShanghaiLocation()) }

// newInv returns a Service over a fresh netopsmem store with the test
// directory wired (unless opts replace it), the store and the clock.
func newInv(tb testing.TB, opts ...netops.Option) (*netops.Service, *netopsmem.Store, *invClock) {
	tb.Helper()
	c := &invClock{t: invStart()}
	st := netopsmem.New()
	opts = append([]netops.Option{netops.WithNow(c.Now), netops.WithDirectory(&invDir{units: invUnits()})}, opts...)
	return netops.NewService(st, opts...), st, c
}

// The actors of the tests.
func invCenter() govops.Actor { return govops.Actor{Name: "中心-王芳"} }
func invQZFJ() govops.Actor   { return govops.Actor{Name: "李强", Department: "QZFJ"} }
func invRSJ() govops.Actor    { return govops.Actor{Name: "赵敏", Department: "RSJ"} }
func invViewer() govops.Actor { return govops.Actor{Name: "审计", ReadOnly: true} }

// invSeed records the sites and the network of the tests: 行政大楼 (XZDL)
// with a machine room and a meeting room, 胜利综合楼 (SLZH) with a machine
// room, and the police network GAZW, joined by a firewall at XZDL.
func invSeed(tb testing.TB, s *netops.Service) {
	tb.Helper()
	ctx := context.Background()
	for _, in := range []netops.SiteInput{
		{Code: "XZDL", Name: "行政大楼", Zone: netops.ZoneBuilding, Rooms: []netops.Room{
			{Code: "3F-JF", Name: "三楼机房", Kind: netops.RoomMachine, Floor: "3"},
			{Code: "5F-HY", Name: "五楼会议室", Kind: netops.RoomMeeting, Floor: "5"},
		}},
		{Code: "SLZH", Name: "胜利综合楼", Zone: netops.ZoneUrban, Rooms: []netops.Room{
			{Code: "1F-JF", Name: "一楼机房", Kind: netops.RoomMachine},
		}},
	} {
		if _, err := s.CreateSite(ctx, invCenter(), in); err != nil {
			tb.Fatalf("CreateSite %s: %v", in.Code, err)
		}
	}
	if _, err := s.CreateNetwork(ctx, invCenter(), netops.NetworkInput{Code: "GAZW", Name: "公安专网", Authority: "市公安局",
		Interconnect: netops.Interconnect{Mode: netops.InterconnectFirewall, Site: "XZDL", Room: "3F-JF"}}); err != nil {
		tb.Fatalf("CreateNetwork: %v", err)
	}
}

// invLink is a valid input of an active extranet link of unit at XZDL,
// with circuit and prefixes.
func invLink(unit, circuit string, prefixes ...string) netops.LinkInput {
	return netops.LinkInput{Unit: unit, Site: "XZDL", Room: "3F-JF", Carrier: "中国电信", CircuitID: circuit,
		Type: netops.LinkExtranet, BandwidthMbps: 100, VLAN: 10, Prefixes: prefixes, Status: netops.LinkActive}
}

// invMustCode fails tb unless err has code, and returns its fields.
func invMustCode(tb testing.TB, err error, code string) map[string]string {
	tb.Helper()
	if got := govops.ErrorCode(err); got != code {
		tb.Fatalf("error code %q, want %q (err: %v)", got, code, err)
	}
	return govops.ErrorFields(err)
}

// invMustFields fails tb unless err is EINVALID naming exactly fields.
func invMustFields(tb testing.TB, err error, fields ...string) map[string]string {
	tb.Helper()
	got := invMustCode(tb, err, govops.EINVALID)
	var names []string
	for k := range got {
		names = append(names, k)
	}
	slices.Sort(names)
	want := slices.Clone(fields)
	slices.Sort(want)
	if !slices.Equal(names, want) {
		tb.Fatalf("fields %v, want %v (err: %v)", names, want, err)
	}
	return got
}

// invMustContain fails tb unless s contains every part.
func invMustContain(tb testing.TB, s string, parts ...string) {
	tb.Helper()
	for _, p := range parts {
		if !strings.Contains(s, p) {
			tb.Fatalf("%q does not contain %q", s, p)
		}
	}
}

// invStore returns a fresh in-memory Store.
func invStore(testing.TB) netops.Store { return netopsmem.New() }
