package govops

import "context"

// DepartmentCheck tells a Service whether a code names a department, as a
// directory kept outside the domains knows it (the reference server's
// department directory, 部门目录): it returns an error for an unknown code,
// best EINVALID naming the field "department", and nil for a known one. A
// Service that records a department (a dispatch target, a routing rule, a
// deduction) takes one as an option and runs it after its own permission
// and input checks, so that a caller who may not act at all learns that
// first.
type DepartmentCheck func(ctx context.Context, code string) error

// Check returns c's answer for code; a nil c accepts every code, so that a
// Service without a directory records any well-formed one.
func (c DepartmentCheck) Check(ctx context.Context, code string) error {
	if c == nil {
		return nil
	}
	return c(ctx, code)
}
