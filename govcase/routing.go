package govcase

import (
	"context"
	"math"
	"sort"
	"strings"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// Matches reports whether r applies to c: same kind and category when the
// rule names them, and one of its keywords in the title or description when
// it has any.
func (r RoutingRule) Matches(c *Case) bool {
	if r.Kind != "" && r.Kind != c.Kind {
		return false
	}
	if r.Category != "" && r.Category != c.Category {
		return false
	}
	if len(r.Keywords) == 0 {
		return true
	}
	for _, k := range r.Keywords {
		if k != "" && (strings.Contains(c.Title, k) || strings.Contains(c.Description, k)) {
			return true
		}
	}
	return false
}

// specificity ranks matching rules of equal priority: a rule that names
// keywords, a category and a kind is more specific than one that does not.
func (r RoutingRule) specificity() int {
	n := 0
	if len(r.Keywords) > 0 {
		n += 4
	}
	if r.Category != "" {
		n += 2
	}
	if r.Kind != "" {
		n++
	}
	return n
}

// RoutingRuleInput is what a user gives to create a routing rule.
type RoutingRuleInput struct {
	Kind       Kind
	Category   Category
	Keywords   []string
	Department string
	Priority   int
}

// CreateRoutingRule validates and stores a routing rule. Only center staff
// may change routing (EFORBIDDEN otherwise). Every bad field is EINVALID,
// all reported at once; a department the department check does not know is
// EINVALID naming "department".
func (s *Service) CreateRoutingRule(ctx context.Context, by govops.Actor, in RoutingRuleInput) (RoutingRule, error) {
	if err := by.CenterOnly("change routing rules"); err != nil {
		return RoutingRule{}, err
	}
	var p govops.Problems
	if in.Kind != "" {
		if _, ok := s.kinds[in.Kind]; !ok {
			p.Addf("kind", "unknown kind %q (known: %s)", in.Kind, s.kindList())
		} else if in.Category != "" && !s.categoryAllowed(in.Kind, in.Category) {
			p.Addf("category", "kind %s does not take category %q", in.Kind, in.Category)
		}
	} else if in.Category != "" && !s.anyKindTakes(in.Category) {
		p.Addf("category", "unknown category %q", in.Category)
	}
	in.Department = strings.TrimSpace(in.Department)
	if in.Department == "" {
		p.Add("department", "is required: the department the rule routes to")
	} else {
		govops.CheckCode(&p, "department", in.Department)
	}
	if in.Priority < math.MinInt32 || in.Priority > math.MaxInt32 {
		p.Add("priority", "must fit in 32 bits (-2147483648 to 2147483647)")
	}
	kw := make([]string, 0, len(in.Keywords))
	for i, k := range in.Keywords {
		k = strings.TrimSpace(k)
		if k == "" {
			p.Addf("keywords", "keyword %d is empty", i+1)
			continue
		}
		kw = append(kw, k)
	}
	if len(kw) > 50 {
		p.Add("keywords", "at most 50 keywords")
	}
	for _, k := range kw {
		govops.CheckText(&p, "keywords", k, maxShort, false)
	}
	if err := p.Err(); err != nil {
		return RoutingRule{}, err
	}
	if err := s.deptCheck.Check(ctx, in.Department); err != nil {
		return RoutingRule{}, err
	}
	r := RoutingRule{
		ID: s.newID(), Kind: in.Kind, Category: in.Category, Keywords: kw,
		Department: in.Department, Priority: in.Priority, CreatedAt: s.clock(),
	}
	if err := s.store.SaveRoutingRule(ctx, r); err != nil {
		return RoutingRule{}, err
	}
	return r, nil
}

// DeleteRoutingRule removes the routing rule whose ID is ref. Only center
// staff may do it (EFORBIDDEN otherwise). A rule has no number: a ref that
// is not an ID, or names no rule, is ENOTFOUND.
func (s *Service) DeleteRoutingRule(ctx context.Context, by govops.Actor, ref string) error {
	if err := by.CenterOnly("change routing rules"); err != nil {
		return err
	}
	_, err := govops.Resolve(ctx, "id", ref, "routing rule", func(ctx context.Context, id uuid.UUID) (struct{}, error) {
		return struct{}{}, s.store.DeleteRoutingRule(ctx, id)
	}, nil)
	return err
}

// readsRouting returns nil when by may read the routing rules: center
// staff and district-wide readers, who dispatch or oversee every
// department's cases. A department may not (EFORBIDDEN).
func readsRouting(by govops.Actor) error {
	if err := by.Validate(); err != nil {
		return err
	}
	if !by.DistrictWide() {
		return govops.Errorf(govops.EFORBIDDEN, "department %s may not read the routing rules: only the center does", by.Department)
	}
	return nil
}

// RoutingRules lists every routing rule, highest priority first. Center
// staff and district-wide readers may read them; a department gets
// EFORBIDDEN.
func (s *Service) RoutingRules(ctx context.Context, by govops.Actor) ([]RoutingRule, error) {
	if err := readsRouting(by); err != nil {
		return nil, err
	}
	return s.store.ListRoutingRules(ctx)
}

// SuggestDepartment returns the department the routing rules send c to, and
// the rule that decided it: among matching rules the highest Priority wins,
// then the most specific one, then the oldest. It returns ok=false when no
// rule matches. Who may call it is who may read the rules (RoutingRules).
func (s *Service) SuggestDepartment(ctx context.Context, by govops.Actor, c *Case) (dept string, rule RoutingRule, ok bool, err error) {
	if err := readsRouting(by); err != nil {
		return "", RoutingRule{}, false, err
	}
	return s.suggest(ctx, c)
}

// suggest is SuggestDepartment without the actor, for Dispatch, whose
// caller is already known to be center staff.
func (s *Service) suggest(ctx context.Context, c *Case) (dept string, rule RoutingRule, ok bool, err error) {
	rules, err := s.store.ListRoutingRules(ctx)
	if err != nil {
		return "", RoutingRule{}, false, err
	}
	var matched []RoutingRule
	for _, r := range rules {
		if r.Matches(c) {
			matched = append(matched, r)
		}
	}
	if len(matched) == 0 {
		return "", RoutingRule{}, false, nil
	}
	sort.SliceStable(matched, func(i, j int) bool {
		a, b := matched[i], matched[j]
		if a.Priority != b.Priority {
			return a.Priority > b.Priority
		}
		if a.specificity() != b.specificity() {
			return a.specificity() > b.specificity()
		}
		return a.ID.String() < b.ID.String()
	})
	return matched[0].Department, matched[0], true, nil
}
