package netopsbun

import (
	"context"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/netops"
)

// CreatePlan implements netops.Store.
func (s *Store) CreatePlan(ctx context.Context, p *netops.Plan, events []netops.Event) error {
	row := toPlanRow(p)
	row.Version = 1
	return s.plans.Create(ctx, &row, toEventRows(events),
		bunstore.Conflict("plan %s: its ID, or the ID of one of its events, is taken", p.ID))
}

// UpdatePlan implements netops.Store.
func (s *Store) UpdatePlan(ctx context.Context, p *netops.Plan, events []netops.Event) error {
	row := toPlanRow(p)
	return s.plans.Update(ctx, &row, toEventRows(events),
		bunstore.NotFound("no plan %s", p.ID), bunstore.Stale("plan %s changed meanwhile: reload it and retry", p.ID),
		bunstore.Conflict("plan %s: the ID or Seq of one of its events is taken", p.ID))
}

// Plan implements netops.Store.
func (s *Store) Plan(ctx context.Context, id uuid.UUID) (*netops.Plan, error) {
	var row planRow
	if err := s.db.NewSelect().Model(&row).Where("id = ?", id.String()).Scan(ctx); err != nil {
		return nil, errs.Err("get plan", err, bunstore.NotFound("no plan %s", id))
	}
	p, err := fromPlanRow(&row)
	return &p, err
}

// Plans implements netops.Store.
func (s *Store) Plans(ctx context.Context, f netops.PlanFilter, after uuid.UUID, limit int) ([]netops.Plan, error) {
	var rows []planRow
	q := s.db.NewSelect().Model(&rows)
	if f.Status != "" {
		q.Where("status = ?", string(f.Status))
	}
	if f.Site != "" {
		q.Where("target_site = ?", f.Site)
	}
	if !f.DueBefore.IsZero() {
		q.Where("next_due < ?", dbt(f.DueBefore))
	}
	if err := page(q, after, limit).Scan(ctx); err != nil {
		return nil, errs.Err("list plans", err)
	}
	return bunstore.FromRows(rows, fromPlanRow)
}

// AddRecord implements netops.Store.
func (s *Store) AddRecord(ctx context.Context, r *netops.Record, p *netops.Plan, events []netops.Event) error {
	rec, plan := toRecordRow(r), toPlanRow(p)
	return s.write(ctx, "add inspection record", netops.Guard{}, events,
		bunstore.Conflict("inspection record %s: its ID, or the ID or Seq of one of its events, is taken", r.ID),
		func(ctx context.Context, tx bun.Tx) error {
			if err := bunstore.UpdateIn(ctx, tx, &plan, plan.ID, plan.Version, "plan"); err != nil {
				return err
			}
			_, err := tx.NewInsert().Model(&rec).Exec(ctx)
			return err
		})
}

// Records implements netops.Store.
func (s *Store) Records(ctx context.Context, f netops.RecordFilter, after uuid.UUID, limit int) ([]netops.Record, error) {
	var rows []recordRow
	q := s.db.NewSelect().Model(&rows)
	if f.Plan != uuid.Nil {
		q.Where("plan_id = ?", f.Plan.String())
	}
	if !f.From.IsZero() {
		q.Where("at >= ?", dbt(f.From))
	}
	if !f.To.IsZero() {
		q.Where("at < ?", dbt(f.To))
	}
	if err := page(q, after, limit).Scan(ctx); err != nil {
		return nil, errs.Err("list inspection records", err)
	}
	return bunstore.FromRows(rows, fromRecordRow)
}

// CreateBooking implements netops.Store.
func (s *Store) CreateBooking(ctx context.Context, b *netops.Booking, g netops.Guard, events []netops.Event) error {
	row, staff := toBookingRow(b), toStaffRows(b)
	row.Version = 1
	return s.write(ctx, "create booking", g, events,
		bunstore.Conflict("booking %s: its ID, or the ID of one of its events, is taken", b.ID),
		func(ctx context.Context, tx bun.Tx) error {
			if _, err := tx.NewInsert().Model(&row).Exec(ctx); err != nil {
				return err
			}
			return bunstore.InsertChunked(ctx, tx, staff)
		})
}

// UpdateBooking implements netops.Store.
func (s *Store) UpdateBooking(ctx context.Context, b *netops.Booking, g netops.Guard, events []netops.Event) error {
	row, staff := toBookingRow(b), toStaffRows(b)
	return s.write(ctx, "update booking", g, events,
		bunstore.Conflict("booking %s: the ID or Seq of one of its events is taken", b.ID),
		func(ctx context.Context, tx bun.Tx) error {
			if err := bunstore.UpdateIn(ctx, tx, &row, row.ID, row.Version, "booking"); err != nil {
				return err
			}
			if _, err := tx.NewDelete().Model((*staffRow)(nil)).Where("booking_id = ?", row.ID).Exec(ctx); err != nil {
				return err
			}
			return bunstore.InsertChunked(ctx, tx, staff)
		})
}

// Booking implements netops.Store.
func (s *Store) Booking(ctx context.Context, id uuid.UUID) (*netops.Booking, error) {
	var row bookingRow
	if err := s.db.NewSelect().Model(&row).Where("id = ?", id.String()).Scan(ctx); err != nil {
		return nil, errs.Err("get booking", err, bunstore.NotFound("no booking %s", id))
	}
	b, err := fromBookingRow(&row)
	return &b, err
}

// Bookings implements netops.Store.
func (s *Store) Bookings(ctx context.Context, f netops.BookingFilter) ([]netops.Booking, error) {
	var rows []bookingRow
	q := s.db.NewSelect().Model(&rows).
		Where("start_at < ?", dbt(f.To)).Where("end_at > ?", dbt(f.From)).OrderExpr("start_at ASC, id ASC")
	if f.Site != "" {
		q.Where("site = ?", f.Site)
	}
	if f.Room != "" {
		q.Where("room = ?", f.Room)
	}
	if f.Department != "" {
		q.Where("department = ?", f.Department)
	}
	if f.Person != "" {
		q.Where("EXISTS (SELECT 1 FROM netops_booking_staff AS s WHERE s.booking_id = booking_row.id AND s.person = ?)", f.Person)
	}
	if f.Status != "" {
		q.Where("status = ?", string(f.Status))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, errs.Err("list bookings", err)
	}
	return bunstore.FromRows(rows, fromBookingRow)
}

// CreateShifts implements netops.Store.
func (s *Store) CreateShifts(ctx context.Context, ss []netops.Shift, events []netops.Event) error {
	rows := make([]shiftRow, len(ss))
	for i := range ss {
		rows[i] = toShiftRow(&ss[i])
		rows[i].Version = 1
	}
	return s.write(ctx, "create shifts", netops.Guard{}, events,
		bunstore.Conflict("a shift's ID, or the ID of one of its events, is taken"),
		func(ctx context.Context, tx bun.Tx) error { return bunstore.InsertChunked(ctx, tx, rows) })
}

// UpdateShift implements netops.Store.
func (s *Store) UpdateShift(ctx context.Context, v *netops.Shift, events []netops.Event) error {
	row := toShiftRow(v)
	return s.shifts.Update(ctx, &row, toEventRows(events),
		bunstore.NotFound("no shift %s", v.ID), bunstore.Stale("shift %s changed meanwhile: reload it and retry", v.ID),
		bunstore.Conflict("shift %s: the ID or Seq of one of its events is taken", v.ID))
}

// Shift implements netops.Store.
func (s *Store) Shift(ctx context.Context, id uuid.UUID) (*netops.Shift, error) {
	var row shiftRow
	if err := s.db.NewSelect().Model(&row).Where("id = ?", id.String()).Scan(ctx); err != nil {
		return nil, errs.Err("get shift", err, bunstore.NotFound("no shift %s", id))
	}
	v, err := fromShiftRow(&row)
	return &v, err
}

// Shifts implements netops.Store.
func (s *Store) Shifts(ctx context.Context, f netops.ShiftFilter) ([]netops.Shift, error) {
	var rows []shiftRow
	q := s.db.NewSelect().Model(&rows).
		Where("start_at < ?", dbt(f.To)).Where("end_at > ?", dbt(f.From)).OrderExpr("start_at ASC, id ASC")
	if f.Person != "" {
		q.Where("person = ?", f.Person)
	}
	if f.Status != "" {
		q.Where("status = ?", string(f.Status))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, errs.Err("list shifts", err)
	}
	return bunstore.FromRows(rows, fromShiftRow)
}

// CreateDevices implements netops.Store.
func (s *Store) CreateDevices(ctx context.Context, ds []netops.Device, events []netops.Event) error {
	rows := make([]deviceRow, len(ds))
	for i := range ds {
		rows[i] = toDeviceRow(&ds[i])
		rows[i].Version = 1
	}
	return s.write(ctx, "create devices", netops.Guard{}, events,
		bunstore.Conflict("a device's ID or asset tag, or the ID of one of its events, is taken"),
		func(ctx context.Context, tx bun.Tx) error { return bunstore.InsertChunked(ctx, tx, rows) })
}

// UpdateDevice implements netops.Store.
func (s *Store) UpdateDevice(ctx context.Context, d *netops.Device, events []netops.Event) error {
	row := toDeviceRow(d)
	return s.devices.Update(ctx, &row, toEventRows(events),
		bunstore.NotFound("no device %s", d.ID), bunstore.Stale("device %s changed meanwhile: reload it and retry", d.AssetTag),
		bunstore.Conflict("device %s: its asset tag, or the ID or Seq of one of its events, is taken", govops.Truncate(d.AssetTag, 60)))
}

// Device implements netops.Store.
func (s *Store) Device(ctx context.Context, id uuid.UUID) (*netops.Device, error) {
	return s.device(ctx, "id", id.String(), bunstore.NotFound("no device %s", id))
}

// DeviceByTag implements netops.Store.
func (s *Store) DeviceByTag(ctx context.Context, tag string) (*netops.Device, error) {
	return s.device(ctx, "asset_tag", tag, bunstore.NotFound("no device has asset tag %s", govops.Truncate(tag, 60)))
}

func (s *Store) device(ctx context.Context, column, value string, notFound bunstore.Refusal) (*netops.Device, error) {
	var row deviceRow
	if err := s.db.NewSelect().Model(&row).Where("? = ?", bun.Ident(column), value).Scan(ctx); err != nil {
		return nil, errs.Err("get device", err, notFound)
	}
	d, err := fromDeviceRow(&row)
	return &d, err
}

// Devices implements netops.Store.
func (s *Store) Devices(ctx context.Context, f netops.DeviceFilter, after uuid.UUID, limit int) ([]netops.Device, error) {
	var rows []deviceRow
	q := s.db.NewSelect().Model(&rows)
	if f.Site != "" {
		q.Where("site = ?", f.Site)
	}
	if f.Kind != "" {
		q.Where("kind = ?", string(f.Kind))
	}
	if f.Status != "" {
		q.Where("status = ?", string(f.Status))
	}
	if !f.EOLBefore.IsZero() {
		q.Where("end_of_life < ?", dbt(f.EOLBefore))
	}
	if f.ReplacementPlanned {
		q.Where("repl_planned_on IS NOT NULL")
	}
	if err := page(q, after, limit).Scan(ctx); err != nil {
		return nil, errs.Err("list devices", err)
	}
	return bunstore.FromRows(rows, fromDeviceRow)
}
