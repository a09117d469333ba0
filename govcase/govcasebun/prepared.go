package govcasebun

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/schema"
)

// writeStmts are the statements of the write path (CreateCase, UpdateCase),
// prepared once per Store. bun inlines every value into the SQL text, so
// each of its inserts is a new statement the database parses and plans
// again; on SQLite that parsing was a fifth of the cost of creating a case.
// A prepared statement is parsed once per connection and then only bound.
//
// The statements are built from bun's schema of caseRow and eventRow, so
// the row structs stay the one list of columns, and their arguments are the
// values bun would have inlined (see rowArgs). Prepared statements bypass
// bun's query hooks: a bundebug or tracing hook on the *bun.DB does not see
// these three statements.
type writeStmts struct {
	insertCase  *sql.Stmt
	updateCase  *sql.Stmt
	insertEvent *sql.Stmt

	caseTable, eventTable *schema.Table
	caseUpdate            []*schema.Field // every case column but the primary key
}

// stmts returns the Store's prepared statements, preparing them on first
// use. A failure is not remembered, so a Store used before Migrate works
// once the tables exist.
//
// It must be called outside any transaction: preparing takes a connection
// of the *bun.DB, and a SQLite pool has only the one a transaction holds.
func (s *Store) stmts(ctx context.Context) (*writeStmts, error) {
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	if s.prepared != nil {
		return s.prepared, nil
	}
	w := &writeStmts{
		caseTable:  s.db.Table(reflect.TypeFor[caseRow]()),
		eventTable: s.db.Table(reflect.TypeFor[eventRow]()),
	}
	for _, f := range w.caseTable.Fields {
		if !f.IsPK {
			w.caseUpdate = append(w.caseUpdate, f)
		}
	}
	var err error
	prepare := func(query string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var st *sql.Stmt
		if st, err = s.db.DB.PrepareContext(ctx, query); err != nil {
			err = internal("prepare "+query, err)
		}
		return st
	}
	w.insertCase = prepare(s.insertSQL(w.caseTable))
	w.insertEvent = prepare(s.insertSQL(w.eventTable))
	w.updateCase = prepare(s.updateSQL(w.caseTable, w.caseUpdate))
	if err != nil {
		w.close()
		return nil, err
	}
	s.prepared = w
	return w, nil
}

// Close releases the Store's prepared statements. It does not close the
// *bun.DB, which belongs to the caller; a Store used after Close prepares
// its statements again.
func (s *Store) Close() error {
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	if s.prepared == nil {
		return nil
	}
	err := s.prepared.close()
	s.prepared = nil
	return err
}

func (w *writeStmts) close() error {
	var first error
	for _, st := range []*sql.Stmt{w.insertCase, w.updateCase, w.insertEvent} {
		if st == nil {
			continue
		}
		if err := st.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// placeholder returns the dialect's marker of the i-th argument (from 1).
func (s *Store) placeholder(i int) string {
	if s.dialect == dialect.PG {
		return fmt.Sprintf("$%d", i)
	}
	return "?"
}

// insertSQL is "INSERT INTO t (every column) VALUES (one marker each)", the
// columns in the order of t.Fields, which rowArgs follows.
func (s *Store) insertSQL(t *schema.Table) string {
	cols := make([]string, len(t.Fields))
	marks := make([]string, len(t.Fields))
	for i, f := range t.Fields {
		cols[i] = string(f.SQLName)
		marks[i] = s.placeholder(i + 1)
	}
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", t.SQLName, strings.Join(cols, ", "), strings.Join(marks, ", "))
}

// updateSQL sets every column of set and matches the row by primary key and
// stored version: the arguments are rowArgs(set), the id, then the version.
func (s *Store) updateSQL(t *schema.Table, set []*schema.Field) string {
	assign := make([]string, len(set))
	for i, f := range set {
		assign[i] = fmt.Sprintf("%s = %s", f.SQLName, s.placeholder(i+1))
	}
	return fmt.Sprintf("UPDATE %s SET %s WHERE %s = %s AND %s = %s", t.SQLName, strings.Join(assign, ", "),
		t.PKs[0].SQLName, s.placeholder(len(set)+1),
		t.LookupField("version").SQLName, s.placeholder(len(set)+2))
}

// rowArgs returns the values of fields of the row struct that row points
// to, as bun would write them: NULL for a nil pointer or a zero nullzero
// field, and times as the text the dialect inlines (on SQLite that text is
// what the column holds, so rows written here and by bun are byte-identical
// and compare and sort together; PostgreSQL and MySQL parse it into the
// same TIMESTAMPTZ or DATETIME(6) value bun's literal gives).
func (s *Store) rowArgs(fields []*schema.Field, row any, extra ...any) []any {
	strct := reflect.ValueOf(row).Elem()
	args := make([]any, 0, len(fields)+len(extra))
	for _, f := range fields {
		if (f.IsPtr && f.HasNilValue(strct)) || (f.NullZero && f.HasZeroValue(strct)) {
			args = append(args, nil)
			continue
		}
		v := f.Value(strct).Interface()
		if t, ok := v.(time.Time); ok {
			lit := s.db.Dialect().AppendTime(nil, t) // a quoted literal: '…'
			v = string(lit[1 : len(lit)-1])
		}
		args = append(args, v)
	}
	return append(args, extra...)
}

// exec runs a prepared statement inside tx; database/sql prepares it on
// the transaction's connection the first time that connection runs it.
func exec(ctx context.Context, tx bun.Tx, st *sql.Stmt, args []any) (sql.Result, error) {
	return tx.StmtContext(ctx, st).ExecContext(ctx, args...)
}
