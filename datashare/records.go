package datashare

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/idcode"
)

// Row is one record mounted into an entry, as a reader gets it: the batch
// that mounted it, its line in that batch's file, and its values by item
// name (an item without a value is left out).
type Row struct {
	Batch  uuid.UUID
	Line   int64
	Values map[string]string
}

// RecordQuery selects one page of an entry's records: after the page
// whose Next is After, Limit of them (0 for the default page).
type RecordQuery struct {
	After string
	Limit int
}

// Records returns one page of the visible records of the entry ref names
// (those of its committed batches), in the order they were mounted.
//
// The providing department and district-wide actors read every record.
// Another department reads a published entry shared unconditionally
// (无条件共享); one shared on condition (有条件共享) only while it holds a
// live grant, and then only the items granted; one not shared (不予共享)
// never. Those refusals are EFORBIDDEN saying why. A reader who may not
// see the provider's personal data (govops.Actor.SeesPersonalData) gets
// resident IDs and the items marked Personal masked. It returns EINVALID
// naming "cursor" or "limit", and ENOTFOUND for an entry by cannot see.
func (s *Service) Records(ctx context.Context, by govops.Actor, ref string, q RecordQuery) (govops.Page[Row], error) {
	var p govops.Problems
	by.Check(&p)
	limit := govops.CheckLimit(&p, q.Limit)
	if err := p.Err(); err != nil {
		return govops.Page[Row]{}, err
	}
	after, err := decodeRecordCursor(q.After)
	if err != nil {
		return govops.Page[Row]{}, err
	}
	c, err := s.visibleCatalog(ctx, by, "catalog", ref)
	if err != nil {
		return govops.Page[Row]{}, err
	}
	granted, err := s.readableItems(ctx, by, c)
	if err != nil {
		return govops.Page[Row]{}, err
	}
	rs, err := s.store.Records(ctx, c.ID, after, limit+1)
	if err != nil {
		return govops.Page[Row]{}, err
	}
	mask := !by.SeesPersonalData(c.Department)
	rows := make([]Row, len(rs))
	for i := range rs {
		if rows[i], err = recordRow(&rs[i], c, granted, mask); err != nil {
			return govops.Page[Row]{}, err
		}
	}
	return govops.NewPage(rows, limit, func(r Row) string { return r.Batch.String() + "/" + strconv.FormatInt(r.Line, 10) }), nil
}

// readableItems returns the names of the items of c that by may read:
// nil for every item, or those a grant names. It is EFORBIDDEN when by may
// read none.
func (s *Service) readableItems(ctx context.Context, by govops.Actor, c *Catalog) ([]string, error) {
	if by.MaySee(c.Department) {
		return nil, nil
	}
	switch c.ShareType {
	case ShareUnconditional:
		return nil, nil
	case ShareConditional:
		g, err := s.liveGrant(ctx, c.ID, by.Department, s.clock())
		if err != nil {
			return nil, err
		}
		if g == nil {
			return nil, govops.Errorf(govops.EFORBIDDEN, "entry %s is shared on condition (有条件共享): file a share request (共享申请) and read its data once %s approves it", c.Code, c.Department)
		}
		return slices.Clone(g.Items), nil
	}
	why := ""
	if c.LegalBasis != "" {
		why = " under " + govops.Truncate(c.LegalBasis, 200)
	}
	return nil, govops.Errorf(govops.EFORBIDDEN, "entry %s is not shared (不予共享)%s: no department but %s reads its data", c.Code, why, c.Department)
}

// recordRow decodes r into the Row a reader gets: only the granted items
// (every item when granted is nil), masked when mask is set.
func recordRow(r *Record, c *Catalog, granted []string, mask bool) (Row, error) {
	vals := map[string]string{}
	if err := json.Unmarshal([]byte(r.Data), &vals); err != nil {
		return Row{}, govops.Errorf(govops.EINTERNAL, "record %s/%d of entry %s does not decode: %w", r.Batch, r.Line, c.Code, err)
	}
	if granted != nil {
		for k := range vals {
			if !slices.Contains(granted, k) {
				delete(vals, k)
			}
		}
	}
	if mask {
		for _, it := range c.Items {
			v, ok := vals[it.Name]
			switch {
			case !ok:
			case it.ID == idcode.KindResidentID:
				vals[it.Name] = govops.MaskPersonalText(v)
			case it.Personal:
				vals[it.Name] = govops.MaskName(v)
			}
		}
	}
	return Row{Batch: r.Batch, Line: r.Line, Values: vals}, nil
}

// decodeRecordCursor returns the key a record cursor resumes after: the
// batch and line of the last record of the page before.
func decodeRecordCursor(cursor string) (RecordKey, error) {
	key, err := govops.DecodeCursor(cursor)
	if err != nil || key == "" {
		return RecordKey{}, err
	}
	bad := govops.FieldError("cursor", "is not a cursor this server issued; start again without it")
	b, l, ok := strings.Cut(key, "/")
	id, err := uuid.Parse(b)
	if !ok || err != nil || len(b) != 36 {
		return RecordKey{}, bad
	}
	line, err := strconv.ParseInt(l, 10, 64)
	if err != nil || line < 0 || fmt.Sprint(line) != l {
		return RecordKey{}, bad
	}
	return RecordKey{Batch: id, Line: line}, nil
}
