package bunstore

import (
	"context"

	"github.com/uptrace/bun"
)

// InsertWith is Insert with steps of its own (see Steps) in one
// transaction: Before, the prepared INSERT of row, then After. A store
// whose row has no events adds its summary deltas in After. An error from
// either step writes nothing and comes back mapped as the INSERT's would.
func (t *Table[R]) InsertWith(ctx context.Context, row *R, steps Steps, refusals ...Refusal) error {
	s, err := t.prepared(ctx)
	if err != nil {
		return err
	}
	return t.withSteps(ctx, t.insertOp, steps, func(ctx context.Context, tx *bun.Tx) error {
		return t.insert(ctx, tx, s, row, refusals)
	})
}

// UpdateWith is Update with steps of its own in one transaction: Before
// (which may read the stored row as it was), the prepared versioned UPDATE
// of row, then After.
func (t *Table[R]) UpdateWith(ctx context.Context, row *R, steps Steps, refusals ...Refusal) error {
	s, err := t.prepared(ctx)
	if err != nil {
		return err
	}
	return t.withSteps(ctx, t.updateOp, steps, func(ctx context.Context, tx *bun.Tx) error {
		return t.update(ctx, tx, s, row, refusals)
	})
}

// withSteps runs steps.Before, write and steps.After in one transaction.
func (t *Table[R]) withSteps(ctx context.Context, op string, steps Steps, write func(ctx context.Context, tx *bun.Tx) error) error {
	err := t.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if steps.Before != nil {
			if err := steps.Before(ctx, tx); err != nil {
				return err
			}
		}
		if err := write(ctx, &tx); err != nil {
			return err
		}
		if steps.After != nil {
			return steps.After(ctx, tx)
		}
		return nil
	})
	return t.errs.Err(op, err)
}
