package datashare_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/datashare/datasharemem"
	"github.com/govops-kit/govops/idcode"
)

// repClock is a settable time source safe for concurrent use.
type repClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *repClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *repClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// repAt returns the instant of a wall-clock time in Shanghai.
func repAt(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, govops.ShanghaiLocation())
}

// repStart is the clock of every test: Monday 2022-09-05 10:00 in
// Shanghai, the week before the Mid-Autumn holiday (Monday 12 September).
func repStart() time.Time { return repAt(2022, 9, 5, 10, 0) }

// repCountingStore counts the listings of entries and batches a report
// reads, the largest page it asks for, and any read of records.
type repCountingStore struct {
	*datasharemem.Store
	catalogPages atomic.Int64
	batchPages   atomic.Int64
	mountReads   atomic.Int64 // MountTotals and MountStats
	recordReads  atomic.Int64
	maxLimit     atomic.Int64
	unbounded    atomic.Bool // a listing asked for everything (limit 0)
}

func (s *repCountingStore) noteLimit(limit int) {
	if limit == 0 {
		s.unbounded.Store(true)
		return
	}
	for {
		cur := s.maxLimit.Load()
		if int64(limit) <= cur || s.maxLimit.CompareAndSwap(cur, int64(limit)) {
			return
		}
	}
}

func (s *repCountingStore) Catalogs(ctx context.Context, f datashare.CatalogFilter, after string, limit int) ([]datashare.Catalog, error) {
	s.catalogPages.Add(1)
	s.noteLimit(limit)
	return s.Store.Catalogs(ctx, f, after, limit)
}

func (s *repCountingStore) Batches(ctx context.Context, f datashare.BatchFilter, after uuid.UUID, limit int) ([]datashare.Batch, error) {
	s.batchPages.Add(1)
	s.noteLimit(limit)
	return s.Store.Batches(ctx, f, after, limit)
}

func (s *repCountingStore) MountTotals(ctx context.Context, f datashare.MountFilter) (*datashare.MountTotals, error) {
	s.mountReads.Add(1)
	return s.Store.MountTotals(ctx, f)
}

func (s *repCountingStore) MountStats(ctx context.Context, f datashare.MountFilter) ([]datashare.EntryMounts, error) {
	s.mountReads.Add(1)
	return s.Store.MountStats(ctx, f)
}

func (s *repCountingStore) Records(ctx context.Context, c uuid.UUID, after datashare.RecordKey, limit int) ([]datashare.Record, error) {
	s.recordReads.Add(1)
	return s.Store.Records(ctx, c, after, limit)
}

// repService returns a Service over a fresh counting datasharemem store,
// the store, and the clock, set to repStart.
func repService(tb testing.TB, opts ...datashare.Option) (*datashare.Service, *repCountingStore, *repClock) {
	tb.Helper()
	c := &repClock{t: repStart()}
	st := &repCountingStore{Store: datasharemem.New()}
	opts = append([]datashare.Option{datashare.WithNow(c.Now)}, opts...)
	return datashare.NewService(st, opts...), st, c
}

// The actors of the tests: center staff, departments (人社局 RSJ and 公安
// GAJ provide data, 民政局 MZJ asks for it), read-only readers.
func repCenter() govops.Actor { return govops.Actor{Name: "中心-王芳"} }
func repRSJ() govops.Actor    { return govops.Actor{Name: "刘洋", Department: "RSJ"} }
func repGAJ() govops.Actor    { return govops.Actor{Name: "李强", Department: "GAJ"} }
func repMZJ() govops.Actor    { return govops.Actor{Name: "赵敏", Department: "MZJ"} }
func repViewer() govops.Actor { return govops.Actor{Name: "审计", ReadOnly: true} }
func repMZJViewer() govops.Actor {
	return govops.Actor{Name: "民政审计", Department: "MZJ", ReadOnly: true}
}

// repProviderCode returns a valid USCC for the department dept.
func repProviderCode(dept string) string {
	body := fmt.Sprintf("11450205MB%07d", len(dept)*1000+int(dept[0]))
	c, err := idcode.USCCCheck(body)
	if err != nil {
		panic(err)
	}
	return body + string(c)
}

// repCatalog returns a valid published entry of department dept with
// sequence seq: a spreadsheet of residents, shared on condition, not open,
// updated monthly, published on 2022-03-01. mods change it.
func repCatalog(dept string, seq int, mods ...func(c *datashare.Catalog)) datashare.Catalog {
	id, err := uuid.NewV7()
	if err != nil {
		panic(err)
	}
	created := repAt(2022, 2, 20, 9, 0).UTC()
	c := datashare.Catalog{
		ID: id, Code: fmt.Sprintf("101001/%06d", seq), Name: fmt.Sprintf("户籍人口信息%d", seq),
		Department: dept, Provider: "柳州市柳北区" + dept, ProviderCode: repProviderCode(dept),
		Summary: "辖区户籍人口的基本信息", Class: datashare.ClassBasic,
		Format: datashare.FormatSpreadsheet, SubFormat: "xls",
		Items: []datashare.Item{
			{Name: "姓名", Type: datashare.TypeString, Length: 50, Required: true, Personal: true},
			{Name: "公民身份号码", Type: datashare.TypeString, Required: true, ID: idcode.KindResidentID},
			{Name: "出生日期", Type: datashare.TypeDate},
			{Name: "住址", Type: datashare.TypeString, Personal: true},
		},
		Key:       []string{"公民身份号码"},
		ShareType: datashare.ShareConditional, Condition: "仅用于办理政务服务事项",
		LegalBasis:  "《政务信息资源共享管理暂行办法》第九条",
		ShareMethod: datashare.MethodInterface, Open: datashare.OpenNone,
		Cycle: datashare.CycleMonthly, Published: time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC),
		Related: []string{"101002/000001"}, Status: datashare.CatalogPublished,
		Version: 1, CreatedAt: created, UpdatedAt: created,
	}
	for _, m := range mods {
		m(&c)
	}
	return c
}

// repSeed stores cs straight through the Store.
func repSeed(tb testing.TB, st datashare.Store, cs ...datashare.Catalog) {
	tb.Helper()
	if err := st.CreateCatalogs(context.Background(), cs, nil); err != nil {
		tb.Fatalf("CreateCatalogs: %v", err)
	}
}

// repBatch is a mount to run straight through the Store: what the batch
// says it mounted, when it finished, and the keys of the records it writes
// (one record each; "" for a record without a key).
type repBatch struct {
	Mounted  int64
	Finished time.Time
	Columns  []string
	Items    []datashare.ItemStats
	Keys     []string
	Replace  bool
	Fail     bool // abort it instead of committing
}

// repMount runs b into entry c through the Store and returns the stored
// batch.
func repMount(tb testing.TB, st datashare.Store, c *datashare.Catalog, b repBatch) *datashare.Batch {
	tb.Helper()
	ctx := context.Background()
	id, err := uuid.NewV7()
	if err != nil {
		tb.Fatal(err)
	}
	start := b.Finished.Add(-time.Minute).UTC()
	batch := datashare.Batch{ID: id, Catalog: c.ID, CatalogCode: c.Code, Department: c.Department,
		Actor: "刘洋", ActorDept: c.Department, Mode: "all_or_nothing", Replace: b.Replace,
		Status: datashare.BatchLoading, StartedAt: start, TouchedAt: start, Columns: b.Columns, Source: "data.csv", Version: 1}
	w, err := st.BeginMount(ctx, batch, nil)
	if err != nil {
		tb.Fatalf("BeginMount: %v", err)
	}
	rs := make([]datashare.Record, len(b.Keys))
	for i, k := range b.Keys {
		rs[i] = datashare.Record{Catalog: c.ID, Batch: id, Line: int64(i + 2), Key: k, Data: `{}`}
	}
	if err := w.Write(ctx, rs, start); err != nil {
		tb.Fatalf("Write: %v", err)
	}
	batch.Version, batch.FinishedAt = 2, b.Finished.UTC()
	batch.Rows, batch.Mounted, batch.Items = b.Mounted, b.Mounted, b.Items
	if b.Fail {
		batch.Status, batch.Problem = datashare.BatchFailed, "bad rows"
		if err := w.Abort(ctx, &batch, nil); err != nil {
			tb.Fatalf("Abort: %v", err)
		}
		return &batch
	}
	batch.Status = datashare.BatchCommitted
	replaced := func(*datashare.Batch) (datashare.Event, error) {
		eid, err := uuid.NewV7()
		return datashare.Event{ID: eid}, err
	}
	if err := w.Commit(ctx, &batch, nil, replaced); err != nil {
		tb.Fatalf("Commit: %v", err)
	}
	return &batch
}

// repCode fails tb unless err is a govops error with code.
func repCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if govops.ErrorCode(err) != code {
		tb.Fatalf("err = %v, want %s", err, code)
	}
}

// repFields fails tb unless err is EINVALID naming each field of want with
// a problem that contains want's text.
func repFields(tb testing.TB, err error, want map[string]string) {
	tb.Helper()
	repCode(tb, err, govops.EINVALID)
	got := govops.ErrorFields(err)
	for f, text := range want {
		p, ok := got[f]
		if !ok || !strings.Contains(p, text) {
			tb.Fatalf("field %s = %q (ok %v), want it to contain %q; err = %v", f, p, ok, text, err)
		}
	}
}

// repForbiddenField fails tb unless err is EFORBIDDEN naming field.
func repForbiddenField(tb testing.TB, err error, field string) {
	tb.Helper()
	repCode(tb, err, govops.EFORBIDDEN)
	if _, ok := govops.ErrorFields(err)[field]; !ok {
		tb.Fatalf("err = %v does not name %s", err, field)
	}
}

// errRepWrite is what repFailingWriter fails with.
var errRepWrite = errors.New("connection reset")

// repFailingWriter takes n bytes, then fails every write, counting the
// writes it was asked for after its first failure.
type repFailingWriter struct {
	n          int
	written    int
	failed     bool
	afterFails int
}

func (w *repFailingWriter) Write(p []byte) (int, error) {
	if w.failed {
		w.afterFails++
		return 0, errRepWrite
	}
	if w.written+len(p) > w.n {
		k := w.n - w.written
		w.written, w.failed = w.n, true
		return k, errRepWrite
	}
	w.written += len(p)
	return len(p), nil
}
