package datasharemem

import (
	"bytes"
	"context"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
)

var _ govops.SummaryKeeper = (*Store)(nil)

// entryItem is a group of the item summary: an entry and an item name.
type entryItem struct {
	catalog uuid.UUID
	item    string
}

// deptMonth is a group of the month summary: an entry's department and
// status, and the month of a commit.
type deptMonth struct {
	dept   string
	status datashare.CatalogStatus
	month  string
}

// summaries are the counts of the committed batches: the records of each
// entry, the item statistics of each entry and item, and the records of
// each department, status and month, those of the entries as they stand.
// Groups that fall to zero stay.
type summaries struct {
	records map[uuid.UUID]int64
	items   map[entryItem][2]int64 // present, invalid
	months  map[deptMonth]int64
}

func newSummaries() summaries {
	return summaries{records: map[uuid.UUID]int64{}, items: map[entryItem][2]int64{}, months: map[deptMonth]int64{}}
}

// add adds the committed batch b of the entry c to the summaries, or takes
// it away when sign is -1.
func (m summaries) add(c *datashare.Catalog, b *datashare.Batch, sign int64) {
	m.records[b.Catalog] += sign * b.Mounted
	for _, st := range b.Items {
		k := entryItem{b.Catalog, st.Item}
		v := m.items[k]
		m.items[k] = [2]int64{v[0] + sign*st.Present, v[1] + sign*st.Invalid}
	}
	m.months[deptMonth{c.Department, c.Status, datashare.MountMonth(b.FinishedAt)}] += sign * b.Mounted
}

// moveMonths moves the records of the committed batches of the entry from
// its department and status as old to those of c. The caller holds the
// write lock.
func (s *Store) moveMonths(old, c *datashare.Catalog) {
	for _, id := range s.byCatalog[c.ID] {
		b := s.batches[id]
		if b.Status != datashare.BatchCommitted {
			continue
		}
		month := datashare.MountMonth(b.FinishedAt)
		s.sums.months[deptMonth{old.Department, old.Status, month}] -= b.Mounted
		s.sums.months[deptMonth{c.Department, c.Status, month}] += b.Mounted
	}
}

// selects reports whether f selects the entry c.
func selects(f datashare.MountFilter, c *datashare.Catalog) bool {
	return (f.Department == "" || c.Department == f.Department) && (f.Status == "" || c.Status == f.Status)
}

// MountTotals implements datashare.Store from the summaries.
func (s *Store) MountTotals(ctx context.Context, f datashare.MountFilter) (*datashare.MountTotals, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := &datashare.MountTotals{}
	for id, n := range s.sums.records {
		if c := s.catalogs[id]; n != 0 && c != nil && selects(f, c) {
			out.Entries = append(out.Entries, datashare.EntryRecords{Catalog: id, Records: n})
		}
	}
	months := map[string]int64{}
	for k, n := range s.sums.months {
		if (f.Department == "" || k.dept == f.Department) && (f.Status == "" || k.status == f.Status) {
			months[k.month] += n
		}
	}
	for mo, n := range months {
		if n != 0 {
			out.Months = append(out.Months, datashare.MonthRecords{Month: mo, Records: n})
		}
	}
	return out, nil
}

// MountStats implements datashare.Store: the sums from the summaries, the
// latest batch from the entry's own batches.
func (s *Store) MountStats(ctx context.Context, f datashare.MountFilter) ([]datashare.EntryMounts, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []datashare.EntryMounts
	index := map[uuid.UUID]int{}
	for id, c := range s.catalogs {
		if !selects(f, c) {
			continue
		}
		var latest *datashare.Batch
		for _, bid := range s.byCatalog[id] {
			b := s.batches[bid]
			if b.Status == datashare.BatchCommitted && (latest == nil || later(b, latest)) {
				latest = b
			}
		}
		if latest == nil {
			continue
		}
		index[id] = len(out)
		out = append(out, datashare.EntryMounts{Catalog: id, Records: s.sums.records[id], Latest: *copyBatch(latest)})
	}
	for k, v := range s.sums.items {
		if i, ok := index[k.catalog]; ok {
			out[i].Items = append(out[i].Items, datashare.ItemStats{Item: k.item, Present: v[0], Invalid: v[1]})
		}
	}
	return out, nil
}

// later reports whether a committed after b: a later FinishedAt, or the
// same and a greater ID.
func later(a, b *datashare.Batch) bool {
	if !a.FinishedAt.Equal(b.FinishedAt) {
		return a.FinishedAt.After(b.FinishedAt)
	}
	return bytes.Compare(a.ID[:], b.ID[:]) > 0
}

// Names of the summaries in a SummaryReport, as datasharebun's tables.
const (
	recordSummaryName = "datashare_mount_summary"
	itemSummaryName   = "datashare_item_summary"
	monthSummaryName  = "datashare_month_summary"
)

// RepairSummaries implements govops.SummaryKeeper: it recounts the
// summaries from the committed batches and their entries and compares
// them with those kept, which a repair replaces, under the lock.
func (s *Store) RepairSummaries(ctx context.Context, repair bool) (govops.SummaryReport, error) {
	if err := alive(ctx); err != nil {
		return govops.SummaryReport{}, err
	}
	if repair {
		s.mu.Lock()
		defer s.mu.Unlock()
	} else {
		s.mu.RLock()
		defer s.mu.RUnlock()
	}
	want := newSummaries()
	for _, b := range s.batches {
		if b.Status == datashare.BatchCommitted {
			want.add(s.catalogs[b.Catalog], b, 1)
		}
	}
	have := s.sums
	var rep govops.SummaryReport
	chk := govops.CompareSummary(recordSummaryName, []string{"records"}, recordRows(have), recordRows(want))
	rep.Summaries = append(rep.Summaries, chk)
	chk = govops.CompareSummary(itemSummaryName, []string{"present", "invalid"}, itemRows(have), itemRows(want))
	rep.Summaries = append(rep.Summaries, chk)
	chk = govops.CompareSummary(monthSummaryName, []string{"records"}, monthRows(have), monthRows(want))
	rep.Summaries = append(rep.Summaries, chk)
	if repair && !rep.Clean() {
		s.sums = want
		for i := range rep.Summaries {
			rep.Summaries[i].Repaired = len(rep.Summaries[i].Diffs) > 0
		}
	}
	return rep, nil
}

// recordRows, itemRows and monthRows render a summary's groups as
// govops.CompareSummary takes them.
func recordRows(m summaries) map[string][]int64 {
	out := make(map[string][]int64, len(m.records))
	for id, n := range m.records {
		out[govops.SummaryKey([]string{"catalog_id"}, []any{id.String()})] = []int64{n}
	}
	return out
}

func itemRows(m summaries) map[string][]int64 {
	out := make(map[string][]int64, len(m.items))
	for k, v := range m.items {
		out[govops.SummaryKey([]string{"catalog_id", "item"}, []any{k.catalog.String(), k.item})] = []int64{v[0], v[1]}
	}
	return out
}

func monthRows(m summaries) map[string][]int64 {
	out := make(map[string][]int64, len(m.months))
	for k, n := range m.months {
		out[govops.SummaryKey([]string{"department", "status", "month"}, []any{k.dept, string(k.status), k.month})] = []int64{n}
	}
	return out
}
