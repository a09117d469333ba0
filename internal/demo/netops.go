package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/netops"
	"github.com/govops-kit/govops/refserver"
)

// netopsParts are the parts of the extranet year besides the links, each
// one step: sites, profiles, networks, self-built lines, migrations,
// inspections, meetings, the roster and the register.
const netopsParts = 9

// netopsSteps is the chapter's expected steps, for the progress bar: one
// for each unit's extranet link, and one for each other part.
func netopsSteps(p Params) int64 { return int64(p.Departments+p.Communities) + netopsParts }

// netStaff are the center's network team: the first keeps the inventory;
// the others inspect, support meetings, go on site and stand duty.
var netStaff = []string{"王芳", "李明", "张伟", "刘洋", "陈静", "黄志强"}

// netCenter is the center's network administrator, who writes the
// inventory.
var netCenter = govops.Actor{Name: netStaff[0]}

// netYear is the state of the chapter as it runs: one clock and the
// Services on it, the year's working days and the units.
type netYear struct {
	g     *Gen
	clock *Clock
	svc   refserver.Services
	days  []time.Time // the year's working days, at 00:00 Shanghai
	units []Dept
	site  map[string]netPlace // each unit's site and room, by unit code
}

// netPlace is where a unit's network stands.
type netPlace struct{ site, room string }

// at sets the clock to t and returns t.
func (y *netYear) at(t time.Time) time.Time {
	y.clock.Set(t)
	return t
}

// runNetops fills the extranet year through the netops Service: the sites
// and every unit's profile on the year's first morning, an extranet link
// for every unit (most in January, the last by September), the self-built
// internet lines revoked, the business private networks and their
// interconnections, the migrations to the two new buildings, the
// inspections, the meetings supported, the 7×24 roster and the register
// with its old devices replaced.
func runNetops(ctx context.Context, g *Gen) error {
	y := &netYear{g: g, clock: NewClock(dirFirstMorning(g)), units: g.Departments(), site: map[string]netPlace{}}
	y.svc = g.Services(y.clock)
	days, err := g.Workdays()
	if err != nil {
		return err
	}
	y.days = days
	if len(y.units) == 0 {
		return fmt.Errorf("the directory chapter made no unit")
	}
	// The inventory first, in order; then the parts that only read it,
	// side by side on the workers (the longest first).
	type part struct {
		name string
		run  func(*netYear, context.Context) error
	}
	for _, p := range []part{{"sites", (*netYear).sites}, {"profiles", (*netYear).profiles}, {"networks", (*netYear).networks}} {
		if err := p.run(y, ctx); err != nil {
			return fmt.Errorf("%s: %w", p.name, err)
		}
		g.Step("netops", 1)
	}
	if err := y.links(ctx); err != nil {
		return fmt.Errorf("links: %w", err)
	}
	then := []part{{"meetings", (*netYear).meetings}, {"inspections", (*netYear).inspections}, {"devices", (*netYear).devices},
		{"migrations", (*netYear).migrations}, {"self-built lines", (*netYear).selfBuilt}, {"roster", (*netYear).roster}}
	return g.Each(ctx, len(then), func(ctx context.Context, w *Worker, i int) error {
		if err := then[i].run(y.fork(w), ctx); err != nil {
			return fmt.Errorf("%s: %w", then[i].name, err)
		}
		g.Step("netops", 1)
		return nil
	})
}

// fork returns y on the clock and Services of w, sharing what y read.
func (y *netYear) fork(w *Worker) *netYear {
	f := *y
	f.clock, f.svc = w.Clock, w.Svc
	return &f
}

// workdayIn returns the first working day on or after d (the last of the
// year when none is left).
func (y *netYear) workdayIn(d time.Time) time.Time {
	for _, w := range y.days {
		if !w.Before(d) {
			return w
		}
	}
	return y.days[len(y.days)-1]
}

// lastWorkdayOf returns the last working day of month m.
func (y *netYear) lastWorkdayOf(m time.Month) time.Time {
	var last time.Time
	for _, w := range y.days {
		if w.Month() == m {
			last = w
		}
	}
	return last
}

// taken reports whether err refuses, in Append mode, what the database
// holds already (a booking's room taken, a migration done, a device
// replaced): the chapter then leaves that record as it is.
func (y *netYear) taken(err error) bool {
	c := govops.ErrorCode(err)
	return y.g.Append() && (c == govops.ECONFLICT || c == govops.EINVALID)
}

// coverageFigures records the extranet's figures: every unit connected.
func (y *netYear) coverageFigures(connected map[string]bool) {
	var units, comms int64
	for _, d := range y.units {
		if !connected[d.Code] {
			continue
		}
		switch d.Kind {
		case directory.KindVillage, directory.KindCommunity:
			comms++
		default:
			units++
		}
	}
	y.g.Set(annual.KeyUnitsConnected, decimal.NewFromInt(units))
	y.g.Set(annual.KeyCommunitiesConnected, decimal.NewFromInt(comms))
	y.g.Set(annual.KeyCoverage, annual.Rate(annual.KeyCoverage, "", units+comms, int64(len(y.units)), "", "").Value)
}

// netZone is the netops zone of a directory zone.
func netZone(z directory.Zone) netops.Zone { return netops.Zone(z) }
