package license

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/idcode"
)

// Limits of a record's fields.
const (
	// MaxNumberLen bounds a license number (证照编号), in characters: it
	// may be text such as 桂（2022）柳北区不动产权第0001234号.
	MaxNumberLen = 100
	// MaxFace bounds the values of a record's face data.
	MaxFace = MaxFields
)

// RecordInput is what CreateRecord takes, and what one row of a records
// import reads into. Identifier may be left out: the Service then issues
// one with a correct check character (IssueIdentifier). Dates are days:
// only their year, month and day count. ValidFrom left out is the issue
// date; ValidTo is left out for a type whose licenses never expire.
// Department may be left out by a department, which writes for itself.
// State left out is StateValid; an import may bring records in other
// states, as a register kept elsewhere holds them.
type RecordInput struct {
	Identifier     string
	Number         string
	Type           string
	IssueDate      time.Time
	ValidFrom      time.Time
	ValidTo        time.Time
	Issuer         string
	IssuerCode     string
	Department     string
	Holder         string
	HolderCodeType HolderCodeType
	HolderCode     string
	Face           map[string]string
	State          State
	Previous       string
}

// day returns t's date as midnight UTC; the zero time stays zero.
func day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// normalize trims the text fields and fills the defaults.
func (in *RecordInput) normalize() {
	in.Identifier = strings.TrimSpace(in.Identifier)
	in.Number = strings.TrimSpace(in.Number)
	in.Type = strings.TrimSpace(in.Type)
	in.Issuer = strings.TrimSpace(in.Issuer)
	in.IssuerCode = strings.TrimSpace(in.IssuerCode)
	in.Holder = strings.TrimSpace(in.Holder)
	in.HolderCode = strings.TrimSpace(in.HolderCode)
	in.Previous = strings.TrimSpace(in.Previous)
	in.IssueDate, in.ValidFrom, in.ValidTo = day(in.IssueDate), day(in.ValidFrom), day(in.ValidTo)
	if in.ValidFrom.IsZero() {
		in.ValidFrom = in.IssueDate
	}
	if in.State == "" {
		in.State = StateValid
	}
}

// typeInfo is what checking records of one type needs, read once per
// import: the type, its schema compiled, and the departments that claim
// it.
type typeInfo struct {
	t       *Type
	schema  *compiled
	claimed map[string]bool // department → has a standing claim
}

// checker checks records against the catalog, reading each type, schema
// and claim once.
type checker struct {
	s     *Service
	mode  idcode.Mode
	today time.Time
	types map[string]*typeInfo // nil value: no such type
	// loaded says the whole catalog is in types (preload): a code that is
	// not is no type, without asking the Store.
	loaded bool
}

func (s *Service) newChecker(m idcode.Mode) *checker {
	return &checker{s: s, mode: m, today: day(s.now().In(govops.ShanghaiLocation())), types: map[string]*typeInfo{}}
}

// info returns what checking records of type code needs; nil for an
// unknown type.
func (c *checker) info(ctx context.Context, code string) (*typeInfo, error) {
	if ti, ok := c.types[code]; ok || c.loaded {
		return ti, nil
	}
	if len(code) != TypeCodeLen {
		c.types[code] = nil
		return nil, nil
	}
	t, err := c.s.store.Type(ctx, code)
	if govops.ErrorCode(err) == govops.ENOTFOUND {
		c.types[code] = nil
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	ti := &typeInfo{t: t, claimed: map[string]bool{}}
	switch sc, err := c.s.store.Schema(ctx, code); {
	case err == nil:
		if ti.schema, err = compile(sc); err != nil {
			return nil, err
		}
	case govops.ErrorCode(err) != govops.ENOTFOUND:
		return nil, err
	}
	cs, err := c.s.store.Claims(ctx, ClaimFilter{Type: code, Kind: KindClaim, Status: ClaimActive}, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	for _, cl := range cs {
		ti.claimed[cl.Department] = true
	}
	c.types[code] = ti
	return ti, nil
}

// check adds the problems of in to p, and returns the record it makes
// (without ID, identifier if none was given, and times) and the warnings of
// check characters let through in warn mode. in is normalized.
func (c *checker) check(ctx context.Context, p *govops.Problems, in *RecordInput) (Record, []string, error) {
	var warn []string
	addWarn := func(field string, r idcode.Result) {
		if r.Warning != nil {
			warn = append(warn, field+": "+r.Warning.Error())
		}
	}
	checkLine(p, "number", in.Number, MaxNumberLen, true)
	var ti *typeInfo
	if in.Type == "" {
		p.Add("type", "required: the type code")
	} else {
		var err error
		if ti, err = c.info(ctx, in.Type); err != nil {
			return Record{}, nil, err
		}
		if ti == nil {
			p.Addf("type", "no license type has code %s: add it to the catalog first", quote(in.Type))
		}
	}
	c.checkDates(p, in, ti)
	checkLine(p, "issuer", in.Issuer, MaxNameLen, true)
	if in.IssuerCode == "" {
		p.Add("issuer_code", "required: the issuing authority's USCC (统一社会信用代码)")
	} else if r, err := idcode.Validate(idcode.KindUSCC, in.IssuerCode, c.mode); err != nil {
		p.Add("issuer_code", err.Error())
	} else {
		addWarn("issuer_code", r)
	}
	switch {
	case in.Department == "":
		p.Add("department", "required: the department that issues the license")
	case govops.CheckCode(p, "department", in.Department) && ti != nil && !ti.claimed[in.Department]:
		p.Addf("department", "department %s has no claim (认领) of type %s: claim the type first", in.Department, ti.t.Code)
	}
	checkLine(p, "holder", in.Holder, MaxNameLen, true)
	c.checkHolderCode(p, in, ti, addWarn)
	if len(in.Face) > MaxFace {
		p.Addf("face", "has %d values: at most %d", len(in.Face), MaxFace)
	} else if ti != nil {
		ti.schema.check(p, in.Face)
	}
	if !in.State.Valid() {
		p.Addf("state", "unknown state %s: use %s", quote(string(in.State)), stateChoices())
	}
	if in.Identifier != "" {
		if r, err := idcode.Validate(idcode.KindLicenseID, in.Identifier, c.mode); err != nil {
			p.Add("identifier", err.Error())
		} else {
			addWarn("identifier", r)
			c.checkIdentifierParts(p, in)
		}
	}
	if in.Previous != "" {
		if _, err := idcode.Validate(idcode.KindLicenseID, in.Previous, idcode.Warn); err != nil {
			p.Add("previous", err.Error())
		} else if in.Previous == in.Identifier {
			p.Add("previous", "must not be the record's own identifier")
		}
	}
	r := Record{Identifier: in.Identifier, Number: in.Number, Type: in.Type, IssueDate: in.IssueDate,
		ValidFrom: in.ValidFrom, ValidTo: in.ValidTo, Issuer: in.Issuer, IssuerCode: in.IssuerCode,
		Department: in.Department, Holder: in.Holder, HolderCodeType: in.HolderCodeType, HolderCode: in.HolderCode,
		Face: maps.Clone(in.Face), State: in.State, Previous: in.Previous, Warnings: warn}
	if ti != nil {
		r.Exclusive = ti.t.SingleValid
	}
	return r, warn, nil
}

// checkIdentifierParts adds a problem when a given identifier names
// another type or issuer than the record's.
func (c *checker) checkIdentifierParts(p *govops.Problems, in *RecordInput) {
	id, err := idcode.ParseLicenseID(in.Identifier, idcode.Warn)
	if err != nil {
		return
	}
	switch {
	case in.Type != "" && id.TypeCode != in.Type:
		p.Addf("identifier", "names type %s, but the record is of type %s", id.TypeCode, in.Type)
	case in.IssuerCode != "" && id.Issuer != in.IssuerCode:
		p.Addf("identifier", "names issuer %s, but the record's issuer_code is %s", id.Issuer, in.IssuerCode)
	}
}

// checkDates adds the problems of a record's dates: an issue date not in
// the future, a validity that starts no earlier than 10 years before the
// issue date and ends after it starts, and a period the type allows.
func (c *checker) checkDates(p *govops.Problems, in *RecordInput, ti *typeInfo) {
	if in.IssueDate.IsZero() {
		p.Add("issue_date", "required: the day the license was issued (颁证日期)")
	} else if in.IssueDate.After(c.today.AddDate(0, 0, 1)) {
		p.Addf("issue_date", "%s is in the future", in.IssueDate.Format(time.DateOnly))
	}
	if !in.ValidTo.IsZero() && !in.ValidTo.After(in.ValidFrom) {
		p.Addf("valid_to", "%s must be after valid_from %s", in.ValidTo.Format(time.DateOnly), in.ValidFrom.Format(time.DateOnly))
		return
	}
	if ti == nil || in.ValidFrom.IsZero() {
		return
	}
	v := ti.t.Validity
	switch {
	case v.Permanent() && !in.ValidTo.IsZero():
		p.Addf("valid_to", "type %s never expires (长期有效): leave valid_to out", ti.t.Code)
	case !v.Permanent() && in.ValidTo.IsZero():
		p.Addf("valid_to", "required: type %s is valid for %s", ti.t.Code, v.text())
	case !v.Permanent():
		longest := in.ValidFrom.AddDate(0, v.MaxMonths, 0)
		shortest := in.ValidFrom.AddDate(0, v.MinMonths, -1)
		if in.ValidTo.After(longest) || in.ValidTo.Before(shortest) {
			p.Addf("valid_to", "%s to %s is outside the validity of type %s: %s", in.ValidFrom.Format(time.DateOnly),
				in.ValidTo.Format(time.DateOnly), ti.t.Code, v.text())
		}
	}
}

// text writes a validity range for a message.
func (v Validity) text() string {
	if v.Permanent() {
		return "长期有效 (no expiry)"
	}
	if v.MinMonths == 0 || v.MinMonths == v.MaxMonths {
		return fmt.Sprintf("at most %d months", v.MaxMonths)
	}
	return fmt.Sprintf("%d to %d months", v.MinMonths, v.MaxMonths)
}

// checkHolderCode adds the problems of a holder's code: its type is known
// and fits the type's holder category, and the code passes its national
// check in the checker's mode.
func (c *checker) checkHolderCode(p *govops.Problems, in *RecordInput, ti *typeInfo, warn func(string, idcode.Result)) {
	if !in.HolderCodeType.Valid() {
		p.Addf("holder_code_type", "unknown holder code type %s: use %s", quote(string(in.HolderCodeType)), holderCodeChoices())
		if in.HolderCode == "" {
			p.Add("holder_code", "required: the holder's code")
		}
		return
	}
	if ti != nil {
		switch cat := ti.t.HolderCategory; {
		case cat == HolderNatural && in.HolderCodeType.Organization():
			p.Addf("holder_code_type", "%s (%s) names an organization, but type %s is held by natural persons (自然人)", in.HolderCodeType, in.HolderCodeType.Label(), ti.t.Code)
		case cat == HolderLegal && in.HolderCodeType.Person():
			p.Addf("holder_code_type", "%s (%s) names a person, but type %s is held by legal persons (法人)", in.HolderCodeType, in.HolderCodeType.Label(), ti.t.Code)
		}
	}
	if in.HolderCode == "" {
		p.Add("holder_code", "required: the holder's "+in.HolderCodeType.Label())
		return
	}
	k, ok := in.HolderCodeType.IDKind()
	if !ok {
		if govops.CheckText(p, "holder_code", in.HolderCode, govops.MaxCodeLen, true) && strings.ContainsAny(in.HolderCode, " \t\r\n") {
			p.Add("holder_code", "must not hold spaces")
		}
		return
	}
	r, err := idcode.Validate(k, in.HolderCode, c.mode)
	if err != nil {
		p.Add("holder_code", err.Error())
		return
	}
	warn("holder_code", r)
}

func holderCodeChoices() string {
	var parts []string
	for _, t := range HolderCodeTypes() {
		parts = append(parts, string(t)+" ("+t.Label()+")")
	}
	return strings.Join(parts, ", ")
}

func stateChoices() string {
	var parts []string
	for _, s := range States() {
		parts = append(parts, string(s)+" ("+s.Label()+")")
	}
	return strings.Join(parts, ", ")
}
