package storetest

import (
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/netops"
)

// TestUniqueKeys checks every unique key but the IDs (see TestTrail): a
// site's and a network's code, a unit's profile, a link's (Carrier,
// CircuitID) when CircuitID is set, a device's asset tag; taken by a
// stored record or by another one of the same batch, a write fails with
// ECONFLICT and writes nothing, its events included. Codes are compared
// byte for byte: letter case and trailing spaces make another code.
func (cases) TestUniqueKeys(t *testing.T, mk storeMaker) {
	st := mk(t)
	t.Run("SiteCode", func(t *testing.T) { siteCodes(t, st) })
	t.Run("NetworkCode", func(t *testing.T) { networkCodes(t, st) })
	t.Run("Unit", func(t *testing.T) { unitCodes(t, st) })
	t.Run("Circuit", func(t *testing.T) { circuits(t, st) })
	t.Run("AssetTag", func(t *testing.T) { assetTags(t, st) })
}

// codeVariants returns codes a store must tell apart from "XZDL".
func codeVariants() []string {
	return []string{"xzdl", "XZDL ", " XZDL", "XZDL\t", "ＸＺＤＬ", "XZDl"}
}

func siteCodes(t *testing.T, st netops.Store) {
	ctx := t.Context()
	a := newSite(t, "XZDL")
	evA := created(t, a.ID, netops.EventSiteCreated, "")
	storetestkit.Must(t, st.CreateSite(ctx, &a, evA), "CreateSite")
	b := newSite(t, "XZDL")
	evB := created(t, b.ID, netops.EventSiteCreated, "")
	storetestkit.MustCode(t, st.CreateSite(ctx, &b, evB), govops.ECONFLICT, "CreateSite with a taken code")
	requireEvents(t, st, b.ID, nil, "of a site refused for its code")
	got, err := st.Site(ctx, "XZDL")
	requireGot(t, a, got, err, "site XZDL after a create with its code")
	for _, code := range codeVariants() {
		v := newSite(t, code)
		storetestkit.Must(t, st.CreateSite(ctx, &v, nil), "CreateSite "+code+" beside XZDL")
		got, err := st.Site(ctx, code)
		requireGot(t, v, got, err, "site "+code)
	}
	_, err = st.Site(ctx, "XZD")
	requireMissing(t, err, "Site of a prefix of a code")
	got, err = st.Site(ctx, "XZDL")
	requireGot(t, a, got, err, "site XZDL beside its variants")
}

func networkCodes(t *testing.T, st netops.Store) {
	ctx := t.Context()
	a := newNetwork(t, "XZDL")
	storetestkit.Must(t, st.CreateNetwork(ctx, &a, created(t, a.ID, netops.EventNetworkCreated, "active")), "CreateNetwork")
	b := newNetwork(t, "XZDL")
	storetestkit.MustCode(t, st.CreateNetwork(ctx, &b, created(t, b.ID, netops.EventNetworkCreated, "active")), govops.ECONFLICT,
		"CreateNetwork with a taken code")
	requireEvents(t, st, b.ID, nil, "of a network refused for its code")
	for _, code := range codeVariants() {
		v := newNetwork(t, code)
		storetestkit.Must(t, st.CreateNetwork(ctx, &v, nil), "CreateNetwork "+code+" beside XZDL")
		got, err := st.Network(ctx, code)
		requireGot(t, v, got, err, "network "+code)
	}
	got, err := st.Network(ctx, "XZDL")
	requireGot(t, a, got, err, "network XZDL beside its variants")
	_, err = st.Network(ctx, "xzd")
	requireMissing(t, err, "Network of an unknown code")
}

func unitCodes(t *testing.T, st netops.Store) {
	ctx := t.Context()
	a := newUnit(t, "lbq-scjg", "XZDL")
	evA := created(t, a.ID, netops.EventUnitSet, "")
	storetestkit.Must(t, st.CreateUnits(ctx, []netops.UnitNet{a}, evA), "CreateUnits")
	fresh := newUnit(t, "lbq-gaj", "XZDL")
	taken := newUnit(t, "lbq-scjg", "SLZH")
	twice := newUnit(t, "lbq-gaj", "SLZH")
	sameID := newUnit(t, "lbq-rsj", "SLZH")
	sameID.ID = fresh.ID
	for name, batch := range map[string][]netops.UnitNet{
		"a stored unit":         {fresh, taken},
		"a unit twice":          {fresh, twice},
		"an ID twice":           {fresh, sameID},
		"a stored profile's ID": {fresh, func() netops.UnitNet { u := newUnit(t, "lbq-x", "XZDL"); u.ID = a.ID; return u }()},
	} {
		evs := []netops.Event{event(t, fresh.ID, 1, netops.EventUnitSet, "", ""), event(t, batch[1].ID, 1, netops.EventUnitSet, "", "")}
		if batch[1].ID == fresh.ID {
			evs = evs[:1]
		}
		storetestkit.MustCode(t, st.CreateUnits(ctx, batch, evs), govops.ECONFLICT, "CreateUnits with "+name)
		_, err := st.Unit(ctx, "lbq-gaj")
		requireMissing(t, err, "Unit of a profile of a batch with "+name)
		requireEvents(t, st, fresh.ID, nil, "of a profile of a batch with "+name)
	}
	got, err := st.Unit(ctx, "lbq-scjg")
	requireGot(t, a, got, err, "unit lbq-scjg after refused batches")
	requireEvents(t, st, a.ID, evA, "of unit lbq-scjg after refused batches")
	lower := newUnit(t, "LBQ-SCJG", "XZDL")
	storetestkit.Must(t, st.CreateUnits(ctx, []netops.UnitNet{lower}, nil), "CreateUnits of a code in another case")
	got, err = st.Unit(ctx, "LBQ-SCJG")
	requireGot(t, lower, got, err, "unit LBQ-SCJG")
}

func circuits(t *testing.T, st netops.Store) {
	ctx := t.Context()
	g := netops.Guard{}
	a := newLink(t, "lbq-scjg", "CT-0001", "10.1.0.0/24")
	storetestkit.Must(t, st.CreateLinks(ctx, []netops.Link{a}, g, nil), "CreateLinks")

	taken := newLink(t, "lbq-gaj", "CT-0001", "10.2.0.0/24")
	storetestkit.MustCode(t, st.CreateLinks(ctx, []netops.Link{taken}, g, created(t, taken.ID, netops.EventLinkCreated, "active")),
		govops.ECONFLICT, "CreateLinks with a taken circuit")
	requireEvents(t, st, taken.ID, nil, "of a link refused for its circuit")
	_, err := st.Link(ctx, taken.ID)
	requireMissing(t, err, "Link refused for its circuit")

	one, two := newLink(t, "lbq-gaj", "CT-0002", "10.2.0.0/24"), newLink(t, "lbq-rsj", "CT-0002", "10.3.0.0/24")
	storetestkit.MustCode(t, st.CreateLinks(ctx, []netops.Link{one, two}, g, nil), govops.ECONFLICT, "CreateLinks with one circuit twice")
	for _, l := range []netops.Link{one, two} {
		_, err := st.Link(ctx, l.ID)
		requireMissing(t, err, "Link of a batch with one circuit twice")
	}

	// The same circuit number of another carrier, a number in another
	// letter case, and links without a circuit number are all distinct.
	other := newLink(t, "lbq-gaj", "CT-0001", "10.4.0.0/24")
	other.Carrier = "中国联通"
	lower := newLink(t, "lbq-gaj", "ct-0001", "10.5.0.0/24")
	blank1, blank2 := newLink(t, "lbq-gaj", "", "10.6.0.0/24"), newLink(t, "lbq-gaj", "", "10.7.0.0/24")
	storetestkit.Must(t, st.CreateLinks(ctx, []netops.Link{other, lower, blank1, blank2}, g, nil), "CreateLinks of distinct circuits")

	// An update may keep its own circuit, may not take another's, and
	// frees its old one when it changes it.
	next := a
	next.Version, next.BandwidthMbps = 2, 200
	storetestkit.Must(t, st.UpdateLink(ctx, &next, g, nil), "UpdateLink keeping its circuit")
	steal := next
	steal.Version, steal.Carrier = 3, "中国联通"
	storetestkit.MustCode(t, st.UpdateLink(ctx, &steal, g, []netops.Event{event(t, a.ID, 3, netops.EventLinkUpdated, "active", "active")}),
		govops.ECONFLICT, "UpdateLink taking another link's circuit")
	got, err := st.Link(ctx, a.ID)
	requireGot(t, next, got, err, "link after an update that took another's circuit")
	requireEvents(t, st, a.ID, nil, "after an update that took another's circuit")
	renumbered := next
	renumbered.Version, renumbered.CircuitID = 3, "CT-0009"
	storetestkit.Must(t, st.UpdateLink(ctx, &renumbered, g, nil), "UpdateLink to a new circuit")
	reuse := newLink(t, "lbq-rsj", "CT-0001", "10.8.0.0/24")
	storetestkit.Must(t, st.CreateLinks(ctx, []netops.Link{reuse}, g, nil), "CreateLinks with a circuit freed by an update")
	blank3 := blank1
	blank3.Version, blank3.BandwidthMbps = 2, 1
	storetestkit.Must(t, st.UpdateLink(ctx, &blank3, g, nil), "UpdateLink of a link without a circuit")
}

func assetTags(t *testing.T, st netops.Store) {
	ctx := t.Context()
	a := newDevice(t, "ZC-0001")
	storetestkit.Must(t, st.CreateDevices(ctx, []netops.Device{a}, nil), "CreateDevices")
	fresh := newDevice(t, "ZC-0002")
	for name, batch := range map[string][]netops.Device{
		"a stored tag":  {fresh, newDevice(t, "ZC-0001")},
		"a tag twice":   {fresh, newDevice(t, "ZC-0002")},
		"an ID twice":   {fresh, func() netops.Device { d := newDevice(t, "ZC-0003"); d.ID = fresh.ID; return d }()},
		"a stored's ID": {fresh, func() netops.Device { d := newDevice(t, "ZC-0003"); d.ID = a.ID; return d }()},
	} {
		evs := []netops.Event{event(t, fresh.ID, 1, netops.EventDeviceAdded, "", "in_service")}
		storetestkit.MustCode(t, st.CreateDevices(ctx, batch, evs), govops.ECONFLICT, "CreateDevices with "+name)
		_, err := st.DeviceByTag(ctx, "ZC-0002")
		requireMissing(t, err, "DeviceByTag of a device of a batch with "+name)
		_, err = st.Device(ctx, fresh.ID)
		requireMissing(t, err, "Device of a device of a batch with "+name)
		requireEvents(t, st, fresh.ID, nil, "of a device of a batch with "+name)
	}
	lower := newDevice(t, "zc-0001")
	storetestkit.Must(t, st.CreateDevices(ctx, []netops.Device{lower}, nil), "CreateDevices of a tag in another case")
	got, err := st.DeviceByTag(ctx, "ZC-0001")
	requireGot(t, a, got, err, "device ZC-0001")
	got, err = st.DeviceByTag(ctx, "zc-0001")
	requireGot(t, lower, got, err, "device zc-0001")
	_, err = st.DeviceByTag(ctx, "ZC-000")
	requireMissing(t, err, "DeviceByTag of a prefix of a tag")
}
