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

// Fields checks with c that every unit code of fields (pairs of a field
// and the code it holds; empty codes, the center's, are skipped) is one the
// directory knows, asking once per code, and returns EINVALID naming each
// field that holds one it does not; any other error of c is returned as
// it is. A nil c accepts every code.
func (c DepartmentCheck) Fields(ctx context.Context, fields [][2]string) error {
	if c == nil {
		return nil
	}
	var p Problems
	seen := map[string]error{}
	for _, f := range fields {
		if f[1] == "" {
			continue
		}
		err, ok := seen[f[1]]
		if !ok {
			err = c(ctx, f[1])
			seen[f[1]] = err
		}
		switch ErrorCode(err) {
		case "":
		case EINVALID:
			msg := ErrorFields(err)["department"]
			if msg == "" {
				msg = ErrorMessage(err)
			}
			p.Add(f[0], msg)
		default:
			return err
		}
	}
	return p.Err()
}
