package netops

import (
	"time"

	"github.com/govops-kit/govops"
)

// KindCoverage is the coverage of the units of one directory kind.
type KindCoverage struct {
	Kind      string `mask:"safe"`
	Label     string `mask:"safe"`
	Units     int
	Connected int
	Rate      govops.Rate
}

// Coverage is how much of the directory the extranet reaches: the units
// with an active extranet link (外网接入) over all active units, by kind.
type Coverage struct {
	Units     int
	Connected int
	Rate      govops.Rate
	// ByKind has one line for each kind the directory holds, in the
	// directory's order (department, township, village, community).
	ByKind []KindCoverage
	// Unconnected lists the units not connected, by code.
	Unconnected []Unit
	// Unknown lists the codes of units that have an active extranet link
	// but are not in the directory (dissolved, or mistyped), sorted.
	Unknown []string `mask:"safe"`
}

// ActiveAt reports whether l was active at t by its step dates: it became
// active by t, and was neither deprovisioning nor decommissioned by then.
// A step rolled back leaves no date (see MoveLink), so a removal that was
// undone does not show.
func (l *Link) ActiveAt(t time.Time) bool {
	by := func(d time.Time) bool { return !d.IsZero() && !d.After(t) }
	return by(l.Steps.Active) && !by(l.Steps.Deprovisioning) && !by(l.Steps.Decommissioned)
}
