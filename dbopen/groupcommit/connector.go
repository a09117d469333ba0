package groupcommit

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults of Options.
const (
	// DefaultMaxGroup is the most writes one physical COMMIT carries.
	DefaultMaxGroup = 128
	// DefaultMaxDelay bounds how long a group stays open from its first
	// member while others keep arriving: a steady stream still commits.
	DefaultMaxDelay = 5 * time.Millisecond
	// DefaultLinger is how long a group whose last member found nobody
	// waiting stays open for others before it commits (see Options.Linger).
	DefaultLinger = 100 * time.Microsecond
	// DefaultMaxConns is the size of the *sql.DB pool of logical
	// connections that OpenDB sets: every request waiting for a turn holds
	// one.
	DefaultMaxConns = 64
	// DefaultMaxStmts is how many prepared statements the physical
	// connection keeps, shared by every logical connection.
	DefaultMaxStmts = 256
	// DefaultCheckpointPages is how many WAL pages not yet in the
	// database file call for a checkpoint: SQLite's own autocheckpoint.
	DefaultCheckpointPages = 1000
	// DefaultRestartPages is the WAL length (pages) past which a
	// checkpoint takes the turn: 16 MiB of 4 KiB pages.
	DefaultRestartPages = 4096
)

// Options bound the groups. Zero fields take the defaults.
type Options struct {
	// MaxGroup is the most writes one COMMIT carries.
	MaxGroup int
	// MaxDelay bounds the age of a group, from its first member.
	MaxDelay time.Duration
	// Linger keeps a group open that long after its first member when
	// nobody waits for the turn, so that requests arriving just after join
	// it. It is given up for a while after two lingers in a row that
	// nobody joined (a lone client, whose next write only comes after its
	// COMMIT), so that a sequential workload does not wait for it. -1
	// commits as soon as nobody waits.
	Linger time.Duration
	// MaxConns is the size of OpenDB's pool of logical connections.
	MaxConns int
	// MaxStmts is how many prepared statements the physical connection
	// keeps.
	MaxStmts int
	// CheckpointPages is how many WAL pages not yet in the database
	// file make the checkpointer copy them, from a connection of its own
	// (see checkpointer); -1 leaves checkpoints to SQLite, inside the
	// COMMITs.
	CheckpointPages int
	// RestartPages is the length of WAL, in pages, past which a
	// checkpoint holds the turn to copy what is left and let the WAL start
	// over.
	RestartPages int
}

func (o Options) withDefaults() Options {
	if o.MaxGroup <= 0 {
		o.MaxGroup = DefaultMaxGroup
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = DefaultMaxDelay
	}
	switch {
	case o.Linger == 0:
		o.Linger = DefaultLinger
	case o.Linger < 0:
		o.Linger = 0
	}
	if o.MaxConns <= 0 {
		o.MaxConns = DefaultMaxConns
	}
	if o.MaxStmts <= 0 {
		o.MaxStmts = DefaultMaxStmts
	}
	if o.CheckpointPages == 0 {
		o.CheckpointPages = DefaultCheckpointPages
	}
	if o.RestartPages <= 0 {
		o.RestartPages = DefaultRestartPages
	}
	return o
}

// Stats counts what a Connector did since it was made.
type Stats struct {
	// Commits are the physical commits of writes: the COMMITs of groups,
	// and the writes that ran in SQLite's autocommit because nothing else
	// was there to group them with.
	Commits int64
	// Members are the writes those commits carried: logical transactions
	// that wrote, and write statements outside a transaction.
	Members int64
	// Failed are the members told that their group's transaction was
	// rolled back or its COMMIT failed.
	Failed int64
	// Replays count the rollbacks of a member after which the group's
	// other members were run again (see log.go).
	Replays int64
	// Largest is the largest group committed.
	Largest int64
}

// ErrClosed is returned by the operations of a closed Connector.
var ErrClosed = errors.New("groupcommit: the connector is closed")

// Connector is a driver.Connector whose logical connections share one
// physical connection of the wrapped driver and commit together (see the
// package doc). It is safe for concurrent use. Close, which *sql.DB.Close
// calls, commits the open group and closes the physical connection.
type Connector struct {
	drv  driver.Driver
	dsn  string
	opts Options

	turn turn

	// guarded by the turn
	phys   *physical
	misses int           // lingers in a row that nobody joined
	skip   int           // groups left to commit without lingering
	last   int           // members of the group committed last
	queued uint64        // turn.contended() when the last group ended
	recent uint8         // one bit per group ended lately: someone waited for the turn
	ckpt   *checkpointer // nil until a physical connection in WAL mode opens

	stmtMu sync.Mutex           // guards stmts, which the turn holder changes
	stmts  map[string]*physStmt // prepared on phys, by SQL text

	closed                                     atomic.Bool
	commits, members, failed, replays, largest atomic.Int64

	beforeReplay func() // tests: runs between a member's ROLLBACK and the replay
}

// NewConnector returns a Connector over the connections d opens for dsn.
// The physical connection is opened at first use, and again after a
// failure; its driver must implement driver.ExecerContext,
// driver.QueryerContext and driver.ConnPrepareContext, and its statements
// driver.StmtExecContext and driver.StmtQueryContext (modernc.org/sqlite
// does).
func NewConnector(d driver.Driver, dsn string, opts Options) *Connector {
	return &Connector{drv: d, dsn: dsn, opts: opts.withDefaults(), stmts: map[string]*physStmt{}}
}

// OpenDB returns a *sql.DB over a new Connector, its pool sized to
// opts.MaxConns logical connections, all kept idle rather than closed.
func OpenDB(d driver.Driver, dsn string, opts Options) *sql.DB {
	c := NewConnector(d, dsn, opts)
	db := sql.OpenDB(c)
	db.SetMaxOpenConns(c.opts.MaxConns)
	db.SetMaxIdleConns(c.opts.MaxConns)
	return db
}

// Of returns the Connector under db, or nil when db was not opened over
// one.
func Of(db *sql.DB) *Connector {
	if d, ok := db.Driver().(*groupDriver); ok {
		return d.c
	}
	return nil
}

// Stats returns the Connector's counters.
func (c *Connector) Stats() Stats {
	return Stats{Commits: c.commits.Load(), Members: c.members.Load(), Failed: c.failed.Load(),
		Replays: c.replays.Load(), Largest: c.largest.Load()}
}

// Connect returns a new logical connection. It does not touch the
// database.
func (c *Connector) Connect(context.Context) (driver.Conn, error) {
	if c.closed.Load() {
		return nil, ErrClosed
	}
	return &conn{c: c}, nil
}

// Driver returns a driver whose Open returns logical connections of c,
// whatever the name.
func (c *Connector) Driver() driver.Driver { return &groupDriver{c: c} }

type groupDriver struct{ c *Connector }

func (d *groupDriver) Open(string) (driver.Conn, error) { return d.c.Connect(context.Background()) }

// Close commits the open group, stops the checkpointer, finalizes the
// prepared statements and closes the physical connection, which
// checkpoints the WAL. Later operations return ErrClosed.
func (c *Connector) Close() error {
	if c.closed.Swap(true) {
		return nil
	}
	// The checkpointer may be waiting for the turn: it finds c closed and
	// stops.
	_ = c.turn.acquire(context.Background())
	cp := c.ckpt
	c.turn.handOn()
	var err error
	if cp != nil {
		err = cp.close()
	}
	_ = c.turn.acquire(context.Background())
	defer c.turn.handOn()
	if c.phys == nil {
		return err
	}
	if c.phys.inTx {
		c.endGroup()
	}
	if cerr := c.closePhysical(); cerr != nil {
		err = cerr
	}
	return err
}

// physical is the one connection under the logical ones, with what the
// turn holder knows of it.
type physical struct {
	conn  driver.Conn
	exec  driver.ExecerContext
	query driver.QueryerContext
	prep  driver.ConnPrepareContext
	inTx  bool   // BEGIN IMMEDIATE ran and no COMMIT or ROLLBACK yet
	group *group // the members of the open transaction; nil when !inTx
}

// group is the writes of one physical transaction, waiting for its COMMIT.
type group struct {
	done    chan struct{} // closed once err is set
	err     error
	members int
	first   time.Time    // when the first member joined
	log     statementLog // the members' statements, to replay after a rollback
	sealed  bool         // a member's statements were too large to keep: commit now

	lingering bool        // a timer will commit it
	due       atomic.Bool // the timer fired (set with the turn's queue locked)
	armed     int         // members when the timer was set
}

// acquire takes the turn and opens the physical connection if it is not
// open. It returns ctx's error when ctx ends first.
func (c *Connector) acquire(ctx context.Context) error {
	if c.closed.Load() {
		return ErrClosed
	}
	if err := c.turn.acquire(ctx); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		// Handed the turn as ctx ended: hand it on as a holder does.
		c.release()
		return err
	}
	if c.closed.Load() {
		c.turn.handOn()
		return ErrClosed
	}
	if c.phys == nil {
		if err := c.openPhysical(ctx); err != nil {
			c.turn.handOn()
			return err
		}
	}
	return nil
}

// release hands the turn on, deciding first whether the open group
// commits (see decide). The queue is read again at the hand-over: a
// waiter that gave up after the decision must not leave the group open
// with no one to commit it.
func (c *Connector) release() {
	for {
		if p := c.phys; p != nil && p.inTx {
			c.decide(p.group)
		}
		if c.turn.handOnUnless(c.mustCommit) {
			return
		}
	}
}

// mustCommit reports, with the turn queue locked and nobody in it, whether
// the holder may not free the turn yet: a physical transaction is open and
// no timer will commit it.
func (c *Connector) mustCommit() bool {
	p := c.phys
	return p != nil && p.inTx && (!p.group.lingering || p.group.due.Load())
}

// decide commits the open group when it is full, old, sealed, or when
// nobody waits for the turn and it need not linger; otherwise it leaves
// it open for the waiters, or lingers. A physical transaction without
// members ends when nobody waits.
func (c *Connector) decide(g *group) {
	waiting := c.turn.waiting()
	if g.members == 0 {
		if waiting == 0 {
			c.endGroup()
		}
		return
	}
	age := time.Since(g.first)
	switch {
	case g.sealed, g.members >= c.opts.MaxGroup, age >= c.opts.MaxDelay:
		c.endGroup()
	case waiting > 0:
	case g.due.Load():
		c.endGroup()
	case g.lingering:
	case c.opts.Linger > age && c.lingers(g):
		g.lingering, g.armed = true, g.members
		time.AfterFunc(c.opts.Linger-age, func() { c.flush(g) })
	default:
		if c.skip > 0 {
			c.skip--
		}
		c.endGroup()
	}
}

// lingers reports whether g (nil: a group about to open), whose last
// member found nobody waiting for the turn, is to linger for others: when
// lingering is on, others have been around lately (someone waited for the
// turn during the last eight groups, or g or the group committed last
// holds more than one member), and lingers in vain have not paused it. A
// lone writer, whose next write only comes after its COMMIT, would only
// wait, and longer than Linger: Go's timers wake an idle process up to a
// millisecond late.
func (c *Connector) lingers(g *group) bool {
	if c.opts.Linger <= 0 || c.skip > 0 {
		return false
	}
	return c.recent != 0 || c.last > 1 || g != nil && g.members > 1
}

// lingerPause is how many groups commit without lingering after two
// lingers in a row that nobody joined.
const lingerPause = 32

// flush ends g's linger. When the turn is free it takes it and commits g;
// when someone holds it, it only marks g due, and the holder commits g as
// it hands the turn on (see mustCommit): the timer neither waits nor adds
// a hand-over.
func (c *Connector) flush(g *group) {
	if c.closed.Load() || !c.turn.acquireOr(func() { g.due.Store(true) }) {
		return
	}
	if c.closed.Load() {
		c.turn.handOn()
		return
	}
	if p := c.phys; p != nil && p.group == g {
		g.due.Store(true)
	}
	c.release()
}

// lingered notes, as g ends, whether anyone joined it while it lingered.
func (c *Connector) lingered(g *group) {
	switch {
	case !g.lingering:
	case g.members > g.armed:
		c.misses = 0
	case g.due.Load():
		if c.misses++; c.misses >= 2 {
			c.misses, c.skip = 0, lingerPause
		}
	}
}

// beginPhysical opens the physical transaction. It takes the write lock
// at once (IMMEDIATE), so that no statement of a member finds it taken by
// another process halfway.
func (c *Connector) beginPhysical() error {
	if _, err := c.phys.exec.ExecContext(context.Background(), "BEGIN IMMEDIATE", nil); err != nil {
		return fmt.Errorf("groupcommit: begin: %w", err)
	}
	c.phys.inTx = true
	return nil
}

// beginGroup opens the physical transaction of a new group.
func (c *Connector) beginGroup() error {
	if err := c.beginPhysical(); err != nil {
		return err
	}
	c.phys.group = &group{done: make(chan struct{})}
	return nil
}

// join adds the turn holder's writes to the open group and returns it. l
// holds its statements; nil when they are in the group's log already.
func (c *Connector) join(l *statementLog) *group {
	g := c.phys.group
	if g.members == 0 {
		g.first = time.Now()
	}
	g.members++
	if l != nil {
		g.log.append(l)
	}
	if g.log.overflow {
		g.sealed = true
	}
	return g
}

// endGroup ends the physical transaction: it COMMITs a group with members
// and tells each the outcome; a failed COMMIT is rolled back and every
// member gets its error. A transaction without members commits nothing and
// tells no one.
func (c *Connector) endGroup() {
	p := c.phys
	g := p.group
	c.lingered(g)
	_, err := p.exec.ExecContext(context.Background(), "COMMIT", nil)
	if err != nil {
		// A COMMIT that fails may leave the transaction open (a deferred
		// foreign key) or may have rolled it back (an I/O error): make
		// sure it is gone.
		_, _ = p.exec.ExecContext(context.Background(), "ROLLBACK", nil)
	}
	p.inTx, p.group = false, nil
	if err != nil {
		c.failGroup(g, fmt.Errorf("groupcommit: commit of a group of %d: %w", g.members, err))
		return
	}
	if g.members > 0 {
		c.committed(int64(g.members))
		c.last = g.members
	}
	c.noteContention()
	close(g.done)
}

// committed counts a physical commit of n writes.
func (c *Connector) committed(n int64) {
	c.commits.Add(1)
	c.members.Add(n)
	for {
		l := c.largest.Load()
		if n <= l || c.largest.CompareAndSwap(l, n) {
			break
		}
	}
	if c.ckpt != nil {
		c.ckpt.committed()
	}
}

// noteContention records, as a group ends, whether anyone waited for the
// turn while it was open.
func (c *Connector) noteContention() {
	q := c.turn.contended()
	c.recent <<= 1
	if q != c.queued {
		c.recent |= 1
	}
	c.queued = q
}

// failGroup tells every member of g, whose transaction is gone, that it
// failed with err.
func (c *Connector) failGroup(g *group, err error) {
	c.failed.Add(int64(g.members))
	g.err = err
	close(g.done)
}

// checkLost tells whether SQLite rolled the physical transaction back
// after a statement failed with cause. It asks with BEGIN, which fails
// inside a transaction; when it succeeds, the group's transaction is gone:
// the probe's is rolled back, every member of the group gets the returned
// error, and so does the caller. It returns nil while the transaction is
// open.
func (c *Connector) checkLost(cause error) error {
	p := c.phys
	if p == nil || !p.inTx {
		return nil
	}
	if _, err := p.exec.ExecContext(context.Background(), "BEGIN", nil); err != nil {
		return nil
	}
	_, _ = p.exec.ExecContext(context.Background(), "ROLLBACK", nil)
	lost := fmt.Errorf("groupcommit: SQLite rolled back the transaction of the group: %w", cause)
	g := p.group
	p.inTx, p.group = false, nil
	c.failGroup(g, lost)
	return lost
}

// openPhysical opens the physical connection. In WAL mode its
// checkpoints move to the checkpointer (see checkpointer).
func (c *Connector) openPhysical(ctx context.Context) error {
	dc, err := c.open(ctx)
	if err != nil {
		return err
	}
	p := &physical{conn: dc}
	var ok1, ok2, ok3 bool
	p.exec, ok1 = dc.(driver.ExecerContext)
	p.query, ok2 = dc.(driver.QueryerContext)
	p.prep, ok3 = dc.(driver.ConnPrepareContext)
	if !ok1 || !ok2 || !ok3 {
		dc.Close()
		return fmt.Errorf("groupcommit: %T lacks ExecContext, QueryContext or PrepareContext", dc)
	}
	c.phys = p
	if c.opts.CheckpointPages < 0 {
		return nil
	}
	wal, err := c.isWAL()
	if err == nil && wal {
		err = c.startCheckpointer()
	}
	if err != nil {
		_ = c.closePhysical()
		return fmt.Errorf("groupcommit: %w", err)
	}
	return nil
}

// open opens a connection of the wrapped driver.
func (c *Connector) open(ctx context.Context) (driver.Conn, error) {
	var dc driver.Conn
	var err error
	if dctx, ok := c.drv.(driver.DriverContext); ok {
		var conn driver.Connector
		if conn, err = dctx.OpenConnector(c.dsn); err == nil {
			dc, err = conn.Connect(ctx)
		}
	} else {
		dc, err = c.drv.Open(c.dsn)
	}
	if err != nil {
		return nil, fmt.Errorf("groupcommit: open: %w", err)
	}
	return dc, nil
}

// closePhysical finalizes the prepared statements and closes the physical
// connection; the next turn opens a new one.
func (c *Connector) closePhysical() error {
	c.stmtMu.Lock()
	for q, ps := range c.stmts {
		ps.st.Close()
		delete(c.stmts, q)
	}
	c.stmtMu.Unlock()
	err := c.phys.conn.Close()
	c.phys = nil
	return err
}

// checkValid closes the physical connection when its driver says it is no
// longer usable and no transaction is open on it.
func (c *Connector) checkValid() {
	p := c.phys
	if p == nil || p.inTx {
		return
	}
	if v, ok := p.conn.(driver.Validator); ok && !v.IsValid() {
		_ = c.closePhysical()
	}
}
