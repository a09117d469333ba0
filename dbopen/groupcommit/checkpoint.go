package groupcommit

import (
	"context"
	"database/sql/driver"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"
)

// checkpointer moves the WAL into the database file on a connection of its
// own, so that the physical connection's COMMITs no longer pay for it.
//
// SQLite checkpoints by default inside the COMMIT that takes the WAL past
// 1000 pages: it copies every page to the database file and syncs both
// files while the writer waits, and with it every member of the group. The
// checkpointer watches the WAL's length after each commit, as SQLite does,
// and past CheckpointPages runs a PASSIVE checkpoint from its own
// connection, which copies the same pages while the writer goes on. Such a
// checkpoint cannot finish while frames keep coming, and SQLite starts the
// WAL over only at a write that finds it all copied; so past RestartPages
// the checkpointer takes the turn, commits the open group and copies what
// is left, and the next write starts the WAL over. Durability is
// unchanged: the same frames reach the database file, later.
type checkpointer struct {
	c       *Connector
	pages   int64 // uncopied WAL pages that call for a checkpoint
	restart int64 // WAL pages that call for one in a turn
	shm     string

	wake chan struct{} // a write committed
	stop chan struct{}
	done chan struct{}

	mu  sync.Mutex // guards err
	err error      // the last checkpoint's failure, for Close
}

// checkpointIdle is how long the checkpointer keeps its connection open
// with nothing committed: an idle server holds no second connection.
const checkpointIdle = 2 * time.Second

// checkpointAnyway bounds the time between two checkpoints while writes
// commit, whatever the WAL-index says.
const checkpointAnyway = 10 * time.Second

// checkpointBlind is the least time between two checkpoints when the
// WAL's length cannot be read (a database that is not a plain file).
const checkpointBlind = 100 * time.Millisecond

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
	cp := &checkpointer{c: c, pages: int64(c.opts.CheckpointPages), restart: int64(c.opts.RestartPages),
		wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	if path := filePath(c.dsn); path != "" {
		cp.shm = path + "-shm"
	}
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
	idle := time.NewTimer(checkpointIdle)
	defer idle.Stop()
	var last time.Time
	for {
		idle.Reset(checkpointIdle)
		select {
		case <-cp.stop:
			return
		case <-idle.C:
			if conn != nil {
				conn.Close()
				conn = nil
			}
			continue
		case <-cp.wake:
		}
		frames, copied, known := cp.walLength()
		switch {
		case known && frames-copied < cp.pages && time.Since(last) < checkpointAnyway:
			continue
		case !known:
			if wait := checkpointBlind - time.Since(last); wait > 0 {
				select {
				case <-cp.stop:
					return
				case <-time.After(wait):
				}
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
		if err == nil && log >= cp.restart {
			err = cp.inTurn(conn)
		}
		if err != nil {
			cp.fail(err)
			conn.Close()
			conn = nil
		}
	}
}

// walLength reads from the WAL-index (the -shm file, whose layout SQLite
// documents) the frames in the WAL and how many of them are copied into
// the database file. known is false when it cannot be read.
func (cp *checkpointer) walLength() (frames, copied int64, known bool) {
	if cp.shm == "" {
		return 0, 0, false
	}
	f, err := os.Open(cp.shm)
	if err != nil {
		return 0, 0, false
	}
	defer f.Close()
	var b [100]byte
	if _, err := f.ReadAt(b[:], 0); err != nil {
		return 0, 0, false
	}
	// The header (48 bytes, in native byte order) holds mxFrame at 16;
	// the checkpoint information after its two copies starts with
	// nBackfill, at 96.
	if b[12] != 1 {
		return 0, 0, false // not initialized
	}
	if sz := binary.NativeEndian.Uint16(b[14:16]); sz != 1 && (sz < 512 || sz&(sz-1) != 0) {
		return 0, 0, false // not a page size: not the layout this reads
	}
	frames = int64(binary.NativeEndian.Uint32(b[16:20]))
	copied = int64(binary.NativeEndian.Uint32(b[96:100]))
	if copied > frames {
		copied = frames
	}
	return frames, copied, true
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

// filePath returns the file a SQLite DSN names ("path", "file:path?…",
// "file:///path?…"), or "" for an in-memory database or one it cannot
// tell.
func filePath(dsn string) string {
	path, query, _ := strings.Cut(dsn, "?")
	if strings.Contains(query, "mode=memory") {
		return ""
	}
	if rest, ok := strings.CutPrefix(path, "file:"); ok {
		if strings.HasPrefix(rest, "//") {
			u, err := url.Parse(path)
			if err != nil || (u.Host != "" && u.Host != "localhost") {
				return ""
			}
			rest = u.Path
		} else if un, err := url.PathUnescape(rest); err == nil {
			rest = un
		} else {
			return ""
		}
		path = rest
	}
	if path == "" || path == ":memory:" {
		return ""
	}
	return path
}
