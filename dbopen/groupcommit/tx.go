package groupcommit

import (
	"context"
	"fmt"
)

// tx is a logical transaction. It holds the turn from BeginTx to Commit or
// Rollback, so that its statements run one after another on the physical
// transaction with nobody else's in between, and it logs those that change
// the database (see log.go).
type tx struct {
	lc   *conn
	log  statementLog
	lost error // SQLite rolled the group back under it
	unit *Unit // of BeginTx's context: Commit does not wait
}

// before checks a statement of class cls before it runs in t and returns
// the context to run it with: a write is not interrupted by ctx, since
// SQLite would roll back the whole group for it; ctx is checked first.
func (t *tx) before(ctx context.Context, cls class, query string) (context.Context, error) {
	if t.lost != nil {
		return nil, t.lost
	}
	if cls == classTxControl {
		return nil, refusal(cls, query)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if cls == classRead {
		return ctx, nil
	}
	return context.WithoutCancel(ctx), nil
}

// after returns the error of a statement of t that failed with err: the
// group's if SQLite rolled the transaction back, else err, which t's own
// code may handle and go on.
func (t *tx) after(err error) error {
	if lost := t.lc.c.checkLost(err); lost != nil {
		t.lost = lost
		return lost
	}
	return err
}

// Commit adds t's statements to the group, hands the turn on and waits
// for the group's COMMIT, whose error it returns; a transaction begun with
// a Unit's context leaves the outcome to the Unit and returns nil. A
// transaction that changed nothing returns at once.
func (t *tx) Commit() error {
	c := t.lc.c
	t.lc.tx = nil
	if t.lost != nil {
		c.release()
		return t.lost
	}
	if t.log.empty() {
		c.release()
		return nil
	}
	g := c.join(&t.log)
	c.release()
	if t.unit != nil && t.unit.add(g) {
		return nil
	}
	<-g.done
	return g.err
}

// Rollback undoes t alone (see undo) and returns at once.
func (t *tx) Rollback() error {
	c := t.lc.c
	t.lc.tx = nil
	var err error
	if t.lost == nil && !t.log.empty() {
		err = c.undo()
	}
	c.release()
	return err
}

// undo takes back what the turn holder wrote since the group's last
// member joined: it rolls the physical transaction back and, when the
// group has members, begins it again and replays their statements. A
// replay that fails or differs fails the group (see log.go); the holder's
// own rollback has succeeded either way.
func (c *Connector) undo() error {
	p := c.phys
	g := p.group
	version, verr := c.dataVersion()
	_, err := p.exec.ExecContext(context.Background(), "ROLLBACK", nil)
	p.inTx, p.group = false, nil
	if err != nil {
		// The transaction may still be open: a group cannot go on
		// from an unknown state.
		c.failGroup(g, fmt.Errorf("groupcommit: rollback: %w", err))
		_, _ = p.exec.ExecContext(context.Background(), "ROLLBACK", nil)
		return fmt.Errorf("groupcommit: rollback: %w", err)
	}
	if g.members == 0 {
		close(g.done)
		return nil
	}
	if c.beforeReplay != nil {
		c.beforeReplay()
	}
	if verr == nil {
		verr = c.beginPhysical()
	}
	if verr == nil {
		p.group = g
		c.replays.Add(1)
		verr = c.replay(g, version)
	}
	if verr != nil {
		if p.inTx {
			_, _ = p.exec.ExecContext(context.Background(), "ROLLBACK", nil)
			p.inTx, p.group = false, nil
		}
		c.failGroup(g, fmt.Errorf("groupcommit: the group could not be restored after a member's rollback: %w", verr))
	}
	return nil
}
