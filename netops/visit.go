package netops

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
)

// Default response times of on-site visits, by zone, on a 24×7 clock (the
// center's promise: 15 minutes in the administrative building, 45 in the
// urban area, 90 in the suburbs).
const (
	DefaultBuildingSLA = 15 * time.Minute
	DefaultUrbanSLA    = 45 * time.Minute
	DefaultSuburbanSLA = 90 * time.Minute
)

// DefaultSLA returns the default response time of each zone.
func DefaultSLA() map[Zone]time.Duration {
	return map[Zone]time.Duration{ZoneBuilding: DefaultBuildingSLA, ZoneUrban: DefaultUrbanSLA, ZoneSuburban: DefaultSuburbanSLA}
}

// TicketKind says where a visit's ticket comes from.
type TicketKind string

// Ticket kinds.
const (
	// TicketCase is a case of the command platform (an IT-operations
	// case, kind itops), by its number ("2022-000123").
	TicketCase TicketKind = "case"
	// TicketExternal is a reference of another system, or a phone call
	// written down.
	TicketExternal TicketKind = "external"
)

// Label returns the Chinese label of k.
func (k TicketKind) Label() string {
	switch k {
	case TicketCase:
		return "指挥平台工单"
	case TicketExternal:
		return "外部单号"
	}
	return string(k)
}

// Valid reports whether k is a ticket kind.
func (k TicketKind) Valid() bool { return k == TicketCase || k == TicketExternal }

// Ticket is the reference of the request a visit answers.
type Ticket struct {
	Kind TicketKind `mask:"safe"`
	Ref  string     `mask:"safe"`
}

// VisitStatus is where an on-site visit stands.
type VisitStatus string

// Visit statuses.
const (
	VisitReported  VisitStatus = "reported"  // 已报修
	VisitArrived   VisitStatus = "arrived"   // 已到场
	VisitResolved  VisitStatus = "resolved"  // 已解决
	VisitCancelled VisitStatus = "cancelled" // 已取消
)

// VisitStatuses lists every status in order.
func VisitStatuses() []VisitStatus {
	return []VisitStatus{VisitReported, VisitArrived, VisitResolved, VisitCancelled}
}

// Label returns the Chinese label of s.
func (s VisitStatus) Label() string {
	switch s {
	case VisitReported:
		return "已报修"
	case VisitArrived:
		return "已到场"
	case VisitResolved:
		return "已解决"
	case VisitCancelled:
		return "已取消"
	}
	return string(s)
}

// Valid reports whether s is one of VisitStatuses.
func (s VisitStatus) Valid() bool {
	for _, v := range VisitStatuses() {
		if s == v {
			return true
		}
	}
	return false
}

// Visit is an on-site service visit (现场服务): a unit reports a fault, a
// technician goes there, arrives and resolves it. Its response time is
// promised by the unit's zone and counted on a 24×7 clock; DueAt is fixed
// when the visit is reported, so that a later change of the promise never
// moves it.
type Visit struct {
	ID     uuid.UUID
	Ticket Ticket
	// Unit is the directory code of the unit served; it scopes the visit.
	Unit string `mask:"safe"`
	Zone Zone   `mask:"safe"`
	// Technician is who goes on site.
	Technician string `mask:"safe"`
	// Summary says what is wrong, as reported.
	Summary string
	// Contact and ContactPhone are the person on site to ask for.
	Contact      string `mask:"name"`
	ContactPhone string `mask:"phone"`
	ReportedAt   time.Time
	// SLAMinutes is the response time promised when the visit was
	// reported, and DueAt = ReportedAt + SLAMinutes.
	SLAMinutes int
	DueAt      time.Time
	// ArrivedAt and ResolvedAt are zero until then.
	ArrivedAt  time.Time
	ResolvedAt time.Time
	// Month is the month of ReportedAt in Asia/Shanghai ("2022-03"), which
	// the compliance report groups by.
	Month   string      `mask:"safe"`
	Status  VisitStatus `mask:"safe"`
	Note    string
	Version int64
	// CreatedAt and UpdatedAt are when the record was written.
	CreatedAt time.Time
	UpdatedAt time.Time
}

// OnTime reports whether v arrived by its DueAt.
func (v *Visit) OnTime() bool { return !v.ArrivedAt.IsZero() && !v.ArrivedAt.After(v.DueAt) }

// Breached reports whether v broke its promise as of asOf: it arrived
// late, or it has not arrived and its DueAt has passed. A cancelled visit
// never breaches.
func (v *Visit) Breached(asOf time.Time) bool {
	switch {
	case v.Status == VisitCancelled:
		return false
	case !v.ArrivedAt.IsZero():
		return v.ArrivedAt.After(v.DueAt)
	}
	return v.DueAt.Before(asOf)
}

// VisitInput is what OpenVisit takes. Zone is the unit's zone in the
// directory unless set. ReportedAt is now unless set; it may be in the
// past (a visit written down after the fact) but never in the future.
// ArrivedAt and ResolvedAt may be given too, for a visit recorded after it
// happened; the visit then opens in the status they reach.
type VisitInput struct {
	Ticket       Ticket
	Unit         string
	Zone         Zone
	Technician   string
	Summary      string
	Contact      string
	ContactPhone string
	ReportedAt   time.Time
	ArrivedAt    time.Time
	ResolvedAt   time.Time
	Note         string
}

// VisitStep is what ArriveVisit, ResolveVisit and CancelVisit take: when
// (now unless set; never in the future, never before the step before), who
// (the technician who arrived, when another than the one sent) and a note
// (required to cancel).
type VisitStep struct {
	At         time.Time
	Technician string
	Note       string
	IfVersion  int64
}

// VisitListInput selects visits for Visits; each field that is not zero
// narrows the list. Breached keeps the visits that broke their promise as
// of now (see Visit.Breached).
type VisitListInput struct {
	Unit       string
	Zone       Zone
	Technician string
	Status     VisitStatus
	Ticket     string
	From, To   time.Time
	Breached   bool
	Cursor     string
	Limit      int
}

// VisitGroup is what a Store counts for the compliance report: the visits
// reported in one month, zone and technician that were not cancelled.
type VisitGroup struct {
	Month      string `mask:"safe"`
	Zone       Zone   `mask:"safe"`
	Technician string `mask:"safe"`
	// Visits counts them all; Arrived those that arrived, OnTime those
	// that arrived by their DueAt, Late those that arrived after it.
	Visits, Arrived, OnTime, Late int64
	// Overdue counts those not arrived whose DueAt was before the AsOf of
	// the query; Resolved those resolved.
	Overdue, Resolved int64
	// ResponseSeconds sums ArrivedAt − ReportedAt over the arrived ones,
	// in whole seconds.
	ResponseSeconds int64
}

// ComplianceRow is one line of the compliance report: its key (the zone,
// the technician and the month it sums; "" in a key it does not split by)
// and its counts.
type ComplianceRow struct {
	Zone       Zone   `mask:"safe"`
	Technician string `mask:"safe"`
	Month      string `mask:"safe"`
	// SLAMinutes is the zone's current promise (0 on a row that is not
	// for one zone).
	SLAMinutes                                       int
	Visits, Arrived, OnTime, Late, Overdue, Resolved int64
	// Rate is on time over those that are due: OnTime / (Arrived +
	// Overdue).
	Rate govops.Rate
	// AvgResponseMinutes is the mean time to arrive, in minutes rounded
	// half-up to two decimals (null when none arrived).
	AvgResponseMinutes decimal.NullDecimal
}

// ComplianceReport is the on-site response compliance of the visits
// reported in [From, To): in total, by zone, by technician, by month, and
// by all three.
type ComplianceReport struct {
	From, To time.Time
	// AsOf is when the report was computed: a visit not arrived by then
	// whose DueAt has passed is overdue.
	AsOf         time.Time
	Total        ComplianceRow
	ByZone       []ComplianceRow
	ByTechnician []ComplianceRow
	ByMonth      []ComplianceRow
	ByMonthZone  []ComplianceRow
	Rows         []ComplianceRow
}

// ComplianceInput selects the visits of the compliance report by when they
// were reported: [From, To). Both are required, at most 366 days apart.
type ComplianceInput struct {
	From, To time.Time
	Unit     string
}

// Tickets checks the tickets of the command platform that visits start
// from. The reference server wires govcase in; netops never imports it.
type Tickets interface {
	// Ticket returns the unit (department code) the ticket ref is for, or
	// an error: ENOTFOUND when there is no such ticket, EINVALID naming
	// "ticket.ref" when it is not one a visit may start from (not an
	// IT-operations case, or closed).
	Ticket(ctx context.Context, ref string) (unit string, err error)
}

// Observer is told of every saved change of a visit, after it is stored:
// the reference server writes a visit's arrival and resolution on its
// case's trail this way. It must not fail the change; what it cannot do it
// logs.
type Observer func(ctx context.Context, v Visit, ev Event)
