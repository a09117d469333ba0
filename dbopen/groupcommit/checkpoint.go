package groupcommit

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// checkpointer moves the WAL into the database file on a connection of its
// own, so that the physical connection's COMMITs no longer pay for it.
//
// SQLite checkpoints by default inside the COMMIT that takes the WAL past
// 1000 pages: it copies every page to the database file and syncs both
// files while the writer waits, and with it every member of the group. A
// PASSIVE checkpoint from another connection copies the same pages while
// the writer goes on appending. It cannot finish while frames keep coming,
// and SQLite restarts the WAL from its start only at a write that finds it
// all copied; so when the WAL has grown past maxFrames, the checkpointer
// takes the turn, commits the open group and copies what is left, and the
// next write starts the WAL over. Durability is unchanged: the same frames
// reach the database file, later.
type checkpointer struct {
	c         *Connector
	every     time.Duration // the least time between two background checkpoints
	maxFrames int64         // a WAL this long is checkpointed in a turn

	wake chan struct{} // a write committed
	stop chan struct{}
	done chan struct{}

	mu  sync.Mutex // guards err
	err error      // the last checkpoint's failure, for Close
}

// startCheckpointer turns the autocheckpoint of the physical connection,
// open in WAL mode, off and starts c's checkpointer if it has none. The
// turn is held.
func (c *Connector) startCheckpointer() error {
	if _, err := c.phys.exec.ExecContext(context.Background(), "PRAGMA wal_autocheckpoint = 0", nil); err != nil {
		return fmt.Errorf("wal_autocheckpoint: %w", err)
	}
	if c.ckpt != nil {
		return nil // a physical connection opened again
	}
	cp := &checkpointer{c: c, every: c.opts.CheckpointEvery, maxFrames: int64(c.opts.CheckpointFrames),
		wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	c.ckpt = cp
	go cp.run()
	return nil
}

// committed tells the checkpointer that a write committed.
func (cp *checkpointer) committed() {
	select {
	case cp.wake <- struct{}{}:
	default:
	}
}

// close stops the checkpointer and returns the last failure it met.
func (cp *checkpointer) close() error {
	close(cp.stop)
	<-cp.done
	cp.mu.Lock()
	defer cp.mu.Unlock()
	return cp.err
}

func (cp *checkpointer) run() {
	defer close(cp.done)
	var conn driver.Conn
	defer func() {
		if conn != nil {
			conn.Close()
		}
	}()
	last := time.Now()
	for {
		select {
		case <-cp.stop:
			return
		case <-cp.wake:
		}
		if wait := cp.every - time.Since(last); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-cp.stop:
				t.Stop()
				return
			case <-t.C:
			}
		}
		last = time.Now()
		var err error
		if conn == nil {
			if conn, err = cp.c.open(context.Background()); err != nil {
				cp.fail(err)
				continue
			}
		}
		log, err := checkpoint(conn)
		if err == nil && log >= cp.maxFrames {
			err = cp.inTurn(conn)
		}
		if err != nil {
			cp.fail(err)
			conn.Close()
			conn = nil
		}
	}
}

// inTurn checkpoints with the turn held and no group open, so that the
// whole WAL is copied and the next write starts it over.
func (cp *checkpointer) inTurn(conn driver.Conn) error {
	c := cp.c
	if err := c.acquire(context.Background()); err != nil {
		if errors.Is(err, ErrClosed) {
			return nil
		}
		return err
	}
	defer c.release()
	if c.phys.inTx {
		c.endGroup()
	}
	_, err := checkpoint(conn)
	return err
}

func (cp *checkpointer) fail(err error) {
	cp.mu.Lock()
	defer cp.mu.Unlock()
	cp.err = fmt.Errorf("groupcommit: checkpoint: %w", err)
}

// checkpoint runs a PASSIVE checkpoint on conn and returns the frames in
// the WAL.
func checkpoint(conn driver.Conn) (int64, error) {
	q, ok := conn.(driver.QueryerContext)
	if !ok {
		return 0, fmt.Errorf("%T lacks QueryContext", conn)
	}
	rows, err := q.QueryContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)", nil)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	vals := make([]driver.Value, len(rows.Columns()))
	if err := rows.Next(vals); err != nil {
		if err == io.EOF {
			return 0, errors.New("PRAGMA wal_checkpoint returned no row")
		}
		return 0, err
	}
	if len(vals) != 3 {
		return 0, fmt.Errorf("PRAGMA wal_checkpoint returned %d columns, want 3", len(vals))
	}
	log, _ := vals[1].(int64)
	return log, nil
}

// isWAL reports whether the physical connection is in WAL mode.
func (c *Connector) isWAL() (bool, error) {
	rows, err := c.phys.query.QueryContext(context.Background(), "PRAGMA journal_mode", nil)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	vals := make([]driver.Value, 1)
	if err := rows.Next(vals); err != nil {
		return false, err
	}
	var mode string
	switch v := vals[0].(type) {
	case string:
		mode = v
	case []byte:
		mode = string(v)
	}
	return strings.EqualFold(mode, "wal"), nil
}
