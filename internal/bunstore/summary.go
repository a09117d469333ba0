package bunstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/govops-kit/govops"
)

// Summary is one summary table of a Store (see govops.SummaryKeeper): a
// row per group, whose key columns name the group and whose count columns
// (BIGINT NOT NULL DEFAULT 0) hold its counts. The primary key is the key
// columns, in order.
//
// A Store changes the counts with Add in the transaction of the write that
// changes the records, after the records' own rows: every writer then locks
// a record before the summary rows it counts in, and the summary rows in
// one order (Add sorts them), so two writers cannot deadlock on them.
type Summary struct {
	Table  string
	Keys   []string // key columns, the primary key's order
	Counts []string // count columns
	// Max names count columns that keep the greatest value added rather
	// than the sum: the newest time (as microseconds) of records that are
	// only ever added, never changed or removed. A delta's value of such a
	// column is a candidate, and the group keeps the greater of it and its
	// own.
	Max []string
}

// SummaryDelta is a change of the counts of one group: Key holds the
// values of the key columns (strings and integers), Counts what to add to
// each count column (negative to take away).
type SummaryDelta struct {
	Key    []any
	Counts []int64
}

// Add adds deltas to their groups' rows within tx, creating the rows that
// are missing, in one statement (one per ChunkRows groups, as
// InsertChunked's, for the deltas of a large import). Deltas of the same
// group are merged, and groups whose deltas cancel out are left alone. A
// row whose counts fall to zero stays, as a zero row: it counts nothing.
func (s Summary) Add(ctx context.Context, tx bun.IDB, deltas ...SummaryDelta) error {
	merged := s.merge(deltas)
	n := ChunkRows(tx.Dialect().Name(), len(s.Keys)+len(s.Counts))
	for start := 0; start < len(merged); start += n {
		if err := s.upsert(ctx, tx, merged[start:min(start+n, len(merged))]); err != nil {
			return err
		}
	}
	return nil
}

// upsert adds the merged deltas to their rows in one statement.
func (s Summary) upsert(ctx context.Context, tx bun.IDB, merged []SummaryDelta) error {
	_, err := tx.ExecContext(ctx, s.upsertSQL(tx.Dialect().Name(), len(merged), false), s.upsertArgs(merged)...)
	return err
}

// upsertArgs are the values of the upsert of merged: each group's key,
// then its counts.
func (s Summary) upsertArgs(merged []SummaryDelta) []any {
	args := make([]any, 0, len(merged)*(len(s.Keys)+len(s.Counts)))
	for _, d := range merged {
		args = append(args, d.Key...)
		for _, c := range d.Counts {
			args = append(args, c)
		}
	}
	return args
}

// upsertSQL is the statement that adds the deltas of rows groups to their
// rows in dialect d: with bun's ? placeholders, or with numbered ones for
// a statement prepared on PostgreSQL.
func (s Summary) upsertSQL(d dialect.Name, rows int, numbered bool) string {
	var q strings.Builder
	fmt.Fprintf(&q, "INSERT INTO %s (%s, %s) VALUES ", s.Table, strings.Join(s.Keys, ", "), strings.Join(s.Counts, ", "))
	n := 0
	for i := range rows {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteByte('(')
		for j := range len(s.Keys) + len(s.Counts) {
			if j > 0 {
				q.WriteString(", ")
			}
			n++
			if numbered && d == dialect.PG {
				fmt.Fprintf(&q, "$%d", n)
			} else {
				q.WriteByte('?')
			}
		}
		q.WriteByte(')')
	}
	sets := make([]string, len(s.Counts))
	switch d {
	case dialect.MySQL:
		for i, c := range s.Counts {
			sets[i] = fmt.Sprintf("%s = %s + VALUES(%s)", c, c, c)
			if s.isMax(i) {
				sets[i] = fmt.Sprintf("%s = GREATEST(%s, VALUES(%s))", c, c, c)
			}
		}
		fmt.Fprintf(&q, " ON DUPLICATE KEY UPDATE %s", strings.Join(sets, ", "))
	default:
		greatest := "GREATEST"
		if d == dialect.SQLite {
			greatest = "max" // SQLite's max of two arguments
		}
		for i, c := range s.Counts {
			sets[i] = fmt.Sprintf("%s = %s.%s + excluded.%s", c, s.Table, c, c)
			if s.isMax(i) {
				sets[i] = fmt.Sprintf("%s = %s(%s.%s, excluded.%s)", c, greatest, s.Table, c, c)
			}
		}
		fmt.Fprintf(&q, " ON CONFLICT (%s) DO UPDATE SET %s", strings.Join(s.Keys, ", "), strings.Join(sets, ", "))
	}
	return q.String()
}

// merge sums the deltas of each group, drops those that come to nothing,
// and orders the rest by key.
func (s Summary) merge(deltas []SummaryDelta) []SummaryDelta {
	if len(deltas) == 1 && !allZero(deltas[0].Counts) {
		return deltas
	}
	byKey := map[string]int{}
	var out []SummaryDelta
	for _, d := range deltas {
		k := govops.SummaryKey(s.Keys, d.Key)
		i, ok := byKey[k]
		if !ok {
			byKey[k] = len(out)
			out = append(out, SummaryDelta{Key: d.Key, Counts: slices.Clone(d.Counts)})
			continue
		}
		for j, c := range d.Counts {
			if s.isMax(j) {
				out[i].Counts[j] = max(out[i].Counts[j], c)
			} else {
				out[i].Counts[j] += c
			}
		}
	}
	out = slices.DeleteFunc(out, func(d SummaryDelta) bool { return allZero(d.Counts) })
	slices.SortFunc(out, func(a, b SummaryDelta) int { return compareKeys(a.Key, b.Key) })
	return out
}

// isMax reports whether the count column i keeps its greatest value.
func (s Summary) isMax(i int) bool { return slices.Contains(s.Max, s.Counts[i]) }

// compareKeys orders two keys column by column, integers numerically and
// strings byte-wise.
func compareKeys(a, b []any) int {
	for i := range a {
		var c int
		switch x := a[i].(type) {
		case string:
			c = strings.Compare(x, fmt.Sprint(b[i]))
		default:
			c = cmp.Compare(toInt64(a[i]), toInt64(b[i]))
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

func toInt64(v any) int64 {
	switch x := v.(type) {
	case int:
		return int64(x)
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case int64:
		return x
	}
	return 0
}

func allZero(v []int64) bool {
	for _, x := range v {
		if x != 0 {
			return false
		}
	}
	return true
}

// Stored reads every row of the summary, keyed by govops.SummaryKey.
func (s Summary) Stored(ctx context.Context, db bun.IDB) (map[string][]int64, error) {
	return s.read(ctx, db, fmt.Sprintf("SELECT %s, %s FROM %s", strings.Join(s.Keys, ", "), strings.Join(s.Counts, ", "), s.Table))
}

// read runs query, whose columns are the key columns and then the count
// columns, and keys its rows by govops.SummaryKey. Key values read as
// text, so integers and strings render alike whatever the driver returns.
func (s Summary) read(ctx context.Context, db bun.IDB, query string, args ...any) (map[string][]int64, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]int64{}
	keys := make([]any, len(s.Keys))
	dest := make([]any, len(s.Keys)+len(s.Counts))
	texts := make([]nullText, len(s.Keys))
	for i := range texts {
		dest[i] = &texts[i]
	}
	for rows.Next() {
		counts := make([]int64, len(s.Counts))
		for i := range counts {
			dest[len(s.Keys)+i] = &counts[i]
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		for i, t := range texts {
			keys[i] = string(t)
		}
		k := govops.SummaryKey(s.Keys, keys)
		if prev, ok := out[k]; ok {
			for i := range counts {
				counts[i] += prev[i]
			}
		}
		out[k] = counts
	}
	return out, rows.Err()
}

// nullText scans any column value as its text.
type nullText string

func (t *nullText) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*t = ""
	case []byte:
		*t = nullText(x)
	default:
		*t = nullText(fmt.Sprint(x))
	}
	return nil
}

// Repair compares the summary with the groups recompute returns (the full
// scan of the records: a query over db whose columns are the key columns
// and then the count columns, in order, one row per group) and, with
// repair set and a difference
// found, replaces every row with the recomputed ones. The replacement runs
// in one transaction that first holds off the writers of the summary (a
// table lock on PostgreSQL, locking reads of every row on MySQL, the
// write lock on SQLite), so that no write lands between the scan and the
// replacement; the writers then add their deltas to the repaired rows.
func (s Summary) Repair(ctx context.Context, db *bun.DB, recompute func(db bun.IDB) *bun.SelectQuery, repair bool) (govops.SummaryCheck, error) {
	records, err := s.read(ctx, db, recompute(db).String())
	if err != nil {
		return govops.SummaryCheck{}, err
	}
	stored, err := s.Stored(ctx, db)
	if err != nil {
		return govops.SummaryCheck{}, err
	}
	chk := govops.CompareSummary(s.Table, s.Counts, stored, records)
	if !repair || len(chk.Diffs) == 0 {
		return chk, nil
	}
	err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := s.lock(ctx, tx); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+s.Table); err != nil {
			return err
		}
		// The groups of a scan made under the lock.
		query := fmt.Sprintf("INSERT INTO %s (%s, %s) %s", s.Table, strings.Join(s.Keys, ", "), strings.Join(s.Counts, ", "), recompute(tx).String())
		_, err := tx.ExecContext(ctx, query)
		return err
	})
	if err != nil {
		return govops.SummaryCheck{}, err
	}
	chk.Repaired = true
	return chk, nil
}

// lock holds off the summary's writers until tx ends.
func (s Summary) lock(ctx context.Context, tx bun.Tx) error {
	var q string
	switch tx.Dialect().Name() {
	case dialect.PG:
		q = "LOCK TABLE " + s.Table + " IN EXCLUSIVE MODE"
	case dialect.MySQL:
		q = "SELECT 1 FROM " + s.Table + " FOR UPDATE"
	default:
		// SQLite: any write takes the database's write lock.
		q = "DELETE FROM " + s.Table + " WHERE 1 = 0"
	}
	_, err := tx.ExecContext(ctx, q)
	return err
}
