package licensemem

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/license"
)

func cloneType(t *license.Type) *license.Type {
	out := *t
	out.Services = slices.Clone(t.Services)
	return &out
}

func cloneSchema(s *license.Schema) *license.Schema {
	out := *s
	out.Fields = slices.Clone(s.Fields)
	for i := range out.Fields {
		out.Fields[i].Codes = slices.Clone(out.Fields[i].Codes)
	}
	return &out
}

// CreateTypes implements license.Store. Every check runs before anything
// is stored.
func (s *Store) CreateTypes(ctx context.Context, ts []license.Type, events []license.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make(map[uuid.UUID]bool, len(ts))
	codes := make(map[string]bool, len(ts))
	for _, t := range ts {
		if _, ok := s.typeByCode[t.Code]; ok || codes[t.Code] {
			return govops.Errorf(govops.ECONFLICT, "license type code %s is taken; nothing was stored", t.Code)
		}
		if _, ok := s.types[t.ID]; ok || ids[t.ID] {
			return govops.Errorf(govops.ECONFLICT, "a license type with id %s is stored already; nothing was stored", t.ID)
		}
		ids[t.ID], codes[t.Code] = true, true
	}
	if err := s.checkEventIDs(events); err != nil {
		return err
	}
	for i := range ts {
		s.types[ts[i].ID] = cloneType(&ts[i])
		s.typeByCode[ts[i].Code] = ts[i].ID
	}
	s.appendEvents(events)
	return nil
}

// UpdateType implements license.Store.
func (s *Store) UpdateType(ctx context.Context, t *license.Type, events []license.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, ok := s.types[t.ID]
	switch {
	case !ok:
		return govops.Errorf(govops.ENOTFOUND, "no license type with id %s", t.ID)
	case cur.Version != t.Version-1:
		return stale("license type "+cur.Code, cur.Version, t.Version)
	}
	if id, ok := s.typeByCode[t.Code]; ok && id != t.ID {
		return govops.Errorf(govops.ECONFLICT, "license type code %s is taken", t.Code)
	}
	if err := s.checkEventIDs(events); err != nil {
		return err
	}
	delete(s.typeByCode, cur.Code)
	s.types[t.ID] = cloneType(t)
	s.typeByCode[t.Code] = t.ID
	s.appendEvents(events)
	return nil
}

// stale is the ECONFLICT of a write built on a version that is no longer
// stored.
func stale(what string, stored, next int64) error {
	return govops.Errorf(govops.ECONFLICT, "%s is at version %d, not %d: it was changed meanwhile; reload it and retry", what, stored, next-1)
}

// Type implements license.Store.
func (s *Store) Type(ctx context.Context, code string) (*license.Type, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	id, ok := s.typeByCode[code]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "license type %s not found", code)
	}
	return cloneType(s.types[id]), nil
}

// LookupTypes implements license.Store.
func (s *Store) LookupTypes(ctx context.Context, codes []string) ([]license.Type, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	seen := map[uuid.UUID]bool{}
	var out []license.Type
	for _, c := range codes {
		if id, ok := s.typeByCode[c]; ok && !seen[id] {
			seen[id] = true
			out = append(out, *cloneType(s.types[id]))
		}
	}
	return out, nil
}

// Types implements license.Store.
func (s *Store) Types(ctx context.Context, f license.TypeFilter, after string, limit int) ([]license.Type, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	var out []license.Type
	for _, t := range s.types {
		if t.Code > after && (f.Level == "" || t.Level == f.Level) && (f.Authority == "" || t.AuthorityCode == f.Authority) &&
			(f.Text == "" || strings.Contains(t.Code, f.Text) || strings.Contains(t.Name, f.Text)) {
			out = append(out, *cloneType(t))
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(a, b license.Type) int { return strings.Compare(a.Code, b.Code) })
	return page(out, limit), nil
}

// CreateClaim implements license.Store.
func (s *Store) CreateClaim(ctx context.Context, c license.Claim, events []license.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.claimByKey[typeDept{c.Type, c.Department}]; ok {
		return govops.Errorf(govops.ECONFLICT, "department %s has a claim of license type %s already", c.Department, c.Type)
	}
	if _, ok := s.claims[c.ID]; ok {
		return govops.Errorf(govops.ECONFLICT, "a claim with id %s is stored already", c.ID)
	}
	if err := s.checkEventIDs(events); err != nil {
		return err
	}
	s.claims[c.ID] = &c
	s.claimByKey[typeDept{c.Type, c.Department}] = c.ID
	s.appendEvents(events)
	return nil
}

// UpdateClaim implements license.Store.
func (s *Store) UpdateClaim(ctx context.Context, c *license.Claim, events []license.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, ok := s.claims[c.ID]
	switch {
	case !ok:
		return govops.Errorf(govops.ENOTFOUND, "no claim with id %s", c.ID)
	case cur.Version != c.Version-1:
		return stale("the claim of license type "+cur.Type+" by "+cur.Department, cur.Version, c.Version)
	}
	key := typeDept{c.Type, c.Department}
	if id, ok := s.claimByKey[key]; ok && id != c.ID {
		return govops.Errorf(govops.ECONFLICT, "department %s has a claim of license type %s already", c.Department, c.Type)
	}
	if err := s.checkEventIDs(events); err != nil {
		return err
	}
	delete(s.claimByKey, typeDept{cur.Type, cur.Department})
	next := *c
	s.claims[c.ID] = &next
	s.claimByKey[key] = c.ID
	s.appendEvents(events)
	return nil
}

// Claim implements license.Store.
func (s *Store) Claim(ctx context.Context, typ, dept string) (*license.Claim, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	id, ok := s.claimByKey[typeDept{typ, dept}]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "department %s has no claim of license type %s", dept, typ)
	}
	c := *s.claims[id]
	return &c, nil
}

// Claims implements license.Store.
func (s *Store) Claims(ctx context.Context, f license.ClaimFilter, after uuid.UUID, limit int) ([]license.Claim, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	var out []license.Claim
	for _, c := range s.claims {
		if compareID(c.ID, after) > 0 && (f.Type == "" || c.Type == f.Type) && (f.Department == "" || c.Department == f.Department) &&
			(f.Kind == "" || c.Kind == f.Kind) && (f.Status == "" || c.Status == f.Status) {
			out = append(out, *c)
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(a, b license.Claim) int { return compareID(a.ID, b.ID) })
	return page(out, limit), nil
}

// CreateTemplate implements license.Store.
func (s *Store) CreateTemplate(ctx context.Context, t license.Template, content []byte, events []license.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.templateKey[typeRevision{t.Type, t.Revision}]; ok {
		return govops.Errorf(govops.ECONFLICT, "license type %s has a template of revision %d already", t.Type, t.Revision)
	}
	if _, ok := s.templates[t.ID]; ok {
		return govops.Errorf(govops.ECONFLICT, "a template with id %s is stored already", t.ID)
	}
	if err := s.checkEventIDs(events); err != nil {
		return err
	}
	s.templates[t.ID] = &t
	s.templateKey[typeRevision{t.Type, t.Revision}] = t.ID
	s.contents[t.ID] = slices.Clone(content)
	s.appendEvents(events)
	return nil
}

// UpdateTemplates implements license.Store: every template is checked, as
// if the ones before it were written, before any is.
func (s *Store) UpdateTemplates(ctx context.Context, ts []*license.Template, events []license.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	next := map[uuid.UUID]*license.Template{} // the templates as the writes before leave them
	keys := map[typeRevision]uuid.UUID{}
	for _, t := range ts {
		cur, ok := next[t.ID]
		if !ok {
			cur, ok = s.templates[t.ID]
		}
		switch {
		case !ok:
			return govops.Errorf(govops.ENOTFOUND, "no template with id %s; nothing was written", t.ID)
		case cur.Version != t.Version-1:
			return stale("template "+cur.Type+" revision "+strconv.Itoa(cur.Revision), cur.Version, t.Version)
		}
		key := typeRevision{t.Type, t.Revision}
		id, taken := keys[key]
		if !taken {
			id, taken = s.templateKey[key]
		}
		if taken && id != t.ID {
			return govops.Errorf(govops.ECONFLICT, "license type %s has a template of revision %d already", t.Type, t.Revision)
		}
		c := *t
		next[t.ID], keys[key] = &c, t.ID
	}
	if err := s.checkEventIDs(events); err != nil {
		return err
	}
	for id, t := range next {
		cur := s.templates[id]
		delete(s.templateKey, typeRevision{cur.Type, cur.Revision})
		s.templates[id] = t
	}
	for _, t := range next {
		s.templateKey[typeRevision{t.Type, t.Revision}] = t.ID
	}
	s.appendEvents(events)
	return nil
}

// Template implements license.Store.
func (s *Store) Template(ctx context.Context, id uuid.UUID) (*license.Template, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	t, ok := s.templates[id]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "template %s not found", id)
	}
	out := *t
	return &out, nil
}

// Templates implements license.Store.
func (s *Store) Templates(ctx context.Context, typ string) ([]license.Template, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	var out []license.Template
	for _, t := range s.templates {
		if t.Type == typ {
			out = append(out, *t)
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(a, b license.Template) int { return cmp.Compare(a.Revision, b.Revision) })
	return out, nil
}

// TemplateContent implements license.Store.
func (s *Store) TemplateContent(ctx context.Context, id uuid.UUID) ([]byte, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.contents[id]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "template %s not found", id)
	}
	return slices.Clone(c), nil
}

// PutSchema implements license.Store.
func (s *Store) PutSchema(ctx context.Context, sc *license.Schema, events []license.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id, typeTaken := s.schemaType[sc.Type]
	cur, ok := s.schemas[sc.ID]
	switch {
	case sc.Version == 1 && typeTaken:
		return govops.Errorf(govops.ECONFLICT, "license type %s has a face-data schema already", sc.Type)
	case sc.Version == 1 && ok:
		return govops.Errorf(govops.ECONFLICT, "a schema with id %s is stored already", sc.ID)
	case sc.Version != 1 && !ok:
		return govops.Errorf(govops.ENOTFOUND, "no schema with id %s", sc.ID)
	case sc.Version != 1 && cur.Version != sc.Version-1:
		return stale("the schema of license type "+cur.Type, cur.Version, sc.Version)
	case sc.Version != 1 && typeTaken && id != sc.ID:
		return govops.Errorf(govops.ECONFLICT, "license type %s has a face-data schema already", sc.Type)
	}
	if err := s.checkEventIDs(events); err != nil {
		return err
	}
	if ok {
		delete(s.schemaType, cur.Type)
	}
	s.schemas[sc.ID] = cloneSchema(sc)
	s.schemaType[sc.Type] = sc.ID
	s.appendEvents(events)
	return nil
}

// Schema implements license.Store.
func (s *Store) Schema(ctx context.Context, typ string) (*license.Schema, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	id, ok := s.schemaType[typ]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "license type %s has no face-data schema", typ)
	}
	return cloneSchema(s.schemas[id]), nil
}

// Schemas implements license.Store.
func (s *Store) Schemas(ctx context.Context, typs []string) ([]license.Schema, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	seen := map[uuid.UUID]bool{}
	var out []license.Schema
	for _, typ := range typs {
		if id, ok := s.schemaType[typ]; ok && !seen[id] {
			seen[id] = true
			out = append(out, *cloneSchema(s.schemas[id]))
		}
	}
	return out, nil
}
