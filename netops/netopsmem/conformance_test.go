package netopsmem_test

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
	"github.com/govops-kit/govops/netops/netopsmem"
)

func TestStore_Smoke(t *testing.T) {
	ctx := context.Background()
	s := netopsmem.New()
	at := time.Date(2022, 3, 1, 2, 0, 0, 0, time.UTC)
	site := &netops.Site{ID: uuid.New(), Code: "XZDL", Name: "行政大楼", Rooms: []netops.Room{{Code: "3F", Kind: netops.RoomMachine}}, CreatedAt: at}
	ev := netops.Event{ID: uuid.New(), Subject: site.ID, Seq: 1, Type: netops.EventSiteCreated, At: at}
	if err := s.CreateSite(ctx, site, []netops.Event{ev}); err != nil {
		t.Fatal(err)
	}
	site.Rooms[0].Code = "changed"
	got, err := s.Site(ctx, "XZDL")
	if err != nil || got.Version != 1 || got.Rooms[0].Code != "3F" {
		t.Fatalf("Site = %+v, %v", got, err)
	}
	if err := s.CreateSite(ctx, &netops.Site{ID: uuid.New(), Code: "XZDL"}, nil); govops.ErrorCode(err) != govops.ECONFLICT {
		t.Fatalf("taken code: %v", err)
	}
	got.Version = 3
	if err := s.UpdateSite(ctx, got, nil); govops.ErrorCode(err) != govops.ECONFLICT {
		t.Fatalf("stale: %v", err)
	}

	gen, _ := s.Generation(ctx, netops.ScopePrefixes)
	l := netops.Link{ID: uuid.New(), Unit: "U1", Type: netops.LinkExtranet, Status: netops.LinkActive,
		Prefixes: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}}
	g := netops.Guard{Scope: netops.ScopePrefixes, Gen: gen}
	if err := s.CreateLinks(ctx, []netops.Link{l}, g, nil); err != nil {
		t.Fatal(err)
	}
	l.ID = uuid.New()
	if err := s.CreateLinks(ctx, []netops.Link{l}, g, nil); govops.ErrorCode(err) != govops.ECONFLICT {
		t.Fatalf("stale guard: %v", err)
	}
	ov, err := s.OverlappingPrefixes(ctx, "", []netip.Prefix{netip.MustParsePrefix("10.0.3.0/24")})
	if err != nil || len(ov) != 1 {
		t.Fatalf("overlaps = %v, %v", ov, err)
	}
	cu, _ := s.ConnectedUnits(ctx)
	if len(cu) != 1 || cu[0] != "U1" {
		t.Fatalf("connected = %v", cu)
	}
}
