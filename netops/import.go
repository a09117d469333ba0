package netops

import (
	"context"
	"io"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
)

// ImportUnits sets the network profiles of units from a CSV (unit, site,
// room, note), every bad row reported. Center only.
func (s *Service) ImportUnits(ctx context.Context, by govops.Actor, r io.Reader, opts ImportOptions) (csvimport.Report, error) {
	return csvimport.Report{}, errNotBuilt
}

// ImportLinks records links from a CSV, every bad row reported (an overlap
// with a stored link or another row included). Center only.
func (s *Service) ImportLinks(ctx context.Context, by govops.Actor, r io.Reader, opts ImportOptions) (csvimport.Report, error) {
	return csvimport.Report{}, errNotBuilt
}
