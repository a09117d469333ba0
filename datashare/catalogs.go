package datashare

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// CreateCatalog adds an entry to the catalog as a draft (待发布), at
// version 1, with its event. The center catalogs for any department (and
// must name it); a department for itself. It returns EINVALID naming
// every bad field ("code", "name", "department", "provider",
// "provider_code", "summary", "class", "format", "sub_format",
// "items[2].name", "key[0]", "share_type", "condition", "legal_basis",
// "share_method", "open", "open_condition", "cycle", "related[1]"),
// EFORBIDDEN for a department cataloging for another, and ECONFLICT when
// the code is taken.
func (s *Service) CreateCatalog(ctx context.Context, by govops.Actor, in CatalogInput) (*Catalog, error) {
	cs, err := s.createCatalogs(ctx, by, []CatalogInput{in}, false)
	if err != nil {
		return nil, err
	}
	return &cs[0], nil
}

// CreateCatalogs adds several entries at once, as CreateCatalog adds one,
// in one atomic step: all of them or, on any error, none. Every problem of
// every entry is reported, each field named after its entry
// ("catalogs[3].code"), a code that two of them share included.
func (s *Service) CreateCatalogs(ctx context.Context, by govops.Actor, ins []CatalogInput) ([]Catalog, error) {
	return s.createCatalogs(ctx, by, ins, true)
}

// createCatalogs checks and stores ins; bulk names each field after its
// entry.
func (s *Service) createCatalogs(ctx context.Context, by govops.Actor, ins []CatalogInput, bulk bool) ([]Catalog, error) {
	const what = "catalog data resources"
	if err := by.MayWrite(what); err != nil {
		return nil, err
	}
	switch {
	case len(ins) == 0:
		return nil, govops.FieldError("catalogs", "is empty: give at least one entry")
	case len(ins) > MaxBulkCatalogs:
		return nil, govops.FieldError("catalogs", fmt.Sprintf("has %d entries: at most %d at once", len(ins), MaxBulkCatalogs))
	}
	prefix := func(i int) string {
		if bulk {
			return fmt.Sprintf("catalogs[%d].", i)
		}
		return ""
	}
	var p govops.Problems
	cs := make([]Catalog, len(ins))
	codes := make(map[string]int, len(ins))
	for i := range ins {
		in := ins[i]
		dept, err := by.ActFor(strings.TrimSpace(in.Department), what)
		if err != nil {
			if bulk && govops.ErrorCode(err) == govops.EFORBIDDEN {
				return nil, govops.Errorf(govops.EFORBIDDEN, "catalogs[%d]: %s", i, govops.ErrorMessage(err)).
					WithField(prefix(i)+"department", "must be "+by.Department+" or left out")
			}
			return nil, err
		}
		in.Department = dept
		in.normalize()
		if in.Department == "" {
			p.Add(prefix(i)+"department", "is required: the code of the department that provides the resource")
		} else {
			govops.CheckCode(&p, prefix(i)+"department", in.Department)
		}
		in.problems(&p, prefix(i))
		if j, ok := codes[in.Code]; ok && in.Code != "" {
			p.Addf(prefix(i)+"code", "repeats the code of catalogs[%d]: each entry has its own", j)
		} else {
			codes[in.Code] = i
		}
		cs[i] = catalogOf(&in)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	checked := map[string]bool{}
	for i := range cs {
		if d := cs[i].Department; !checked[d] {
			if err := s.checkDepartment(ctx, prefix(i)+"department", d); err != nil {
				return nil, err
			}
			checked[d] = true
		}
	}
	now := s.clock()
	evs := make([]Event, len(cs))
	for i := range cs {
		id, err := uuid.NewV7()
		if err != nil {
			return nil, govops.Errorf(govops.EINTERNAL, "generate id: %w", err)
		}
		c := &cs[i]
		c.ID, c.Status, c.Version, c.CreatedAt, c.UpdatedAt = id, CatalogDraft, 1, now, now
		if evs[i], err = catalogEvent(c, EventCatalogCreated, by, now, "", ""); err != nil {
			return nil, err
		}
	}
	if err := s.store.CreateCatalogs(ctx, cs, evs); err != nil {
		return nil, s.whyCodeTaken(ctx, cs, err, prefix)
	}
	return cs, nil
}

// whyCodeTaken returns the Store's ECONFLICT on new entries as one that
// names each code taken, when it can tell; any other error as it is.
func (s *Service) whyCodeTaken(ctx context.Context, cs []Catalog, err error, prefix func(int) string) error {
	if govops.ErrorCode(err) != govops.ECONFLICT {
		return err
	}
	var out *govops.Error
	for i := range cs {
		o, gerr := s.store.CatalogByCode(ctx, cs[i].Code)
		if gerr != nil {
			continue
		}
		if out == nil {
			out = govops.Errorf(govops.ECONFLICT, "catalog entry code %s is taken (%s)", cs[i].Code, govops.Truncate(o.Name, 40))
		}
		out.WithField(prefix(i)+"code", "is taken by another entry: choose the next sequence number")
	}
	if out == nil {
		return err
	}
	return out
}

// catalogEvent returns the event of by's change of c to its version.
func catalogEvent(c *Catalog, t EventType, by govops.Actor, at time.Time, from CatalogStatus, note string) (Event, error) {
	e, err := govops.NewEvent(c.ID, c.Version, t, by, at, Status(from), Status(c.Status))
	if err != nil {
		return Event{}, err
	}
	e.Department, e.Note = c.Department, note
	return e, nil
}

// UpdateCatalog replaces the editable fields of the entry ref names (its
// ID or code) with in, with an event naming the fields changed; its status
// and publish date stay. The code never changes: in.Code is empty or the
// entry's own (EINVALID otherwise). Records mounted before keep the values
// they were mounted with; a changed item applies to later mounts. The
// center updates any entry, and may move it to another department; a
// department its own. It returns EINVALID naming every bad field, as CreateCatalog
// does, EFORBIDDEN for another department's entry, ENOTFOUND for an entry
// the actor cannot see, and ECONFLICT when IfVersion is stale.
func (s *Service) UpdateCatalog(ctx context.Context, by govops.Actor, ref string, in CatalogInput) (*Catalog, error) {
	const what = "change catalog entries"
	if err := by.MayWrite(what); err != nil {
		return nil, err
	}
	var out *Catalog
	err := govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.visibleCatalog(ctx, by, "catalog", ref)
		if err != nil {
			return nil, err
		}
		if _, err := by.ActFor(cur.Department, what); err != nil {
			return nil, err
		}
		in := in
		in.Department = strings.TrimSpace(in.Department)
		if in.Department == "" {
			in.Department = cur.Department
		} else if _, err := by.ActFor(in.Department, "move catalog entries to another department"); err != nil {
			return nil, err
		}
		if code := strings.TrimSpace(in.Code); code == "" {
			in.Code = cur.Code
		} else if code != cur.Code {
			return nil, govops.FieldError("code", fmt.Sprintf("cannot change: the entry's code is %s for good; catalog a new entry for %s", cur.Code, quoteCut(code)))
		}
		if in.IfVersion != 0 && cur.Version != in.IfVersion {
			return nil, govops.StaleVersion("catalog entry "+cur.Code, cur.Version, in.IfVersion)
		}
		in.normalize()
		var p govops.Problems
		govops.CheckCode(&p, "department", in.Department)
		in.problems(&p, "")
		if err := p.Err(); err != nil {
			return nil, err
		}
		if in.Department != cur.Department {
			if err := s.checkDepartment(ctx, "department", in.Department); err != nil {
				return nil, err
			}
		}
		next := catalogOf(&in)
		next.ID, next.Status, next.Published, next.CreatedAt = cur.ID, cur.Status, cur.Published, cur.CreatedAt
		changes := catalogChanges(cur, &next)
		if len(changes) == 0 {
			out = cur
			return nil, nil
		}
		now := s.clock()
		next.Version, next.UpdatedAt = cur.Version+1, now
		ev, err := catalogEvent(&next, EventCatalogUpdated, by, now, cur.Status, "changed "+strings.Join(changes, ", "))
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateCatalog(ctx, &next, []Event{ev}) }), nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// catalogChanges returns the names of the fields that differ between a
// and b, in the order of CatalogInput.
func catalogChanges(a, b *Catalog) []string {
	var out []string
	add := func(changed bool, name string) {
		if changed {
			out = append(out, name)
		}
	}
	add(a.Name != b.Name, "name")
	add(a.Department != b.Department, "department")
	add(a.Provider != b.Provider, "provider")
	add(a.ProviderCode != b.ProviderCode, "provider_code")
	add(a.Summary != b.Summary, "summary")
	add(a.Class != b.Class, "class")
	add(a.Format != b.Format, "format")
	add(a.SubFormat != b.SubFormat, "sub_format")
	add(!slices.Equal(a.Items, b.Items), "items")
	add(!slices.Equal(a.Key, b.Key), "key")
	add(a.ShareType != b.ShareType, "share_type")
	add(a.Condition != b.Condition, "condition")
	add(a.LegalBasis != b.LegalBasis, "legal_basis")
	add(a.ShareMethod != b.ShareMethod, "share_method")
	add(a.Open != b.Open, "open")
	add(a.OpenCondition != b.OpenCondition, "open_condition")
	add(a.Cycle != b.Cycle, "cycle")
	add(!slices.Equal(a.Related, b.Related), "related")
	return out
}

// catalogMove is one row of an entry's lifecycle: the statuses an action
// leaves, the one it leads to, and whether it needs a reason.
type catalogMove struct {
	verb      string
	from      []CatalogStatus
	to        CatalogStatus
	needsNote bool
}

// catalogLifecycle is the lifecycle table of catalog entries: a draft or a
// withdrawn entry is published, a published one withdrawn (下架) with a
// reason. The center moves any entry, a department its own.
func catalogLifecycle(t EventType) catalogMove {
	switch t {
	case EventCatalogPublished:
		return catalogMove{verb: "publish", from: []CatalogStatus{CatalogDraft, CatalogWithdrawn}, to: CatalogPublished}
	case EventCatalogWithdrawn:
		return catalogMove{verb: "withdraw", from: []CatalogStatus{CatalogPublished}, to: CatalogWithdrawn, needsNote: true}
	}
	return catalogMove{}
}

// PublishCatalog publishes (发布) the draft or withdrawn entry ref names:
// every actor may read it then, and its publish date is today's, in
// Asia/Shanghai, unless it was published before. ifVersion, when not zero,
// is the version the caller last saw. It returns ECONFLICT naming the
// entry's status when it is published already, or when ifVersion is
// stale; EFORBIDDEN for another department's entry.
func (s *Service) PublishCatalog(ctx context.Context, by govops.Actor, ref string, ifVersion int64) (*Catalog, error) {
	return s.moveCatalog(ctx, by, ref, ifVersion, EventCatalogPublished, "")
}

// WithdrawCatalog withdraws (下架) the published entry ref names, for a
// reason that its trail records: it is no longer shared, and no data may
// be mounted into it until it is published again. It returns EINVALID
// without a reason, and ECONFLICT naming its status when it is not
// published.
func (s *Service) WithdrawCatalog(ctx context.Context, by govops.Actor, ref string, ifVersion int64, reason string) (*Catalog, error) {
	return s.moveCatalog(ctx, by, ref, ifVersion, EventCatalogWithdrawn, reason)
}

// moveCatalog takes the lifecycle action of event t on the entry ref names.
func (s *Service) moveCatalog(ctx context.Context, by govops.Actor, ref string, ifVersion int64, t EventType, note string) (*Catalog, error) {
	m := catalogLifecycle(t)
	what := m.verb + " catalog entries"
	if err := by.MayWrite(what); err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	var p govops.Problems
	govops.CheckIfVersion(&p, ifVersion)
	if govops.CheckText(&p, "reason", note, MaxTextLen, false) && m.needsNote && note == "" {
		p.Add("reason", "is required to "+m.verb+" an entry: its trail tells readers why")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	var out *Catalog
	err := govops.UpdateVersioned(ctx, ifVersion, func() (func() error, error) {
		cur, err := s.visibleCatalog(ctx, by, "catalog", ref)
		if err != nil {
			return nil, err
		}
		if _, err := by.ActFor(cur.Department, what); err != nil {
			return nil, err
		}
		if ifVersion != 0 && cur.Version != ifVersion {
			return nil, govops.StaleVersion("catalog entry "+cur.Code, cur.Version, ifVersion)
		}
		if !slices.Contains(m.from, cur.Status) {
			return nil, govops.Errorf(govops.ECONFLICT, "cannot %s catalog entry %s: it is %s (%s), and %s needs %s",
				m.verb, cur.Code, cur.Status, cur.Status.Label(), m.verb, statusList(m.from)).WithField("status", string(cur.Status))
		}
		now := s.clock()
		next := *cur
		next.Status, next.Version, next.UpdatedAt = m.to, cur.Version+1, now
		if m.to == CatalogPublished && next.Published.IsZero() {
			next.Published = s.today()
		}
		ev, err := catalogEvent(&next, t, by, now, cur.Status, note)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateCatalog(ctx, &next, []Event{ev}) }), nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// today returns today's date in Asia/Shanghai, at midnight UTC.
func (s *Service) today() time.Time {
	t := s.now().In(govops.ShanghaiLocation())
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func statusList[T ~string](ss []T) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = string(s)
	}
	return strings.Join(parts, " or ")
}

// visibleCatalog returns the entry ref names when by may read it: a
// published entry is everyone's, a draft or withdrawn one its department's
// and the district-wide actors'. Any other is ENOTFOUND, so that a
// department does not learn of another's drafts. field names ref in an
// EINVALID.
func (s *Service) visibleCatalog(ctx context.Context, by govops.Actor, field, ref string) (*Catalog, error) {
	c, err := s.resolveCatalog(ctx, field, ref)
	if err == nil && c.Status != CatalogPublished && !by.MaySee(c.Department) {
		err = govops.Errorf(govops.ENOTFOUND, "hidden")
	}
	if govops.ErrorCode(err) == govops.ENOTFOUND {
		return nil, govops.Errorf(govops.ENOTFOUND, "no catalog entry %s", govops.Truncate(ref, 60))
	}
	return c, err
}

// Catalog returns the entry ref names: its ID or its code. Every actor
// reads published entries; a draft or withdrawn one only its department
// and district-wide actors (ENOTFOUND for anyone else).
func (s *Service) Catalog(ctx context.Context, by govops.Actor, ref string) (*Catalog, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	return s.visibleCatalog(ctx, by, "catalog", ref)
}

// CatalogQuery selects one page of entries: those matching the filter,
// after the page whose Next is After, Limit of them (0 for the default
// page, at most govops.MaxPageSize).
type CatalogQuery struct {
	CatalogFilter
	After string
	Limit int
}

// Catalogs returns one page of the entries by may read that match q,
// ordered by code: every published entry, and a department's own drafts
// and withdrawn entries too (every entry for a district-wide actor). It
// returns EINVALID naming each bad field ("department", "class", "format",
// "share_type", "open", "status", "text", "cursor", "limit").
func (s *Service) Catalogs(ctx context.Context, by govops.Actor, q CatalogQuery) (govops.Page[Catalog], error) {
	var p govops.Problems
	by.Check(&p)
	f := q.CatalogFilter
	if f.Department != "" {
		govops.CheckCode(&p, "department", f.Department)
	}
	checkFilterEnum(&p, "class", f.Class, Classes())
	checkFilterEnum(&p, "format", f.Format, Formats())
	checkFilterEnum(&p, "share_type", f.ShareType, ShareTypes())
	checkFilterEnum(&p, "open", f.Open, OpenTypes())
	checkFilterEnum(&p, "status", f.Status, CatalogStatuses())
	govops.CheckText(&p, "text", f.Text, MaxNameLen, false)
	limit := govops.CheckLimit(&p, q.Limit)
	if err := p.Err(); err != nil {
		return govops.Page[Catalog]{}, err
	}
	after, err := govops.DecodeCursor(q.After)
	if err != nil {
		return govops.Page[Catalog]{}, err
	}
	var cs []Catalog
	if by.DistrictWide() {
		if cs, err = s.store.Catalogs(ctx, f, after, limit+1); err != nil {
			return govops.Page[Catalog]{}, err
		}
	} else if cs, err = s.departmentCatalogs(ctx, by.Department, f, after, limit+1); err != nil {
		return govops.Page[Catalog]{}, err
	}
	return govops.NewPage(cs, limit, func(c Catalog) string { return c.Code }), nil
}

// departmentCatalogs returns the first n entries after the code after that
// department dept may read and f selects: the published ones of every
// department, and its own whatever their status. The two are read from
// the Store apart and merged by code: the first n of the union are among
// the first n of each.
func (s *Service) departmentCatalogs(ctx context.Context, dept string, f CatalogFilter, after string, n int) ([]Catalog, error) {
	var pub, own []Catalog
	var err error
	if f.Status == "" || f.Status == CatalogPublished {
		fp := f
		fp.Status = CatalogPublished
		if pub, err = s.store.Catalogs(ctx, fp, after, n); err != nil {
			return nil, err
		}
	}
	if f.Department == "" || f.Department == dept {
		fo := f
		fo.Department = dept
		if own, err = s.store.Catalogs(ctx, fo, after, n); err != nil {
			return nil, err
		}
	}
	out := make([]Catalog, 0, min(n, len(pub)+len(own)))
	for len(out) < n && (len(pub) > 0 || len(own) > 0) {
		switch {
		case len(own) == 0 || len(pub) > 0 && pub[0].Code < own[0].Code:
			out, pub = append(out, pub[0]), pub[1:]
		case len(pub) == 0 || own[0].Code < pub[0].Code:
			out, own = append(out, own[0]), own[1:]
		default: // the same entry: a published one of its own
			out, pub, own = append(out, own[0]), pub[1:], own[1:]
		}
	}
	return out, nil
}

// checkFilterEnum adds a problem naming field when v is set but not one of
// all.
func checkFilterEnum[T interface {
	~string
	Label() string
}](p *govops.Problems, field string, v T, all []T) {
	if v != "" && !slices.Contains(all, v) {
		p.Addf(field, "unknown %s %s: use %s", strings.ReplaceAll(field, "_", " "), quoteCut(string(v)), choices(all))
	}
}

// CatalogTrail returns the trail of the entry ref names, oldest first: its
// creation, each change, publication and withdrawal. Whoever may read the
// entry may read its trail.
func (s *Service) CatalogTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	c, err := s.Catalog(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	return s.store.Events(ctx, c.ID)
}
