package directory

import (
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// Limits of a department's fields.
const (
	// MaxCodeLen bounds a code, in ASCII characters.
	MaxCodeLen = 64
	// MaxNameLen bounds a name, in characters.
	MaxNameLen = 200
	// MaxReasonLen bounds the reason given to dissolve or restore a unit,
	// in characters.
	MaxReasonLen = 1000
)

// Kind says what sort of unit a department is: the district's own split of
// the units on its network.
type Kind string

// Kinds of unit.
const (
	KindDepartment Kind = "department" // 部门 (委办局): an office of the district government
	KindTownship   Kind = "township"   // 乡镇街道: a township or sub-district
	KindVillage    Kind = "village"    // 村
	KindCommunity  Kind = "community"  // 社区
)

// Kinds lists every kind, from the top of the tree down.
func Kinds() []Kind { return []Kind{KindDepartment, KindTownship, KindVillage, KindCommunity} }

// Label returns the Chinese label of k.
func (k Kind) Label() string {
	switch k {
	case KindDepartment:
		return "部门"
	case KindTownship:
		return "乡镇街道"
	case KindVillage:
		return "村"
	case KindCommunity:
		return "社区"
	}
	return string(k)
}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool {
	for _, v := range Kinds() {
		if k == v {
			return true
		}
	}
	return false
}

// belowTownship reports whether a unit of kind k, when it has a parent,
// must have a township as its parent: villages and communities.
func (k Kind) belowTownship() bool { return k == KindVillage || k == KindCommunity }

// ParseKind reads a kind as a spreadsheet writes it: its English code in any
// letter case, its label, or a common synonym (委办局, 乡镇, 街道, 乡, 镇).
// ok is false for anything else, "" included.
func ParseKind(s string) (k Kind, ok bool) {
	s = strings.TrimSpace(s)
	switch s {
	case "委办局", "部门":
		return KindDepartment, true
	case "乡镇街道", "乡镇", "街道", "乡", "镇", "乡镇/街道":
		return KindTownship, true
	case "村":
		return KindVillage, true
	case "社区":
		return KindCommunity, true
	}
	k = Kind(strings.ToLower(s))
	return k, k.Valid()
}

// kindChoices names the kinds for a message.
func kindChoices() string {
	return "department (部门), township (乡镇街道), village (村) or community (社区)"
}

// Zone is where a unit sits, for the on-site service levels of the network
// team (15, 45 and 90 minutes): the administrative building, the urban area
// or the suburbs. The zero Zone means not yet known.
type Zone string

// Zones.
const (
	ZoneBuilding Zone = "building" // 行政大楼: the administrative building
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

// Valid reports whether a unit may have zone z: one of Zones, or the zero
// Zone (not yet known).
func (z Zone) Valid() bool {
	if z == "" {
		return true
	}
	for _, v := range Zones() {
		if z == v {
			return true
		}
	}
	return false
}

// ParseZone reads a zone as a spreadsheet writes it: its English code in any
// letter case or its label (行政大楼 also as 大楼). "" is the zero Zone; ok is
// false for anything else.
func ParseZone(s string) (z Zone, ok bool) {
	s = strings.TrimSpace(s)
	switch s {
	case "":
		return "", true
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

// zoneChoices names the zones for a message.
func zoneChoices() string {
	return "building (行政大楼), urban (城区), suburban (郊区), or empty while not known"
}

// Status says whether a unit takes new work.
type Status string

// Statuses.
const (
	StatusActive    Status = "active"    // 在用
	StatusDissolved Status = "dissolved" // 撤销: kept, since history names it, but given no new work
)

// Statuses lists every status.
func Statuses() []Status { return []Status{StatusActive, StatusDissolved} }

// Label returns the Chinese label of s.
func (s Status) Label() string {
	switch s {
	case StatusActive:
		return "在用"
	case StatusDissolved:
		return "撤销"
	}
	return string(s)
}

// Valid reports whether s is one of Statuses.
func (s Status) Valid() bool { return s == StatusActive || s == StatusDissolved }

// Department is one unit of the district's directory (部门目录): a
// department, a township or sub-district, a village or a community. Cases
// are dispatched to its Code, department tokens are scoped to it, and the
// extranet connects it.
//
// Code is unique regardless of letter case ("YUEJIN" cannot stand beside
// "yuejin"), while lookups are exact. Code and ID never change. Parent is
// the code of the unit above ("" for none). Version is 1 when the unit is
// created and grows by one with each change, each recorded by the Event of
// that Seq. Times are UTC, to the microsecond.
type Department struct {
	ID        uuid.UUID // UUIDv7: the Subject of its events
	Code      string
	Name      string
	Kind      Kind
	Parent    string
	Zone      Zone
	Status    Status
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Active reports whether d takes new work.
func (d *Department) Active() bool { return d.Status == StatusActive }

// ValidCode reports whether s may be a department code: 1 to MaxCodeLen
// ASCII letters, digits, '.', '_' or '-', so that it is safe in a URL path,
// a file name and a log line.
func ValidCode(s string) bool {
	if s == "" || len(s) > MaxCodeLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// codeRule is what a code must be, for messages.
const codeRule = "must be 1 to 64 letters, digits, '.', '_' or '-'"

// CodeKey returns the form in which codes must differ: ASCII letters in
// lower case, every other byte as it is. Two codes with the same key are
// the same code to a person reading them. A Store keeps codes unique by
// their key.
func CodeKey(code string) string {
	for i := 0; i < len(code); i++ {
		if c := code[i]; c >= 'A' && c <= 'Z' {
			b := []byte(code)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return code
}

// checkCode adds a problem naming field when v is not a code, and reports
// whether it is one.
func checkCode(p *govops.Problems, field, v string) bool {
	switch {
	case v == "":
		p.Add(field, "required: "+codeRule)
	case !ValidCode(v):
		p.Addf(field, "%q %s", govops.Truncate(v, MaxCodeLen), codeRule)
	default:
		return true
	}
	return false
}

// checkName adds a problem naming "name" when v, already trimmed, is not a
// name: required, one line of valid UTF-8 text without control
// characters, at most MaxNameLen characters.
func checkName(p *govops.Problems, v string) {
	if govops.CheckText(p, "name", v, MaxNameLen, true) && strings.ContainsAny(v, "\t\n\r") {
		p.Add("name", "must be one line, without tabs or line breaks")
	}
}

// codeTaken returns the ECONFLICT of a department whose code is taken by the
// stored department existing: of the same code, or of one that differs
// only in letter case ("" when it cannot be told which).
func codeTaken(code, existing string) error {
	if existing == "" || existing == code {
		return govops.Errorf(govops.ECONFLICT, "department %s already exists", code)
	}
	return govops.Errorf(govops.ECONFLICT,
		"department code %s is taken by department %s: codes must differ in more than letter case; use %s or choose another code",
		code, existing, existing)
}
