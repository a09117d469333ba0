package netops_test

import (
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
)

// opsDeviceInput is a good switch in the building's machine room, bought
// on 2019-03-01.
func opsDeviceInput(tag string) netops.DeviceInput {
	return netops.DeviceInput{
		AssetTag: tag, Name: "核心交换机", Kind: netops.DeviceSwitch, Site: "XZDL", Room: "3F-JF",
		Vendor: "华为", Model: "S5735", Serial: "SN-" + tag, PurchasedOn: opsAt(2019, 3, 1, 0, 0),
	}
}

func (f *opsFixture) opsDevice(tb testing.TB, in netops.DeviceInput) *netops.Device {
	tb.Helper()
	d, err := f.svc.AddDevice(f.ctx, opsCenter(), in)
	if err != nil {
		tb.Fatalf("AddDevice %s: %v", in.AssetTag, err)
	}
	return d
}

func TestService_AddDevice(t *testing.T) {
	f := newOps(t)
	t.Run("OK", func(t *testing.T) {
		in := opsDeviceInput("ZC-2019-001")
		in.PurchasedOn = opsAt(2019, 3, 1, 15, 30) // a time of the day: the day is kept
		d := f.opsDevice(t, in)
		if !d.PurchasedOn.Equal(opsAt(2019, 3, 1, 0, 0)) || !d.EndOfLife.Equal(opsAt(2025, 3, 1, 0, 0)) {
			t.Fatalf("purchased %v, end of life %v", d.PurchasedOn.In(sh), d.EndOfLife.In(sh))
		}
		if d.Status != netops.DeviceInService || d.Version != 1 {
			t.Fatalf("%+v", d)
		}
		byTag, err := f.svc.Device(f.ctx, opsViewer(), "ZC-2019-001")
		if err != nil || byTag.ID != d.ID {
			t.Fatalf("%+v %v", byTag, err)
		}
		byID, err := f.svc.Device(f.ctx, opsCenter(), d.ID.String())
		if err != nil || byID.AssetTag != d.AssetTag {
			t.Fatalf("%+v %v", byID, err)
		}
		trail, err := f.svc.DeviceTrail(f.ctx, opsCenter(), d.AssetTag)
		if err != nil || len(trail) != 1 || trail[0].Type != netops.EventDeviceAdded {
			t.Fatalf("%+v %v", trail, err)
		}
	})
	t.Run("PurchasedToday", func(t *testing.T) {
		in := opsDeviceInput("ZC-2022-001")
		in.PurchasedOn = opsAt(2022, 3, 14, 23, 0)
		in.EndOfLife = opsAt(2030, 6, 30, 0, 0)
		d := f.opsDevice(t, in)
		if !d.EndOfLife.Equal(opsAt(2030, 6, 30, 0, 0)) {
			t.Fatalf("end of life %v", d.EndOfLife)
		}
	})
	t.Run("DeviceLife", func(t *testing.T) {
		g := newOps(t, netops.WithDeviceLife(8))
		d := g.opsDevice(t, opsDeviceInput("ZC-1"))
		if !d.EndOfLife.Equal(opsAt(2027, 3, 1, 0, 0)) {
			t.Fatalf("end of life %v", d.EndOfLife.In(sh))
		}
	})
	t.Run("TagTaken", func(t *testing.T) {
		_, err := f.svc.AddDevice(f.ctx, opsCenter(), opsDeviceInput("ZC-2019-001"))
		opsCode(t, err, govops.ECONFLICT)
		opsFields(t, err, "asset_tag")
	})
	t.Run("UnknownSite", func(t *testing.T) {
		in := opsDeviceInput("ZC-X")
		in.Site = "NOPE"
		_, err := f.svc.AddDevice(f.ctx, opsCenter(), in)
		opsCode(t, err, govops.ENOTFOUND)
		opsFields(t, err, "site")
	})
	t.Run("RoomNotOfSite", func(t *testing.T) {
		in := opsDeviceInput("ZC-X")
		in.Room = "9F"
		_, err := f.svc.AddDevice(f.ctx, opsCenter(), in)
		opsField(t, err, govops.EINVALID, "room", "no room 9F")
	})
	for _, tc := range []struct {
		name   string
		change func(in *netops.DeviceInput)
		fields []string
	}{
		{"TagRequired", func(in *netops.DeviceInput) { in.AssetTag = "" }, []string{"asset_tag"}},
		{"TagNotANumber", func(in *netops.DeviceInput) { in.AssetTag = "资产 1" }, []string{"asset_tag"}},
		{"KindRequired", func(in *netops.DeviceInput) { in.Kind = "" }, []string{"kind"}},
		{"KindUnknown", func(in *netops.DeviceInput) { in.Kind = "printer" }, []string{"kind"}},
		{"SiteRequired", func(in *netops.DeviceInput) { in.Site = "" }, []string{"site"}},
		{"RoomNotACode", func(in *netops.DeviceInput) { in.Room = "3F\tJF" }, []string{"room"}},
		{"NameTooLong", func(in *netops.DeviceInput) { in.Name = strings.Repeat("交", netops.MaxNameLen+1) }, []string{"name"}},
		{"VendorControl", func(in *netops.DeviceInput) { in.Vendor = "华\x00为" }, []string{"vendor"}},
		{"PurchasedRequired", func(in *netops.DeviceInput) { in.PurchasedOn = time.Time{} }, []string{"purchased_on"}},
		{"PurchasedTomorrow", func(in *netops.DeviceInput) { in.PurchasedOn = opsAt(2022, 3, 15, 0, 0) }, []string{"purchased_on"}},
		{"EndOfLifeNotAfterPurchase", func(in *netops.DeviceInput) { in.EndOfLife = opsAt(2019, 3, 1, 18, 0) }, []string{"end_of_life"}},
		{"EndOfLifeOutOfRange", func(in *netops.DeviceInput) { in.EndOfLife = time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC) }, []string{"end_of_life"}},
		{"NoteTooLong", func(in *netops.DeviceInput) { in.Note = strings.Repeat("x", netops.MaxNoteLen+1) }, []string{"note"}},
		{"IfVersionOnAdd", func(in *netops.DeviceInput) { in.IfVersion = 1 }, []string{"if_version"}},
		{"Several", func(in *netops.DeviceInput) { in.AssetTag, in.Kind, in.PurchasedOn = "", "", time.Time{} }, []string{"asset_tag", "kind", "purchased_on"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := opsDeviceInput("ZC-NEW")
			tc.change(&in)
			_, err := f.svc.AddDevice(f.ctx, opsCenter(), in)
			opsCode(t, err, govops.EINVALID)
			opsFields(t, err, tc.fields...)
		})
	}
}

func TestService_UpdateDevice(t *testing.T) {
	f := newOps(t)
	d := f.opsDevice(t, opsDeviceInput("ZC-2019-001"))
	in := opsDeviceInput("")
	in.Site, in.Room, in.PurchasedOn, in.IfVersion = "XHL", "JF", opsAt(2020, 5, 1, 0, 0), 1
	got, err := f.svc.UpdateDevice(f.ctx, opsCenter(), "ZC-2019-001", in)
	if err != nil {
		t.Fatal(err)
	}
	if got.AssetTag != "ZC-2019-001" || got.Site != "XHL" || !got.EndOfLife.Equal(opsAt(2026, 5, 1, 0, 0)) || got.Version != 2 || !got.CreatedAt.Equal(d.CreatedAt) {
		t.Fatalf("%+v", got)
	}
	_, err = f.svc.UpdateDevice(f.ctx, opsCenter(), d.ID.String(), in)
	opsCode(t, err, govops.ECONFLICT)
	in.IfVersion, in.AssetTag = 0, "ZC-OTHER"
	_, err = f.svc.UpdateDevice(f.ctx, opsCenter(), d.ID.String(), in)
	opsField(t, err, govops.EINVALID, "asset_tag", "never changes")
	in.AssetTag, in.Kind = "ZC-2019-001", ""
	_, err = f.svc.UpdateDevice(f.ctx, opsCenter(), d.ID.String(), in)
	opsFields(t, err, "kind")
	_, err = f.svc.UpdateDevice(f.ctx, opsCenter(), "ZC-NONE", in)
	opsCode(t, err, govops.ENOTFOUND)
}

func TestService_PlanReplacement(t *testing.T) {
	f := newOps(t)
	d := f.opsDevice(t, opsDeviceInput("ZC-2019-001"))
	ref := d.AssetTag
	t.Run("BeforeToday", func(t *testing.T) {
		_, err := f.svc.PlanReplacement(f.ctx, opsCenter(), ref, netops.ReplacementInput{PlannedOn: opsAt(2022, 3, 13, 23, 59)})
		opsField(t, err, govops.EINVALID, "planned_on", "before today")
	})
	t.Run("ModelWithoutDate", func(t *testing.T) {
		_, err := f.svc.PlanReplacement(f.ctx, opsCenter(), ref, netops.ReplacementInput{Model: "S5736"})
		opsFields(t, err, "planned_on")
	})
	t.Run("ClearNothing", func(t *testing.T) {
		got, err := f.svc.PlanReplacement(f.ctx, opsCenter(), ref, netops.ReplacementInput{})
		if err != nil || got.Version != 1 {
			t.Fatalf("%+v %v", got, err)
		}
	})
	t.Run("PlanAndClear", func(t *testing.T) {
		got, err := f.svc.PlanReplacement(f.ctx, opsCenter(), ref, netops.ReplacementInput{PlannedOn: opsAt(2022, 3, 14, 8, 0), Model: "S5736", Note: "2022 年度更换"})
		if err != nil || !got.Replacement.PlannedOn.Equal(opsAt(2022, 3, 14, 0, 0)) || got.Replacement.Model != "S5736" || got.Version != 2 {
			t.Fatalf("%+v %v", got, err)
		}
		got, err = f.svc.PlanReplacement(f.ctx, opsCenter(), ref, netops.ReplacementInput{Note: "预算取消", IfVersion: 2})
		if err != nil || !got.Replacement.PlannedOn.IsZero() || got.Replacement.Model != "" || got.Version != 3 {
			t.Fatalf("%+v %v", got, err)
		}
		trail, _ := f.svc.DeviceTrail(f.ctx, opsCenter(), ref)
		if len(trail) != 3 || trail[1].Type != netops.EventReplacementPlanned || !strings.Contains(trail[2].Note, "预算取消") {
			t.Fatalf("%+v", trail)
		}
	})
}

func TestService_RetireDevice(t *testing.T) {
	f := newOps(t)
	d := f.opsDevice(t, opsDeviceInput("ZC-2019-001"))
	_, err := f.svc.RetireDevice(f.ctx, opsCenter(), d.AssetTag, netops.DeviceRetire{Note: " "})
	opsFields(t, err, "note")
	got, err := f.svc.RetireDevice(f.ctx, opsCenter(), d.AssetTag, netops.DeviceRetire{Note: "已到报废年限", IfVersion: 1})
	if err != nil || got.Status != netops.DeviceRetired || got.Version != 2 {
		t.Fatalf("%+v %v", got, err)
	}
	trail, _ := f.svc.DeviceTrail(f.ctx, opsCenter(), d.AssetTag)
	if last := trail[len(trail)-1]; last.Type != netops.EventDeviceRetired || last.From != "in_service" || last.To != "retired" {
		t.Fatalf("%+v", last)
	}
	_, err = f.svc.RetireDevice(f.ctx, opsCenter(), d.AssetTag, netops.DeviceRetire{Note: "again"})
	opsField(t, err, govops.ECONFLICT, "status", "retired")
	_, err = f.svc.UpdateDevice(f.ctx, opsCenter(), d.AssetTag, opsDeviceInput(""))
	opsCode(t, err, govops.ECONFLICT)
	_, err = f.svc.PlanReplacement(f.ctx, opsCenter(), d.AssetTag, netops.ReplacementInput{PlannedOn: opsNow()})
	opsCode(t, err, govops.ECONFLICT)
}

func TestService_Aging(t *testing.T) {
	f := newOps(t)
	add := func(tag string, bought, eol time.Time) *netops.Device {
		in := opsDeviceInput(tag)
		in.PurchasedOn, in.EndOfLife = bought, eol
		return f.opsDevice(t, in)
	}
	add("OLD-2", opsAt(2014, 1, 1, 0, 0), opsAt(2020, 1, 1, 0, 0))
	add("OLD-1", opsAt(2012, 1, 1, 0, 0), opsAt(2018, 1, 1, 0, 0))
	add("TODAY", opsAt(2016, 3, 14, 0, 0), time.Time{}) // end of life 2022-03-14 00:00: past
	add("SOON-2", opsAt(2017, 3, 1, 0, 0), time.Time{}) // 2023-03-01
	add("SOON-1", opsAt(2016, 6, 1, 0, 0), time.Time{}) // 2022-06-01
	add("YEAR", opsAt(2017, 3, 15, 0, 0), time.Time{})  // 2023-03-15: not within the year
	add("NEW", opsAt(2021, 1, 1, 0, 0), time.Time{})
	gone := add("GONE", opsAt(2010, 1, 1, 0, 0), time.Time{})
	if _, err := f.svc.RetireDevice(f.ctx, opsCenter(), gone.AssetTag, netops.DeviceRetire{Note: "报废"}); err != nil {
		t.Fatal(err)
	}
	for _, r := range []struct {
		tag string
		on  time.Time
	}{{"NEW", opsAt(2022, 9, 1, 0, 0)}, {"OLD-2", opsAt(2022, 4, 1, 0, 0)}} {
		if _, err := f.svc.PlanReplacement(f.ctx, opsCenter(), r.tag, netops.ReplacementInput{PlannedOn: r.on, Model: "S5736"}); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := f.svc.Aging(f.ctx, opsViewer())
	if err != nil {
		t.Fatal(err)
	}
	tags := func(ds []netops.Device) string {
		var out []string
		for _, d := range ds {
			out = append(out, d.AssetTag)
		}
		return strings.Join(out, ",")
	}
	if got := tags(rep.PastLife); got != "OLD-1,OLD-2,TODAY" {
		t.Errorf("past life %s", got)
	}
	if got := tags(rep.DueWithinYear); got != "SOON-1,SOON-2" {
		t.Errorf("due within a year %s", got)
	}
	if got := tags(rep.ReplacementsPlanned); got != "OLD-2,NEW" {
		t.Errorf("replacements planned %s", got)
	}
	if !rep.AsOf.Equal(opsNow()) {
		t.Errorf("as of %v", rep.AsOf)
	}
}

func TestService_Devices_Permissions(t *testing.T) {
	f := newOps(t)
	d := f.opsDevice(t, opsDeviceInput("ZC-2019-001"))
	for _, by := range []govops.Actor{opsDept(), opsViewer(), opsDeptViewer()} {
		t.Run(opsActorName(by), func(t *testing.T) {
			_, err := f.svc.AddDevice(f.ctx, by, opsDeviceInput("ZC-9"))
			opsCode(t, err, govops.EFORBIDDEN)
			_, err = f.svc.UpdateDevice(f.ctx, by, d.AssetTag, opsDeviceInput(""))
			opsCode(t, err, govops.EFORBIDDEN)
			_, err = f.svc.PlanReplacement(f.ctx, by, d.AssetTag, netops.ReplacementInput{})
			opsCode(t, err, govops.EFORBIDDEN)
			_, err = f.svc.RetireDevice(f.ctx, by, d.AssetTag, netops.DeviceRetire{Note: "x"})
			opsCode(t, err, govops.EFORBIDDEN)
			_, err = f.svc.ImportDevices(f.ctx, by, strings.NewReader(""), netops.ImportOptions{})
			opsCode(t, err, govops.EFORBIDDEN)
			want := ""
			if by.Department != "" {
				want = govops.EFORBIDDEN
			}
			_, err = f.svc.Device(f.ctx, by, d.AssetTag)
			opsCode(t, err, want)
			_, err = f.svc.Devices(f.ctx, by, netops.DeviceListInput{})
			opsCode(t, err, want)
			_, err = f.svc.DeviceTrail(f.ctx, by, d.AssetTag)
			opsCode(t, err, want)
			_, err = f.svc.Aging(f.ctx, by)
			opsCode(t, err, want)
		})
	}
}

func TestService_Devices(t *testing.T) {
	f := newOps(t)
	f.opsDevice(t, opsDeviceInput("A-1"))
	in := opsDeviceInput("A-2")
	in.Kind, in.Site, in.Room = netops.DeviceFirewall, "XHL", ""
	f.opsDevice(t, in)
	r := f.opsDevice(t, opsDeviceInput("A-3"))
	if _, err := f.svc.RetireDevice(f.ctx, opsCenter(), r.AssetTag, netops.DeviceRetire{Note: "坏了"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		in   netops.DeviceListInput
		want int
	}{
		{netops.DeviceListInput{}, 3},
		{netops.DeviceListInput{Site: "XZDL"}, 2},
		{netops.DeviceListInput{Kind: netops.DeviceFirewall}, 1},
		{netops.DeviceListInput{Status: netops.DeviceRetired}, 1},
		{netops.DeviceListInput{Site: "XZDL", Status: netops.DeviceInService}, 1},
	} {
		page, err := f.svc.Devices(f.ctx, opsCenter(), tc.in)
		if err != nil || len(page.Items) != tc.want {
			t.Errorf("%+v: %d, want %d (%v)", tc.in, len(page.Items), tc.want, err)
		}
	}
	_, err := f.svc.Devices(f.ctx, opsCenter(), netops.DeviceListInput{Kind: "x", Status: "y", Limit: 1000})
	opsFields(t, err, "kind", "status", "limit")
}

func TestParseDeviceKind(t *testing.T) {
	for in, want := range map[string]netops.DeviceKind{
		"router": netops.DeviceRouter, " Switch ": netops.DeviceSwitch, "防火墙": netops.DeviceFirewall,
		"服务器": netops.DeviceServer, "存储": netops.DeviceStorage, "UPS 电源": netops.DeviceUPS, "ups": netops.DeviceUPS,
		"UPS电源": netops.DeviceUPS, "其他": netops.DeviceOther,
	} {
		if got, ok := netops.ParseDeviceKind(in); !ok || got != want {
			t.Errorf("%q: %s %v, want %s", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "printer", "路由"} {
		if _, ok := netops.ParseDeviceKind(in); ok {
			t.Errorf("%q parsed", in)
		}
	}
}
