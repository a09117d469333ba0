package netops

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
)

// LinkColumns returns the columns of a links CSV (ImportLinks), in their
// usual order:
//
//	unit           (单位代码, 单位编码, 单位)    required: the unit's directory code
//	site           (站点, 站点代码)              required: where the link lands
//	room           (机房, 房间)                  optional: a room of that site
//	carrier        (运营商)                      required: 中国电信, 中国联通, …
//	circuit_id     (电路编号, 电路代号, 专线号)  optional: unique per carrier
//	type           (类型, 线路类型)              required: extranet, internet or private, or a
//	                                             label (外网接入, 互联网专线, 业务专网)
//	via_extranet   (经外网出口, 统一出口)        optional: 是/否, true/false; internet lines only
//	network        (业务专网, 专网)              the network's code: private links only, required there
//	bandwidth_mbps (带宽, 带宽Mbps)              optional: Mbit/s, a whole number
//	vlan           (VLAN号)                      optional: 1–4094
//	prefixes       (IP地址段, 地址段, 网段)      optional: CIDR prefixes separated by ";" or spaces
//	status         (状态)                        optional: a status code or label (规划, 开通中, 在用,
//	                                             拆除中, 已拆除); planned when empty
//	since          (日期, 开通日期, 启用日期)    optional: the date of the status (2022-03-01); today
//	                                             when empty
//	note           (备注)                        optional; required for a decommissioned link
//
// Columns may come in any order; a header may use the Chinese names.
func LinkColumns() []string { return linkColumns().Names() }

func linkColumns() csvimport.Columns {
	return csvimport.Columns{
		{Name: "unit", Aliases: []string{"单位代码", "单位编码", "单位"}, Required: true},
		{Name: "site", Aliases: []string{"站点", "站点代码"}, Required: true},
		{Name: "room", Aliases: []string{"机房", "房间"}},
		{Name: "carrier", Aliases: []string{"运营商"}, Required: true},
		{Name: "circuit_id", Aliases: []string{"电路编号", "电路代号", "专线号"}},
		{Name: "type", Aliases: []string{"类型", "线路类型"}, Required: true},
		{Name: "via_extranet", Aliases: []string{"经外网出口", "统一出口"}},
		{Name: "network", Aliases: []string{"业务专网", "专网"}},
		{Name: "bandwidth_mbps", Aliases: []string{"带宽", "带宽Mbps", "带宽(Mbps)"}},
		{Name: "vlan", Aliases: []string{"VLAN号"}},
		{Name: "prefixes", Aliases: []string{"IP地址段", "地址段", "网段"}},
		{Name: "status", Aliases: []string{"状态"}},
		{Name: "since", Aliases: []string{"日期", "开通日期", "启用日期"}},
		{Name: "note", Aliases: []string{"备注"}},
	}
}

// ParseLinkType reads a link type as a spreadsheet writes it: its code in
// any letter case or its label (外网接入, 互联网专线, 业务专网). ok is false
// for anything else, "" included.
func ParseLinkType(s string) (t LinkType, ok bool) {
	s = strings.TrimSpace(s)
	for _, v := range LinkTypes() {
		if strings.EqualFold(s, string(v)) || s == v.Label() {
			return v, true
		}
	}
	return LinkType(s), false
}

// ParseLinkStatus reads a link status as a spreadsheet writes it: its
// code in any letter case or its label (规划, 开通中, 在用, 拆除中, 已拆除).
// ok is false for anything else, "" included.
func ParseLinkStatus(s string) (st LinkStatus, ok bool) {
	s = strings.TrimSpace(s)
	for _, v := range LinkStatuses() {
		if strings.EqualFold(s, string(v)) || s == v.Label() {
			return v, true
		}
	}
	return LinkStatus(s), false
}

// dateLayouts are the ways a spreadsheet writes a date.
func dateLayouts() []string {
	return []string{"2006-01-02", "2006/01/02", "2006-1-2", "2006/1/2", "2006.01.02", "2006.1.2", "20060102"}
}

// parseLinkRow reads one row of a links CSV into the input of CreateLink,
// recording in p the problems of the cells that do not parse.
func parseLinkRow(row *csvimport.Row, p *govops.Problems) LinkInput {
	in := LinkInput{Unit: row.Get("unit"), Site: row.Get("site"), Room: row.Get("room"), Carrier: row.Get("carrier"),
		CircuitID: row.Get("circuit_id"), Network: row.Get("network"), Note: row.Get("note")}
	if v := row.Get("type"); v != "" {
		t, ok := ParseLinkType(v)
		if !ok {
			p.Addf("type", "%q is not a link type: write %s", govops.Truncate(v, 40), choices(LinkTypes()))
		}
		in.Type = t
	}
	if v := row.Get("via_extranet"); v != "" {
		b, ok := csvimport.ParseBool(v)
		if !ok {
			p.Addf("via_extranet", "%q is not yes or no: write 是 or 否 (true or false)", govops.Truncate(v, 40))
		}
		in.ViaExtranet = b
	}
	if v := row.Get("bandwidth_mbps"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			p.Addf("bandwidth_mbps", "%q is not a whole number of Mbit/s (100)", govops.Truncate(v, 40))
		}
		in.BandwidthMbps = n
	}
	if v := row.Get("vlan"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			p.Addf("vlan", "%q is not a VLAN ID (1 to %d)", govops.Truncate(v, 40), MaxVLAN)
		}
		in.VLAN = n
	}
	in.Prefixes = strings.FieldsFunc(row.Get("prefixes"), func(r rune) bool {
		return r == ';' || r == '；' || r == ',' || r == '，' || unicode.IsSpace(r)
	})
	if v := row.Get("status"); v != "" {
		st, ok := ParseLinkStatus(v)
		if !ok {
			p.Addf("status", "%q is not a link status: write %s", govops.Truncate(v, 40), choices(LinkStatuses()))
		}
		in.Status = st
	}
	if v := row.Get("since"); v != "" {
		ok := false
		for _, layout := range dateLayouts() {
			if t, err := time.ParseInLocation(layout, v, shanghai); err == nil {
				in.At, ok = t, true
				break
			}
		}
		if !ok {
			p.Addf("since", "%q is not a date: write it as 2022-03-01", govops.Truncate(v, 40))
		}
	}
	return in
}

// linkRow is one row of a links CSV, as read and checked.
type linkRow struct {
	line int
	in   LinkInput
	link Link
	ips  []inputPrefix
	// bad says the row has a problem of its own (a cell, a rule of
	// CreateLink, a duplicate of an earlier row); its problems are in the
	// report already.
	bad bool
}

// ImportLinks records links from a CSV (see LinkColumns), in UTF-8 or
// GB18030, each at version 1 with an event whose note names its row.
// Center only: a department or read-only actor gets EFORBIDDEN before r is
// read. A header problem is an EINVALID error without a report.
//
// Every bad row is reported with its line and column, each with every
// problem CreateLink would find, and besides: a carrier's circuit ID that
// a stored link or an earlier row has, and a prefix of a live link that
// overlaps a live stored link's, or another row's, in the same address
// space (the later row is reported, naming the earlier).
//
// With csvimport.AllOrNothing and any bad row, nothing is stored and the
// report comes with an EINVALID error (csvimport.Report.Err); with
// csvimport.KeepGood the good rows are stored. Either way they are stored
// in one Store call, all or none, holding the prefix guard: a link stored
// by another writer meanwhile makes the import check again.
func (s *Service) ImportLinks(ctx context.Context, by govops.Actor, r io.Reader, opts ImportOptions) (csvimport.Report, error) {
	if err := by.CenterOnly("import links"); err != nil {
		return csvimport.Report{}, err
	}
	mode, err := importMode(opts)
	if err != nil {
		return csvimport.Report{}, err
	}
	cols := linkColumns()
	rd, err := csvimport.NewReader(r, cols, csvimport.WithEncoding(opts.Encoding))
	if err != nil {
		return csvimport.Report{}, err
	}
	now := s.clock()
	look := s.lookups()
	var base csvimport.Report
	var rows []linkRow
	var ierr error
	check := func(row *csvimport.Row, p *govops.Problems) linkRow {
		lr := linkRow{in: parseLinkRow(row, p)}
		lr.in.normalize()
		if ierr == nil {
			lr.link, lr.ips, ierr = look.checkNewLink(ctx, p, &lr.in, now)
		}
		if ierr == nil {
			lr.link.ID, ierr = mintID()
		}
		return lr
	}
	for pr, err := range csvimport.Parse(rd, check) {
		if err == nil {
			err = ierr
		}
		if err != nil {
			return csvimport.Report{}, err
		}
		base.Rows++
		row := pr.Value
		row.line, row.bad = pr.Row, pr.Errors != nil
		for _, e := range pr.Errors {
			if e.Field == "at" {
				e.Field = "since"
			}
			base.Errors = append(base.Errors, e)
		}
		rows = append(rows, row)
	}
	base.Errors = append(base.Errors, sameCircuitRows(rows)...)
	base.Errors = append(base.Errors, overlappingRows(rows)...)
	var rep csvimport.Report
	_, err = govops.Retry(ctx, govops.MaxWriteRetries, func(int) (bool, error) {
		rep = base
		rep.Errors = append([]csvimport.RowError(nil), base.Errors...)
		ls, evs, g, err := s.checkLinkRowsStored(ctx, by, rows, &rep, now)
		if err != nil {
			return false, err
		}
		rep.Sort()
		if err := rep.Err(mode); err != nil || len(ls) == 0 {
			return false, err
		}
		err = s.store.CreateLinks(ctx, ls, g, evs)
		if govops.ErrorCode(err) == govops.ECONFLICT {
			moved, gerr := s.guardMoved(ctx, g)
			if gerr != nil {
				return false, gerr
			}
			return moved, err
		}
		if err == nil {
			rep.Imported = len(ls)
		}
		return false, err
	})
	return rep, err
}

// sameCircuitRows reports each row whose carrier and circuit ID an earlier
// row has.
func sameCircuitRows(rows []linkRow) []csvimport.RowError {
	var out []csvimport.RowError
	first := map[[2]string]int{}
	for i := range rows {
		l := &rows[i].link
		if l.CircuitID == "" || l.Carrier == "" {
			continue
		}
		k := [2]string{l.Carrier, l.CircuitID}
		if j, dup := first[k]; dup {
			rows[i].bad = true
			out = append(out, csvimport.RowError{Row: rows[i].line, Field: "circuit_id",
				Problem: fmt.Sprintf("%s circuit %s is on row %d already: a circuit is recorded once", l.Carrier, l.CircuitID, rows[j].line)})
			continue
		}
		first[k] = i
	}
	return out
}

// overlappingRows reports each row a prefix of which overlaps an earlier
// row's in the same address space, both links being live: a sweep over
// the prefixes of every row (FindOverlaps), each row standing for a link.
func overlappingRows(rows []linkRow) []csvimport.RowError {
	var ps []LinkPrefix
	row := map[uuid.UUID]int{}
	for i := range rows {
		l := &rows[i].link
		if l.ID == uuid.Nil || !l.Status.Live() {
			continue
		}
		row[l.ID] = i
		for _, ip := range rows[i].ips {
			ps = append(ps, LinkPrefix{Link: l.ID, Unit: l.Unit, Space: l.Space(), Prefix: ip.p, Status: l.Status})
		}
	}
	problems := map[int][]string{}
	var order []int
	for _, o := range FindOverlaps(ps) {
		a, b := row[o.A.Link], row[o.B.Link]
		later, mine, theirs, other := b, o.B.Prefix, o.A.Prefix, a
		if a > b {
			later, mine, theirs, other = a, o.A.Prefix, o.B.Prefix, b
		}
		if problems[later] == nil {
			order = append(order, later)
		}
		problems[later] = append(problems[later], fmt.Sprintf("%s overlaps %s of row %d (unit %s) in %s",
			mine, theirs, rows[other].line, rows[other].link.Unit, spaceName(rows[other].link.Space())))
	}
	var out []csvimport.RowError
	for _, i := range order {
		rows[i].bad = true
		out = append(out, csvimport.RowError{Row: rows[i].line, Field: "prefixes", Problem: strings.Join(problems[i], "; ")})
	}
	return out
}

// checkLinkRowsStored checks the rows against the stored links, reporting
// in rep each row whose circuit a stored link has or whose live prefixes
// overlap a stored live link's, and returns the links of the good rows
// with their events and the Guard their write holds: the prefix scope's
// generation, read before the overlaps were checked, when they add a live
// prefix.
func (s *Service) checkLinkRowsStored(ctx context.Context, by govops.Actor, rows []linkRow, rep *csvimport.Report, now time.Time) ([]Link, []Event, Guard, error) {
	var g Guard
	for i := range rows {
		if !rows[i].bad && addsLivePrefixes(&rows[i].link, nil) {
			gen, err := s.store.Generation(ctx, ScopePrefixes)
			if err != nil {
				return nil, nil, Guard{}, err
			}
			g = Guard{Scope: ScopePrefixes, Gen: gen}
			break
		}
	}
	all, err := s.store.Links(ctx, LinkFilter{}, uuid.Nil, 0)
	if err != nil {
		return nil, nil, Guard{}, err
	}
	circuits := make(map[[2]string]*Link, len(all))
	for i := range all {
		if l := &all[i]; l.CircuitID != "" {
			circuits[[2]string{l.Carrier, l.CircuitID}] = l
		}
	}
	var ls []Link
	var evs []Event
	for i := range rows {
		row := &rows[i]
		if row.bad {
			continue
		}
		l := &row.link
		bad := false
		if o, ok := circuits[[2]string{l.Carrier, l.CircuitID}]; ok && l.CircuitID != "" {
			bad = true
			rep.Errors = append(rep.Errors, csvimport.RowError{Row: row.line, Field: "circuit_id",
				Problem: fmt.Sprintf("%s circuit %s is link %s's (unit %s): a circuit is recorded once", l.Carrier, l.CircuitID, o.ID, o.Unit)})
		}
		if l.Status.Live() {
			cs, err := s.clashes(ctx, l.Space(), l.ID, row.ips)
			if err != nil {
				return nil, nil, Guard{}, err
			}
			if len(cs) > 0 {
				bad = true
				ps := make([]string, len(cs))
				for k, c := range cs {
					ps[k] = c.problem()
				}
				rep.Errors = append(rep.Errors, csvimport.RowError{Row: row.line, Field: "prefixes", Problem: strings.Join(ps, "; ")})
			}
		}
		if bad {
			continue
		}
		lk := *l
		lk.Version, lk.CreatedAt, lk.UpdatedAt = 1, now, now
		ev, err := invEvent(lk.ID, 1, EventLinkCreated, by, now, "", Status(lk.Status), lk.Unit, fmt.Sprintf("imported from row %d", row.line))
		if err != nil {
			return nil, nil, Guard{}, err
		}
		ls, evs = append(ls, lk), append(evs, ev)
	}
	return ls, evs, g, nil
}
