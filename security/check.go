package security

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// The helpers every part of the Service shares: reading references, who
// may read what, masking, the checks of free text, dates and findings.

// Limits of the fields the Service checks, in characters.
const (
	MaxNameLen   = 200  // a title, a name, an asset, a participant
	MaxNoteLen   = 2000 // a note, a scope, a scenario, a detail
	MaxTextLen   = 8000 // measures of a grade, a checklist item's text
	MaxFindings  = 500  // findings of one drill, inspection or exercise
	MaxActions   = 200  // actions of one drill
	MaxItems     = 200  // items of one inspection
	MaxListItems = 100  // participants of one drill
)

// shanghai is the time zone that days and years are counted in.
var shanghai = govops.ShanghaiLocation()

// day is 24 hours.
const day = 24 * time.Hour

// notFoundAt turns the ENOTFOUND of a record a field refers to into one
// naming the field.
func notFoundAt(err error, field, what string) error {
	if govops.ErrorCode(err) == govops.ENOTFOUND {
		return govops.Errorf(govops.ENOTFOUND, "no such %s", what).WithField(field, "no such "+what+": give its ID")
	}
	return err
}

// trail returns the events of subject as by reads them.
func (s *Service) trail(ctx context.Context, by govops.Actor, subject uuid.UUID, dept string) ([]Event, error) {
	evs, err := s.store.Events(ctx, subject)
	if err != nil || by.SeesPersonalData(dept) {
		return evs, err
	}
	for i := range evs {
		evs[i] = govops.Mask(evs[i])
	}
	return evs, nil
}

// text checks free text (govops.CheckText) and that it writes out no
// credential (CheckNoCredential). It reports whether v passed.
func text(p *govops.Problems, field, v string, max int, required bool) bool {
	if !govops.CheckText(p, field, v, max, required) {
		return false
	}
	if HasCredentialText(v) {
		CheckNoCredential(p, field, v)
		return false
	}
	return true
}

// optCode checks an optional code: when set, a code (govops.CheckCode).
func optCode(p *govops.Problems, field, v string) {
	if v != "" {
		govops.CheckCode(p, field, v)
	}
}

// checkYear checks an optional year of a filter or a report.
func checkYear(p *govops.Problems, field string, y int, required bool) {
	switch {
	case y == 0 && required:
		p.Add(field, "required")
	case y != 0 && (y < 2000 || y > 2100):
		p.Addf(field, "must be a year between 2000 and 2100 (got %d)", y)
	}
}

// yearSpan returns the half-open span of year y in Asia/Shanghai, in UTC;
// zero times for year 0.
func yearSpan(y int) (from, to time.Time) {
	if y == 0 {
		return time.Time{}, time.Time{}
	}
	return time.Date(y, 1, 1, 0, 0, 0, 0, shanghai).UTC(), time.Date(y+1, 1, 1, 0, 0, 0, 0, shanghai).UTC()
}

// dayOf returns the start of t's day in Asia/Shanghai, in UTC.
func dayOf(t time.Time) time.Time {
	y, m, d := t.In(shanghai).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, shanghai).UTC()
}

// daysBetween counts the Asia/Shanghai days from a to b.
func daysBetween(a, b time.Time) int {
	return int(dayOf(b).Sub(dayOf(a)).Round(time.Hour) / day)
}

// show formats t for a message, in Asia/Shanghai.
func show(t time.Time) string {
	l := t.In(shanghai)
	if l.Hour() == 0 && l.Minute() == 0 && l.Second() == 0 && l.Nanosecond() == 0 {
		return l.Format("2006-01-02")
	}
	return l.Format("2006-01-02 15:04:05")
}

// past adds the problem of a time that must not be in the future. It
// reports whether t passed.
func past(p *govops.Problems, field string, t, now time.Time) bool {
	if t.After(now) {
		p.Addf(field, "must not be in the future (it is %s now, got %s)", show(now), show(t))
		return false
	}
	return true
}

// pastTime checks a time that must not be in the future: required or
// optional, in range, not after now.
func pastTime(p *govops.Problems, field string, t time.Time, required bool, now time.Time) bool {
	if !govops.CheckTime(p, field, t, required) {
		return false
	}
	return t.IsZero() || past(p, field, t, now)
}

// choices lists the values of an enumeration with their labels.
func choices[T ~string](vs []T, label func(T) string) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = fmt.Sprintf("%s (%s)", v, label(v))
	}
	return strings.Join(parts, ", ")
}

// enum checks a value of an enumeration: required or optional, one of vs.
func enum[T ~string](p *govops.Problems, field string, v T, required bool, valid func(T) bool, vs []T, label func(T) string, what string) bool {
	switch {
	case v == "" && required:
		p.Add(field, "required: "+choices(vs, label))
	case v != "" && !valid(v):
		p.Addf(field, "%q is not a %s: use %s", govops.Truncate(string(v), 40), what, choices(vs, label))
	default:
		return true
	}
	return false
}

func checkKind(p *govops.Problems, field string, k FindingKind, required bool) bool {
	return enum(p, field, k, required, FindingKind.Valid, FindingKinds(), FindingKind.Label, "finding kind")
}

func checkSeverity(p *govops.Problems, field string, v Severity, required bool) bool {
	return enum(p, field, v, required, Severity.Valid, Severities(), Severity.Label, "severity")
}

// findings checks the findings of a drill, an inspection or an exercise
// and returns them trimmed and numbered 1..n. A finding about an asset
// names its kind and severity, and the owner's code when set; one without
// an asset (a lesson) says what it is in Detail and has no kind.
func findings(p *govops.Problems, obs []Observation) []Observation {
	if len(obs) > MaxFindings {
		p.Addf("findings", "has %d findings: at most %d", len(obs), MaxFindings)
		return nil
	}
	out := make([]Observation, len(obs))
	for i, o := range obs {
		f := fmt.Sprintf("findings[%d]", i)
		o.Seq = i + 1
		o.Asset, o.Detail = strings.TrimSpace(o.Asset), strings.TrimSpace(o.Detail)
		if o.Asset != "" {
			text(p, f+".asset", o.Asset, MaxNameLen, true)
			checkKind(p, f+".kind", o.Kind, true)
			checkSeverity(p, f+".severity", o.Severity, true)
			text(p, f+".detail", o.Detail, MaxNoteLen, false)
		} else {
			text(p, f+".detail", o.Detail, MaxNoteLen, true)
			if o.Kind != "" {
				p.Add(f+".kind", "a finding without an asset has no kind: name the asset, or leave the kind out")
			}
			checkSeverity(p, f+".severity", o.Severity, false)
		}
		optCode(p, f+".department", o.Department)
		out[i] = o
	}
	return out
}

// keepRaised refuses a change of the findings of a record whose findings
// were raised as hardening records: a raised finding may be neither
// removed nor changed (ECONFLICT naming it).
func (s *Service) keepRaised(ctx context.Context, kind SourceKind, id uuid.UUID, old, next []Observation) error {
	hs, err := s.store.Hardenings(ctx, HardeningFilter{SourceKind: kind, SourceID: id}, uuid.Nil, 0)
	if err != nil {
		return err
	}
	for _, h := range hs {
		seq := h.Source.Seq
		if seq < 1 || seq > len(old) {
			continue
		}
		f := fmt.Sprintf("findings[%d]", seq-1)
		if seq > len(next) {
			return govops.Errorf(govops.ECONFLICT, "finding %d was raised as hardening record %s: it may not be removed", seq, h.ID).
				WithField(f, "was raised as a hardening record: keep it")
		}
		o, n := old[seq-1], next[seq-1]
		if o.Asset != n.Asset || o.Department != n.Department || o.Kind != n.Kind || o.Severity != n.Severity || o.Detail != n.Detail {
			return govops.Errorf(govops.ECONFLICT, "finding %d was raised as hardening record %s: it may not be changed", seq, h.ID).
				WithField(f, "was raised as a hardening record: keep it as it is")
		}
	}
	return nil
}

// checkVersion returns the ECONFLICT of a stale IfVersion.
func checkVersion(what string, id uuid.UUID, at, want int64) error {
	if want != 0 && at != want {
		return govops.StaleVersion(what+" "+id.String(), at, want)
	}
	return nil
}

// page returns a page of a listing from a Store, as by reads it.
func page[T any](items []T, limit int, id func(T) uuid.UUID) govops.Page[T] {
	return govops.NewPage(items, limit, func(v T) string { return id(v).String() })
}

// listStart checks the cursor and limit of a listing.
func listStart(p *govops.Problems, after string, limit int) (uuid.UUID, int, error) {
	n := govops.CheckLimit(p, limit)
	if err := p.Err(); err != nil {
		return uuid.Nil, 0, err
	}
	id, err := govops.CursorID(after)
	return id, n, err
}

// readOne returns the record ref (its ID) names, read by get, as by may
// read it: a record of a unit (dept) other than a department reader's own
// is ENOTFOUND to it, as if it did not exist. A record of no unit passes
// nil for dept. It checks by first, then the reference.
func readOne[T any](ctx context.Context, by govops.Actor, ref, what string, get func(context.Context, uuid.UUID) (*T, error), dept func(*T) string) (*T, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	id, err := govops.ParseID("ref", ref, what)
	if err != nil {
		return nil, err
	}
	v, err := get(ctx, id)
	if err != nil {
		return nil, err
	}
	if dept != nil && !by.MaySee(dept(v)) {
		return nil, govops.Errorf(govops.ENOTFOUND, "no %s %s", what, id)
	}
	return v, nil
}

// knownUnits checks, with the Service's DepartmentCheck (see
// WithDepartmentCheck), that every unit code of fields (pairs of a field
// and the code it holds; empty codes, the center's, are skipped) is one
// the directory knows, and returns EINVALID naming each field that holds
// one it does not. Without a check every well-formed code passes.
func (s *Service) knownUnits(ctx context.Context, fields [][2]string) error {
	if s.deptCheck == nil {
		return nil
	}
	var p govops.Problems
	seen := map[string]error{}
	for _, f := range fields {
		if f[1] == "" {
			continue
		}
		err, ok := seen[f[1]]
		if !ok {
			err = s.deptCheck.Check(ctx, f[1])
			seen[f[1]] = err
		}
		switch govops.ErrorCode(err) {
		case "":
		case govops.EINVALID:
			msg := govops.ErrorFields(err)["department"]
			if msg == "" {
				msg = govops.ErrorMessage(err)
			}
			p.Add(f[0], msg)
		default:
			return err
		}
	}
	return p.Err()
}

// findingUnits returns the unit fields of the findings obs, under prefix.
func findingUnits(prefix string, obs []Observation) [][2]string {
	out := make([][2]string, 0, len(obs))
	for i, o := range obs {
		out = append(out, [2]string{fmt.Sprintf("%s[%d].department", prefix, i), o.Department})
	}
	return out
}

// actionUnits returns the unit fields of the actions as.
func actionUnits(as []ActionInput) [][2]string {
	out := make([][2]string, 0, len(as))
	for i, a := range as {
		out = append(out, [2]string{fmt.Sprintf("actions[%d].department", i), a.Department})
	}
	return out
}
