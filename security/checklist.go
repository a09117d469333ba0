package security

import (
	"context"
	"slices"
	"strings"

	"github.com/govops-kit/govops"
)

// Checklist returns the built-in items and the stored ones, retired ones
// included (with Retired set), by code. Everyone reads the checklist.
func (s *Service) Checklist(ctx context.Context, by govops.Actor) ([]ChecklistItem, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	return s.checklist(ctx)
}

func (s *Service) checklist(ctx context.Context) ([]ChecklistItem, error) {
	stored, err := s.store.ChecklistItems(ctx)
	if err != nil {
		return nil, err
	}
	out := append(BuiltinChecklist(), stored...)
	slices.SortStableFunc(out, func(a, b ChecklistItem) int { return strings.Compare(a.Code, b.Code) })
	return out, nil
}

// builtinItem reports whether code is a built-in item's.
func builtinItem(code string) bool {
	return slices.ContainsFunc(BuiltinChecklist(), func(c ChecklistItem) bool { return c.Code == code })
}

// checklistFill checks the fields of in but the code and writes them into c.
func checklistFill(p *govops.Problems, c *ChecklistItem, in ChecklistInput) {
	in.Control, in.Category, in.Text = strings.TrimSpace(in.Control), strings.TrimSpace(in.Category), strings.TrimSpace(in.Text)
	text(p, "control", in.Control, MaxNameLen, true)
	text(p, "category", in.Category, MaxNameLen, true)
	text(p, "text", in.Text, MaxTextLen, true)
	c.Control, c.Category, c.Text, c.Retired = in.Control, in.Category, in.Text, in.Retired
}

// AddChecklistItem adds an item of the user's own, under a code that no
// item has: a built-in item's code is ECONFLICT, as is a stored one's.
// Control, category and text are required. Center only.
func (s *Service) AddChecklistItem(ctx context.Context, by govops.Actor, in ChecklistInput) (*ChecklistItem, error) {
	if err := by.CenterOnly("add checklist items"); err != nil {
		return nil, err
	}
	var p govops.Problems
	govops.CheckCode(&p, "code", in.Code)
	if in.IfVersion != 0 {
		p.Add("if_version", "a new item has no version: leave it out")
	}
	var c ChecklistItem
	checklistFill(&p, &c, in)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if builtinItem(in.Code) {
		return nil, govops.Errorf(govops.ECONFLICT, "%s is a built-in checklist item: choose a code of your own", in.Code).
			WithField("code", "is a built-in item's code")
	}
	id, err := govops.NewID()
	if err != nil {
		return nil, err
	}
	now := s.clock()
	c.ID, c.Code, c.Version, c.CreatedAt, c.UpdatedAt = id, in.Code, 1, now, now
	ev, err := newEvent(id, 1, EventChecklistAdded, by, now, "", "", "", c.Code)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateChecklistItem(ctx, &c, []Event{ev}); err != nil {
		return nil, err
	}
	return &c, nil
}

// UpdateChecklistItem changes (or retires, or brings back) the stored item
// code; it keeps its code. A built-in item is EFORBIDDEN, an unknown code
// ENOTFOUND. Center only.
func (s *Service) UpdateChecklistItem(ctx context.Context, by govops.Actor, code string, in ChecklistInput) (*ChecklistItem, error) {
	if err := by.CenterOnly("change checklist items"); err != nil {
		return nil, err
	}
	var p govops.Problems
	govops.CheckCode(&p, "code", code)
	if in.Code != "" && in.Code != code {
		p.Add("code", "an item keeps its code: leave it out")
	}
	govops.CheckIfVersion(&p, in.IfVersion)
	var probe ChecklistItem
	checklistFill(&p, &probe, in)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if builtinItem(code) {
		return nil, govops.Errorf(govops.EFORBIDDEN, "%s is a built-in checklist item: built-in items do not change", code)
	}
	var out *ChecklistItem
	err := govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		items, err := s.store.ChecklistItems(ctx)
		if err != nil {
			return nil, err
		}
		i := slices.IndexFunc(items, func(c ChecklistItem) bool { return c.Code == code })
		if i < 0 {
			return nil, govops.Errorf(govops.ENOTFOUND, "no checklist item %s", govops.Truncate(code, govops.MaxCodeLen))
		}
		cur := items[i]
		if err := govops.CheckVersion("checklist item", cur.ID, cur.Version, in.IfVersion); err != nil {
			return nil, err
		}
		next := cur
		var p govops.Problems
		checklistFill(&p, &next, in)
		now := s.clock()
		next.Version, next.UpdatedAt = cur.Version+1, now
		note := next.Code
		if next.Retired != cur.Retired {
			note += map[bool]string{true: ": retired", false: ": asked again"}[next.Retired]
		}
		ev, err := newEvent(next.ID, next.Version, EventChecklistUpdated, by, now, "", "", "", note)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateChecklistItem(ctx, &next, []Event{ev}) }), nil
	})
	return out, err
}
