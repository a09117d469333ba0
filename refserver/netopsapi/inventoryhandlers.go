package netopsapi

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/netops"
	"github.com/govops-kit/govops/refserver/apikit"
)

func (a *API) createSite(ctx context.Context, by govops.Actor, in *siteCreateJSON) (*netops.Site, error) {
	return a.svc.CreateSite(ctx, by, netops.SiteInput{Code: in.Code, Name: in.Name, Zone: netops.Zone(in.Zone),
		Address: in.Address, Rooms: rooms(in.Rooms), Note: in.Note})
}

func (a *API) updateSite(ctx context.Context, by govops.Actor, code string, version int64, in *siteUpdateJSON) (*netops.Site, error) {
	return patch(version, func() (*netops.Site, int64, error) {
		s, err := a.svc.Site(ctx, by, code)
		if err != nil {
			return nil, 0, err
		}
		return s, s.Version, nil
	}, func(s *netops.Site, ifVersion int64) (*netops.Site, error) {
		si := netops.SiteInput{Code: s.Code, Name: s.Name, Zone: s.Zone, Address: s.Address, Rooms: s.Rooms, Note: s.Note,
			IfVersion: ifVersion}
		set(&si.Name, in.Name)
		set((*string)(&si.Zone), in.Zone)
		set(&si.Address, in.Address)
		set(&si.Note, in.Note)
		if in.Rooms != nil {
			si.Rooms = rooms(*in.Rooms)
		}
		return a.svc.UpdateSite(ctx, by, s.Code, si)
	})
}

func (a *API) setUnit(ctx context.Context, by govops.Actor, unit string, version int64, in *unitPutJSON) (*netops.UnitNet, error) {
	return a.svc.SetUnit(ctx, by, unit, netops.UnitInput{Site: in.Site, Room: in.Room, Note: in.Note, IfVersion: version})
}

func (a *API) createLink(ctx context.Context, by govops.Actor, in *linkCreateJSON) (*netops.Link, error) {
	var p govops.Problems
	li := netops.LinkInput{Unit: in.Unit, Site: in.Site, Room: in.Room, Carrier: in.Carrier, CircuitID: in.CircuitID,
		Type: netops.LinkType(in.Type), ViaExtranet: in.ViaExtranet, Network: in.Network, BandwidthMbps: in.BandwidthMbps,
		VLAN: in.VLAN, Prefixes: in.Prefixes, Status: netops.LinkStatus(in.Status), At: at(&p, "at", in.At), Note: in.Note}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.CreateLink(ctx, by, li)
}

func (a *API) updateLink(ctx context.Context, by govops.Actor, ref string, version int64, in *linkUpdateJSON) (*netops.Link, error) {
	return patch(version, func() (*netops.Link, int64, error) {
		l, err := a.svc.Link(ctx, by, ref)
		if err != nil {
			return nil, 0, err
		}
		return l, l.Version, nil
	}, func(l *netops.Link, ifVersion int64) (*netops.Link, error) {
		li := netops.LinkInput{Unit: l.Unit, Site: l.Site, Room: l.Room, Carrier: l.Carrier, CircuitID: l.CircuitID,
			Type: l.Type, ViaExtranet: l.ViaExtranet, Network: l.Network, BandwidthMbps: l.BandwidthMbps, VLAN: l.VLAN,
			Prefixes: make([]string, len(l.Prefixes)), Note: l.Note, IfVersion: ifVersion}
		for i, p := range l.Prefixes {
			li.Prefixes[i] = p.String()
		}
		set(&li.Unit, in.Unit)
		set(&li.Site, in.Site)
		set(&li.Room, in.Room)
		set(&li.Carrier, in.Carrier)
		set(&li.CircuitID, in.CircuitID)
		set((*string)(&li.Type), in.Type)
		set(&li.ViaExtranet, in.ViaExtranet)
		set(&li.Network, in.Network)
		set(&li.BandwidthMbps, in.BandwidthMbps)
		set(&li.VLAN, in.VLAN)
		set(&li.Prefixes, in.Prefixes)
		set(&li.Note, in.Note)
		return a.svc.UpdateLink(ctx, by, l.ID.String(), li)
	})
}

func (a *API) moveLink(ctx context.Context, by govops.Actor, ref string, version int64, in *linkMoveJSON) (*netops.Link, error) {
	var p govops.Problems
	step := netops.LinkStep{To: netops.LinkStatus(in.To), At: at(&p, "at", in.At), Note: in.Note, IfVersion: version}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.MoveLink(ctx, by, ref, step)
}

func (a *API) createNetwork(ctx context.Context, by govops.Actor, in *networkCreateJSON) (*netops.Network, error) {
	var p govops.Problems
	ni := netops.NetworkInput{Code: in.Code, Name: in.Name, Authority: in.Authority, Interconnect: a.interconnect(&p, in.Interconnect),
		Status: netops.NetworkStatus(in.Status), Note: in.Note}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.CreateNetwork(ctx, by, ni)
}

func (a *API) updateNetwork(ctx context.Context, by govops.Actor, code string, version int64, in *networkUpdateJSON) (*netops.Network, error) {
	var p govops.Problems
	var ic netops.Interconnect
	if in.Interconnect != nil {
		ic = a.interconnect(&p, *in.Interconnect)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return patch(version, func() (*netops.Network, int64, error) {
		v, err := a.svc.Network(ctx, by, code)
		if err != nil {
			return nil, 0, err
		}
		return &v.Network, v.Network.Version, nil
	}, func(n *netops.Network, ifVersion int64) (*netops.Network, error) {
		ni := netops.NetworkInput{Code: n.Code, Name: n.Name, Authority: n.Authority, Interconnect: n.Interconnect,
			Status: n.Status, Note: n.Note, IfVersion: ifVersion}
		set(&ni.Name, in.Name)
		set(&ni.Authority, in.Authority)
		set((*string)(&ni.Status), in.Status)
		set(&ni.Note, in.Note)
		if in.Interconnect != nil {
			ni.Interconnect = ic
		}
		return a.svc.UpdateNetwork(ctx, by, n.Code, ni)
	})
}

func (a *API) planMigration(ctx context.Context, by govops.Actor, in *migrationCreateJSON) (*netops.Migration, error) {
	var p govops.Problems
	mi := netops.MigrationInput{Unit: in.Unit, ToSite: in.ToSite, ToRoom: in.ToRoom,
		PlannedFor: at(&p, "planned_for", in.PlannedFor), Plan: in.Plan, Note: in.Note}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.PlanMigration(ctx, by, mi)
}

// migrationStep is a cutover, a verification or a cancellation.
func (a *API) migrationStep(act func(ctx context.Context, by govops.Actor, ref string, in netops.MigrationStep) (*netops.Migration, error)) apikit.Act[stepJSON, *netops.Migration] {
	return func(ctx context.Context, by govops.Actor, ref string, version int64, in *stepJSON) (*netops.Migration, error) {
		var p govops.Problems
		step := netops.MigrationStep{At: at(&p, "at", in.At), Note: in.Note, IfVersion: version}
		if err := p.Err(); err != nil {
			return nil, err
		}
		return act(ctx, by, ref, step)
	}
}

// importRun is a CSV import of the Service.
type importRun func(ctx context.Context, by govops.Actor, r io.Reader, opts netops.ImportOptions) (csvimport.Report, error)

// importCSV serves a CSV import (units, links or devices): the body,
// text/csv, streams into the Service as it arrives, up to MaxImportBytes.
// The answer is the report of every row; an all-or-nothing import with bad
// rows wrote nothing and is 422 with the report.
func (a *API) importCSV(run importRun) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		q := apikit.NewQuery(req.URL)
		mode, name := q.ImportMode()
		opts := netops.ImportOptions{Mode: mode}
		switch strings.ToLower(q.One("encoding")) {
		case "", "detect":
		case "utf-8", "utf8":
			opts.Encoding = csvimport.UTF8
		case "gb18030", "gbk":
			opts.Encoding = csvimport.GB18030
		default:
			q.Add("encoding", `must be "detect" (the default: UTF-8, or GB18030 as Excel on a Chinese Windows saves it), "utf-8" or "gb18030"`)
		}
		if err := q.Err(); err != nil {
			return err
		}
		if mt, _, err := mime.ParseMediaType(req.Header.Get("Content-Type")); err != nil || mt != "text/csv" {
			return &apikit.StatusError{
				Err:    govops.FieldError("Content-Type", "must be text/csv (optionally with charset=utf-8): send the file as the body"),
				Status: http.StatusUnsupportedMediaType, Title: "Unsupported media type",
			}
		}
		ctx := req.Context()
		body := &boundedBody{r: http.MaxBytesReader(w, req.Body, MaxImportBytes)}
		rep, err := run(ctx, apikit.Actor(ctx), body, opts)
		if body.hit {
			return importTooLarge()
		}
		return apikit.ImportAnswer(w, name, reportOf(rep, err), err, nil)
	}
}

// importTooLarge is the 413 of an import body over MaxImportBytes.
func importTooLarge() error {
	return &apikit.StatusError{
		Err:    govops.FieldError("body", "must be at most 64 MiB (67108864 bytes): split the file"),
		Status: http.StatusRequestEntityTooLarge, Title: "Request body too large",
	}
}

// reportOf returns the report of an import that read its rows, nil for
// one that failed before (a bad header), whose error is then answered as
// it is rather than as rows with problems.
func reportOf(rep csvimport.Report, err error) *csvimport.Report {
	if err != nil && rep.Rows == 0 && rep.Errors == nil {
		return nil
	}
	return &rep
}

// boundedBody notes whether a body went past its bound.
type boundedBody struct {
	r   io.Reader
	hit bool
}

func (b *boundedBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		b.hit = true
	}
	return n, err
}
