package netops_test

import (
	"bytes"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/netops"
)

// FuzzImportDevices imports whatever the fuzzer writes as a devices CSV:
// it never panics, fails only with EINVALID, reports every row it read,
// and stores exactly the rows it says it imported, each readable by its
// asset tag.
func FuzzImportDevices(f *testing.F) {
	f.Add([]byte(opsDevicesCSV), false)
	f.Add([]byte("asset_tag,kind,site,purchased_on\nZC-1,router,XZDL,2019-01-01\nZC-1,路由器,XZDL,2019/1/1\n"), true)
	f.Add([]byte("资产编号,类型,站点,购置日期,报废日期\nA,ups,XHL,20190101,2018年1月1日\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, keepGood bool) {
		o := newOps(t)
		mode := csvimport.AllOrNothing
		if keepGood {
			mode = csvimport.KeepGood
		}
		rep, err := o.svc.ImportDevices(o.ctx, opsCenter(), bytes.NewReader(data), netops.ImportOptions{Mode: mode})
		if code := govops.ErrorCode(err); code != "" && code != govops.EINVALID {
			t.Fatalf("error %v", err)
		}
		if rep.Imported > rep.Rows || (err == nil && rep.Imported+rep.BadRows() < rep.Rows) {
			t.Fatalf("report %+v", rep)
		}
		page, lerr := o.svc.Devices(o.ctx, opsCenter(), netops.DeviceListInput{Limit: govops.MaxPageSize})
		if lerr != nil {
			t.Fatal(lerr)
		}
		if len(page.Items) != rep.Imported && len(page.Items) < govops.MaxPageSize {
			t.Fatalf("%d devices stored, %d imported", len(page.Items), rep.Imported)
		}
		for _, d := range page.Items {
			if _, err := o.svc.Device(o.ctx, opsCenter(), d.AssetTag); err != nil {
				t.Fatalf("device %q is not found by its tag: %v", d.AssetTag, err)
			}
			if !d.Kind.Valid() || !d.EndOfLife.After(d.PurchasedOn) {
				t.Fatalf("stored %+v", d)
			}
		}
	})
}

// FuzzParseDeviceKind: a kind that parses is one of DeviceKinds.
func FuzzParseDeviceKind(f *testing.F) {
	for _, s := range []string{"router", "UPS 电源", "ups电源", "防火墙", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if k, ok := netops.ParseDeviceKind(s); ok && !k.Valid() {
			t.Fatalf("%q parsed as %q", s, k)
		}
	})
}

// FuzzOpenVisit opens visits of any contact phone and texts: never a
// panic, only EINVALID, and a visit opened reads back as written.
func FuzzOpenVisit(f *testing.F) {
	f.Add("13812341234", "张三丰", "外网中断", "TEL-1")
	f.Add("+86 0772-280 1234", "", "", "2022-000123")
	f.Add("++1", "\x00", "x", "")
	f.Fuzz(func(t *testing.T, phone, contact, summary, ref string) {
		o := newOps(t)
		in := opsVisitInput()
		in.Zone, in.ContactPhone, in.Contact, in.Summary, in.Ticket.Ref = netops.ZoneUrban, phone, contact, summary, ref
		v, err := o.svc.OpenVisit(o.ctx, opsCenter(), in)
		if err != nil {
			if govops.ErrorCode(err) != govops.EINVALID {
				t.Fatalf("error %v", err)
			}
			return
		}
		got, err := o.svc.Visit(o.ctx, opsCenter(), v.ID.String())
		if err != nil || got.ContactPhone != v.ContactPhone || got.Summary != v.Summary {
			t.Fatalf("%+v %v", got, err)
		}
		if _, err := o.svc.Visit(o.ctx, opsViewer(), v.ID.String()); err != nil {
			t.Fatal(err)
		}
	})
}
