package govcasebun

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/bunstore"
)

// NextSeq returns the next case sequence number of year. Numbers are
// reserved from govcase_sequences in blocks (WithSeqBlock, default
// DefaultSeqBlock): one atomic statement creates or advances the year's row
// by a whole block, and later calls are served from memory until the block
// is used up. Concurrent callers in any number of processes never get the
// same number; a process that stops leaves the rest of its blocks unused, a
// gap the Store contract allows.
//
// With blocks of more than one number, the first number handed out of a
// block starts the reservation of the next one, so that callers do not wait
// for it: on a database that commits writes in groups (dbopen.OpenGrouped)
// a reservation answers only after its group's COMMIT, and every case
// registered meanwhile would queue behind it. One process's numbers stay
// dense and in order: it reserves one block at a time.
func (s *Store) NextSeq(ctx context.Context, year int) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, errs.Err("next sequence", err)
	}
	s.seqMu.Lock()
	y := s.seqs[year]
	if y == nil {
		y = &seqYear{}
		s.seqs[year] = y
	}
	for waited := false; ; waited = true {
		if y.cur.empty() && !y.ahead.empty() {
			y.cur, y.ahead = y.ahead, seqBlock{}
			if s.seqBlock > 1 && y.busy == nil {
				s.reserveAhead(ctx, year, y)
			}
		}
		if !y.cur.empty() {
			n := y.cur.next
			y.cur.next++
			s.seqMu.Unlock()
			return n, nil
		}
		if err := y.err; err != nil {
			// A reservation failed. The caller that waited for it gets
			// the error; the next one tries again.
			y.err = nil
			if waited {
				s.seqMu.Unlock()
				return 0, err
			}
		}
		if y.busy == nil {
			s.reserveAhead(ctx, year, y)
		}
		busy := y.busy
		s.seqMu.Unlock()
		select {
		case <-busy:
		case <-ctx.Done():
			return 0, errs.Err("next sequence", ctx.Err())
		}
		s.seqMu.Lock()
	}
}

// reserveAhead starts the reservation of year's next block, which y.ahead
// receives. The caller holds seqMu, and no reservation of year is under
// way. The reservation keeps ctx's values but not its end: a caller that
// gives up does not waste the block for the others.
func (s *Store) reserveAhead(ctx context.Context, year int, y *seqYear) {
	busy := make(chan struct{})
	y.busy = busy
	ctx = context.WithoutCancel(ctx)
	go func() {
		ctx, cancel := context.WithTimeout(ctx, reserveTimeout)
		defer cancel()
		last, err := s.reserve(ctx, year, s.seqBlock)
		s.seqMu.Lock()
		if err != nil {
			y.err = err
		} else {
			y.ahead, y.err = seqBlock{next: last - s.seqBlock + 1, last: last}, nil
		}
		y.busy = nil
		s.seqMu.Unlock()
		close(busy)
	}()
}

// reserveTimeout bounds a reservation of case numbers.
const reserveTimeout = 30 * time.Second

// reserve advances year's counter by n and returns its new last value.
func (s *Store) reserve(ctx context.Context, year int, n int64) (int64, error) {
	var last int64
	switch s.dialect {
	case dialect.MySQL:
		// LAST_INSERT_ID(expr) remembers expr for this connection only,
		// so both statements must run on the same one.
		conn, err := s.db.Conn(ctx)
		if err != nil {
			return 0, errs.Err("next sequence", err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx,
			"INSERT INTO govcase_sequences (`year`, `last`) VALUES (?, LAST_INSERT_ID(?)) "+
				"ON DUPLICATE KEY UPDATE `last` = LAST_INSERT_ID(`last` + ?)", year, n, n); err != nil {
			return 0, errs.Err("next sequence", err)
		}
		if err := conn.QueryRowContext(ctx, "SELECT LAST_INSERT_ID()").Scan(&last); err != nil {
			return 0, errs.Err("next sequence", err)
		}
	default:
		// PostgreSQL, and SQLite since 3.35, upsert and return in one go.
		if err := s.db.QueryRowContext(ctx,
			"INSERT INTO govcase_sequences (year, last) VALUES (?, ?) "+
				"ON CONFLICT (year) DO UPDATE SET last = govcase_sequences.last + ? RETURNING last", year, n, n).Scan(&last); err != nil {
			return 0, errs.Err("next sequence", err)
		}
	}
	return last, nil
}

// CreateCase stores c and its events in one transaction, which adds the
// case to its group of the summary last. It returns ECONFLICT when the ID,
// the number or an event ID is already taken, or when the database gave
// up the transaction for another one's sake (a deadlock): nothing is
// stored then.
func (s *Store) CreateCase(ctx context.Context, c *govcase.Case, events []govcase.Event) error {
	row := toCaseRow(c)
	if err := s.summary.Prepare(ctx); err != nil {
		return errs.Err("prepare the summary's upserts", err)
	}
	err := s.cases.CreateWith(ctx, row, toEventRows(events), bunstore.Steps{
		After: func(ctx context.Context, tx bun.IDB) error {
			return s.summary.Add(ctx, tx, s.contribution(row, 1)...)
		},
	}, bunstore.Conflict("case %s or number %s already exists, or so does one of its event IDs", c.ID, c.Number))
	return bunstore.Concurrent("create case "+c.Number, err)
}

// GetCase returns the case with id, or ENOTFOUND.
func (s *Store) GetCase(ctx context.Context, id uuid.UUID) (*govcase.Case, error) {
	return s.getCase(ctx, "id", id.String())
}

// GetCaseByNumber returns the case with a human number, or ENOTFOUND.
func (s *Store) GetCaseByNumber(ctx context.Context, number string) (*govcase.Case, error) {
	return s.getCase(ctx, "number", number)
}

func (s *Store) getCase(ctx context.Context, column, value string) (*govcase.Case, error) {
	var row caseRow
	if err := s.cases.Get(ctx, &row, column, value, bunstore.NotFound("case %s not found", value)); err != nil {
		return nil, err
	}
	return fromCaseRow(&row)
}

// UpdateCase replaces case c.ID, stored at version c.Version-1, with c and
// appends events, in one transaction. A taken (case, seq) pair means
// another writer appended first, which the unique index turns into
// ECONFLICT even if the version check were bypassed.
//
// The transaction first reads the stored row's summary columns, and ends
// by moving the case from the old row's summary group to the new one's
// (nothing, when the write changes neither). The read is checked against
// the version the write replaces, so the counts taken away are those the
// stored row added.
func (s *Store) UpdateCase(ctx context.Context, c *govcase.Case, events []govcase.Event) error {
	row := toCaseRow(c)
	stmt, err := s.oldRowStmt(ctx)
	if err != nil {
		return err
	}
	if err := s.summary.Prepare(ctx); err != nil {
		return errs.Err("prepare the summary's upserts", err)
	}
	var old caseRow
	steps := bunstore.Steps{
		Before: func(ctx context.Context, tx bun.IDB) error {
			var found bool
			var err error
			if old, found, err = oldRow(ctx, tx, stmt, row.ID); err != nil {
				return err
			}
			if !found {
				return govops.Errorf(govops.ENOTFOUND, "case %s not found", c.ID)
			}
			if old.Version != c.Version-1 {
				return govops.Errorf(govops.ECONFLICT, "case %s was changed by someone else (expected version %d, stored %d); reload it and retry",
					c.Number, c.Version-1, old.Version)
			}
			return nil
		},
		After: func(ctx context.Context, tx bun.IDB) error {
			return s.summary.Add(ctx, tx, append(s.contribution(&old, -1), s.contribution(row, 1)...)...)
		},
	}
	err = s.cases.UpdateWith(ctx, row, toEventRows(events), steps,
		bunstore.NotFound("case %s not found", c.ID),
		bunstore.Stale("case %s was changed by someone else (expected version %d); reload it and retry", c.Number, c.Version-1),
		bunstore.Conflict("case %s: its number is taken by another case, or an event with the same ID or sequence already exists; reload the case and retry", c.Number))
	return bunstore.Concurrent("update case "+c.Number, err)
}

// ListEvents returns the events of a case in Seq order, or ENOTFOUND.
func (s *Store) ListEvents(ctx context.Context, caseID uuid.UUID) ([]govcase.Event, error) {
	var rows []eventRow
	if err := s.db.NewSelect().Model(&rows).Where("case_id = ?", caseID.String()).Order("seq").Scan(ctx); err != nil {
		return nil, errs.Err("list events", err)
	}
	if len(rows) == 0 {
		found, err := s.db.NewSelect().TableExpr("govcase_cases").Where("id = ?", caseID.String()).Exists(ctx)
		if err != nil {
			return nil, errs.Err("list events", err)
		}
		if !found {
			return nil, govops.Errorf(govops.ENOTFOUND, "case %s not found", caseID)
		}
	}
	return bunstore.FromRows(rows, fromEventRow)
}

// ListCases returns the cases matching f, newest first, using keyset
// pagination on id.
//
// A page over several statuses is asked as one branch per status, each
// ordered by id and limited, merged by UNION ALL: every branch then reads
// only its first rows from a (…, status, id) index, instead of sorting every
// match of "status IN (…)" (all open cases of a department) to return 50.
func (s *Store) ListCases(ctx context.Context, f govcase.Filter) ([]*govcase.Case, error) {
	var rows []caseRow
	statuses := distinct(f.Statuses)
	var q *bun.SelectQuery
	if f.Limit > 0 && len(statuses) > 1 {
		var union *bun.SelectQuery
		for i, st := range statuses {
			one := f
			one.Statuses = []govcase.Status{st}
			branch := s.db.NewSelect().Model((*caseRow)(nil))
			s.filterCases(branch, one)
			branch.OrderExpr("id DESC").Limit(int64(f.Limit))
			wrapped := s.db.NewSelect().ColumnExpr("*").TableExpr("(?) AS ?", branch, bun.Ident(fmt.Sprintf("s%d", i)))
			if union == nil {
				union = wrapped
			} else {
				union.UnionAll(wrapped)
			}
		}
		q = s.db.NewSelect().Model(&rows).ModelTableExpr("(?) AS c", union)
	} else {
		q = s.db.NewSelect().Model(&rows)
		s.filterCases(q, f)
	}
	q.OrderExpr("id DESC")
	if f.Limit > 0 {
		q.Limit(int64(f.Limit))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, errs.Err("list cases", err)
	}
	return bunstore.FromRows(rows, fromCaseRow)
}

// distinct returns statuses without repeats, in their first order.
func distinct(statuses []govcase.Status) []govcase.Status {
	var out []govcase.Status
	for _, st := range statuses {
		if !slices.Contains(out, st) {
			out = append(out, st)
		}
	}
	return out
}

// filterCases adds a WHERE clause for every set field of f.
func (s *Store) filterCases(q *bun.SelectQuery, f govcase.Filter) {
	if len(f.Kinds) > 0 {
		q.Where("kind IN (?)", bun.List(f.Kinds))
	}
	if len(f.Statuses) == 1 {
		q.Where("status = ?", string(f.Statuses[0]))
	} else if len(f.Statuses) > 1 {
		q.Where("status IN (?)", bun.List(f.Statuses))
	}
	eq := func(col, v string) {
		if v != "" {
			q.Where("? = ?", bun.Ident(col), v)
		}
	}
	eq("department", f.Department)
	eq("category", string(f.Category))
	eq("priority", string(f.Priority))
	eq("source", string(f.Source))
	eq("external_no", f.ExternalNo)
	if f.Year != 0 {
		q.Where("? = ?", bun.Ident("year"), f.Year)
	}
	if f.Text != "" {
		s.whereText(q, f.Text, f.MaskedText)
	}
	if !f.CreatedFrom.IsZero() {
		q.Where("created_at >= ?", bunstore.DBTime(f.CreatedFrom))
	}
	if !f.CreatedTo.IsZero() {
		q.Where("created_at < ?", bunstore.DBTime(f.CreatedTo))
	}
	if !f.ResolveByBefore.IsZero() {
		q.Where("resolve_by IS NOT NULL AND resolve_by < ?", bunstore.DBTime(f.ResolveByBefore))
	}
	if !f.ResolveByAfter.IsZero() {
		q.Where("resolve_by IS NOT NULL AND resolve_by >= ?", bunstore.DBTime(f.ResolveByAfter))
	}
	if f.ProvisionalDeadlines {
		// The flags are BOOLEAN, which SQLite and MySQL keep as 0 and 1;
		// a comparison with TRUE reads the same in all three dialects.
		q.Where("(accept_by_provisional = TRUE OR resolve_by_provisional = TRUE)")
	}
	if f.After != uuid.Nil {
		q.Where("id < ?", f.After.String())
	}
}

// whereText matches a case-sensitive substring. SQLite's LIKE ignores ASCII
// case, so SQLite uses instr(); PostgreSQL's LIKE is case-sensitive and
// MySQL's is under the tables' utf8mb4_bin collation. The LIKE pattern
// escapes its wildcards with '!', which needs no quoting in any dialect
// (a backslash would, differently in each).
//
// With masked set, the title and description are searched only through
// their masked projection (masked_text), so that the digits masking hides
// never decide whether a case matches.
func (s *Store) whereText(q *bun.SelectQuery, text string, masked bool) {
	cols := []string{"number", "title", "description", "external_no"}
	if masked {
		cols = []string{"number", "masked_text"}
	}
	q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
		for _, col := range cols {
			if s.dialect == dialect.SQLite {
				q.WhereOr("instr(?, ?) > 0", bun.Ident(col), text)
			} else {
				q.WhereOr("? LIKE ? ESCAPE '!'", bun.Ident(col), "%"+escapeLike(text)+"%")
			}
		}
		return q
	})
}

// escapeLike makes text a literal inside a LIKE pattern whose escape
// character is '!'.
func escapeLike(text string) string {
	var b strings.Builder
	for _, r := range text {
		if r == '!' || r == '%' || r == '_' {
			b.WriteByte('!')
		}
		b.WriteRune(r)
	}
	return b.String()
}
