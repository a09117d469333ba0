package netops

import (
	"time"

	"github.com/google/uuid"
)

// Limits of the duty roster.
const (
	// MaxShift bounds the length of one shift.
	MaxShift = 72 * time.Hour
	// MaxShiftsPerCall bounds the shifts AddShifts takes at once.
	MaxShiftsPerCall = 10000
	// MaxRosterPeriod bounds the period of a roster report.
	MaxRosterPeriod = 366 * 24 * time.Hour
)

// ShiftStatus is whether a shift stands.
type ShiftStatus string

// Shift statuses.
const (
	ShiftScheduled ShiftStatus = "scheduled" // 已排班
	ShiftCancelled ShiftStatus = "cancelled" // 已取消
)

// Label returns the Chinese label of s.
func (s ShiftStatus) Label() string {
	switch s {
	case ShiftScheduled:
		return "已排班"
	case ShiftCancelled:
		return "已取消"
	}
	return string(s)
}

// Valid reports whether s is a shift status.
func (s ShiftStatus) Valid() bool { return s == ShiftScheduled || s == ShiftCancelled }

// Shift is one person's duty (值班) for [Start, End), on the 7×24 roster.
// Times are cut to the minute.
type Shift struct {
	ID     uuid.UUID
	Person string `mask:"safe"`
	// Role is the duty ("值班", "带班", "视频保障"); free text.
	Role       string `mask:"safe"`
	Start, End time.Time
	Status     ShiftStatus `mask:"safe"`
	Note       string
	Version    int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// ShiftInput is one shift for AddShifts, or the new values for UpdateShift.
type ShiftInput struct {
	Person     string
	Role       string
	Start, End time.Time
	Note       string
	IfVersion  int64
}

// Interval is a span of time [Start, End).
type Interval struct {
	Start, End time.Time
}

// Minutes returns the length of i in whole minutes.
func (i Interval) Minutes() int64 { return int64(i.End.Sub(i.Start) / time.Minute) }

// DoubleBooking is a person on two scheduled shifts at once.
type DoubleBooking struct {
	Person string `mask:"safe"`
	A, B   uuid.UUID
	// Overlap is the time the two shifts share.
	Overlap Interval
}

// RosterReport is what Roster returns for a period [From, To): how much of
// it the scheduled shifts cover, every uncovered interval, to the minute,
// and every person double-booked.
type RosterReport struct {
	From, To       time.Time
	Shifts         int
	CoveredMinutes int64
	Uncovered      []Interval
	DoubleBooked   []DoubleBooking
}

// ShiftCancel is what CancelShift takes.
type ShiftCancel struct {
	Note      string
	IfVersion int64
}

// ShiftListInput selects the shifts that overlap [From, To) (both
// required, at most 366 days apart) for Shifts.
type ShiftListInput struct {
	From, To time.Time
	Person   string
	// Cancelled includes cancelled shifts.
	Cancelled bool
}
