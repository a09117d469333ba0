package netops

import (
	"time"

	"github.com/google/uuid"
)

// Limits of the inventory's fields.
const (
	// MaxCodeLen bounds a code (a site, a room, a network, an asset tag),
	// in ASCII characters.
	MaxCodeLen = 64
	// MaxNameLen bounds a name, in characters.
	MaxNameLen = 200
	// MaxNoteLen bounds a note, a plan or a finding, in characters.
	MaxNoteLen = 2000
	// MaxRooms bounds the rooms of a site.
	MaxRooms = 200
)

// RoomKind says what a room of a site is for.
type RoomKind string

// Kinds of room.
const (
	RoomMachine RoomKind = "machine" // 机房: network and server equipment
	RoomMeeting RoomKind = "meeting" // 会议室: video and on-site meetings
	RoomOther   RoomKind = "other"   // 其他
)

// RoomKinds lists every room kind.
func RoomKinds() []RoomKind { return []RoomKind{RoomMachine, RoomMeeting, RoomOther} }

// Label returns the Chinese label of k.
func (k RoomKind) Label() string {
	switch k {
	case RoomMachine:
		return "机房"
	case RoomMeeting:
		return "会议室"
	case RoomOther:
		return "其他"
	}
	return string(k)
}

// Valid reports whether k is one of RoomKinds.
func (k RoomKind) Valid() bool {
	for _, v := range RoomKinds() {
		if k == v {
			return true
		}
	}
	return false
}

// Site is a building of the district (行政大楼, 胜利综合楼, 向华楼, 广雅楼, …)
// with its rooms: where units sit, links terminate, devices stand and
// meetings are held. A site is referred to by its Code.
type Site struct {
	ID uuid.UUID
	// Code identifies the site ("XZDL"); unique, never changed.
	Code string `mask:"safe"`
	// Name is what people call it (行政大楼).
	Name string `mask:"safe"`
	// Zone gives the on-site response time of visits to it.
	Zone    Zone   `mask:"safe"`
	Address string `mask:"safe"`
	// Rooms are the site's rooms; their codes are unique within the site.
	Rooms     []Room
	Note      string
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Room is a room of a site: a machine room (机房), a meeting room or
// another.
type Room struct {
	// Code identifies the room within its site ("3F-JF").
	Code  string   `mask:"safe"`
	Name  string   `mask:"safe"`
	Kind  RoomKind `mask:"safe"`
	Floor string   `mask:"safe"`
}

// Room returns the room of s whose code is code.
func (s *Site) Room(code string) (Room, bool) {
	for _, r := range s.Rooms {
		if r.Code == code {
			return r, true
		}
	}
	return Room{}, false
}

// SiteInput is what CreateSite and UpdateSite take. UpdateSite replaces
// every field but the code (which it takes from its argument; Code must
// then be "" or the same).
type SiteInput struct {
	Code      string
	Name      string
	Zone      Zone
	Address   string
	Rooms     []Room
	Note      string
	IfVersion int64
}
