package govops

import (
	"strings"
)

// Limits every domain applies to who asks and to codes.
const (
	// MaxActorLen bounds an Actor's name, in characters: the width of the
	// columns that record who wrote what (created_by, actor and the like).
	MaxActorLen = 128
	// MaxCodeLen bounds a code (a department code, a case number, a type
	// code), in characters.
	MaxCodeLen = 64
)

// Role is what an Actor may do, derived from its fields.
type Role string

// The roles.
const (
	// RoleCenter is center staff (区政务网络服务中心): everything.
	RoleCenter Role = "center"
	// RoleDepartment acts for one department: it sees and acts only on what
	// is its department's.
	RoleDepartment Role = "department"
	// RoleReadOnly reads (as its Department allows) and changes nothing.
	RoleReadOnly Role = "readonly"
)

// Label returns the role's Chinese label.
func (r Role) Label() string {
	switch r {
	case RoleCenter:
		return "中心"
	case RoleDepartment:
		return "部门"
	case RoleReadOnly:
		return "只读"
	}
	return string(r)
}

// Actor is who asks a Service to do something (操作人). Every Service method
// of every domain takes one, reads included, and enforces what it may do.
//
// Name is recorded on everything the actor writes. Department is the code
// of the actor's department; empty means center staff, or a read-only
// reader of the whole district. ReadOnly makes an auditor or viewer, who
// may read but change nothing and sees personal data masked.
//
// The zero Role rules follow from the fields, so that the zero value of
// the optional ones means something:
//
//	Actor{Name: "王芳"}                              center staff
//	Actor{Name: "李强", Department: "QZFJ"}          department QZFJ
//	Actor{Name: "审计", ReadOnly: true}              read-only, whole district
//	Actor{Name: "审计", Department: "QZFJ", ReadOnly: true}  read-only, QZFJ
//
// A system that writes on the center's behalf (a hook between domains)
// acts as center staff under a name of its own, such as "govcase", so that
// what it wrote can be told apart from what people wrote.
type Actor struct {
	Name       string
	Department string
	ReadOnly   bool
}

// Role returns what a may do.
func (a Actor) Role() Role {
	switch {
	case a.ReadOnly:
		return RoleReadOnly
	case a.Department != "":
		return RoleDepartment
	}
	return RoleCenter
}

// IsCenter reports whether a is center staff: no department and not
// read-only.
func (a Actor) IsCenter() bool { return a.Department == "" && !a.ReadOnly }

// DistrictWide reports whether a reads the whole district: center staff, or
// a read-only reader without a department.
func (a Actor) DistrictWide() bool { return a.Department == "" }

// MaySee reports whether a may see a record of department dept: a
// district-wide actor sees every record, a department only its own.
func (a Actor) MaySee(dept string) bool { return a.Department == "" || a.Department == dept }

// SeesPersonalData reports whether a may see the personal data of a record
// of department dept unmasked: center staff, and the department that
// handles the record. A read-only actor never does.
func (a Actor) SeesPersonalData(dept string) bool { return !a.ReadOnly && a.MaySee(dept) }

// Check adds a's bad fields to p: the name is required, valid UTF-8
// without control characters and at most MaxActorLen characters; the
// department, when set, is a code (CheckCode). The fields are named
// "actor" and "actor.department".
func (a Actor) Check(p *Problems) {
	switch {
	case strings.TrimSpace(a.Name) == "":
		p.Add("actor", "required: who is asking (it is recorded on every change)")
	default:
		CheckText(p, "actor", a.Name, MaxActorLen, true)
	}
	if a.Department != "" {
		CheckCode(p, "actor.department", a.Department)
	}
}

// Validate returns EINVALID naming every bad field of a (see Check), or nil.
func (a Actor) Validate() error {
	var p Problems
	a.Check(&p)
	return p.Err()
}

// MayWrite returns nil when a is valid and may change records: EINVALID for
// a bad actor, EFORBIDDEN for a read-only one. what names the change, as in
// "record deductions".
func (a Actor) MayWrite(what string) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if a.ReadOnly {
		return Errorf(EFORBIDDEN, "%s is read-only: it may read but not %s", Truncate(a.Name, 64), what)
	}
	return nil
}

// CenterOnly returns nil when a is center staff: EINVALID for a bad actor,
// EFORBIDDEN for a read-only one or a department. what names the change.
func (a Actor) CenterOnly(what string) error {
	if err := a.MayWrite(what); err != nil {
		return err
	}
	if a.Department != "" {
		return Errorf(EFORBIDDEN, "department %s may not %s: only the center does", a.Department, what)
	}
	return nil
}

// Scope returns the department filter a listing by a runs with. A
// department-bound actor is limited to its own department, and asking for
// another one is EFORBIDDEN naming the field "department" (rather than
// silently answering with its own). A district-wide actor gets what it asked
// for ("" for every department).
func (a Actor) Scope(requested string) (string, error) {
	if a.Department == "" {
		return requested, nil
	}
	if requested != "" && requested != a.Department {
		return "", Errorf(EFORBIDDEN, "department %s sees only its own records, not those of %s", a.Department, Truncate(requested, MaxCodeLen)).
			WithField("department", "must be "+a.Department+" or left out")
	}
	return a.Department, nil
}

// ReadDistrict returns nil when a may read what only the center and its
// read-only readers read (a district-wide report or register): a
// department is EFORBIDDEN, a bad actor EINVALID.
func (a Actor) ReadDistrict(what string) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if a.Department != "" {
		return Errorf(EFORBIDDEN, "department %s may not read %s: only the center and district-wide readers do", a.Department, what)
	}
	return nil
}
