package netops_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
)

// opsVisitInput is a good visit to 区财政局, reported 20 minutes ago.
func opsVisitInput() netops.VisitInput {
	return netops.VisitInput{
		Ticket:     netops.Ticket{Kind: netops.TicketExternal, Ref: "TEL-0314-01"},
		Unit:       "QZFJ",
		Technician: "张工",
		Summary:    "三楼财务科无法访问外网，联系人张三丰 13812341234",
		Contact:    "张三丰", ContactPhone: "13812341234",
		ReportedAt: opsNow().Add(-20 * time.Minute),
	}
}

// opsOpen opens a visit as the center, failing tb on error.
func (f *opsFixture) opsOpen(tb testing.TB, in netops.VisitInput) *netops.Visit {
	tb.Helper()
	v, err := f.svc.OpenVisit(f.ctx, opsCenter(), in)
	if err != nil {
		tb.Fatalf("OpenVisit: %v", err)
	}
	return v
}

// opsObserved records what an Observer is told.
type opsObserved struct {
	mu     sync.Mutex
	events []netops.Event
	visits []netops.Visit
}

func (o *opsObserved) observe(_ context.Context, v netops.Visit, ev netops.Event) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.visits = append(o.visits, v)
	o.events = append(o.events, ev)
}

func (o *opsObserved) types() []netops.EventType {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []netops.EventType
	for _, e := range o.events {
		out = append(out, e.Type)
	}
	return out
}

func TestService_OpenVisit(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		obs := &opsObserved{}
		f := newOps(t, netops.WithDirectory(opsUnits()), netops.WithObserver(obs.observe))
		v := f.opsOpen(t, opsVisitInput())
		rep := opsNow().Add(-20 * time.Minute)
		if v.Zone != netops.ZoneBuilding || v.SLAMinutes != 15 || !v.DueAt.Equal(rep.Add(15*time.Minute)) {
			t.Fatalf("zone %s, SLA %d, due %v: want building, 15, %v", v.Zone, v.SLAMinutes, v.DueAt, rep.Add(15*time.Minute))
		}
		if v.Status != netops.VisitReported || v.Version != 1 || v.Month != "2022-03" || !v.ReportedAt.Equal(rep) {
			t.Fatalf("status %s, version %d, month %s, reported %v", v.Status, v.Version, v.Month, v.ReportedAt)
		}
		got, err := f.svc.Visit(f.ctx, opsCenter(), v.ID.String())
		if err != nil || got.Contact != "张三丰" || got.ContactPhone != "13812341234" {
			t.Fatalf("Visit: %+v, %v", got, err)
		}
		trail, err := f.svc.VisitTrail(f.ctx, opsCenter(), v.ID.String())
		if err != nil || len(trail) != 1 || trail[0].Type != netops.EventVisitReported || trail[0].Seq != 1 || trail[0].Department != "QZFJ" {
			t.Fatalf("trail %+v, %v", trail, err)
		}
		if ts := obs.types(); len(ts) != 1 || ts[0] != netops.EventVisitReported {
			t.Fatalf("observer told %v", ts)
		}
	})
	t.Run("ReportedAtNowUnlessSet", func(t *testing.T) {
		f := newOps(t)
		in := opsVisitInput()
		in.ReportedAt, in.Zone = time.Time{}, netops.ZoneSuburban
		v := f.opsOpen(t, in)
		if !v.ReportedAt.Equal(opsNow()) || v.SLAMinutes != 90 || !v.DueAt.Equal(opsNow().Add(90*time.Minute)) {
			t.Fatalf("reported %v, SLA %d, due %v", v.ReportedAt, v.SLAMinutes, v.DueAt)
		}
	})
	t.Run("MonthInShanghai", func(t *testing.T) {
		f := newOps(t)
		in := opsVisitInput()
		in.Zone = netops.ZoneUrban
		in.ReportedAt = opsAt(2022, 3, 1, 7, 30) // still February in UTC
		if v := f.opsOpen(t, in); v.Month != "2022-03" {
			t.Fatalf("month %s, want 2022-03", v.Month)
		}
	})
	t.Run("ZoneGivenOverDirectory", func(t *testing.T) {
		f := newOps(t, netops.WithDirectory(opsUnits()))
		in := opsVisitInput()
		in.Zone = netops.ZoneSuburban
		if v := f.opsOpen(t, in); v.Zone != netops.ZoneSuburban || v.SLAMinutes != 90 {
			t.Fatalf("zone %s SLA %d", v.Zone, v.SLAMinutes)
		}
	})
	t.Run("WithSLA", func(t *testing.T) {
		f := newOps(t, netops.WithDirectory(opsUnits()), netops.WithSLA(map[netops.Zone]time.Duration{
			netops.ZoneBuilding: 10 * time.Minute, netops.ZoneUrban: 0, "moon": time.Hour}))
		if v := f.opsOpen(t, opsVisitInput()); v.SLAMinutes != 10 {
			t.Fatalf("SLA %d, want 10", v.SLAMinutes)
		}
		sla := f.svc.SLA()
		if sla[netops.ZoneUrban] != netops.DefaultUrbanSLA || len(sla) != 3 {
			t.Fatalf("SLA %v", sla)
		}
	})
	t.Run("UnknownUnit", func(t *testing.T) {
		f := newOps(t, netops.WithDirectory(opsUnits()))
		in := opsVisitInput()
		in.Unit = "NOPE"
		_, err := f.svc.OpenVisit(f.ctx, opsCenter(), in)
		opsCode(t, err, govops.ENOTFOUND)
		opsFields(t, err, "unit")
	})
	t.Run("ZoneNotKnown", func(t *testing.T) {
		f := newOps(t, netops.WithDirectory(opsUnits()))
		in := opsVisitInput()
		in.Unit = "NOZON"
		_, err := f.svc.OpenVisit(f.ctx, opsCenter(), in)
		opsField(t, err, govops.EINVALID, "zone", "not known")
		in.Zone = netops.ZoneUrban
		if v := f.opsOpen(t, in); v.SLAMinutes != 45 {
			t.Fatalf("SLA %d", v.SLAMinutes)
		}
	})
	t.Run("ZoneRequiredWithoutDirectory", func(t *testing.T) {
		f := newOps(t)
		_, err := f.svc.OpenVisit(f.ctx, opsCenter(), opsVisitInput())
		opsField(t, err, govops.EINVALID, "zone", "required")
	})
	t.Run("AfterTheFact", func(t *testing.T) {
		obs := &opsObserved{}
		f := newOps(t, netops.WithDirectory(opsUnits()), netops.WithObserver(obs.observe))
		in := opsVisitInput()
		in.ReportedAt = opsAt(2022, 3, 10, 9, 0)
		in.ArrivedAt = opsAt(2022, 3, 10, 9, 12)
		in.ResolvedAt = opsAt(2022, 3, 10, 10, 0)
		v := f.opsOpen(t, in)
		if v.Status != netops.VisitResolved || v.Version != 3 || !v.ArrivedAt.Equal(in.ArrivedAt) || !v.ResolvedAt.Equal(in.ResolvedAt) || !v.OnTime() {
			t.Fatalf("%+v", v)
		}
		trail, err := f.svc.VisitTrail(f.ctx, opsCenter(), v.ID.String())
		if err != nil {
			t.Fatal(err)
		}
		want := []struct {
			typ      netops.EventType
			from, to netops.Status
		}{{netops.EventVisitReported, "", "reported"}, {netops.EventVisitArrived, "reported", "arrived"}, {netops.EventVisitResolved, "arrived", "resolved"}}
		if len(trail) != len(want) {
			t.Fatalf("trail %+v", trail)
		}
		for i, w := range want {
			if e := trail[i]; e.Type != w.typ || e.From != w.from || e.To != w.to || e.Seq != int64(i+1) {
				t.Errorf("event %d: %s %s→%s seq %d, want %s %s→%s", i, e.Type, e.From, e.To, e.Seq, w.typ, w.from, w.to)
			}
		}
		if ts := obs.types(); len(ts) != 3 || ts[2] != netops.EventVisitResolved {
			t.Fatalf("observer told %v", ts)
		}
	})
	t.Run("AfterTheFactRemoteFix", func(t *testing.T) {
		f := newOps(t, netops.WithDirectory(opsUnits()))
		in := opsVisitInput()
		in.ReportedAt = opsAt(2022, 3, 10, 9, 0)
		in.ResolvedAt = opsAt(2022, 3, 10, 9, 20)
		v := f.opsOpen(t, in)
		if v.Status != netops.VisitResolved || v.Version != 2 || !v.ArrivedAt.Equal(in.ResolvedAt) || v.OnTime() {
			t.Fatalf("%+v", v)
		}
		trail, _ := f.svc.VisitTrail(f.ctx, opsCenter(), v.ID.String())
		if len(trail) != 2 || trail[1].From != "reported" || trail[1].To != "resolved" {
			t.Fatalf("trail %+v", trail)
		}
	})
	t.Run("ObserverPanicDoesNotFailTheWrite", func(t *testing.T) {
		f := newOps(t, netops.WithDirectory(opsUnits()), netops.WithObserver(func(context.Context, netops.Visit, netops.Event) { panic("down") }))
		v := f.opsOpen(t, opsVisitInput())
		if _, err := f.svc.ArriveVisit(f.ctx, opsCenter(), v.ID.String(), netops.VisitStep{}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestService_OpenVisit_Tickets(t *testing.T) {
	tickets := opsTickets{"2022-000123": "QZFJ", "2022-000124": "closed", "2022-000125": ""}
	f := newOps(t, netops.WithDirectory(opsUnits()), netops.WithTickets(tickets))
	caseIn := func(ref, unit string) netops.VisitInput {
		in := opsVisitInput()
		in.Ticket, in.Unit = netops.Ticket{Kind: netops.TicketCase, Ref: ref}, unit
		return in
	}
	t.Run("UnitFromCase", func(t *testing.T) {
		v := f.opsOpen(t, caseIn("2022-000123", ""))
		if v.Unit != "QZFJ" || v.Zone != netops.ZoneBuilding {
			t.Fatalf("unit %s zone %s", v.Unit, v.Zone)
		}
	})
	t.Run("UnitMatchesCase", func(t *testing.T) {
		f.opsOpen(t, caseIn("2022-000123", "QZFJ"))
		_, err := f.svc.OpenVisit(f.ctx, opsCenter(), caseIn("2022-000123", "WJJ"))
		opsField(t, err, govops.EINVALID, "unit", "is for unit QZFJ")
	})
	t.Run("UnknownCase", func(t *testing.T) {
		_, err := f.svc.OpenVisit(f.ctx, opsCenter(), caseIn("2022-999999", ""))
		opsCode(t, err, govops.ENOTFOUND)
		opsFields(t, err, "ticket.ref")
	})
	t.Run("ClosedCase", func(t *testing.T) {
		_, err := f.svc.OpenVisit(f.ctx, opsCenter(), caseIn("2022-000124", ""))
		opsField(t, err, govops.EINVALID, "ticket.ref", "closed")
	})
	t.Run("CaseWithoutUnit", func(t *testing.T) {
		_, err := f.svc.OpenVisit(f.ctx, opsCenter(), caseIn("2022-000125", ""))
		opsField(t, err, govops.EINVALID, "unit", "names no unit")
	})
	t.Run("ExternalNotChecked", func(t *testing.T) {
		in := opsVisitInput()
		in.Ticket.Ref = "2022-999999"
		f.opsOpen(t, in)
	})
	t.Run("CaseTakenAsWrittenWithoutTickets", func(t *testing.T) {
		g := newOps(t, netops.WithDirectory(opsUnits()))
		g.opsOpen(t, caseIn("2022-999999", "WJJ"))
		_, err := g.svc.OpenVisit(g.ctx, opsCenter(), caseIn("2022-999999", ""))
		opsField(t, err, govops.EINVALID, "unit", "required")
	})
}

func TestService_OpenVisit_Invalid(t *testing.T) {
	f := newOps(t, netops.WithDirectory(opsUnits()))
	for _, tc := range []struct {
		name   string
		change func(in *netops.VisitInput)
		fields []string
	}{
		{"TicketKindRequired", func(in *netops.VisitInput) { in.Ticket.Kind = "" }, []string{"ticket.kind"}},
		{"TicketKindUnknown", func(in *netops.VisitInput) { in.Ticket.Kind = "email" }, []string{"ticket.kind"}},
		{"TicketRefRequired", func(in *netops.VisitInput) { in.Ticket.Ref = " " }, []string{"ticket.ref"}},
		{"CaseRefNotANumber", func(in *netops.VisitInput) { in.Ticket = netops.Ticket{Kind: netops.TicketCase, Ref: "案件 12"} }, []string{"ticket.ref"}},
		{"UnitRequired", func(in *netops.VisitInput) { in.Unit = "" }, []string{"unit"}},
		{"UnitNotACode", func(in *netops.VisitInput) { in.Unit = "QZ\x01FJ" }, []string{"unit"}},
		{"ZoneUnknown", func(in *netops.VisitInput) { in.Zone = "moon" }, []string{"zone"}},
		{"TechnicianRequired", func(in *netops.VisitInput) { in.Technician = "" }, []string{"technician"}},
		{"TechnicianTooLong", func(in *netops.VisitInput) { in.Technician = strings.Repeat("张", netops.MaxNameLen+1) }, []string{"technician"}},
		{"SummaryTooLong", func(in *netops.VisitInput) { in.Summary = strings.Repeat("断", netops.MaxNoteLen+1) }, []string{"summary"}},
		{"ContactControl", func(in *netops.VisitInput) { in.Contact = "张\x00三" }, []string{"contact"}},
		{"PhoneLetters", func(in *netops.VisitInput) { in.ContactPhone = "138-ABCD-1234" }, []string{"contact_phone"}},
		{"PhoneTooFewDigits", func(in *netops.VisitInput) { in.ContactPhone = "12" }, []string{"contact_phone"}},
		{"PhonePlusInside", func(in *netops.VisitInput) { in.ContactPhone = "86+13812341234" }, []string{"contact_phone"}},
		{"ReportedInFuture", func(in *netops.VisitInput) { in.ReportedAt = opsNow().Add(time.Minute) }, []string{"reported_at"}},
		{"ReportedOutOfRange", func(in *netops.VisitInput) { in.ReportedAt = time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC) }, []string{"reported_at"}},
		{"ArrivedBeforeReported", func(in *netops.VisitInput) { in.ArrivedAt = in.ReportedAt.Add(-time.Second) }, []string{"arrived_at"}},
		{"ArrivedInFuture", func(in *netops.VisitInput) { in.ArrivedAt = opsNow().Add(time.Second) }, []string{"arrived_at"}},
		{"ResolvedBeforeArrived", func(in *netops.VisitInput) {
			in.ArrivedAt, in.ResolvedAt = in.ReportedAt.Add(10*time.Minute), in.ReportedAt.Add(5*time.Minute)
		}, []string{"resolved_at"}},
		{"ResolvedBeforeReported", func(in *netops.VisitInput) { in.ResolvedAt = in.ReportedAt.Add(-time.Minute) }, []string{"resolved_at"}},
		{"ResolvedInFuture", func(in *netops.VisitInput) { in.ResolvedAt = opsNow().Add(time.Hour) }, []string{"resolved_at"}},
		{"NoteTooLong", func(in *netops.VisitInput) { in.Note = strings.Repeat("x", netops.MaxNoteLen+1) }, []string{"note"}},
		{"Several", func(in *netops.VisitInput) { in.Ticket.Kind, in.Technician, in.ContactPhone = "", "", "abc" }, []string{"ticket.kind", "technician", "contact_phone"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := opsVisitInput()
			tc.change(&in)
			_, err := f.svc.OpenVisit(f.ctx, opsCenter(), in)
			opsCode(t, err, govops.EINVALID)
			opsFields(t, err, tc.fields...)
		})
	}
	t.Run("GoodPhones", func(t *testing.T) {
		for _, p := range []string{"13812341234", "+86 138 1234 1234", "0772-2801234", "8123"} {
			in := opsVisitInput()
			in.ContactPhone = p
			if _, err := f.svc.OpenVisit(f.ctx, opsCenter(), in); err != nil {
				t.Errorf("%s: %v", p, err)
			}
		}
	})
	t.Run("NothingStored", func(t *testing.T) {
		page, err := f.svc.Visits(f.ctx, opsCenter(), netops.VisitListInput{Limit: 500})
		if err != nil || len(page.Items) != 4 {
			t.Fatalf("%d visits stored (want the 4 good phones'), %v", len(page.Items), err)
		}
	})
}

// opsVisitIn returns a visit of the fixture in status st.
func (f *opsFixture) opsVisitIn(tb testing.TB, st netops.VisitStatus) *netops.Visit {
	tb.Helper()
	in := opsVisitInput()
	in.Zone = netops.ZoneBuilding
	v := f.opsOpen(tb, in)
	var err error
	switch st {
	case netops.VisitArrived:
		v, err = f.svc.ArriveVisit(f.ctx, opsCenter(), v.ID.String(), netops.VisitStep{})
	case netops.VisitResolved:
		v, err = f.svc.ResolveVisit(f.ctx, opsCenter(), v.ID.String(), netops.VisitStep{})
	case netops.VisitCancelled:
		v, err = f.svc.CancelVisit(f.ctx, opsCenter(), v.ID.String(), netops.VisitStep{Note: "重复报修"})
	}
	if err != nil {
		tb.Fatalf("to %s: %v", st, err)
	}
	return v
}

// TestService_VisitLifecycle runs every step from every status: the rule
// table of visitlifecycle.go.
func TestService_VisitLifecycle(t *testing.T) {
	type step func(*netops.Service, context.Context, govops.Actor, string, netops.VisitStep) (*netops.Visit, error)
	steps := map[string]step{
		"arrive": (*netops.Service).ArriveVisit, "resolve": (*netops.Service).ResolveVisit, "cancel": (*netops.Service).CancelVisit,
	}
	for _, tc := range []struct {
		from   netops.VisitStatus
		action string
		to     netops.VisitStatus // "" when refused
		event  netops.EventType
	}{
		{netops.VisitReported, "arrive", netops.VisitArrived, netops.EventVisitArrived},
		{netops.VisitReported, "resolve", netops.VisitResolved, netops.EventVisitResolved},
		{netops.VisitReported, "cancel", netops.VisitCancelled, netops.EventVisitCancelled},
		{netops.VisitArrived, "arrive", "", ""},
		{netops.VisitArrived, "resolve", netops.VisitResolved, netops.EventVisitResolved},
		{netops.VisitArrived, "cancel", "", ""},
		{netops.VisitResolved, "arrive", "", ""},
		{netops.VisitResolved, "resolve", "", ""},
		{netops.VisitResolved, "cancel", "", ""},
		{netops.VisitCancelled, "arrive", "", ""},
		{netops.VisitCancelled, "resolve", "", ""},
		{netops.VisitCancelled, "cancel", "", ""},
	} {
		t.Run(string(tc.from)+"/"+tc.action, func(t *testing.T) {
			obs := &opsObserved{}
			f := newOps(t, netops.WithObserver(obs.observe))
			v := f.opsVisitIn(t, tc.from)
			f.clock.Advance(5 * time.Minute)
			got, err := steps[tc.action](f.svc, f.ctx, opsCenter(), v.ID.String(), netops.VisitStep{Note: "说明"})
			if tc.to == "" {
				opsCode(t, err, govops.ECONFLICT)
				if msg := govops.ErrorMessage(err); !strings.Contains(msg, string(tc.from)) {
					t.Fatalf("message does not name the current status %s: %s", tc.from, msg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != tc.to || got.Version != v.Version+1 {
				t.Fatalf("status %s version %d, want %s %d", got.Status, got.Version, tc.to, v.Version+1)
			}
			trail, _ := f.svc.VisitTrail(f.ctx, opsCenter(), v.ID.String())
			last := trail[len(trail)-1]
			if last.Type != tc.event || last.Seq != got.Version || last.From != netops.Status(tc.from) || last.To != netops.Status(tc.to) || last.Note != "说明" {
				t.Fatalf("last event %+v", last)
			}
			if ts := obs.types(); ts[len(ts)-1] != tc.event {
				t.Fatalf("observer told %v", ts)
			}
			now := opsNow().Add(5 * time.Minute)
			switch tc.to {
			case netops.VisitArrived:
				if !got.ArrivedAt.Equal(now) {
					t.Fatalf("arrived %v", got.ArrivedAt)
				}
			case netops.VisitResolved:
				if !got.ResolvedAt.Equal(now) || got.ArrivedAt.IsZero() {
					t.Fatalf("resolved %v arrived %v", got.ResolvedAt, got.ArrivedAt)
				}
				if tc.from == netops.VisitReported && !got.ArrivedAt.Equal(now) {
					t.Fatalf("a remote fix arrives when it resolves: arrived %v", got.ArrivedAt)
				}
			}
		})
	}
}

func TestService_VisitStep_Invalid(t *testing.T) {
	f := newOps(t)
	v := f.opsVisitIn(t, netops.VisitReported) // reported at opsNow - 20 min
	ref := v.ID.String()
	t.Run("CancelNeedsNote", func(t *testing.T) {
		_, err := f.svc.CancelVisit(f.ctx, opsCenter(), ref, netops.VisitStep{Note: "  "})
		opsField(t, err, govops.EINVALID, "note", "required")
	})
	t.Run("CancelNamesNoTechnician", func(t *testing.T) {
		_, err := f.svc.CancelVisit(f.ctx, opsCenter(), ref, netops.VisitStep{Note: "x", Technician: "李工"})
		opsFields(t, err, "technician")
	})
	t.Run("AtInFuture", func(t *testing.T) {
		_, err := f.svc.ArriveVisit(f.ctx, opsCenter(), ref, netops.VisitStep{At: opsNow().Add(time.Second)})
		opsField(t, err, govops.EINVALID, "at", "future")
	})
	t.Run("AtBeforeReported", func(t *testing.T) {
		_, err := f.svc.ArriveVisit(f.ctx, opsCenter(), ref, netops.VisitStep{At: v.ReportedAt.Add(-time.Second)})
		opsField(t, err, govops.EINVALID, "at", "before")
	})
	t.Run("NegativeIfVersion", func(t *testing.T) {
		_, err := f.svc.ArriveVisit(f.ctx, opsCenter(), ref, netops.VisitStep{IfVersion: -1})
		opsFields(t, err, "if_version")
	})
	t.Run("BadRef", func(t *testing.T) {
		_, err := f.svc.ArriveVisit(f.ctx, opsCenter(), "no such visit!", netops.VisitStep{})
		opsFields(t, err, "ref")
		_, err = f.svc.ArriveVisit(f.ctx, opsCenter(), "2022-000123", netops.VisitStep{})
		opsCode(t, err, govops.ENOTFOUND)
		_, err = f.svc.ArriveVisit(f.ctx, opsCenter(), opsV7(t).String(), netops.VisitStep{})
		opsCode(t, err, govops.ENOTFOUND)
	})
	t.Run("StaleVersion", func(t *testing.T) {
		_, err := f.svc.ArriveVisit(f.ctx, opsCenter(), ref, netops.VisitStep{IfVersion: 2})
		opsCode(t, err, govops.ECONFLICT)
	})
	t.Run("ArriveThenResolveNotBeforeArrival", func(t *testing.T) {
		at := v.ReportedAt.Add(12 * time.Minute)
		a, err := f.svc.ArriveVisit(f.ctx, opsCenter(), ref, netops.VisitStep{At: at, Technician: "李工", IfVersion: 1})
		if err != nil || !a.ArrivedAt.Equal(at) || a.Technician != "李工" || !a.OnTime() {
			t.Fatalf("%+v %v", a, err)
		}
		_, err = f.svc.ResolveVisit(f.ctx, opsCenter(), ref, netops.VisitStep{At: at.Add(-time.Second)})
		opsField(t, err, govops.EINVALID, "at", "arrival")
		_, err = f.svc.ResolveVisit(f.ctx, opsCenter(), ref, netops.VisitStep{Technician: "王工"})
		opsField(t, err, govops.EINVALID, "technician", "arrived already")
		r, err := f.svc.ResolveVisit(f.ctx, opsCenter(), ref, netops.VisitStep{At: at, Technician: "李工"})
		if err != nil || !r.ResolvedAt.Equal(at) || r.Version != 3 {
			t.Fatalf("%+v %v", r, err)
		}
	})
}

func TestService_Visit_Permissions(t *testing.T) {
	f := newOps(t, netops.WithDirectory(opsUnits()))
	v := f.opsOpen(t, opsVisitInput()) // 区财政局 QZFJ
	in := opsVisitInput()
	in.Unit = "WJJ"
	other := f.opsOpen(t, in)
	t.Run("WritesAreTheCenters", func(t *testing.T) {
		for _, a := range []govops.Actor{opsDept(), opsViewer(), opsDeptViewer()} {
			_, err := f.svc.OpenVisit(f.ctx, a, opsVisitInput())
			opsCode(t, err, govops.EFORBIDDEN)
			_, err = f.svc.ArriveVisit(f.ctx, a, v.ID.String(), netops.VisitStep{})
			opsCode(t, err, govops.EFORBIDDEN)
			_, err = f.svc.CancelVisit(f.ctx, a, v.ID.String(), netops.VisitStep{Note: "x"})
			opsCode(t, err, govops.EFORBIDDEN)
		}
		_, err := f.svc.OpenVisit(f.ctx, opsBadActor(), opsVisitInput())
		opsFields(t, err, "actor")
	})
	t.Run("Read", func(t *testing.T) {
		for _, tc := range []struct {
			by     govops.Actor
			visit  string
			code   string
			masked bool
		}{
			{opsCenter(), v.ID.String(), "", false},
			{opsDept(), v.ID.String(), "", false},
			{opsDept(), other.ID.String(), govops.ENOTFOUND, false},
			{opsOtherDept(), v.ID.String(), govops.ENOTFOUND, false},
			{opsViewer(), v.ID.String(), "", true},
			{opsDeptViewer(), v.ID.String(), "", true},
			{opsDeptViewer(), other.ID.String(), govops.ENOTFOUND, false},
			{opsBadActor(), v.ID.String(), govops.EINVALID, false},
		} {
			got, err := f.svc.Visit(f.ctx, tc.by, tc.visit)
			opsCode(t, err, tc.code)
			trail, terr := f.svc.VisitTrail(f.ctx, tc.by, tc.visit)
			opsCode(t, terr, tc.code)
			if err != nil {
				continue
			}
			if masked := got.Contact != "张三丰"; masked != tc.masked {
				t.Errorf("%s: contact %q, phone %q, masked %v, want %v", opsActorName(tc.by), got.Contact, got.ContactPhone, masked, tc.masked)
			}
			if tc.masked && (got.ContactPhone != "138****1234" || strings.Contains(got.Summary, "13812341234") || strings.Contains(got.Summary, "张三丰")) {
				t.Errorf("%s: phone %q, summary %q", opsActorName(tc.by), got.ContactPhone, got.Summary)
			}
			if tc.masked && strings.Contains(trail[0].Note, "张三丰") {
				t.Errorf("%s: trail note %q", opsActorName(tc.by), trail[0].Note)
			}
		}
	})
	t.Run("List", func(t *testing.T) {
		for _, tc := range []struct {
			by   govops.Actor
			unit string
			want int
			code string
		}{
			{opsCenter(), "", 2, ""},
			{opsCenter(), "WJJ", 1, ""},
			{opsViewer(), "", 2, ""},
			{opsDept(), "", 1, ""},
			{opsDept(), "QZFJ", 1, ""},
			{opsDept(), "WJJ", 0, govops.EFORBIDDEN},
			{opsDeptViewer(), "", 1, ""},
		} {
			page, err := f.svc.Visits(f.ctx, tc.by, netops.VisitListInput{Unit: tc.unit})
			opsCode(t, err, tc.code)
			if err == nil && len(page.Items) != tc.want {
				t.Errorf("%s unit %q: %d visits, want %d", opsActorName(tc.by), tc.unit, len(page.Items), tc.want)
			}
			if err != nil {
				opsFields(t, err, "unit")
			}
		}
		page, _ := f.svc.Visits(f.ctx, opsViewer(), netops.VisitListInput{})
		for _, it := range page.Items {
			if it.Contact == "张三丰" {
				t.Errorf("viewer lists contact unmasked")
			}
		}
	})
}

func TestService_Visits(t *testing.T) {
	f := newOps(t, netops.WithDirectory(opsUnits()))
	var ids []string
	for i := range 5 {
		in := opsVisitInput()
		in.ReportedAt = opsNow().Add(-time.Duration(100-i) * time.Minute)
		ids = append(ids, f.opsOpen(t, in).ID.String())
	}
	// Visit 0 arrives late, 1 on time, 2 resolved remotely on time; 3 and
	// 4 have not arrived: 3 is overdue (reported 97 minutes ago), and so
	// is 4.
	steps := []struct {
		id int
		fn func(*netops.Service, context.Context, govops.Actor, string, netops.VisitStep) (*netops.Visit, error)
		at time.Duration // after its report
	}{
		{0, (*netops.Service).ArriveVisit, 16 * time.Minute},
		{1, (*netops.Service).ArriveVisit, 15 * time.Minute},
		{2, (*netops.Service).ResolveVisit, 3 * time.Minute},
	}
	for _, s := range steps {
		rep := opsNow().Add(-time.Duration(100-s.id) * time.Minute)
		if _, err := s.fn(f.svc, f.ctx, opsCenter(), ids[s.id], netops.VisitStep{At: rep.Add(s.at)}); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("Breached", func(t *testing.T) {
		page, err := f.svc.Visits(f.ctx, opsCenter(), netops.VisitListInput{Breached: true})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, v := range page.Items {
			got[v.ID.String()] = true
		}
		if len(got) != 3 || !got[ids[0]] || !got[ids[3]] || !got[ids[4]] {
			t.Fatalf("breached %v, want visits 0, 3 and 4", got)
		}
	})
	t.Run("Pages", func(t *testing.T) {
		var seen []string
		cursor := ""
		for {
			page, err := f.svc.Visits(f.ctx, opsCenter(), netops.VisitListInput{Limit: 2, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range page.Items {
				seen = append(seen, v.ID.String())
			}
			if cursor = page.Next; cursor == "" {
				break
			}
		}
		if strings.Join(seen, ",") != strings.Join(ids, ",") {
			t.Fatalf("paged %v, want %v", seen, ids)
		}
	})
	t.Run("Filters", func(t *testing.T) {
		page, _ := f.svc.Visits(f.ctx, opsCenter(), netops.VisitListInput{Status: netops.VisitArrived})
		if len(page.Items) != 2 {
			t.Fatalf("%d arrived", len(page.Items))
		}
		page, _ = f.svc.Visits(f.ctx, opsCenter(), netops.VisitListInput{From: opsNow().Add(-97 * time.Minute), To: opsNow()})
		if len(page.Items) != 2 {
			t.Fatalf("%d reported in the last 97 minutes", len(page.Items))
		}
	})
	t.Run("Invalid", func(t *testing.T) {
		_, err := f.svc.Visits(f.ctx, opsCenter(), netops.VisitListInput{Zone: "moon", Status: "gone", Limit: 501, From: opsNow(), To: opsNow()})
		opsFields(t, err, "zone", "status", "limit", "to")
		_, err = f.svc.Visits(f.ctx, opsCenter(), netops.VisitListInput{Cursor: "nope"})
		opsFields(t, err, "cursor")
	})
}
