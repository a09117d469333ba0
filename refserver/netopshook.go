package refserver

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/netops"
)

// NetopsActor is the name the netops wiring reads the directory and the
// command platform under, and writes a visit's steps on its case's trail
// as.
const NetopsActor = "netops"

// netopsBridge is the actor of the netops wiring: center staff named
// NetopsActor. It runs in the server's own process, after the netops
// Service checked its caller; no token acts as it.
func netopsBridge() govops.Actor { return govops.Actor{Name: NetopsActor} }

// NetopsOptions returns the netops options a Service behind a Server
// needs: units from the department directory (NetopsDirectory), visits'
// case tickets checked against the command platform (NetopsTickets), and
// each visit's arrival, resolution and cancellation written on its case's
// trail (NetopsObserver). log may be nil for slog.Default().
//
//	ops := netops.NewService(store, append(refserver.NetopsOptions(log, deps, cases), netops.WithNow(now))...)
func NetopsOptions(log *slog.Logger, deps *directory.Service, cases *govcase.Service) []netops.Option {
	return []netops.Option{
		netops.WithDirectory(NetopsDirectory(deps)),
		netops.WithTickets(NetopsTickets(cases)),
		netops.WithObserver(NetopsObserver(log, cases)),
	}
}

// NetopsDirectory is the department directory as netops reads its units:
// the active units, with their code, name, kind (code and label), parent
// and zone. netops never imports the directory package; this adapter is
// the link.
func NetopsDirectory(deps *directory.Service) netops.Directory { return netopsDirectory{deps} }

type netopsDirectory struct{ deps *directory.Service }

func netopsUnit(d *directory.Department) netops.Unit {
	return netops.Unit{Code: d.Code, Name: d.Name, Kind: string(d.Kind), KindLabel: d.Kind.Label(), Parent: d.Parent,
		Zone: netops.Zone(d.Zone)}
}

// Units pages through the whole directory's active units.
func (n netopsDirectory) Units(ctx context.Context) ([]netops.Unit, error) {
	var out []netops.Unit
	in := directory.ListInput{Filter: directory.Filter{Status: directory.StatusActive}, Limit: govops.MaxPageSize}
	for {
		page, err := n.deps.List(ctx, netopsBridge(), in)
		if err != nil {
			return nil, err
		}
		for _, d := range page.Items {
			out = append(out, netopsUnit(d))
		}
		if page.Next == "" {
			return out, nil
		}
		in.Cursor = page.Next
	}
}

// Unit returns the active unit code; a dissolved unit, or a code that is
// no unit's, is ENOTFOUND.
func (n netopsDirectory) Unit(ctx context.Context, code string) (*netops.Unit, error) {
	d, err := n.deps.Get(ctx, netopsBridge(), code)
	switch {
	case govops.ErrorCode(err) == govops.EINVALID:
		return nil, govops.Errorf(govops.ENOTFOUND, "no unit has code %q", govops.Truncate(code, govops.MaxCodeLen))
	case err != nil:
		return nil, err
	case !d.Active():
		return nil, govops.Errorf(govops.ENOTFOUND, "unit %s (%s) is dissolved (撤销)", d.Code, d.Name)
	}
	u := netopsUnit(d)
	return &u, nil
}

// NetopsTickets checks the tickets of the command platform that netops
// visits start from: the ref is a case number, and the case must exist,
// be an IT-operations case (kind itops) and be neither closed nor
// cancelled. It returns the case's department (the unit served; "" while
// the case is at the center).
func NetopsTickets(cases *govcase.Service) netops.Tickets { return netopsTickets{cases} }

type netopsTickets struct{ cases *govcase.Service }

func (t netopsTickets) Ticket(ctx context.Context, ref string) (string, error) {
	if _, _, err := govcase.ParseNumber(ref); err != nil {
		return "", govops.FieldError("ticket.ref", fmt.Sprintf("%q is not a case number: write it as 2026-000123", govops.Truncate(ref, 40)))
	}
	c, err := t.cases.Get(ctx, netopsBridge(), ref)
	if err != nil {
		return "", err
	}
	switch {
	case c.Kind != govcase.KindITOps:
		return "", govops.FieldError("ticket.ref", fmt.Sprintf("case %s is a %s case: a visit starts from an IT-operations case (itops, 信息化运维)",
			c.Number, c.Kind))
	case c.Status == govcase.StatusClosed || c.Status == govcase.StatusCancelled:
		return "", govops.FieldError("ticket.ref", fmt.Sprintf("case %s is %s (%s): a visit starts from an open case", c.Number, c.Status, c.Status.Label()))
	}
	return c.Department, nil
}

// NetopsObserver returns the netops observer that writes a visit's
// arrival, resolution and cancellation on the trail of its case (a visit
// whose ticket is of kind case) as a comment by NetopsActor. It runs after
// the visit is stored, with a context that the client going away does not
// cancel, limited to HookTimeout; a comment that fails, or a panic, is
// logged at error level with the request ID, the visit and the case, and
// never fails the visit. log may be nil for slog.Default().
func NetopsObserver(log *slog.Logger, cases *govcase.Service) netops.Observer {
	if log == nil {
		log = slog.Default()
	}
	return func(parent context.Context, v netops.Visit, ev netops.Event) {
		if v.Ticket.Kind != netops.TicketCase {
			return
		}
		notes := visitNotes(v, ev)
		if len(notes) == 0 {
			return
		}
		ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), HookTimeout)
		defer cancel()
		fail := func(msg, detail string) {
			log.LogAttrs(ctx, slog.LevelError, msg,
				slog.String("request_id", infoFrom(ctx).id), slog.String("hook", "netops-visits"),
				slog.String("visit", v.ID.String()), slog.String("case", v.Ticket.Ref),
				slog.String("event", string(ev.Type)), slog.String("error", detail))
		}
		defer func() {
			if r := recover(); r != nil {
				fail("netops observer panicked", fmt.Sprint(r))
			}
		}()
		for _, note := range notes {
			if _, err := cases.Comment(ctx, netopsBridge(), v.Ticket.Ref, govcase.ActionInput{Note: note}); err != nil {
				fail("netops observer failed", err.Error())
				return
			}
		}
	}
}

// visitNotes are the comments a visit's change leaves on its case's
// trail: its arrival and its resolution (a visit recorded after it
// happened opens with both), or its cancellation; none for another change.
// They say what happened, when, by whom and against which promise, and
// name no contact: the case's trail has its own reporter.
func visitNotes(v netops.Visit, ev netops.Event) []string {
	var notes []string
	arrived := func() {
		n := fmt.Sprintf("现场服务到场：%s 于 %s 到达 %s", technician(v), shanghaiMinute(v.ArrivedAt), v.Unit)
		if v.OnTime() {
			n += fmt.Sprintf("，在 %d 分钟响应时限内", v.SLAMinutes)
		} else {
			n += fmt.Sprintf("，超出 %d 分钟响应时限", v.SLAMinutes)
		}
		notes = append(notes, n)
	}
	resolved := func() {
		notes = append(notes, fmt.Sprintf("现场服务解决：%s 于 %s 处理完毕", technician(v), shanghaiMinute(v.ResolvedAt)))
	}
	switch ev.Type {
	case netops.EventVisitReported:
		if !v.ArrivedAt.IsZero() {
			arrived()
		}
		if !v.ResolvedAt.IsZero() {
			resolved()
		}
	case netops.EventVisitArrived:
		arrived()
	case netops.EventVisitResolved:
		resolved()
	case netops.EventVisitCancelled:
		notes = append(notes, "现场服务取消："+shanghaiMinute(ev.At))
	}
	for i := range notes {
		notes[i] += fmt.Sprintf("（服务记录 %s）", v.ID)
	}
	return notes
}

func shanghaiMinute(t time.Time) string {
	return t.In(govops.ShanghaiLocation()).Format("2006-01-02 15:04")
}

func technician(v netops.Visit) string {
	if v.Technician == "" {
		return "技术员"
	}
	return v.Technician
}
