package groupcommit

import (
	"context"
	"sync"
)

// A Unit lets one piece of work (a request) make several writes without
// waiting for the COMMIT of each, and wait once, at its end, for them all.
//
// A write made with a context from WithUnit (a logical transaction begun
// with it, or a statement outside a transaction that joins a group)
// returns as soon as its statements are in the group, and Commit then
// returns nil; the outcome of the group's COMMIT goes to the Unit. Wait
// returns once every group the Unit's writes joined has committed or
// failed, with the first failure. So a request that writes its change and
// then its audit event waits for one COMMIT instead of two, and when both
// join the same group they become durable in the same COMMIT.
//
// Nothing is lost by not waiting: the writes of a group that fails are
// undone in the database, and reads on the connection after that failure
// no longer see them, so a later write that depends on them fails too; the
// caller only has to answer after Wait, and report its error. A write that
// returns rows (INSERT … RETURNING outside a transaction) still waits for
// its group, as without a Unit. On a database that does not group commits,
// a Unit's context changes nothing and Wait returns nil.
//
// Wait closes the Unit: a write made with its context afterwards (work
// that the request started and left running, whose context keeps the
// request's values) waits for its own COMMIT again, so that no write's
// failure goes unreported.
type Unit struct {
	mu      sync.Mutex
	pending []*group // groups joined and not known to be done
	err     error    // the first failure among the groups found done
	closed  bool     // Wait was called
}

type unitKey struct{}

// WithUnit returns a context derived from ctx whose writes report their
// COMMIT to the returned Unit instead of waiting for it.
func WithUnit(ctx context.Context) (context.Context, *Unit) {
	u := &Unit{}
	return context.WithValue(ctx, unitKey{}, u), u
}

// unitOf returns ctx's Unit, or nil.
func unitOf(ctx context.Context) *Unit {
	u, _ := ctx.Value(unitKey{}).(*Unit)
	return u
}

// add records that a write of u joined g and returns true, or returns
// false when u is closed: the writer must wait for g itself. Groups
// already done are dropped, their failure kept, so that a long piece of
// work (a mount of thousands of batches) holds only the groups still open.
func (u *Unit) add(g *group) bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.closed {
		return false
	}
	kept := u.pending[:0]
	for _, p := range u.pending {
		select {
		case <-p.done:
			if u.err == nil {
				u.err = p.err
			}
		default:
			if p != g {
				kept = append(kept, p)
			}
		}
	}
	clear(u.pending[len(kept):])
	u.pending = append(kept, g)
	return true
}

// Wait closes u and returns once every group that u's writes joined has
// committed or failed: nil when all committed, else the first failure.
func (u *Unit) Wait() error {
	u.mu.Lock()
	pending := u.pending
	u.pending, u.closed = nil, true
	u.mu.Unlock()
	for _, g := range pending {
		<-g.done
		u.mu.Lock()
		if u.err == nil {
			u.err = g.err
		}
		u.mu.Unlock()
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.err
}
