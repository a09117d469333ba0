package refserver

import (
	"log/slog"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/license"
	"github.com/govops-kit/govops/netops"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/security"
)

// Stores are the stores of every domain a Server runs, on one database or
// in memory. Wire builds the Services over them.
type Stores struct {
	Cases     govcase.Store
	Hotline   hotline.Store
	Directory directory.Store
	Licenses  license.Store
	Data      datashare.Store
	Netops    netops.Store
	Security  security.Store
	Portal    portal.Store
	// Server is the server's own store: tokens, the audit log and the
	// stored calendar tables.
	Server Store
}

// WireConfig is what Wire needs beyond the stores. The zero value is
// usable.
type WireConfig struct {
	// Log receives the hooks' failures; nil means slog.Default().
	Log *slog.Logger
	// Now is every Service's clock; nil means time.Now.
	Now func() time.Time
	// Calendar is the working-day calendar every Service counts on; nil
	// means govops.DefaultCalendar.
	Calendar *govops.Calendar
	// HomeDistrict is the district the hotline assesses, marked in the
	// peer rankings (hotline.WithHomeDistrict).
	HomeDistrict string
	// PortalAllowPrivate lets portal crawls and probes reach loopback and
	// private addresses (portal.WithPrivateTargets).
	PortalAllowPrivate bool
	// PortalDispatchKinds are the kinds of portal tasks dispatched as
	// command-platform cases; nil means every kind.
	PortalDispatchKinds []portal.FindingKind
}

// Wire builds the Services of a Server over st the way cmd/refserver does:
// the directory checks every department; the case Service tells the
// hotline of every change of a hotline case and portal of the close of a
// portal case; netops reads its units from the directory and keeps its
// visits on their cases' trails; portal dispatches its tasks as cases.
// Every Service runs on cfg.Now. Calling Wire again over the same stores
// with another clock gives a second set of Services that share the data.
func Wire(st Stores, cfg WireConfig) Services {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	cal := cfg.Calendar
	if cal == nil {
		cal = govops.DefaultCalendar()
	}
	deps := directory.NewService(st.Directory, directory.WithNow(now))
	hl := hotline.NewService(st.Hotline, hotline.WithNow(now), hotline.WithCalendar(cal),
		hotline.WithHomeDistrict(cfg.HomeDistrict), hotline.WithDepartmentCheck(deps.Check()),
		hotline.WithPersonalData(CasePersonalData(st.Cases)))
	// portal, whose tasks are dispatched as cases, is built after the case
	// Service: the link hands it to the case hook once it exists.
	link := new(PortalLink)
	opts := append(CaseOptions(cfg.Log, deps.Check(), HotlineOutcomes(hl), link.CaseHook()),
		govcase.WithNow(now), govcase.WithCalendar(cal))
	cases := govcase.NewService(st.Cases, opts...)
	lic := license.NewService(st.Licenses, license.WithNow(now), license.WithDepartmentCheck(deps.Check()))
	data := datashare.NewService(st.Data, datashare.WithNow(now), datashare.WithCalendar(cal),
		datashare.WithDepartmentCheck(deps.Check()))
	ops := netops.NewService(st.Netops, append(NetopsOptions(cfg.Log, deps, cases), netops.WithNow(now))...)
	sec := security.NewService(st.Security, security.WithNow(now), security.WithDepartmentCheck(deps.Check()))
	popts := append(PortalOptions(cfg.Log, deps, cases), portal.WithNow(now), portal.WithPrivateTargets(cfg.PortalAllowPrivate))
	if cfg.PortalDispatchKinds != nil {
		popts = append(popts, portal.WithDispatchKinds(cfg.PortalDispatchKinds...))
	}
	ps := portal.NewService(st.Portal, popts...)
	link.Set(ps)
	return Services{Cases: cases, Hotline: hl, Licenses: lic, Data: data, Netops: ops, Security: sec, Portal: ps,
		Departments: deps, Store: st.Server, Calendar: cal}
}

// Annual returns the Services the annual report reads.
func (s Services) Annual() annual.Services {
	return annual.Services{Departments: s.Departments, Cases: s.Cases, Hotline: s.Hotline, Licenses: s.Licenses,
		Data: s.Data, Netops: s.Netops, Security: s.Security, Portal: s.Portal}
}
