package refserver

import (
	"context"
	"time"
)

// CalendarTableKind says what a stored calendar table holds.
type CalendarTableKind string

// Calendar table kinds.
const (
	// CalendarNotice is a year's State Council notice (放假通知), loaded
	// when it is published and the linked lunar-go does not carry it yet.
	// It ends the year's provisional calendar.
	CalendarNotice CalendarTableKind = "notice"
	// CalendarDistrict is a district's own overrides of a year, such as a
	// local holiday (地方节假日), on top of whatever covers the year.
	CalendarDistrict CalendarTableKind = "district"
)

// Label returns the Chinese label of k.
func (k CalendarTableKind) Label() string {
	switch k {
	case CalendarNotice:
		return "放假通知"
	case CalendarDistrict:
		return "本地调整"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k CalendarTableKind) Valid() bool { return k == CalendarNotice || k == CalendarDistrict }

// CalendarTableRecord is one calendar table as the server stores it: the
// text an admin sent, in the format of govops.ParseCalendarTable, for one
// kind and year. A deleted table keeps its record with an empty Text.
type CalendarTableRecord struct {
	Kind      CalendarTableKind
	Year      int
	Text      string
	Version   int64 // 1 when first stored, +1 on every change
	UpdatedAt time.Time
	UpdatedBy string // the token name that made the change
}

// Deleted reports whether r records a deleted table.
func (r CalendarTableRecord) Deleted() bool { return r.Text == "" }

// CalendarStore persists the calendar tables that admins load through the
// API, so that every server on the same database counts on them. Like the
// rest of a Directory it holds no rule: the Server parses and checks a
// table before it stores it.
type CalendarStore interface {
	// CalendarTables returns every stored record, deleted ones included,
	// ordered by Kind ("district" before "notice") and then Year.
	CalendarTables(ctx context.Context) ([]CalendarTableRecord, error)

	// PutCalendarTable stores r, whose Version must be the stored version
	// of (r.Kind, r.Year) plus one, or 1 when none is stored. Returns
	// ECONFLICT when the stored version differs (a concurrent writer won,
	// or a record exists when r.Version is 1); nothing is written then.
	PutCalendarTable(ctx context.Context, r CalendarTableRecord) error

	// CalendarRevision returns the sum of the stored versions. It grows
	// with every PutCalendarTable, so a server that remembers it knows
	// when another one changed a table.
	CalendarRevision(ctx context.Context) (int64, error)
}
