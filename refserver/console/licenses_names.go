package console

import "github.com/govops-kit/govops"

// ldNames turns the department codes of one license or data page into
// names, asking the directory once per code: a page shows a few
// departments, never the whole directory.
type ldNames struct {
	c  *Console
	rq *request
	m  map[string]string
}

func (c *Console) ldNames(rq *request) *ldNames {
	return &ldNames{c: c, rq: rq, m: map[string]string{}}
}

// name returns the name of the department code: the code itself when the
// directory has none by it (a department dissolved and removed, or a code
// from an import), "—" for none.
func (n *ldNames) name(code string) string {
	if code == "" {
		return "—"
	}
	if v, ok := n.m[code]; ok {
		return v
	}
	v := code
	if d, err := n.c.svc.Departments.Get(n.rq.ctx, n.rq.Actor(), code); err == nil {
		v = d.Name
	} else if govops.ErrorCode(err) != govops.ENOTFOUND && govops.ErrorCode(err) != govops.EINVALID {
		n.c.log.WarnContext(n.rq.ctx, "console: department name", "code", code, "error", err)
	}
	n.m[code] = v
	return v
}
