package govops

import "context"

// DepartmentCheck tells a Service whether a department code exists, for
// the records that name one: it returns an error for an unknown code,
// EINVALID naming the field "department" at best. The departments live in
// a directory that no domain imports; whoever wires the Services (the
// reference server: refserver.DepartmentCheck) hands each the same check.
type DepartmentCheck func(ctx context.Context, code string) error

// Check runs c on code. A nil DepartmentCheck accepts every code, so that
// a Service built without a directory takes any well-formed one.
func (c DepartmentCheck) Check(ctx context.Context, code string) error {
	if c == nil {
		return nil
	}
	return c(ctx, code)
}
