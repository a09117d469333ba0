package refserver

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/bunstore"
)

type calendarTableRow struct {
	bun.BaseModel `bun:"table:refserver_calendar_tables"`

	Kind      string    `bun:"kind,pk"`
	Year      int       `bun:"cal_year,pk"`
	Body      string    `bun:"body"`
	Version   int64     `bun:"version"`
	UpdatedAt time.Time `bun:"updated_at"`
	UpdatedBy string    `bun:"updated_by"`
}

// CalendarTables implements CalendarStore.
func (d *BunStore) CalendarTables(ctx context.Context) ([]CalendarTableRecord, error) {
	var rows []calendarTableRow
	if err := d.db.NewSelect().Model(&rows).OrderExpr("kind ASC, cal_year ASC").Scan(ctx); err != nil {
		return nil, errs.Err("list calendar tables", err)
	}
	out := make([]CalendarTableRecord, len(rows))
	for i, r := range rows {
		out[i] = CalendarTableRecord{Kind: CalendarTableKind(r.Kind), Year: r.Year, Text: r.Body,
			Version: r.Version, UpdatedAt: bunstore.GoTime(r.UpdatedAt), UpdatedBy: r.UpdatedBy}
	}
	return out, nil
}

// PutCalendarTable implements CalendarStore: an insert for version 1, and
// a versioned update after that. A missing record is a conflict too: the
// caller read one that is gone, or none exists and r.Version is past 1.
func (d *BunStore) PutCalendarTable(ctx context.Context, r CalendarTableRecord) error {
	row := &calendarTableRow{Kind: string(r.Kind), Year: r.Year, Body: r.Text, Version: r.Version,
		UpdatedAt: bunstore.DBTime(r.UpdatedAt), UpdatedBy: r.UpdatedBy}
	changed := fmt.Sprintf("the %s table of %d has changed since version %d: reload it and try again", r.Kind, r.Year, r.Version-1)
	if r.Version <= 1 {
		return d.calendar.Insert(ctx, row, bunstore.Conflict("%s", changed))
	}
	err := d.calendar.Update(ctx, row, bunstore.Stale("%s", changed))
	if govops.ErrorCode(err) == govops.ENOTFOUND {
		return govops.Errorf(govops.ECONFLICT, "%s", changed)
	}
	return err
}

// CalendarRevision implements CalendarStore.
func (d *BunStore) CalendarRevision(ctx context.Context) (int64, error) {
	var sum int64
	if err := d.db.NewSelect().Model((*calendarTableRow)(nil)).ColumnExpr("COALESCE(SUM(version), 0)").Scan(ctx, &sum); err != nil {
		return 0, errs.Err("calendar revision", err)
	}
	return sum, nil
}
