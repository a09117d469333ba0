package netopsapi

import (
	"context"
	"fmt"
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
	"github.com/govops-kit/govops/refserver/apikit"
)

func (a *API) openVisit(ctx context.Context, by govops.Actor, in *visitCreateJSON) (*netops.Visit, error) {
	var p govops.Problems
	vi := netops.VisitInput{Ticket: netops.Ticket{Kind: netops.TicketKind(in.Ticket.Kind), Ref: in.Ticket.Ref},
		Unit: in.Unit, Zone: netops.Zone(in.Zone), Technician: in.Technician, Summary: in.Summary, Contact: in.Contact,
		ContactPhone: in.ContactPhone, ReportedAt: at(&p, "reported_at", in.ReportedAt),
		ArrivedAt: at(&p, "arrived_at", in.ArrivedAt), ResolvedAt: at(&p, "resolved_at", in.ResolvedAt), Note: in.Note}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.OpenVisit(ctx, by, vi)
}

// visitStep is an arrival, a resolution or a cancellation.
func (a *API) visitStep(act func(ctx context.Context, by govops.Actor, ref string, in netops.VisitStep) (*netops.Visit, error)) apikit.Act[visitStepJSON, *netops.Visit] {
	return func(ctx context.Context, by govops.Actor, ref string, version int64, in *visitStepJSON) (*netops.Visit, error) {
		var p govops.Problems
		step := netops.VisitStep{At: at(&p, "at", in.At), Technician: in.Technician, Note: in.Note, IfVersion: version}
		if err := p.Err(); err != nil {
			return nil, err
		}
		return act(ctx, by, ref, step)
	}
}

// compliance serves the response compliance of the visits reported in a
// period.
func (a *API) compliance(w http.ResponseWriter, req bunrouter.Request) error {
	q := apikit.NewQuery(req.URL)
	in := netops.ComplianceInput{From: a.from(q), To: a.to(q), Unit: q.One("unit")}
	if err := q.Err(); err != nil {
		return err
	}
	ctx := req.Context()
	r, err := a.svc.Compliance(ctx, apikit.Actor(ctx), in)
	if err != nil {
		return err
	}
	return apikit.WriteJSON(w, http.StatusOK, a.complianceOut(r))
}

func (a *API) createPlan(ctx context.Context, by govops.Actor, in *planCreateJSON) (*netops.Plan, error) {
	var p govops.Problems
	pi := netops.PlanInput{Name: in.Name, Target: in.Target.target(), Frequency: netops.Frequency(in.Frequency),
		Checklist: in.Checklist, Assignee: in.Assignee, StartOn: a.day(&p, "start_on", in.StartOn),
		Status: netops.PlanStatus(in.Status), Note: in.Note}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.CreatePlan(ctx, by, pi)
}

func (a *API) updatePlan(ctx context.Context, by govops.Actor, ref string, version int64, in *planUpdateJSON) (*netops.Plan, error) {
	var p govops.Problems
	startOn := a.day(&p, "start_on", deref(in.StartOn))
	if err := p.Err(); err != nil {
		return nil, err
	}
	return patch(version, func() (*netops.Plan, int64, error) {
		pl, err := a.svc.Plan(ctx, by, ref)
		if err != nil {
			return nil, 0, err
		}
		return pl, pl.Version, nil
	}, func(pl *netops.Plan, ifVersion int64) (*netops.Plan, error) {
		pi := netops.PlanInput{Name: pl.Name, Target: pl.Target, Frequency: pl.Frequency, Checklist: pl.Checklist,
			Assignee: pl.Assignee, StartOn: pl.StartOn, Status: pl.Status, Note: pl.Note, IfVersion: ifVersion}
		set(&pi.Name, in.Name)
		set((*string)(&pi.Frequency), in.Frequency)
		set(&pi.Checklist, in.Checklist)
		set(&pi.Assignee, in.Assignee)
		set((*string)(&pi.Status), in.Status)
		set(&pi.Note, in.Note)
		if in.Target != nil {
			pi.Target = in.Target.target()
		}
		if in.StartOn != nil {
			pi.StartOn = startOn
		}
		return a.svc.UpdatePlan(ctx, by, pl.ID.String(), pi)
	})
}

// recordInspection serves an inspection done under the plan the path
// names: 201 with the record. If-Match is the plan's version.
func (a *API) recordInspection(w http.ResponseWriter, req bunrouter.Request) error {
	version, err := apikit.IfMatch(req.Request)
	if err != nil {
		return err
	}
	if err := apikit.NewQuery(req.URL).Err(); err != nil {
		return err
	}
	if _, err := apikit.PathID(req); err != nil {
		return err
	}
	var in recordCreateJSON
	if err := apikit.DecodeBody(w, req.Request, &in, false); err != nil {
		return err
	}
	var p govops.Problems
	ri := netops.RecordInput{At: at(&p, "at", in.At), Inspector: in.Inspector, Findings: in.Findings, IfVersion: version}
	if err := p.Err(); err != nil {
		return err
	}
	if in.Results != nil {
		ri.Results = make([]netops.CheckResult, len(in.Results))
		for i, c := range in.Results {
			ri.Results[i] = netops.CheckResult{Item: c.Item, OK: c.OK, Note: c.Note}
		}
	}
	ctx := req.Context()
	r, err := a.svc.RecordInspection(ctx, apikit.Actor(ctx), req.Param("id"), ri)
	if err != nil {
		return err
	}
	return a.records.Write(w, http.StatusCreated, r)
}

// bookingList serves the bookings that overlap a period.
func (a *API) bookingList(w http.ResponseWriter, req bunrouter.Request) error {
	q := apikit.NewQuery(req.URL)
	in := netops.BookingListInput{From: a.from(q), To: a.to(q), Site: q.One("site"), Room: q.One("room"),
		Person: q.One("person"), Department: q.One("department"), Cancelled: q.Bool("cancelled")}
	if err := q.Err(); err != nil {
		return err
	}
	ctx := req.Context()
	bs, err := a.svc.Bookings(ctx, apikit.Actor(ctx), in)
	if err != nil {
		return err
	}
	out := itemsJSON{Items: make([]any, len(bs))}
	for i := range bs {
		out.Items[i] = a.bookingOut(&bs[i])
	}
	return apikit.WriteJSON(w, http.StatusOK, out)
}

func (a *API) bookingInput(p *govops.Problems, in *bookingCreateJSON) netops.BookingInput {
	return netops.BookingInput{Title: in.Title, Department: in.Department, Site: in.Site, Room: in.Room,
		Start: at(p, "start", in.Start), End: at(p, "end", in.End), Mode: netops.MeetingMode(in.Mode), Staff: in.Staff, Note: in.Note}
}

func (a *API) bookMeeting(ctx context.Context, by govops.Actor, in *bookingCreateJSON) (*netops.Booking, error) {
	var p govops.Problems
	bi := a.bookingInput(&p, in)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.BookMeeting(ctx, by, bi)
}

func (a *API) updateBooking(ctx context.Context, by govops.Actor, ref string, version int64, in *bookingUpdateJSON) (*netops.Booking, error) {
	var p govops.Problems
	start, end := at(&p, "start", deref(in.Start)), at(&p, "end", deref(in.End))
	if err := p.Err(); err != nil {
		return nil, err
	}
	return patch(version, func() (*netops.Booking, int64, error) {
		b, err := a.svc.Booking(ctx, by, ref)
		if err != nil {
			return nil, 0, err
		}
		return b, b.Version, nil
	}, func(b *netops.Booking, ifVersion int64) (*netops.Booking, error) {
		bi := netops.BookingInput{Title: b.Title, Department: b.Department, Site: b.Site, Room: b.Room, Start: b.Start,
			End: b.End, Mode: b.Mode, Staff: b.Staff, Note: b.Note, IfVersion: ifVersion}
		set(&bi.Title, in.Title)
		set(&bi.Department, in.Department)
		set(&bi.Site, in.Site)
		set(&bi.Room, in.Room)
		set((*string)(&bi.Mode), in.Mode)
		set(&bi.Staff, in.Staff)
		set(&bi.Note, in.Note)
		if in.Start != nil {
			bi.Start = start
		}
		if in.End != nil {
			bi.End = end
		}
		return a.svc.UpdateBooking(ctx, by, b.ID.String(), bi)
	})
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func (a *API) cancelBooking(ctx context.Context, by govops.Actor, ref string, version int64, in *noteJSON) (*netops.Booking, error) {
	return a.svc.CancelBooking(ctx, by, ref, netops.BookingCancel{Note: in.Note, IfVersion: version})
}

// shiftList serves the shifts that overlap a period.
func (a *API) shiftList(w http.ResponseWriter, req bunrouter.Request) error {
	q := apikit.NewQuery(req.URL)
	in := netops.ShiftListInput{From: a.from(q), To: a.to(q), Person: q.One("person"), Cancelled: q.Bool("cancelled")}
	if err := q.Err(); err != nil {
		return err
	}
	ctx := req.Context()
	ss, err := a.svc.Shifts(ctx, apikit.Actor(ctx), in)
	if err != nil {
		return err
	}
	out := itemsJSON{Items: make([]any, len(ss))}
	for i := range ss {
		out.Items[i] = a.shiftOut(&ss[i])
	}
	return apikit.WriteJSON(w, http.StatusOK, out)
}

func shiftInput(p *govops.Problems, prefix string, in shiftInJSON) netops.ShiftInput {
	return netops.ShiftInput{Person: in.Person, Role: in.Role, Start: at(p, prefix+"start", in.Start),
		End: at(p, prefix+"end", in.End), Note: in.Note}
}

// addShifts serves the scheduling of shifts, all or none: 201 with the
// shifts, in the order given.
func (a *API) addShifts(w http.ResponseWriter, req bunrouter.Request) error {
	if err := apikit.NewQuery(req.URL).Err(); err != nil {
		return err
	}
	var in shiftsJSON
	if err := apikit.DecodeBody(w, req.Request, &in, false); err != nil {
		return err
	}
	var p govops.Problems
	ins := make([]netops.ShiftInput, len(in.Shifts))
	for i, s := range in.Shifts {
		ins[i] = shiftInput(&p, fmt.Sprintf("shifts[%d].", i), s)
	}
	if err := p.Err(); err != nil {
		return err
	}
	ctx := req.Context()
	ss, err := a.svc.AddShifts(ctx, apikit.Actor(ctx), ins)
	if err != nil {
		return err
	}
	out := itemsJSON{Items: make([]any, len(ss))}
	for i := range ss {
		out.Items[i] = a.shiftOut(&ss[i])
	}
	return apikit.WriteJSON(w, http.StatusCreated, out)
}

func (a *API) updateShift(ctx context.Context, by govops.Actor, ref string, version int64, in *shiftInJSON) (*netops.Shift, error) {
	var p govops.Problems
	si := shiftInput(&p, "", *in)
	if err := p.Err(); err != nil {
		return nil, err
	}
	si.IfVersion = version
	return a.svc.UpdateShift(ctx, by, ref, si)
}

func (a *API) cancelShift(ctx context.Context, by govops.Actor, ref string, version int64, in *noteJSON) (*netops.Shift, error) {
	return a.svc.CancelShift(ctx, by, ref, netops.ShiftCancel{Note: in.Note, IfVersion: version})
}

// roster serves the coverage of a period by the scheduled shifts.
func (a *API) roster(w http.ResponseWriter, req bunrouter.Request) error {
	q := apikit.NewQuery(req.URL)
	from, to := a.from(q), a.to(q)
	if err := q.Err(); err != nil {
		return err
	}
	ctx := req.Context()
	r, err := a.svc.Roster(ctx, apikit.Actor(ctx), from, to)
	if err != nil {
		return err
	}
	return apikit.WriteJSON(w, http.StatusOK, a.rosterOut(r))
}

func (a *API) addDevice(ctx context.Context, by govops.Actor, in *deviceCreateJSON) (*netops.Device, error) {
	var p govops.Problems
	di := netops.DeviceInput{AssetTag: in.AssetTag, Name: in.Name, Kind: netops.DeviceKind(in.Kind), Site: in.Site,
		Room: in.Room, Vendor: in.Vendor, Model: in.Model, Serial: in.Serial,
		PurchasedOn: a.day(&p, "purchased_on", in.PurchasedOn), EndOfLife: a.day(&p, "end_of_life", in.EndOfLife), Note: in.Note}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.AddDevice(ctx, by, di)
}

func (a *API) updateDevice(ctx context.Context, by govops.Actor, ref string, version int64, in *deviceUpdateJSON) (*netops.Device, error) {
	var p govops.Problems
	purchased, eol := a.day(&p, "purchased_on", deref(in.PurchasedOn)), a.day(&p, "end_of_life", deref(in.EndOfLife))
	if err := p.Err(); err != nil {
		return nil, err
	}
	return patch(version, func() (*netops.Device, int64, error) {
		d, err := a.svc.Device(ctx, by, ref)
		if err != nil {
			return nil, 0, err
		}
		return d, d.Version, nil
	}, func(d *netops.Device, ifVersion int64) (*netops.Device, error) {
		di := netops.DeviceInput{AssetTag: d.AssetTag, Name: d.Name, Kind: d.Kind, Site: d.Site, Room: d.Room,
			Vendor: d.Vendor, Model: d.Model, Serial: d.Serial, PurchasedOn: d.PurchasedOn, EndOfLife: d.EndOfLife,
			Note: d.Note, IfVersion: ifVersion}
		set(&di.Name, in.Name)
		set((*string)(&di.Kind), in.Kind)
		set(&di.Site, in.Site)
		set(&di.Room, in.Room)
		set(&di.Vendor, in.Vendor)
		set(&di.Model, in.Model)
		set(&di.Serial, in.Serial)
		set(&di.Note, in.Note)
		if in.PurchasedOn != nil {
			di.PurchasedOn = purchased
		}
		if in.EndOfLife != nil {
			di.EndOfLife = eol
		}
		return a.svc.UpdateDevice(ctx, by, d.ID.String(), di)
	})
}

func (a *API) planReplacement(ctx context.Context, by govops.Actor, ref string, version int64, in *replacementInJSON) (*netops.Device, error) {
	var p govops.Problems
	ri := netops.ReplacementInput{PlannedOn: a.day(&p, "planned_on", in.PlannedOn), Model: in.Model, Note: in.Note, IfVersion: version}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.PlanReplacement(ctx, by, ref, ri)
}

func (a *API) retireDevice(ctx context.Context, by govops.Actor, ref string, version int64, in *noteJSON) (*netops.Device, error) {
	return a.svc.RetireDevice(ctx, by, ref, netops.DeviceRetire{Note: in.Note, IfVersion: version})
}
