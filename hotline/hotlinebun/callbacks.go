package hotlinebun

import (
	"context"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/internal/bunstore"
)

// CreateCallback implements hotline.Store: the callback, then its group
// of the callback summary, in one transaction.
func (s *Store) CreateCallback(ctx context.Context, c *hotline.Callback) error {
	row := toCallbackRow(c)
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(&row).Exec(ctx); err != nil {
			return err
		}
		return callbackSummary().Add(ctx, tx, bunstore.SummaryDelta{Key: []any{row.Month, row.Department, row.Result}, Counts: []int64{1}})
	})
	return bunstore.Concurrent("create callback", errs.Err("create callback", err,
		bunstore.Conflict("a callback with this id, or for case %s in %s, already exists", c.CaseNumber, c.Month)))
}

// BulkInsertCallbacks implements hotline.Store with chunked multi-row
// INSERTs (bunstore.InsertChunked) and then the batch's counts, merged per
// group, added to the callback summary, all in one transaction.
func (s *Store) BulkInsertCallbacks(ctx context.Context, cs []hotline.Callback) error {
	if len(cs) == 0 {
		return nil
	}
	rows := make([]callbackRow, len(cs))
	g := newGroups(callbackSummary())
	for i := range cs {
		rows[i] = toCallbackRow(&cs[i])
		g.add(groupKey{rows[i].Month, rows[i].Department, rows[i].Result}, 1)
	}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := bunstore.InsertChunked(ctx, tx, rows); err != nil {
			return err
		}
		return g.write(ctx, tx)
	})
	return bunstore.Concurrent("bulk insert callbacks", errs.Err("bulk insert callbacks", err,
		bunstore.Conflict("a callback of the batch duplicates a stored one or another of the batch (same id, or same case and month); nothing was stored")))
}

// GetCallback implements hotline.Store.
func (s *Store) GetCallback(ctx context.Context, id uuid.UUID) (*hotline.Callback, error) {
	var row callbackRow
	err := s.db.NewSelect().Model(&row).Where("id = ?", id.String()).Scan(ctx)
	if err != nil {
		return nil, errs.Err("get callback", err, bunstore.NotFound("no callback with id %s", id))
	}
	c, err := row.toCallback()
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// ListCallbacks implements hotline.Store.
func (s *Store) ListCallbacks(ctx context.Context, f hotline.CallbackFilter) ([]hotline.Callback, error) {
	var rows []callbackRow
	q := s.db.NewSelect().Model(&rows).OrderExpr("id DESC")
	if !f.Month.IsZero() {
		q.Where("month = ?", f.Month.String())
	}
	if f.Department != "" {
		q.Where("department = ?", f.Department)
	}
	if f.CaseNumber != "" {
		q.Where("case_number = ?", f.CaseNumber)
	}
	if f.Result != "" {
		q.Where("result = ?", string(f.Result))
	}
	if f.After != uuid.Nil {
		q.Where("id < ?", f.After.String())
	}
	if f.Limit > 0 {
		q.Limit(int64(f.Limit))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, errs.Err("list callbacks", err)
	}
	out := make([]hotline.Callback, len(rows))
	for i := range rows {
		c, err := rows[i].toCallback()
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// lookupChunk bounds the IN lists of the existence queries.
const lookupChunk = 500

// ExistingCallbacks implements hotline.Store: it looks the case numbers up
// in chunks and keeps the stored (case, month) pairs that were asked for.
func (s *Store) ExistingCallbacks(ctx context.Context, keys []hotline.CallbackKey) ([]hotline.CallbackKey, error) {
	want := make(map[hotline.CallbackKey]bool, len(keys))
	var numbers []string
	seenNum := map[string]bool{}
	for _, k := range keys {
		want[k] = true
		if !seenNum[k.CaseNumber] {
			seenNum[k.CaseNumber] = true
			numbers = append(numbers, k.CaseNumber)
		}
	}
	var out []hotline.CallbackKey
	found := map[hotline.CallbackKey]bool{}
	err := chunks(numbers, lookupChunk, func(part []string) error {
		var rows []struct {
			CaseNumber string `bun:"case_number"`
			Month      string `bun:"month"`
		}
		if err := s.db.NewSelect().TableExpr("hotline_callbacks").Column("case_number", "month").
			Where("case_number IN (?)", bun.List(part)).Scan(ctx, &rows); err != nil {
			return errs.Err("look up callbacks", err)
		}
		for _, r := range rows {
			m, err := readMonth(r.Month)
			if err != nil {
				return err
			}
			k := hotline.CallbackKey{CaseNumber: r.CaseNumber, Month: m}
			if want[k] && !found[k] {
				found[k] = true
				out = append(out, k)
			}
		}
		return nil
	})
	return out, err
}

// CallbackCounts implements hotline.Store from the callback summary: one
// read of the range's groups by primary key, whatever the number of
// callbacks.
func (s *Store) CallbackCounts(ctx context.Context, r hotline.MonthRange) ([]hotline.CallbackCount, error) {
	var rows []callbackGroup
	err := s.db.NewSelect().TableExpr("hotline_callback_summary").
		Column("month", "department", "result", "n").
		Where("month >= ? AND month <= ?", r.First.String(), r.Last.String()).
		Where("n > 0").
		Scan(ctx, &rows)
	if err != nil {
		return nil, errs.Err("count callbacks", err)
	}
	return callbackCounts(rows)
}
