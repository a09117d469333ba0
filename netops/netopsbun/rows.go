package netopsbun

import (
	"encoding/json"
	"net/netip"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/netops"
)

// dbt and gt are the conversions of every time column, to and from the
// database.
func dbt(v time.Time) time.Time { return bunstore.DBTime(v) }
func gt(v time.Time) time.Time  { return bunstore.GoTime(v) }

// parseID reads a stored ID.
func parseID(what, s string) (uuid.UUID, error) {
	id, err := uuid.Parse(s)
	if err != nil {
		return uuid.Nil, errs.Err("read the id of "+what, err)
	}
	return id, nil
}

// encodeJSON stores a list as JSON ("[]" for none).
func encodeJSON[T any](xs []T) string {
	if len(xs) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(xs) // lists of plain structs and strings always encode
	return string(b)
}

// decodeJSON reads a list stored by encodeJSON; none gives nil.
func decodeJSON[T any](what, s string) ([]T, error) {
	if s == "" || s == "[]" {
		return nil, nil
	}
	var xs []T
	if err := json.Unmarshal([]byte(s), &xs); err != nil {
		return nil, errs.Err("read "+what, err)
	}
	return xs, nil
}

// siteRow is a row of netops_sites; rooms are JSON.
type siteRow struct {
	bun.BaseModel `bun:"table:netops_sites"`

	ID        string    `bun:"id,pk"`
	Code      string    `bun:"code"`
	Name      string    `bun:"name"`
	Zone      string    `bun:"zone"`
	Address   string    `bun:"address"`
	Rooms     string    `bun:"rooms"`
	Note      string    `bun:"note"`
	Version   int64     `bun:"version"`
	CreatedAt time.Time `bun:"created_at,nullzero"`
	UpdatedAt time.Time `bun:"updated_at,nullzero"`
}

func toSiteRow(s *netops.Site) siteRow {
	return siteRow{ID: s.ID.String(), Code: s.Code, Name: s.Name, Zone: string(s.Zone), Address: s.Address,
		Rooms: encodeJSON(s.Rooms), Note: s.Note, Version: s.Version, CreatedAt: dbt(s.CreatedAt), UpdatedAt: dbt(s.UpdatedAt)}
}

func fromSiteRow(r *siteRow) (netops.Site, error) {
	id, err := parseID("site "+r.Code, r.ID)
	if err != nil {
		return netops.Site{}, err
	}
	rooms, err := decodeJSON[netops.Room]("the rooms of site "+r.Code, r.Rooms)
	if err != nil {
		return netops.Site{}, err
	}
	return netops.Site{ID: id, Code: r.Code, Name: r.Name, Zone: netops.Zone(r.Zone), Address: r.Address, Rooms: rooms,
		Note: r.Note, Version: r.Version, CreatedAt: gt(r.CreatedAt), UpdatedAt: gt(r.UpdatedAt)}, nil
}

// unitRow is a row of netops_units.
type unitRow struct {
	bun.BaseModel `bun:"table:netops_units"`

	ID        string    `bun:"id,pk"`
	Unit      string    `bun:"unit"`
	Site      string    `bun:"site"`
	Room      string    `bun:"room"`
	Note      string    `bun:"note"`
	Version   int64     `bun:"version"`
	CreatedAt time.Time `bun:"created_at,nullzero"`
	UpdatedAt time.Time `bun:"updated_at,nullzero"`
}

func toUnitRow(u *netops.UnitNet) unitRow {
	return unitRow{ID: u.ID.String(), Unit: u.Unit, Site: u.Site, Room: u.Room, Note: u.Note, Version: u.Version,
		CreatedAt: dbt(u.CreatedAt), UpdatedAt: dbt(u.UpdatedAt)}
}

func fromUnitRow(r *unitRow) (netops.UnitNet, error) {
	id, err := parseID("unit profile "+r.Unit, r.ID)
	return netops.UnitNet{ID: id, Unit: r.Unit, Site: r.Site, Room: r.Room, Note: r.Note, Version: r.Version,
		CreatedAt: gt(r.CreatedAt), UpdatedAt: gt(r.UpdatedAt)}, err
}

// linkRow is a row of netops_links; the prefixes are a JSON list of CIDR
// strings, in their order (netops_link_prefixes indexes them).
type linkRow struct {
	bun.BaseModel `bun:"table:netops_links"`

	ID               string    `bun:"id,pk"`
	Unit             string    `bun:"unit"`
	Site             string    `bun:"site"`
	Room             string    `bun:"room"`
	Carrier          string    `bun:"carrier"`
	CircuitID        string    `bun:"circuit_id,nullzero"`
	Type             string    `bun:"type"`
	ViaExtranet      bool      `bun:"via_extranet"`
	Network          string    `bun:"network"`
	BandwidthMbps    int64     `bun:"bandwidth_mbps"`
	VLAN             int       `bun:"vlan"`
	Prefixes         string    `bun:"prefixes"`
	Status           string    `bun:"status"`
	PlannedAt        time.Time `bun:"planned_at,nullzero"`
	ProvisioningAt   time.Time `bun:"provisioning_at,nullzero"`
	ActiveAt         time.Time `bun:"active_at,nullzero"`
	DeprovisioningAt time.Time `bun:"deprovisioning_at,nullzero"`
	DecommissionedAt time.Time `bun:"decommissioned_at,nullzero"`
	Note             string    `bun:"note"`
	Version          int64     `bun:"version"`
	CreatedAt        time.Time `bun:"created_at,nullzero"`
	UpdatedAt        time.Time `bun:"updated_at,nullzero"`
}

func toLinkRow(l *netops.Link) linkRow {
	ps := make([]string, len(l.Prefixes))
	for i, p := range l.Prefixes {
		ps[i] = p.String()
	}
	return linkRow{ID: l.ID.String(), Unit: l.Unit, Site: l.Site, Room: l.Room, Carrier: l.Carrier, CircuitID: l.CircuitID,
		Type: string(l.Type), ViaExtranet: l.ViaExtranet, Network: l.Network, BandwidthMbps: l.BandwidthMbps, VLAN: l.VLAN,
		Prefixes: encodeJSON(ps), Status: string(l.Status),
		PlannedAt: dbt(l.Steps.Planned), ProvisioningAt: dbt(l.Steps.Provisioning), ActiveAt: dbt(l.Steps.Active),
		DeprovisioningAt: dbt(l.Steps.Deprovisioning), DecommissionedAt: dbt(l.Steps.Decommissioned),
		Note: l.Note, Version: l.Version, CreatedAt: dbt(l.CreatedAt), UpdatedAt: dbt(l.UpdatedAt)}
}

func fromLinkRow(r *linkRow) (netops.Link, error) {
	id, err := parseID("link", r.ID)
	if err != nil {
		return netops.Link{}, err
	}
	ps, err := decodeJSON[netip.Prefix]("the prefixes of link "+r.ID, r.Prefixes)
	if err != nil {
		return netops.Link{}, err
	}
	return netops.Link{ID: id, Unit: r.Unit, Site: r.Site, Room: r.Room, Carrier: r.Carrier, CircuitID: r.CircuitID,
		Type: netops.LinkType(r.Type), ViaExtranet: r.ViaExtranet, Network: r.Network, BandwidthMbps: r.BandwidthMbps,
		VLAN: r.VLAN, Prefixes: ps, Status: netops.LinkStatus(r.Status),
		Steps: netops.LinkSteps{Planned: gt(r.PlannedAt), Provisioning: gt(r.ProvisioningAt), Active: gt(r.ActiveAt),
			Deprovisioning: gt(r.DeprovisioningAt), Decommissioned: gt(r.DecommissionedAt)},
		Note: r.Note, Version: r.Version, CreatedAt: gt(r.CreatedAt), UpdatedAt: gt(r.UpdatedAt)}, nil
}

// networkRow is a row of netops_networks.
type networkRow struct {
	bun.BaseModel `bun:"table:netops_networks"`

	ID        string    `bun:"id,pk"`
	Code      string    `bun:"code"`
	Name      string    `bun:"name"`
	Authority string    `bun:"authority"`
	ICMode    string    `bun:"ic_mode"`
	ICSite    string    `bun:"ic_site"`
	ICRoom    string    `bun:"ic_room"`
	ICSince   time.Time `bun:"ic_since,nullzero"`
	ICNote    string    `bun:"ic_note"`
	Status    string    `bun:"status"`
	Note      string    `bun:"note"`
	Version   int64     `bun:"version"`
	CreatedAt time.Time `bun:"created_at,nullzero"`
	UpdatedAt time.Time `bun:"updated_at,nullzero"`
}

func toNetworkRow(n *netops.Network) networkRow {
	ic := n.Interconnect
	return networkRow{ID: n.ID.String(), Code: n.Code, Name: n.Name, Authority: n.Authority, ICMode: string(ic.Mode),
		ICSite: ic.Site, ICRoom: ic.Room, ICSince: dbt(ic.Since), ICNote: ic.Note, Status: string(n.Status), Note: n.Note,
		Version: n.Version, CreatedAt: dbt(n.CreatedAt), UpdatedAt: dbt(n.UpdatedAt)}
}

func fromNetworkRow(r *networkRow) (netops.Network, error) {
	id, err := parseID("network "+r.Code, r.ID)
	return netops.Network{ID: id, Code: r.Code, Name: r.Name, Authority: r.Authority,
		Interconnect: netops.Interconnect{Mode: netops.InterconnectMode(r.ICMode), Site: r.ICSite, Room: r.ICRoom,
			Since: gt(r.ICSince), Note: r.ICNote},
		Status: netops.NetworkStatus(r.Status), Note: r.Note, Version: r.Version,
		CreatedAt: gt(r.CreatedAt), UpdatedAt: gt(r.UpdatedAt)}, err
}

// migrationRow is a row of netops_unit_migrations.
type migrationRow struct {
	bun.BaseModel `bun:"table:netops_unit_migrations"`

	ID         string    `bun:"id,pk"`
	Unit       string    `bun:"unit"`
	FromSite   string    `bun:"from_site"`
	FromRoom   string    `bun:"from_room"`
	ToSite     string    `bun:"to_site"`
	ToRoom     string    `bun:"to_room"`
	PlannedFor time.Time `bun:"planned_for,nullzero"`
	Plan       string    `bun:"plan"`
	CutoverAt  time.Time `bun:"cutover_at,nullzero"`
	VerifiedAt time.Time `bun:"verified_at,nullzero"`
	VerifiedBy string    `bun:"verified_by"`
	Status     string    `bun:"status"`
	Note       string    `bun:"note"`
	Version    int64     `bun:"version"`
	CreatedAt  time.Time `bun:"created_at,nullzero"`
	UpdatedAt  time.Time `bun:"updated_at,nullzero"`
}

func toMigrationRow(m *netops.Migration) migrationRow {
	return migrationRow{ID: m.ID.String(), Unit: m.Unit, FromSite: m.FromSite, FromRoom: m.FromRoom, ToSite: m.ToSite,
		ToRoom: m.ToRoom, PlannedFor: dbt(m.PlannedFor), Plan: m.Plan, CutoverAt: dbt(m.CutoverAt), VerifiedAt: dbt(m.VerifiedAt),
		VerifiedBy: m.VerifiedBy, Status: string(m.Status), Note: m.Note, Version: m.Version,
		CreatedAt: dbt(m.CreatedAt), UpdatedAt: dbt(m.UpdatedAt)}
}

func fromMigrationRow(r *migrationRow) (netops.Migration, error) {
	id, err := parseID("migration", r.ID)
	return netops.Migration{ID: id, Unit: r.Unit, FromSite: r.FromSite, FromRoom: r.FromRoom, ToSite: r.ToSite,
		ToRoom: r.ToRoom, PlannedFor: gt(r.PlannedFor), Plan: r.Plan, CutoverAt: gt(r.CutoverAt), VerifiedAt: gt(r.VerifiedAt),
		VerifiedBy: r.VerifiedBy, Status: netops.MigrationStatus(r.Status), Note: r.Note, Version: r.Version,
		CreatedAt: gt(r.CreatedAt), UpdatedAt: gt(r.UpdatedAt)}, err
}

// Arrival of a visit, as its row keeps it for VisitGroups.
const (
	notArrived = 0
	onTime     = 1
	late       = 2
)

// visitRow is a row of netops_visits. Arrival and ResponseSeconds are
// derived from the times, for VisitGroups to sum.
type visitRow struct {
	bun.BaseModel `bun:"table:netops_visits"`

	ID              string    `bun:"id,pk"`
	TicketKind      string    `bun:"ticket_kind"`
	TicketRef       string    `bun:"ticket_ref"`
	Unit            string    `bun:"unit"`
	Zone            string    `bun:"zone"`
	Technician      string    `bun:"technician"`
	Summary         string    `bun:"summary"`
	Contact         string    `bun:"contact"`
	ContactPhone    string    `bun:"contact_phone"`
	ReportedAt      time.Time `bun:"reported_at,nullzero"`
	SLAMinutes      int       `bun:"sla_minutes"`
	DueAt           time.Time `bun:"due_at,nullzero"`
	ArrivedAt       time.Time `bun:"arrived_at,nullzero"`
	ResolvedAt      time.Time `bun:"resolved_at,nullzero"`
	Month           string    `bun:"month"`
	Status          string    `bun:"status"`
	Arrival         int       `bun:"arrival"`
	ResponseSeconds int64     `bun:"response_seconds"`
	Note            string    `bun:"note"`
	Version         int64     `bun:"version"`
	CreatedAt       time.Time `bun:"created_at,nullzero"`
	UpdatedAt       time.Time `bun:"updated_at,nullzero"`
}

func toVisitRow(v *netops.Visit) visitRow {
	arrival, secs := notArrived, int64(0)
	if !v.ArrivedAt.IsZero() {
		arrival = onTime
		if v.ArrivedAt.After(v.DueAt) {
			arrival = late
		}
		secs = int64(v.ArrivedAt.Sub(v.ReportedAt) / time.Second)
	}
	return visitRow{ID: v.ID.String(), TicketKind: string(v.Ticket.Kind), TicketRef: v.Ticket.Ref, Unit: v.Unit,
		Zone: string(v.Zone), Technician: v.Technician, Summary: v.Summary, Contact: v.Contact, ContactPhone: v.ContactPhone,
		ReportedAt: dbt(v.ReportedAt), SLAMinutes: v.SLAMinutes, DueAt: dbt(v.DueAt), ArrivedAt: dbt(v.ArrivedAt),
		ResolvedAt: dbt(v.ResolvedAt), Month: v.Month, Status: string(v.Status), Arrival: arrival, ResponseSeconds: secs,
		Note: v.Note, Version: v.Version, CreatedAt: dbt(v.CreatedAt), UpdatedAt: dbt(v.UpdatedAt)}
}

func fromVisitRow(r *visitRow) (netops.Visit, error) {
	id, err := parseID("visit", r.ID)
	return netops.Visit{ID: id, Ticket: netops.Ticket{Kind: netops.TicketKind(r.TicketKind), Ref: r.TicketRef}, Unit: r.Unit,
		Zone: netops.Zone(r.Zone), Technician: r.Technician, Summary: r.Summary, Contact: r.Contact,
		ContactPhone: r.ContactPhone, ReportedAt: gt(r.ReportedAt), SLAMinutes: r.SLAMinutes, DueAt: gt(r.DueAt),
		ArrivedAt: gt(r.ArrivedAt), ResolvedAt: gt(r.ResolvedAt), Month: r.Month, Status: netops.VisitStatus(r.Status),
		Note: r.Note, Version: r.Version, CreatedAt: gt(r.CreatedAt), UpdatedAt: gt(r.UpdatedAt)}, err
}

// planRow is a row of netops_plans; the checklist is JSON.
type planRow struct {
	bun.BaseModel `bun:"table:netops_plans"`

	ID           string    `bun:"id,pk"`
	Name         string    `bun:"name"`
	TargetKind   string    `bun:"target_kind"`
	TargetSite   string    `bun:"target_site"`
	TargetRoom   string    `bun:"target_room"`
	TargetDevice string    `bun:"target_device"`
	Frequency    string    `bun:"frequency"`
	Checklist    string    `bun:"checklist"`
	Assignee     string    `bun:"assignee"`
	StartOn      time.Time `bun:"start_on,nullzero"`
	LastDone     time.Time `bun:"last_done,nullzero"`
	NextDue      time.Time `bun:"next_due,nullzero"`
	Status       string    `bun:"status"`
	Note         string    `bun:"note"`
	Version      int64     `bun:"version"`
	CreatedAt    time.Time `bun:"created_at,nullzero"`
	UpdatedAt    time.Time `bun:"updated_at,nullzero"`
}

func toPlanRow(p *netops.Plan) planRow {
	return planRow{ID: p.ID.String(), Name: p.Name, TargetKind: string(p.Target.Kind), TargetSite: p.Target.Site,
		TargetRoom: p.Target.Room, TargetDevice: p.Target.Device, Frequency: string(p.Frequency),
		Checklist: encodeJSON(p.Checklist), Assignee: p.Assignee, StartOn: dbt(p.StartOn), LastDone: dbt(p.LastDone),
		NextDue: dbt(p.NextDue), Status: string(p.Status), Note: p.Note, Version: p.Version,
		CreatedAt: dbt(p.CreatedAt), UpdatedAt: dbt(p.UpdatedAt)}
}

func fromPlanRow(r *planRow) (netops.Plan, error) {
	id, err := parseID("plan", r.ID)
	if err != nil {
		return netops.Plan{}, err
	}
	list, err := decodeJSON[string]("the checklist of plan "+r.ID, r.Checklist)
	return netops.Plan{ID: id, Name: r.Name,
		Target:    netops.Target{Kind: netops.TargetKind(r.TargetKind), Site: r.TargetSite, Room: r.TargetRoom, Device: r.TargetDevice},
		Frequency: netops.Frequency(r.Frequency), Checklist: list, Assignee: r.Assignee, StartOn: gt(r.StartOn),
		LastDone: gt(r.LastDone), NextDue: gt(r.NextDue), Status: netops.PlanStatus(r.Status), Note: r.Note,
		Version: r.Version, CreatedAt: gt(r.CreatedAt), UpdatedAt: gt(r.UpdatedAt)}, err
}

// recordRow is a row of netops_records; the results are JSON.
type recordRow struct {
	bun.BaseModel `bun:"table:netops_records"`

	ID           string    `bun:"id,pk"`
	PlanID       string    `bun:"plan_id"`
	TargetKind   string    `bun:"target_kind"`
	TargetSite   string    `bun:"target_site"`
	TargetRoom   string    `bun:"target_room"`
	TargetDevice string    `bun:"target_device"`
	At           time.Time `bun:"at,nullzero"`
	Inspector    string    `bun:"inspector"`
	Results      string    `bun:"results"`
	Findings     string    `bun:"findings"`
	Passed       bool      `bun:"passed"`
	CreatedAt    time.Time `bun:"created_at,nullzero"`
}

func toRecordRow(r *netops.Record) recordRow {
	return recordRow{ID: r.ID.String(), PlanID: r.Plan.String(), TargetKind: string(r.Target.Kind), TargetSite: r.Target.Site,
		TargetRoom: r.Target.Room, TargetDevice: r.Target.Device, At: dbt(r.At), Inspector: r.Inspector,
		Results: encodeJSON(r.Results), Findings: r.Findings, Passed: r.Passed, CreatedAt: dbt(r.CreatedAt)}
}

func fromRecordRow(r *recordRow) (netops.Record, error) {
	id, err := parseID("inspection record", r.ID)
	if err != nil {
		return netops.Record{}, err
	}
	plan, err := parseID("the plan of inspection record "+r.ID, r.PlanID)
	if err != nil {
		return netops.Record{}, err
	}
	results, err := decodeJSON[netops.CheckResult]("the results of inspection record "+r.ID, r.Results)
	return netops.Record{ID: id, Plan: plan,
		Target: netops.Target{Kind: netops.TargetKind(r.TargetKind), Site: r.TargetSite, Room: r.TargetRoom, Device: r.TargetDevice},
		At:     gt(r.At), Inspector: r.Inspector, Results: results, Findings: r.Findings, Passed: r.Passed,
		CreatedAt: gt(r.CreatedAt)}, err
}

// bookingRow is a row of netops_bookings; the staff are JSON, and rows of
// netops_booking_staff too.
type bookingRow struct {
	bun.BaseModel `bun:"table:netops_bookings"`

	ID         string    `bun:"id,pk"`
	Title      string    `bun:"title"`
	Department string    `bun:"department"`
	Site       string    `bun:"site"`
	Room       string    `bun:"room"`
	Start      time.Time `bun:"start_at"`
	End        time.Time `bun:"end_at"`
	Mode       string    `bun:"mode"`
	Staff      string    `bun:"staff"`
	Status     string    `bun:"status"`
	Note       string    `bun:"note"`
	Version    int64     `bun:"version"`
	CreatedAt  time.Time `bun:"created_at,nullzero"`
	UpdatedAt  time.Time `bun:"updated_at,nullzero"`
}

// staffRow is a row of netops_booking_staff: one person of a booking.
type staffRow struct {
	bun.BaseModel `bun:"table:netops_booking_staff"`

	BookingID string `bun:"booking_id,pk"`
	Ord       int    `bun:"ord,pk"`
	Person    string `bun:"person"`
}

func toBookingRow(b *netops.Booking) bookingRow {
	return bookingRow{ID: b.ID.String(), Title: b.Title, Department: b.Department, Site: b.Site, Room: b.Room,
		Start: dbt(b.Start), End: dbt(b.End), Mode: string(b.Mode), Staff: encodeJSON(b.Staff), Status: string(b.Status),
		Note: b.Note, Version: b.Version, CreatedAt: dbt(b.CreatedAt), UpdatedAt: dbt(b.UpdatedAt)}
}

func toStaffRows(b *netops.Booking) []staffRow {
	rows := make([]staffRow, len(b.Staff))
	for i, p := range b.Staff {
		rows[i] = staffRow{BookingID: b.ID.String(), Ord: i, Person: p}
	}
	return rows
}

func fromBookingRow(r *bookingRow) (netops.Booking, error) {
	id, err := parseID("booking", r.ID)
	if err != nil {
		return netops.Booking{}, err
	}
	staff, err := decodeJSON[string]("the staff of booking "+r.ID, r.Staff)
	return netops.Booking{ID: id, Title: r.Title, Department: r.Department, Site: r.Site, Room: r.Room,
		Start: gt(r.Start), End: gt(r.End), Mode: netops.MeetingMode(r.Mode), Staff: staff,
		Status: netops.BookingStatus(r.Status), Note: r.Note, Version: r.Version,
		CreatedAt: gt(r.CreatedAt), UpdatedAt: gt(r.UpdatedAt)}, err
}

// shiftRow is a row of netops_shifts.
type shiftRow struct {
	bun.BaseModel `bun:"table:netops_shifts"`

	ID        string    `bun:"id,pk"`
	Person    string    `bun:"person"`
	Role      string    `bun:"role"`
	Start     time.Time `bun:"start_at"`
	End       time.Time `bun:"end_at"`
	Status    string    `bun:"status"`
	Note      string    `bun:"note"`
	Version   int64     `bun:"version"`
	CreatedAt time.Time `bun:"created_at,nullzero"`
	UpdatedAt time.Time `bun:"updated_at,nullzero"`
}

func toShiftRow(s *netops.Shift) shiftRow {
	return shiftRow{ID: s.ID.String(), Person: s.Person, Role: s.Role, Start: dbt(s.Start), End: dbt(s.End),
		Status: string(s.Status), Note: s.Note, Version: s.Version, CreatedAt: dbt(s.CreatedAt), UpdatedAt: dbt(s.UpdatedAt)}
}

func fromShiftRow(r *shiftRow) (netops.Shift, error) {
	id, err := parseID("shift", r.ID)
	return netops.Shift{ID: id, Person: r.Person, Role: r.Role, Start: gt(r.Start), End: gt(r.End),
		Status: netops.ShiftStatus(r.Status), Note: r.Note, Version: r.Version,
		CreatedAt: gt(r.CreatedAt), UpdatedAt: gt(r.UpdatedAt)}, err
}

// deviceRow is a row of netops_devices.
type deviceRow struct {
	bun.BaseModel `bun:"table:netops_devices"`

	ID            string    `bun:"id,pk"`
	AssetTag      string    `bun:"asset_tag"`
	Name          string    `bun:"name"`
	Kind          string    `bun:"kind"`
	Site          string    `bun:"site"`
	Room          string    `bun:"room"`
	Vendor        string    `bun:"vendor"`
	Model         string    `bun:"model"`
	Serial        string    `bun:"serial"`
	PurchasedOn   time.Time `bun:"purchased_on,nullzero"`
	EndOfLife     time.Time `bun:"end_of_life,nullzero"`
	ReplPlannedOn time.Time `bun:"repl_planned_on,nullzero"`
	ReplModel     string    `bun:"repl_model"`
	ReplNote      string    `bun:"repl_note"`
	Status        string    `bun:"status"`
	Note          string    `bun:"note"`
	Version       int64     `bun:"version"`
	CreatedAt     time.Time `bun:"created_at,nullzero"`
	UpdatedAt     time.Time `bun:"updated_at,nullzero"`
}

func toDeviceRow(d *netops.Device) deviceRow {
	return deviceRow{ID: d.ID.String(), AssetTag: d.AssetTag, Name: d.Name, Kind: string(d.Kind), Site: d.Site, Room: d.Room,
		Vendor: d.Vendor, Model: d.Model, Serial: d.Serial, PurchasedOn: dbt(d.PurchasedOn), EndOfLife: dbt(d.EndOfLife),
		ReplPlannedOn: dbt(d.Replacement.PlannedOn), ReplModel: d.Replacement.Model, ReplNote: d.Replacement.Note,
		Status: string(d.Status), Note: d.Note, Version: d.Version, CreatedAt: dbt(d.CreatedAt), UpdatedAt: dbt(d.UpdatedAt)}
}

func fromDeviceRow(r *deviceRow) (netops.Device, error) {
	id, err := parseID("device "+r.AssetTag, r.ID)
	return netops.Device{ID: id, AssetTag: r.AssetTag, Name: r.Name, Kind: netops.DeviceKind(r.Kind), Site: r.Site,
		Room: r.Room, Vendor: r.Vendor, Model: r.Model, Serial: r.Serial, PurchasedOn: gt(r.PurchasedOn),
		EndOfLife:   gt(r.EndOfLife),
		Replacement: netops.Replacement{PlannedOn: gt(r.ReplPlannedOn), Model: r.ReplModel, Note: r.ReplNote},
		Status:      netops.DeviceStatus(r.Status), Note: r.Note, Version: r.Version,
		CreatedAt: gt(r.CreatedAt), UpdatedAt: gt(r.UpdatedAt)}, err
}

// eventRow is a row of netops_events: the columns every trail shares
// (bunstore.EventRow) and the ID of the aggregate it belongs to.
type eventRow struct {
	bun.BaseModel `bun:"table:netops_events"`

	SubjectID string `bun:"subject_id"`
	bunstore.EventRow
}

func toEventRows(events []netops.Event) []eventRow {
	rows := make([]eventRow, len(events))
	for i, e := range events {
		rows[i].EventRow, rows[i].SubjectID = bunstore.ToEventRow(e)
	}
	return rows
}

func fromEventRow(r *eventRow) (netops.Event, error) {
	return bunstore.FromEventRow[netops.EventType, netops.Status](errs, &r.EventRow, r.SubjectID)
}

// generationRow is a row of netops_generations.
type generationRow struct {
	bun.BaseModel `bun:"table:netops_generations"`

	Scope string `bun:"scope,pk"`
	Gen   int64  `bun:"gen"`
}
