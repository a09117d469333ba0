package netops_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
)

func TestService_Campaign(t *testing.T) {
	ctx := context.Background()
	s, _, c := newInv(t)
	invSeed(t, s)
	line := func(unit, circuit string, status netops.LinkStatus, at time.Time, via bool) *netops.Link {
		t.Helper()
		in := invLink(unit, circuit)
		in.Type, in.ViaExtranet, in.Status, in.At, in.Carrier = netops.LinkInternet, via, status, at, "中国联通"
		in.Note = "单位自建，联系人13812341234"
		l, err := s.CreateLink(ctx, invCenter(), in)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	day := func(y int, m time.Month, d int) time.Time {
		return time.Date(y, m, d, 0, 0, 0, 0, govops.ShanghaiLocation())
	}
	newer := line("QZFJ", "ZJ-2", netops.LinkActive, day(2021, 6, 1), false)
	older := line("RSJ", "ZJ-1", netops.LinkActive, day(2020, 1, 1), false)
	planned := line("YJJD", "ZJ-3", netops.LinkPlanned, time.Time{}, false)
	gone := line("SHC", "ZJ-4", netops.LinkActive, day(2019, 3, 1), false)
	for _, to := range []netops.LinkStatus{netops.LinkDeprovisioning, netops.LinkDecommissioned} {
		if _, err := s.MoveLink(ctx, invCenter(), gone.ID.String(), netops.LinkStep{To: to, At: day(2022, 3, 1), Note: "已撤销"}); err != nil {
			t.Fatal(err)
		}
	}
	line("HXSQ", "TY-1", netops.LinkActive, day(2018, 1, 1), true) // through the extranet's exit: not self-built
	if _, err := s.CreateLink(ctx, invCenter(), invLink("QZFJ", "WW-1", "10.0.0.0/24")); err != nil {
		t.Fatal(err)
	}

	camp, err := s.Campaign(ctx, invViewer())
	if err != nil {
		t.Fatal(err)
	}
	if camp.Total != 4 || camp.Active != 2 || camp.Remaining != 3 || camp.Revoked != 1 || camp.Done {
		t.Fatalf("campaign %d total, %d active, %d remaining, %d revoked, done %v", camp.Total, camp.Active, camp.Remaining, camp.Revoked, camp.Done)
	}
	var order []string
	for _, l := range camp.Lines {
		order = append(order, l.Link.CircuitID)
	}
	if strings.Join(order, " ") != "ZJ-1 ZJ-2 ZJ-3 ZJ-4" {
		t.Fatalf("lines in order %v: still to revoke, oldest first, then revoked", order)
	}
	first := camp.Lines[0]
	// 2020-01-01 to 2022-09-05 10:00: 978 whole days.
	if first.Link.ID != older.ID || first.UnitName != "区人社局" || first.AgeDays != 978 {
		t.Fatalf("first line %s of %q, %d days", first.Link.ID, first.UnitName, first.AgeDays)
	}
	// 2019-03-01 to its decommissioning on 2022-03-01: 1096 days.
	if last := camp.Lines[3]; last.Link.ID != gone.ID || last.AgeDays != 1096 || last.UnitName != "沙塘村" {
		t.Fatalf("revoked line %s, %d days", last.Link.ID, last.AgeDays)
	}
	if camp.Lines[2].AgeDays != 0 || camp.Lines[2].Link.ID != planned.ID {
		t.Fatalf("a planned line is not in service: %+v", camp.Lines[2])
	}
	if strings.Contains(first.Link.Note, "13812341234") {
		t.Errorf("a read-only reader gets notes masked: %q", first.Link.Note)
	}
	invMustCode(t, invErr(s.Campaign(ctx, invQZFJ())), govops.EFORBIDDEN)

	c.Advance(24 * time.Hour)
	for _, l := range []*netops.Link{older, newer} {
		for _, to := range []netops.LinkStatus{netops.LinkDeprovisioning, netops.LinkDecommissioned} {
			if _, err := s.MoveLink(ctx, invCenter(), l.ID.String(), netops.LinkStep{To: to, Note: "清理自建互联网专线"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	camp, err = s.Campaign(ctx, invCenter())
	if err != nil {
		t.Fatal(err)
	}
	if !camp.Done || camp.Active != 0 || camp.Remaining != 1 || camp.Revoked != 3 || camp.Lines[0].Link.ID != planned.ID {
		t.Fatalf("no line active: done (the planned one is still to cancel): %+v", camp)
	}
	if !strings.Contains(camp.Lines[1].Link.Note, "13812341234") {
		t.Errorf("the center reads notes whole")
	}
}

func TestService_Campaign_Empty(t *testing.T) {
	s, _, _ := newInv(t)
	camp, err := s.Campaign(context.Background(), invCenter())
	if err != nil || !camp.Done || camp.Total != 0 || camp.Lines == nil {
		t.Fatalf("no self-built line: done: %+v, %v", camp, err)
	}
}
