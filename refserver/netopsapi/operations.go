package netopsapi

import (
	"github.com/govops-kit/govops/netops"
)

// The JSON shapes of the operations records: on-site visits and their
// compliance, inspection plans and records, meeting bookings, the duty
// roster, and the equipment register.

type ticketJSON struct {
	Kind      string `json:"kind"`
	KindLabel string `json:"kind_label"`
	Ref       string `json:"ref"`
}

type visitJSON struct {
	ID           string     `json:"id"`
	Ticket       ticketJSON `json:"ticket"`
	Unit         string     `json:"unit"`
	Zone         string     `json:"zone,omitempty"`
	ZoneLabel    string     `json:"zone_label"`
	Technician   string     `json:"technician,omitempty"`
	Summary      string     `json:"summary,omitempty"`
	Contact      string     `json:"contact,omitempty"`
	ContactPhone string     `json:"contact_phone,omitempty"`
	ReportedAt   string     `json:"reported_at"`
	SLAMinutes   int        `json:"sla_minutes"`
	DueAt        string     `json:"due_at"`
	ArrivedAt    string     `json:"arrived_at,omitempty"`
	ResolvedAt   string     `json:"resolved_at,omitempty"`
	Month        string     `json:"month"`
	Status       string     `json:"status"`
	StatusLabel  string     `json:"status_label"`
	OnTime       bool       `json:"on_time"`
	Breached     bool       `json:"breached"`
	Note         string     `json:"note,omitempty"`
	Version      int64      `json:"version"`
	CreatedAt    string     `json:"created_at"`
	UpdatedAt    string     `json:"updated_at"`
}

func (a *API) visitOut(v *netops.Visit) visitJSON {
	c := a.clock
	return visitJSON{ID: v.ID.String(), Ticket: ticketJSON{Kind: string(v.Ticket.Kind), KindLabel: v.Ticket.Kind.Label(), Ref: v.Ticket.Ref},
		Unit: v.Unit, Zone: string(v.Zone), ZoneLabel: v.Zone.Label(), Technician: v.Technician, Summary: v.Summary,
		Contact: v.Contact, ContactPhone: v.ContactPhone, ReportedAt: c.Format(v.ReportedAt), SLAMinutes: v.SLAMinutes,
		DueAt: c.Format(v.DueAt), ArrivedAt: c.Format(v.ArrivedAt), ResolvedAt: c.Format(v.ResolvedAt), Month: v.Month,
		Status: string(v.Status), StatusLabel: v.Status.Label(), OnTime: v.OnTime(), Breached: v.Breached(c.Now()),
		Note: v.Note, Version: v.Version, CreatedAt: c.Format(v.CreatedAt), UpdatedAt: c.Format(v.UpdatedAt)}
}

type ticketInJSON struct {
	Kind string `json:"kind"`
	Ref  string `json:"ref"`
}

// visitCreateJSON records a visit reported (or one that happened, with its
// arrival and resolution).
type visitCreateJSON struct {
	Ticket       ticketInJSON `json:"ticket"`
	Unit         string       `json:"unit"`
	Zone         string       `json:"zone"`
	Technician   string       `json:"technician"`
	Summary      string       `json:"summary"`
	Contact      string       `json:"contact"`
	ContactPhone string       `json:"contact_phone"`
	ReportedAt   string       `json:"reported_at"`
	ArrivedAt    string       `json:"arrived_at"`
	ResolvedAt   string       `json:"resolved_at"`
	Note         string       `json:"note"`
}

// visitStepJSON is an arrival, a resolution or a cancellation.
type visitStepJSON struct {
	At         string `json:"at"`
	Technician string `json:"technician"`
	Note       string `json:"note"`
}

type complianceRowJSON struct {
	Zone               string   `json:"zone,omitempty"`
	ZoneLabel          string   `json:"zone_label,omitempty"`
	Technician         string   `json:"technician,omitempty"`
	Month              string   `json:"month,omitempty"`
	SLAMinutes         int      `json:"sla_minutes,omitempty"`
	Visits             int64    `json:"visits"`
	Arrived            int64    `json:"arrived"`
	OnTime             int64    `json:"on_time"`
	Late               int64    `json:"late"`
	Overdue            int64    `json:"overdue"`
	Resolved           int64    `json:"resolved"`
	Rate               rateJSON `json:"rate"`
	AvgResponseMinutes *string  `json:"avg_response_minutes"`
}

func complianceRowOut(r netops.ComplianceRow) complianceRowJSON {
	out := complianceRowJSON{Zone: string(r.Zone), Technician: r.Technician, Month: r.Month, SLAMinutes: r.SLAMinutes,
		Visits: r.Visits, Arrived: r.Arrived, OnTime: r.OnTime, Late: r.Late, Overdue: r.Overdue, Resolved: r.Resolved,
		Rate: rateOut(r.Rate)}
	if r.Zone != "" {
		out.ZoneLabel = r.Zone.Label()
	}
	if r.AvgResponseMinutes.Valid {
		s := r.AvgResponseMinutes.Decimal.StringFixed(2)
		out.AvgResponseMinutes = &s
	}
	return out
}

func complianceRows(rs []netops.ComplianceRow) []complianceRowJSON {
	out := make([]complianceRowJSON, len(rs))
	for i, r := range rs {
		out[i] = complianceRowOut(r)
	}
	return out
}

type complianceJSON struct {
	From         string              `json:"from"`
	To           string              `json:"to"`
	AsOf         string              `json:"as_of"`
	Total        complianceRowJSON   `json:"total"`
	ByZone       []complianceRowJSON `json:"by_zone"`
	ByTechnician []complianceRowJSON `json:"by_technician"`
	ByMonth      []complianceRowJSON `json:"by_month"`
	ByMonthZone  []complianceRowJSON `json:"by_month_zone"`
	Rows         []complianceRowJSON `json:"rows"`
}

func (a *API) complianceOut(r *netops.ComplianceReport) complianceJSON {
	return complianceJSON{From: a.clock.Format(r.From), To: a.clock.Format(r.To), AsOf: a.clock.Format(r.AsOf),
		Total: complianceRowOut(r.Total), ByZone: complianceRows(r.ByZone), ByTechnician: complianceRows(r.ByTechnician),
		ByMonth: complianceRows(r.ByMonth), ByMonthZone: complianceRows(r.ByMonthZone), Rows: complianceRows(r.Rows)}
}

type targetJSON struct {
	Kind      string `json:"kind"`
	KindLabel string `json:"kind_label"`
	Site      string `json:"site,omitempty"`
	Room      string `json:"room,omitempty"`
	Device    string `json:"device,omitempty"`
}

func targetOut(t netops.Target) targetJSON {
	return targetJSON{Kind: string(t.Kind), KindLabel: t.Kind.Label(), Site: t.Site, Room: t.Room, Device: t.Device}
}

type planJSON struct {
	ID             string     `json:"id"`
	Name           string     `json:"name"`
	Target         targetJSON `json:"target"`
	Frequency      string     `json:"frequency"`
	FrequencyLabel string     `json:"frequency_label"`
	Checklist      []string   `json:"checklist"`
	Assignee       string     `json:"assignee,omitempty"`
	StartOn        string     `json:"start_on"`
	LastDone       string     `json:"last_done,omitempty"`
	NextDue        string     `json:"next_due"`
	Status         string     `json:"status"`
	StatusLabel    string     `json:"status_label"`
	Note           string     `json:"note,omitempty"`
	Version        int64      `json:"version"`
	CreatedAt      string     `json:"created_at"`
	UpdatedAt      string     `json:"updated_at"`
}

func (a *API) planOut(p *netops.Plan) planJSON {
	c := a.clock
	return planJSON{ID: p.ID.String(), Name: p.Name, Target: targetOut(p.Target), Frequency: string(p.Frequency),
		FrequencyLabel: p.Frequency.Label(), Checklist: nonNil(p.Checklist), Assignee: p.Assignee, StartOn: c.Format(p.StartOn),
		LastDone: c.Format(p.LastDone), NextDue: c.Format(p.NextDue), Status: string(p.Status), StatusLabel: p.Status.Label(),
		Note: p.Note, Version: p.Version, CreatedAt: c.Format(p.CreatedAt), UpdatedAt: c.Format(p.UpdatedAt)}
}

type targetInJSON struct {
	Kind   string `json:"kind"`
	Site   string `json:"site"`
	Room   string `json:"room"`
	Device string `json:"device"`
}

func (t targetInJSON) target() netops.Target {
	return netops.Target{Kind: netops.TargetKind(t.Kind), Site: t.Site, Room: t.Room, Device: t.Device}
}

// planCreateJSON records an inspection plan.
type planCreateJSON struct {
	Name      string       `json:"name"`
	Target    targetInJSON `json:"target"`
	Frequency string       `json:"frequency"`
	Checklist []string     `json:"checklist"`
	Assignee  string       `json:"assignee"`
	StartOn   string       `json:"start_on"`
	Status    string       `json:"status"`
	Note      string       `json:"note"`
}

// planUpdateJSON changes the fields it gives; a target given replaces the
// whole target.
type planUpdateJSON struct {
	Name      *string       `json:"name"`
	Target    *targetInJSON `json:"target"`
	Frequency *string       `json:"frequency"`
	Checklist *[]string     `json:"checklist"`
	Assignee  *string       `json:"assignee"`
	StartOn   *string       `json:"start_on"`
	Status    *string       `json:"status"`
	Note      *string       `json:"note"`
}

type checkResultJSON struct {
	Item string `json:"item"`
	OK   bool   `json:"ok"`
	Note string `json:"note,omitempty"`
}

type recordJSON struct {
	ID        string            `json:"id"`
	Plan      string            `json:"plan"`
	Target    targetJSON        `json:"target"`
	At        string            `json:"at"`
	Inspector string            `json:"inspector"`
	Results   []checkResultJSON `json:"results"`
	Findings  string            `json:"findings,omitempty"`
	Passed    bool              `json:"passed"`
	CreatedAt string            `json:"created_at"`
}

func (a *API) recordOut(r *netops.Record) recordJSON {
	out := recordJSON{ID: r.ID.String(), Plan: r.Plan.String(), Target: targetOut(r.Target), At: a.clock.Format(r.At),
		Inspector: r.Inspector, Results: make([]checkResultJSON, len(r.Results)), Findings: r.Findings, Passed: r.Passed,
		CreatedAt: a.clock.Format(r.CreatedAt)}
	for i, c := range r.Results {
		out.Results[i] = checkResultJSON{Item: c.Item, OK: c.OK, Note: c.Note}
	}
	return out
}

type checkResultInJSON struct {
	Item string `json:"item"`
	OK   bool   `json:"ok"`
	Note string `json:"note"`
}

// recordCreateJSON records an inspection done under a plan.
type recordCreateJSON struct {
	At        string              `json:"at"`
	Inspector string              `json:"inspector"`
	Results   []checkResultInJSON `json:"results"`
	Findings  string              `json:"findings"`
}

type overdueJSON struct {
	Plan        planJSON `json:"plan"`
	DaysOverdue int      `json:"days_overdue"`
}

func (a *API) overdueOut(os []netops.OverdueInspection) any {
	out := struct {
		Items []overdueJSON `json:"items"`
	}{Items: make([]overdueJSON, len(os))}
	for i := range os {
		out.Items[i] = overdueJSON{Plan: a.planOut(&os[i].Plan), DaysOverdue: os[i].DaysOverdue}
	}
	return out
}

type bookingJSON struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Department  string   `json:"department,omitempty"`
	Site        string   `json:"site"`
	Room        string   `json:"room"`
	Start       string   `json:"start"`
	End         string   `json:"end"`
	Mode        string   `json:"mode"`
	ModeLabel   string   `json:"mode_label"`
	Staff       []string `json:"staff"`
	Status      string   `json:"status"`
	StatusLabel string   `json:"status_label"`
	Note        string   `json:"note,omitempty"`
	Version     int64    `json:"version"`
	CreatedAt   string   `json:"created_at"`
	UpdatedAt   string   `json:"updated_at"`
}

func (a *API) bookingOut(b *netops.Booking) bookingJSON {
	c := a.clock
	return bookingJSON{ID: b.ID.String(), Title: b.Title, Department: b.Department, Site: b.Site, Room: b.Room,
		Start: c.Format(b.Start), End: c.Format(b.End), Mode: string(b.Mode), ModeLabel: b.Mode.Label(), Staff: nonNil(b.Staff),
		Status: string(b.Status), StatusLabel: b.Status.Label(), Note: b.Note, Version: b.Version,
		CreatedAt: c.Format(b.CreatedAt), UpdatedAt: c.Format(b.UpdatedAt)}
}

// bookingCreateJSON books meeting support.
type bookingCreateJSON struct {
	Title      string   `json:"title"`
	Department string   `json:"department"`
	Site       string   `json:"site"`
	Room       string   `json:"room"`
	Start      string   `json:"start"`
	End        string   `json:"end"`
	Mode       string   `json:"mode"`
	Staff      []string `json:"staff"`
	Note       string   `json:"note"`
}

// bookingUpdateJSON changes the fields it gives.
type bookingUpdateJSON struct {
	Title      *string   `json:"title"`
	Department *string   `json:"department"`
	Site       *string   `json:"site"`
	Room       *string   `json:"room"`
	Start      *string   `json:"start"`
	End        *string   `json:"end"`
	Mode       *string   `json:"mode"`
	Staff      *[]string `json:"staff"`
	Note       *string   `json:"note"`
}

// noteJSON is a cancellation or a retirement: its note is required.
type noteJSON struct {
	Note string `json:"note"`
}

type shiftJSON struct {
	ID          string `json:"id"`
	Person      string `json:"person"`
	Role        string `json:"role,omitempty"`
	Start       string `json:"start"`
	End         string `json:"end"`
	Status      string `json:"status"`
	StatusLabel string `json:"status_label"`
	Note        string `json:"note,omitempty"`
	Version     int64  `json:"version"`
	CreatedAt   string `json:"created_at"`
	UpdatedAt   string `json:"updated_at"`
}

func (a *API) shiftOut(s *netops.Shift) shiftJSON {
	c := a.clock
	return shiftJSON{ID: s.ID.String(), Person: s.Person, Role: s.Role, Start: c.Format(s.Start), End: c.Format(s.End),
		Status: string(s.Status), StatusLabel: s.Status.Label(), Note: s.Note, Version: s.Version,
		CreatedAt: c.Format(s.CreatedAt), UpdatedAt: c.Format(s.UpdatedAt)}
}

// shiftInJSON is one shift to schedule, or a shift's new values.
type shiftInJSON struct {
	Person string `json:"person"`
	Role   string `json:"role"`
	Start  string `json:"start"`
	End    string `json:"end"`
	Note   string `json:"note"`
}

// shiftsJSON schedules shifts, all or none.
type shiftsJSON struct {
	Shifts []shiftInJSON `json:"shifts"`
}

type intervalJSON struct {
	Start   string `json:"start"`
	End     string `json:"end"`
	Minutes int64  `json:"minutes"`
}

func (a *API) intervalOut(i netops.Interval) intervalJSON {
	return intervalJSON{Start: a.clock.Format(i.Start), End: a.clock.Format(i.End), Minutes: i.Minutes()}
}

type doubleBookingJSON struct {
	Person  string       `json:"person"`
	A       string       `json:"a"`
	B       string       `json:"b"`
	Overlap intervalJSON `json:"overlap"`
}

type rosterJSON struct {
	From             string              `json:"from"`
	To               string              `json:"to"`
	Shifts           int                 `json:"shifts"`
	CoveredMinutes   int64               `json:"covered_minutes"`
	UncoveredMinutes int64               `json:"uncovered_minutes"`
	Uncovered        []intervalJSON      `json:"uncovered"`
	DoubleBooked     []doubleBookingJSON `json:"double_booked"`
}

func (a *API) rosterOut(r *netops.RosterReport) rosterJSON {
	out := rosterJSON{From: a.clock.Format(r.From), To: a.clock.Format(r.To), Shifts: r.Shifts, CoveredMinutes: r.CoveredMinutes,
		Uncovered: make([]intervalJSON, len(r.Uncovered)), DoubleBooked: make([]doubleBookingJSON, len(r.DoubleBooked))}
	for i, u := range r.Uncovered {
		out.Uncovered[i] = a.intervalOut(u)
		out.UncoveredMinutes += u.Minutes()
	}
	for i, d := range r.DoubleBooked {
		out.DoubleBooked[i] = doubleBookingJSON{Person: d.Person, A: d.A.String(), B: d.B.String(), Overlap: a.intervalOut(d.Overlap)}
	}
	return out
}

type replacementJSON struct {
	PlannedOn string `json:"planned_on"`
	Model     string `json:"model,omitempty"`
	Note      string `json:"note,omitempty"`
}

type deviceJSON struct {
	ID          string           `json:"id"`
	AssetTag    string           `json:"asset_tag"`
	Name        string           `json:"name"`
	Kind        string           `json:"kind"`
	KindLabel   string           `json:"kind_label"`
	Site        string           `json:"site,omitempty"`
	Room        string           `json:"room,omitempty"`
	Vendor      string           `json:"vendor,omitempty"`
	Model       string           `json:"model,omitempty"`
	Serial      string           `json:"serial,omitempty"`
	PurchasedOn string           `json:"purchased_on,omitempty"`
	EndOfLife   string           `json:"end_of_life,omitempty"`
	Replacement *replacementJSON `json:"replacement,omitempty"`
	Status      string           `json:"status"`
	StatusLabel string           `json:"status_label"`
	Note        string           `json:"note,omitempty"`
	Version     int64            `json:"version"`
	CreatedAt   string           `json:"created_at"`
	UpdatedAt   string           `json:"updated_at"`
}

func (a *API) deviceOut(d *netops.Device) deviceJSON {
	c := a.clock
	out := deviceJSON{ID: d.ID.String(), AssetTag: d.AssetTag, Name: d.Name, Kind: string(d.Kind), KindLabel: d.Kind.Label(),
		Site: d.Site, Room: d.Room, Vendor: d.Vendor, Model: d.Model, Serial: d.Serial, PurchasedOn: c.Format(d.PurchasedOn),
		EndOfLife: c.Format(d.EndOfLife), Status: string(d.Status), StatusLabel: d.Status.Label(), Note: d.Note,
		Version: d.Version, CreatedAt: c.Format(d.CreatedAt), UpdatedAt: c.Format(d.UpdatedAt)}
	if r := d.Replacement; !r.PlannedOn.IsZero() {
		out.Replacement = &replacementJSON{PlannedOn: c.Format(r.PlannedOn), Model: r.Model, Note: r.Note}
	}
	return out
}

// deviceCreateJSON enters a device in the register.
type deviceCreateJSON struct {
	AssetTag    string `json:"asset_tag"`
	Name        string `json:"name"`
	Kind        string `json:"kind"`
	Site        string `json:"site"`
	Room        string `json:"room"`
	Vendor      string `json:"vendor"`
	Model       string `json:"model"`
	Serial      string `json:"serial"`
	PurchasedOn string `json:"purchased_on"`
	EndOfLife   string `json:"end_of_life"`
	Note        string `json:"note"`
}

// deviceUpdateJSON changes the fields it gives; the asset tag, the
// replacement and the status change otherwise.
type deviceUpdateJSON struct {
	Name        *string `json:"name"`
	Kind        *string `json:"kind"`
	Site        *string `json:"site"`
	Room        *string `json:"room"`
	Vendor      *string `json:"vendor"`
	Model       *string `json:"model"`
	Serial      *string `json:"serial"`
	PurchasedOn *string `json:"purchased_on"`
	EndOfLife   *string `json:"end_of_life"`
	Note        *string `json:"note"`
}

// replacementInJSON plans a device's replacement; without planned_on it
// clears the plan.
type replacementInJSON struct {
	PlannedOn string `json:"planned_on"`
	Model     string `json:"model"`
	Note      string `json:"note"`
}

type agingJSON struct {
	AsOf                string       `json:"as_of"`
	PastLife            []deviceJSON `json:"past_life"`
	DueWithinYear       []deviceJSON `json:"due_within_year"`
	ReplacementsPlanned []deviceJSON `json:"replacements_planned"`
}

func (a *API) agingOut(r *netops.AgingReport) any {
	list := func(ds []netops.Device) []deviceJSON {
		out := make([]deviceJSON, len(ds))
		for i := range ds {
			out[i] = a.deviceOut(&ds[i])
		}
		return out
	}
	return agingJSON{AsOf: a.clock.Format(r.AsOf), PastLife: list(r.PastLife), DueWithinYear: list(r.DueWithinYear),
		ReplacementsPlanned: list(r.ReplacementsPlanned)}
}
