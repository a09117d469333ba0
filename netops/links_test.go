package netops_test

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
)

func TestService_CreateLink(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s, st, c := newInv(t)
		invSeed(t, s)
		in := invLink("QZFJ", "LZ-0001", "10.20.1.0/24", " 2001:db8:10::/48", "::ffff:10.20.0.0/120", "10.20.1.0/24")
		in.At = invStart().AddDate(0, -6, 0)
		in.Note = "财政局外网接入"
		l, err := s.CreateLink(ctx, invCenter(), in)
		if err != nil {
			t.Fatal(err)
		}
		want := []netip.Prefix{netip.MustParsePrefix("10.20.0.0/24"), netip.MustParsePrefix("10.20.1.0/24"), netip.MustParsePrefix("2001:db8:10::/48")}
		if !slices.Equal(l.Prefixes, want) {
			t.Errorf("prefixes %v, want %v (unmapped, sorted, without duplicates)", l.Prefixes, want)
		}
		at := in.At.UTC()
		if l.Steps != (netops.LinkSteps{Planned: at, Provisioning: at, Active: at}) {
			t.Errorf("steps %+v, want planned, provisioning and active at %v", l.Steps, at)
		}
		if l.Version != 1 || l.Status != netops.LinkActive || !l.CreatedAt.Equal(c.Now()) || l.Since() != at {
			t.Errorf("link %+v", l)
		}
		got, err := st.Link(ctx, l.ID)
		if err != nil || !slices.Equal(got.Prefixes, want) || got.CircuitID != "LZ-0001" {
			t.Fatalf("stored %+v, %v", got, err)
		}
		evs, err := s.LinkTrail(ctx, invCenter(), l.ID.String())
		if err != nil || len(evs) != 1 || evs[0].Type != netops.EventLinkCreated || evs[0].Seq != 1 ||
			evs[0].To != netops.Status(netops.LinkActive) || evs[0].Department != "QZFJ" || evs[0].Note != in.Note {
			t.Fatalf("trail %+v, %v", evs, err)
		}
	})
	t.Run("PlannedByDefaultAtNow", func(t *testing.T) {
		s, _, c := newInv(t)
		invSeed(t, s)
		in := invLink("QZFJ", "")
		in.Status = ""
		l, err := s.CreateLink(ctx, invCenter(), in)
		if err != nil {
			t.Fatal(err)
		}
		now := govops.StoredTime(c.Now())
		if l.Status != netops.LinkPlanned || l.Steps != (netops.LinkSteps{Planned: now}) {
			t.Fatalf("status %s steps %+v", l.Status, l.Steps)
		}
	})
	t.Run("DecommissionedNeedsNote", func(t *testing.T) {
		s, _, _ := newInv(t)
		invSeed(t, s)
		in := invLink("QZFJ", "", "10.0.0.0/24")
		in.Status = netops.LinkDecommissioned
		invMustFields(t, invErr(s.CreateLink(ctx, invCenter(), in)), "note")
		in.Note = "2021年已拆除"
		l, err := s.CreateLink(ctx, invCenter(), in)
		if err != nil {
			t.Fatal(err)
		}
		if l.Steps.Decommissioned.IsZero() || l.Steps.Deprovisioning.IsZero() || l.Steps.Active.IsZero() {
			t.Fatalf("steps %+v: every step up to decommissioned is dated", l.Steps)
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		s, _, _ := newInv(t)
		invSeed(t, s)
		for _, by := range []govops.Actor{invQZFJ(), invViewer()} {
			invMustCode(t, invErr(s.CreateLink(ctx, by, invLink("QZFJ", "", "10.0.0.0/24"))), govops.EFORBIDDEN)
		}
	})
}

// invErr returns the error of a call that also returns a value.
func invErr[T any](_ T, err error) error { return err }

func TestService_CreateLink_BadFields(t *testing.T) {
	ctx := context.Background()
	s, _, c := newInv(t)
	invSeed(t, s)
	for _, tc := range []struct {
		name   string
		change func(in *netops.LinkInput)
		field  string
		says   string
	}{
		{"UnitRequired", func(in *netops.LinkInput) { in.Unit = "" }, "unit", "required"},
		{"UnitNotInDirectory", func(in *netops.LinkInput) { in.Unit = "XXJ" }, "unit", "no active unit XXJ in the directory"},
		{"UnitControl", func(in *netops.LinkInput) { in.Unit = "Q\x01" }, "unit", "control"},
		{"SiteRequired", func(in *netops.LinkInput) { in.Site, in.Room = "", "" }, "site", "required"},
		{"SiteUnknown", func(in *netops.LinkInput) { in.Site, in.Room = "GYL", "" }, "site", "no site GYL"},
		{"RoomNotOfSite", func(in *netops.LinkInput) { in.Room = "1F-JF" }, "room", "site XZDL has no room 1F-JF"},
		{"CarrierRequired", func(in *netops.LinkInput) { in.Carrier = " " }, "carrier", "required"},
		{"CircuitID", func(in *netops.LinkInput) { in.CircuitID = "LZ\n1" }, "circuit_id", "control"},
		{"TypeRequired", func(in *netops.LinkInput) { in.Type = "" }, "type", "required"},
		{"TypeUnknown", func(in *netops.LinkInput) { in.Type = "wifi" }, "type", `unknown type "wifi"`},
		{"ViaExtranetOnExtranet", func(in *netops.LinkInput) { in.ViaExtranet = true }, "via_extranet", "only an internet line"},
		{"ViaExtranetOnPrivate", func(in *netops.LinkInput) {
			in.Type, in.Network, in.ViaExtranet = netops.LinkPrivate, "GAZW", true
		}, "via_extranet", "private"},
		{"NetworkOnExtranet", func(in *netops.LinkInput) { in.Network = "GAZW" }, "network", "only a private link"},
		{"NetworkOnInternet", func(in *netops.LinkInput) { in.Type, in.Network = netops.LinkInternet, "GAZW" }, "network", "only a private link"},
		{"NetworkRequired", func(in *netops.LinkInput) { in.Type = netops.LinkPrivate }, "network", "required"},
		{"NetworkUnknown", func(in *netops.LinkInput) { in.Type, in.Network = netops.LinkPrivate, "RSZW" }, "network", "no business private network RSZW"},
		{"Bandwidth", func(in *netops.LinkInput) { in.BandwidthMbps = -1 }, "bandwidth_mbps", "negative"},
		{"VLANNegative", func(in *netops.LinkInput) { in.VLAN = -1 }, "vlan", "between 1 and 4094"},
		{"VLANTooHigh", func(in *netops.LinkInput) { in.VLAN = 4095 }, "vlan", "between 1 and 4094"},
		{"PrefixHostBits", func(in *netops.LinkInput) { in.Prefixes = []string{"10.9.0.0/24", "10.8.0.0/24", "10.0.0.1/24"} }, "prefixes[2]", "10.0.0.1/24 has host bits set: write 10.0.0.0/24"},
		{"PrefixHostBitsV6", func(in *netops.LinkInput) { in.Prefixes = []string{"2001:db8::1/64"} }, "prefixes[0]", "2001:db8::1/64 has host bits set: write 2001:db8::/64"},
		{"PrefixMappedHostBits", func(in *netops.LinkInput) { in.Prefixes = []string{"::ffff:10.0.0.1/120"} }, "prefixes[0]", "write 10.0.0.0/24"},
		{"PrefixMappedTooWide", func(in *netops.LinkInput) { in.Prefixes = []string{"::ffff:0:0/95"} }, "prefixes[0]", "IPv4-mapped"},
		{"PrefixNotCIDR", func(in *netops.LinkInput) { in.Prefixes = []string{"10.0.0.0/33"} }, "prefixes[0]", "not an IP prefix"},
		{"PrefixAddress", func(in *netops.LinkInput) { in.Prefixes = []string{"10.0.0.7"} }, "prefixes[0]", "write 10.0.0.7/32"},
		{"PrefixEmpty", func(in *netops.LinkInput) { in.Prefixes = []string{"10.0.0.0/8", " "} }, "prefixes[1]", "empty"},
		{"PrefixZone", func(in *netops.LinkInput) { in.Prefixes = []string{"fe80::%eth0/64"} }, "prefixes[0]", "not an IP prefix"},
		{"PrefixesOverlapEachOther", func(in *netops.LinkInput) { in.Prefixes = []string{"10.1.2.0/24", "10.1.0.0/16"} }, "prefixes[0]", "10.1.2.0/24 lies within prefixes[1] (10.1.0.0/16)"},
		{"TooManyPrefixes", func(in *netops.LinkInput) {
			in.Prefixes = nil
			for i := range netops.MaxPrefixes + 1 {
				in.Prefixes = append(in.Prefixes, fmt.Sprintf("10.%d.0.0/16", i))
			}
		}, "prefixes", "at most 64"},
		{"StatusUnknown", func(in *netops.LinkInput) { in.Status = "up" }, "status", `unknown status "up"`},
		{"AtFuture", func(in *netops.LinkInput) { in.At = c.Now().Add(time.Minute) }, "at", "in the future"},
		{"AtOutOfRange", func(in *netops.LinkInput) { in.At = time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC) }, "at", "between the years"},
		{"NoteControl", func(in *netops.LinkInput) { in.Note = "a\x00b" }, "note", "control"},
		{"IfVersion", func(in *netops.LinkInput) { in.IfVersion = -1 }, "if_version", "negative"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := invLink("QZFJ", "", "10.50.0.0/24")
			tc.change(&in)
			f := invMustFields(t, invErr(s.CreateLink(ctx, invCenter(), in)), tc.field)
			invMustContain(t, f[tc.field], tc.says)
		})
	}
	t.Run("AllAtOnce", func(t *testing.T) {
		in := netops.LinkInput{Unit: "XXJ", Site: "GYL", Type: "wifi", BandwidthMbps: -5, VLAN: 5000,
			Prefixes: []string{"10.0.0.1/8", "nonsense"}, Status: "up"}
		invMustFields(t, invErr(s.CreateLink(ctx, invCenter(), in)), "unit", "site", "carrier", "type", "bandwidth_mbps", "vlan",
			"prefixes[0]", "prefixes[1]", "status")
	})
	t.Run("NetworkRetired", func(t *testing.T) {
		s, _, _ := newInv(t)
		invSeed(t, s)
		if _, err := s.UpdateNetwork(ctx, invCenter(), "GAZW", netops.NetworkInput{Name: "公安专网",
			Interconnect: netops.Interconnect{Mode: netops.InterconnectNone}, Status: netops.NetworkRetired}); err != nil {
			t.Fatal(err)
		}
		in := invLink("QZFJ", "", "10.0.0.0/24")
		in.Type, in.Network = netops.LinkPrivate, "GAZW"
		f := invMustFields(t, invErr(s.CreateLink(ctx, invCenter(), in)), "network")
		invMustContain(t, f["network"], "retired")
		// A decommissioned line of the network may still be recorded.
		in.Status, in.Note = netops.LinkDecommissioned, "撤并前的线路"
		if _, err := s.CreateLink(ctx, invCenter(), in); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("WithoutDirectory", func(t *testing.T) {
		s := netops.NewService(invStore(t), netops.WithNow(c.Now))
		invSeed(t, s)
		if _, err := s.CreateLink(ctx, invCenter(), invLink("ANY-CODE", "", "10.0.0.0/24")); err != nil {
			t.Fatalf("without a directory any well-formed code is a unit: %v", err)
		}
	})
}

func TestService_UpdateLink(t *testing.T) {
	ctx := context.Background()
	s, st, _ := newInv(t)
	invSeed(t, s)
	l, err := s.CreateLink(ctx, invCenter(), invLink("QZFJ", "LZ-0001", "10.20.1.0/24"))
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.CreateLink(ctx, invCenter(), invLink("RSJ", "LZ-0002", "10.30.0.0/16"))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		in := invLink("QZFJ", "LZ-0001", "10.20.1.0/24", "10.20.2.0/24")
		in.BandwidthMbps, in.Status = 200, netops.LinkPlanned // Status is ignored
		got, err := s.UpdateLink(ctx, invCenter(), l.ID.String(), in)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 2 || got.BandwidthMbps != 200 || len(got.Prefixes) != 2 || got.Status != netops.LinkActive || got.Steps != l.Steps {
			t.Fatalf("updated %+v", got)
		}
		evs, _ := st.Events(ctx, l.ID)
		if len(evs) != 2 || evs[1].Type != netops.EventLinkUpdated || evs[1].Seq != 2 || evs[1].Note != "changed bandwidth_mbps, prefixes" {
			t.Fatalf("trail %+v", evs)
		}
		same, err := s.UpdateLink(ctx, invCenter(), l.ID.String(), in)
		if err != nil || same.Version != 2 {
			t.Fatalf("an update that changes nothing writes nothing: %+v, %v", same, err)
		}
		l = got
	})
	t.Run("ErrOverlap", func(t *testing.T) {
		in := invLink("QZFJ", "LZ-0001", "10.20.1.0/24", "10.30.4.0/24")
		err := invErr(s.UpdateLink(ctx, invCenter(), l.ID.String(), in))
		f := invMustCode(t, err, govops.ECONFLICT)
		invMustContain(t, f["prefixes[1]"], "10.30.4.0/24 overlaps 10.30.0.0/16", other.ID.String())
	})
	t.Run("OKKeepsItsOwnPrefixes", func(t *testing.T) {
		in := invLink("QZFJ", "LZ-0001", "10.20.0.0/16")
		got, err := s.UpdateLink(ctx, invCenter(), l.ID.String(), in)
		if err != nil {
			t.Fatalf("a link's own prefixes never overlap it: %v", err)
		}
		l = got
	})
	t.Run("NoGuardWithoutNewPrefix", func(t *testing.T) {
		before, _ := st.Generation(ctx, netops.ScopePrefixes)
		in := invLink("QZFJ", "LZ-0001", "10.20.0.0/16")
		in.Note = "备注"
		got, err := s.UpdateLink(ctx, invCenter(), l.ID.String(), in)
		if err != nil {
			t.Fatal(err)
		}
		if after, _ := st.Generation(ctx, netops.ScopePrefixes); after != before {
			t.Errorf("a write that adds no live prefix moved the generation %d → %d", before, after)
		}
		l = got
	})
	t.Run("ErrStale", func(t *testing.T) {
		in := invLink("QZFJ", "LZ-0001", "10.20.0.0/16")
		in.IfVersion = l.Version - 1
		invMustCode(t, invErr(s.UpdateLink(ctx, invCenter(), l.ID.String(), in)), govops.ECONFLICT)
	})
	t.Run("ErrCircuitTaken", func(t *testing.T) {
		in := invLink("QZFJ", "LZ-0002", "10.20.0.0/16")
		f := invMustCode(t, invErr(s.UpdateLink(ctx, invCenter(), l.ID.String(), in)), govops.ECONFLICT)
		if f["circuit_id"] == "" {
			t.Fatalf("fields %v", f)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		invMustCode(t, invErr(s.UpdateLink(ctx, invCenter(), "0190c5f2-0000-7000-8000-000000000000", invLink("QZFJ", ""))), govops.ENOTFOUND)
		invMustCode(t, invErr(s.UpdateLink(ctx, invCenter(), "not a ref!", invLink("QZFJ", ""))), govops.EINVALID)
	})
	t.Run("GuardConflictIsNotStale", func(t *testing.T) {
		rs := &invRacyStore{Store: st}
		rs.race = func() {
			if _, err := s.CreateLink(ctx, invCenter(), invLink("YJJD", "", "192.168.50.0/24")); err != nil {
				t.Errorf("racing writer: %v", err)
			}
		}
		rsvc := netops.NewService(rs, netops.WithDirectory(&invDir{units: invUnits()}))
		in := invLink("QZFJ", "LZ-0001", "10.20.0.0/16", "10.21.0.0/16")
		in.IfVersion = l.Version
		got, err := rsvc.UpdateLink(ctx, invCenter(), l.ID.String(), in)
		if err != nil {
			t.Fatalf("the guard moved but the link did not: the write is checked again, not refused: %v", err)
		}
		if got.Version != l.Version+1 || rs.race != nil {
			t.Fatalf("version %d, race ran: %v", got.Version, rs.race == nil)
		}
	})
}

func TestService_MoveLink(t *testing.T) {
	ctx := context.Background()
	// The rule table, written out: every move allowed, all others refused.
	allowed := map[[2]netops.LinkStatus]bool{
		{netops.LinkPlanned, netops.LinkProvisioning}:          true,
		{netops.LinkPlanned, netops.LinkDecommissioned}:        true,
		{netops.LinkProvisioning, netops.LinkActive}:           true,
		{netops.LinkProvisioning, netops.LinkPlanned}:          true,
		{netops.LinkActive, netops.LinkDeprovisioning}:         true,
		{netops.LinkDeprovisioning, netops.LinkDecommissioned}: true,
		{netops.LinkDeprovisioning, netops.LinkActive}:         true,
	}
	s, _, c := newInv(t)
	invSeed(t, s)
	for _, from := range netops.LinkStatuses() {
		for _, to := range netops.LinkStatuses() {
			ok := allowed[[2]netops.LinkStatus{from, to}]
			t.Run(fmt.Sprintf("%s→%s", from, to), func(t *testing.T) {
				if netops.LinkMoveAllowed(from, to) != ok {
					t.Errorf("LinkMoveAllowed(%s, %s) = %v", from, to, !ok)
				}
				in := invLink("QZFJ", "")
				in.Status, in.Note, in.At = from, "记录", c.Now().Add(-time.Hour)
				l, err := s.CreateLink(ctx, invCenter(), in)
				if err != nil {
					t.Fatal(err)
				}
				got, err := s.MoveLink(ctx, invCenter(), l.ID.String(), netops.LinkStep{To: to, Note: "变更"})
				if !ok {
					f := invMustCode(t, err, govops.ECONFLICT)
					invMustContain(t, govops.ErrorMessage(err), string(from), string(to), from.Label(), to.Label())
					if f["to"] == "" {
						t.Errorf("fields %v, want to", f)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if got.Status != to || got.Version != 2 {
					t.Fatalf("moved to %s at version %d", got.Status, got.Version)
				}
			})
		}
	}
	t.Run("StepDates", func(t *testing.T) {
		in := invLink("QZFJ", "")
		in.Status = netops.LinkPlanned
		l, err := s.CreateLink(ctx, invCenter(), in)
		if err != nil {
			t.Fatal(err)
		}
		move := func(to netops.LinkStatus, at time.Time) *netops.Link {
			t.Helper()
			got, err := s.MoveLink(ctx, invCenter(), l.ID.String(), netops.LinkStep{To: to, At: at, Note: "拆除：单位已迁出"})
			if err != nil {
				t.Fatalf("move to %s: %v", to, err)
			}
			return got
		}
		c.Advance(24 * time.Hour)
		t1 := c.Now().Add(-time.Hour)
		l = move(netops.LinkProvisioning, t1)
		if !l.Steps.Provisioning.Equal(t1) {
			t.Fatalf("provisioning at %v, want %v", l.Steps.Provisioning, t1)
		}
		l = move(netops.LinkPlanned, time.Time{})
		if !l.Steps.Provisioning.IsZero() || l.Steps.Planned.IsZero() {
			t.Fatalf("back to planned: the provisioning date is cleared, the planned one kept: %+v", l.Steps)
		}
		l = move(netops.LinkProvisioning, time.Time{})
		l = move(netops.LinkActive, time.Time{})
		active := l.Steps.Active
		c.Advance(time.Hour)
		l = move(netops.LinkDeprovisioning, time.Time{})
		c.Advance(time.Hour)
		l = move(netops.LinkActive, time.Time{})
		if !l.Steps.Deprovisioning.IsZero() || !l.Steps.Active.Equal(active) {
			t.Fatalf("rolled back: the deprovisioning date is cleared, the active one kept: %+v", l.Steps)
		}
		c.Advance(time.Hour)
		l = move(netops.LinkDeprovisioning, time.Time{})
		f := invMustFields(t, invErr(s.MoveLink(ctx, invCenter(), l.ID.String(), netops.LinkStep{To: netops.LinkDecommissioned, At: l.Steps.Deprovisioning.Add(-time.Minute), Note: "x"})), "at")
		invMustContain(t, f["at"], "before the link's last step")
		invMustFields(t, invErr(s.MoveLink(ctx, invCenter(), l.ID.String(), netops.LinkStep{To: netops.LinkDecommissioned, At: c.Now().Add(time.Minute), Note: "x"})), "at")
		f = invMustFields(t, invErr(s.MoveLink(ctx, invCenter(), l.ID.String(), netops.LinkStep{To: netops.LinkDecommissioned, Note: "  "})), "note")
		invMustContain(t, f["note"], "required to decommission")
		l = move(netops.LinkDecommissioned, time.Time{})
		if !l.Steps.Decommissioned.Equal(govops.StoredTime(c.Now())) {
			t.Fatalf("decommissioned at %v", l.Steps.Decommissioned)
		}
		evs, err := s.LinkTrail(ctx, invCenter(), l.ID.String())
		if err != nil || len(evs) != int(l.Version) {
			t.Fatalf("%d events for version %d: %v", len(evs), l.Version, err)
		}
		last := evs[len(evs)-1]
		if last.Type != netops.EventLinkMoved || last.From != "deprovisioning" || last.To != "decommissioned" || last.Note != "拆除：单位已迁出" || last.Seq != l.Version {
			t.Fatalf("last event %+v", last)
		}
	})
	t.Run("BadInput", func(t *testing.T) {
		l, err := s.CreateLink(ctx, invCenter(), invLink("QZFJ", ""))
		if err != nil {
			t.Fatal(err)
		}
		invMustFields(t, invErr(s.MoveLink(ctx, invCenter(), l.ID.String(), netops.LinkStep{})), "to")
		invMustFields(t, invErr(s.MoveLink(ctx, invCenter(), l.ID.String(), netops.LinkStep{To: "gone", IfVersion: -2})), "to", "if_version")
		invMustCode(t, invErr(s.MoveLink(ctx, invCenter(), l.ID.String(), netops.LinkStep{To: netops.LinkDeprovisioning, IfVersion: 7})), govops.ECONFLICT)
		invMustCode(t, invErr(s.MoveLink(ctx, invQZFJ(), l.ID.String(), netops.LinkStep{To: netops.LinkDeprovisioning})), govops.EFORBIDDEN)
	})
}

func TestService_Links_Read(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newInv(t)
	invSeed(t, s)
	var ids []string
	for i, unit := range []string{"QZFJ", "RSJ", "QZFJ", "YJJD", "QZFJ"} {
		in := invLink(unit, fmt.Sprintf("LZ-%d", i), fmt.Sprintf("10.%d.0.0/16", i))
		in.Note = "联系人电话13812341234"
		l, err := s.CreateLink(ctx, invCenter(), in)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, l.ID.String())
	}
	t.Run("Scope", func(t *testing.T) {
		if _, err := s.Link(ctx, invQZFJ(), ids[0]); err != nil {
			t.Fatal(err)
		}
		invMustCode(t, invErr(s.Link(ctx, invQZFJ(), ids[1])), govops.ENOTFOUND)
		invMustCode(t, invErr(s.LinkTrail(ctx, invQZFJ(), ids[1])), govops.ENOTFOUND)
		page, err := s.Links(ctx, invQZFJ(), netops.LinkListInput{})
		if err != nil || len(page.Items) != 3 {
			t.Fatalf("department sees %d links, want its own 3: %v", len(page.Items), err)
		}
		f := invMustCode(t, invErr(s.Links(ctx, invQZFJ(), netops.LinkListInput{Unit: "RSJ"})), govops.EFORBIDDEN)
		if f["department"] == "" {
			t.Fatalf("fields %v", f)
		}
	})
	t.Run("Masked", func(t *testing.T) {
		own, err := s.Link(ctx, invQZFJ(), ids[0])
		if err != nil || !strings.Contains(own.Note, "13812341234") {
			t.Fatalf("the unit reads its own link whole: %q, %v", own.Note, err)
		}
		l, err := s.Link(ctx, invViewer(), ids[0])
		if err != nil || strings.Contains(l.Note, "13812341234") || l.CircuitID != "LZ-0" {
			t.Fatalf("a read-only reader gets personal data masked, codes whole: %+v, %v", l, err)
		}
		if len(l.Prefixes) != 1 || l.Prefixes[0].String() != "10.0.0.0/16" || !l.Steps.Active.Equal(own.Steps.Active) {
			t.Fatalf("masking keeps prefixes and dates: %v %+v", l.Prefixes, l.Steps)
		}
		page, err := s.Links(ctx, invViewer(), netops.LinkListInput{})
		if err != nil || len(page.Items) != 5 || strings.Contains(page.Items[0].Note, "13812341234") {
			t.Fatalf("listing: %+v, %v", page.Items, err)
		}
	})
	t.Run("Paging", func(t *testing.T) {
		var got []string
		cursor := ""
		for {
			page, err := s.Links(ctx, invCenter(), netops.LinkListInput{Cursor: cursor, Limit: 2})
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range page.Items {
				got = append(got, l.ID.String())
			}
			if page.Next == "" {
				break
			}
			cursor = page.Next
		}
		if !slices.Equal(got, ids) {
			t.Fatalf("paged %v, want %v (by ID)", got, ids)
		}
	})
	t.Run("Filters", func(t *testing.T) {
		page, err := s.Links(ctx, invCenter(), netops.LinkListInput{Unit: "QZFJ", Status: netops.LinkActive, Type: netops.LinkExtranet})
		if err != nil || len(page.Items) != 3 {
			t.Fatalf("%d links, %v", len(page.Items), err)
		}
		invMustFields(t, invErr(s.Links(ctx, invCenter(), netops.LinkListInput{Type: "x", Status: "y", Limit: -1, Site: " \x01"})),
			"type", "status", "limit", "site")
		invMustFields(t, invErr(s.Links(ctx, invCenter(), netops.LinkListInput{Cursor: "bogus"})), "cursor")
	})
}
