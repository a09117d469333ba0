package groupcommit

import (
	"bytes"
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"time"
)

// A group keeps no savepoints: it keeps the statements that changed the
// database, in the order they ran, and undoes one member by rolling the
// physical transaction back and running the other members' statements
// again. A SAVEPOINT per member would cost, on every member, a copy of
// each page it changes into SQLite's statement journal (the tables' and
// indexes' last pages, a dozen or more for a govops case), which measured
// as much as the COMMITs a group saves; a rollback is rare and pays a
// replay instead.
//
// Replaying the same statements with the same arguments on the same data
// gives the same result, unless SQL calls random() or the clock, or another
// process wrote in between (the write lock is let go for a moment). So the
// replay checks what it can: the database must not have changed under it
// (PRAGMA data_version), and every statement must change as many rows and
// return the same rows as the first time. A replay that differs fails the
// whole group, as a physical failure does: nobody is told "committed" for
// data that is not what it was told.

// logged is a statement that changed the database, with what it did.
type logged struct {
	query    string
	args     []driver.NamedValue // copies: the caller may reuse its buffers
	prepared bool                // run through the statement cache
	rows     bool                // run as a query
	affected int64               // rows changed, for an Exec; -1 unknown
	returned [][]driver.Value    // the rows a query returned, as far as they were read
	failed   bool                // the query failed while its rows were read: SQLite undid it
}

// maxLogBytes bounds the arguments one member may log. A member past it (a
// bulk import in one transaction) is committed in a group of its own
// making: the group commits as it joins, so that no later member's
// rollback ever needs it again.
const maxLogBytes = 1 << 20

// statementLog collects the statements of one member.
type statementLog struct {
	entries  []logged
	bytes    int
	overflow bool // entries were dropped past maxLogBytes
}

// add records a statement that ran with args and returns the index of its
// entry, or -1 past maxLogBytes.
func (l *statementLog) add(query string, args []driver.NamedValue, prepared, rows bool) int {
	if l.overflow {
		return -1
	}
	size := len(query)
	for _, a := range args {
		size += 16
		switch v := a.Value.(type) {
		case string:
			size += len(v)
		case []byte:
			size += len(v)
		}
	}
	if l.bytes += size; l.bytes > maxLogBytes {
		l.entries, l.overflow = nil, true
		return -1
	}
	cp := make([]driver.NamedValue, len(args))
	for i, a := range args {
		if b, ok := a.Value.([]byte); ok {
			a.Value = bytes.Clone(b)
		}
		cp[i] = a
	}
	l.entries = append(l.entries, logged{query: query, args: cp, prepared: prepared, rows: rows, affected: -1})
	return len(l.entries) - 1
}

// addResult records an Exec and what it changed.
func (l *statementLog) addResult(query string, args []driver.NamedValue, prepared bool, res driver.Result) {
	i := l.add(query, args, prepared, false)
	if i < 0 {
		return
	}
	if n, err := res.RowsAffected(); err == nil {
		l.entries[i].affected = n
	}
}

// entry returns the entry at index i, or nil when it is gone (overflow).
func (l *statementLog) entry(i int) *logged {
	if i < 0 || i >= len(l.entries) {
		return nil
	}
	return &l.entries[i]
}

// empty reports whether l holds nothing to replay or keep.
func (l *statementLog) empty() bool { return len(l.entries) == 0 && !l.overflow }

// append adds the entries of m after l's.
func (l *statementLog) append(m *statementLog) {
	if m.overflow {
		l.entries, l.overflow = nil, true
		return
	}
	if !l.overflow {
		l.entries = append(l.entries, m.entries...)
		l.bytes += m.bytes
	}
}

// record appends a copy of a row a logged query returned.
func (e *logged) record(dest []driver.Value) {
	row := make([]driver.Value, len(dest))
	for i, v := range dest {
		if b, ok := v.([]byte); ok {
			v = bytes.Clone(b)
		}
		row[i] = v
	}
	e.returned = append(e.returned, row)
}

// errReplay marks a replay that did not do what the statements did first.
var errReplay = errors.New("groupcommit: a statement of the group did not do the same when run again")

// replay runs the group's statements again on the physical transaction,
// which the turn holder has just begun again; version is the database's
// data_version before the rollback.
func (c *Connector) replay(g *group, version int64) error {
	if g.log.overflow {
		return fmt.Errorf("%w: the group's statements were too large to keep", errReplay)
	}
	now, err := c.dataVersion()
	if err != nil {
		return err
	}
	if now != version {
		return fmt.Errorf("%w: another connection wrote to the database meanwhile", errReplay)
	}
	ctx := context.Background()
	for i := range g.log.entries {
		e := &g.log.entries[i]
		if e.failed {
			continue
		}
		if err := c.replayOne(ctx, e); err != nil {
			return fmt.Errorf("%w: %s: %w", errReplay, headOf(e.query), err)
		}
	}
	return nil
}

func (c *Connector) replayOne(ctx context.Context, e *logged) error {
	p := c.phys
	var ps *physStmt
	if e.prepared {
		var err error
		if ps, err = c.stmt(ctx, e.query); err != nil {
			return err
		}
		if ps.temp {
			defer ps.st.Close()
		}
	}
	if !e.rows {
		var res driver.Result
		var err error
		if ps != nil {
			res, err = ps.exec.ExecContext(ctx, e.args)
		} else {
			res, err = p.exec.ExecContext(ctx, e.query, e.args)
		}
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); e.affected >= 0 && (err != nil || n != e.affected) {
			return fmt.Errorf("changed %d rows, not %d", n, e.affected)
		}
		return nil
	}
	var r driver.Rows
	var err error
	if ps != nil {
		if ps.busy {
			return errors.New("statement busy")
		}
		r, err = ps.query.QueryContext(ctx, e.args)
	} else {
		r, err = p.query.QueryContext(ctx, e.query, e.args)
	}
	if err != nil {
		return err
	}
	defer r.Close()
	dest := make([]driver.Value, len(r.Columns()))
	for i, want := range e.returned {
		if err := r.Next(dest); err != nil {
			if err == io.EOF {
				return fmt.Errorf("returned %d rows, not %d", i, len(e.returned))
			}
			return err
		}
		if !sameRow(dest, want) {
			return fmt.Errorf("row %d differs", i+1)
		}
	}
	return r.Close()
}

// sameRow compares two rows of driver values.
func sameRow(a, b []driver.Value) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		switch x := a[i].(type) {
		case []byte:
			y, ok := b[i].([]byte)
			if !ok || !bytes.Equal(x, y) {
				return false
			}
		case time.Time:
			y, ok := b[i].(time.Time)
			if !ok || !x.Equal(y) {
				return false
			}
		default:
			if a[i] != b[i] {
				return false
			}
		}
	}
	return true
}

// dataVersion returns SQLite's PRAGMA data_version on the physical
// connection: it changes when another connection commits.
func (c *Connector) dataVersion() (int64, error) {
	r, err := c.phys.query.QueryContext(context.Background(), "PRAGMA data_version", nil)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	dest := make([]driver.Value, 1)
	if err := r.Next(dest); err != nil {
		return 0, err
	}
	v, ok := dest[0].(int64)
	if !ok {
		return 0, fmt.Errorf("PRAGMA data_version returned %T", dest[0])
	}
	return v, nil
}
