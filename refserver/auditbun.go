package refserver

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/sqldb"
)

// auditRow is an audit event in refserver_audit. The time column is
// occurred_at, not "at", which some SQL dialects treat as a keyword.
type auditRow struct {
	bun.BaseModel `bun:"table:refserver_audit"`

	ID         string    `bun:"id,pk"`
	At         time.Time `bun:"occurred_at"`
	RequestID  string    `bun:"request_id"`
	TokenID    string    `bun:"token_id"`
	Actor      string    `bun:"actor"`
	Role       string    `bun:"role"`
	Department string    `bun:"department"`
	Method     string    `bun:"method"`
	Route      string    `bun:"route"`
	Path       string    `bun:"path"`
	Status     int       `bun:"status"`
	Subject    string    `bun:"subject"`
}

func toAuditRow(e AuditEvent) *auditRow {
	r := &auditRow{
		ID: e.ID.String(), At: sqldb.DBTime(e.At), RequestID: e.RequestID, Actor: e.Actor,
		Role: string(e.Role), Department: e.Department, Method: e.Method, Route: e.Route,
		Path: e.Path, Status: e.Status, Subject: e.Subject,
	}
	if e.TokenID != uuid.Nil {
		r.TokenID = e.TokenID.String()
	}
	return r
}

func fromAuditRow(r *auditRow) (AuditEvent, error) {
	id, err := uuid.Parse(r.ID)
	if err != nil {
		return AuditEvent{}, govops.Errorf(govops.EINTERNAL, "refserver: audit row id %q: %w", r.ID, err)
	}
	var tok uuid.UUID
	if r.TokenID != "" {
		if tok, err = uuid.Parse(r.TokenID); err != nil {
			return AuditEvent{}, govops.Errorf(govops.EINTERNAL, "refserver: audit row %s token_id %q: %w", r.ID, r.TokenID, err)
		}
	}
	return AuditEvent{
		ID: id, At: sqldb.GoTime(r.At), RequestID: r.RequestID, TokenID: tok, Actor: r.Actor,
		Role: Role(r.Role), Department: r.Department, Method: r.Method, Route: r.Route,
		Path: r.Path, Status: r.Status, Subject: r.Subject,
	}, nil
}

// auditChunk is the most rows one INSERT of AppendAudit carries.
const auditChunk = 100

// auditColumns are the columns of refserver_audit in the order of
// auditArgs.
const auditColumns = "id, occurred_at, request_id, token_id, actor, role, department, method, route, path, status, subject"

// auditStmt returns the prepared single-row INSERT of AppendAudit,
// preparing it on first use (a failure is not remembered, so a directory
// used before Migrate works once the table exists). Every write request
// appends one event, so this is on the path of every write: bun inlines
// values into new SQL text each time, which the database parses and plans
// again, while a prepared statement is parsed once per connection. Like
// govcasebun's write statements it bypasses bun's query hooks: a bundebug
// or tracing hook on the *bun.DB does not see a single-event append.
func (d *BunDirectory) auditStmt(ctx context.Context) (*sql.Stmt, error) {
	d.stmtMu.Lock()
	defer d.stmtMu.Unlock()
	if d.insertAudit != nil {
		return d.insertAudit, nil
	}
	marks := make([]string, strings.Count(auditColumns, ",")+1)
	for i := range marks {
		marks[i] = "?"
		if d.db.Dialect().Name() == dialect.PG {
			marks[i] = fmt.Sprintf("$%d", i+1)
		}
	}
	query := fmt.Sprintf("INSERT INTO refserver_audit (%s) VALUES (%s)", auditColumns, strings.Join(marks, ", "))
	st, err := d.db.DB.PrepareContext(ctx, query)
	if err != nil {
		return nil, internal("prepare audit insert", err)
	}
	d.insertAudit = st
	return st, nil
}

// auditArgs are the values of r in the order of auditColumns. The time is
// the text bun itself would inline, so that on SQLite, where the column
// holds that text, rows compare and sort alike however they were written.
func (d *BunDirectory) auditArgs(r *auditRow) []any {
	lit := d.db.Dialect().AppendTime(nil, r.At) // a quoted literal: '…'
	return []any{r.ID, string(lit[1 : len(lit)-1]), r.RequestID, r.TokenID, r.Actor, r.Role, r.Department,
		r.Method, r.Route, r.Path, r.Status, r.Subject}
}

// Close releases the BunDirectory's prepared statement. It does not close
// the *bun.DB, which belongs to the caller; a directory used after Close
// prepares it again.
func (d *BunDirectory) Close() error {
	d.stmtMu.Lock()
	defer d.stmtMu.Unlock()
	if d.insertAudit == nil {
		return nil
	}
	err := d.insertAudit.Close()
	d.insertAudit = nil
	return err
}

// AppendAudit implements AuditLog: a single event through the prepared
// INSERT; several in one multi-row INSERT, which is atomic by itself, or,
// past auditChunk events, in chunked INSERTs in one transaction.
func (d *BunDirectory) AppendAudit(ctx context.Context, events ...AuditEvent) error {
	if len(events) == 0 {
		return nil
	}
	if len(events) == 1 {
		st, err := d.auditStmt(ctx)
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(ctx, d.auditArgs(toAuditRow(events[0]))...); err != nil {
			if sqldb.IsUniqueViolation(err) {
				return govops.Errorf(govops.ECONFLICT, "audit event %s already exists", events[0].ID)
			}
			return internal("append audit event", err)
		}
		return nil
	}
	rows := make([]auditRow, len(events))
	for i, e := range events {
		rows[i] = *toAuditRow(e)
	}
	insert := func(ctx context.Context, db bun.IDB) error {
		for start := 0; start < len(rows); start += auditChunk {
			chunk := rows[start:min(start+auditChunk, len(rows))]
			if _, err := db.NewInsert().Model(&chunk).Exec(ctx); err != nil {
				if sqldb.IsUniqueViolation(err) {
					return govops.Errorf(govops.ECONFLICT, "one of the audit events from %s on already exists", events[start].ID)
				}
				return internal("append audit events", err)
			}
		}
		return nil
	}
	if len(rows) <= auditChunk {
		return insert(ctx, d.db)
	}
	return d.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error { return insert(ctx, tx) })
}

// ListAudit implements AuditLog. The order (occurred_at, id) descending
// walks the primary key backwards; the actor and token filters have
// indexes that end in the same two columns. Subject and method have none
// (every index is paid for by every write request), so a page of those
// filters reads the primary key newest first until it is full: quick for
// recent changes, a longer scan for old ones.
func (d *BunDirectory) ListAudit(ctx context.Context, f AuditFilter) ([]AuditEvent, error) {
	var rows []auditRow
	q := d.db.NewSelect().Model(&rows)
	if f.Actor != "" {
		q = q.Where("actor = ?", f.Actor)
	}
	if f.TokenID != uuid.Nil {
		q = q.Where("token_id = ?", f.TokenID.String())
	}
	if f.Subject != "" {
		q = q.Where("subject = ?", f.Subject)
	}
	if f.Method != "" {
		q = q.Where("method = ?", f.Method)
	}
	if !f.From.IsZero() {
		q = q.Where("occurred_at >= ?", sqldb.DBTime(f.From))
	}
	if !f.To.IsZero() {
		q = q.Where("occurred_at < ?", sqldb.DBTime(f.To))
	}
	if !f.Before.At.IsZero() {
		at := sqldb.DBTime(f.Before.At)
		// The bound on occurred_at alone lets the index range start there.
		q = q.Where("occurred_at <= ?", at).Where("(occurred_at < ? OR id < ?)", at, f.Before.ID.String())
	}
	q = q.OrderExpr("occurred_at DESC, id DESC")
	if f.Limit > 0 {
		q = q.Limit(int64(f.Limit))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, internal("list audit events", err)
	}
	out := make([]AuditEvent, len(rows))
	for i := range rows {
		e, err := fromAuditRow(&rows[i])
		if err != nil {
			return nil, err
		}
		out[i] = e
	}
	return out, nil
}
