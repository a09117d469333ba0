package groupcommit

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
)

// conn is a logical connection: what database/sql pools. It holds no
// physical resource; it takes the Connector's turn for each statement
// outside a transaction, and for the whole of a transaction.
type conn struct {
	c  *Connector
	tx *tx // the open logical transaction, which holds the turn; nil outside one
}

var (
	_ driver.Conn               = (*conn)(nil)
	_ driver.ConnBeginTx        = (*conn)(nil)
	_ driver.ConnPrepareContext = (*conn)(nil)
	_ driver.ExecerContext      = (*conn)(nil)
	_ driver.QueryerContext     = (*conn)(nil)
	_ driver.Pinger             = (*conn)(nil)
	_ driver.SessionResetter    = (*conn)(nil)
	_ driver.Validator          = (*conn)(nil)
)

// autocommit is how a statement outside a logical transaction runs.
type autocommit uint8

const (
	modeRead   autocommit = iota // a read: inside the open group if there is one, else alone
	modeAlone                    // a write in SQLite's own autocommit: no group was open and nobody waited
	modeDirect                   // a PRAGMA, VACUUM, … or script: after the open group committed
	modeMember                   // a write inside the group: answered after its COMMIT
	modeInTx                     // inside a logical transaction (rows only)
)

// ExecContext runs query with args.
func (lc *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return lc.exec(ctx, statement{query: query, cls: classify(query), args: args}, func(ctx context.Context) (driver.Result, error) {
		return lc.c.phys.exec.ExecContext(ctx, query, args)
	})
}

// QueryContext runs query with args; the rows hold the turn until closed
// outside a transaction.
func (lc *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return lc.query(ctx, statement{query: query, cls: classify(query), args: args}, func(ctx context.Context) (driver.Rows, func(), error) {
		r, err := lc.c.phys.query.QueryContext(ctx, query, args)
		return r, nil, err
	})
}

// statement is what the log needs of a statement about to run.
type statement struct {
	query    string
	cls      class
	args     []driver.NamedValue
	prepared bool // through the statement cache
}

// exec runs a statement that returns no rows.
func (lc *conn) exec(ctx context.Context, st statement, run func(context.Context) (driver.Result, error)) (driver.Result, error) {
	if t := lc.tx; t != nil {
		ctx, err := t.before(ctx, st.cls, st.query)
		if err != nil {
			return nil, err
		}
		res, err := run(ctx)
		if err != nil {
			return nil, t.after(err)
		}
		if st.cls != classRead {
			t.log.addResult(st.query, st.args, st.prepared, res)
		}
		return res, nil
	}
	c := lc.c
	unit := unitOf(ctx)
	mode, ctx, err := c.startAutocommit(ctx, st.cls, st.query)
	if err != nil {
		return nil, err
	}
	res, err := run(ctx)
	if err == nil && mode == modeMember {
		c.phys.group.log.addResult(st.query, st.args, st.prepared, res)
	}
	if err = c.finishAutocommit(mode, err, unit); err != nil {
		return nil, err
	}
	return res, nil
}

// query runs a statement that returns rows. run returns, with the rows,
// what to do once they are closed (or nil).
func (lc *conn) query(ctx context.Context, st statement, run func(context.Context) (driver.Rows, func(), error)) (driver.Rows, error) {
	if t := lc.tx; t != nil {
		ctx, err := t.before(ctx, st.cls, st.query)
		if err != nil {
			return nil, err
		}
		r, closed, err := run(ctx)
		if err != nil {
			return nil, t.after(err)
		}
		rs := &rows{c: lc.c, tx: t, inner: r, mode: modeInTx, closed: closed, entry: -1}
		if st.cls != classRead {
			rs.log, rs.entry = &t.log, t.log.add(st.query, st.args, st.prepared, true)
		}
		return rs, nil
	}
	c := lc.c
	mode, ctx, err := c.startAutocommit(ctx, st.cls, st.query)
	if err != nil {
		return nil, err
	}
	r, closed, err := run(ctx)
	if err != nil {
		return nil, c.finishAutocommit(mode, err, nil)
	}
	rs := &rows{c: c, inner: r, mode: mode, closed: closed, entry: -1}
	if mode == modeMember {
		g := c.phys.group
		rs.log, rs.entry = &g.log, g.log.add(st.query, st.args, st.prepared, true)
	}
	return rs, nil
}

// startAutocommit takes the turn for a statement outside a logical
// transaction and chooses how it runs, returning the context to run it
// with. A write that finds no group open and nobody waiting opens a group
// all the same when groups linger (see lingers: the next request's write
// may join it), and otherwise runs in SQLite's autocommit. A write inside
// a group runs without ctx's cancellation: SQLite rolls the whole
// transaction back for an interrupted write.
func (c *Connector) startAutocommit(ctx context.Context, cls class, query string) (autocommit, context.Context, error) {
	switch cls {
	case classTxControl, classSavepoint:
		return 0, nil, refusal(cls, query)
	}
	if err := c.acquire(ctx); err != nil {
		return 0, nil, err
	}
	p := c.phys
	switch {
	case cls == classRead:
		return modeRead, ctx, nil
	case cls == classDirect:
		if p.inTx {
			c.endGroup()
		}
		return modeDirect, ctx, nil
	case !p.inTx && c.turn.waiting() == 0 && !c.lingers(nil):
		return modeAlone, ctx, nil
	}
	if err := ctx.Err(); err != nil {
		c.release()
		return 0, nil, err
	}
	if !p.inTx {
		if err := c.beginGroup(); err != nil {
			c.release()
			return 0, nil, err
		}
	}
	return modeMember, context.WithoutCancel(ctx), nil
}

// finishAutocommit ends a statement started by startAutocommit whose run
// returned err, hands the turn on and returns the statement's outcome: a
// member waits for its group's COMMIT and returns its error, or, with a
// unit, leaves that to the unit.
func (c *Connector) finishAutocommit(mode autocommit, err error, unit *Unit) error {
	switch {
	case err != nil:
		if mode == modeRead || mode == modeMember {
			if lost := c.checkLost(err); lost != nil {
				err = lost
			}
		}
		c.checkValid()
		c.release()
		return err
	case mode == modeAlone:
		c.committed(1)
		c.last = 1
		c.noteContention()
		if c.skip > 0 {
			c.skip--
		}
	case mode == modeMember:
		g := c.join(nil)
		c.release()
		if unit != nil && unit.add(g) {
			return nil
		}
		<-g.done
		return g.err
	}
	c.release()
	return nil
}

// refusal is the error of a statement that SQL text may not run here.
func refusal(cls class, query string) error {
	if cls == classTxControl {
		return fmt.Errorf("groupcommit: %q: begin and end transactions with BeginTx, Commit and Rollback, not in SQL", headOf(query))
	}
	return fmt.Errorf("groupcommit: %q runs only inside a transaction (BeginTx)", headOf(query))
}

// headOf returns the start of query, for an error.
func headOf(query string) string {
	const max = 40
	if len(query) > max {
		return query[:max] + "…"
	}
	return query
}

// BeginTx starts a logical transaction: it takes the turn (or returns
// ctx's error) and opens the physical transaction when none is open. The
// isolation level and read-only flag are SQLite's as without groups:
// serializable, since the turn runs one transaction at a time.
func (lc *conn) BeginTx(ctx context.Context, _ driver.TxOptions) (driver.Tx, error) {
	if lc.tx != nil {
		return nil, errors.New("groupcommit: a transaction is already open on this connection")
	}
	c := lc.c
	if err := c.acquire(ctx); err != nil {
		return nil, err
	}
	if !c.phys.inTx {
		if err := c.beginGroup(); err != nil {
			c.release()
			return nil, err
		}
	}
	lc.tx = &tx{lc: lc, unit: unitOf(ctx)}
	return lc.tx, nil
}

// Begin starts a logical transaction.
//
// Deprecated: database/sql calls BeginTx.
func (lc *conn) Begin() (driver.Tx, error) {
	return lc.BeginTx(context.Background(), driver.TxOptions{})
}

// PrepareContext returns a statement of query. The physical statement is
// prepared once and shared by every logical connection; a query already
// prepared needs no turn.
func (lc *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	c := lc.c
	s := &stmt{lc: lc, query: query, cls: classify(query)}
	if c.cached(query) {
		return s, nil
	}
	if lc.tx == nil {
		if err := c.acquire(ctx); err != nil {
			return nil, err
		}
		defer c.release()
	}
	if _, err := c.stmt(ctx, query); err != nil {
		return nil, err
	}
	return s, nil
}

// Prepare returns a statement of query.
func (lc *conn) Prepare(query string) (driver.Stmt, error) {
	return lc.PrepareContext(context.Background(), query)
}

// Ping runs the physical connection's Ping (or SELECT 1) in a turn.
func (lc *conn) Ping(ctx context.Context) error {
	c := lc.c
	if lc.tx == nil {
		if err := c.acquire(ctx); err != nil {
			return err
		}
		defer c.release()
	}
	var err error
	if pinger, ok := c.phys.conn.(driver.Pinger); ok {
		err = pinger.Ping(ctx)
	} else {
		_, err = c.phys.exec.ExecContext(ctx, "SELECT 1", nil)
	}
	if err != nil {
		if lost := c.checkLost(err); lost != nil {
			if lc.tx != nil {
				lc.tx.lost = lost
			}
			return lost
		}
	}
	return err
}

// ResetSession refuses the connection once the Connector is closed.
func (lc *conn) ResetSession(context.Context) error {
	if lc.c.closed.Load() {
		return driver.ErrBadConn
	}
	return nil
}

// IsValid reports whether the Connector is open.
func (lc *conn) IsValid() bool { return !lc.c.closed.Load() }

// Close rolls back a transaction left open; the physical connection stays.
func (lc *conn) Close() error {
	if lc.tx != nil {
		return lc.tx.Rollback()
	}
	return nil
}
