package netopsbun

import (
	"context"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/netops"
)

// CreateSite implements netops.Store.
func (s *Store) CreateSite(ctx context.Context, v *netops.Site, events []netops.Event) error {
	row := toSiteRow(v)
	row.Version = 1
	return s.sites.Create(ctx, &row, toEventRows(events),
		bunstore.Conflict("site %s: its ID or code, or the ID of one of its events, is taken", govops.Truncate(v.Code, 60)))
}

// UpdateSite implements netops.Store.
func (s *Store) UpdateSite(ctx context.Context, v *netops.Site, events []netops.Event) error {
	row := toSiteRow(v)
	return s.sites.Update(ctx, &row, toEventRows(events),
		bunstore.NotFound("no site %s", v.ID), bunstore.Stale("site %s changed meanwhile: reload it and retry", v.Code),
		bunstore.Conflict("site %s: its code, or the ID or Seq of one of its events, is taken", govops.Truncate(v.Code, 60)))
}

// Site implements netops.Store.
func (s *Store) Site(ctx context.Context, code string) (*netops.Site, error) {
	var row siteRow
	if err := s.db.NewSelect().Model(&row).Where("code = ?", code).Scan(ctx); err != nil {
		return nil, errs.Err("get site", err, bunstore.NotFound("no site has code %s", govops.Truncate(code, 60)))
	}
	v, err := fromSiteRow(&row)
	return &v, err
}

// Sites implements netops.Store.
func (s *Store) Sites(ctx context.Context) ([]netops.Site, error) {
	var rows []siteRow
	if err := s.db.NewSelect().Model(&rows).OrderExpr("code ASC").Scan(ctx); err != nil {
		return nil, errs.Err("list sites", err)
	}
	return bunstore.FromRows(rows, fromSiteRow)
}

// CreateUnits implements netops.Store.
func (s *Store) CreateUnits(ctx context.Context, us []netops.UnitNet, events []netops.Event) error {
	rows := make([]unitRow, len(us))
	for i := range us {
		rows[i] = toUnitRow(&us[i])
		rows[i].Version = 1
	}
	return s.write(ctx, "create unit profiles", netops.Guard{}, events,
		bunstore.Conflict("a unit profile's ID or unit, or the ID of one of its events, is taken"),
		func(ctx context.Context, tx bun.Tx) error { return bunstore.InsertChunked(ctx, tx, rows) })
}

// UpdateUnit implements netops.Store.
func (s *Store) UpdateUnit(ctx context.Context, u *netops.UnitNet, events []netops.Event) error {
	row := toUnitRow(u)
	return s.units.Update(ctx, &row, toEventRows(events),
		bunstore.NotFound("no unit profile %s", u.ID), bunstore.Stale("the profile of unit %s changed meanwhile: reload it and retry", u.Unit),
		bunstore.Conflict("unit %s: its profile, or the ID or Seq of one of its events, is taken", govops.Truncate(u.Unit, 60)))
}

// Unit implements netops.Store.
func (s *Store) Unit(ctx context.Context, unit string) (*netops.UnitNet, error) {
	var row unitRow
	if err := s.db.NewSelect().Model(&row).Where("unit = ?", unit).Scan(ctx); err != nil {
		return nil, errs.Err("get unit profile", err, bunstore.NotFound("unit %s has no profile", govops.Truncate(unit, 60)))
	}
	u, err := fromUnitRow(&row)
	return &u, err
}

// Units implements netops.Store.
func (s *Store) Units(ctx context.Context, f netops.UnitFilter, after string, limit int) ([]netops.UnitNet, error) {
	var rows []unitRow
	q := s.db.NewSelect().Model(&rows).OrderExpr("unit ASC")
	if f.Site != "" {
		q.Where("site = ?", f.Site)
	}
	if len(f.Units) > 0 {
		q.Where("unit IN (?)", bun.List(f.Units))
	}
	if after != "" {
		q.Where("unit > ?", after)
	}
	if limit > 0 {
		q.Limit(int64(limit))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, errs.Err("list unit profiles", err)
	}
	return bunstore.FromRows(rows, fromUnitRow)
}

// circuitTaken is the refusal of a link write whose key is taken.
func circuitTaken() bunstore.Refusal {
	return bunstore.Conflict("a link's ID or its carrier's circuit number, or the ID or Seq of one of its events, is taken")
}

// CreateLinks implements netops.Store.
func (s *Store) CreateLinks(ctx context.Context, ls []netops.Link, g netops.Guard, events []netops.Event) error {
	rows := make([]linkRow, len(ls))
	var prefixes []prefixRow
	for i := range ls {
		rows[i] = toLinkRow(&ls[i])
		rows[i].Version = 1
		prefixes = append(prefixes, toPrefixRows(&ls[i])...)
	}
	return s.write(ctx, "create links", g, events, circuitTaken(), func(ctx context.Context, tx bun.Tx) error {
		if err := bunstore.InsertChunked(ctx, tx, rows); err != nil {
			return err
		}
		return bunstore.InsertChunked(ctx, tx, prefixes)
	})
}

// UpdateLink implements netops.Store.
func (s *Store) UpdateLink(ctx context.Context, l *netops.Link, g netops.Guard, events []netops.Event) error {
	row := toLinkRow(l)
	prefixes := toPrefixRows(l)
	return s.write(ctx, "update link", g, events, circuitTaken(), func(ctx context.Context, tx bun.Tx) error {
		if err := bunstore.UpdateIn(ctx, tx, &row, row.ID, row.Version, "link"); err != nil {
			return err
		}
		if _, err := tx.NewDelete().Model((*prefixRow)(nil)).Where("link_id = ?", row.ID).Exec(ctx); err != nil {
			return err
		}
		return bunstore.InsertChunked(ctx, tx, prefixes)
	})
}

// Link implements netops.Store.
func (s *Store) Link(ctx context.Context, id uuid.UUID) (*netops.Link, error) {
	var row linkRow
	if err := s.db.NewSelect().Model(&row).Where("id = ?", id.String()).Scan(ctx); err != nil {
		return nil, errs.Err("get link", err, bunstore.NotFound("no link %s", id))
	}
	l, err := fromLinkRow(&row)
	return &l, err
}

// Links implements netops.Store.
func (s *Store) Links(ctx context.Context, f netops.LinkFilter, after uuid.UUID, limit int) ([]netops.Link, error) {
	var rows []linkRow
	q := s.db.NewSelect().Model(&rows)
	if f.Unit != "" {
		q.Where("unit = ?", f.Unit)
	}
	if f.Site != "" {
		q.Where("site = ?", f.Site)
	}
	if f.Type != "" {
		q.Where("type = ?", string(f.Type))
	}
	if len(f.Statuses) > 0 {
		q.Where("status IN (?)", bun.List(f.Statuses))
	}
	if f.Network != "" {
		q.Where("network = ?", f.Network)
	}
	if f.SelfBuilt {
		q.Where("type = ?", string(netops.LinkInternet)).Where("via_extranet = ?", false)
	}
	if err := page(q, after, limit).Scan(ctx); err != nil {
		return nil, errs.Err("list links", err)
	}
	return bunstore.FromRows(rows, fromLinkRow)
}

// ConnectedUnits implements netops.Store.
func (s *Store) ConnectedUnits(ctx context.Context) ([]string, error) {
	var units []string
	err := s.db.NewSelect().Model((*linkRow)(nil)).ColumnExpr("DISTINCT unit").
		Where("type = ?", string(netops.LinkExtranet)).Where("status = ?", string(netops.LinkActive)).
		OrderExpr("unit ASC").Scan(ctx, &units)
	if err != nil {
		return nil, errs.Err("list connected units", err)
	}
	return units, nil
}

// CreateNetwork implements netops.Store.
func (s *Store) CreateNetwork(ctx context.Context, n *netops.Network, events []netops.Event) error {
	row := toNetworkRow(n)
	row.Version = 1
	return s.networks.Create(ctx, &row, toEventRows(events),
		bunstore.Conflict("network %s: its ID or code, or the ID of one of its events, is taken", govops.Truncate(n.Code, 60)))
}

// UpdateNetwork implements netops.Store.
func (s *Store) UpdateNetwork(ctx context.Context, n *netops.Network, events []netops.Event) error {
	row := toNetworkRow(n)
	return s.networks.Update(ctx, &row, toEventRows(events),
		bunstore.NotFound("no network %s", n.ID), bunstore.Stale("network %s changed meanwhile: reload it and retry", n.Code),
		bunstore.Conflict("network %s: its code, or the ID or Seq of one of its events, is taken", govops.Truncate(n.Code, 60)))
}

// Network implements netops.Store.
func (s *Store) Network(ctx context.Context, code string) (*netops.Network, error) {
	var row networkRow
	if err := s.db.NewSelect().Model(&row).Where("code = ?", code).Scan(ctx); err != nil {
		return nil, errs.Err("get network", err, bunstore.NotFound("no network has code %s", govops.Truncate(code, 60)))
	}
	n, err := fromNetworkRow(&row)
	return &n, err
}

// Networks implements netops.Store.
func (s *Store) Networks(ctx context.Context) ([]netops.Network, error) {
	var rows []networkRow
	if err := s.db.NewSelect().Model(&rows).OrderExpr("code ASC").Scan(ctx); err != nil {
		return nil, errs.Err("list networks", err)
	}
	return bunstore.FromRows(rows, fromNetworkRow)
}

// CreateMigration implements netops.Store.
func (s *Store) CreateMigration(ctx context.Context, m *netops.Migration, events []netops.Event) error {
	row := toMigrationRow(m)
	row.Version = 1
	return s.migs.Create(ctx, &row, toEventRows(events),
		bunstore.Conflict("migration %s: its ID, or the ID of one of its events, is taken", m.ID))
}

// UpdateMigration implements netops.Store.
func (s *Store) UpdateMigration(ctx context.Context, m *netops.Migration, u *netops.UnitNet, events []netops.Event) error {
	row := toMigrationRow(m)
	if u == nil {
		return s.migs.Update(ctx, &row, toEventRows(events),
			bunstore.NotFound("no migration %s", m.ID), bunstore.Stale("migration %s changed meanwhile: reload it and retry", m.ID),
			bunstore.Conflict("migration %s: the ID or Seq of one of its events is taken", m.ID))
	}
	unit := toUnitRow(u)
	return s.write(ctx, "update migration", netops.Guard{}, events,
		bunstore.Conflict("migration %s: the ID or Seq of one of its events is taken", m.ID),
		func(ctx context.Context, tx bun.Tx) error {
			if err := bunstore.UpdateIn(ctx, tx, &row, row.ID, row.Version, "migration"); err != nil {
				return err
			}
			return bunstore.UpdateIn(ctx, tx, &unit, unit.ID, unit.Version, "unit profile")
		})
}

// Migration implements netops.Store.
func (s *Store) Migration(ctx context.Context, id uuid.UUID) (*netops.Migration, error) {
	var row migrationRow
	if err := s.db.NewSelect().Model(&row).Where("id = ?", id.String()).Scan(ctx); err != nil {
		return nil, errs.Err("get migration", err, bunstore.NotFound("no migration %s", id))
	}
	m, err := fromMigrationRow(&row)
	return &m, err
}

// Migrations implements netops.Store.
func (s *Store) Migrations(ctx context.Context, f netops.MigrationFilter, after uuid.UUID, limit int) ([]netops.Migration, error) {
	var rows []migrationRow
	q := s.db.NewSelect().Model(&rows)
	if f.Unit != "" {
		q.Where("unit = ?", f.Unit)
	}
	if f.Status != "" {
		q.Where("status = ?", string(f.Status))
	}
	if err := page(q, after, limit).Scan(ctx); err != nil {
		return nil, errs.Err("list migrations", err)
	}
	return bunstore.FromRows(rows, fromMigrationRow)
}
