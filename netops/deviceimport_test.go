package netops_test

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/netops"
)

// opsDevicesCSV is a devices file with Chinese headers, kinds as labels
// and codes, and dates as registers write them.
const opsDevicesCSV = `资产编号,名称,类型,站点,机房,厂商,型号,序列号,购置日期,报废日期,备注
ZC-2016-001,出口路由器,路由器,XZDL,3F-JF,华为,AR6280,SN001,2016/3/1,,
ZC-2018-002,核心交换机,switch,XZDL,3F-JF,华为,S7706,SN002,2018年6月1日,2026-06-01,双机
ZC-2020-003,UPS,UPS 电源,XHL,,山特,C10K,SN003,20200101,,
`

func TestService_ImportDevices(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		f := newOps(t)
		rep, err := f.svc.ImportDevices(f.ctx, opsCenter(), strings.NewReader(opsDevicesCSV), netops.ImportOptions{})
		if err != nil || rep.Rows != 3 || rep.Imported != 3 || len(rep.Errors) != 0 {
			t.Fatalf("%+v %v", rep, err)
		}
		for _, tc := range []struct {
			tag       string
			kind      netops.DeviceKind
			bought    string
			endOfLife string
		}{
			{"ZC-2016-001", netops.DeviceRouter, "2016-03-01", "2022-03-01"},
			{"ZC-2018-002", netops.DeviceSwitch, "2018-06-01", "2026-06-01"},
			{"ZC-2020-003", netops.DeviceUPS, "2020-01-01", "2026-01-01"},
		} {
			d, err := f.svc.Device(f.ctx, opsCenter(), tc.tag)
			if err != nil {
				t.Fatal(err)
			}
			if d.Kind != tc.kind || d.PurchasedOn.In(sh).Format("2006-01-02 15:04") != tc.bought+" 00:00" || d.EndOfLife.In(sh).Format("2006-01-02") != tc.endOfLife {
				t.Errorf("%s: %s bought %v, end of life %v", tc.tag, d.Kind, d.PurchasedOn.In(sh), d.EndOfLife.In(sh))
			}
			trail, _ := f.svc.DeviceTrail(f.ctx, opsCenter(), tc.tag)
			if len(trail) != 1 || !strings.HasPrefix(trail[0].Note, "imported from row ") {
				t.Errorf("%s trail %+v", tc.tag, trail)
			}
		}
	})
	t.Run("GB18030", func(t *testing.T) {
		f := newOps(t)
		var b bytes.Buffer
		w := simplifiedchinese.GB18030.NewEncoder().Writer(&b)
		if _, err := w.Write([]byte(opsDevicesCSV)); err != nil {
			t.Fatal(err)
		}
		rep, err := f.svc.ImportDevices(f.ctx, opsCenter(), &b, netops.ImportOptions{})
		if err != nil || rep.Imported != 3 {
			t.Fatalf("%+v %v", rep, err)
		}
		d, _ := f.svc.Device(f.ctx, opsCenter(), "ZC-2016-001")
		if d.Name != "出口路由器" {
			t.Fatalf("name %q", d.Name)
		}
	})
	// The rows of a bad file (line 1 is the header), each with the
	// problems it must report.
	const bad = `asset_tag,name,kind,site,room,purchased_on,end_of_life
ZC-1,好的,router,XZDL,3F-JF,2019-01-01,
ZC-1,重复,router,XZDL,,2019-01-01,
ZC-TAKEN,已入账,router,XZDL,,2019-01-01,
,无编号,打印机,NOPE,,2019-13-01,
ZC-5,机房不对,switch,XHL,3F-JF,2019-01-01,2018-01-01
ZC-6,明天,switch,XZDL,,2022-03-15,
ZC-7,好的,firewall,XHL,JF,2021.5.6,
`
	want := []csvimport.RowError{
		{Row: 3, Field: "asset_tag"},
		{Row: 4, Field: "asset_tag"},
		{Row: 5, Field: "asset_tag"}, {Row: 5, Field: "kind"}, {Row: 5, Field: "purchased_on"}, {Row: 5, Field: "site"},
		{Row: 6, Field: "end_of_life"}, {Row: 6, Field: "room"},
		{Row: 7, Field: "purchased_on"},
	}
	check := func(t *testing.T, rep csvimport.Report) {
		t.Helper()
		got := map[csvimport.RowError]bool{}
		for _, e := range rep.Errors {
			got[csvimport.RowError{Row: e.Row, Field: e.Field}] = true
		}
		for _, w := range want {
			if !got[w] {
				t.Errorf("no problem reported for row %d, %s: %+v", w.Row, w.Field, rep.Errors)
			}
		}
		if len(rep.Errors) != len(want) || rep.BadRows() != 5 || rep.Rows != 7 {
			t.Errorf("%d problems on %d bad rows of %d, want %d on 5 of 7: %+v", len(rep.Errors), rep.BadRows(), rep.Rows, len(want), rep.Errors)
		}
	}
	t.Run("AllOrNothing", func(t *testing.T) {
		f := newOps(t)
		f.opsDevice(t, opsDeviceInput("ZC-TAKEN"))
		rep, err := f.svc.ImportDevices(f.ctx, opsCenter(), strings.NewReader(bad), netops.ImportOptions{})
		opsCode(t, err, govops.EINVALID)
		check(t, rep)
		if rep.Imported != 0 {
			t.Fatalf("imported %d", rep.Imported)
		}
		page, _ := f.svc.Devices(f.ctx, opsCenter(), netops.DeviceListInput{})
		if len(page.Items) != 1 {
			t.Fatalf("%d devices stored, want only ZC-TAKEN", len(page.Items))
		}
	})
	t.Run("KeepGood", func(t *testing.T) {
		f := newOps(t)
		f.opsDevice(t, opsDeviceInput("ZC-TAKEN"))
		rep, err := f.svc.ImportDevices(f.ctx, opsCenter(), strings.NewReader(bad), netops.ImportOptions{Mode: csvimport.KeepGood})
		if err != nil {
			t.Fatal(err)
		}
		check(t, rep)
		if rep.Imported != 2 {
			t.Fatalf("imported %d, want 2", rep.Imported)
		}
		if d, err := f.svc.Device(f.ctx, opsCenter(), "ZC-1"); err != nil || d.Name != "好的" {
			t.Fatalf("the first ZC-1 row: %+v %v", d, err)
		}
		if _, err := f.svc.Device(f.ctx, opsCenter(), "ZC-7"); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("Header", func(t *testing.T) {
		f := newOps(t)
		_, err := f.svc.ImportDevices(f.ctx, opsCenter(), strings.NewReader("名称,类型\n交换机,switch\n"), netops.ImportOptions{})
		opsCode(t, err, govops.EINVALID)
		_, err = f.svc.ImportDevices(f.ctx, opsCenter(), strings.NewReader(opsDevicesCSV), netops.ImportOptions{Mode: "some"})
		opsFields(t, err, "mode")
	})
	t.Run("Columns", func(t *testing.T) {
		if got := strings.Join(netops.DeviceColumns(), ","); got != "asset_tag,name,kind,site,room,vendor,model,serial,purchased_on,end_of_life,note" {
			t.Fatalf("columns %s", got)
		}
	})
}
