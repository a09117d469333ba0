package govops

import "time"

// DeadlineChange is one stored deadline recomputed because the calendar now
// covers, with an official or loaded table, a year it once counted
// provisionally.
type DeadlineChange struct {
	Ref   string // the record's human reference, e.g. a case number
	Field string // the deadline, e.g. "resolve_by"
	Old   time.Time
	New   time.Time
	// Provisional reports whether the new deadline still crosses a
	// provisional year (it reached further than the old one did).
	Provisional bool
}

// Recomputation reports one pass over the provisional deadlines of a
// domain: how many records were checked, which deadlines moved (or stayed
// on the same date, now final), and how many records still wait for a
// notice. A record that a concurrent writer changed during the pass is
// counted in Skipped and left for the next pass.
type Recomputation struct {
	Checked          int
	Changes          []DeadlineChange
	StillProvisional int
	Skipped          int
}
