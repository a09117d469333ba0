package refserver

import (
	"cmp"
	"context"
	"slices"

	"github.com/govops-kit/govops"
)

type calendarKey struct {
	kind CalendarTableKind
	year int
}

// CalendarTables implements CalendarStore.
func (m *MemStore) CalendarTables(context.Context) ([]CalendarTableRecord, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]CalendarTableRecord, 0, len(m.calendar))
	for _, r := range m.calendar {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b CalendarTableRecord) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Year, b.Year))
	})
	return out, nil
}

// PutCalendarTable implements CalendarStore.
func (m *MemStore) PutCalendarTable(_ context.Context, r CalendarTableRecord) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := calendarKey{r.Kind, r.Year}
	if m.calendar[k].Version != r.Version-1 {
		return govops.Errorf(govops.ECONFLICT, "the %s table of %d has changed since version %d: reload it and try again", r.Kind, r.Year, r.Version-1)
	}
	r.UpdatedAt = r.UpdatedAt.UTC().Truncate(1000)
	m.calendar[k] = r
	return nil
}

// CalendarRevision implements CalendarStore.
func (m *MemStore) CalendarRevision(context.Context) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var sum int64
	for _, r := range m.calendar {
		sum += r.Version
	}
	return sum, nil
}
