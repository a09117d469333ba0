package directorybun

import (
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/internal/bunstore"
)

// departmentRow is a row of directory_departments. Times are UTC and NULL
// when zero. On MySQL the table also holds code_ci, generated from code,
// which no write names.
type departmentRow struct {
	bun.BaseModel `bun:"table:directory_departments"`

	ID        string    `bun:"id,pk"`
	Code      string    `bun:"code"`
	Name      string    `bun:"name"`
	Kind      string    `bun:"kind"`
	Parent    string    `bun:"parent"`
	Zone      string    `bun:"zone"`
	Status    string    `bun:"status"`
	Version   int64     `bun:"version"`
	CreatedAt time.Time `bun:"created_at,nullzero"`
	UpdatedAt time.Time `bun:"updated_at,nullzero"`
}

func toRow(d *directory.Department) departmentRow {
	return departmentRow{ID: d.ID.String(), Code: d.Code, Name: d.Name, Kind: string(d.Kind), Parent: d.Parent,
		Zone: string(d.Zone), Status: string(d.Status), Version: d.Version,
		CreatedAt: bunstore.DBTime(d.CreatedAt), UpdatedAt: bunstore.DBTime(d.UpdatedAt)}
}

func fromRow(r *departmentRow) (directory.Department, error) {
	id, err := uuid.Parse(r.ID)
	if err != nil {
		return directory.Department{}, errs.Err("read the id of department "+r.Code, err)
	}
	return directory.Department{ID: id, Code: r.Code, Name: r.Name, Kind: directory.Kind(r.Kind), Parent: r.Parent,
		Zone: directory.Zone(r.Zone), Status: directory.Status(r.Status), Version: r.Version,
		CreatedAt: bunstore.GoTime(r.CreatedAt), UpdatedAt: bunstore.GoTime(r.UpdatedAt)}, nil
}

// eventRow is a row of directory_events: the columns every trail shares
// (bunstore.EventRow) and the department's ID.
type eventRow struct {
	bun.BaseModel `bun:"table:directory_events"`

	DepartmentID string `bun:"department_id"`
	bunstore.EventRow
}

func toEventRows(events []directory.Event) []eventRow {
	rows := make([]eventRow, len(events))
	for i, e := range events {
		rows[i].EventRow, rows[i].DepartmentID = bunstore.ToEventRow(e)
	}
	return rows
}

func fromEventRow(r *eventRow) (directory.Event, error) {
	return bunstore.FromEventRow[directory.EventType, directory.Status](errs, &r.EventRow, r.DepartmentID)
}
