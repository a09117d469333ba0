package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/refserver"
)

// reportFlags are the flags of the report command.
type reportFlags struct {
	year   int
	format string // json, markdown or html
	dept   string // the department whose report is printed; "" for the district
}

// reportRun is the report command: it prints the annual report of a year,
// as the center's staff member CLIActor sees it or, with -dept, as a
// read-only actor of that department.
func (m *Main) reportRun(ctx context.Context) error {
	log := m.logger()
	cal, st, err := m.openWithCalendar(ctx, log)
	if err != nil {
		return err
	}
	by := govops.Actor{Name: CLIActor}
	if m.report.dept != "" {
		if _, err := st.deps.Get(ctx, govops.Actor{Name: CLIActor, ReadOnly: true}, m.report.dept); err != nil {
			if govops.ErrorCode(err) == govops.ENOTFOUND {
				return fmt.Errorf("-dept: no department %q in the directory (refserver department list shows them)", m.report.dept)
			}
			return err
		}
		by = govops.Actor{Name: CLIActor, Department: m.report.dept, ReadOnly: true}
	}
	svc := refserver.Wire(st.wired(), refserver.WireConfig{Log: log, Calendar: cal, HomeDistrict: m.homeDistrict(), Now: m.now})
	r, err := annual.Build(ctx, svc.Annual(), by, m.report.year)
	if err != nil {
		return cliError(err, map[string]string{"year": "-year"})
	}
	w := bufio.NewWriter(m.Stdout)
	switch m.report.format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		err = enc.Encode(r)
	case "html":
		err = r.HTML(w)
	default:
		err = r.Markdown(w)
	}
	if err != nil {
		return err
	}
	return w.Flush()
}
