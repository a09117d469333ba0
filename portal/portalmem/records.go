package portalmem

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/memstore"
	"github.com/govops-kit/govops/portal"
)

// in reports whether t is in [from, to), each bound applying when set.
func in(t, from, to time.Time) bool {
	return (from.IsZero() || !t.Before(from)) && (to.IsZero() || t.Before(to))
}

// CreateSite implements portal.Store.
func (s *Store) CreateSite(ctx context.Context, site *portal.Site, events []portal.Event) error {
	return s.Write(ctx, events, func() error {
		if err := s.sites.Free(site); err != nil {
			return err
		}
		if _, ok := s.siteCodes[site.Code]; ok {
			return govops.Errorf(govops.ECONFLICT, "site %q is stored already", site.Code)
		}
		return nil
	}, func() {
		s.sites.Put(site).Version = 1
		s.siteCodes[site.Code] = site.ID
	})
}

// checkSite returns the error of replacing the site with site, nil when
// site is nil. The caller holds the lock.
func (s *Store) checkSite(site *portal.Site) error {
	if site == nil {
		return nil
	}
	if _, err := s.sites.Replaceable(site); err != nil {
		return err
	}
	if other, ok := s.siteCodes[site.Code]; ok && other != site.ID {
		return govops.Errorf(govops.ECONFLICT, "site %q is another site's code", site.Code)
	}
	return nil
}

// putSite replaces the site with site, when it is not nil; the caller
// holds the lock and has checked it.
func (s *Store) putSite(site *portal.Site) {
	if site == nil {
		return
	}
	delete(s.siteCodes, s.sites.Stored(site.ID).Code)
	s.sites.Put(site)
	s.siteCodes[site.Code] = site.ID
}

// UpdateSite implements portal.Store.
func (s *Store) UpdateSite(ctx context.Context, site *portal.Site, events []portal.Event) error {
	return s.Write(ctx, events, func() error { return s.checkSite(site) }, func() { s.putSite(site) })
}

// Site implements portal.Store.
func (s *Store) Site(ctx context.Context, id uuid.UUID) (*portal.Site, error) {
	return memstore.Read(ctx, s.Base, func() (*portal.Site, error) { return s.sites.Get(id) })
}

// SiteByCode implements portal.Store.
func (s *Store) SiteByCode(ctx context.Context, code string) (*portal.Site, error) {
	return memstore.Read(ctx, s.Base, func() (*portal.Site, error) {
		id, ok := s.siteCodes[code]
		if !ok {
			return nil, govops.Errorf(govops.ENOTFOUND, "no site %q", code)
		}
		return s.sites.Get(id)
	})
}

// Sites implements portal.Store.
func (s *Store) Sites(ctx context.Context, f portal.SiteFilter, after uuid.UUID, limit int) ([]portal.Site, error) {
	return memstore.Read(ctx, s.Base, func() ([]portal.Site, error) {
		return s.sites.List(func(v *portal.Site) bool {
			return (f.Department == "" || v.Department == f.Department) && (f.Status == "" || v.Status == f.Status)
		}, after, limit), nil
	})
}

// CreateColumn implements portal.Store.
func (s *Store) CreateColumn(ctx context.Context, c *portal.Column, events []portal.Event) error {
	k := columnKey{c.SiteID, c.Code}
	return s.Write(ctx, events, func() error {
		if err := s.columns.Free(c); err != nil {
			return err
		}
		if _, ok := s.columnCodes[k]; ok {
			return govops.Errorf(govops.ECONFLICT, "column %q of site %s is stored already", c.Code, c.SiteID)
		}
		if s.sites.Stored(c.SiteID) == nil {
			return govops.Errorf(govops.ENOTFOUND, "no site %s for column %q", c.SiteID, c.Code)
		}
		return nil
	}, func() {
		s.columns.Put(c).Version = 1
		s.columnCodes[k] = c.ID
	})
}

// checkColumns returns the error of replacing the columns with cs. The
// caller holds the lock.
func (s *Store) checkColumns(cs []portal.Column) error {
	if err := s.columns.ReplaceableAll(cs); err != nil {
		return err
	}
	keys := make(map[columnKey]uuid.UUID, len(cs))
	ids := make(map[uuid.UUID]bool, len(cs))
	for i := range cs {
		ids[cs[i].ID] = true
	}
	for i := range cs {
		k := columnKey{cs[i].SiteID, cs[i].Code}
		if _, ok := keys[k]; ok {
			return govops.Errorf(govops.ECONFLICT, "column %q of site %s is given twice", k.code, k.site)
		}
		keys[k] = cs[i].ID
		if other, ok := s.columnCodes[k]; ok && other != cs[i].ID && !ids[other] {
			return govops.Errorf(govops.ECONFLICT, "column %q of site %s is another column's", k.code, k.site)
		}
	}
	return nil
}

// putColumns replaces the columns with cs; the caller holds the lock and
// has checked them.
func (s *Store) putColumns(cs []portal.Column) {
	for i := range cs {
		old := s.columns.Stored(cs[i].ID)
		delete(s.columnCodes, columnKey{old.SiteID, old.Code})
	}
	for i := range cs {
		s.columns.Put(&cs[i])
		s.columnCodes[columnKey{cs[i].SiteID, cs[i].Code}] = cs[i].ID
	}
}

// UpdateColumns implements portal.Store.
func (s *Store) UpdateColumns(ctx context.Context, cs []portal.Column, site *portal.Site, events []portal.Event) error {
	return s.Write(ctx, events, func() error {
		if err := s.checkColumns(cs); err != nil {
			return err
		}
		return s.checkSite(site)
	}, func() {
		s.putColumns(cs)
		s.putSite(site)
	})
}

// Column implements portal.Store.
func (s *Store) Column(ctx context.Context, id uuid.UUID) (*portal.Column, error) {
	return memstore.Read(ctx, s.Base, func() (*portal.Column, error) { return s.columns.Get(id) })
}

// ColumnByCode implements portal.Store.
func (s *Store) ColumnByCode(ctx context.Context, site uuid.UUID, code string) (*portal.Column, error) {
	return memstore.Read(ctx, s.Base, func() (*portal.Column, error) {
		id, ok := s.columnCodes[columnKey{site, code}]
		if !ok {
			return nil, govops.Errorf(govops.ENOTFOUND, "no column %q of site %s", code, site)
		}
		return s.columns.Get(id)
	})
}

// Columns implements portal.Store.
func (s *Store) Columns(ctx context.Context, f portal.ColumnFilter, after uuid.UUID, limit int) ([]portal.Column, error) {
	return memstore.Read(ctx, s.Base, func() ([]portal.Column, error) {
		return s.columns.List(func(v *portal.Column) bool {
			return (f.SiteID == uuid.Nil || v.SiteID == f.SiteID) &&
				(f.Department == "" || v.Department == f.Department) && (!f.Current || !v.Retired)
		}, after, limit), nil
	})
}

// CreatePosts implements portal.Store.
func (s *Store) CreatePosts(ctx context.Context, ps []portal.Post, cs []portal.Column, site *portal.Site, events []portal.Event) error {
	return s.Write(ctx, events, func() error {
		if err := s.posts.FreeAll(ps); err != nil {
			return err
		}
		urls := make(map[postKey]bool, len(ps))
		for i := range ps {
			k := postKey{ps[i].SiteID, ps[i].URL}
			if _, ok := s.postURLs[k]; ok || urls[k] {
				return govops.Errorf(govops.ECONFLICT, "post %s of site %s is recorded already", k.url, k.site)
			}
			urls[k] = true
		}
		for i := range ps {
			if s.columns.Stored(ps[i].ColumnID) == nil {
				return govops.Errorf(govops.ENOTFOUND, "no column %s for post %s", ps[i].ColumnID, ps[i].URL)
			}
		}
		if err := s.checkColumns(cs); err != nil {
			return err
		}
		return s.checkSite(site)
	}, func() {
		for i := range ps {
			s.sums.addPost(s.posts.Put(&ps[i]))
			s.postURLs[postKey{ps[i].SiteID, ps[i].URL}] = ps[i].ID
		}
		s.putColumns(cs)
		s.putSite(site)
	})
}

// matchPost reports whether f selects p.
func matchPost(f portal.PostFilter, p *portal.Post) bool {
	return (f.SiteID == uuid.Nil || p.SiteID == f.SiteID) && (f.ColumnID == uuid.Nil || p.ColumnID == f.ColumnID) &&
		(f.Department == "" || p.Department == f.Department) && (f.Source == "" || p.Source == f.Source) &&
		in(p.Published, f.From, f.To)
}

// Posts implements portal.Store.
func (s *Store) Posts(ctx context.Context, f portal.PostFilter, after uuid.UUID, limit int) ([]portal.Post, error) {
	return memstore.Read(ctx, s.Base, func() ([]portal.Post, error) {
		return s.posts.List(func(p *portal.Post) bool { return matchPost(f, p) }, after, limit), nil
	})
}

// CreateProbes implements portal.Store.
func (s *Store) CreateProbes(ctx context.Context, ps []portal.Probe) error {
	return s.Write(ctx, nil, func() error { return s.probes.FreeAll(ps) }, func() {
		for i := range ps {
			s.sums.addProbe(s.probes.Put(&ps[i]))
		}
	})
}

// matchProbe reports whether f selects p, its Failed aside.
func matchProbe(f portal.ProbeFilter, p *portal.Probe) bool {
	return (f.SiteID == uuid.Nil || p.SiteID == f.SiteID) && in(p.At, f.From, f.To)
}

// Probes implements portal.Store.
func (s *Store) Probes(ctx context.Context, f portal.ProbeFilter, after uuid.UUID, limit int) ([]portal.Probe, error) {
	return memstore.Read(ctx, s.Base, func() ([]portal.Probe, error) {
		return s.probes.List(func(p *portal.Probe) bool { return matchProbe(f, p) && (!f.Failed || !p.OK) }, after, limit), nil
	})
}

// CreateCrawl implements portal.Store.
func (s *Store) CreateCrawl(ctx context.Context, c *portal.Crawl, events []portal.Event) error {
	return s.Write(ctx, events, func() error { return s.crawls.Free(c) }, func() { s.crawls.Put(c).Version = 1 })
}

// UpdateCrawl implements portal.Store.
func (s *Store) UpdateCrawl(ctx context.Context, c *portal.Crawl, events []portal.Event) error {
	return s.Write(ctx, events, func() error { _, err := s.crawls.Replaceable(c); return err }, func() { s.crawls.Put(c) })
}

// SaveCrawlProgress implements portal.Store.
func (s *Store) SaveCrawlProgress(ctx context.Context, id uuid.UUID, p portal.CrawlProgress, at time.Time) (*portal.Crawl, error) {
	var out *portal.Crawl
	err := s.Write(ctx, nil, func() error {
		if s.crawls.Stored(id) == nil {
			return govops.Errorf(govops.ENOTFOUND, "no crawl %s", id)
		}
		return nil
	}, func() {
		c := s.crawls.Stored(id)
		if c.Status == portal.CrawlRunning {
			c.Pages, c.Links, c.Bytes, c.Queued, c.UpdatedAt = p.Pages, p.Links, p.Bytes, p.Queued, at
		}
		out = copyCrawl(c)
	})
	return out, err
}

// EndCrawl implements portal.Store.
func (s *Store) EndCrawl(ctx context.Context, c *portal.Crawl, fs []portal.Finding, events []portal.Event) error {
	return s.Write(ctx, events, func() error {
		if _, err := s.crawls.Replaceable(c); err != nil {
			return err
		}
		if err := s.findings.FreeAll(fs); err != nil {
			return err
		}
		seqs := make(map[findingKey]bool, len(fs))
		for i := range fs {
			k := findingKey{fs[i].CrawlID, fs[i].Seq}
			if _, ok := s.findingSeqs[k]; ok || seqs[k] {
				return govops.Errorf(govops.ECONFLICT, "finding %d of crawl %s is stored already", k.seq, k.crawl)
			}
			seqs[k] = true
		}
		return nil
	}, func() {
		s.crawls.Put(c)
		for i := range fs {
			s.findings.Put(&fs[i])
			s.findingSeqs[findingKey{fs[i].CrawlID, fs[i].Seq}] = fs[i].ID
		}
	})
}

// Crawl implements portal.Store.
func (s *Store) Crawl(ctx context.Context, id uuid.UUID) (*portal.Crawl, error) {
	return memstore.Read(ctx, s.Base, func() (*portal.Crawl, error) { return s.crawls.Get(id) })
}

// Crawls implements portal.Store.
func (s *Store) Crawls(ctx context.Context, f portal.CrawlFilter, after uuid.UUID, limit int) ([]portal.Crawl, error) {
	return memstore.Read(ctx, s.Base, func() ([]portal.Crawl, error) {
		return s.crawls.List(func(c *portal.Crawl) bool {
			return (f.SiteID == uuid.Nil || c.SiteID == f.SiteID) && (f.Status == "" || c.Status == f.Status)
		}, after, limit), nil
	})
}

// Finding implements portal.Store.
func (s *Store) Finding(ctx context.Context, id uuid.UUID) (*portal.Finding, error) {
	return memstore.Read(ctx, s.Base, func() (*portal.Finding, error) { return s.findings.Get(id) })
}

// Findings implements portal.Store.
func (s *Store) Findings(ctx context.Context, f portal.FindingFilter, after uuid.UUID, limit int) ([]portal.Finding, error) {
	return memstore.Read(ctx, s.Base, func() ([]portal.Finding, error) {
		return s.findings.List(func(v *portal.Finding) bool {
			return (f.CrawlID == uuid.Nil || v.CrawlID == f.CrawlID) && (f.SiteID == uuid.Nil || v.SiteID == f.SiteID) &&
				(f.Kind == "" || v.Kind == f.Kind) && (f.Department == "" || v.Department == f.Department)
		}, after, limit), nil
	})
}

// CreateTasks implements portal.Store.
func (s *Store) CreateTasks(ctx context.Context, ts []portal.Task, events []portal.Event) error {
	return s.Write(ctx, events, func() error {
		if err := s.tasks.FreeAll(ts); err != nil {
			return err
		}
		made := make(map[uuid.UUID]bool, len(ts))
		for i := range ts {
			f := ts[i].FindingID
			if f == uuid.Nil {
				continue
			}
			if _, ok := s.taskFindings[f]; ok || made[f] {
				return govops.Errorf(govops.ECONFLICT, "finding %s has a task already", f)
			}
			made[f] = true
		}
		return nil
	}, func() {
		for i := range ts {
			s.tasks.Put(&ts[i]).Version = 1
			s.sums.addTask(&ts[i], 1)
			if f := ts[i].FindingID; f != uuid.Nil {
				s.taskFindings[f] = ts[i].ID
			}
		}
	})
}

// UpdateTask implements portal.Store.
func (s *Store) UpdateTask(ctx context.Context, t *portal.Task, events []portal.Event) error {
	return s.Write(ctx, events, func() error {
		if _, err := s.tasks.Replaceable(t); err != nil {
			return err
		}
		if other, ok := s.taskFindings[t.FindingID]; ok && t.FindingID != uuid.Nil && other != t.ID {
			return govops.Errorf(govops.ECONFLICT, "finding %s has another task", t.FindingID)
		}
		return nil
	}, func() {
		old := s.tasks.Stored(t.ID)
		if f := old.FindingID; f != uuid.Nil {
			delete(s.taskFindings, f)
		}
		s.sums.addTask(old, -1)
		s.sums.addTask(t, 1)
		s.tasks.Put(t)
		if t.FindingID != uuid.Nil {
			s.taskFindings[t.FindingID] = t.ID
		}
	})
}

// Task implements portal.Store.
func (s *Store) Task(ctx context.Context, id uuid.UUID) (*portal.Task, error) {
	return memstore.Read(ctx, s.Base, func() (*portal.Task, error) { return s.tasks.Get(id) })
}

// Tasks implements portal.Store.
func (s *Store) Tasks(ctx context.Context, f portal.TaskFilter, after uuid.UUID, limit int) ([]portal.Task, error) {
	return memstore.Read(ctx, s.Base, func() ([]portal.Task, error) {
		return s.tasks.List(func(t *portal.Task) bool {
			return (f.SiteID == uuid.Nil || t.SiteID == f.SiteID) && (f.Kind == "" || t.Kind == f.Kind) &&
				(f.Status == "" || t.Status == f.Status) && (f.Department == "" || t.Department == f.Department) &&
				(f.Key == "" || t.Key == f.Key) && (f.CaseNumber == "" || t.CaseNumber == f.CaseNumber) &&
				(f.FindingID == uuid.Nil || t.FindingID == f.FindingID) &&
				(f.ColumnID == uuid.Nil || t.ColumnID == f.ColumnID) &&
				(!f.Live || (t.Status != portal.TaskVerified && t.Status != portal.TaskDismissed))
		}, after, limit), nil
	})
}

// CreateConsultation implements portal.Store.
func (s *Store) CreateConsultation(ctx context.Context, c *portal.Consultation, events []portal.Event) error {
	k := consultKey{c.SiteID, c.Ref}
	return s.Write(ctx, events, func() error {
		if err := s.consultations.Free(c); err != nil {
			return err
		}
		if _, ok := s.consultRefs[k]; ok {
			return govops.Errorf(govops.ECONFLICT, "consultation %q of site %s is stored already", c.Ref, c.SiteID)
		}
		return nil
	}, func() {
		stored := s.consultations.Put(c)
		stored.Version = 1
		s.consultRefs[k] = c.ID
		s.sums.addConsultation(stored)
	})
}

// UpdateConsultation implements portal.Store.
func (s *Store) UpdateConsultation(ctx context.Context, c *portal.Consultation, events []portal.Event) error {
	k := consultKey{c.SiteID, c.Ref}
	return s.Write(ctx, events, func() error {
		if _, err := s.consultations.Replaceable(c); err != nil {
			return err
		}
		if other, ok := s.consultRefs[k]; ok && other != c.ID {
			return govops.Errorf(govops.ECONFLICT, "consultation %q of site %s is another one's", c.Ref, c.SiteID)
		}
		return nil
	}, func() {
		old := s.consultations.Stored(c.ID)
		delete(s.consultRefs, consultKey{old.SiteID, old.Ref})
		s.sums.removeConsultation(old)
		s.sums.addConsultation(s.consultations.Put(c))
		s.consultRefs[k] = c.ID
	})
}

// Consultation implements portal.Store.
func (s *Store) Consultation(ctx context.Context, id uuid.UUID) (*portal.Consultation, error) {
	return memstore.Read(ctx, s.Base, func() (*portal.Consultation, error) { return s.consultations.Get(id) })
}

// Consultations implements portal.Store.
func (s *Store) Consultations(ctx context.Context, f portal.ConsultationFilter, after uuid.UUID, limit int) ([]portal.Consultation, error) {
	return memstore.Read(ctx, s.Base, func() ([]portal.Consultation, error) {
		return s.consultations.List(func(c *portal.Consultation) bool {
			return (f.SiteID == uuid.Nil || c.SiteID == f.SiteID) && (f.Department == "" || c.Department == f.Department) &&
				matchAnswer(f, c) && (f.ReceivedBefore.IsZero() || c.Received.Before(f.ReceivedBefore))
		}, after, limit), nil
	})
}

// matchAnswer reports whether c is unanswered as f asks: now
// (Unanswered), and at f.UnansweredAt.
func matchAnswer(f portal.ConsultationFilter, c *portal.Consultation) bool {
	return (!f.Unanswered || c.Answered.IsZero()) &&
		(f.UnansweredAt.IsZero() || c.Answered.IsZero() || c.Answered.After(f.UnansweredAt))
}

// CreateAccount implements portal.Store.
func (s *Store) CreateAccount(ctx context.Context, a *portal.Account, events []portal.Event) error {
	return s.Write(ctx, events, func() error {
		if err := s.accounts.Free(a); err != nil {
			return err
		}
		if _, ok := s.accountCodes[a.Code]; ok {
			return govops.Errorf(govops.ECONFLICT, "account %q is stored already", a.Code)
		}
		return nil
	}, func() {
		s.accounts.Put(a).Version = 1
		s.accountCodes[a.Code] = a.ID
	})
}

// checkAccount returns the error of replacing the account with a, nil
// when a is nil. The caller holds the lock.
func (s *Store) checkAccount(a *portal.Account) error {
	if a == nil {
		return nil
	}
	if _, err := s.accounts.Replaceable(a); err != nil {
		return err
	}
	if other, ok := s.accountCodes[a.Code]; ok && other != a.ID {
		return govops.Errorf(govops.ECONFLICT, "account %q is another account's code", a.Code)
	}
	return nil
}

// putAccount replaces the account with a, when it is not nil; the caller
// holds the lock and has checked it.
func (s *Store) putAccount(a *portal.Account) {
	if a == nil {
		return
	}
	delete(s.accountCodes, s.accounts.Stored(a.ID).Code)
	s.accounts.Put(a)
	s.accountCodes[a.Code] = a.ID
}

// UpdateAccount implements portal.Store.
func (s *Store) UpdateAccount(ctx context.Context, a *portal.Account, events []portal.Event) error {
	return s.Write(ctx, events, func() error { return s.checkAccount(a) }, func() { s.putAccount(a) })
}

// Account implements portal.Store.
func (s *Store) Account(ctx context.Context, id uuid.UUID) (*portal.Account, error) {
	return memstore.Read(ctx, s.Base, func() (*portal.Account, error) { return s.accounts.Get(id) })
}

// AccountByCode implements portal.Store.
func (s *Store) AccountByCode(ctx context.Context, code string) (*portal.Account, error) {
	return memstore.Read(ctx, s.Base, func() (*portal.Account, error) {
		id, ok := s.accountCodes[code]
		if !ok {
			return nil, govops.Errorf(govops.ENOTFOUND, "no account %q", code)
		}
		return s.accounts.Get(id)
	})
}

// Accounts implements portal.Store.
func (s *Store) Accounts(ctx context.Context, f portal.AccountFilter, after uuid.UUID, limit int) ([]portal.Account, error) {
	return memstore.Read(ctx, s.Base, func() ([]portal.Account, error) {
		return s.accounts.List(func(a *portal.Account) bool {
			return (f.Department == "" || a.Department == f.Department) && (f.Platform == "" || a.Platform == f.Platform) &&
				(f.Status == "" || a.Status == f.Status)
		}, after, limit), nil
	})
}

// week returns the unique key of in.
func week(in *portal.MediaInspection) weekKey {
	return weekKey{in.AccountID, in.Week.UnixMicro()}
}

// CreateMediaInspection implements portal.Store.
func (s *Store) CreateMediaInspection(ctx context.Context, mi *portal.MediaInspection, a *portal.Account, events []portal.Event) error {
	k := week(mi)
	return s.Write(ctx, events, func() error {
		if err := s.inspections.Free(mi); err != nil {
			return err
		}
		if _, ok := s.inspectWeeks[k]; ok {
			return govops.Errorf(govops.ECONFLICT, "account %s is inspected already in the week of %s",
				mi.AccountID, mi.Week.Format(time.DateOnly))
		}
		return s.checkAccount(a)
	}, func() {
		s.inspections.Put(mi).Version = 1
		s.inspectWeeks[k] = mi.ID
		s.putAccount(a)
	})
}

// UpdateMediaInspection implements portal.Store.
func (s *Store) UpdateMediaInspection(ctx context.Context, mi *portal.MediaInspection, a *portal.Account, events []portal.Event) error {
	k := week(mi)
	return s.Write(ctx, events, func() error {
		if _, err := s.inspections.Replaceable(mi); err != nil {
			return err
		}
		if other, ok := s.inspectWeeks[k]; ok && other != mi.ID {
			return govops.Errorf(govops.ECONFLICT, "account %s is inspected already in the week of %s",
				mi.AccountID, mi.Week.Format(time.DateOnly))
		}
		return s.checkAccount(a)
	}, func() {
		delete(s.inspectWeeks, week(s.inspections.Stored(mi.ID)))
		s.inspections.Put(mi)
		s.inspectWeeks[k] = mi.ID
		s.putAccount(a)
	})
}

// MediaInspection implements portal.Store.
func (s *Store) MediaInspection(ctx context.Context, id uuid.UUID) (*portal.MediaInspection, error) {
	return memstore.Read(ctx, s.Base, func() (*portal.MediaInspection, error) { return s.inspections.Get(id) })
}

// MediaInspections implements portal.Store.
func (s *Store) MediaInspections(ctx context.Context, f portal.MediaInspectionFilter, after uuid.UUID, limit int) ([]portal.MediaInspection, error) {
	return memstore.Read(ctx, s.Base, func() ([]portal.MediaInspection, error) {
		return s.inspections.List(func(mi *portal.MediaInspection) bool {
			return (f.AccountID == uuid.Nil || mi.AccountID == f.AccountID) &&
				(f.Department == "" || mi.Department == f.Department) && in(mi.Week, f.From, f.To)
		}, after, limit), nil
	})
}

// LatestInspections implements portal.Store.
func (s *Store) LatestInspections(ctx context.Context, before time.Time) ([]portal.MediaInspection, error) {
	return memstore.Read(ctx, s.Base, func() ([]portal.MediaInspection, error) {
		latest := map[uuid.UUID]*portal.MediaInspection{}
		for mi := range s.inspections.All() {
			// An inspection of no week (zero) is of no week to be the latest
			// of, as a database's MAX skips its NULL.
			if mi.Week.IsZero() || (!before.IsZero() && !mi.Week.Before(before)) {
				continue
			}
			if l, ok := latest[mi.AccountID]; !ok || mi.Week.After(l.Week) {
				latest[mi.AccountID] = mi
			}
		}
		out := make([]portal.MediaInspection, 0, len(latest))
		for _, mi := range latest {
			out = append(out, *copyPlain(mi))
		}
		return out, nil
	})
}
