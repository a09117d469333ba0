package licensebun

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/bunstore"
)

// keyTaken is the message of a write that a unique index refused, before
// explain finds which value was taken.
func keyTaken() bunstore.Refusal {
	return bunstore.Conflict("a key of this write (a code, number, identifier, id or event id) is taken; nothing was written")
}

// explain returns err, or, when err is an ECONFLICT whose taken value one
// of finds names, an ECONFLICT naming it. It runs after the refused write
// has rolled back, so that the unique index, not a read before the write,
// decides, and the message costs a query only when there is one to give.
func explain(ctx context.Context, err error, finds ...func(ctx context.Context) string) error {
	if govops.ErrorCode(err) != govops.ECONFLICT {
		return err
	}
	ctx = context.WithoutCancel(ctx)
	for _, find := range finds {
		if msg := find(ctx); msg != "" {
			return govops.Errorf(govops.ECONFLICT, "%s; nothing was written", msg)
		}
	}
	return err
}

// eventsTaken finds an event ID of events that another event of events or a
// stored event has.
func (s *Store) eventsTaken(events []eventRow) func(ctx context.Context) string {
	return func(ctx context.Context) string {
		ids := make([]string, 0, len(events))
		seen := make(map[string]bool, len(events))
		for _, e := range events {
			if seen[e.ID] {
				return fmt.Sprintf("event id %s is given twice", e.ID)
			}
			seen[e.ID] = true
			ids = append(ids, e.ID)
		}
		if len(ids) == 0 {
			return ""
		}
		var taken []string
		if s.db.NewSelect().TableExpr("license_events").Column("id").Where("id IN (?)", bun.List(ids)).Limit(1).Scan(ctx, &taken) != nil || len(taken) == 0 {
			return ""
		}
		return fmt.Sprintf("event id %s is taken", taken[0])
	}
}

// recordTaken finds the key of r (its ID, identifier, number within its
// type or exclusive key, in that order) that a stored record takes, other
// than the records of the IDs of ignore.
func (s *Store) recordTaken(r *recordRow, ignore ...string) func(ctx context.Context) string {
	return func(ctx context.Context) string {
		var rows []recordRow
		q := s.db.NewSelect().Model(&rows).Column("id", "identifier", "type", "number", "exclusive_key").
			WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
				q.Where("id = ?", r.ID).WhereOr("identifier = ?", r.Identifier).
					WhereOr("number_key = ?", r.NumberKey)
				if r.ExclusiveKey != "" {
					q.WhereOr("exclusive_key = ?", r.ExclusiveKey)
				}
				return q
			}).Limit(4)
		if err := q.Scan(ctx); err != nil {
			return ""
		}
		others := rows[:0]
		for _, o := range rows {
			if !contains(ignore, o.ID) {
				others = append(others, o)
			}
		}
		for _, o := range others {
			if o.ID == r.ID {
				return fmt.Sprintf("a record with id %s is stored already", r.ID)
			}
		}
		for _, o := range others {
			if o.Identifier == r.Identifier {
				return fmt.Sprintf("license identifier %s is taken", r.Identifier)
			}
		}
		for _, o := range others {
			if o.Type == r.Type && o.Number == r.Number {
				return fmt.Sprintf("license number %s of type %s is taken by %s", r.Number, r.Type, o.Identifier)
			}
		}
		for _, o := range others {
			if r.ExclusiveKey != "" && o.ExclusiveKey == r.ExclusiveKey {
				return fmt.Sprintf("holder %s has a valid license of type %s already (%s), and the type allows one",
					r.HolderCode, r.Type, o.Identifier)
			}
		}
		return ""
	}
}

// contains reports whether xs holds x.
func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// idTaken finds whether the row of table with id is stored.
func (s *Store) idTaken(table, what, id string) func(ctx context.Context) string {
	return func(ctx context.Context) string {
		if found, err := s.db.NewSelect().TableExpr(table).Where("id = ?", id).Exists(ctx); err != nil || !found {
			return ""
		}
		return fmt.Sprintf("a %s with id %s is stored already", what, id)
	}
}
