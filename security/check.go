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
	return govops.TrailFor(by, dept, evs), err
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

func checkKind(p *govops.Problems, field string, k FindingKind, required bool) bool {
	return govops.CheckEnum(p, field, k, required, FindingKind.Valid, FindingKinds(), FindingKind.Label, "finding kind")
}

func checkSeverity(p *govops.Problems, field string, v Severity, required bool) bool {
	return govops.CheckEnum(p, field, v, required, Severity.Valid, Severities(), Severity.Label, "severity")
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
