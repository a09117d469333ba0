package netops_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
)

func TestService_CreateNetwork(t *testing.T) {
	ctx := context.Background()
	s, _, c := newInv(t)
	invSeed(t, s)
	good := func() netops.NetworkInput {
		return netops.NetworkInput{Code: "RSZW", Name: "人社专网", Authority: "市人社局",
			Interconnect: netops.Interconnect{Mode: netops.InterconnectGatekeeper, Site: "SLZH", Room: "1F-JF", Since: invStart().AddDate(-1, 0, 0)}}
	}
	t.Run("OK", func(t *testing.T) {
		n, err := s.CreateNetwork(ctx, invCenter(), good())
		if err != nil {
			t.Fatal(err)
		}
		if n.Status != netops.NetworkActive || n.Version != 1 || n.Interconnect.Site != "SLZH" || !n.Interconnect.Since.Equal(invStart().AddDate(-1, 0, 0)) {
			t.Fatalf("network %+v", n)
		}
		evs, err := s.NetworkTrail(ctx, invQZFJ(), "RSZW")
		if err != nil || len(evs) != 1 || evs[0].Type != netops.EventNetworkCreated || evs[0].To != "active" {
			t.Fatalf("trail %+v, %v", evs, err)
		}
		invMustCode(t, invErr(s.CreateNetwork(ctx, invCenter(), good())), govops.ECONFLICT)
	})
	t.Run("OKNotJoined", func(t *testing.T) {
		in := netops.NetworkInput{Code: "YBZW", Name: "医保专网", Interconnect: netops.Interconnect{Mode: netops.InterconnectNone}}
		if _, err := s.CreateNetwork(ctx, invCenter(), in); err != nil {
			t.Fatalf("mode none needs no site: %v", err)
		}
	})
	for _, tc := range []struct {
		name   string
		change func(in *netops.NetworkInput)
		field  string
		says   string
	}{
		{"Code", func(in *netops.NetworkInput) { in.Code = "" }, "code", "required"},
		{"Name", func(in *netops.NetworkInput) { in.Name = "" }, "name", "required"},
		{"Authority", func(in *netops.NetworkInput) { in.Authority = "\x02" }, "authority", "control"},
		{"Status", func(in *netops.NetworkInput) { in.Status = "closed" }, "status", `unknown status "closed"`},
		{"ModeRequired", func(in *netops.NetworkInput) { in.Interconnect.Mode = "" }, "interconnect.mode", "required"},
		{"Mode", func(in *netops.NetworkInput) { in.Interconnect.Mode = "vpn" }, "interconnect.mode", `unknown mode "vpn"`},
		{"SiteRequired", func(in *netops.NetworkInput) { in.Interconnect.Site, in.Interconnect.Room = "", "" }, "interconnect.site", "required"},
		{"SiteUnknown", func(in *netops.NetworkInput) { in.Interconnect.Site, in.Interconnect.Room = "NONE", "" }, "interconnect.site", "no site NONE"},
		{"Room", func(in *netops.NetworkInput) { in.Interconnect.Room = "3F-JF" }, "interconnect.room", "site SLZH has no room 3F-JF"},
		{"SinceFuture", func(in *netops.NetworkInput) { in.Interconnect.Since = c.Now().Add(time.Hour) }, "interconnect.since", "future"},
		{"SiteWithModeNone", func(in *netops.NetworkInput) {
			in.Interconnect.Mode, in.Interconnect.Room, in.Interconnect.Since = netops.InterconnectNone, "", time.Time{}
		}, "interconnect.site", "must be left out"},
		{"Note", func(in *netops.NetworkInput) { in.Interconnect.Note = "\x03" }, "interconnect.note", "control"},
	} {
		t.Run("Err"+tc.name, func(t *testing.T) {
			in := good()
			in.Code = "NEW"
			tc.change(&in)
			f := invMustFields(t, invErr(s.CreateNetwork(ctx, invCenter(), in)), tc.field)
			invMustContain(t, f[tc.field], tc.says)
		})
	}
	t.Run("ErrModeNoneAllAtOnce", func(t *testing.T) {
		in := good()
		in.Code, in.Interconnect.Mode = "NEW", netops.InterconnectNone
		invMustFields(t, invErr(s.CreateNetwork(ctx, invCenter(), in)), "interconnect.site", "interconnect.room", "interconnect.since")
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		in := good()
		in.Code = "NEW"
		invMustCode(t, invErr(s.CreateNetwork(ctx, invQZFJ(), in)), govops.EFORBIDDEN)
	})
}

func TestService_UpdateNetwork(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newInv(t)
	invSeed(t, s)
	private := invLink("QZFJ", "GA-1", "10.1.0.0/24")
	private.Type, private.Network = netops.LinkPrivate, "GAZW"
	l1, err := s.CreateLink(ctx, invCenter(), private)
	if err != nil {
		t.Fatal(err)
	}
	private.Unit, private.CircuitID, private.Prefixes = "RSJ", "GA-2", []string{"10.2.0.0/24"}
	l2, err := s.CreateLink(ctx, invCenter(), private)
	if err != nil {
		t.Fatal(err)
	}
	retire := netops.NetworkInput{Name: "公安专网", Authority: "市公安局",
		Interconnect: netops.Interconnect{Mode: netops.InterconnectFirewall, Site: "XZDL", Room: "3F-JF"}, Status: netops.NetworkRetired, Note: "并入电子政务外网"}
	t.Run("ErrRetireWithLiveLinks", func(t *testing.T) {
		err := invErr(s.UpdateNetwork(ctx, invCenter(), "GAZW", retire))
		f := invMustCode(t, err, govops.ECONFLICT)
		invMustContain(t, govops.ErrorMessage(err), "still has 2 links in service")
		if f["status"] == "" {
			t.Fatalf("fields %v", f)
		}
	})
	t.Run("View", func(t *testing.T) {
		v, err := s.Network(ctx, invQZFJ(), "GAZW")
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Links) != 1 || v.Links[0].ID != l1.ID || !slices.Equal(v.Units, []string{"QZFJ", "RSJ"}) {
			t.Fatalf("a department sees its own links and every unit: %+v", v)
		}
		v, err = s.Network(ctx, invCenter(), "GAZW")
		if err != nil || len(v.Links) != 2 {
			t.Fatalf("center view %+v, %v", v, err)
		}
		invMustCode(t, invErr(s.Network(ctx, invCenter(), "NONE")), govops.ENOTFOUND)
	})
	t.Run("RetireOnceDecommissioned", func(t *testing.T) {
		for _, l := range []*netops.Link{l1, l2} {
			for _, to := range []netops.LinkStatus{netops.LinkDeprovisioning, netops.LinkDecommissioned} {
				if _, err := s.MoveLink(ctx, invCenter(), l.ID.String(), netops.LinkStep{To: to, Note: "专网撤并"}); err != nil {
					t.Fatal(err)
				}
			}
		}
		n, err := s.UpdateNetwork(ctx, invCenter(), "GAZW", retire)
		if err != nil {
			t.Fatal(err)
		}
		if n.Status != netops.NetworkRetired || n.Version != 2 {
			t.Fatalf("network %+v", n)
		}
		evs, _ := s.NetworkTrail(ctx, invCenter(), "GAZW")
		if len(evs) != 2 || evs[1].From != "active" || evs[1].To != "retired" || evs[1].Note != "changed status, note" {
			t.Fatalf("trail %+v", evs)
		}
		v, _ := s.Network(ctx, invCenter(), "GAZW")
		if len(v.Units) != 0 || len(v.Links) != 2 {
			t.Fatalf("a retired network keeps its links, and no unit is in it: %+v", v)
		}
	})
	t.Run("Errs", func(t *testing.T) {
		in := retire
		in.Code = "OTHER"
		invMustFields(t, invErr(s.UpdateNetwork(ctx, invCenter(), "GAZW", in)), "code")
		in = retire
		in.IfVersion = 1
		invMustCode(t, invErr(s.UpdateNetwork(ctx, invCenter(), "GAZW", in)), govops.ECONFLICT)
		invMustCode(t, invErr(s.UpdateNetwork(ctx, invCenter(), "NONE", retire)), govops.ENOTFOUND)
		invMustCode(t, invErr(s.UpdateNetwork(ctx, invViewer(), "GAZW", retire)), govops.EFORBIDDEN)
	})
	t.Run("Networks", func(t *testing.T) {
		if _, err := s.CreateNetwork(ctx, invCenter(), netops.NetworkInput{Code: "AAZW", Name: "甲专网", Note: "联系13812341234",
			Interconnect: netops.Interconnect{Mode: netops.InterconnectNone}}); err != nil {
			t.Fatal(err)
		}
		for _, by := range []govops.Actor{invCenter(), invQZFJ(), invViewer()} {
			ns, err := s.Networks(ctx, by)
			if err != nil || len(ns) != 2 || ns[0].Code != "AAZW" || ns[1].Code != "GAZW" {
				t.Fatalf("networks %+v, %v", ns, err)
			}
			if whole := strings.Contains(ns[0].Note, "13812341234"); whole != by.IsCenter() {
				t.Errorf("%s reads the note %q", by.Name, ns[0].Note)
			}
		}
	})
}
