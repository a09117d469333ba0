package bunstore

import (
	"context"

	"github.com/uptrace/bun"
)

// Versioned writes an aggregate of row struct R, which has a version
// column, together with its append-only event rows E, each write in one
// transaction: a reader never sees an aggregate whose version has no
// matching event, nor an event of a write that was refused. Both go through
// prepared statements (see Table).
//
// A unique index on the events' (aggregate, sequence), which every govops
// schema has, makes two writers that both bypass the version check still
// fail, with ECONFLICT.
//
// It is safe for concurrent use.
type Versioned[R, E any] struct {
	rows   *Table[R]
	events *Table[E]
}

// NewVersioned returns the writes of aggregate rows R and event rows E over
// db, whose failures errs maps.
func NewVersioned[R, E any](db *bun.DB, errs Errors) *Versioned[R, E] {
	return &Versioned[R, E]{rows: NewTable[R](db, errs), events: NewTable[E](db, errs)}
}

// Get reads into row the aggregate row whose column equals value (see
// Table.Get).
func (v *Versioned[R, E]) Get(ctx context.Context, row *R, column string, value any, refusals ...Refusal) error {
	return v.rows.Get(ctx, row, column, value, refusals...)
}

// Create inserts row and then events in one transaction. A unique violation
// of either is ECONFLICT with the Conflict refusal, and nothing is stored
// then.
func (v *Versioned[R, E]) Create(ctx context.Context, row *R, events []E, refusals ...Refusal) error {
	return v.CreateWith(ctx, row, events, Steps{}, refusals...)
}

// Steps are a write's own statements in the transaction of a Versioned
// write. Before runs first, before the aggregate's row is written: it may
// read the row as it was. After runs last, once the row and the events
// are written: it adds the write's deltas to the Store's summaries
// (Summary.Add), so that every writer locks the aggregate before the
// summary rows. An error from either writes nothing.
type Steps struct {
	Before, After func(ctx context.Context, tx bun.IDB) error
}

// CreateWith is Create with steps of its own in the same transaction.
func (v *Versioned[R, E]) CreateWith(ctx context.Context, row *R, events []E, steps Steps, refusals ...Refusal) error {
	return v.write(ctx, v.rows.insertOp, events, refusals, steps, func(ctx context.Context, tx *bun.Tx, rs *tableStmts) error {
		return v.rows.insert(ctx, tx, rs, row, refusals)
	})
}

// Update writes row over the stored row at version row.version-1, bumping
// the stored version to row.version, and inserts events, in one
// transaction. When no row has row's key it returns ENOTFOUND (the NotFound
// refusal); when the row has moved to another version, ECONFLICT (the Stale
// refusal); when a unique index refuses the row or an event, ECONFLICT (the
// Conflict refusal). Nothing is written then.
func (v *Versioned[R, E]) Update(ctx context.Context, row *R, events []E, refusals ...Refusal) error {
	return v.UpdateWith(ctx, row, events, Steps{}, refusals...)
}

// UpdateWith is Update with steps of its own in the same transaction.
func (v *Versioned[R, E]) UpdateWith(ctx context.Context, row *R, events []E, steps Steps, refusals ...Refusal) error {
	return v.write(ctx, v.rows.updateOp, events, refusals, steps, func(ctx context.Context, tx *bun.Tx, rs *tableStmts) error {
		return v.rows.update(ctx, tx, rs, row, refusals)
	})
}

// write runs steps.Before, writeRow, appends events and runs steps.After,
// in one transaction, with
// the statements prepared before it begins.
func (v *Versioned[R, E]) write(ctx context.Context, op string, events []E, refusals []Refusal, steps Steps,
	writeRow func(ctx context.Context, tx *bun.Tx, rs *tableStmts) error) error {
	rs, es, err := v.prepared(ctx)
	if err != nil {
		return err
	}
	err = v.rows.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if steps.Before != nil {
			if err := steps.Before(ctx, tx); err != nil {
				return err
			}
		}
		if err := writeRow(ctx, &tx, rs); err != nil {
			return err
		}
		if err := v.appendEvents(ctx, &tx, es, events, refusals); err != nil {
			return err
		}
		if steps.After != nil {
			return steps.After(ctx, tx)
		}
		return nil
	})
	return v.rows.errs.Err(op, err)
}

// appendEvents inserts events one prepared statement each: a write appends
// a single event as a rule, for which a multi-row insert would only add a
// statement to parse.
func (v *Versioned[R, E]) appendEvents(ctx context.Context, tx *bun.Tx, es *tableStmts, events []E, refusals []Refusal) error {
	for i := range events {
		if err := v.events.insert(ctx, tx, es, &events[i], refusals); err != nil {
			return err
		}
	}
	return nil
}

// prepared returns the statements of both tables, preparing them outside
// the transaction that will use them.
func (v *Versioned[R, E]) prepared(ctx context.Context) (rows, events *tableStmts, err error) {
	if rows, err = v.rows.prepared(ctx); err != nil {
		return nil, nil, err
	}
	if events, err = v.events.prepared(ctx); err != nil {
		return nil, nil, err
	}
	return rows, events, nil
}

// Close releases the prepared statements of both tables; the *bun.DB stays
// open.
func (v *Versioned[R, E]) Close() error {
	err := v.rows.Close()
	if eerr := v.events.Close(); err == nil {
		err = eerr
	}
	return err
}
