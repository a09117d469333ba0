package datashare_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/datashare"
)

// cancelStore is a Store whose mount writers cancel the mount's context
// after their first write, as a client that hangs up mid-upload does.
type cancelStore struct {
	datashare.Store
	cancel context.CancelFunc
}

func (s cancelStore) BeginMount(ctx context.Context, b datashare.Batch, events []datashare.Event) (datashare.MountWriter, error) {
	w, err := s.Store.BeginMount(ctx, b, events)
	if err != nil {
		return nil, err
	}
	return cancelWriter{MountWriter: w, cancel: s.cancel}, nil
}

type cancelWriter struct {
	datashare.MountWriter
	cancel context.CancelFunc
}

func (w cancelWriter) Write(ctx context.Context, rs []datashare.Record, at time.Time) error {
	err := w.MountWriter.Write(ctx, rs, at)
	w.cancel()
	return err
}

func TestService_Mount_Cancelled(t *testing.T) {
	_, st, clock := newMountService(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := datashare.NewService(cancelStore{Store: st, cancel: cancel}, datashare.WithNow(clock.Now))
	c := mustPublished(t, s, popInput(t))
	people := make([]popRow, 3*datashare.MountChunk)
	for i := range people {
		people[i] = goodPerson(t, i)
	}
	res, err := s.Mount(ctx, actCenter(), c.Code, strings.NewReader(popCSV(people...)), datashare.MountOptions{})
	mustErrCode(t, err, govops.EINTERNAL)
	if res == nil || res.Batch.Status != datashare.BatchFailed || !strings.Contains(res.Batch.Problem, "the mount stopped") {
		t.Fatalf("result = %+v", res)
	}
	if rows := allRecords(t, s, actCenter(), c.Code); len(rows) != 0 {
		t.Fatalf("%d rows visible after a cancelled mount", len(rows))
	}
	stored, err := s.Batch(context.Background(), actCenter(), res.Batch.ID.String())
	if err != nil || stored.Status != datashare.BatchFailed {
		t.Fatalf("stored = %+v, %v", stored, err)
	}
}

func TestService_RecoverMounts(t *testing.T) {
	ctx := context.Background()
	s, st, clock := newMountService(t, datashare.WithStaleMount(5*time.Minute))
	c := mustPublished(t, s, popInput(t))
	mustMount(t, s, c.Code, popCSV(goodPerson(t, 1)), datashare.MountOptions{})
	// A process that died mid-mount: it began, wrote, and never ended.
	dead := datashare.Batch{ID: mustV7(t), Catalog: c.ID, CatalogCode: c.Code, Department: c.Department, Actor: "李强",
		Mode: string(csvimport.AllOrNothing), Status: datashare.BatchLoading, StartedAt: clock.Now().UTC(), TouchedAt: clock.Now().UTC(), Version: 1}
	started, err := govops.NewEvent(dead.ID, 1, datashare.EventMountStarted, actPolice(), dead.StartedAt, "", datashare.Status(datashare.BatchLoading))
	if err != nil {
		t.Fatal(err)
	}
	started.Department = dead.Department
	w, err := st.BeginMount(ctx, dead, []datashare.Event{started})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(ctx, []datashare.Record{{Catalog: c.ID, Batch: dead.ID, Line: 2, Key: "k", Data: `{"姓名":"幽灵"}`}}, clock.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrForbidden", func(t *testing.T) {
		_, err := s.RecoverMounts(ctx, actPolice())
		mustErrCode(t, err, govops.EFORBIDDEN)
	})
	t.Run("OKNotStaleYet", func(t *testing.T) {
		clock.Advance(4 * time.Minute)
		got, err := s.RecoverMounts(ctx, actCenter())
		if err != nil || len(got) != 0 {
			t.Fatalf("recovered %+v, %v", got, err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		clock.Advance(2 * time.Minute)
		got, err := s.RecoverMounts(ctx, actCenter())
		if err != nil || len(got) != 1 || got[0].ID != dead.ID || got[0].Status != datashare.BatchFailed || got[0].Version != 2 ||
			got[0].Problem != "abandoned: no write since 2022-09-05T00:30:00+08:00" {
			t.Fatalf("recovered %+v, %v", got, err)
		}
		if tr := trailOf(t, s, dead.ID.String()); !slices.Equal(tr, []string{"mount_started", "mount_failed"}) {
			t.Fatalf("trail = %v", tr)
		}
		if rows := allRecords(t, s, actCenter(), c.Code); len(rows) != 1 || rows[0].Values["姓名"] == "幽灵" {
			t.Fatalf("rows = %+v", rows)
		}
		// The dead writer cannot commit what it wrote any more.
		b := dead
		b.Status, b.Version = datashare.BatchCommitted, 2
		mustErrCode(t, w.Commit(ctx, &b, nil, nil), govops.ECONFLICT)
		if again, err := s.RecoverMounts(ctx, actCenter()); err != nil || len(again) != 0 {
			t.Fatalf("recovered again %+v, %v", again, err)
		}
	})
}

func TestService_Batches(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newMountService(t)
	pop := mustPublished(t, s, popInput(t))
	biz := mustPublished(t, s, bizInput(t))
	bizFile := "统一社会信用代码,名称\n" + entityCode(t, 1) + ",柳州市某某餐饮店\n"
	var ids []string
	for i := range 3 {
		ids = append(ids, mustMount(t, s, pop.Code, popCSV(goodPerson(t, i)), datashare.MountOptions{}).Batch.ID.String())
	}
	bizBatch := mustMount(t, s, biz.Code, bizFile, datashare.MountOptions{}).Batch
	list := func(t *testing.T, by govops.Actor, q datashare.BatchQuery) []string {
		t.Helper()
		var out []string
		for {
			page, err := s.Batches(ctx, by, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range page.Items {
				out = append(out, b.ID.String())
			}
			if page.Next == "" {
				return out
			}
			q.After = page.Next
		}
	}
	t.Run("OKCenterPaged", func(t *testing.T) {
		if got := list(t, actCenter(), datashare.BatchQuery{Limit: 2}); !slices.Equal(got, append(slices.Clone(ids), bizBatch.ID.String())) {
			t.Fatalf("batches = %v", got)
		}
	})
	t.Run("OKByCatalog", func(t *testing.T) {
		if got := list(t, actViewer(), datashare.BatchQuery{Catalog: pop.Code, Status: datashare.BatchCommitted}); !slices.Equal(got, ids) {
			t.Fatalf("batches = %v", got)
		}
	})
	t.Run("OKDepartmentSeesItsOwn", func(t *testing.T) {
		if got := list(t, actMarket(), datashare.BatchQuery{}); !slices.Equal(got, []string{bizBatch.ID.String()}) {
			t.Fatalf("batches = %v", got)
		}
		if got := list(t, actMarket(), datashare.BatchQuery{Catalog: pop.Code}); len(got) != 0 {
			t.Fatalf("batches = %v", got)
		}
	})
	t.Run("ErrOtherDepartment", func(t *testing.T) {
		_, err := s.Batches(ctx, actMarket(), datashare.BatchQuery{Department: "GAJ"})
		mustErrCode(t, err, govops.EFORBIDDEN)
		_, err = s.Batch(ctx, actMarket(), ids[0])
		mustErrCode(t, err, govops.ENOTFOUND)
		_, err = s.BatchTrail(ctx, actMarket(), ids[0])
		mustErrCode(t, err, govops.ENOTFOUND)
	})
	t.Run("ErrQuery", func(t *testing.T) {
		_, err := s.Batches(ctx, actCenter(), datashare.BatchQuery{Status: "done", Limit: -1})
		mustErrFields(t, err, map[string]string{"status": "unknown status", "limit": ""})
		_, err = s.Batches(ctx, actCenter(), datashare.BatchQuery{After: "x"})
		mustErrFields(t, err, map[string]string{"cursor": ""})
		_, err = s.Batch(ctx, actCenter(), "not-an-id")
		mustErrCode(t, err, govops.ENOTFOUND)
	})
}

// touchStore is a Store whose mount writers count the writes that carry
// no record.
type touchStore struct {
	datashare.Store
	empty *int
}

func (s touchStore) BeginMount(ctx context.Context, b datashare.Batch, events []datashare.Event) (datashare.MountWriter, error) {
	w, err := s.Store.BeginMount(ctx, b, events)
	return touchWriter{MountWriter: w, empty: s.empty}, err
}

type touchWriter struct {
	datashare.MountWriter
	empty *int
}

func (w touchWriter) Write(ctx context.Context, rs []datashare.Record, at time.Time) error {
	if len(rs) == 0 {
		*w.empty++
	}
	return w.MountWriter.Write(ctx, rs, at)
}

func TestService_Mount_Heartbeat(t *testing.T) {
	// A clock that moves a minute each time it is read: a slow mount.
	_, st, clock := newMountService(t)
	tick := func() time.Time {
		clock.Advance(time.Minute)
		return clock.Now()
	}
	empty := 0
	s := datashare.NewService(touchStore{Store: st, empty: &empty}, datashare.WithNow(tick), datashare.WithStaleMount(2*time.Minute))
	c := mustPublished(t, s, popInput(t))
	file := popHeader + "\n" + strings.Repeat(",1,,,,,,\n", 3*4*datashare.MountChunk)
	res, err := s.Mount(context.Background(), actCenter(), c.Code, strings.NewReader(file), datashare.MountOptions{Mode: csvimport.KeepGood})
	if err != nil || res.Batch.BadRows != 3*4*datashare.MountChunk || res.Batch.Mounted != 0 {
		t.Fatalf("result %+v, %v", res, err)
	}
	// Three chunks of bad rows, none written: each one, read longer after
	// the last write than a quarter of the stale limit, touches the batch.
	if empty != 3 {
		t.Fatalf("%d empty writes, want 3", empty)
	}
}
