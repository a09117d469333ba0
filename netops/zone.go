package netops

import "strings"

// Zone is where a unit or a site sits, for the on-site response times of
// the operations team: the administrative building, the urban area or the
// suburbs. Its codes are the directory's zones. The zero Zone means not
// known.
type Zone string

// Zones.
const (
	ZoneBuilding Zone = "building" // 行政大楼
	ZoneUrban    Zone = "urban"    // 城区
	ZoneSuburban Zone = "suburban" // 郊区
)

// Zones lists every zone, nearest first; the zero Zone is not among them.
func Zones() []Zone { return []Zone{ZoneBuilding, ZoneUrban, ZoneSuburban} }

// Label returns the Chinese label of z: 未定 for the zero Zone.
func (z Zone) Label() string {
	switch z {
	case ZoneBuilding:
		return "行政大楼"
	case ZoneUrban:
		return "城区"
	case ZoneSuburban:
		return "郊区"
	case "":
		return "未定"
	}
	return string(z)
}

// Valid reports whether z is one of Zones.
func (z Zone) Valid() bool {
	for _, v := range Zones() {
		if z == v {
			return true
		}
	}
	return false
}

// ParseZone reads a zone as a spreadsheet writes it: its code in any
// letter case or its label (行政大楼 also as 大楼). ok is false for
// anything else, "" included.
func ParseZone(s string) (z Zone, ok bool) {
	s = strings.TrimSpace(s)
	switch s {
	case "行政大楼", "大楼":
		return ZoneBuilding, true
	case "城区":
		return ZoneUrban, true
	case "郊区":
		return ZoneSuburban, true
	}
	z = Zone(strings.ToLower(s))
	return z, z.Valid()
}
