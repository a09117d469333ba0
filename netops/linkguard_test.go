package netops_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
)

func TestService_CreateLink_Overlap(t *testing.T) {
	ctx := context.Background()
	s, st, _ := newInv(t)
	invSeed(t, s)
	first, err := s.CreateLink(ctx, invCenter(), invLink("QZFJ", "LZ-0001", "10.20.0.0/16", "2001:db8::/32"))
	if err != nil {
		t.Fatal(err)
	}
	gen, _ := st.Generation(ctx, netops.ScopePrefixes)
	if gen == 0 {
		t.Fatal("a live link with prefixes did not move the prefix generation")
	}
	t.Run("ErrOverlapNamesTheOtherLink", func(t *testing.T) {
		in := invLink("RSJ", "LZ-0002", "192.168.0.0/24", "10.20.5.0/24", "2001:db8:1::/48")
		err := invErr(s.CreateLink(ctx, invCenter(), in))
		f := invMustCode(t, err, govops.ECONFLICT)
		msg := govops.ErrorMessage(err)
		invMustContain(t, msg, "10.20.5.0/24 overlaps 10.20.0.0/16", first.ID.String(), "unit QZFJ", "中国电信 circuit LZ-0001")
		if len(f) != 2 || f["prefixes[1]"] == "" || f["prefixes[2]"] == "" {
			t.Fatalf("fields %v, want prefixes[1] and prefixes[2]", f)
		}
		invMustContain(t, f["prefixes[2]"], "2001:db8:1::/48 overlaps 2001:db8::/32")
	})
	t.Run("ErrWider", func(t *testing.T) {
		invMustCode(t, invErr(s.CreateLink(ctx, invCenter(), invLink("RSJ", "", "10.0.0.0/8"))), govops.ECONFLICT)
	})
	t.Run("ErrPlannedHoldsItsPrefixes", func(t *testing.T) {
		in := invLink("RSJ", "", "172.16.0.0/24")
		in.Status = netops.LinkPlanned
		if _, err := s.CreateLink(ctx, invCenter(), in); err != nil {
			t.Fatal(err)
		}
		invMustCode(t, invErr(s.CreateLink(ctx, invCenter(), invLink("YJJD", "", "172.16.0.128/25"))), govops.ECONFLICT)
	})
	t.Run("OKOtherSpace", func(t *testing.T) {
		in := invLink("RSJ", "", "10.20.5.0/24")
		in.Type, in.Network = netops.LinkPrivate, "GAZW"
		if _, err := s.CreateLink(ctx, invCenter(), in); err != nil {
			t.Fatalf("a private network's space is its own: %v", err)
		}
		invMustCode(t, invErr(s.CreateLink(ctx, invCenter(), in)), govops.ECONFLICT)
	})
	t.Run("OKDecommissionedHoldsNone", func(t *testing.T) {
		in := invLink("RSJ", "", "10.20.6.0/24")
		in.Status, in.Note = netops.LinkDecommissioned, "已拆除"
		before, _ := st.Generation(ctx, netops.ScopePrefixes)
		if _, err := s.CreateLink(ctx, invCenter(), in); err != nil {
			t.Fatalf("a decommissioned link holds no prefix: %v", err)
		}
		if after, _ := st.Generation(ctx, netops.ScopePrefixes); after != before {
			t.Errorf("a write that adds no live prefix moved the generation %d → %d", before, after)
		}
	})
	t.Run("OKAfterDecommissioning", func(t *testing.T) {
		for _, to := range []netops.LinkStatus{netops.LinkDeprovisioning, netops.LinkDecommissioned} {
			if _, err := s.MoveLink(ctx, invCenter(), first.ID.String(), netops.LinkStep{To: to, Note: "迁移后拆除"}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.CreateLink(ctx, invCenter(), invLink("RSJ", "", "10.20.5.0/24")); err != nil {
			t.Fatalf("the decommissioned link's prefixes are free: %v", err)
		}
	})
	t.Run("ErrCircuitTaken", func(t *testing.T) {
		err := invErr(s.CreateLink(ctx, invCenter(), invLink("RSJ", "LZ-0001", "10.99.0.0/24")))
		f := invMustCode(t, err, govops.ECONFLICT)
		if f["circuit_id"] == "" {
			t.Fatalf("fields %v, want circuit_id", f)
		}
		invMustContain(t, govops.ErrorMessage(err), first.ID.String())
		other := invLink("RSJ", "LZ-0001", "10.99.0.0/24")
		other.Carrier = "中国联通"
		if _, err := s.CreateLink(ctx, invCenter(), other); err != nil {
			t.Fatalf("a circuit ID is unique per carrier: %v", err)
		}
	})
}

// TestService_CreateLink_Concurrent races writers of overlapping links:
// the prefix guard lets exactly one of each pair land.
func TestService_CreateLink_Concurrent(t *testing.T) {
	ctx := context.Background()
	s, st, _ := newInv(t)
	invSeed(t, s)
	const rounds = 20
	for r := range rounds {
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make([]error, 2)
		ins := []netops.LinkInput{invLink("QZFJ", "", fmt.Sprintf("10.%d.0.0/16", r)), invLink("RSJ", "", fmt.Sprintf("10.%d.7.0/24", r))}
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = s.CreateLink(ctx, invCenter(), ins[i])
			}()
		}
		close(start)
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch govops.ErrorCode(err) {
			case "":
				won++
			case govops.ECONFLICT:
				invMustContain(t, govops.ErrorMessage(err), "overlaps")
			default:
				t.Fatalf("round %d: %v", r, err)
			}
		}
		if won != 1 {
			t.Fatalf("round %d: %d writers won (%v), want exactly 1", r, won, errs)
		}
	}
	ps, err := st.LivePrefixes(ctx)
	if err != nil || len(ps) != rounds || len(netops.FindOverlaps(ps)) != 0 {
		t.Fatalf("%d live prefixes, overlaps %v (%v)", len(ps), netops.FindOverlaps(ps), err)
	}
	t.Run("DisjointAllLand", func(t *testing.T) {
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = s.CreateLink(ctx, invCenter(), invLink("YJJD", "", fmt.Sprintf("172.16.%d.0/24", i)))
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatalf("disjoint writers are retried past the guard, never refused: %v", err)
			}
		}
	})
}

// invRacyStore moves the prefix generation once, right after the Service
// read it: as if another writer stored a link meanwhile.
type invRacyStore struct {
	netops.Store
	mu   sync.Mutex
	race func()
}

func (r *invRacyStore) Generation(ctx context.Context, scope string) (int64, error) {
	g, err := r.Store.Generation(ctx, scope)
	r.mu.Lock()
	race := r.race
	r.race = nil
	r.mu.Unlock()
	if race != nil {
		race()
	}
	return g, err
}
