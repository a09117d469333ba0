package netops

import (
	"context"
	"io"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
)

// AddDevice enters a device in the register. Center only.
func (s *Service) AddDevice(ctx context.Context, by govops.Actor, in DeviceInput) (*Device, error) {
	return nil, errNotBuilt
}

// UpdateDevice replaces the fields of the device ref (its ID or asset tag).
// Center only.
func (s *Service) UpdateDevice(ctx context.Context, by govops.Actor, ref string, in DeviceInput) (*Device, error) {
	return nil, errNotBuilt
}

// PlanReplacement plans (or, with a zero date, clears) the replacement of
// the device ref. Center only.
func (s *Service) PlanReplacement(ctx context.Context, by govops.Actor, ref string, in ReplacementInput) (*Device, error) {
	return nil, errNotBuilt
}

// RetireDevice takes the device ref out of service; the note is required.
// Center only.
func (s *Service) RetireDevice(ctx context.Context, by govops.Actor, ref string, in DeviceRetire) (*Device, error) {
	return nil, errNotBuilt
}

// Device returns the device ref. District-wide actors only.
func (s *Service) Device(ctx context.Context, by govops.Actor, ref string) (*Device, error) {
	return nil, errNotBuilt
}

// Devices lists devices, by ID. District-wide actors only.
func (s *Service) Devices(ctx context.Context, by govops.Actor, in DeviceListInput) (govops.Page[Device], error) {
	return govops.Page[Device]{}, errNotBuilt
}

// DeviceTrail returns the trail of the device ref.
func (s *Service) DeviceTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	return nil, errNotBuilt
}

// Aging lists the devices past their end of life, due within a year, and
// with a replacement planned. District-wide actors only.
func (s *Service) Aging(ctx context.Context, by govops.Actor) (*AgingReport, error) {
	return nil, errNotBuilt
}

// ImportDevices enters devices from a CSV, every bad row reported. Center
// only.
func (s *Service) ImportDevices(ctx context.Context, by govops.Actor, r io.Reader, opts ImportOptions) (csvimport.Report, error) {
	return csvimport.Report{}, errNotBuilt
}
