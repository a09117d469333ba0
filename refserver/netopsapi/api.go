// Package netopsapi is the HTTP mapping of the extranet and its IT
// operations (netops, 电子政务外网与运维) in the reference server: its JSON
// shapes, handlers, routes and OpenAPI fragment. refserver assembles it.
//
// Sites and networks are named in a path by their code, units by their
// directory code, devices by their ID or asset tag, and every other record
// by its ID.
package netopsapi

import (
	_ "embed"
	"net/http"
	"time"

	"github.com/govops-kit/govops/netops"
	"github.com/govops-kit/govops/refserver/apikit"
)

//go:embed openapi.json
var fragment []byte

// MaxImportBytes bounds the body of a CSV import of units, links or
// devices. An import streams its body into the Service, so the bound is
// above the 1 MiB of a JSON body: a district's whole register is a few
// megabytes at most.
const MaxImportBytes = 64 << 20

// Config configures an API. The zero value is usable.
type Config struct {
	// Location is the zone the answers show times in, and in which a date
	// sent alone ("2026-03-01") is read; nil means Asia/Shanghai.
	Location *time.Location
	// Now is the clock of the "breached" flag of a visit; nil means
	// time.Now.
	Now func() time.Time
}

// API serves a netops.Service over HTTP.
type API struct {
	svc   *netops.Service
	clock apikit.Clock

	sites      apikit.Resource[*netops.Site]
	units      apikit.Resource[*netops.UnitNet]
	unitViews  apikit.Resource[*netops.UnitView]
	links      apikit.Resource[*netops.Link]
	networks   apikit.Resource[*netops.Network]
	netViews   apikit.Resource[*netops.NetworkView]
	migrations apikit.Resource[*netops.Migration]
	visits     apikit.Resource[*netops.Visit]
	plans      apikit.Resource[*netops.Plan]
	records    apikit.Resource[*netops.Record]
	bookings   apikit.Resource[*netops.Booking]
	shifts     apikit.Resource[*netops.Shift]
	devices    apikit.Resource[*netops.Device]
}

// The paths the API serves under, and where created records are read.
const (
	base          = "/api/v1/netops"
	sitesPath     = base + "/sites/"
	linksPath     = base + "/links/"
	networksPath  = base + "/networks/"
	migrationPath = base + "/migrations/"
	visitsPath    = base + "/visits/"
	plansPath     = base + "/plans/"
	bookingsPath  = base + "/bookings/"
	devicesPath   = base + "/devices/"
)

// New returns the API of svc.
func New(svc *netops.Service, cfg Config) *API {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	a := &API{svc: svc, clock: apikit.Clock{Loc: cfg.Location, Now: now}}
	a.sites = apikit.Resource[*netops.Site]{
		Out: func(v *netops.Site) any { return a.siteOut(v) }, Version: func(v *netops.Site) int64 { return v.Version },
		Ref: func(v *netops.Site) string { return v.Code }, Location: sitesPath,
	}
	a.units = apikit.Resource[*netops.UnitNet]{
		Out: func(v *netops.UnitNet) any { return a.unitNetOut(v) }, Version: func(v *netops.UnitNet) int64 { return v.Version },
		Ref: func(v *netops.UnitNet) string { return v.Unit },
	}
	// A unit's profile may not exist yet: its version travels as
	// net.version, not as an ETag.
	a.unitViews = apikit.Resource[*netops.UnitView]{Out: func(v *netops.UnitView) any { return a.unitViewOut(v) }}
	a.links = apikit.Resource[*netops.Link]{
		Out: func(v *netops.Link) any { return a.linkOut(v) }, Version: func(v *netops.Link) int64 { return v.Version },
		Ref: func(v *netops.Link) string { return v.ID.String() }, Location: linksPath,
	}
	a.networks = apikit.Resource[*netops.Network]{
		Out: func(v *netops.Network) any { return a.networkOut(v) }, Version: func(v *netops.Network) int64 { return v.Version },
		Ref: func(v *netops.Network) string { return v.Code }, Location: networksPath,
	}
	a.netViews = apikit.Resource[*netops.NetworkView]{
		Out:     func(v *netops.NetworkView) any { return a.networkViewOut(v) },
		Version: func(v *netops.NetworkView) int64 { return v.Network.Version },
	}
	a.migrations = apikit.Resource[*netops.Migration]{
		Out: func(v *netops.Migration) any { return a.migrationOut(v) }, Version: func(v *netops.Migration) int64 { return v.Version },
		Ref: func(v *netops.Migration) string { return v.ID.String() }, Location: migrationPath,
	}
	a.visits = apikit.Resource[*netops.Visit]{
		Out: func(v *netops.Visit) any { return a.visitOut(v) }, Version: func(v *netops.Visit) int64 { return v.Version },
		Ref: func(v *netops.Visit) string { return v.ID.String() }, Location: visitsPath,
	}
	a.plans = apikit.Resource[*netops.Plan]{
		Out: func(v *netops.Plan) any { return a.planOut(v) }, Version: func(v *netops.Plan) int64 { return v.Version },
		Ref: func(v *netops.Plan) string { return v.ID.String() }, Location: plansPath,
	}
	a.records = apikit.Resource[*netops.Record]{
		Out: func(v *netops.Record) any { return a.recordOut(v) },
		Ref: func(v *netops.Record) string { return v.ID.String() },
	}
	a.bookings = apikit.Resource[*netops.Booking]{
		Out: func(v *netops.Booking) any { return a.bookingOut(v) }, Version: func(v *netops.Booking) int64 { return v.Version },
		Ref: func(v *netops.Booking) string { return v.ID.String() }, Location: bookingsPath,
	}
	a.shifts = apikit.Resource[*netops.Shift]{
		Out: func(v *netops.Shift) any { return a.shiftOut(v) }, Version: func(v *netops.Shift) int64 { return v.Version },
		Ref: func(v *netops.Shift) string { return v.ID.String() },
	}
	a.devices = apikit.Resource[*netops.Device]{
		Out: func(v *netops.Device) any { return a.deviceOut(v) }, Version: func(v *netops.Device) int64 { return v.Version },
		Ref: func(v *netops.Device) string { return v.ID.String() }, Location: devicesPath,
	}
	return a
}

// OpenAPI returns the fragment of the OpenAPI document that describes
// Routes.
func (a *API) OpenAPI() []byte { return fragment }

// Routes lists the netops endpoints. The center (admin) writes the
// inventory and the operations records; every token reads the sites and
// networks, and a department its own unit's profile, links, migrations and
// visits (another's is 404), which the Service decides with the same
// actor; a department books meetings for itself. The district-wide reports,
// the inspections, the roster and the register are the center's tokens'
// (admin and viewer): a department token gets 403 for them.
func (a *API) Routes() []apikit.Route {
	const (
		get, post, put, patch = http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch
		anyone, center, admin = apikit.AnyRole, apikit.CenterRole, apikit.AdminRole
		st                    = base + "/sites/:code"
		un                    = base + "/units/:code"
		lk                    = base + "/links/:id"
		nw                    = base + "/networks/:code"
		mg                    = base + "/migrations/:id"
		vs                    = base + "/visits/:id"
		pl                    = base + "/plans/:id"
		bk                    = base + "/bookings/:id"
		sh                    = base + "/shifts/:id"
		dv                    = base + "/devices/:ref"
	)
	return []apikit.Route{
		{Method: get, Path: base + "/sites", Access: anyone, Handler: apikit.Read(a.svc.Sites, a.siteList)},
		{Method: post, Path: base + "/sites", Access: admin, Handler: apikit.Create(a.sites, a.createSite)},
		{Method: get, Path: st, Access: anyone, Handler: apikit.Get(a.sites, "code", a.svc.Site)},
		{Method: patch, Path: st, Access: admin, Handler: apikit.Action(a.sites, "code", false, a.updateSite)},
		{Method: get, Path: st + "/events", Access: anyone, Handler: apikit.Events(a.clock, "code", trail[none](a.svc.SiteTrail))},

		{Method: get, Path: base + "/units", Access: anyone, Handler: apikit.Page(listed(a.units), unitList, a.svc.Units)},
		{Method: post, Path: base + "/units/import", Access: admin, Handler: a.importCSV(a.svc.ImportUnits)},
		{Method: get, Path: un, Access: anyone, Handler: apikit.Get(a.unitViews, "code", a.svc.Unit)},
		{Method: put, Path: un, Access: admin, Handler: apikit.Action(a.units, "code", false, a.setUnit)},
		{Method: get, Path: un + "/events", Access: anyone, Handler: apikit.Events(a.clock, "code", trail[none](a.svc.UnitTrail))},
		{Method: get, Path: base + "/coverage", Access: center, Handler: apikit.Read(a.svc.Coverage, a.coverageOut)},

		{Method: get, Path: base + "/links", Access: anyone, Handler: apikit.Page(listed(a.links), linkList, a.listLinks)},
		{Method: post, Path: base + "/links", Access: admin, Handler: apikit.Create(a.links, a.createLink)},
		{Method: post, Path: base + "/links/import", Access: admin, Handler: a.importCSV(a.svc.ImportLinks)},
		{Method: get, Path: lk, Access: anyone, Handler: apikit.Get(a.links, "id", byID(a.svc.Link))},
		{Method: patch, Path: lk, Access: admin, Handler: apikit.Action(a.links, "id", false, actByID(a.updateLink))},
		{Method: post, Path: lk + "/move", Access: admin, Handler: apikit.Action(a.links, "id", false, actByID(a.moveLink))},
		{Method: get, Path: lk + "/events", Access: anyone, Handler: apikit.Events(a.clock, "id", trail[netops.LinkStatus](byID(a.svc.LinkTrail)))},
		{Method: get, Path: base + "/overlaps", Access: center, Handler: apikit.Read(a.svc.Overlaps, a.overlapsOut)},
		{Method: get, Path: base + "/campaign", Access: center, Handler: apikit.Read(a.svc.Campaign, a.campaignOut)},

		{Method: get, Path: base + "/networks", Access: anyone, Handler: apikit.Read(a.svc.Networks, a.networkList)},
		{Method: post, Path: base + "/networks", Access: admin, Handler: apikit.Create(a.networks, a.createNetwork)},
		{Method: get, Path: nw, Access: anyone, Handler: apikit.Get(a.netViews, "code", a.svc.Network)},
		{Method: patch, Path: nw, Access: admin, Handler: apikit.Action(a.networks, "code", false, a.updateNetwork)},
		{Method: get, Path: nw + "/events", Access: anyone, Handler: apikit.Events(a.clock, "code", trail[netops.NetworkStatus](a.svc.NetworkTrail))},

		{Method: get, Path: base + "/migrations", Access: anyone, Handler: apikit.Page(listed(a.migrations), migrationList, a.listMigrations)},
		{Method: post, Path: base + "/migrations", Access: admin, Handler: apikit.Create(a.migrations, a.planMigration)},
		{Method: get, Path: mg, Access: anyone, Handler: apikit.Get(a.migrations, "id", byID(a.svc.Migration))},
		{Method: post, Path: mg + "/cutover", Access: admin, Handler: apikit.Action(a.migrations, "id", true, actByID(a.migrationStep(a.svc.CutoverMigration)))},
		{Method: post, Path: mg + "/verify", Access: admin, Handler: apikit.Action(a.migrations, "id", true, actByID(a.migrationStep(a.svc.VerifyMigration)))},
		{Method: post, Path: mg + "/cancel", Access: admin, Handler: apikit.Action(a.migrations, "id", false, actByID(a.migrationStep(a.svc.CancelMigration)))},
		{Method: get, Path: mg + "/events", Access: anyone, Handler: apikit.Events(a.clock, "id", trail[netops.MigrationStatus](byID(a.svc.MigrationTrail)))},

		{Method: get, Path: base + "/visits", Access: anyone, Handler: apikit.Page(listed(a.visits), a.visitList, a.svc.Visits)},
		{Method: post, Path: base + "/visits", Access: admin, Handler: apikit.Create(a.visits, a.openVisit)},
		{Method: get, Path: vs, Access: anyone, Handler: apikit.Get(a.visits, "id", byID(a.svc.Visit))},
		{Method: post, Path: vs + "/arrive", Access: admin, Handler: apikit.Action(a.visits, "id", true, actByID(a.visitStep(a.svc.ArriveVisit)))},
		{Method: post, Path: vs + "/resolve", Access: admin, Handler: apikit.Action(a.visits, "id", true, actByID(a.visitStep(a.svc.ResolveVisit)))},
		{Method: post, Path: vs + "/cancel", Access: admin, Handler: apikit.Action(a.visits, "id", false, actByID(a.visitStep(a.svc.CancelVisit)))},
		{Method: get, Path: vs + "/events", Access: anyone, Handler: apikit.Events(a.clock, "id", trail[netops.VisitStatus](byID(a.svc.VisitTrail)))},
		{Method: get, Path: base + "/compliance", Access: anyone, Handler: a.compliance},

		{Method: get, Path: base + "/plans", Access: center, Handler: apikit.Page(listed(a.plans), planList, a.svc.Plans)},
		{Method: post, Path: base + "/plans", Access: admin, Handler: apikit.Create(a.plans, a.createPlan)},
		{Method: get, Path: base + "/plans/overdue", Access: center, Handler: apikit.Read(a.svc.OverdueInspections, a.overdueOut)},
		{Method: get, Path: pl, Access: center, Handler: apikit.Get(a.plans, "id", byID(a.svc.Plan))},
		{Method: patch, Path: pl, Access: admin, Handler: apikit.Action(a.plans, "id", false, actByID(a.updatePlan))},
		{Method: get, Path: pl + "/events", Access: center, Handler: apikit.Events(a.clock, "id", trail[netops.PlanStatus](byID(a.svc.PlanTrail)))},
		{Method: post, Path: pl + "/records", Access: admin, Handler: a.recordInspection},
		{Method: get, Path: base + "/records", Access: center, Handler: apikit.Page(listed(a.records), a.recordList, a.svc.Records)},

		{Method: get, Path: base + "/bookings", Access: anyone, Handler: a.bookingList},
		{Method: post, Path: base + "/bookings", Access: anyone, Handler: apikit.Create(a.bookings, a.bookMeeting)},
		{Method: get, Path: bk, Access: anyone, Handler: apikit.Get(a.bookings, "id", byID(a.svc.Booking))},
		{Method: patch, Path: bk, Access: anyone, Handler: apikit.Action(a.bookings, "id", false, actByID(a.updateBooking))},
		{Method: post, Path: bk + "/cancel", Access: anyone, Handler: apikit.Action(a.bookings, "id", false, actByID(a.cancelBooking))},
		{Method: get, Path: bk + "/events", Access: anyone, Handler: apikit.Events(a.clock, "id", trail[netops.BookingStatus](byID(a.svc.BookingTrail)))},

		{Method: get, Path: base + "/shifts", Access: center, Handler: a.shiftList},
		{Method: post, Path: base + "/shifts", Access: admin, Handler: a.addShifts},
		{Method: put, Path: sh, Access: admin, Handler: apikit.Action(a.shifts, "id", false, actByID(a.updateShift))},
		{Method: post, Path: sh + "/cancel", Access: admin, Handler: apikit.Action(a.shifts, "id", false, actByID(a.cancelShift))},
		{Method: get, Path: sh + "/events", Access: center, Handler: apikit.Events(a.clock, "id", trail[netops.ShiftStatus](byID(a.svc.ShiftTrail)))},
		{Method: get, Path: base + "/roster", Access: center, Handler: a.roster},

		{Method: get, Path: base + "/devices", Access: center, Handler: apikit.Page(listed(a.devices), deviceList, a.svc.Devices)},
		{Method: post, Path: base + "/devices", Access: admin, Handler: apikit.Create(a.devices, a.addDevice)},
		{Method: post, Path: base + "/devices/import", Access: admin, Handler: a.importCSV(a.svc.ImportDevices)},
		{Method: get, Path: dv, Access: center, Handler: apikit.Get(a.devices, "ref", a.svc.Device)},
		{Method: patch, Path: dv, Access: admin, Handler: apikit.Action(a.devices, "ref", false, a.updateDevice)},
		{Method: post, Path: dv + "/replacement", Access: admin, Handler: apikit.Action(a.devices, "ref", false, a.planReplacement)},
		{Method: post, Path: dv + "/retire", Access: admin, Handler: apikit.Action(a.devices, "ref", false, a.retireDevice)},
		{Method: get, Path: dv + "/events", Access: center, Handler: apikit.Events(a.clock, "ref", trail[netops.DeviceStatus](a.svc.DeviceTrail))},
		{Method: get, Path: base + "/aging", Access: center, Handler: apikit.Read(a.svc.Aging, a.agingOut)},
	}
}

// listed is r for the items of a listing, which the Service pages as
// values.
func listed[T any](r apikit.Resource[*T]) apikit.Resource[T] {
	return apikit.Resource[T]{Out: func(v T) any { return r.Out(&v) }}
}
