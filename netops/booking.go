package netops

import (
	"time"

	"github.com/google/uuid"
)

// MaxStaff bounds the staff assigned to one booking.
const MaxStaff = 20

// MeetingMode says how a meeting is supported.
type MeetingMode string

// Meeting modes.
const (
	MeetingVideo  MeetingMode = "video"  // 视频会议
	MeetingOnsite MeetingMode = "onsite" // 现场会议
)

// Label returns the Chinese label of m.
func (m MeetingMode) Label() string {
	switch m {
	case MeetingVideo:
		return "视频会议"
	case MeetingOnsite:
		return "现场会议"
	}
	return string(m)
}

// Valid reports whether m is a meeting mode.
func (m MeetingMode) Valid() bool { return m == MeetingVideo || m == MeetingOnsite }

// BookingStatus is whether a booking stands.
type BookingStatus string

// Booking statuses.
const (
	BookingBooked    BookingStatus = "booked"    // 已预约
	BookingCancelled BookingStatus = "cancelled" // 已取消
)

// Label returns the Chinese label of s.
func (s BookingStatus) Label() string {
	switch s {
	case BookingBooked:
		return "已预约"
	case BookingCancelled:
		return "已取消"
	}
	return string(s)
}

// Valid reports whether s is a booking status.
func (s BookingStatus) Valid() bool { return s == BookingBooked || s == BookingCancelled }

// Booking is a meeting the center supports (会议保障): a room of a site for
// [Start, End), video or on site, with the staff assigned to it. Two
// standing bookings never share a room or a person at the same time.
type Booking struct {
	ID    uuid.UUID
	Title string
	// Department is the unit that asked for the meeting; it scopes the
	// booking ("" for the center's own).
	Department string `mask:"safe"`
	Site       string `mask:"safe"`
	Room       string `mask:"safe"`
	Start, End time.Time
	Mode       MeetingMode `mask:"safe"`
	// Staff are the people assigned, sorted, each once.
	Staff   []string      `mask:"safe"`
	Status  BookingStatus `mask:"safe"`
	Note    string
	Version int64
	// CreatedAt and UpdatedAt are when the record was written.
	CreatedAt time.Time
	UpdatedAt time.Time
}

// BookingInput is what BookMeeting and UpdateBooking take. The room must
// be a meeting room of the site. A booking lasts at most a week.
type BookingInput struct {
	Title      string
	Department string
	Site       string
	Room       string
	Start, End time.Time
	Mode       MeetingMode
	Staff      []string
	Note       string
	IfVersion  int64
}

// BookingListInput selects the bookings that overlap [From, To) (both
// required, at most 366 days apart) for Bookings.
type BookingListInput struct {
	From, To   time.Time
	Site       string
	Room       string
	Person     string
	Department string
	// Cancelled includes cancelled bookings.
	Cancelled bool
}

// BookingCancel is what CancelBooking takes.
type BookingCancel struct {
	Note      string
	IfVersion int64
}
