package groupcommit

import (
	"context"
	"database/sql/driver"
	"fmt"
)

// stmt is a logical prepared statement: its SQL text and class. The
// physical statement is looked up by text at each use, so that a pool of
// many logical connections shares one physical statement per query, and a
// statement finalized to bound the cache is prepared again when next used.
type stmt struct {
	lc    *conn
	query string
	cls   class
}

var (
	_ driver.Stmt             = (*stmt)(nil)
	_ driver.StmtExecContext  = (*stmt)(nil)
	_ driver.StmtQueryContext = (*stmt)(nil)
)

// physStmt is a statement prepared on the physical connection.
type physStmt struct {
	st    driver.Stmt
	exec  driver.StmtExecContext
	query driver.StmtQueryContext
	busy  bool // rows are open on it (turn held)
	temp  bool // prepared for one use because the cached one was busy
}

// Close does nothing: the physical statement stays cached for the other
// logical connections, and is finalized when the cache is full or the
// Connector closes.
func (s *stmt) Close() error { return nil }

// NumInput returns -1: SQLite checks the arguments itself.
func (s *stmt) NumInput() int { return -1 }

// ExecContext runs the statement with args.
func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	c := s.lc.c
	return s.lc.exec(ctx, statement{query: s.query, cls: s.cls, args: args, prepared: true}, func(ctx context.Context) (driver.Result, error) {
		ps, err := c.stmt(ctx, s.query)
		if err != nil {
			return nil, err
		}
		res, err := ps.exec.ExecContext(ctx, args)
		if ps.temp {
			ps.st.Close()
		}
		return res, err
	})
}

// QueryContext runs the statement with args.
func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	c := s.lc.c
	return s.lc.query(ctx, statement{query: s.query, cls: s.cls, args: args, prepared: true}, func(ctx context.Context) (driver.Rows, func(), error) {
		ps, err := c.stmt(ctx, s.query)
		if err != nil {
			return nil, nil, err
		}
		r, err := ps.query.QueryContext(ctx, args)
		if err != nil {
			if ps.temp {
				ps.st.Close()
			}
			return nil, nil, err
		}
		ps.busy = true
		return r, func() {
			ps.busy = false
			if ps.temp {
				ps.st.Close()
			}
		}, nil
	})
}

// Exec runs the statement with args.
//
// Deprecated: database/sql calls ExecContext.
func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), named(args))
}

// Query runs the statement with args.
//
// Deprecated: database/sql calls QueryContext.
func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), named(args))
}

func named(args []driver.Value) []driver.NamedValue {
	nv := make([]driver.NamedValue, len(args))
	for i, v := range args {
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return nv
}

// cached reports whether query has a physical statement.
func (c *Connector) cached(query string) bool {
	c.stmtMu.Lock()
	defer c.stmtMu.Unlock()
	_, ok := c.stmts[query]
	return ok
}

// stmt returns the physical statement of query, preparing it when it is
// not cached, or for this use alone when rows are open on the cached one
// (a second query of the same text inside one transaction). The turn must
// be held. A full cache finalizes one idle statement first.
func (c *Connector) stmt(ctx context.Context, query string) (*physStmt, error) {
	c.stmtMu.Lock()
	cached := c.stmts[query]
	c.stmtMu.Unlock()
	if cached != nil && !cached.busy {
		return cached, nil
	}
	st, err := c.phys.prep.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	ps := &physStmt{st: st, temp: cached != nil}
	var ok1, ok2 bool
	ps.exec, ok1 = st.(driver.StmtExecContext)
	ps.query, ok2 = st.(driver.StmtQueryContext)
	if !ok1 || !ok2 {
		st.Close()
		return nil, fmt.Errorf("groupcommit: %T lacks ExecContext or QueryContext", st)
	}
	if ps.temp {
		return ps, nil
	}
	c.stmtMu.Lock()
	defer c.stmtMu.Unlock()
	if len(c.stmts) >= c.opts.MaxStmts {
		for q, old := range c.stmts {
			if !old.busy {
				old.st.Close()
				delete(c.stmts, q)
				break
			}
		}
	}
	c.stmts[query] = ps
	return ps, nil
}
