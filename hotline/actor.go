package hotline

import (
	"strings"
	"unicode/utf8"

	"github.com/govops-kit/govops"
)

// MaxActorLen bounds the name of an Actor, in characters. It is the width
// of the columns that record who wrote what (created_by, actor and the
// like) in hotlinebun's schema, and so in the adapters modelled on it.
const MaxActorLen = MaxNameLen

// Actor is who asks the Service to do something (操作人). Name is recorded
// on everything the actor writes. Department is the code of the actor's
// department; empty means center staff (区政务网络服务中心). A ReadOnly actor
// (an auditor or a viewer) may read but change nothing, and does not see
// the free-text note of a callback, which may quote the citizen.
//
// What each actor may do:
//
//	center staff       everything but appealing a deduction
//	a department       read its own department's records and assessment
//	                   rows (plus the district totals); appeal the
//	                   deductions against it
//	read-only          read as its Department allows; change nothing
//
// Schemes and the peer ranking are published to everyone. A department
// that asks for another department's record gets ENOTFOUND, so that the
// record's existence does not leak; a department filter naming another
// department is EFORBIDDEN.
//
// A system that writes on the center's behalf, such as the hook that feeds
// outcomes from command-platform cases, acts as center staff under a name
// of its own (for example Actor{Name: "govcase"}), so that what it wrote
// can be told apart from what people wrote.
type Actor struct {
	Name       string
	Department string
	ReadOnly   bool
}

// Center reports whether a is center staff (no department).
func (a Actor) Center() bool { return a.Department == "" }

// Validate reports every bad field of a: the name is required and at most
// MaxActorLen characters; the department, when set, is a code of at most
// MaxCodeLen characters.
func (a Actor) Validate() error {
	var p govops.Problems
	a.problems(&p)
	return p.Err()
}

func (a Actor) problems(p *govops.Problems) {
	switch {
	case strings.TrimSpace(a.Name) == "":
		p.Add("actor", "required: who is asking (it is recorded on every change)")
	case !utf8.ValidString(a.Name):
		p.Add("actor", "must be valid UTF-8")
	case utf8.RuneCountInString(a.Name) > MaxActorLen:
		p.Addf("actor", "must be at most %d characters", MaxActorLen)
	case strings.ContainsRune(a.Name, 0):
		p.Add("actor", "must not contain NUL characters")
	}
	if a.Department != "" {
		checkCode(p, "actor.department", a.Department)
	}
}

// centerOnly checks that a may make a change only the center makes: it
// adds the bad fields of a to p, and returns EFORBIDDEN when a is valid
// but read-only or of a department. what names the change ("record
// deductions").
func (a Actor) centerOnly(p *govops.Problems, what string) error {
	var own govops.Problems
	a.problems(&own)
	if !own.Empty() {
		a.problems(p)
		return nil
	}
	if err := a.writable(what); err != nil {
		return err
	}
	if !a.Center() {
		return govops.Errorf(govops.EFORBIDDEN, "department %s may not %s: only the center does", a.Department, what)
	}
	return nil
}

// writable returns EFORBIDDEN for a read-only actor.
func (a Actor) writable(what string) error {
	if a.ReadOnly {
		return govops.Errorf(govops.EFORBIDDEN, "%s is read-only: it may read the hotline assessment but not %s", truncate(a.Name, 64), what)
	}
	return nil
}

// sees reports whether a may see a record of department dept: center
// staff see every record, a department only its own.
func (a Actor) sees(dept string) bool { return a.Center() || a.Department == dept }

// scope returns the department filter a listing by a runs with: a
// department's listing is limited to its own department, and asking for
// another one is EFORBIDDEN naming the field "department"; center staff
// get what they asked for ("" for every department).
func (a Actor) scope(requested string) (string, error) {
	if a.Center() {
		return requested, nil
	}
	if requested != "" && requested != a.Department {
		return "", govops.Errorf(govops.EFORBIDDEN, "department %s sees only its own records, not those of %s", a.Department, truncate(requested, MaxCodeLen)).
			WithField("department", "must be "+a.Department+" or left out")
	}
	return a.Department, nil
}

// masks reports whether a sees records with their personal data masked
// (govops.Mask): a read-only actor does. Center staff and a department
// reading its own records see them whole.
func (a Actor) masks() bool { return a.ReadOnly }
