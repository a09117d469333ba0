package netops

import "github.com/govops-kit/govops"

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
