package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/govops-kit/govops/refserver"
)

func (m *Main) departmentCreate(ctx context.Context) error {
	if m.dept.Kind == "" {
		return errors.New("-kind: is required: department (部门), township (乡镇街道), village (村) or community (社区)")
	}
	reg, err := m.registry(ctx)
	if err != nil {
		return err
	}
	d, err := reg.CreateDepartment(ctx, m.dept)
	if err != nil {
		return cliError(err, map[string]string{"code": "-code", "name": "-name", "kind": "-kind", "parent": "-parent"})
	}
	fmt.Fprintf(m.Stdout, "created %s %s %q", d.Kind, d.Code, d.Name)
	if d.Parent != "" {
		fmt.Fprintf(m.Stdout, " under %s", d.Parent)
	}
	fmt.Fprintln(m.Stdout)
	return m.audit(ctx, reg, refserver.AuditRouteDepartmentCreate, http.StatusCreated, "department "+d.Code, d.Code)
}

func (m *Main) departmentList(ctx context.Context) error {
	reg, err := m.registry(ctx)
	if err != nil {
		return err
	}
	var t table
	t.row("CODE", "NAME", "KIND", "PARENT", "CREATED")
	cursor := ""
	for {
		page, err := reg.Departments(ctx, cursor, refserver.MaxDirectoryPage)
		if err != nil {
			return err
		}
		for _, d := range page.Departments {
			t.row(d.Code, d.Name, string(d.Kind), orDash(d.Parent), shanghai(d.CreatedAt))
		}
		if page.Next == "" {
			break
		}
		cursor = page.Next
	}
	return t.write(m.Stdout)
}
