package netops

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
)

// DeviceColumns returns the columns of a devices CSV, in their usual
// order:
//
//	asset_tag    (资产编号)  required, unique in the file and the register
//	name         (名称)
//	kind         (类型)      required: a code or a label (see ParseDeviceKind)
//	site         (站点)      required: the code of a site
//	room         (机房)      a room of the site
//	vendor       (厂商)
//	model        (型号)
//	serial       (序列号)
//	purchased_on (购置日期)  required: 2019-03-01, 2019/3/1, 20190301 or 2019年3月1日
//	end_of_life  (报废日期)  purchased_on plus the device life unless given
//	note         (备注)
//
// Columns may come in any order; a header may use the Chinese names.
func DeviceColumns() []string { return deviceColumns().Names() }

func deviceColumns() csvimport.Columns {
	return csvimport.Columns{
		{Name: "asset_tag", Aliases: []string{"资产编号"}, Required: true},
		{Name: "name", Aliases: []string{"名称"}},
		{Name: "kind", Aliases: []string{"类型"}, Required: true},
		{Name: "site", Aliases: []string{"站点"}, Required: true},
		{Name: "room", Aliases: []string{"机房"}},
		{Name: "vendor", Aliases: []string{"厂商"}},
		{Name: "model", Aliases: []string{"型号"}},
		{Name: "serial", Aliases: []string{"序列号"}},
		{Name: "purchased_on", Aliases: []string{"购置日期"}, Required: true},
		{Name: "end_of_life", Aliases: []string{"报废日期"}},
		{Name: "note", Aliases: []string{"备注"}},
	}
}

// ParseDeviceKind reads a device kind as a spreadsheet writes it: its code
// in any letter case or its label (UPS 电源 also as UPS or UPS电源). ok is
// false for anything else, "" included.
func ParseDeviceKind(s string) (k DeviceKind, ok bool) {
	s = strings.TrimSpace(s)
	for _, k := range DeviceKinds() {
		if s == k.Label() || strings.EqualFold(s, string(k)) {
			return k, true
		}
	}
	if strings.EqualFold(strings.ReplaceAll(s, " ", ""), "UPS电源") {
		return DeviceUPS, true
	}
	return DeviceKind(s), false
}

// deviceDay reads a date as registers write it (2019-03-01, 2019/3/1,
// 2019.3.1, 20190301, 2019年3月1日) as the start of that day in
// Asia/Shanghai. ok is false for anything else, a day that does not exist
// included.
func deviceDay(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	layout := "2006-1-2"
	if len(v) == 8 && strings.Trim(v, "0123456789") == "" {
		layout = "20060102"
	} else {
		v = strings.NewReplacer("年", "-", "月", "-", "日", "", "/", "-", ".", "-").Replace(v)
	}
	t, err := time.ParseInLocation(layout, v, shanghai)
	return t.UTC(), err == nil
}

// ImportDevices enters devices from a CSV (see DeviceColumns), in UTF-8
// or GB18030, each in service at version 1 with an event whose note names
// its row. Center only: a department or read-only actor gets EFORBIDDEN
// before r is read. A header problem is an EINVALID error without a
// report.
//
// Every bad row is reported, each with every problem found: a field that
// AddDevice would refuse, a site that does not exist or a room that is not
// one of its rooms, and an asset tag taken by a device of the register or
// by an earlier row. With csvimport.AllOrNothing (the default) and any bad
// row nothing is stored and the report comes with an EINVALID error; with
// csvimport.KeepGood the good rows are stored. Either way the rows are
// stored in one Store call, all or none.
func (s *Service) ImportDevices(ctx context.Context, by govops.Actor, r io.Reader, opts ImportOptions) (csvimport.Report, error) {
	var rep csvimport.Report
	if err := by.CenterOnly("import devices"); err != nil {
		return rep, err
	}
	mode := opts.Mode
	if mode == "" {
		mode = csvimport.AllOrNothing
	}
	if !mode.Valid() {
		return rep, govops.FieldError("mode", `must be "all_or_nothing" or "keep_good"`)
	}
	rd, err := csvimport.NewReader(r, deviceColumns(), csvimport.WithEncoding(opts.Encoding))
	if err != nil {
		return rep, err
	}
	now := s.clock()
	type deviceRow struct {
		line int
		d    Device
		bad  bool
	}
	var rows []deviceRow
	parse := func(row *csvimport.Row, p *govops.Problems) Device {
		return s.deviceFields(p, deviceRowInput(row, p), now)
	}
	for pr, err := range csvimport.Parse(rd, parse) {
		if err != nil {
			return csvimport.Report{}, err
		}
		rep.Rows++
		rows = append(rows, deviceRow{line: pr.Row, d: pr.Value, bad: pr.Errors != nil})
		rep.Errors = append(rep.Errors, pr.Errors...)
	}
	fail := func(i int, field, problem string) {
		rows[i].bad = true
		rep.Errors = append(rep.Errors, csvimport.RowError{Row: rows[i].line, Field: field, Problem: problem})
	}
	firstRow := map[string]int{}
	sites := map[string]*Site{}
	for i := range rows {
		d := &rows[i].d
		var p govops.Problems
		if d.AssetTag != "" && govops.CheckNumber(&p, "asset_tag", d.AssetTag) {
			if line, dup := firstRow[d.AssetTag]; dup {
				fail(i, "asset_tag", fmt.Sprintf("asset tag %s is on row %d already", d.AssetTag, line))
			} else {
				firstRow[d.AssetTag] = rows[i].line
				other, err := s.store.DeviceByTag(ctx, d.AssetTag)
				switch govops.ErrorCode(err) {
				case "":
					fail(i, "asset_tag", fmt.Sprintf("asset tag %s is device %s's already", d.AssetTag, other.ID))
				case govops.ENOTFOUND:
				default:
					return csvimport.Report{}, err
				}
			}
		}
		if d.Site == "" || !govops.CheckCode(&p, "site", d.Site) {
			continue
		}
		site, seen := sites[d.Site]
		if !seen {
			site, err = s.store.Site(ctx, d.Site)
			if err != nil && govops.ErrorCode(err) != govops.ENOTFOUND {
				return csvimport.Report{}, err
			}
			sites[d.Site] = site
		}
		switch {
		case site == nil:
			fail(i, "site", fmt.Sprintf("no site %s: give the code of a site", govops.Truncate(d.Site, MaxCodeLen)))
		case d.Room != "":
			if why := opsRoom(site, d.Room, ""); why != "" {
				fail(i, "room", why)
			}
		}
	}
	rep.Sort()
	if err := rep.Err(mode); err != nil {
		return rep, err
	}
	var ds []Device
	var events []Event
	for _, row := range rows {
		if row.bad {
			continue
		}
		d := row.d
		if d.ID, err = govops.NewID(); err != nil {
			return csvimport.Report{}, err
		}
		d.Status, d.Version, d.CreatedAt, d.UpdatedAt = DeviceInService, 1, now, now
		ev, err := opsEvent(d.ID, 1, EventDeviceAdded, by, now, "", Status(DeviceInService), "", fmt.Sprintf("imported from row %d", row.line))
		if err != nil {
			return csvimport.Report{}, err
		}
		ds, events = append(ds, d), append(events, ev)
	}
	if len(ds) == 0 {
		return rep, nil
	}
	if err := s.store.CreateDevices(ctx, ds, events); err != nil {
		return rep, err
	}
	rep.Imported = len(ds)
	return rep, nil
}

// deviceRowInput reads one row of a devices CSV into the input of
// AddDevice, recording the problems of the cells that do not parse in p
// (they win over the problems deviceFields finds in the same fields).
func deviceRowInput(row *csvimport.Row, p *govops.Problems) DeviceInput {
	in := DeviceInput{AssetTag: row.Get("asset_tag"), Name: row.Get("name"), Site: row.Get("site"), Room: row.Get("room"),
		Vendor: row.Get("vendor"), Model: row.Get("model"), Serial: row.Get("serial"), Note: row.Get("note")}
	if v := strings.TrimSpace(row.Get("kind")); v != "" {
		k, ok := ParseDeviceKind(v)
		if !ok {
			p.Addf("kind", "%q is not a device kind: write %s", govops.Truncate(v, 40), deviceKindList())
		}
		in.Kind = k
	}
	for _, c := range []struct {
		field string
		to    *time.Time
	}{{"purchased_on", &in.PurchasedOn}, {"end_of_life", &in.EndOfLife}} {
		v := strings.TrimSpace(row.Get(c.field))
		if v == "" {
			continue
		}
		t, ok := deviceDay(v)
		if !ok {
			p.Addf(c.field, "%q is not a date: write 2019-03-01", govops.Truncate(v, 40))
			continue
		}
		*c.to = t
	}
	return in
}
