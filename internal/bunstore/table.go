package bunstore

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/schema"

	"github.com/govops-kit/govops"
)

// Table holds the prepared single-row writes of one bun row struct R: an
// INSERT of every column and, when R has an integer field named version, a
// versioned UPDATE of every other column,
//
//	UPDATE t SET …, version = version + 1 WHERE <primary key> = ? AND version = ?
//
// bun inlines every value into new SQL text, which the database parses and
// plans again each time (on SQLite, a fifth of the cost of creating a
// govcase case); a prepared statement is parsed once per connection and
// then only bound. The statements are built from bun's schema of R, so the row
// struct stays the one list of columns, and bound to the values bun would
// have inlined (rows written here and by bun are byte-identical). They
// bypass bun's query hooks: a bundebug or tracing hook on the *bun.DB does
// not see them.
//
// A Table is safe for concurrent use. It prepares its statements on first
// use, and does not remember a failure, so a store used before its
// migrations ran works once the tables exist.
type Table[R any] struct {
	db       *bun.DB
	errs     Errors
	schema   *schema.Table
	set      []*schema.Field // what an update writes: all but the primary key and version
	version  *schema.Field   // nil when R has no version column
	insertOp string
	updateOp string

	mu    sync.Mutex
	stmts *tableStmts          // nil until first use
	gets  map[string]*sql.Stmt // the prepared reads of Get, by column
}

// tableStmts are a Table's prepared statements; update is nil without a
// version column.
type tableStmts struct{ insert, update *sql.Stmt }

// NewTable returns the writes of row struct R (a bun model) over db,
// whose failures errs maps.
func NewTable[R any](db *bun.DB, errs Errors) *Table[R] {
	st := db.Table(reflect.TypeFor[R]())
	t := &Table[R]{db: db, errs: errs, schema: st, version: st.LookupField("version"),
		insertOp: "insert into " + st.Name, updateOp: "update " + st.Name}
	for _, f := range st.Fields {
		if !f.IsPK && f != t.version {
			t.set = append(t.set, f)
		}
	}
	return t
}

// prepared returns the Table's statements, preparing them on first use. It
// must be called outside any transaction: preparing takes a connection of
// the *bun.DB, and a SQLite pool has only the one a transaction holds.
func (t *Table[R]) prepared(ctx context.Context) (*tableStmts, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stmts != nil {
		return t.stmts, nil
	}
	var err error
	prepare := func(query string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var st *sql.Stmt
		if st, err = t.db.DB.PrepareContext(ctx, query); err != nil {
			err = t.errs.Err("prepare "+query, err)
		}
		return st
	}
	s := &tableStmts{insert: prepare(t.insertSQL())}
	if t.version != nil {
		s.update = prepare(t.updateSQL())
	}
	if err != nil {
		s.close()
		return nil, err
	}
	t.stmts = s
	return s, nil
}

// Close releases the prepared statements. It does not close the *bun.DB,
// which belongs to the caller; a Table used after Close prepares its
// statements again.
func (t *Table[R]) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	var err error
	for c, st := range t.gets {
		if cerr := st.Close(); cerr != nil && err == nil {
			err = cerr
		}
		delete(t.gets, c)
	}
	if t.stmts == nil {
		return err
	}
	if cerr := t.stmts.close(); cerr != nil && err == nil {
		err = cerr
	}
	t.stmts = nil
	return err
}

// Get reads into row the row whose column (its SQL name, which must be one
// of R's) equals value, with a SELECT of every column prepared once per
// column: the reads that every change of an aggregate starts with then cost
// no parse. The first row is read when several match: column should be
// unique. No row is ENOTFOUND with the NotFound refusal. Like the writes, it
// bypasses bun's query hooks. It must be called outside a transaction.
func (t *Table[R]) Get(ctx context.Context, row *R, column string, value any, refusals ...Refusal) error {
	op := "select from " + t.schema.Name
	st, err := t.getStmt(ctx, column)
	if err != nil {
		return err
	}
	rows, err := st.QueryContext(ctx, value)
	if err != nil {
		return t.errs.Err(op, err, refusals...)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return t.errs.Err(op, err, refusals...)
		}
		return t.errs.Err(op, sql.ErrNoRows, refusals...)
	}
	if err := t.db.ScanRow(ctx, rows, row); err != nil {
		return t.errs.Err(op, err, refusals...)
	}
	if err := rows.Close(); err != nil {
		return t.errs.Err(op, err, refusals...)
	}
	return nil
}

// getStmt returns the prepared read of Get by column, preparing it on
// first use.
func (t *Table[R]) getStmt(ctx context.Context, column string) (*sql.Stmt, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if st, ok := t.gets[column]; ok {
		return st, nil
	}
	var where *schema.Field
	cols := make([]string, len(t.schema.Fields))
	for i, f := range t.schema.Fields {
		cols[i] = string(f.SQLName)
		if f.Name == column {
			where = f
		}
	}
	if where == nil {
		return nil, govops.Errorf(govops.EINTERNAL, "%s: %s has no column %q", string(t.errs), t.schema.Name, column)
	}
	query := fmt.Sprintf("SELECT %s FROM %s WHERE %s = %s LIMIT 1", strings.Join(cols, ", "), t.schema.SQLName,
		where.SQLName, t.placeholder(1))
	st, err := t.db.DB.PrepareContext(ctx, query)
	if err != nil {
		return nil, t.errs.Err("prepare "+query, err)
	}
	if t.gets == nil {
		t.gets = map[string]*sql.Stmt{}
	}
	t.gets[column] = st
	return st, nil
}

func (s *tableStmts) close() error {
	var first error
	for _, st := range []*sql.Stmt{s.insert, s.update} {
		if st == nil {
			continue
		}
		if err := st.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Insert stores row with one prepared INSERT. A unique violation is
// ECONFLICT with the Conflict refusal; see Errors.Err.
func (t *Table[R]) Insert(ctx context.Context, row *R, refusals ...Refusal) error {
	s, err := t.prepared(ctx)
	if err != nil {
		return err
	}
	return t.insert(ctx, nil, s, row, refusals)
}

// Update writes row over the stored row with the same primary key, if that
// row is at version row.version-1; the stored version then becomes
// row.version. Otherwise nothing is written and Update returns ENOTFOUND
// when no row has the key (the NotFound refusal) or ECONFLICT when it has
// moved to another version (the Stale refusal). A unique violation is
// ECONFLICT with the Conflict refusal. R must have a version column.
func (t *Table[R]) Update(ctx context.Context, row *R, refusals ...Refusal) error {
	s, err := t.prepared(ctx)
	if err != nil {
		return err
	}
	return t.update(ctx, nil, s, row, refusals)
}

// insert runs the prepared INSERT of row, inside tx unless it is nil.
func (t *Table[R]) insert(ctx context.Context, tx *bun.Tx, s *tableStmts, row *R, refusals []Refusal) error {
	strct := reflect.ValueOf(row).Elem()
	if _, err := bind(ctx, tx, s.insert).ExecContext(ctx, t.args(t.schema.Fields, strct, 0)...); err != nil {
		return t.errs.Err(t.insertOp, err, refusals...)
	}
	return nil
}

// update runs the versioned UPDATE of row, inside tx unless it is nil, and
// tells a missing row from a moved one.
func (t *Table[R]) update(ctx context.Context, tx *bun.Tx, s *tableStmts, row *R, refusals []Refusal) error {
	if s.update == nil {
		return govops.Errorf(govops.EINTERNAL, "%s: %s: the row struct has no version column", string(t.errs), t.updateOp)
	}
	strct := reflect.ValueOf(row).Elem()
	stored := t.version.Value(strct).Int() - 1
	args := t.args(t.set, strct, len(t.schema.PKs)+1)
	for _, pk := range t.schema.PKs {
		args = append(args, pk.Value(strct).Interface())
	}
	args = append(args, stored)
	res, err := bind(ctx, tx, s.update).ExecContext(ctx, args...)
	if err != nil {
		return t.errs.Err(t.updateOp, err, refusals...)
	}
	// version = version + 1 always changes the row, so MySQL's count of
	// changed rows equals the matched rows here.
	n, err := res.RowsAffected()
	if err != nil {
		return t.errs.Err(t.updateOp, err)
	}
	if n > 0 {
		return nil
	}
	var db bun.IDB = t.db
	if tx != nil {
		db = tx
	}
	q := db.NewSelect().TableExpr(string(t.schema.SQLName))
	for _, pk := range t.schema.PKs {
		q.Where("? = ?", pk.SQLName, pk.Value(strct).Interface())
	}
	found, err := q.Exists(ctx)
	if err != nil {
		return t.errs.Err(t.updateOp, err)
	}
	if !found {
		if r := refuse(refusals, govops.ENOTFOUND, false); r != nil {
			return r
		}
		return govops.Errorf(govops.ENOTFOUND, "%s %s not found", t.schema.Name, t.key(strct))
	}
	if r := refuse(refusals, govops.ECONFLICT, true); r != nil {
		return r
	}
	return govops.Errorf(govops.ECONFLICT, "%s %s is no longer at version %d: someone else changed it; reload it and retry",
		t.schema.Name, t.key(strct), stored)
}

// key returns the primary key of a row for a message.
func (t *Table[R]) key(strct reflect.Value) string {
	parts := make([]string, len(t.schema.PKs))
	for i, pk := range t.schema.PKs {
		parts[i] = fmt.Sprint(pk.Value(strct).Interface())
	}
	return strings.Join(parts, "/")
}

// bind returns st to run inside tx, or st itself outside one; database/sql
// prepares it on the transaction's connection the first time that
// connection runs it.
func bind(ctx context.Context, tx *bun.Tx, st *sql.Stmt) *sql.Stmt {
	if tx == nil {
		return st
	}
	return tx.StmtContext(ctx, st)
}

// placeholder returns the dialect's marker of the i-th argument (from 1).
func (t *Table[R]) placeholder(i int) string {
	if t.db.Dialect().Name() == dialect.PG {
		return fmt.Sprintf("$%d", i)
	}
	return "?"
}

// insertSQL is "INSERT INTO t (every column) VALUES (one marker each)", the
// columns in the order of the schema's Fields, which args follows.
func (t *Table[R]) insertSQL() string {
	cols := make([]string, len(t.schema.Fields))
	marks := make([]string, len(t.schema.Fields))
	for i, f := range t.schema.Fields {
		cols[i] = string(f.SQLName)
		marks[i] = t.placeholder(i + 1)
	}
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", t.schema.SQLName, strings.Join(cols, ", "), strings.Join(marks, ", "))
}

// updateSQL sets every column of t.set, bumps the version, and matches the
// row by primary key and stored version: the arguments are args(t.set),
// the key columns, then the stored version.
func (t *Table[R]) updateSQL() string {
	assign := make([]string, 0, len(t.set)+1)
	for i, f := range t.set {
		assign = append(assign, fmt.Sprintf("%s = %s", f.SQLName, t.placeholder(i+1)))
	}
	v := t.version.SQLName
	assign = append(assign, fmt.Sprintf("%s = %s + 1", v, v))
	n := len(t.set)
	where := make([]string, 0, len(t.schema.PKs)+1)
	for _, pk := range t.schema.PKs {
		n++
		where = append(where, fmt.Sprintf("%s = %s", pk.SQLName, t.placeholder(n)))
	}
	where = append(where, fmt.Sprintf("%s = %s", v, t.placeholder(n+1)))
	return fmt.Sprintf("UPDATE %s SET %s WHERE %s", t.schema.SQLName, strings.Join(assign, ", "), strings.Join(where, " AND "))
}

// args returns the values of fields of strct as bun would write them, with
// room for extra more: NULL for a nil pointer or a zero nullzero field, and
// times as the text the dialect inlines (on SQLite that text is what the
// column holds, so rows written here and by bun compare and sort together;
// PostgreSQL and MySQL parse it into the same TIMESTAMPTZ or DATETIME(6)
// value bun's literal gives).
func (t *Table[R]) args(fields []*schema.Field, strct reflect.Value, extra int) []any {
	args := make([]any, 0, len(fields)+extra)
	for _, f := range fields {
		if (f.IsPtr && f.HasNilValue(strct)) || (f.NullZero && f.HasZeroValue(strct)) {
			args = append(args, nil)
			continue
		}
		v := f.Value(strct).Interface()
		if tm, ok := v.(time.Time); ok {
			lit := t.db.Dialect().AppendTime(nil, tm) // a quoted literal: '…'
			v = string(lit[1 : len(lit)-1])
		}
		args = append(args, v)
	}
	return args
}
