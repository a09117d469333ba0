package govcasebun_test

import (
	"database/sql"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/govcase/govcasebun"
)

// storedText returns every column of the row of table with id as the
// database renders it as text (SQLite: quote(), which also tells text from
// numbers), so that two rows compare byte for byte. NULL is "NULL".
func storedText(t *testing.T, db *bun.DB, table, id string) map[string]string {
	t.Helper()
	ctx := t.Context()
	rows, err := db.QueryContext(ctx, "SELECT * FROM "+table+" WHERE 1 = 0")
	if err != nil {
		t.Fatal(err)
	}
	cols, err := rows.Columns()
	rows.Close()
	if err != nil {
		t.Fatal(err)
	}
	exprs := make([]string, len(cols))
	for i, c := range cols {
		switch db.Dialect().Name().String() {
		case dbopen.SQLite:
			exprs[i] = fmt.Sprintf("quote(%q)", c)
		case dbopen.Postgres:
			exprs[i] = fmt.Sprintf("%q::text", c)
		default:
			exprs[i] = fmt.Sprintf("CAST(`%s` AS CHAR)", c)
		}
	}
	q := db.NewRaw("SELECT "+strings.Join(exprs, ", ")+" FROM ? WHERE id = ?", bun.Ident(table), id)
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := db.QueryRowContext(ctx, q.String()).Scan(ptrs...); err != nil {
		t.Fatalf("reading %s %s: %v", table, id, err)
	}
	out := make(map[string]string, len(cols))
	for i, c := range cols {
		out[c] = "NULL"
		if vals[i].Valid {
			out[c] = vals[i].String
		}
	}
	return out
}

// sameRow fails unless a and b hold the same text in every column but skip.
func sameRow(t *testing.T, what string, a, b map[string]string, skip ...string) {
	t.Helper()
	a, b = maps.Clone(a), maps.Clone(b)
	for _, c := range skip {
		delete(a, c)
		delete(b, c)
	}
	for c, av := range a {
		if bv, ok := b[c]; !ok || av != bv {
			t.Errorf("%s: column %s is %s, bun writes %s", what, c, av, bv)
		}
	}
	if len(a) != len(b) {
		t.Errorf("%s: %d columns, bun's row has %d", what, len(a), len(b))
	}
}

// TestStore_WriteMatchesBun checks that the prepared statements of
// CreateCase and UpdateCase store exactly what bun's own inserts store for
// the same case and event: the same text for times (which on SQLite is the
// column's content), NULL for zero times and an absent handling time, the
// same booleans, and the same derived columns.
func TestStore_WriteMatchesBun(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		st, db := MustOpenStore(t, dialect)
		ctx := t.Context()
		// Sub-microsecond parts and a non-UTC zone exercise dbTime.
		loc := time.FixedZone("CST", 8*3600)
		t0 := time.Date(2022, 5, 6, 9, 2, 3, 456789123, loc)
		c := testCase(t, "2022-000001")
		c.CreatedAt, c.UpdatedAt = t0, t0
		c.ExternalNo, c.Location, c.Reporter = "LZ-1", "胜利路 'O''Brien' 12 号", govcase.Contact{Name: "张三", Phone: "138"}
		ev := regEvent(t, c)
		ev.Note = "含 ' 引号"
		ev.Attachments = []string{"现场照片.jpg", `含 "引号" 的.pdf`}
		if err := st.CreateCase(ctx, c, []govcase.Event{ev}); err != nil {
			t.Fatal(err)
		}
		// The same case and event written by bun, under other keys.
		ref := *c
		ref.ID, ref.Number = mustUUID(t), "2022-000002"
		refEv := ev
		refEv.ID, refEv.Subject = mustUUID(t), ref.ID
		if err := st.InsertCasesForTest(ctx, db, []*govcase.Case{&ref}); err != nil {
			t.Fatal(err)
		}
		if err := govcasebun.InsertEventsForTest(ctx, db, []govcase.Event{refEv}); err != nil {
			t.Fatal(err)
		}
		sameRow(t, "created case", storedText(t, db, "govcase_cases", c.ID.String()),
			storedText(t, db, "govcase_cases", ref.ID.String()), "id", "number")
		sameRow(t, "event", storedText(t, db, "govcase_events", ev.ID.String()),
			storedText(t, db, "govcase_events", refEv.ID.String()), "id", "case_id")

		// An update that sets every time and the handling time.
		u := *c
		u.Version = 2
		u.Status, u.Department, u.Reply = govcase.StatusClosed, "lbq-dept01", "已办结"
		u.DispatchedAt = t0.Add(time.Hour)
		u.AcceptBy = u.DispatchedAt.Add(2 * time.Hour)
		u.AcceptedAt = u.DispatchedAt.Add(30*time.Minute + 7*time.Nanosecond)
		u.ResolveBy = u.DispatchedAt.Add(72 * time.Hour)
		u.RepliedAt = u.DispatchedAt.Add(80*time.Hour + 999*time.Nanosecond)
		u.ClosedAt = u.RepliedAt.Add(time.Hour)
		u.ExtensionUntil, u.ExtensionReason = u.ResolveBy.Add(24*time.Hour), "现场勘查"
		u.UrgeCount, u.ReturnCount, u.RedoCount = 1, 2, 3
		u.ResolveByProvisional = true // beside a false AcceptByProvisional
		u.UpdatedAt = u.ClosedAt
		uev := ev
		uev.ID, uev.Seq, uev.Type, uev.At = mustUUID(t), 2, govcase.EventClosed, u.ClosedAt
		if err := st.UpdateCase(ctx, &u, []govcase.Event{uev}); err != nil {
			t.Fatal(err)
		}
		ref2 := u
		ref2.ID, ref2.Number = mustUUID(t), "2022-000003"
		if err := st.InsertCasesForTest(ctx, db, []*govcase.Case{&ref2}); err != nil {
			t.Fatal(err)
		}
		got := storedText(t, db, "govcase_cases", u.ID.String())
		sameRow(t, "updated case", got, storedText(t, db, "govcase_cases", ref2.ID.String()), "id", "number")
		if got["handling_secs"] == "NULL" || got["replied_on_time"] == "NULL" {
			t.Errorf("derived columns not written: %v", got)
		}
		if v := got["resolve_by_provisional"]; v != "1" && v != "true" {
			t.Errorf("resolve_by_provisional = %s, want true", v)
		}
		if v := got["accept_by_provisional"]; v != "0" && v != "false" {
			t.Errorf("accept_by_provisional = %s, want false", v)
		}
		// Back to zero times: they must become NULL again.
		z := u
		z.Version = 3
		z.DispatchedAt, z.AcceptedAt, z.RepliedAt, z.ClosedAt, z.ExtensionUntil = time.Time{}, time.Time{}, time.Time{}, time.Time{}, time.Time{}
		if err := st.UpdateCase(ctx, &z, nil); err != nil {
			t.Fatal(err)
		}
		got = storedText(t, db, "govcase_cases", z.ID.String())
		for _, col := range []string{"dispatched_at", "accepted_at", "replied_at", "closed_at", "extension_until", "handling_secs"} {
			if got[col] != "NULL" {
				t.Errorf("%s = %s after clearing, want NULL", col, got[col])
			}
		}
		back, err := st.GetCase(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := t0.UTC().Truncate(time.Microsecond); !back.CreatedAt.Equal(want) || back.CreatedAt.Location() != time.UTC {
			t.Errorf("CreatedAt read back as %v, want %v in UTC", back.CreatedAt, want)
		}
		// The rows bun wrote went to the summary too.
		requireSummaryClean(t, st, "after the writes")
		if err := st.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
}
