package refserver

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/portal"
)

// PortalActor is the name the portal wiring registers and dispatches the
// cases of rectification tasks under, and marks a task fixed as when its
// case closes.
const PortalActor = "portal"

// portalBridge is the actor of the portal wiring: center staff named
// PortalActor. It runs in the server's own process, after the portal or
// case Service checked its caller; no token acts as it.
func portalBridge() govops.Actor { return govops.Actor{Name: PortalActor} }

// PortalOptions returns the portal options a Service behind a Server
// needs: units checked against the department directory, and every new
// rectification task dispatched through the command platform as a case of
// kind portal (PortalDispatcher). log may be nil for slog.Default().
//
//	link := new(refserver.PortalLink)
//	cases := govcase.NewService(store, refserver.CaseOptions(log, deps.Check(), link.CaseHook())...)
//	ps := portal.NewService(portalStore, append(refserver.PortalOptions(log, deps, cases), portal.WithNow(now))...)
//	link.Set(ps)
func PortalOptions(log *slog.Logger, deps *directory.Service, cases *govcase.Service) []portal.Option {
	return []portal.Option{
		portal.WithDepartmentCheck(deps.Check()),
		portal.WithDispatcher(PortalDispatcher(log, cases)),
	}
}

// PortalDispatcher is the portal.Dispatcher of the reference server: it
// registers a task as a case of kind portal (门户网站), as center staff
// named PortalActor, with the task's title, its detail and the page as
// the case's description and location, and the task's ID as the case's
// external number; then it dispatches the case to the task's department
// when the task has one (a task of the center's own stays registered for
// the center to handle). It returns the case number, which portal keeps
// on the task. A consultation's task is a consult case, any other a help
// case (求助: the department is asked to fix its content).
//
// A case registered whose dispatch then fails is not registered again:
// the number is returned, so that the task keeps it, and the failure is
// logged at error level for the center to dispatch the case by hand. log
// may be nil for slog.Default().
func PortalDispatcher(log *slog.Logger, cases *govcase.Service) portal.Dispatcher {
	if log == nil {
		log = slog.Default()
	}
	return portalDispatcher{log: log, cases: cases}
}

type portalDispatcher struct {
	log   *slog.Logger
	cases *govcase.Service
}

// The bounds of a case's fields (see govcase.RegisterInput), in
// characters.
const (
	caseTitleMax       = 200
	caseDescriptionMax = 10000
	caseLocationMax    = 500
)

func (d portalDispatcher) Dispatch(ctx context.Context, t portal.Task) (string, error) {
	category := govcase.CategoryHelp
	if t.Kind == portal.KindConsultation {
		category = govcase.CategoryConsult
	}
	c, err := d.cases.Register(ctx, portalBridge(), govcase.RegisterInput{
		Kind: govcase.KindPortal, Category: category, Source: govcase.SourceInternal, ExternalNo: t.ID.String(),
		Title: govops.Truncate(t.Title, caseTitleMax), Description: govops.Truncate(portalCaseText(t), caseDescriptionMax),
		Location: govops.Truncate(t.Page, caseLocationMax),
	})
	if err != nil {
		return "", fmt.Errorf("register the case of task %s: %w", t.ID, err)
	}
	if t.Department == "" {
		return c.Number, nil
	}
	if _, err := d.cases.Dispatch(ctx, portalBridge(), c.Number, govcase.DispatchInput{Department: t.Department}); err != nil {
		d.log.LogAttrs(ctx, slog.LevelError, "portal task's case registered but not dispatched",
			slog.String("request_id", infoFrom(ctx).id), slog.String("hook", "portal-dispatch"),
			slog.String("task", t.ID.String()), slog.String("case", c.Number),
			slog.String("department", t.Department), slog.String("error", err.Error()))
	}
	return c.Number, nil
}

// portalCaseText is the description of a task's case: what to do and the
// evidence, each on a line of its own.
func portalCaseText(t portal.Task) string {
	lines := []string{"整改类型：" + t.Kind.Label()}
	add := func(label, v string) {
		if v != "" {
			lines = append(lines, label+v)
		}
	}
	add("页面：", t.Page)
	add("链接：", t.Target)
	add("问题词语：", t.Word)
	add("建议改为：", t.Suggestion)
	add("说明：", t.Detail)
	if !t.Due.IsZero() {
		add("整改期限：", shanghaiMinute(t.Due))
	}
	add("整改任务：", t.ID.String())
	return strings.Join(lines, "\n")
}

// PortalLink ties the command platform back to portal: closing (办结) a
// case of kind portal marks fixed the task it was dispatched for, pending
// portal's re-check. The case Service is built before the portal Service
// (whose dispatcher needs it), so the link is made empty, its CaseHook
// given to the case Service, and the portal Service Set once built. Until
// then, and for a nil link, the hook does nothing.
type PortalLink struct {
	svc atomic.Pointer[portal.Service]
}

// Set points the link at svc.
func (l *PortalLink) Set(svc *portal.Service) { l.svc.Store(svc) }

// CaseHook returns the hook that, after a case of kind portal closes,
// calls portal's CaseClosed with the case number and the close time, as
// center staff named PortalActor. A case number no task has (a portal case
// registered by hand) is left alone; any other failure is returned, for
// CaseObserver to log with the request ID and the case, and never fails
// the close.
func (l *PortalLink) CaseHook() CaseHook {
	return CaseHook{Name: "portal-tasks", Run: func(ctx context.Context, c govcase.Case, ev govcase.Event) error {
		if c.Kind != govcase.KindPortal || ev.Type != govcase.EventClosed {
			return nil
		}
		svc := l.svc.Load()
		if svc == nil {
			return nil
		}
		if _, err := svc.CaseClosed(ctx, portalBridge(), c.Number, ev.At); err != nil && govops.ErrorCode(err) != govops.ENOTFOUND {
			return err
		}
		return nil
	}}
}
