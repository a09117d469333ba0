package netops

import (
	"context"
	"time"

	"github.com/govops-kit/govops"
)

// AddShifts schedules shifts, all or none; every bad field of every shift is
// reported ("shifts[3].end"). Center only.
func (s *Service) AddShifts(ctx context.Context, by govops.Actor, in []ShiftInput) ([]Shift, error) {
	return nil, errNotBuilt
}

// UpdateShift replaces the fields of the scheduled shift ref (a swap).
// Center only.
func (s *Service) UpdateShift(ctx context.Context, by govops.Actor, ref string, in ShiftInput) (*Shift, error) {
	return nil, errNotBuilt
}

// CancelShift cancels the shift ref; the note is required. Center only.
func (s *Service) CancelShift(ctx context.Context, by govops.Actor, ref string, in ShiftCancel) (*Shift, error) {
	return nil, errNotBuilt
}

// Shifts lists the shifts that overlap a period, by start. District-wide
// actors only.
func (s *Service) Shifts(ctx context.Context, by govops.Actor, in ShiftListInput) ([]Shift, error) {
	return nil, errNotBuilt
}

// ShiftTrail returns the trail of the shift ref.
func (s *Service) ShiftTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	return nil, errNotBuilt
}

// Roster reports the coverage of [from, to) by scheduled shifts: every
// uncovered interval to the minute, and every person double-booked.
// District-wide actors only.
func (s *Service) Roster(ctx context.Context, by govops.Actor, from, to time.Time) (*RosterReport, error) {
	return nil, errNotBuilt
}
