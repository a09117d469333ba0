package netops_test

import (
	"context"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
)

func TestService_CoverageAt(t *testing.T) {
	ctx := context.Background()
	s, _, clock := newInv(t)
	invSeed(t, s)
	day := func(month time.Month, d int) time.Time {
		return time.Date(2022, month, d, 10, 0, 0, 0, govops.ShanghaiLocation())
	}
	link := func(unit string, at time.Time, prefix string) *netops.Link {
		t.Helper()
		in := invLink(unit, "", prefix)
		in.At = at
		l, err := s.CreateLink(ctx, invCenter(), in)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	move := func(l *netops.Link, to netops.LinkStatus, at time.Time) {
		t.Helper()
		if _, err := s.MoveLink(ctx, invCenter(), l.ID.String(), netops.LinkStep{To: to, At: at, Note: "撤销"}); err != nil {
			t.Fatal(err)
		}
	}
	// QZFJ connected in March; RSJ from February to June; YJJD from
	// April, its removal in May rolled back; SHC planned only.
	link("QZFJ", day(3, 1), "10.0.1.0/24")
	rsj := link("RSJ", day(2, 1), "10.0.2.0/24")
	move(rsj, netops.LinkDeprovisioning, day(6, 1))
	move(rsj, netops.LinkDecommissioned, day(6, 2))
	yj := link("YJJD", day(4, 1), "10.0.3.0/24")
	move(yj, netops.LinkDeprovisioning, day(5, 1))
	move(yj, netops.LinkActive, day(5, 2))
	planned := invLink("SHC", "", "10.0.4.0/24")
	planned.Status = netops.LinkPlanned
	if _, err := s.CreateLink(ctx, invCenter(), planned); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		at        time.Time
		connected int
	}{
		{day(1, 15), 0},
		{day(2, 15), 1},
		{day(3, 1), 2}, // a link active at the instant counts
		{day(4, 15), 3},
		{day(6, 1), 2},
		{day(7, 1), 2},
	} {
		cov, err := s.CoverageAt(ctx, invViewer(), c.at)
		if err != nil {
			t.Fatal(err)
		}
		if cov.Connected != c.connected || cov.Units != 5 {
			t.Errorf("at %s: %d/%d connected, want %d/5", c.at.Format(time.DateTime), cov.Connected, cov.Units, c.connected)
		}
	}
	t.Run("NowIsCoverage", func(t *testing.T) {
		want, err := s.Coverage(ctx, invViewer())
		if err != nil {
			t.Fatal(err)
		}
		for _, at := range []time.Time{{}, clock.Now(), clock.Now().AddDate(1, 0, 0)} {
			got, err := s.CoverageAt(ctx, invViewer(), at)
			if err != nil {
				t.Fatal(err)
			}
			if got.Connected != want.Connected || got.Connected != 2 {
				t.Errorf("at %v: %d connected, Coverage says %d", at, got.Connected, want.Connected)
			}
		}
	})
	t.Run("ErrDepartment", func(t *testing.T) {
		_, err := s.CoverageAt(ctx, invQZFJ(), day(3, 1))
		invMustCode(t, err, govops.EFORBIDDEN)
	})
}
