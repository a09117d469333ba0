package netopsmem

import (
	"context"
	"net/netip"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
)

func copySite(v *netops.Site) *netops.Site {
	cp := *v
	cp.Rooms = slices.Clone(v.Rooms)
	return &cp
}

func copyUnit(v *netops.UnitNet) *netops.UnitNet {
	cp := *v
	return &cp
}

func copyLink(v *netops.Link) *netops.Link {
	cp := *v
	cp.Prefixes = slices.Clone(v.Prefixes)
	return &cp
}

func copyNetwork(v *netops.Network) *netops.Network {
	cp := *v
	return &cp
}

func copyMigration(v *netops.Migration) *netops.Migration {
	cp := *v
	return &cp
}

// CreateSite implements netops.Store.
func (s *Store) CreateSite(ctx context.Context, v *netops.Site, events []netops.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.sites[v.ID]; ok {
		return govops.Errorf(govops.ECONFLICT, "site %s is stored already", v.ID)
	}
	if _, ok := s.siteCodes[v.Code]; ok {
		return govops.Errorf(govops.ECONFLICT, "a site has code %s already", govops.Truncate(v.Code, 60))
	}
	if err := s.checkEvents(events); err != nil {
		return err
	}
	n := copySite(v)
	n.Version = 1
	s.sites[n.ID] = n
	s.siteCodes[n.Code] = n.ID
	s.appendEvents(events)
	return nil
}

// UpdateSite implements netops.Store.
func (s *Store) UpdateSite(ctx context.Context, v *netops.Site, events []netops.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.sites[v.ID]
	if !ok {
		return notFound("site", v.ID)
	}
	if err := checkVersion("site", v.ID, old.Version, v.Version); err != nil {
		return err
	}
	if id, ok := s.siteCodes[v.Code]; ok && id != v.ID {
		return govops.Errorf(govops.ECONFLICT, "a site has code %s already", govops.Truncate(v.Code, 60))
	}
	if err := s.checkEvents(events); err != nil {
		return err
	}
	delete(s.siteCodes, old.Code)
	s.siteCodes[v.Code] = v.ID
	s.sites[v.ID] = copySite(v)
	s.appendEvents(events)
	return nil
}

// Site implements netops.Store.
func (s *Store) Site(ctx context.Context, code string) (*netops.Site, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	id, ok := s.siteCodes[code]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "no site has code %s", govops.Truncate(code, 60))
	}
	return copySite(s.sites[id]), nil
}

// Sites implements netops.Store.
func (s *Store) Sites(ctx context.Context) ([]netops.Site, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]netops.Site, 0, len(s.sites))
	for _, v := range s.sites {
		out = append(out, *copySite(v))
	}
	slices.SortFunc(out, func(a, b netops.Site) int { return strings.Compare(a.Code, b.Code) })
	return out, nil
}

// CreateUnits implements netops.Store.
func (s *Store) CreateUnits(ctx context.Context, us []netops.UnitNet, events []netops.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ids, codes := map[uuid.UUID]bool{}, map[string]bool{}
	for i := range us {
		u := &us[i]
		if _, ok := s.units[u.ID]; ok || ids[u.ID] {
			return govops.Errorf(govops.ECONFLICT, "unit profile %s is stored already", u.ID)
		}
		if _, ok := s.unitCodes[u.Unit]; ok || codes[u.Unit] {
			return govops.Errorf(govops.ECONFLICT, "unit %s has a profile already", govops.Truncate(u.Unit, 60))
		}
		ids[u.ID], codes[u.Unit] = true, true
	}
	if err := s.checkEvents(events); err != nil {
		return err
	}
	for i := range us {
		n := copyUnit(&us[i])
		n.Version = 1
		s.units[n.ID] = n
		s.unitCodes[n.Unit] = n.ID
	}
	s.appendEvents(events)
	return nil
}

// checkUnit checks that u may replace its stored profile. The caller holds
// the lock.
func (s *Store) checkUnit(u *netops.UnitNet) error {
	old, ok := s.units[u.ID]
	if !ok {
		return notFound("unit profile", u.ID)
	}
	if err := checkVersion("unit profile", u.ID, old.Version, u.Version); err != nil {
		return err
	}
	if id, ok := s.unitCodes[u.Unit]; ok && id != u.ID {
		return govops.Errorf(govops.ECONFLICT, "unit %s has a profile already", govops.Truncate(u.Unit, 60))
	}
	return nil
}

// putUnit replaces the stored profile of u; the caller holds the lock and
// has checked it.
func (s *Store) putUnit(u *netops.UnitNet) {
	delete(s.unitCodes, s.units[u.ID].Unit)
	s.unitCodes[u.Unit] = u.ID
	s.units[u.ID] = copyUnit(u)
}

// UpdateUnit implements netops.Store.
func (s *Store) UpdateUnit(ctx context.Context, u *netops.UnitNet, events []netops.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkUnit(u); err != nil {
		return err
	}
	if err := s.checkEvents(events); err != nil {
		return err
	}
	s.putUnit(u)
	s.appendEvents(events)
	return nil
}

// Unit implements netops.Store.
func (s *Store) Unit(ctx context.Context, unit string) (*netops.UnitNet, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	id, ok := s.unitCodes[unit]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "unit %s has no profile", govops.Truncate(unit, 60))
	}
	return copyUnit(s.units[id]), nil
}

// Units implements netops.Store.
func (s *Store) Units(ctx context.Context, f netops.UnitFilter, after string, limit int) ([]netops.UnitNet, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []netops.UnitNet
	for _, u := range s.units {
		if (after != "" && u.Unit <= after) ||
			(f.Site != "" && u.Site != f.Site) ||
			(len(f.Units) > 0 && !slices.Contains(f.Units, u.Unit)) {
			continue
		}
		out = append(out, *copyUnit(u))
	}
	slices.SortFunc(out, func(a, b netops.UnitNet) int { return strings.Compare(a.Unit, b.Unit) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// circuitOf returns the unique key of l, ok false when it has none.
func circuitOf(l *netops.Link) (circuit, bool) {
	return circuit{l.Carrier, l.CircuitID}, l.CircuitID != ""
}

// CreateLinks implements netops.Store.
func (s *Store) CreateLinks(ctx context.Context, ls []netops.Link, g netops.Guard, events []netops.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ids, circuits := map[uuid.UUID]bool{}, map[circuit]bool{}
	for i := range ls {
		l := &ls[i]
		if _, ok := s.links[l.ID]; ok || ids[l.ID] {
			return govops.Errorf(govops.ECONFLICT, "link %s is stored already", l.ID)
		}
		ids[l.ID] = true
		if c, ok := circuitOf(l); ok {
			if _, taken := s.circuits[c]; taken || circuits[c] {
				return govops.Errorf(govops.ECONFLICT, "circuit %s of %s is recorded already", govops.Truncate(c.id, 60), govops.Truncate(c.carrier, 60))
			}
			circuits[c] = true
		}
	}
	if err := s.checkGuard(g); err != nil {
		return err
	}
	if err := s.checkEvents(events); err != nil {
		return err
	}
	for i := range ls {
		n := copyLink(&ls[i])
		n.Version = 1
		s.links[n.ID] = n
		if c, ok := circuitOf(n); ok {
			s.circuits[c] = n.ID
		}
	}
	s.holdGuard(g)
	s.appendEvents(events)
	return nil
}

// UpdateLink implements netops.Store.
func (s *Store) UpdateLink(ctx context.Context, l *netops.Link, g netops.Guard, events []netops.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.links[l.ID]
	if !ok {
		return notFound("link", l.ID)
	}
	if err := checkVersion("link", l.ID, old.Version, l.Version); err != nil {
		return err
	}
	c, hasCircuit := circuitOf(l)
	if id, taken := s.circuits[c]; hasCircuit && taken && id != l.ID {
		return govops.Errorf(govops.ECONFLICT, "circuit %s of %s is recorded already", govops.Truncate(c.id, 60), govops.Truncate(c.carrier, 60))
	}
	if err := s.checkGuard(g); err != nil {
		return err
	}
	if err := s.checkEvents(events); err != nil {
		return err
	}
	if oc, ok := circuitOf(old); ok {
		delete(s.circuits, oc)
	}
	if hasCircuit {
		s.circuits[c] = l.ID
	}
	s.links[l.ID] = copyLink(l)
	s.holdGuard(g)
	s.appendEvents(events)
	return nil
}

// Link implements netops.Store.
func (s *Store) Link(ctx context.Context, id uuid.UUID) (*netops.Link, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	l, ok := s.links[id]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "no link %s", id)
	}
	return copyLink(l), nil
}

// Links implements netops.Store.
func (s *Store) Links(ctx context.Context, f netops.LinkFilter, after uuid.UUID, limit int) ([]netops.Link, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []netops.Link
	for _, l := range s.links {
		if (f.Unit != "" && l.Unit != f.Unit) ||
			(f.Site != "" && l.Site != f.Site) ||
			(f.Type != "" && l.Type != f.Type) ||
			(len(f.Statuses) > 0 && !slices.Contains(f.Statuses, l.Status)) ||
			(f.Network != "" && l.Network != f.Network) ||
			(f.SelfBuilt && !l.SelfBuilt()) {
			continue
		}
		out = append(out, *copyLink(l))
	}
	return page(out, func(l *netops.Link) uuid.UUID { return l.ID }, after, limit), nil
}

// OverlappingPrefixes implements netops.Store.
func (s *Store) OverlappingPrefixes(ctx context.Context, space string, ps []netip.Prefix) ([]netops.LinkPrefix, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []netops.LinkPrefix
	for _, l := range s.links {
		if !l.Status.Live() || l.Space() != space {
			continue
		}
		for _, q := range l.Prefixes {
			for _, p := range ps {
				if q.Overlaps(p) {
					out = append(out, netops.LinkPrefix{Link: l.ID, Unit: l.Unit, Space: space, Prefix: q, Status: l.Status})
					break
				}
			}
		}
	}
	return out, nil
}

// LivePrefixes implements netops.Store.
func (s *Store) LivePrefixes(ctx context.Context) ([]netops.LinkPrefix, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []netops.LinkPrefix
	for _, l := range s.links {
		if !l.Status.Live() {
			continue
		}
		for _, q := range l.Prefixes {
			out = append(out, netops.LinkPrefix{Link: l.ID, Unit: l.Unit, Space: l.Space(), Prefix: q, Status: l.Status})
		}
	}
	return out, nil
}

// ConnectedUnits implements netops.Store.
func (s *Store) ConnectedUnits(ctx context.Context) ([]string, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	seen := map[string]bool{}
	var out []string
	for _, l := range s.links {
		if l.Type == netops.LinkExtranet && l.Status == netops.LinkActive && !seen[l.Unit] {
			seen[l.Unit] = true
			out = append(out, l.Unit)
		}
	}
	slices.Sort(out)
	return out, nil
}

// CreateNetwork implements netops.Store.
func (s *Store) CreateNetwork(ctx context.Context, n *netops.Network, events []netops.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.networks[n.ID]; ok {
		return govops.Errorf(govops.ECONFLICT, "network %s is stored already", n.ID)
	}
	if _, ok := s.netCodes[n.Code]; ok {
		return govops.Errorf(govops.ECONFLICT, "a network has code %s already", govops.Truncate(n.Code, 60))
	}
	if err := s.checkEvents(events); err != nil {
		return err
	}
	c := copyNetwork(n)
	c.Version = 1
	s.networks[c.ID] = c
	s.netCodes[c.Code] = c.ID
	s.appendEvents(events)
	return nil
}

// UpdateNetwork implements netops.Store.
func (s *Store) UpdateNetwork(ctx context.Context, n *netops.Network, events []netops.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.networks[n.ID]
	if !ok {
		return notFound("network", n.ID)
	}
	if err := checkVersion("network", n.ID, old.Version, n.Version); err != nil {
		return err
	}
	if id, ok := s.netCodes[n.Code]; ok && id != n.ID {
		return govops.Errorf(govops.ECONFLICT, "a network has code %s already", govops.Truncate(n.Code, 60))
	}
	if err := s.checkEvents(events); err != nil {
		return err
	}
	delete(s.netCodes, old.Code)
	s.netCodes[n.Code] = n.ID
	s.networks[n.ID] = copyNetwork(n)
	s.appendEvents(events)
	return nil
}

// Network implements netops.Store.
func (s *Store) Network(ctx context.Context, code string) (*netops.Network, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	id, ok := s.netCodes[code]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "no network has code %s", govops.Truncate(code, 60))
	}
	return copyNetwork(s.networks[id]), nil
}

// Networks implements netops.Store.
func (s *Store) Networks(ctx context.Context) ([]netops.Network, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]netops.Network, 0, len(s.networks))
	for _, n := range s.networks {
		out = append(out, *copyNetwork(n))
	}
	slices.SortFunc(out, func(a, b netops.Network) int { return strings.Compare(a.Code, b.Code) })
	return out, nil
}

// CreateMigration implements netops.Store.
func (s *Store) CreateMigration(ctx context.Context, m *netops.Migration, events []netops.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.migrations[m.ID]; ok {
		return govops.Errorf(govops.ECONFLICT, "migration %s is stored already", m.ID)
	}
	if err := s.checkEvents(events); err != nil {
		return err
	}
	n := copyMigration(m)
	n.Version = 1
	s.migrations[n.ID] = n
	s.appendEvents(events)
	return nil
}

// UpdateMigration implements netops.Store.
func (s *Store) UpdateMigration(ctx context.Context, m *netops.Migration, u *netops.UnitNet, events []netops.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.migrations[m.ID]
	if !ok {
		return notFound("migration", m.ID)
	}
	if err := checkVersion("migration", m.ID, old.Version, m.Version); err != nil {
		return err
	}
	if u != nil {
		if err := s.checkUnit(u); err != nil {
			return err
		}
	}
	if err := s.checkEvents(events); err != nil {
		return err
	}
	s.migrations[m.ID] = copyMigration(m)
	if u != nil {
		s.putUnit(u)
	}
	s.appendEvents(events)
	return nil
}

// Migration implements netops.Store.
func (s *Store) Migration(ctx context.Context, id uuid.UUID) (*netops.Migration, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	m, ok := s.migrations[id]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "no migration %s", id)
	}
	return copyMigration(m), nil
}

// Migrations implements netops.Store.
func (s *Store) Migrations(ctx context.Context, f netops.MigrationFilter, after uuid.UUID, limit int) ([]netops.Migration, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []netops.Migration
	for _, m := range s.migrations {
		if (f.Unit != "" && m.Unit != f.Unit) || (f.Status != "" && m.Status != f.Status) {
			continue
		}
		out = append(out, *copyMigration(m))
	}
	return page(out, func(m *netops.Migration) uuid.UUID { return m.ID }, after, limit), nil
}
