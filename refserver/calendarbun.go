package refserver

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/sqldb"
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
func (d *BunDirectory) CalendarTables(ctx context.Context) ([]CalendarTableRecord, error) {
	var rows []calendarTableRow
	if err := d.db.NewSelect().Model(&rows).OrderExpr("kind ASC, cal_year ASC").Scan(ctx); err != nil {
		return nil, internal("list calendar tables", err)
	}
	out := make([]CalendarTableRecord, len(rows))
	for i, r := range rows {
		out[i] = CalendarTableRecord{Kind: CalendarTableKind(r.Kind), Year: r.Year, Text: r.Body,
			Version: r.Version, UpdatedAt: sqldb.GoTime(r.UpdatedAt), UpdatedBy: r.UpdatedBy}
	}
	return out, nil
}

// PutCalendarTable implements CalendarStore.
func (d *BunDirectory) PutCalendarTable(ctx context.Context, r CalendarTableRecord) error {
	row := &calendarTableRow{Kind: string(r.Kind), Year: r.Year, Body: r.Text, Version: r.Version,
		UpdatedAt: sqldb.DBTime(r.UpdatedAt), UpdatedBy: r.UpdatedBy}
	conflict := func() error {
		return govops.Errorf(govops.ECONFLICT, "the %s table of %d has changed since version %d: reload it and try again", r.Kind, r.Year, r.Version-1)
	}
	if r.Version <= 1 {
		if _, err := d.db.NewInsert().Model(row).Exec(ctx); err != nil {
			if sqldb.IsUniqueViolation(err) {
				return conflict()
			}
			return internal("store calendar table", err)
		}
		return nil
	}
	res, err := d.db.NewUpdate().Model(row).
		Column("body", "version", "updated_at", "updated_by").
		Where("kind = ?", row.Kind).Where("cal_year = ?", row.Year).Where("version = ?", r.Version-1).
		Exec(ctx)
	if err != nil {
		return internal("store calendar table", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return internal("store calendar table", err)
	} else if n == 0 {
		return conflict()
	}
	return nil
}

// CalendarRevision implements CalendarStore.
func (d *BunDirectory) CalendarRevision(ctx context.Context) (int64, error) {
	var sum int64
	if err := d.db.NewSelect().Model((*calendarTableRow)(nil)).ColumnExpr("COALESCE(SUM(version), 0)").Scan(ctx, &sum); err != nil {
		return 0, internal("calendar revision", err)
	}
	return sum, nil
}
