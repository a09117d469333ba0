package directory

// Counts is what the directory holds: the active units in total, by kind
// and by zone, and the dissolved ones. The center reads "184 departments,
// 98 villages and communities" from ByKind.
type Counts struct {
	// Active is the number of active units.
	Active int64
	// ByKind counts the active units of each kind; every kind is a key.
	ByKind map[Kind]int64
	// ByZone counts the active units of each zone, under "" those whose
	// zone is not known yet; every zone and "" is a key.
	ByZone map[Zone]int64
	// Dissolved is the number of dissolved units.
	Dissolved int64
}

// countGroups sums the groups a Store counted.
func countGroups(gs []Group) Counts {
	c := Counts{ByKind: map[Kind]int64{}, ByZone: map[Zone]int64{"": 0}}
	for _, k := range Kinds() {
		c.ByKind[k] = 0
	}
	for _, z := range Zones() {
		c.ByZone[z] = 0
	}
	for _, g := range gs {
		switch g.Status {
		case StatusActive:
			c.Active += g.Count
			c.ByKind[g.Kind] += g.Count
			c.ByZone[g.Zone] += g.Count
		case StatusDissolved:
			c.Dissolved += g.Count
		}
	}
	return c
}
