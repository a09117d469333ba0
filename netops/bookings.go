package netops

import (
	"context"

	"github.com/govops-kit/govops"
)

// BookMeeting books meeting support. A booking that shares its room or a
// person with a standing booking at the same time is ECONFLICT naming it. A
// department books for itself.
func (s *Service) BookMeeting(ctx context.Context, by govops.Actor, in BookingInput) (*Booking, error) {
	return nil, errNotBuilt
}

// UpdateBooking replaces the fields of the standing booking ref, with the
// same clash check.
func (s *Service) UpdateBooking(ctx context.Context, by govops.Actor, ref string, in BookingInput) (*Booking, error) {
	return nil, errNotBuilt
}

// CancelBooking cancels the booking ref; the note is required.
func (s *Service) CancelBooking(ctx context.Context, by govops.Actor, ref string, in BookingCancel) (*Booking, error) {
	return nil, errNotBuilt
}

// Booking returns the booking ref. A department reads its own.
func (s *Service) Booking(ctx context.Context, by govops.Actor, ref string) (*Booking, error) {
	return nil, errNotBuilt
}

// Bookings lists the bookings that overlap a period, by start. A department
// sees its own.
func (s *Service) Bookings(ctx context.Context, by govops.Actor, in BookingListInput) ([]Booking, error) {
	return nil, errNotBuilt
}

// BookingTrail returns the trail of the booking ref.
func (s *Service) BookingTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	return nil, errNotBuilt
}
