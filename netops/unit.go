package netops

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// Unit is a unit of the district's directory (部门, 乡镇街道, 村, 社区), as
// netops reads it: netops never keeps units of its own, only their network
// profile (UnitNet).
type Unit struct {
	Code string `mask:"safe"`
	Name string `mask:"safe"`
	// Kind is the directory's kind code (department, township, village,
	// community) and KindLabel its label.
	Kind      string `mask:"safe"`
	KindLabel string `mask:"safe"`
	Parent    string `mask:"safe"`
	Zone      Zone   `mask:"safe"`
}

// Directory lists the active units of the district's directory. The
// reference server wires the directory package in; an embedder wires its
// own. Without one, a Service takes any well-formed unit code, and
// coverage counts the units that have a network profile.
type Directory interface {
	// Units returns every active unit, in any order.
	Units(ctx context.Context) ([]Unit, error)
	// Unit returns the active unit whose code is exactly code: ENOTFOUND
	// when there is none.
	Unit(ctx context.Context, code string) (*Unit, error)
}

// UnitNet is what netops keeps about a unit's network: the site (and room)
// it sits in. Its links are Links whose Unit is the unit's code. A unit is
// referred to by its directory code.
type UnitNet struct {
	ID uuid.UUID
	// Unit is the directory code of the unit; unique.
	Unit string `mask:"safe"`
	// Site is the code of the site the unit sits in, and Room the room
	// where its extranet equipment stands ("" when not known).
	Site      string `mask:"safe"`
	Room      string `mask:"safe"`
	Note      string
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// UnitInput is what SetUnit takes: the unit's network profile, created on
// first use and replaced afterwards.
type UnitInput struct {
	Site      string
	Room      string
	Note      string
	IfVersion int64
}

// UnitView is a unit as Unit returns it: the directory's record (nil when
// no Directory is wired or the directory no longer holds it), its network
// profile (nil when it has none yet) and its links.
type UnitView struct {
	Code      string `mask:"safe"`
	Directory *Unit
	Net       *UnitNet
	Links     []Link
	// Connected reports whether the unit has an active extranet link.
	Connected bool
}

// UnitListInput selects unit profiles for Units.
type UnitListInput struct {
	Site   string
	Cursor string
	Limit  int
}
