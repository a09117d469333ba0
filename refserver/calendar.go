package refserver

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/refserver/apikit"
)

// CalendarRefresh is how long a server counts on the calendar tables it
// loaded before it asks the database whether another server changed them.
const CalendarRefresh = 5 * time.Second

// CalendarActor is the actor of the recomputations the server makes on
// its own, at start.
const CalendarActor = "calendar"

// CalendarLookahead is how far ahead the server warns of a provisional
// year: at start, in its log, and in GET /api/v1/calendar.
const CalendarLookahead = 90 * 24 * time.Hour

// calendarSync keeps a Server's calendar in step with the tables stored in
// its CalendarStore.
type calendarSync struct {
	mu       sync.Mutex
	loaded   bool
	revision int64
	checked  time.Time
}

// SyncCalendar loads the calendar tables stored in the database into the
// server's calendar when they changed since the last load (force: load
// them whatever the revision). Requests call it at most once per
// CalendarRefresh; cmd/refserver calls it at start. A stored table that
// no longer parses is left out and logged, so that one bad row cannot stop
// the server.
func (s *Server) SyncCalendar(ctx context.Context, force bool) error {
	cs := &s.calSync
	cs.mu.Lock()
	defer cs.mu.Unlock()
	now := s.now()
	if !force && cs.loaded && now.Sub(cs.checked) < CalendarRefresh && now.Sub(cs.checked) >= 0 {
		return nil
	}
	rev, err := s.calStore.CalendarRevision(ctx)
	if err != nil {
		return err
	}
	if !force && cs.loaded && rev == cs.revision {
		cs.checked = now
		return nil
	}
	recs, err := s.calStore.CalendarTables(ctx)
	if err != nil {
		return err
	}
	// Notices first, then district overrides, so that a district's own
	// day wins over the notice of the same year.
	slices.SortStableFunc(recs, func(a, b CalendarTableRecord) int {
		if a.Kind != b.Kind {
			if a.Kind == CalendarNotice {
				return -1
			}
			return 1
		}
		return a.Year - b.Year
	})
	var tables []govops.CalendarTable
	for _, r := range recs {
		if r.Deleted() {
			continue
		}
		t, err := govops.ParseCalendarTable(strings.NewReader(r.Text))
		if err != nil {
			s.log.LogAttrs(ctx, slog.LevelError, "stored calendar table left out",
				slog.String("kind", string(r.Kind)), slog.Int("year", r.Year), slog.String("error", err.Error()))
			continue
		}
		tables = append(tables, t)
	}
	if len(tables) > 0 || cs.loaded {
		if err := s.cal.SetTables(tables...); err != nil {
			return govops.Errorf(govops.EINTERNAL, "refserver: the calendar cannot load the stored tables: %w", err)
		}
	}
	cs.loaded, cs.revision, cs.checked = true, rev, now
	return nil
}

// refreshCalendar is SyncCalendar for a request: a failure is logged and
// the request goes on with the calendar it has.
func (s *Server) refreshCalendar(ctx context.Context) {
	if err := s.SyncCalendar(ctx, false); err != nil {
		s.log.LogAttrs(ctx, slog.LevelWarn, "could not check the calendar tables",
			slog.String("request_id", infoFrom(ctx).id), slog.String("error", err.Error()))
	}
}

// CalendarWarnings returns what an operator must act on before the
// calendar reaches a year it only knows provisionally: one line per
// provisional year within CalendarLookahead of now.
func (s *Server) CalendarWarnings(now time.Time) []string {
	var out []string
	for _, y := range s.cal.ProvisionalYears(now, now.Add(CalendarLookahead)) {
		out = append(out, fmt.Sprintf("%d has no State Council notice yet: deadlines that reach it are counted on the provisional calendar "+
			"(statutory holidays, no 调休) and recomputed once its notice is loaded; load it with PUT /api/v1/calendar/tables/notice/%d "+
			"or upgrade github.com/6tail/lunar-go", y, y))
	}
	return out
}

// RecomputeDeadlines recomputes, once the calendar covers their years with
// a notice, the provisional deadlines of open cases and the provisional
// appeal windows of deductions, as the actor named by. Each change leaves
// an event on its case or deduction. cmd/refserver runs it at start, and
// the server after each calendar table it stores.
func (s *Server) RecomputeDeadlines(ctx context.Context, by string) (cases, appeals govops.Recomputation, err error) {
	cases, err = s.cases.RecomputeDeadlines(ctx, govops.Actor{Name: by})
	if err != nil {
		return cases, appeals, err
	}
	if s.hotline != nil {
		appeals, err = s.hotline.RecomputeAppealWindows(ctx, govops.Actor{Name: by})
	}
	return cases, appeals, err
}

type calendarDayJSON struct {
	Date string `json:"date"`
	Kind string `json:"kind"` // off or work
	Name string `json:"name,omitempty"`
}

type calendarYearJSON struct {
	Year        int               `json:"year"`
	Source      string            `json:"source"`
	SourceLabel string            `json:"source_label"`
	LoadedDays  int               `json:"loaded_days"`
	Workdays    int               `json:"workdays"`
	Exceptions  []calendarDayJSON `json:"exceptions"`
}

type calendarTableJSON struct {
	Kind      string `json:"kind"`
	KindLabel string `json:"kind_label"`
	Year      int    `json:"year"`
	Text      string `json:"text,omitempty"`
	Version   int64  `json:"version"`
	UpdatedAt string `json:"updated_at"`
	UpdatedBy string `json:"updated_by"`
	Deleted   bool   `json:"deleted,omitempty"`
}

type deadlineChangeJSON struct {
	Ref         string `json:"ref"`
	Field       string `json:"field"`
	Old         string `json:"old"`
	New         string `json:"new"`
	Provisional bool   `json:"provisional"`
}

type recomputationJSON struct {
	Checked          int                  `json:"checked"`
	StillProvisional int                  `json:"still_provisional"`
	Skipped          int                  `json:"skipped"`
	Changes          []deadlineChangeJSON `json:"changes"`
}

func (s *Server) coverageOut(cv govops.Coverage) calendarYearJSON {
	out := calendarYearJSON{Year: cv.Year, Source: string(cv.Source), SourceLabel: cv.Source.Label(),
		LoadedDays: cv.Loaded, Workdays: cv.Workdays, Exceptions: make([]calendarDayJSON, len(cv.Exceptions))}
	for i, e := range cv.Exceptions {
		out.Exceptions[i] = calendarDayJSON{Date: e.Date.Format(time.DateOnly), Kind: e.Kind.String(), Name: e.Name}
	}
	return out
}

func (s *Server) tableOut(r CalendarTableRecord, withText bool) calendarTableJSON {
	out := calendarTableJSON{Kind: string(r.Kind), KindLabel: r.Kind.Label(), Year: r.Year, Version: r.Version,
		UpdatedAt: s.clock.Format(r.UpdatedAt), UpdatedBy: r.UpdatedBy, Deleted: r.Deleted()}
	if withText {
		out.Text = r.Text
	}
	return out
}

func (s *Server) recomputationOut(r govops.Recomputation) recomputationJSON {
	out := recomputationJSON{Checked: r.Checked, StillProvisional: r.StillProvisional, Skipped: r.Skipped,
		Changes: make([]deadlineChangeJSON, len(r.Changes))}
	for i, c := range r.Changes {
		out.Changes[i] = deadlineChangeJSON{Ref: c.Ref, Field: c.Field, Old: s.clock.Format(c.Old), New: s.clock.Format(c.New), Provisional: c.Provisional}
	}
	return out
}

// getCalendar lists the years from..to (this year -1 .. +2 by default)
// with their sources, the stored tables, and the warnings of the next
// CalendarLookahead.
func (s *Server) getCalendar(w http.ResponseWriter, req bunrouter.Request) error {
	q := apikit.NewQuery(req.URL)
	from, to := q.Int("from", 1900, 9999), q.Int("to", 1900, 9999)
	if err := q.Err(); err != nil {
		return err
	}
	now := s.now()
	this := now.In(s.cal.Location()).Year()
	if from == 0 {
		from = this - 1
	}
	if to == 0 {
		to = max(this+2, from)
	}
	switch {
	case to < from:
		return govops.FieldError("to", fmt.Sprintf("must not be before from (%d)", from))
	case to-from >= 50:
		return govops.FieldError("to", "must be within 50 years of from")
	}
	recs, err := s.calStore.CalendarTables(req.Context())
	if err != nil {
		return err
	}
	out := struct {
		OfficialThrough int                 `json:"official_through"`
		Provisional     map[string]int      `json:"provisional"`
		Years           []calendarYearJSON  `json:"years"`
		Tables          []calendarTableJSON `json:"tables"`
		Warnings        []string            `json:"warnings"`
	}{
		OfficialThrough: s.cal.LastOfficialYear(),
		Provisional:     map[string]int{"from": govops.ProvisionalFrom, "through": govops.ProvisionalThrough},
		Years:           []calendarYearJSON{}, Tables: []calendarTableJSON{}, Warnings: s.CalendarWarnings(now),
	}
	if out.Warnings == nil {
		out.Warnings = []string{}
	}
	for y := from; y <= to; y++ {
		cv, err := s.cal.Coverage(y)
		if err != nil {
			out.Years = append(out.Years, calendarYearJSON{Year: y, Source: "none", SourceLabel: "无数据", Exceptions: []calendarDayJSON{}})
			continue
		}
		out.Years = append(out.Years, s.coverageOut(cv))
	}
	for _, r := range recs {
		if !r.Deleted() {
			out.Tables = append(out.Tables, s.tableOut(r, false))
		}
	}
	return apikit.WriteJSON(w, http.StatusOK, out)
}

// checkLoadable refuses a table change the server's calendar could not
// take: it counts on the shared govops.DefaultCalendar.
func (s *Server) checkLoadable() error {
	if err := s.cal.CanLoad(); err != nil {
		return govops.Errorf(govops.EINTERNAL, "refserver: the server's calendar cannot load tables (%s): build it with govops.NewCalendar", govops.ErrorMessage(err))
	}
	return nil
}

// tableKey reads the {kind} and {year} path parameters.
func tableKey(req bunrouter.Request) (CalendarTableKind, int, error) {
	var p govops.Problems
	kind := CalendarTableKind(req.Param("kind"))
	if !kind.Valid() {
		p.Add("kind", `must be "notice" (a year's State Council notice) or "district" (local overrides)`)
	}
	year, err := strconv.Atoi(req.Param("year"))
	if err != nil || year < govops.ProvisionalFrom || year > 9999 || len(req.Param("year")) != 4 {
		p.Addf("year", "must be a year from %d to 9999", govops.ProvisionalFrom)
	}
	return kind, year, p.Err()
}

// storedTable returns the stored record of kind and year, and whether
// there is one (deleted or not).
func (s *Server) storedTable(ctx context.Context, kind CalendarTableKind, year int) (CalendarTableRecord, bool, error) {
	recs, err := s.calStore.CalendarTables(ctx)
	if err != nil {
		return CalendarTableRecord{}, false, err
	}
	for _, r := range recs {
		if r.Kind == kind && r.Year == year {
			return r, true, nil
		}
	}
	return CalendarTableRecord{}, false, nil
}

func (s *Server) getCalendarTable(w http.ResponseWriter, req bunrouter.Request) error {
	kind, year, err := tableKey(req)
	if err != nil {
		return err
	}
	if err := apikit.NewQuery(req.URL).Err(); err != nil {
		return err
	}
	r, ok, err := s.storedTable(req.Context(), kind, year)
	if err != nil {
		return err
	}
	if !ok || r.Deleted() {
		return govops.Errorf(govops.ENOTFOUND, "no %s table is stored for %d", kind, year)
	}
	w.Header().Set("ETag", apikit.ETag(r.Version))
	return apikit.WriteJSON(w, http.StatusOK, s.tableOut(r, true))
}

// tableChange is what PUT and DELETE of a calendar table start from.
type tableChange struct {
	kind   CalendarTableKind
	year   int
	cur    CalendarTableRecord // the stored record, if exists
	exists bool
}

// tableChange reads the path and the If-Match header of a change to a
// calendar table, and the stored record; it refuses a stale If-Match with
// ECONFLICT, and any change when the server's calendar cannot load tables.
func (s *Server) tableChange(req bunrouter.Request) (tableChange, error) {
	kind, year, err := tableKey(req)
	if err != nil {
		return tableChange{}, err
	}
	ctx := req.Context()
	apikit.SetSubject(ctx, fmt.Sprintf("calendar/%s/%d", kind, year))
	if err := apikit.NewQuery(req.URL).Err(); err != nil {
		return tableChange{}, err
	}
	if err := s.checkLoadable(); err != nil {
		return tableChange{}, err
	}
	want, err := apikit.IfMatch(req.Request)
	if err != nil {
		return tableChange{}, err
	}
	cur, exists, err := s.storedTable(ctx, kind, year)
	if err != nil {
		return tableChange{}, err
	}
	if want != 0 && want != cur.Version {
		return tableChange{}, govops.Errorf(govops.ECONFLICT, "the %s table of %d has changed (version %d, you sent %d): reload it and try again", kind, year, cur.Version, want)
	}
	return tableChange{kind: kind, year: year, cur: cur, exists: exists}, nil
}

// putCalendarTable stores a year's notice or district overrides, loads it
// into the calendar at once (other servers within CalendarRefresh), and
// recomputes the provisional deadlines it makes final.
func (s *Server) putCalendarTable(w http.ResponseWriter, req bunrouter.Request) error {
	ctx := req.Context()
	ch, err := s.tableChange(req)
	if err != nil {
		return err
	}
	kind, year, cur, exists := ch.kind, ch.year, ch.cur, ch.exists
	data, err := apikit.ReadBody(w, req.Request, "text/plain", "the table in the calendar file format")
	if err != nil {
		return err
	}
	text := string(data)
	t, err := govops.ParseCalendarTable(strings.NewReader(text))
	if err != nil {
		return err
	}
	declared := fmt.Sprintf("year %d", year)
	ok := slices.Equal(t.Years, []int{year}) && len(t.District) == 0
	if kind == CalendarDistrict {
		declared = fmt.Sprintf("district %d", year)
		ok = slices.Equal(t.District, []int{year}) && len(t.Years) == 0
	}
	if !ok {
		return govops.FieldError("body", fmt.Sprintf("a %s table of %d must declare %q and no other year", kind, year, declared))
	}
	if len(strings.TrimSpace(text)) == 0 {
		return govops.FieldError("body", "is empty")
	}
	rec := CalendarTableRecord{Kind: kind, Year: year, Text: text, Version: cur.Version + 1,
		UpdatedAt: s.now().UTC(), UpdatedBy: apikit.Actor(ctx).Name}
	if err := s.calStore.PutCalendarTable(ctx, rec); err != nil {
		return err
	}
	if err := s.SyncCalendar(ctx, true); err != nil {
		return err
	}
	cases, appeals, err := s.RecomputeDeadlines(ctx, rec.UpdatedBy)
	if err != nil {
		// The table is stored and in force; what could not be recomputed
		// stays provisional for the next pass (the next start or table).
		s.log.LogAttrs(ctx, slog.LevelError, "could not recompute provisional deadlines",
			slog.String("request_id", infoFrom(ctx).id), slog.String("error", err.Error()))
	}
	cv, err := s.cal.Coverage(year)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if !exists || cur.Deleted() {
		status = http.StatusCreated
	}
	w.Header().Set("ETag", apikit.ETag(rec.Version))
	return apikit.WriteJSON(w, status, struct {
		calendarTableJSON
		Coverage   calendarYearJSON             `json:"coverage"`
		Recomputed map[string]recomputationJSON `json:"recomputed"`
	}{s.tableOut(rec, true), s.coverageOut(cv), map[string]recomputationJSON{
		"cases": s.recomputationOut(cases), "appeals": s.recomputationOut(appeals)}})
}

// deleteCalendarTable removes a stored table. Deadlines already computed
// on it do not move.
func (s *Server) deleteCalendarTable(w http.ResponseWriter, req bunrouter.Request) error {
	ctx := req.Context()
	ch, err := s.tableChange(req)
	if err != nil {
		return err
	}
	kind, year, cur := ch.kind, ch.year, ch.cur
	if !ch.exists || cur.Deleted() {
		return govops.Errorf(govops.ENOTFOUND, "no %s table is stored for %d", kind, year)
	}
	rec := CalendarTableRecord{Kind: kind, Year: year, Version: cur.Version + 1,
		UpdatedAt: s.now().UTC(), UpdatedBy: apikit.Actor(ctx).Name}
	if err := s.calStore.PutCalendarTable(ctx, rec); err != nil {
		return err
	}
	if err := s.SyncCalendar(ctx, true); err != nil {
		return err
	}
	cv, err := s.cal.Coverage(year)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", apikit.ETag(rec.Version))
	return apikit.WriteJSON(w, http.StatusOK, struct {
		calendarTableJSON
		Coverage calendarYearJSON `json:"coverage"`
	}{s.tableOut(rec, false), s.coverageOut(cv)})
}
