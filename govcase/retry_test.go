package govcase_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/govcase/govcasemem"
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
	s := govcase.NewService(st, govcase.WithNow(func() time.Time { return at("2024-09-30 09:00") }))
	c := register(t, s)

	st.n = 3
	got, err := s.Comment(ctx, c.Number, govcase.ActionInput{By: center, Note: "请加快办理"})
	require.NoError(t, err, "a comment without if_version lands after lost races")
	assert.Equal(t, c.Version+3+1, got.Version)

	st.n = 2
	_, err = s.Urge(ctx, c.Number, govcase.ActionInput{By: center, Note: "催办"})
	require.Error(t, err, "an urge on a registered case is refused whatever the races")
	assert.Equal(t, govops.ECONFLICT, govops.ErrorCode(err))

	st.n = 1
	_, err = s.Comment(ctx, c.Number, govcase.ActionInput{By: center, Note: "带版本", IfVersion: got.Version})
	assert.Equal(t, govops.ECONFLICT, govops.ErrorCode(err), "a comment that names its version keeps its 409")

	st.n = govcase.MaxWriteRetries + 1
	_, err = s.Comment(ctx, c.Number, govcase.ActionInput{By: center, Note: "一直输"})
	assert.Equal(t, govops.ECONFLICT, govops.ErrorCode(err), "the retries are bounded")
	assert.Contains(t, err.Error(), "changed")
}

func TestService_ConcurrentCommentsAllLand(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t)
	c := register(t, s)
	_, err := s.Dispatch(ctx, c.Number, govcase.DispatchInput{ActionInput: govcase.ActionInput{By: center}, Department: "YJ"})
	require.NoError(t, err)

	const writers = 50
	var wg sync.WaitGroup
	errs := make(chan error, 2*writers)
	for i := range writers {
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, err := s.Comment(ctx, c.Number, govcase.ActionInput{By: center, Note: "意见" + string(rune('A'+i%26))})
			errs <- err
		}()
		go func() {
			defer wg.Done()
			_, err := s.Urge(ctx, c.Number, govcase.ActionInput{By: center, Note: "催办"})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	evs, err := s.Events(ctx, center, c.Number)
	require.NoError(t, err)
	counts := map[govcase.EventType]int{}
	for _, e := range evs {
		counts[e.Type]++
	}
	assert.Equal(t, writers, counts[govcase.EventCommented])
	assert.Equal(t, writers, counts[govcase.EventUrged])
	got, err := s.Get(ctx, center, c.Number)
	require.NoError(t, err)
	assert.Equal(t, writers, got.UrgeCount)
	assert.Equal(t, int64(len(evs)), got.Version, "one version per event: no write was lost")
}

func TestService_MaskedForViewerEverywhere(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t)
	c := register(t, s, func(in *govcase.RegisterInput) {
		in.Reporter = govcase.Contact{Name: "李四", Phone: "13700001111"}
		in.Title = "李四反映路灯不亮"
		in.Location = "幸福小区 电话13700001111"
	})
	got, err := s.Get(ctx, viewer, c.Number)
	require.NoError(t, err)
	assert.Equal(t, "李*反映路灯不亮", got.Title)
	assert.Equal(t, "幸福小区 电话137****1111", got.Location)
	assert.Equal(t, govcase.Contact{Name: "李*", Phone: "137****1111"}, got.Reporter)

	// The viewer's search runs on what it sees.
	for q, want := range map[string]int{"李四": 0, "1370000111": 0, "李*反映": 1, "路灯": 1} {
		page, err := s.List(ctx, govcase.ListInput{By: viewer, Filter: govcase.Filter{Text: q}})
		require.NoError(t, err)
		assert.Len(t, page.Cases, want, "viewer searching %q", q)
	}
	page, err := s.List(ctx, govcase.ListInput{By: center, Filter: govcase.Filter{Text: "李四"}})
	require.NoError(t, err)
	assert.Len(t, page.Cases, 1, "center staff search the text itself")

	_, err = s.List(ctx, govcase.ListInput{By: viewer, Filter: govcase.Filter{ExternalNo: "LZ12345-0001"}})
	assert.Equal(t, govops.EFORBIDDEN, govops.ErrorCode(err), "an exact external number is a guess a masked reader may not make")

	_, err = s.Register(ctx, govcase.RegisterInput{By: center, Kind: govcase.KindHotline, Category: govcase.CategoryHelp,
		Source: govcase.SourcePhone, Title: "t", Reporter: govcase.Contact{Name: "李四 13700001111"}})
	assert.Contains(t, govops.ErrorFields(err), "reporter.name", "a name holding a phone number is refused, not repaired")
}
