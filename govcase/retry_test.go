package govcase_test

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/govcase/govcasemem"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// interferingStore saves a foreign change to the case just before each of
// the first n writes it is asked for, so that each of them loses the race
// exactly as it would against a concurrent writer.
type interferingStore struct {
	*govcasemem.Store
	mu sync.Mutex
	n  int
}

func (s *interferingStore) UpdateCase(ctx context.Context, c *govcase.Case, evs []govcase.Event) error {
	s.mu.Lock()
	interfere := s.n > 0
	s.n--
	s.mu.Unlock()
	if interfere {
		cur, err := s.Store.GetCase(ctx, c.ID)
		if err != nil {
			return err
		}
		cur.Version++
		if err := s.Store.UpdateCase(ctx, cur, nil); err != nil {
			return err
		}
	}
	return s.Store.UpdateCase(ctx, c, evs)
}

func TestService_CommentRetriesLostRaces(t *testing.T) {
	ctx := context.Background()
	st := &interferingStore{Store: govcasemem.New()}
	s, _ := openService(t, st)
	c := register(t, s)

	st.n = 3
	got, err := s.Comment(ctx, center, c.Number, govcase.ActionInput{Note: "请加快办理"})
	storetestkit.Must(t, err, "a comment without if_version, which lands after lost races")
	equal(t, "version", got.Version, c.Version+3+1)

	st.n = 2
	_, err = s.Urge(ctx, center, c.Number, govcase.ActionInput{Note: "催办"})
	storetestkit.MustCode(t, err, govops.ECONFLICT, "an urge on a registered case, refused whatever the races")

	st.n = 1
	_, err = s.Comment(ctx, center, c.Number, govcase.ActionInput{Note: "带版本", IfVersion: got.Version})
	storetestkit.MustCode(t, err, govops.ECONFLICT, "a comment that names its version, which keeps its 409")

	st.n = govops.MaxWriteRetries + 1
	_, err = s.Comment(ctx, center, c.Number, govcase.ActionInput{Note: "一直输"})
	storetestkit.MustCode(t, err, govops.ECONFLICT, "a comment that loses every retry")
	if !strings.Contains(err.Error(), "changed") {
		t.Fatalf("%v does not say the case changed", err)
	}
}

// lossCountingStore counts the writes it refused because another writer
// saved the case first.
type lossCountingStore struct {
	*govcasemem.Store
	lost atomic.Int32
}

func (s *lossCountingStore) UpdateCase(ctx context.Context, c *govcase.Case, evs []govcase.Event) error {
	err := s.Store.UpdateCase(ctx, c, evs)
	if govops.ErrorCode(err) == govops.ECONFLICT {
		s.lost.Add(1)
	}
	return err
}

// TestService_ConcurrentCommentsAllLand sends 50 comments and 50 urges on
// one case at once. Every one lands, and since the writers of one Service
// take turns on a case, none of them even loses a race: the retries are
// left for writers in other processes.
func TestService_ConcurrentCommentsAllLand(t *testing.T) {
	ctx := context.Background()
	st := &lossCountingStore{Store: govcasemem.New()}
	s, _ := openService(t, st)
	c := dispatch(t, s, register(t, s).Number, "YJ")

	const writers = 50
	var wg sync.WaitGroup
	errs := make(chan error, 2*writers)
	for i := range writers {
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, err := s.Comment(ctx, center, c.Number, govcase.ActionInput{Note: "意见" + string(rune('A'+i%26))})
			errs <- err
		}()
		go func() {
			defer wg.Done()
			_, err := s.Urge(ctx, center, c.Number, govcase.ActionInput{Note: "催办"})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		storetestkit.Must(t, err, "a concurrent comment or urge")
	}
	evs, err := s.Events(ctx, center, c.Number)
	storetestkit.Must(t, err, "Events")
	counts := map[govcase.EventType]int{}
	for _, e := range evs {
		counts[e.Type]++
	}
	equal(t, "comments", counts[govcase.EventCommented], writers)
	equal(t, "urges", counts[govcase.EventUrged], writers)
	got, err := s.Get(ctx, center, c.Number)
	storetestkit.Must(t, err, "Get")
	equal(t, "urge count", got.UrgeCount, writers)
	equal(t, "version", got.Version, int64(len(evs))) // one version per event: no write was lost
	equal(t, "writes refused as lost races", st.lost.Load(), int32(0))
}
