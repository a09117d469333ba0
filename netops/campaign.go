package netops

import (
	"bytes"
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// Campaign returns the revocation campaign of self-built internet lines
// (internet lines not provided via the extranet), each with its unit's
// name from the directory, its status and its age: the lines still to
// revoke first, then the decommissioned ones, each group oldest first (by
// Since, then ID). Done is true when no line is active. District-wide
// actors only (EFORBIDDEN for a department).
func (s *Service) Campaign(ctx context.Context, by govops.Actor) (*Campaign, error) {
	if err := districtOnly(by, "the revocation campaign"); err != nil {
		return nil, err
	}
	ls, err := s.store.Links(ctx, LinkFilter{SelfBuilt: true}, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	if s.dir != nil && len(ls) > 0 {
		us, err := s.dir.Units(ctx)
		if err != nil {
			return nil, err
		}
		for _, u := range us {
			names[u.Code] = u.Name
		}
	}
	now := s.now()
	c := &Campaign{Lines: make([]CampaignLine, 0, len(ls))}
	for _, l := range ls {
		if !l.SelfBuilt() {
			continue
		}
		c.Total++
		switch l.Status {
		case LinkActive:
			c.Active++
		case LinkDecommissioned:
			c.Revoked++
		}
		c.Lines = append(c.Lines, CampaignLine{Link: maskFor(by, l.Unit, l), UnitName: names[l.Unit], AgeDays: ageDays(&l, now)})
	}
	c.Remaining = c.Total - c.Revoked
	c.Done = c.Active == 0
	slices.SortFunc(c.Lines, func(a, b CampaignLine) int {
		ad, bd := a.Link.Status == LinkDecommissioned, b.Link.Status == LinkDecommissioned
		if ad != bd {
			if bd {
				return -1
			}
			return 1
		}
		return cmp.Or(a.Link.Since().Compare(b.Link.Since()), bytes.Compare(a.Link.ID[:], b.Link.ID[:]))
	})
	return c, nil
}

// ageDays is how long l has been in service, in whole days from Since to
// its decommissioning, or to now while it is not decommissioned; 0 for a
// line with no date.
func ageDays(l *Link, now time.Time) int {
	from := l.Since()
	to := now
	if l.Status == LinkDecommissioned && !l.Steps.Decommissioned.IsZero() {
		to = l.Steps.Decommissioned
	}
	if from.IsZero() || !to.After(from) {
		return 0
	}
	return int(to.Sub(from) / (24 * time.Hour))
}
