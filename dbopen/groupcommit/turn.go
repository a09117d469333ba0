package groupcommit

import (
	"context"
	"sync"
)

// turn is the exclusive right to use the physical connection, handed
// from holder to waiter in the order they asked. Unlike a mutex it tells
// the holder how many wait (the group stays open for them) and it is
// handed over directly, so that a holder's decision to leave the group
// open and its hand-over see the same queue (see Connector.release).
type turn struct {
	mu     sync.Mutex
	held   bool
	queue  []chan struct{} // closed to hand the turn to its waiter
	queued uint64          // waiters ever queued: whether the turn is contended
}

// acquire waits for the turn, or for ctx to end. A waiter whose ctx ends
// leaves the queue; if the turn was handed to it at that very moment, it
// keeps it (and the caller must see ctx's error itself).
func (t *turn) acquire(ctx context.Context) error {
	t.mu.Lock()
	if !t.held {
		t.held = true
		t.mu.Unlock()
		return nil
	}
	ch := make(chan struct{})
	t.queue = append(t.queue, ch)
	t.queued++
	t.mu.Unlock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for i, w := range t.queue {
		if w == ch {
			t.queue = append(t.queue[:i], t.queue[i+1:]...)
			return ctx.Err()
		}
	}
	return nil // handed over meanwhile: the turn is ours
}

// acquireOr takes the turn if it is free and returns true; otherwise it
// calls held with the queue locked, so that the holder's hand-over sees
// what held did, and returns false.
func (t *turn) acquireOr(held func()) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.held {
		t.held = true
		return true
	}
	held()
	return false
}

// waiting returns how many wait for the turn.
func (t *turn) waiting() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.queue)
}

// contended returns how many waiters have ever queued for the turn.
func (t *turn) contended() uint64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.queued
}

// handOn gives the turn to the first waiter, or frees it.
func (t *turn) handOn() { t.handOnUnless(func() bool { return false }) }

// handOnUnless gives the turn to the first waiter and returns true. With
// nobody waiting it frees the turn and returns true, unless keep (called
// with the queue locked) says the holder has more to do first: then it
// keeps the turn and returns false.
func (t *turn) handOnUnless(keep func() bool) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.queue) > 0 {
		ch := t.queue[0]
		t.queue[0] = nil
		t.queue = t.queue[1:]
		close(ch)
		return true
	}
	if keep() {
		return false
	}
	t.held = false
	return true
}
