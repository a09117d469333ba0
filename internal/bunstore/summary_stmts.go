package bunstore

import (
	"context"
	"database/sql"
	"sync"

	"github.com/uptrace/bun"
)

// SummaryStmts are the upserts of a Summary prepared once per *bun.DB, one
// for each number of groups from 1 to a maximum: what Summary.Add sends,
// without the parse and plan that a statement with its values inlined
// costs on every write (on SQLite, two fifths of an Add of four groups).
// A Store that changes a few groups per write (a record's old and new
// group) prepares them with Prepare before its write's transaction begins.
//
// It is safe for concurrent use.
type SummaryStmts struct {
	s   Summary
	db  *bun.DB
	max int

	mu    sync.Mutex
	stmts []*sql.Stmt // stmts[i] adds i+1 groups; nil until Prepare
}

// Prepared returns the upserts of s over db for 1 to max groups, prepared
// by Prepare.
func (s Summary) Prepared(db *bun.DB, max int) *SummaryStmts {
	return &SummaryStmts{s: s, db: db, max: max}
}

// Prepare prepares the statements, once. It must be called outside any
// transaction: preparing takes a connection of the pool, and a SQLite
// pool has only the one a transaction holds.
func (p *SummaryStmts) Prepare(ctx context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stmts != nil {
		return nil
	}
	stmts := make([]*sql.Stmt, p.max)
	for i := range stmts {
		query := p.s.upsertSQL(p.db.Dialect().Name(), i+1, true)
		st, err := p.db.DB.PrepareContext(ctx, query)
		if err != nil {
			for _, st := range stmts[:i] {
				st.Close()
			}
			return err
		}
		stmts[i] = st
	}
	p.stmts = stmts
	return nil
}

// Add is Summary.Add through the statement prepared for the number of
// groups the merged deltas change; more groups than the maximum, or a
// call before Prepare, go through Summary.Add.
func (p *SummaryStmts) Add(ctx context.Context, tx bun.IDB, deltas ...SummaryDelta) error {
	merged := p.s.merge(deltas)
	if len(merged) == 0 {
		return nil
	}
	p.mu.Lock()
	var st *sql.Stmt
	if len(merged) <= len(p.stmts) {
		st = p.stmts[len(merged)-1]
	}
	p.mu.Unlock()
	if st == nil {
		return p.s.Add(ctx, tx, merged...)
	}
	args := p.s.upsertArgs(merged)
	switch t := tx.(type) {
	case bun.Tx:
		st = t.Tx.StmtContext(ctx, st)
	case *bun.Tx:
		st = t.Tx.StmtContext(ctx, st)
	}
	_, err := st.ExecContext(ctx, args...)
	return err
}

// Close releases the statements; a later Prepare prepares them again.
func (p *SummaryStmts) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	var first error
	for _, st := range p.stmts {
		if err := st.Close(); err != nil && first == nil {
			first = err
		}
	}
	p.stmts = nil
	return first
}
