package bunstore

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
)

// UpdateIn writes row over the stored row of its ID at version-1, inside
// tx: ENOTFOUND when there is none, ECONFLICT when it has moved; what
// names the record in those messages. It is the versioned write of a
// record that a Store changes together with others in one transaction
// (Versioned writes one record alone).
func UpdateIn[R any](ctx context.Context, tx bun.IDB, row *R, id string, version int64, what string) error {
	res, err := tx.NewUpdate().Model(row).WherePK().Where("version = ?", version-1).Exec(ctx)
	if err != nil {
		return err
	}
	// The version always changes, so MySQL's count of changed rows is the
	// count of matched rows.
	n, err := res.RowsAffected()
	if err != nil || n > 0 {
		return err
	}
	found, err := tx.NewSelect().Model((*R)(nil)).Where("id = ?", id).Exists(ctx)
	if err != nil {
		return err
	}
	if !found {
		return govops.Errorf(govops.ENOTFOUND, "no %s %s; nothing was written", what, id)
	}
	return govops.Errorf(govops.ECONFLICT, "%s %s is no longer at version %d: it was changed meanwhile; reload it and retry", what, id, version-1)
}

// WriteWithEvents runs fn in one transaction of db that last appends the
// event rows evs, and maps its failure through errs as op: a unique
// violation is ECONFLICT with taken, a concurrent writer ECONFLICT
// (Concurrent). A done ctx writes nothing.
func WriteWithEvents[E any](ctx context.Context, db *bun.DB, errs Errors, op string, evs []E, taken Refusal,
	fn func(ctx context.Context, tx bun.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return errs.Err(op, err)
	}
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := fn(ctx, tx); err != nil {
			return err
		}
		return InsertChunked(ctx, tx, evs)
	})
	return Concurrent(op, errs.Err(op, err, taken))
}

// CloseAll closes each of cs (a Store's prepared statements) and returns
// the first error.
func CloseAll(cs ...interface{ Close() error }) error {
	var first error
	for _, c := range cs {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
