package console

import (
	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/directory"
)

// deptNames names the departments one page shows. On first use it reads
// one directory page (every unit of a district: the demo district has 282,
// a page holds 500); a code beyond it is asked for alone, once. Every page
// group names departments through it.
type deptNames struct {
	c      *Console
	rq     *request
	loaded bool
	list   []*directory.Department
	err    error
	m      map[string]string // by code; "" for a code the directory lacks
}

func (c *Console) deptNames(rq *request) *deptNames {
	return &deptNames{c: c, rq: rq, m: map[string]string{}}
}

// units returns the directory page: the choices of a department select.
func (n *deptNames) units() ([]*directory.Department, error) {
	if !n.loaded {
		n.loaded = true
		page, err := n.c.svc.Departments.List(n.rq.ctx, n.rq.Actor(), directory.ListInput{Limit: govops.MaxPageSize})
		n.list, n.err = page.Items, err
		for _, d := range page.Items {
			n.m[d.Code] = d.Name
		}
	}
	return n.list, n.err
}

// known returns the name of the department code, or "" when the directory
// has none by it (a department removed, a code from an import).
func (n *deptNames) known(code string) string {
	if code == "" {
		return ""
	}
	if _, err := n.units(); err != nil {
		n.warn(code, err)
	}
	if v, ok := n.m[code]; ok {
		return v
	}
	v := ""
	d, err := n.c.svc.Departments.Get(n.rq.ctx, n.rq.Actor(), code)
	switch govops.ErrorCode(err) {
	case "":
		v = d.Name
	case govops.ENOTFOUND, govops.EINVALID:
	default:
		n.warn(code, err)
	}
	n.m[code] = v
	return v
}

// name returns the name of the department code, the code itself when the
// directory has none by it, and "—" for none.
func (n *deptNames) name(code string) string {
	if code == "" {
		return "—"
	}
	if v := n.known(code); v != "" {
		return v
	}
	return code
}

func (n *deptNames) warn(code string, err error) {
	n.c.log.WarnContext(n.rq.ctx, "console: department name", "code", code, "error", err)
}
