package bunstore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/bunstore"
)

func TestErrors_Err(t *testing.T) {
	decided := govops.Errorf(govops.EINVALID, "name: is required")
	unique := errors.New("constraint failed: UNIQUE constraint failed: kit_items.name (2067)")
	refusals := []bunstore.Refusal{
		bunstore.NotFound("item %s not found", "a1"),
		bunstore.Conflict("name %s is taken", "x"),
		bunstore.Stale("never used by Err"),
	}
	tests := []struct {
		name     string
		err      error
		refusals []bunstore.Refusal
		code     string
		msg      string
	}{
		{name: "NoRowsNotFound", err: sql.ErrNoRows, refusals: refusals, code: govops.ENOTFOUND, msg: "item a1 not found"},
		{name: "WrappedNoRowsNotFound", err: fmt.Errorf("scan: %w", sql.ErrNoRows), refusals: refusals, code: govops.ENOTFOUND, msg: "item a1 not found"},
		{name: "NoRowsWithoutRefusal", err: sql.ErrNoRows, code: govops.EINTERNAL, msg: "kittest: get item: sql: no rows in result set"},
		{name: "UniqueConflict", err: unique, refusals: refusals, code: govops.ECONFLICT, msg: "name x is taken"},
		{name: "UniqueWithoutRefusal", err: unique, code: govops.EINTERNAL, msg: "kittest: get item: " + unique.Error()},
		{name: "Other", err: errors.New("disk I/O error"), refusals: refusals, code: govops.EINTERNAL, msg: "kittest: get item: disk I/O error"},
		{name: "Cancelled", err: fmt.Errorf("begin: %w", context.Canceled), refusals: refusals, code: govops.EINTERNAL, msg: "kittest: get item: begin: context canceled"},
		{name: "DeadlineExceeded", err: context.DeadlineExceeded, refusals: refusals, code: govops.EINTERNAL, msg: "kittest: get item: context deadline exceeded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := errs.Err("get item", tt.err, tt.refusals...)
			wantMessage(t, got, tt.code, tt.msg)
			if tt.code == govops.EINTERNAL && !errors.Is(got, tt.err) {
				t.Fatalf("%v does not wrap %v", got, tt.err)
			}
		})
	}
	t.Run("Nil", func(t *testing.T) {
		if err := errs.Err("get item", nil, refusals...); err != nil {
			t.Fatalf("Err(nil) = %v", err)
		}
	})
	t.Run("GovopsErrorPassesThrough", func(t *testing.T) {
		// Decided errors keep their code and message, even wrapped, even
		// when they wrap a cause that would map otherwise.
		for _, err := range []error{
			decided,
			fmt.Errorf("in tx: %w", decided),
			govops.Errorf(govops.ENOTFOUND, "case 2022-000001 not found: %w", unique),
		} {
			got := errs.Err("update item", err, refusals...)
			if got != err {
				t.Fatalf("Err(%v) = %v, want it unchanged", err, got)
			}
		}
	})
	t.Run("CancelledIsCancelled", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Nanosecond)
		defer cancel()
		<-ctx.Done()
		err := errs.Err("list items", ctx.Err())
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("%v does not say the deadline passed", err)
		}
	})
}

func TestIsUniqueViolation(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		db := MustOpenDB(t, dialect)
		ctx := t.Context()
		row := &itemRow{ID: "a1", Name: "one", Version: 1}
		if _, err := db.NewInsert().Model(row).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		_, err := db.NewInsert().Model(row).Exec(ctx)
		if !bunstore.IsUniqueViolation(err) || !bunstore.IsTransient(err) {
			t.Fatalf("duplicate insert: %v; want a unique violation", err)
		}
		wantMessage(t, errs.Err("create item", err, bunstore.Conflict("item a1 exists")), govops.ECONFLICT, "item a1 exists")
		_, err = db.NewSelect().Model(row).Where("no_such_column = 1").Exec(ctx)
		if err == nil || bunstore.IsUniqueViolation(err) || bunstore.IsTransient(err) {
			t.Fatalf("bad column: %v; want an error neither unique nor transient", err)
		}
	})
	if bunstore.IsUniqueViolation(nil) || bunstore.IsTransient(nil) {
		t.Fatal("nil is neither a unique violation nor transient")
	}
}

func TestTimes(t *testing.T) {
	in := time.Date(2022, 10, 8, 9, 0, 0, 123456789, time.FixedZone("CST", 8*3600))
	if got := bunstore.DBTime(in); !got.Equal(in.Truncate(time.Microsecond)) || got.Location() != time.UTC {
		t.Fatalf("DBTime = %v", got)
	}
	if got := bunstore.GoTime(in); !got.Equal(in) || got.Location() != time.UTC {
		t.Fatalf("GoTime = %v", got)
	}
	if !bunstore.DBTime(time.Time{}).IsZero() || !bunstore.GoTime(time.Time{}).IsZero() {
		t.Fatal("zero times stay zero")
	}
}

func TestConcurrent(t *testing.T) {
	busy := errors.New("database is locked (5) (SQLITE_BUSY)")
	if !bunstore.IsTransient(busy) {
		t.Skip("this driver's busy error is not recognised by its text")
	}
	err := bunstore.Concurrent("update plan", govops.Errorf(govops.EINTERNAL, "write: %w", busy))
	if govops.ErrorCode(err) != govops.ECONFLICT {
		t.Fatalf("a busy database: %v, want ECONFLICT", err)
	}
	other := govops.Errorf(govops.EINTERNAL, "write: %w", errors.New("disk I/O error"))
	if got := bunstore.Concurrent("update plan", other); got != other {
		t.Errorf("another internal error became %v", got)
	}
	invalid := govops.Errorf(govops.EINVALID, "name: is required")
	if got := bunstore.Concurrent("update plan", invalid); got != invalid || bunstore.Concurrent("x", nil) != nil {
		t.Errorf("a decided error or nil changed: %v", got)
	}
}
