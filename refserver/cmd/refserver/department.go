package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/refserver"
)

// cliActor is who changes the directory from the command line: center
// staff, recorded as "cli" in the trail and the audit log.
var cliActor = govops.Actor{Name: refserver.AuditActorCLI}

func (m *Main) departmentCreate(ctx context.Context) error {
	if m.dept.Kind == "" {
		return errors.New("-kind: is required: department (部门), township (乡镇街道), village (村) or community (社区)")
	}
	reg, deps, err := m.registry(ctx)
	if err != nil {
		return err
	}
	d, err := deps.Create(ctx, cliActor, m.dept)
	if err != nil {
		return cliError(err, map[string]string{"code": "-code", "name": "-name", "kind": "-kind", "parent": "-parent", "zone": "-zone"})
	}
	fmt.Fprintf(m.Stdout, "created %s %s %q", d.Kind, d.Code, d.Name)
	if d.Parent != "" {
		fmt.Fprintf(m.Stdout, " under %s", d.Parent)
	}
	if d.Zone != "" {
		fmt.Fprintf(m.Stdout, " in zone %s", d.Zone)
	}
	fmt.Fprintln(m.Stdout)
	return m.audit(ctx, reg, refserver.AuditRouteDepartmentCreate, http.StatusCreated, "department "+d.Code, d.Code)
}

// departmentImport adds the units of a CSV file (or standard input for
// "-"): every bad row is printed, and with all-or-nothing (the default)
// nothing is stored when any row is bad.
func (m *Main) departmentImport(ctx context.Context) error {
	var r io.Reader = os.Stdin
	if m.deptFile != "-" {
		f, err := os.Open(m.deptFile)
		if err != nil {
			return fmt.Errorf("-file: %w", err)
		}
		defer f.Close()
		r = f
	}
	mode := csvimport.AllOrNothing
	switch m.deptMode {
	case "", "all-or-nothing":
	case "keep-good":
		mode = csvimport.KeepGood
	default:
		return fmt.Errorf("-mode: must be all-or-nothing (the default) or keep-good, not %q", m.deptMode)
	}
	reg, deps, err := m.registry(ctx)
	if err != nil {
		return err
	}
	rep, err := deps.Import(ctx, cliActor, r, directory.ImportOptions{Mode: mode})
	for _, e := range rep.Errors {
		fmt.Fprintln(m.Stdout, e.String())
	}
	if err != nil {
		if len(rep.Errors) > 0 {
			return fmt.Errorf("%d of %d rows have problems; nothing was imported", rep.BadRows(), rep.Rows)
		}
		return err
	}
	fmt.Fprintf(m.Stdout, "imported %d of %d departments\n", rep.Imported, rep.Rows)
	if rep.Imported == 0 {
		return nil
	}
	return m.audit(ctx, reg, refserver.AuditRouteDepartmentImport, http.StatusOK, fmt.Sprintf("%d departments", rep.Imported), m.deptFile)
}

func (m *Main) departmentList(ctx context.Context) error {
	_, deps, err := m.registry(ctx)
	if err != nil {
		return err
	}
	var t table
	t.row("CODE", "NAME", "KIND", "PARENT", "ZONE", "STATUS", "CREATED")
	in := directory.ListInput{Limit: govops.MaxPageSize}
	for {
		page, err := deps.List(ctx, cliActor, in)
		if err != nil {
			return err
		}
		for _, d := range page.Items {
			t.row(d.Code, d.Name, string(d.Kind), orDash(d.Parent), orDash(string(d.Zone)), string(d.Status), shanghai(d.CreatedAt))
		}
		if page.Next == "" {
			break
		}
		in.Cursor = page.Next
	}
	return t.write(m.Stdout)
}
