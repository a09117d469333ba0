package govops

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"
)

// MaxWriteRetries is how many times a Service tries a write again after
// losing a race with another writer, where trying again is safe: a comment,
// an urge, a deadline recomputation.
const MaxWriteRetries = 20

// Retry runs try until it reports a write that was not lost, at most
// attempts times (at least once), waiting a random backoff between tries so
// that writers that collided spread out. try reports lost when the Store
// refused its write with ECONFLICT because another writer saved the record
// since it was read; it then reloads on its next call. Retry returns what
// the last try returned: lost is still true when every attempt lost, and
// err is the context's error when ctx ends while waiting.
//
// Only a caller that needs no decision from the user may retry: a write
// that carries IfVersion must fail with ECONFLICT instead, so that no
// change is made on top of one the user has not seen.
func Retry(ctx context.Context, attempts int, try func(attempt int) (lost bool, err error)) (lost bool, err error) {
	for attempt := 0; ; attempt++ {
		lost, err = try(attempt)
		if !lost || attempt+1 >= attempts {
			return lost, err
		}
		if werr := backoff(ctx, attempt); werr != nil {
			return false, werr
		}
	}
}

// backoff waits before retry attempt+1: a random time up to 2^attempt
// milliseconds, at most 64 ms.
func backoff(ctx context.Context, attempt int) error {
	limit := time.Millisecond << min(attempt, 6)
	t := time.NewTimer(time.Duration(rand.Int64N(int64(limit))) + time.Millisecond/4)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Turns lets the writers of one process that would race for the same record
// take turns instead. Retry alone spreads colliding writers out at random,
// and with many writers on one record some of them can lose every attempt;
// with Turns only writers in other processes still collide, so the retries
// are left for those. The zero value is ready to use, and a Turns holds no
// memory for a key nobody is waiting on.
type Turns struct {
	mu   sync.Mutex
	keys map[string]*turn
}

type turn struct {
	held    chan struct{} // a value in it means the turn is taken
	waiting int           // callers holding or waiting for the turn
}

// Take waits for key's turn and returns the function that gives it back,
// which must be called exactly once. It returns ctx's error if ctx ends
// first.
func (t *Turns) Take(ctx context.Context, key string) (release func(), err error) {
	t.mu.Lock()
	if t.keys == nil {
		t.keys = map[string]*turn{}
	}
	k := t.keys[key]
	if k == nil {
		k = &turn{held: make(chan struct{}, 1)}
		t.keys[key] = k
	}
	k.waiting++
	t.mu.Unlock()
	select {
	case k.held <- struct{}{}:
		return func() { <-k.held; t.leave(key, k) }, nil
	case <-ctx.Done():
		t.leave(key, k)
		return nil, ctx.Err()
	}
}

// leave drops one caller from key's count and forgets key when none is left.
func (t *Turns) leave(key string, k *turn) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if k.waiting--; k.waiting == 0 {
		delete(t.keys, key)
	}
}
