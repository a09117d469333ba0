// Package storetest is the conformance suite for datashare.Store
// implementations.
//
// Every store that ships with the data catalog runs it, and so should
// yours:
//
//	func TestConformance(t *testing.T) {
//		storetest.RunConformanceTests(t, func(ctx context.Context, t testing.TB) (storetest.Harness, error) {
//			return &myHarness{}, nil // its MakeStore returns a fresh, empty store
//		})
//	}
//
// The suite builds entries, batches, records, requests and events itself,
// without the Service, because a Store holds no business rule: it only has
// to keep what it is given, refuse what its keys forbid, keep the records
// of a mount out of sight until it commits, and find and count exactly. It
// checks:
//
//   - every field round-trips, times at microsecond precision compared by
//     instant, item lists, key and related codes, column lists and item
//     statistics included (a nil list may come back empty);
//   - ENOTFOUND for what is not stored, ECONFLICT for every taken key: an
//     entry's code and ID (stored, or twice in one CreateCatalogs), a
//     batch's ID, a request's ID and any event ID, with nothing stored;
//   - optimistic locking: a stale version is ECONFLICT on every versioned
//     write, Commit and AbortMount included;
//   - mounting: records written are invisible until Commit, which makes
//     them visible at once, stores the batch with KeyRows and KeyDistinct
//     counted over the entry's visible records, replaces the entry's other
//     committed batches when asked (and leaves loading ones alone), and
//     appends the events; Abort and AbortMount leave nothing visible;
//     Commit of a batch someone else aborted fails with ECONFLICT; Write
//     touches the batch;
//   - filters, ordering (codes in byte order) and keyset pagination of
//     entries, batches, records and requests, against a brute-force
//     reference;
//   - the trail: each write appends its events, in the same atomic step,
//     Events returns them in Seq order, and an event ID is unique across
//     every subject;
//   - every method failing with EINTERNAL on a cancelled context, without
//     writing;
//   - the counts under random sequences of writes (entries created and
//     moved to other departments and statuses, mounts committed,
//     replacing or not, and aborted, stale writes, and bursts of
//     concurrent mounts and moves of one entry): after each sequence
//     MountTotals and MountStats, for every department and status, count
//     the committed batches as a brute-force count over the listings of
//     entries and batches does, and a store that keeps summaries
//     (govops.SummaryKeeper) finds them clean, and a repair of a clean
//     store changes nothing.
//
// A store declares, through its harness's Supports method, the optional
// capability CapOpenMounts; the cases that need it are skipped, and say
// so, for a store that does not.
//
// RunBenchmarks measures the writer (rows/s) and a page of records.
//
// Each case of the suite is a method of the type cases named Test…, found
// by its name (see internal/storetestkit.Run), so a new case needs no list
// to be added to.
package storetest

import (
	"cmp"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/idcode"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// CapOpenMounts is the optional capability of a store whose mounts hold
// nothing between the calls of their writer: every other call of the
// Store, another mount's included, proceeds while a mount is open, and a
// writer dropped without Commit or Abort (its process died) holds no
// transaction or lock. A store that commits each Write in a transaction of
// its own has it; one that holds a transaction for the whole mount on a
// database of one connection has not, and the cases that read or mount
// while a mount is open (OpenMounts) are skipped for it. The other cases
// call the Store while a writer is open only after a Write, Commit or
// Abort of that writer failed, and before it is aborted: such a store
// gives its transaction up when a call of its writer fails.
const CapOpenMounts = "open-mounts"

// Harness makes stores for one adapter. MakeStore returns a fresh, empty
// store for each subtest; it may register cleanups on t. Close releases
// whatever the harness holds once every subtest has run:
//
//	MakeStore(ctx context.Context, t testing.TB) (datashare.Store, error)
//	Close()
//
// A harness may also have a method Dialect() string naming the database
// dialect of its stores ("sqlite", "pg", "mysql"): when the suite passes,
// RunConformanceTests then leaves the file datashare-<dialect> in the
// folder named by $GOVOPS_CONFORMANCE_DIR, which CI checks to prove that
// the suite ran on each database rather than being skipped. And a method
// Supports(capability string) bool, which reports CapOpenMounts when the
// store has it.
type Harness = storetestkit.Harness[datashare.Store]

// HarnessMaker makes the Harness of one adapter for one run of the suite.
type HarnessMaker = storetestkit.HarnessMaker[datashare.Store]

// RunConformanceTests runs every conformance test against the stores that
// newHarness makes. Each named subtest gets a fresh store.
func RunConformanceTests(t *testing.T, newHarness HarnessMaker) {
	t.Helper()
	storetestkit.Run(t, "datashare", newHarness, cases{})
}

// storeMaker returns a fresh, empty store for t.
type storeMaker = storetestkit.StoreMaker[datashare.Store]

// cases holds the suite's cases: each of its methods named Test… is one.
type cases struct{}

// Needs implements storetestkit.Needer: the cases that mount while a mount
// is open need CapOpenMounts.
func (cases) Needs(name string) string {
	if name == "OpenMounts" {
		return CapOpenMounts
	}
	return ""
}

// baseTime is the instant fixtures are built around: microsecond precision
// (so it survives DATETIME(6)) in Asia/Shanghai, which a store may return
// in any location.
func baseTime() time.Time {
	return time.Date(2022, 8, 14, 9, 26, 53, 589793000, govops.ShanghaiLocation())
}

// at returns the instant n minutes after baseTime, as a Service stamps it.
func at(n int) time.Time { return storetestkit.Micro(baseTime().Add(time.Duration(n) * time.Minute)) }

// event returns the event of subject's change to version seq.
func event(tb testing.TB, subject uuid.UUID, seq int64, typ datashare.EventType, from, to string) datashare.Event {
	tb.Helper()
	return datashare.Event{ID: storetestkit.NewID(tb), Subject: subject, Seq: seq, Type: typ, Actor: "中心-王",
		ActorDept: "lbq-zwfw", At: at(int(seq) * 60), From: datashare.Status(from), To: datashare.Status(to),
		Department: "lbq-scjg", Note: fmt.Sprintf("第%d步: \"说明\" \\ 旧 → 新", seq), Attachments: []string{"说明.pdf", "附件 2.docx"}}
}

// newCatalog returns an entry at version 1 with every field set.
func newCatalog(tb testing.TB, code, name string) datashare.Catalog {
	tb.Helper()
	t0 := baseTime()
	return datashare.Catalog{ID: storetestkit.NewID(tb), Code: code, Name: name, Department: "lbq-scjg",
		Provider: "柳州市柳北区市场监督管理局", ProviderCode: "11450205MB0987654Y",
		Summary: "辖区内市场主体登记信息：名称、\"统一社会信用代码\"、法定代表人\n（按月更新）",
		Class:   datashare.ClassBasic, Format: datashare.FormatDatabase, SubFormat: "mysql",
		Items: []datashare.Item{
			{Name: "统一社会信用代码", Type: datashare.TypeString, Length: 18, Required: true, ID: idcode.KindUSCC},
			{Name: "企业名称", Type: datashare.TypeString, Length: 100, Required: true},
			{Name: "法定代表人", Type: datashare.TypeString, Personal: true},
			{Name: "注册资本", Type: datashare.TypeNumber},
			{Name: "成立日期", Type: datashare.TypeDate},
		},
		Key:       []string{"统一社会信用代码"},
		ShareType: datashare.ShareConditional, Condition: "仅限市场监管执法使用", LegalBasis: "《政务信息资源共享管理暂行办法》第九条",
		ShareMethod: datashare.MethodInterface, Open: datashare.OpenConditional, OpenCondition: "脱敏后开放",
		Cycle: datashare.CycleMonthly, Published: time.Date(2022, 8, 14, 0, 0, 0, 0, time.UTC),
		Related: []string{"101002/000001", "201001/000003"}, Status: datashare.CatalogPublished, Version: 1,
		CreatedAt: t0, UpdatedAt: t0}
}

// catalogCreated returns the event that records c's creation.
func catalogCreated(tb testing.TB, c *datashare.Catalog) datashare.Event {
	tb.Helper()
	return event(tb, c.ID, 1, datashare.EventCatalogCreated, "", string(c.Status))
}

// mustCreateCatalogs stores cs, each with its created event, and returns
// the events.
func mustCreateCatalogs(tb testing.TB, st datashare.Store, cs ...datashare.Catalog) []datashare.Event {
	tb.Helper()
	evs := make([]datashare.Event, len(cs))
	for i := range cs {
		evs[i] = catalogCreated(tb, &cs[i])
	}
	storetestkit.Must(tb, st.CreateCatalogs(tb.Context(), cs, evs), "CreateCatalogs")
	return evs
}

// renamedCatalog returns the next version of c under another name, with one
// item fewer and no related codes, and its event.
func renamedCatalog(tb testing.TB, c *datashare.Catalog, name string) (*datashare.Catalog, datashare.Event) {
	tb.Helper()
	next := *c
	next.Items = slices.Clone(c.Items[:max(1, len(c.Items)-1)])
	next.Key = slices.Clone(c.Key)
	next.Related = nil
	next.Name, next.Version = name, c.Version+1
	next.UpdatedAt = storetestkit.Micro(c.UpdatedAt.Add(time.Minute))
	return &next, event(tb, c.ID, next.Version, datashare.EventCatalogUpdated, string(c.Status), string(next.Status))
}

// requireCatalog fails tb unless the entry of c's ID, and of its code, is
// c.
func requireCatalog(tb testing.TB, st datashare.Store, c datashare.Catalog, when string) {
	tb.Helper()
	got, err := st.Catalog(tb.Context(), c.ID)
	storetestkit.Must(tb, err, "Catalog "+when)
	storetestkit.RequireEqual(tb, c, *got, "entry "+c.Code+" "+when)
	got, err = st.CatalogByCode(tb.Context(), c.Code)
	storetestkit.Must(tb, err, "CatalogByCode "+when)
	storetestkit.RequireEqual(tb, c, *got, "entry "+c.Code+" by code "+when)
}

// requireNoCatalog fails tb unless neither c's ID nor its code is stored.
func requireNoCatalog(tb testing.TB, st datashare.Store, c datashare.Catalog, when string) {
	tb.Helper()
	_, err := st.Catalog(tb.Context(), c.ID)
	storetestkit.MustCode(tb, err, govops.ENOTFOUND, "Catalog "+c.Code+" "+when)
	_, err = st.CatalogByCode(tb.Context(), c.Code)
	storetestkit.MustCode(tb, err, govops.ENOTFOUND, "CatalogByCode "+c.Code+" "+when)
}

// requireEvents fails tb unless the events of subject are evs.
func requireEvents(tb testing.TB, st datashare.Store, subject uuid.UUID, evs []datashare.Event, when string) {
	tb.Helper()
	got, err := st.Events(tb.Context(), subject)
	storetestkit.Must(tb, err, "Events "+when)
	storetestkit.RequireEqual(tb, evs, got, fmt.Sprintf("events of %s %s", subject, when))
}

// newBatch returns a loading batch of c at version 1 with every field a
// mount sets at its start.
func newBatch(tb testing.TB, c *datashare.Catalog) datashare.Batch {
	tb.Helper()
	cols := make([]string, len(c.Items))
	for i, it := range c.Items {
		cols[i] = it.Name
	}
	return datashare.Batch{ID: storetestkit.NewID(tb), Catalog: c.ID, CatalogCode: c.Code, Department: c.Department,
		Actor: "lbq-scjg-李", ActorDept: "lbq-scjg", Mode: "all_or_nothing", Status: datashare.BatchLoading,
		StartedAt: at(1), TouchedAt: at(1), Columns: cols, Source: "市场主体登记 2022-08（第1批）.csv", Version: 1}
}

// mountStarted returns the event that records b's start.
func mountStarted(tb testing.TB, b *datashare.Batch) datashare.Event {
	tb.Helper()
	return event(tb, b.ID, 1, datashare.EventMountStarted, "", string(datashare.BatchLoading))
}

// committed returns the batch b as its Commit stores it, having mounted
// rows, at its next version, and the event that records it. KeyRows and
// KeyDistinct are the caller's to set: the Store counts them.
func committed(tb testing.TB, b *datashare.Batch, rows int64) (*datashare.Batch, datashare.Event) {
	tb.Helper()
	next := *b
	next.Columns = slices.Clone(b.Columns)
	next.Status, next.Version = datashare.BatchCommitted, b.Version+1
	next.FinishedAt = storetestkit.Micro(b.TouchedAt.Add(time.Second))
	next.Rows, next.Mounted, next.BadRows, next.Warnings = rows+2, rows, 2, 1
	next.Items = []datashare.ItemStats{{Item: "统一社会信用代码", Present: rows, Invalid: 1}, {Item: "企业名称", Present: rows}, {Item: "注册资本", Present: rows / 2}}
	return &next, event(tb, b.ID, next.Version, datashare.EventMountCommitted, string(b.Status), string(next.Status))
}

// failed returns the batch b as an Abort stores it, and its event.
func failed(tb testing.TB, b *datashare.Batch, problem string) (*datashare.Batch, datashare.Event) {
	tb.Helper()
	next := *b
	next.Columns = slices.Clone(b.Columns)
	next.Status, next.Version, next.Problem = datashare.BatchFailed, b.Version+1, problem
	next.FinishedAt = storetestkit.Micro(b.TouchedAt.Add(time.Second))
	next.Rows, next.BadRows = 12, 3
	return &next, event(tb, b.ID, next.Version, datashare.EventMountFailed, string(b.Status), string(next.Status))
}

// replacements records what the replaced callback of a Commit was given
// and returned.
type replacements struct {
	batches []datashare.Batch
	events  []datashare.Event
}

// callback returns the replaced callback of a Commit that replaces: it
// records each batch it is given, and returns its event.
func (r *replacements) callback(tb testing.TB) func(old *datashare.Batch) (datashare.Event, error) {
	return func(old *datashare.Batch) (datashare.Event, error) {
		ev := event(tb, old.ID, old.Version, datashare.EventMountReplaced, string(datashare.BatchCommitted), string(old.Status))
		r.batches = append(r.batches, *old)
		r.events = append(r.events, ev)
		return ev, nil
	}
}

// noReplace is the callback of a Commit that must not replace anything.
func noReplace(tb testing.TB) func(old *datashare.Batch) (datashare.Event, error) {
	return func(old *datashare.Batch) (datashare.Event, error) {
		tb.Errorf("Commit of a batch without Replace called replaced with batch %s", old.ID)
		return datashare.Event{}, fmt.Errorf("unexpected replace of %s", old.ID)
	}
}

// recordData returns the JSON object of the fixture record of line: Chinese
// text with escapes, as the Service encodes a record.
func recordData(line int64) string {
	return fmt.Sprintf(`{"统一社会信用代码":"91450200MA5K%06d","企业名称":"柳州市第%d号商贸有限公司","法定代表人":"张\"三\"\\李","备注":"第一行\n第二行\t制表"}`, line, line)
}

// records returns the records of b at lines, keyed by key(line).
func records(b *datashare.Batch, key func(line int64) string, lines ...int64) []datashare.Record {
	out := make([]datashare.Record, len(lines))
	for i, l := range lines {
		out[i] = datashare.Record{Catalog: b.Catalog, Batch: b.ID, Line: l, Key: key(l), Data: recordData(l)}
	}
	return out
}

// lineKey keys a record by its line.
func lineKey(line int64) string { return fmt.Sprintf("k%06d", line) }

// lineRange returns from, from+1, … to.
func lineRange(from, to int64) []int64 {
	var out []int64
	for l := from; l <= to; l++ {
		out = append(out, l)
	}
	return out
}

// recordOrder orders records as Records returns them: by Batch, then Line.
func recordOrder(a, b datashare.Record) int {
	if c := storetestkit.CompareID(a.Batch, b.Batch); c != 0 {
		return c
	}
	return cmp.Compare(a.Line, b.Line)
}

// keyCounts returns KeyRows and KeyDistinct of visible records.
func keyCounts(visible []datashare.Record) (rows, distinct int64) {
	keys := map[string]bool{}
	for _, r := range visible {
		if r.Key != "" {
			rows++
			keys[r.Key] = true
		}
	}
	return rows, int64(len(keys))
}

// requireRecords fails tb unless the visible records of catalog are want,
// in Batch then Line order.
func requireRecords(tb testing.TB, st datashare.Store, catalog uuid.UUID, want []datashare.Record, when string) {
	tb.Helper()
	want = slices.Clone(want)
	slices.SortFunc(want, recordOrder)
	got, err := st.Records(tb.Context(), catalog, datashare.RecordKey{}, 0)
	storetestkit.Must(tb, err, "Records "+when)
	if len(got) != len(want) {
		tb.Fatalf("Records %s: %d records, want %d", when, len(got), len(want))
	}
	storetestkit.RequireEqual(tb, want, got, "records "+when)
}

// requireBatch fails tb unless the stored batch b.ID is b.
func requireBatch(tb testing.TB, st datashare.Store, b datashare.Batch, when string) {
	tb.Helper()
	got, err := st.Batch(tb.Context(), b.ID)
	storetestkit.Must(tb, err, "Batch "+when)
	storetestkit.RequireEqual(tb, b, *got, "batch "+when)
}

// mount is a mount the suite ran: the batch as stored at its end, the
// records it made visible, and its events.
type mount struct {
	batch   datashare.Batch
	records []datashare.Record
	events  []datashare.Event
}

// mustMount begins b, writes rs in chunks of chunk records, and commits,
// replacing the entry's other committed batches when b.Replace is set
// (their events to *replaced when it is not nil). It requires the counts
// Commit sets to be those of want, the records visible after it.
func mustMount(tb testing.TB, st datashare.Store, b datashare.Batch, rs []datashare.Record, chunk int, want []datashare.Record, replaced *replacements) mount {
	tb.Helper()
	ctx := tb.Context()
	started := mountStarted(tb, &b)
	w, err := st.BeginMount(ctx, b, []datashare.Event{started})
	storetestkit.Must(tb, err, "BeginMount")
	for part := range slices.Chunk(rs, max(1, chunk)) {
		storetestkit.Must(tb, w.Write(ctx, part, b.TouchedAt), "Write")
	}
	next, ev := committed(tb, &b, int64(len(rs)))
	cb := noReplace(tb)
	if replaced != nil {
		cb = replaced.callback(tb)
	}
	storetestkit.Must(tb, w.Commit(ctx, next, []datashare.Event{ev}, cb), "Commit")
	storetestkit.Must(tb, w.Abort(ctx, next, nil), "Abort after Commit")
	wantRows, wantDistinct := keyCounts(want)
	if next.KeyRows != wantRows || next.KeyDistinct != wantDistinct {
		tb.Fatalf("Commit set KeyRows %d and KeyDistinct %d, want %d and %d", next.KeyRows, next.KeyDistinct, wantRows, wantDistinct)
	}
	return mount{batch: *next, records: rs, events: []datashare.Event{started, ev}}
}
