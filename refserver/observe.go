package refserver

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
)

// CaseHook is an effect of a case change in another domain (for example the
// hotline outcome of a hotline case). Run is called once per saved change,
// after the govcase Store saved it, with the case as saved (never masked)
// and the event that recorded the change. An error is logged; it never
// fails the write, which is already saved.
type CaseHook struct {
	// Name identifies the hook in logs ("hotline-outcomes").
	Name string
	Run  func(ctx context.Context, c govcase.Case, ev govcase.Event) error
}

// HookTimeout bounds how long one hook may take. The hooks run on the
// request's goroutine, before the response is written, so a hook stuck on
// a lost database would otherwise hold the request.
const HookTimeout = 10 * time.Second

// CaseObserver returns a govcase observer that runs hooks in order after
// every saved change (register and every lifecycle action). Each hook runs
// with a context that the client going away does not cancel, limited to
// HookTimeout. A hook that returns an error or panics is logged at error
// level with the request ID (when the change came through a Server) and
// the case number, and the next hook still runs. log may be nil for
// slog.Default().
//
// Pass it to govcase.NewService with govcase.WithObserver, or use
// CaseOptions, which adds the department check too.
func CaseObserver(log *slog.Logger, hooks ...CaseHook) govcase.Observer {
	if log == nil {
		log = slog.Default()
	}
	hooks = append([]CaseHook(nil), hooks...)
	return func(ctx context.Context, c govcase.Case, ev govcase.Event) {
		for _, h := range hooks {
			runHook(ctx, log, h, c, ev)
		}
	}
}

func runHook(parent context.Context, log *slog.Logger, h CaseHook, c govcase.Case, ev govcase.Event) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), HookTimeout)
	defer cancel()
	fail := func(msg, detail string) {
		log.LogAttrs(ctx, slog.LevelError, msg,
			slog.String("request_id", infoFrom(ctx).id), slog.String("hook", h.Name),
			slog.String("case", c.Number), slog.String("event", string(ev.Type)),
			slog.Int64("version", c.Version), slog.String("error", detail))
	}
	defer func() {
		if v := recover(); v != nil {
			fail("case hook panicked", fmt.Sprint(v))
		}
	}()
	if h.Run == nil {
		return
	}
	if err := h.Run(ctx, c, ev); err != nil {
		fail("case hook failed", err.Error())
	}
}

// CaseOptions returns the govcase options a Service behind a Server needs:
// the department directory's check (directory.Service.Check: dispatch
// and routing-rule targets must name an active unit), and one observer
// that runs hooks (see CaseObserver). Embedders add their own hooks beside
// the server's:
//
//	opts := refserver.CaseOptions(log, deps.Check(),
//		refserver.HotlineOutcomes(hl),
//		refserver.CaseHook{Name: "audit", Run: myAudit})
//	cases := govcase.NewService(store, append(opts, govcase.WithNow(now))...)
func CaseOptions(log *slog.Logger, check govops.DepartmentCheck, hooks ...CaseHook) []govcase.Option {
	return []govcase.Option{
		govcase.WithDepartmentCheck(check),
		govcase.WithObserver(CaseObserver(log, hooks...)),
	}
}

// CasePersonalData returns the lookup that hotline.WithPersonalData needs:
// the reporter's name and phone of the case a hotline record names, by case
// number or, failing that, by the city's ticket number (the case's external
// number). A case it does not find has none. It reads the govcase Store
// directly, below any actor's view, and gives the values only to the
// hotline Service's masking.
func CasePersonalData(store govcase.Store) func(ctx context.Context, caseNumber string) ([]string, error) {
	return func(ctx context.Context, n string) ([]string, error) {
		var c *govcase.Case
		if _, _, err := govcase.ParseNumber(n); err == nil {
			found, err := store.GetCaseByNumber(ctx, n)
			if err != nil && govops.ErrorCode(err) != govops.ENOTFOUND {
				return nil, err
			}
			c = found
		}
		if c == nil {
			found, err := store.ListCases(ctx, govcase.Filter{ExternalNo: n, Limit: 10})
			if err != nil {
				return nil, err
			}
			var out []string
			for _, c := range found {
				out = append(out, c.Reporter.Name, c.Reporter.Phone)
			}
			return out, nil
		}
		return []string{c.Reporter.Name, c.Reporter.Phone}, nil
	}
}
