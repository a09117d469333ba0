package netops

import (
	"context"
	"fmt"
	"io"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
)

// UnitColumns returns the columns of a unit profiles CSV (ImportUnits), in
// their usual order:
//
//	unit (单位代码, 单位编码, 单位)  required: the unit's directory code
//	site (站点, 站点代码)            required: the code of the site it sits in
//	room (机房, 房间)                optional: a room of that site
//	note (备注)                      optional
//
// Columns may come in any order; a header may use the Chinese names.
func UnitColumns() []string { return unitColumns().Names() }

func unitColumns() csvimport.Columns {
	return csvimport.Columns{
		{Name: "unit", Aliases: []string{"单位代码", "单位编码", "单位"}, Required: true},
		{Name: "site", Aliases: []string{"站点", "站点代码"}, Required: true},
		{Name: "room", Aliases: []string{"机房", "房间"}},
		{Name: "note", Aliases: []string{"备注"}},
	}
}

// importMode returns the mode opts ask for: AllOrNothing unless set.
func importMode(opts ImportOptions) (csvimport.Mode, error) {
	if opts.Mode == "" {
		return csvimport.AllOrNothing, nil
	}
	if !opts.Mode.Valid() {
		return "", govops.FieldError("mode", `must be "all_or_nothing" or "keep_good"`)
	}
	return opts.Mode, nil
}

// unitRow is one row of a unit profiles CSV.
type unitRow struct {
	line int
	unit string
	in   UnitInput
	bad  bool
}

// ImportUnits sets the network profiles of units from a CSV (see
// UnitColumns), in UTF-8 or GB18030, each new profile at version 1 with an
// event whose note names its row. Center only: a department or read-only
// actor gets EFORBIDDEN before r is read. A header problem is an EINVALID
// error without a report.
//
// Every bad row is reported with its line and column, each with every
// problem SetUnit would find (a unit the directory does not hold, a site
// that does not exist, a room that is not one of its rooms), and besides:
// a unit on an earlier row, and a unit whose profile differs from the
// row's (an import records new profiles; SetUnit changes one). A row
// that repeats a unit's profile as stored is let through with a warning
// and not written.
//
// With csvimport.AllOrNothing and any bad row, nothing is stored and the
// report comes with an EINVALID error (csvimport.Report.Err); with
// csvimport.KeepGood the good rows are stored. Either way they are stored
// in one Store call, all or none.
func (s *Service) ImportUnits(ctx context.Context, by govops.Actor, r io.Reader, opts ImportOptions) (csvimport.Report, error) {
	if err := by.CenterOnly("import unit network profiles"); err != nil {
		return csvimport.Report{}, err
	}
	mode, err := importMode(opts)
	if err != nil {
		return csvimport.Report{}, err
	}
	cols := unitColumns()
	rd, err := csvimport.NewReader(r, cols, csvimport.WithEncoding(opts.Encoding))
	if err != nil {
		return csvimport.Report{}, err
	}
	look := s.lookups()
	var rep csvimport.Report
	var rows []unitRow
	var ierr error
	first := map[string]int{} // unit → line of the first row naming it
	var codes []string
	check := func(row *csvimport.Row, p *govops.Problems) unitRow {
		ur := unitRow{unit: row.Get("unit"), in: UnitInput{Site: row.Get("site"), Room: row.Get("room"), Note: row.Get("note")}}
		if ierr == nil {
			ierr = look.unitProblems(ctx, p, ur.unit, &ur.in)
		}
		if line, dup := first[ur.unit]; dup {
			p.Addf("unit", "unit %s is on row %d already: a unit has one profile", ur.unit, line)
		} else if ur.unit != "" {
			first[ur.unit] = row.Line()
			codes = append(codes, ur.unit)
		}
		return ur
	}
	for pr, err := range csvimport.Parse(rd, check) {
		if err == nil {
			err = ierr
		}
		if err != nil {
			return csvimport.Report{}, err
		}
		rep.Rows++
		row := pr.Value
		row.line, row.bad = pr.Row, pr.Errors != nil
		rep.Errors = append(rep.Errors, pr.Errors...)
		rows = append(rows, row)
	}
	stored := map[string]UnitNet{}
	if len(codes) > 0 {
		us, err := s.store.Units(ctx, UnitFilter{Units: codes}, "", 0)
		if err != nil {
			return csvimport.Report{}, err
		}
		for _, u := range us {
			stored[u.Unit] = u
		}
	}
	var us []UnitNet
	var evs []Event
	for i := range rows {
		row := &rows[i]
		if row.bad {
			continue
		}
		if u, ok := stored[row.unit]; ok {
			if u.Site == row.in.Site && u.Room == row.in.Room && u.Note == row.in.Note {
				rep.Warnings = append(rep.Warnings, csvimport.RowError{Row: row.line, Field: "unit",
					Problem: fmt.Sprintf("unit %s has this profile already: the row is not written", row.unit)})
				continue
			}
			row.bad = true
			rep.Errors = append(rep.Errors, csvimport.RowError{Row: row.line, Field: "unit",
				Problem: fmt.Sprintf("unit %s has a network profile already (%s): an import records new profiles; change this one on its own", row.unit, place(u.Site, u.Room))})
			continue
		}
		u, ev, err := s.newUnitNet(by, row.unit, row.in, fmt.Sprintf("imported from row %d", row.line))
		if err != nil {
			return csvimport.Report{}, err
		}
		us, evs = append(us, *u), append(evs, ev)
	}
	rep.Sort()
	if err := rep.Err(mode); err != nil {
		return rep, err
	}
	if len(us) > 0 {
		if err := s.store.CreateUnits(ctx, us, evs); err != nil {
			return rep, err
		}
	}
	rep.Imported = len(us)
	return rep, nil
}
