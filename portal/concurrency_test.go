package portal_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal"
)

// TestConcurrentPosts: writers recording posts of one column at once all
// land (a lost column write is retried), and the column counts them all.
func TestConcurrentPosts(t *testing.T) {
	f := newFix(t)
	s := f.site(t, "S1", "https://www.lbq.gov.cn/")
	news := f.column(t, s, "news", "https://www.lbq.gov.cn/news/", "QZFJ", portal.RequireBiweekly, false)
	const n = 16
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = f.svc.RecordPosts(f.ctx, center(), "S1", []portal.PostInput{{Column: "news", Title: "要闻",
				URL: fmt.Sprintf("https://www.lbq.gov.cn/news/%d.html", i), Published: testNow().Add(-time.Hour)}})
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	evs := must(f.svc.ColumnTrail(f.ctx, center(), news.ID.String()))(t)
	if len(evs) != n+1 {
		t.Fatalf("%d events, want %d", len(evs), n+1)
	}
	for i, e := range evs {
		if e.Seq != int64(i+1) {
			t.Fatalf("event %d has seq %d", i, e.Seq)
		}
	}
}

// TestConcurrentFix: two writers of the same version of a task: one wins,
// the other gets ECONFLICT.
func TestConcurrentFix(t *testing.T) {
	f := newFix(t)
	f.site(t, "S1", "https://www.lbq.gov.cn/")
	tk := f.taskIn(t, "t", portal.TaskOpen)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = f.svc.MarkFixed(f.ctx, center(), tk.ID.String(), portal.FixInput{Fix: fmt.Sprint("修改", i), IfVersion: tk.Version})
		}()
	}
	wg.Wait()
	var ok, conflict int
	for _, err := range errs {
		switch govops.ErrorCode(err) {
		case "":
			ok++
		case govops.ECONFLICT:
			conflict++
		default:
			t.Fatal(err)
		}
	}
	if ok != 1 || conflict != 1 {
		t.Fatalf("%d won, %d conflicted", ok, conflict)
	}
}
