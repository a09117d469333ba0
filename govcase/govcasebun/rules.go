package govcasebun

import (
	"context"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/bunstore"
)

// SaveRoutingRule stores r, replacing a rule with the same ID, in one
// upsert statement so that concurrent saves of one rule never fail.
func (s *Store) SaveRoutingRule(ctx context.Context, r govcase.RoutingRule) error {
	row, err := toRuleRow(r)
	if err != nil {
		return err
	}
	q := s.db.NewInsert().Model(row)
	cols := []string{"kind", "category", "keywords", "department", "priority", "created_at"}
	if s.dialect == dialect.MySQL {
		q.On("DUPLICATE KEY UPDATE")
		for _, c := range cols {
			q.Set("? = VALUES(?)", bun.Ident(c), bun.Ident(c))
		}
	} else {
		q.On("CONFLICT (id) DO UPDATE")
		for _, c := range cols {
			q.Set("? = EXCLUDED.?", bun.Ident(c), bun.Ident(c))
		}
	}
	if _, err := q.Exec(ctx); err != nil {
		return errs.Err("save routing rule", err)
	}
	return nil
}

// DeleteRoutingRule removes a rule, or returns ENOTFOUND.
func (s *Store) DeleteRoutingRule(ctx context.Context, id uuid.UUID) error {
	res, err := s.db.NewDelete().Model((*ruleRow)(nil)).Where("id = ?", id.String()).Exec(ctx)
	if err != nil {
		return errs.Err("delete routing rule", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return errs.Err("delete routing rule", err)
	}
	if n == 0 {
		return govops.Errorf(govops.ENOTFOUND, "routing rule %s not found", id)
	}
	return nil
}

// ListRoutingRules returns every rule by Priority descending, then ID.
func (s *Store) ListRoutingRules(ctx context.Context) ([]govcase.RoutingRule, error) {
	var rows []ruleRow
	if err := s.db.NewSelect().Model(&rows).OrderExpr("priority DESC, id ASC").Scan(ctx); err != nil {
		return nil, errs.Err("list routing rules", err)
	}
	return bunstore.FromRows(rows, fromRuleRow)
}
