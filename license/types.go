package license

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/idcode"
)

// TypeInput is what AddType takes: the fields of a Type that a person
// writes. AuthorityCode may be left out: it is the first 18 characters of
// Code.
type TypeInput struct {
	Code           string
	Name           string
	Authority      string
	AuthorityCode  string
	Level          Level
	HolderCategory HolderCategory
	Validity       Validity
	Services       []string
	Source         string
	SingleValid    bool
}

// normalize trims the text fields and fills the authority code.
func (in *TypeInput) normalize() {
	in.Code = strings.TrimSpace(in.Code)
	in.Name = strings.TrimSpace(in.Name)
	in.Authority = strings.TrimSpace(in.Authority)
	in.AuthorityCode = strings.TrimSpace(in.AuthorityCode)
	in.Source = strings.TrimSpace(in.Source)
	if in.AuthorityCode == "" && len(in.Code) == TypeCodeLen {
		in.AuthorityCode = in.Code[:18]
	}
	for i := range in.Services {
		in.Services[i] = strings.TrimSpace(in.Services[i])
	}
}

// problems adds the problems of in's fields to p; a check character that
// fails only warns in idcode.Warn mode, and the warning is returned.
func (in *TypeInput) problems(p *govops.Problems, m idcode.Mode) (warnings []string) {
	warnings = checkTypeCode(p, "code", in.Code, m)
	if in.AuthorityCode != "" && len(in.Code) == TypeCodeLen && in.AuthorityCode != in.Code[:18] {
		p.Addf("authority_code", "%s is not the authority of type code %s, whose first 18 characters are %s", quote(in.AuthorityCode), in.Code, in.Code[:18])
	}
	in.fieldProblems(p)
	return warnings
}

// fieldProblems adds the problems of in's fields other than its codes to
// p, as AddType and UpdateType check them.
func (in *TypeInput) fieldProblems(p *govops.Problems) {
	checkLine(p, "name", in.Name, MaxNameLen, true)
	checkLine(p, "authority", in.Authority, MaxNameLen, true)
	if !in.Level.Valid() {
		p.Addf("level", "unknown level %s: use %s", quote(string(in.Level)), levelChoices())
	}
	if !in.HolderCategory.Valid() {
		p.Addf("holder_category", "unknown holder category %s: use natural (自然人), legal (法人), mixed (混合) or other (其他)", quote(string(in.HolderCategory)))
	}
	v := in.Validity
	switch {
	case v.MinMonths < 0 || v.MaxMonths < 0:
		p.Add("validity", "months must not be negative")
	case v.MaxMonths > MaxValidityMonths:
		p.Addf("validity", "max_months must be at most %d", MaxValidityMonths)
	case !v.Permanent() && v.MaxMonths < max(v.MinMonths, 1):
		p.Add("validity", "max_months must be at least 1 and at least min_months (both 0 means 长期有效, no expiry)")
	}
	if len(in.Services) > MaxServices {
		p.Addf("services", "has %d items: at most %d", len(in.Services), MaxServices)
	}
	for i, sv := range in.Services {
		checkLine(p, fmt.Sprintf("services[%d]", i), sv, MaxNameLen, true)
	}
	govops.CheckText(p, "source", in.Source, MaxTextLen, false)
}

func levelChoices() string {
	return "national (国家), provincial (省), city (地市), county (区县) or township (乡镇)"
}

// checkTypeCode adds the problem of a type code to p: an 18-character
// USCC, checked by idcode in mode m, and a 3-digit sequence. It returns
// the warning of a check character let through in warn mode.
func checkTypeCode(p *govops.Problems, field, code string, m idcode.Mode) []string {
	if code == "" {
		p.Add(field, "required: the defining authority's USCC (18 characters) and a 3-digit sequence")
		return nil
	}
	if len(code) != TypeCodeLen {
		p.Addf(field, "%s is %d characters: a type code is the defining authority's USCC (18 characters) and a 3-digit sequence, 21 in all", quote(code), len(code))
		return nil
	}
	for i := 18; i < TypeCodeLen; i++ {
		if code[i] < '0' || code[i] > '9' {
			p.Addf(field, "%s must end in a 3-digit sequence", quote(code))
			return nil
		}
	}
	res, err := idcode.Validate(idcode.KindUSCC, code[:18], m)
	if err != nil {
		p.Addf(field, "the authority's USCC (its first 18 characters) is wrong: %v", err)
		return nil
	}
	if res.Warning != nil {
		return []string{field + ": " + res.Warning.Error()}
	}
	return nil
}

// AddType adds a license type to the catalog at version 1, with its
// event. Only center staff may: the catalog is the center's (a department
// gets EFORBIDDEN). It returns EINVALID naming every bad field ("code",
// "name", "authority", "authority_code", "level", "holder_category",
// "validity", "services", "source"), and ECONFLICT when the code is taken.
func (s *Service) AddType(ctx context.Context, by govops.Actor, in TypeInput) (*Type, error) {
	if err := by.CenterOnly("add license types"); err != nil {
		return nil, err
	}
	in.normalize()
	var p govops.Problems
	in.problems(&p, idcode.Strict)
	if err := p.Err(); err != nil {
		return nil, err
	}
	t, ev, err := newType(in, by, s.clock(), "")
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateTypes(ctx, []Type{t}, []Event{ev}); err != nil {
		if govops.ErrorCode(err) == govops.ECONFLICT {
			if _, gerr := s.store.Type(ctx, t.Code); gerr == nil {
				return nil, govops.Errorf(govops.ECONFLICT, "license type %s already exists", t.Code)
			}
		}
		return nil, err
	}
	return &t, nil
}

// newType returns the type that in describes, at version 1, with its
// added event.
func newType(in TypeInput, by govops.Actor, now time.Time, note string) (Type, Event, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return Type{}, Event{}, govops.Errorf(govops.EINTERNAL, "generate id: %w", err)
	}
	t := Type{ID: id, Code: in.Code, Name: in.Name, Authority: in.Authority, AuthorityCode: in.AuthorityCode,
		Level: in.Level, HolderCategory: in.HolderCategory, Validity: in.Validity, Services: slices.Clone(in.Services),
		Source: in.Source, SingleValid: in.SingleValid, Version: 1, CreatedAt: now, UpdatedAt: now}
	ev, err := newEvent(t.ID, 1, EventTypeAdded, by, now, "", "", "", note)
	return t, ev, err
}

// TypeUpdate is what UpdateType takes. A nil field is left as it is.
type TypeUpdate struct {
	Name           *string
	Authority      *string
	Level          *Level
	HolderCategory *HolderCategory
	Validity       *Validity
	Services       *[]string
	Source         *string
	SingleValid    *bool
	// IfVersion, when not zero, must equal the type's version (ECONFLICT
	// otherwise).
	IfVersion int64
}

// UpdateType changes the fields of the type code that in sets, with an
// event listing each change. Only center staff may. Records already
// written keep the rule they were written under: a type made SingleValid
// applies the rule to records written from then on. It returns EINVALID
// naming each bad field, ENOTFOUND for an unknown type, and ECONFLICT when
// IfVersion is stale.
func (s *Service) UpdateType(ctx context.Context, by govops.Actor, code string, in TypeUpdate) (*Type, error) {
	if err := by.CenterOnly("change license types"); err != nil {
		return nil, err
	}
	var p govops.Problems
	govops.CheckIfVersion(&p, in.IfVersion)
	if err := p.Err(); err != nil {
		return nil, err
	}
	var out *Type
	err := govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.getType(ctx, code)
		if err != nil {
			return nil, err
		}
		if in.IfVersion != 0 && cur.Version != in.IfVersion {
			return nil, govops.StaleVersion("license type "+code, cur.Version, in.IfVersion)
		}
		next, changes, err := in.apply(cur)
		if err != nil {
			return nil, err
		}
		if len(changes) == 0 {
			out = cur
			return nil, nil
		}
		now := s.clock()
		next.Version, next.UpdatedAt = cur.Version+1, now
		ev, err := newEvent(next.ID, next.Version, EventTypeUpdated, by, now, "", "", "", strings.Join(changes, "; "))
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateType(ctx, &next, []Event{ev}) }), nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// apply returns cur with in's fields set, checked as AddType checks them,
// and the list of changed field names.
func (in *TypeUpdate) apply(cur *Type) (Type, []string, error) {
	next := *cur
	next.Services = slices.Clone(cur.Services)
	var changes []string
	if in.Name != nil && strings.TrimSpace(*in.Name) != next.Name {
		next.Name, changes = strings.TrimSpace(*in.Name), append(changes, "name")
	}
	if in.Authority != nil && strings.TrimSpace(*in.Authority) != next.Authority {
		next.Authority, changes = strings.TrimSpace(*in.Authority), append(changes, "authority")
	}
	if in.Level != nil && *in.Level != next.Level {
		next.Level, changes = *in.Level, append(changes, "level")
	}
	if in.HolderCategory != nil && *in.HolderCategory != next.HolderCategory {
		next.HolderCategory, changes = *in.HolderCategory, append(changes, "holder_category")
	}
	if in.Validity != nil && *in.Validity != next.Validity {
		next.Validity, changes = *in.Validity, append(changes, "validity")
	}
	if in.Services != nil && !slices.Equal(*in.Services, next.Services) {
		next.Services, changes = slices.Clone(*in.Services), append(changes, "services")
	}
	if in.Source != nil && strings.TrimSpace(*in.Source) != next.Source {
		next.Source, changes = strings.TrimSpace(*in.Source), append(changes, "source")
	}
	if in.SingleValid != nil && *in.SingleValid != next.SingleValid {
		next.SingleValid, changes = *in.SingleValid, append(changes, "single_valid")
	}
	ti := TypeInput{Name: next.Name, Authority: next.Authority, Level: next.Level, HolderCategory: next.HolderCategory,
		Validity: next.Validity, Services: next.Services, Source: next.Source}
	var p govops.Problems
	ti.fieldProblems(&p)
	return next, changes, p.Err()
}

// GetType returns the license type code. Every valid actor may read the
// catalog. It returns ENOTFOUND for an unknown code.
func (s *Service) GetType(ctx context.Context, by govops.Actor, code string) (*Type, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	return s.getType(ctx, code)
}

// getType returns the type code, ENOTFOUND naming it when there is none.
func (s *Service) getType(ctx context.Context, code string) (*Type, error) {
	if len(code) != TypeCodeLen {
		return nil, typeNotFound(code)
	}
	t, err := s.store.Type(ctx, code)
	if govops.ErrorCode(err) == govops.ENOTFOUND {
		return nil, typeNotFound(code)
	}
	return t, err
}

// TypeList selects one page of types: those matching the filter, after
// the page whose Next is Cursor, Limit of them (0 means the default page).
type TypeList struct {
	TypeFilter
	Cursor string
	Limit  int
}

// ListTypes returns one page of the catalog's types matching in, ordered
// by code. Every valid actor may list them. It returns EINVALID naming
// each bad field ("level", "text", "cursor", "limit").
func (s *Service) ListTypes(ctx context.Context, by govops.Actor, in TypeList) (govops.Page[*Type], error) {
	var p govops.Problems
	by.Check(&p)
	if in.Level != "" && !in.Level.Valid() {
		p.Addf("level", "unknown level %s: use %s", quote(string(in.Level)), levelChoices())
	}
	govops.CheckText(&p, "text", in.Text, MaxNameLen, false)
	if in.Authority != "" {
		govops.CheckCode(&p, "authority", in.Authority)
	}
	limit := govops.CheckLimit(&p, in.Limit)
	if err := p.Err(); err != nil {
		return govops.Page[*Type]{}, err
	}
	after, err := govops.DecodeCursor(in.Cursor)
	if err != nil {
		return govops.Page[*Type]{}, err
	}
	ts, err := s.store.Types(ctx, in.TypeFilter, after, limit+1)
	if err != nil {
		return govops.Page[*Type]{}, err
	}
	return govops.NewPage(ptrs(ts), limit, func(t *Type) string { return t.Code }), nil
}

// ptrs returns pointers to the elements of vs.
func ptrs[T any](vs []T) []*T {
	out := make([]*T, len(vs))
	for i := range vs {
		out[i] = &vs[i]
	}
	return out
}

// TypeEvents returns the trail of the type code, oldest first. Every valid
// actor may read it. It returns ENOTFOUND for an unknown type.
func (s *Service) TypeEvents(ctx context.Context, by govops.Actor, code string) ([]Event, error) {
	t, err := s.GetType(ctx, by, code)
	if err != nil {
		return nil, err
	}
	return s.store.Events(ctx, t.ID)
}
