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
	By         Actor
	Kind       Kind
	Category   Category
	Keywords   []string
	Department string
	Priority   int
}

// CreateRoutingRule validates and stores a routing rule. Only the center
// may change routing (EFORBIDDEN otherwise).
func (s *Service) CreateRoutingRule(ctx context.Context, in RoutingRuleInput) (RoutingRule, error) {
	if err := in.By.validate(); err != nil {
		return RoutingRule{}, err
	}
	if !in.By.Center() {
		return RoutingRule{}, govops.Errorf(govops.EFORBIDDEN, "only the center may change routing rules")
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
	}
	checkLen(&p, "department", in.Department, maxShort)
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
		checkLen(&p, "keywords", k, maxShort)
	}
	if err := p.Err(); err != nil {
		return RoutingRule{}, err
	}
	if err := s.checkDepartment(ctx, in.Department); err != nil {
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

// DeleteRoutingRule removes a routing rule. Only the center may do it.
func (s *Service) DeleteRoutingRule(ctx context.Context, by Actor, id uuid.UUID) error {
	if err := by.validate(); err != nil {
		return err
	}
	if !by.Center() {
		return govops.Errorf(govops.EFORBIDDEN, "only the center may change routing rules")
	}
	return s.store.DeleteRoutingRule(ctx, id)
}

// RoutingRules lists every routing rule, highest priority first.
func (s *Service) RoutingRules(ctx context.Context) ([]RoutingRule, error) {
	return s.store.ListRoutingRules(ctx)
}

// SuggestDepartment returns the department the routing rules send c to, and
// the rule that decided it: among matching rules the highest Priority wins,
// then the most specific one, then the oldest. It returns ok=false when no
// rule matches.
func (s *Service) SuggestDepartment(ctx context.Context, c *Case) (dept string, rule RoutingRule, ok bool, err error) {
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
