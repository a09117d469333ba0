package portalbun

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/portal"
)

// CreateSite implements portal.Store.
func (s *Store) CreateSite(ctx context.Context, site *portal.Site, events []portal.Event) error {
	row := toSiteRow(site)
	row.Version = 1
	return s.sites.Create(ctx, &row, toEventRows(events),
		bunstore.Conflict("site %s: its ID, its code %q, or the ID of one of its events, is taken", site.ID, site.Code))
}

// UpdateSite implements portal.Store.
func (s *Store) UpdateSite(ctx context.Context, site *portal.Site, events []portal.Event) error {
	row := toSiteRow(site)
	return s.sites.Update(ctx, &row, toEventRows(events),
		bunstore.NotFound("no site %s", site.ID), bunstore.Stale("site %s changed meanwhile: reload it and retry", site.ID),
		bunstore.Conflict("site %s: its code %q, or the ID or Seq of one of its events, is taken", site.ID, site.Code))
}

// Site implements portal.Store.
func (s *Store) Site(ctx context.Context, id uuid.UUID) (*portal.Site, error) {
	return get(ctx, s, "site", id, fromSiteRow)
}

// SiteByCode implements portal.Store.
func (s *Store) SiteByCode(ctx context.Context, code string) (*portal.Site, error) {
	return getWhere(ctx, s, "site", fromSiteRow, "no site %q", []any{code}, "code = ?", code)
}

// Sites implements portal.Store.
func (s *Store) Sites(ctx context.Context, f portal.SiteFilter, after uuid.UUID, limit int) ([]portal.Site, error) {
	var rows []siteRow
	q := s.db.NewSelect().Model(&rows)
	eq(q, "department", f.Department)
	eq(q, "status", string(f.Status))
	return list(ctx, q, &rows, "sites", after, limit, fromSiteRow)
}

// CreateColumn implements portal.Store.
func (s *Store) CreateColumn(ctx context.Context, c *portal.Column, events []portal.Event) error {
	row := toColumnRow(c)
	row.Version = 1
	return s.write(ctx, "create column", events,
		bunstore.Conflict("column %s: its ID, its code %q on site %s, or the ID of one of its events, is taken", c.ID, c.Code, c.SiteID),
		func(ctx context.Context, tx bun.Tx) error {
			found, err := tx.NewSelect().Model((*siteRow)(nil)).Where("id = ?", row.SiteID).Exists(ctx)
			if err != nil {
				return err
			}
			if !found {
				return govops.Errorf(govops.ENOTFOUND, "no site %s for column %q; nothing was written", c.SiteID, c.Code)
			}
			_, err = tx.NewInsert().Model(&row).Exec(ctx)
			return err
		})
}

// UpdateColumns implements portal.Store.
func (s *Store) UpdateColumns(ctx context.Context, cs []portal.Column, site *portal.Site, events []portal.Event) error {
	return s.write(ctx, "update columns", events,
		bunstore.Conflict("columns: the code of another column, or the ID or Seq of one of their events, is taken"),
		func(ctx context.Context, tx bun.Tx) error {
			if err := updateColumns(ctx, tx, cs); err != nil {
				return err
			}
			return updateSite(ctx, tx, site)
		})
}

// Column implements portal.Store.
func (s *Store) Column(ctx context.Context, id uuid.UUID) (*portal.Column, error) {
	return get(ctx, s, "column", id, fromColumnRow)
}

// ColumnByCode implements portal.Store.
func (s *Store) ColumnByCode(ctx context.Context, site uuid.UUID, code string) (*portal.Column, error) {
	return getWhere(ctx, s, "column", fromColumnRow, "no column %q of site %s", []any{code, site},
		"site_id = ? AND code = ?", site.String(), code)
}

// Columns implements portal.Store.
func (s *Store) Columns(ctx context.Context, f portal.ColumnFilter, after uuid.UUID, limit int) ([]portal.Column, error) {
	var rows []columnRow
	q := s.db.NewSelect().Model(&rows)
	eqID(q, "site_id", f.SiteID)
	eq(q, "department", f.Department)
	if f.Current {
		q.Where("NOT retired")
	}
	return list(ctx, q, &rows, "columns", after, limit, fromColumnRow)
}

// CreatePosts implements portal.Store.
func (s *Store) CreatePosts(ctx context.Context, ps []portal.Post, cs []portal.Column, site *portal.Site, events []portal.Event) error {
	rows := make([]postRow, len(ps))
	cols := map[string]bool{}
	for i := range ps {
		rows[i] = toPostRow(&ps[i])
		cols[rows[i].ColumnID] = true
	}
	return s.writeCounted(ctx, "create posts", events,
		bunstore.Conflict("posts: the ID of a post, its URL on its site (a post is recorded once), or the ID or Seq of an event, is taken"),
		func(ctx context.Context, tx bun.Tx) error {
			if err := columnsStored(ctx, tx, cols); err != nil {
				return err
			}
			if err := bunstore.InsertChunked(ctx, tx, rows); err != nil {
				return err
			}
			if err := updateColumns(ctx, tx, cs); err != nil {
				return err
			}
			return updateSite(ctx, tx, site)
		}, func() []tally {
			ds := make([]bunstore.SummaryDelta, len(rows))
			for i := range rows {
				ds[i] = postDelta(&rows[i])
			}
			return []tally{{s.sums.posts, ds}}
		})
}

// columnsStored returns ENOTFOUND unless every column of ids is stored.
func columnsStored(ctx context.Context, tx bun.Tx, ids map[string]bool) error {
	if len(ids) == 0 {
		return nil
	}
	want := make([]string, 0, len(ids))
	for id := range ids {
		want = append(want, id)
	}
	var found []string
	if err := tx.NewSelect().Model((*columnRow)(nil)).Column("id").Where("id IN (?)", bun.List(want)).Scan(ctx, &found); err != nil {
		return err
	}
	if len(found) == len(want) {
		return nil
	}
	have := make(map[string]bool, len(found))
	for _, id := range found {
		have[id] = true
	}
	for _, id := range want {
		if !have[id] {
			return govops.Errorf(govops.ENOTFOUND, "no column %s for a post; nothing was written", id)
		}
	}
	return nil
}

// Posts implements portal.Store.
func (s *Store) Posts(ctx context.Context, f portal.PostFilter, after uuid.UUID, limit int) ([]portal.Post, error) {
	var rows []postRow
	q := postFilter(s.db.NewSelect().Model(&rows), f)
	return list(ctx, q, &rows, "posts", after, limit, fromPostRow)
}

// CreateProbes implements portal.Store.
func (s *Store) CreateProbes(ctx context.Context, ps []portal.Probe) error {
	rows := make([]probeRow, len(ps))
	for i := range ps {
		rows[i] = toProbeRow(&ps[i])
	}
	return s.writeCounted(ctx, "create probes", nil, bunstore.Conflict("probes: the ID of one is taken"),
		func(ctx context.Context, tx bun.Tx) error { return bunstore.InsertChunked(ctx, tx, rows) },
		func() []tally {
			ds := make([]bunstore.SummaryDelta, len(rows))
			for i := range rows {
				ds[i] = probeDelta(&rows[i])
			}
			return []tally{{s.sums.probes, ds}}
		})
}

// Probes implements portal.Store.
func (s *Store) Probes(ctx context.Context, f portal.ProbeFilter, after uuid.UUID, limit int) ([]portal.Probe, error) {
	var rows []probeRow
	q := probeFilter(s.db.NewSelect().Model(&rows), f)
	if f.Failed {
		q.Where("NOT ok")
	}
	return list(ctx, q, &rows, "probes", after, limit, fromProbeRow)
}

// CreateCrawl implements portal.Store.
func (s *Store) CreateCrawl(ctx context.Context, c *portal.Crawl, events []portal.Event) error {
	row := toCrawlRow(c)
	row.Version = 1
	return s.crawls.Create(ctx, &row, toEventRows(events),
		bunstore.Conflict("crawl %s: its ID, or the ID of one of its events, is taken", c.ID))
}

// UpdateCrawl implements portal.Store.
func (s *Store) UpdateCrawl(ctx context.Context, c *portal.Crawl, events []portal.Event) error {
	row := toCrawlRow(c)
	return s.crawls.Update(ctx, &row, toEventRows(events),
		bunstore.NotFound("no crawl %s", c.ID), bunstore.Stale("crawl %s changed meanwhile: reload it and retry", c.ID),
		bunstore.Conflict("crawl %s: the ID or Seq of one of its events is taken", c.ID))
}

// SaveCrawlProgress implements portal.Store: one UPDATE of the progress
// columns guarded by the status, so that a cancel request or an end
// written meanwhile is never overwritten, then a read of the row.
func (s *Store) SaveCrawlProgress(ctx context.Context, id uuid.UUID, p portal.CrawlProgress, at time.Time) (*portal.Crawl, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Err("save crawl progress", err)
	}
	_, err := s.db.NewUpdate().Model((*crawlRow)(nil)).
		Set("? = ?", bun.Ident("pages"), p.Pages).Set("? = ?", bun.Ident("links"), p.Links).
		Set("? = ?", bun.Ident("bytes"), p.Bytes).Set("? = ?", bun.Ident("queued"), p.Queued).
		Set("? = ?", bun.Ident("updated_at"), dbt(at)).
		Where("id = ?", id.String()).Where("status = ?", string(portal.CrawlRunning)).Exec(ctx)
	if err != nil {
		return nil, bunstore.Concurrent("save crawl progress", errs.Err("save crawl progress", err))
	}
	return s.Crawl(ctx, id)
}

// EndCrawl implements portal.Store.
func (s *Store) EndCrawl(ctx context.Context, c *portal.Crawl, fs []portal.Finding, events []portal.Event) error {
	row := toCrawlRow(c)
	rows := make([]findingRow, len(fs))
	for i := range fs {
		rows[i] = toFindingRow(&fs[i])
	}
	return s.write(ctx, "end crawl", events,
		bunstore.Conflict("crawl %s: the ID or the number of one of its findings, or the ID or Seq of an event, is taken", c.ID),
		func(ctx context.Context, tx bun.Tx) error {
			if err := bunstore.UpdateIn(ctx, tx, &row, row.ID, row.Version, "crawl"); err != nil {
				return err
			}
			return bunstore.InsertChunked(ctx, tx, rows)
		})
}

// Crawl implements portal.Store.
func (s *Store) Crawl(ctx context.Context, id uuid.UUID) (*portal.Crawl, error) {
	return get(ctx, s, "crawl", id, fromCrawlRow)
}

// Crawls implements portal.Store.
func (s *Store) Crawls(ctx context.Context, f portal.CrawlFilter, after uuid.UUID, limit int) ([]portal.Crawl, error) {
	var rows []crawlRow
	q := s.db.NewSelect().Model(&rows)
	eqID(q, "site_id", f.SiteID)
	eq(q, "status", string(f.Status))
	return list(ctx, q, &rows, "crawls", after, limit, fromCrawlRow)
}

// Finding implements portal.Store.
func (s *Store) Finding(ctx context.Context, id uuid.UUID) (*portal.Finding, error) {
	return get(ctx, s, "finding", id, fromFindingRow)
}

// Findings implements portal.Store.
func (s *Store) Findings(ctx context.Context, f portal.FindingFilter, after uuid.UUID, limit int) ([]portal.Finding, error) {
	var rows []findingRow
	q := s.db.NewSelect().Model(&rows)
	eqID(q, "crawl_id", f.CrawlID)
	eqID(q, "site_id", f.SiteID)
	eq(q, "kind", string(f.Kind))
	eq(q, "department", f.Department)
	return list(ctx, q, &rows, "findings", after, limit, fromFindingRow)
}

// CreateTasks implements portal.Store.
func (s *Store) CreateTasks(ctx context.Context, ts []portal.Task, events []portal.Event) error {
	rows := make([]taskRow, len(ts))
	for i := range ts {
		rows[i] = toTaskRow(&ts[i])
		rows[i].Version = 1
	}
	return s.writeCounted(ctx, "create tasks", events,
		bunstore.Conflict("tasks: the ID of a task, its finding (a finding makes one task), or the ID or Seq of an event, is taken"),
		func(ctx context.Context, tx bun.Tx) error { return bunstore.InsertChunked(ctx, tx, rows) },
		func() []tally {
			rs, signs := make([]*taskRow, len(rows)), make([]int64, len(rows))
			for i := range rows {
				rs[i], signs[i] = &rows[i], 1
			}
			return s.taskTallies(rs, signs)
		})
}

// UpdateTask implements portal.Store. The task as stored is read first
// in the transaction, and moved from its summary group to the new one's
// last.
func (s *Store) UpdateTask(ctx context.Context, t *portal.Task, events []portal.Event) error {
	row := toTaskRow(t)
	var old taskRow
	found := false
	return s.tasks.UpdateWith(ctx, &row, toEventRows(events), bunstore.Steps{
		Before: func(ctx context.Context, tx bun.IDB) (err error) {
			found, err = stored(ctx, tx, &old, row.ID)
			return err
		},
		After: func(ctx context.Context, tx bun.IDB) error {
			if !found || old.Version != row.Version-1 {
				return govops.Errorf(govops.ECONFLICT, "task %s changed meanwhile: reload it and retry", t.ID)
			}
			return s.count(ctx, tx, s.taskTallies([]*taskRow{&old, &row}, []int64{-1, 1})...)
		},
	}, bunstore.NotFound("no task %s", t.ID), bunstore.Stale("task %s changed meanwhile: reload it and retry", t.ID),
		bunstore.Conflict("task %s: its finding, or the ID or Seq of one of its events, is taken", t.ID))
}

// Task implements portal.Store.
func (s *Store) Task(ctx context.Context, id uuid.UUID) (*portal.Task, error) {
	return get(ctx, s, "task", id, fromTaskRow)
}

// Tasks implements portal.Store.
func (s *Store) Tasks(ctx context.Context, f portal.TaskFilter, after uuid.UUID, limit int) ([]portal.Task, error) {
	var rows []taskRow
	q := s.db.NewSelect().Model(&rows)
	eqID(q, "site_id", f.SiteID)
	eq(q, "kind", string(f.Kind))
	eq(q, "status", string(f.Status))
	eq(q, "department", f.Department)
	if f.Key != "" {
		q.Where("key_hash = ?", hash(f.Key))
	}
	eq(q, "case_number", f.CaseNumber)
	eqID(q, "finding_id", f.FindingID)
	eqID(q, "column_id", f.ColumnID)
	if f.Live {
		q.Where("status NOT IN (?)", bun.List([]string{string(portal.TaskVerified), string(portal.TaskDismissed)}))
	}
	return list(ctx, q, &rows, "tasks", after, limit, fromTaskRow)
}

// CreateConsultation implements portal.Store.
func (s *Store) CreateConsultation(ctx context.Context, c *portal.Consultation, events []portal.Event) error {
	row := toConsultationRow(c)
	row.Version = 1
	return s.consultations.CreateWith(ctx, &row, toEventRows(events), bunstore.Steps{
		After: func(ctx context.Context, tx bun.IDB) error {
			return s.count(ctx, tx, tally{s.sums.consults, []bunstore.SummaryDelta{consultDelta(&row, 1)}})
		},
	}, bunstore.Conflict("consultation %s: its ID, its number %q on site %s, or the ID of one of its events, is taken",
		c.ID, c.Ref, c.SiteID))
}

// UpdateConsultation implements portal.Store. The consultation as stored
// is read first in the transaction, and moved from its summary group to
// the new one's last.
func (s *Store) UpdateConsultation(ctx context.Context, c *portal.Consultation, events []portal.Event) error {
	row := toConsultationRow(c)
	var old consultationRow
	found := false
	return s.consultations.UpdateWith(ctx, &row, toEventRows(events), bunstore.Steps{
		Before: func(ctx context.Context, tx bun.IDB) (err error) {
			found, err = stored(ctx, tx, &old, row.ID)
			return err
		},
		After: func(ctx context.Context, tx bun.IDB) error {
			if !found || old.Version != row.Version-1 {
				return govops.Errorf(govops.ECONFLICT, "consultation %s changed meanwhile: reload it and retry", c.ID)
			}
			return s.count(ctx, tx, tally{s.sums.consults, []bunstore.SummaryDelta{consultDelta(&old, -1), consultDelta(&row, 1)}})
		},
	}, bunstore.NotFound("no consultation %s", c.ID),
		bunstore.Stale("consultation %s changed meanwhile: reload it and retry", c.ID),
		bunstore.Conflict("consultation %s: its number %q, or the ID or Seq of one of its events, is taken", c.ID, c.Ref))
}

// Consultation implements portal.Store.
func (s *Store) Consultation(ctx context.Context, id uuid.UUID) (*portal.Consultation, error) {
	return get(ctx, s, "consultation", id, fromConsultationRow)
}

// Consultations implements portal.Store.
func (s *Store) Consultations(ctx context.Context, f portal.ConsultationFilter, after uuid.UUID, limit int) ([]portal.Consultation, error) {
	var rows []consultationRow
	q := s.db.NewSelect().Model(&rows)
	return list(ctx, consultationFilter(q, f), &rows, "consultations", after, limit, fromConsultationRow)
}

// CreateAccount implements portal.Store.
func (s *Store) CreateAccount(ctx context.Context, a *portal.Account, events []portal.Event) error {
	row := toAccountRow(a)
	row.Version = 1
	return s.accounts.Create(ctx, &row, toEventRows(events),
		bunstore.Conflict("account %s: its ID, its code %q, or the ID of one of its events, is taken", a.ID, a.Code))
}

// UpdateAccount implements portal.Store.
func (s *Store) UpdateAccount(ctx context.Context, a *portal.Account, events []portal.Event) error {
	row := toAccountRow(a)
	return s.accounts.Update(ctx, &row, toEventRows(events),
		bunstore.NotFound("no account %s", a.ID), bunstore.Stale("account %s changed meanwhile: reload it and retry", a.ID),
		bunstore.Conflict("account %s: its code %q, or the ID or Seq of one of its events, is taken", a.ID, a.Code))
}

// Account implements portal.Store.
func (s *Store) Account(ctx context.Context, id uuid.UUID) (*portal.Account, error) {
	return get(ctx, s, "account", id, fromAccountRow)
}

// AccountByCode implements portal.Store.
func (s *Store) AccountByCode(ctx context.Context, code string) (*portal.Account, error) {
	return getWhere(ctx, s, "account", fromAccountRow, "no account %q", []any{code}, "code = ?", code)
}

// Accounts implements portal.Store.
func (s *Store) Accounts(ctx context.Context, f portal.AccountFilter, after uuid.UUID, limit int) ([]portal.Account, error) {
	var rows []accountRow
	q := s.db.NewSelect().Model(&rows)
	eq(q, "department", f.Department)
	eq(q, "platform", string(f.Platform))
	eq(q, "status", string(f.Status))
	return list(ctx, q, &rows, "accounts", after, limit, fromAccountRow)
}

// CreateMediaInspection implements portal.Store.
func (s *Store) CreateMediaInspection(ctx context.Context, in *portal.MediaInspection, a *portal.Account, events []portal.Event) error {
	row := toInspectionRow(in)
	row.Version = 1
	return s.write(ctx, "create media inspection", events,
		bunstore.Conflict("media inspection %s: its ID, its account's week of %s, or the ID or Seq of an event, is taken",
			in.ID, in.Week.Format(time.DateOnly)),
		func(ctx context.Context, tx bun.Tx) error {
			if _, err := tx.NewInsert().Model(&row).Exec(ctx); err != nil {
				return err
			}
			return updateAccount(ctx, tx, a)
		})
}

// UpdateMediaInspection implements portal.Store.
func (s *Store) UpdateMediaInspection(ctx context.Context, in *portal.MediaInspection, a *portal.Account, events []portal.Event) error {
	row := toInspectionRow(in)
	return s.write(ctx, "update media inspection", events,
		bunstore.Conflict("media inspection %s: its account's week of %s, or the ID or Seq of an event, is taken",
			in.ID, in.Week.Format(time.DateOnly)),
		func(ctx context.Context, tx bun.Tx) error {
			if err := bunstore.UpdateIn(ctx, tx, &row, row.ID, row.Version, "media inspection"); err != nil {
				return err
			}
			return updateAccount(ctx, tx, a)
		})
}

// MediaInspection implements portal.Store.
func (s *Store) MediaInspection(ctx context.Context, id uuid.UUID) (*portal.MediaInspection, error) {
	return get(ctx, s, "media inspection", id, fromInspectionRow)
}

// MediaInspections implements portal.Store.
func (s *Store) MediaInspections(ctx context.Context, f portal.MediaInspectionFilter, after uuid.UUID, limit int) ([]portal.MediaInspection, error) {
	var rows []inspectionRow
	q := s.db.NewSelect().Model(&rows)
	eqID(q, "account_id", f.AccountID)
	eq(q, "department", f.Department)
	window(q, "week", f.From, f.To)
	return list(ctx, q, &rows, "media inspections", after, limit, fromInspectionRow)
}

// LatestInspections implements portal.Store.
func (s *Store) LatestInspections(ctx context.Context, before time.Time) ([]portal.MediaInspection, error) {
	latest := s.db.NewSelect().Model((*inspectionRow)(nil)).ColumnExpr("account_id, MAX(week)").GroupExpr("account_id")
	if !before.IsZero() {
		latest.Where("week < ?", dbt(before))
	}
	var rows []inspectionRow
	err := s.db.NewSelect().Model(&rows).Where("(account_id, week) IN (?)", latest).OrderExpr("id ASC").Scan(ctx)
	if err != nil {
		return nil, errs.Err("list the latest media inspections", err)
	}
	return bunstore.FromRows(rows, fromInspectionRow)
}
