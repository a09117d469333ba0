package govcase_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/govcase/govcasemem"
)

var (
	center  = govcase.Actor{Name: "值班员"}
	viewer  = govcase.Actor{Name: "审计", ReadOnly: true}
	jinbu   = govcase.Actor{Name: "跃进街道经办人", Department: "YJ"}
	zhifaju = govcase.Actor{Name: "执法局经办人", Department: "ZFJ"}
)

// Clock is a settable clock so that tests never sleep.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *Clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, govops.ShanghaiLocation())
	if err != nil {
		panic(err)
	}
	return t
}

// MustOpenService returns a Service over a fresh in-memory store whose clock
// starts at 2024-09-30 09:00 Shanghai (a Monday before National Day).
func MustOpenService(tb testing.TB, opts ...govcase.Option) (*govcase.Service, *Clock) {
	tb.Helper()
	clk := &Clock{t: at("2024-09-30 09:00")}
	opts = append([]govcase.Option{govcase.WithNow(clk.Now)}, opts...)
	return govcase.NewService(govcasemem.New(), opts...), clk
}

func register(tb testing.TB, s *govcase.Service, mods ...func(*govcase.RegisterInput)) *govcase.Case {
	tb.Helper()
	in := govcase.RegisterInput{
		By: center, Kind: govcase.KindHotline, Category: govcase.CategoryComplaint,
		Source: govcase.SourcePhone, ExternalNo: "LZ12345-0001", Title: "小区路灯不亮",
		Description: "跃进路口路灯连续三晚不亮", Reporter: govcase.Contact{Name: "张三丰", Phone: "13812341234"},
		Location: "跃进路",
	}
	for _, m := range mods {
		m(&in)
	}
	c, err := s.Register(context.Background(), in)
	require.NoError(tb, err)
	return c
}

func TestService_Register(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s, _ := MustOpenService(t)
		c := register(t, s)
		assert.Equal(t, "2024-000001", c.Number)
		assert.Equal(t, govcase.StatusRegistered, c.Status)
		assert.Equal(t, govcase.PriorityNormal, c.Priority)
		assert.Equal(t, int64(1), c.Version)
		c2 := register(t, s)
		assert.Equal(t, "2024-000002", c2.Number)
		evs, err := s.Events(ctx, center, c.Number)
		require.NoError(t, err)
		require.Len(t, evs, 1)
		assert.Equal(t, govcase.EventRegistered, evs[0].Type)
		assert.Equal(t, "值班员", evs[0].Actor)
	})
	t.Run("YearFollowsShanghai", func(t *testing.T) {
		s, clk := MustOpenService(t)
		clk.Set(time.Date(2024, 12, 31, 16, 30, 0, 0, time.UTC)) // 2025-01-01 00:30 in Shanghai
		assert.Equal(t, "2025-000001", register(t, s).Number)
	})
	t.Run("ErrInvalidFields", func(t *testing.T) {
		s, _ := MustOpenService(t)
		tests := []struct {
			name  string
			mod   func(*govcase.RegisterInput)
			field string
		}{
			{"NoKind", func(in *govcase.RegisterInput) { in.Kind = "" }, "kind"},
			{"UnknownKind", func(in *govcase.RegisterInput) { in.Kind = "weather" }, "kind"},
			{"NoCategory", func(in *govcase.RegisterInput) { in.Category = "" }, "category"},
			{"CategoryOfOtherKind", func(in *govcase.RegisterInput) {
				in.Kind = govcase.KindPlatformOps
				in.Category = govcase.CategoryComplaint
			}, "category"},
			{"BadPriority", func(in *govcase.RegisterInput) { in.Priority = "asap" }, "priority"},
			{"NoSource", func(in *govcase.RegisterInput) { in.Source = "" }, "source"},
			{"BadSource", func(in *govcase.RegisterInput) { in.Source = "fax" }, "source"},
			{"NoTitle", func(in *govcase.RegisterInput) { in.Title = "  " }, "title"},
			{"LongTitle", func(in *govcase.RegisterInput) { in.Title = string(make([]rune, 201)) }, "title"},
			{"BadPhone", func(in *govcase.RegisterInput) { in.Reporter.Phone = "138-abc" }, "reporter.phone"},
			{"BadUTF8", func(in *govcase.RegisterInput) { in.Description = "\xff" }, "description"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := govcase.RegisterInput{By: center, Kind: govcase.KindHotline, Category: govcase.CategoryHelp, Source: govcase.SourcePhone, Title: "t"}
				tt.mod(&in)
				_, err := s.Register(ctx, in)
				require.Error(t, err)
				assert.Equal(t, govops.EINVALID, govops.ErrorCode(err))
				assert.Contains(t, govops.ErrorFields(err), tt.field)
			})
		}
		// Every bad field at once, not only the first.
		_, err := s.Register(ctx, govcase.RegisterInput{By: center})
		fields := govops.ErrorFields(err)
		assert.Contains(t, fields, "kind")
		assert.Contains(t, fields, "source")
		assert.Contains(t, fields, "title")
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		s, _ := MustOpenService(t)
		_, err := s.Register(ctx, govcase.RegisterInput{By: jinbu, Kind: govcase.KindHotline, Category: govcase.CategoryHelp, Source: govcase.SourcePhone, Title: "t"})
		assert.Equal(t, govops.EFORBIDDEN, govops.ErrorCode(err))
		_, err = s.Register(ctx, govcase.RegisterInput{By: viewer, Kind: govcase.KindHotline, Category: govcase.CategoryHelp, Source: govcase.SourcePhone, Title: "t"})
		assert.Equal(t, govops.EFORBIDDEN, govops.ErrorCode(err))
		_, err = s.Register(ctx, govcase.RegisterInput{Kind: govcase.KindHotline})
		assert.Equal(t, govops.EINVALID, govops.ErrorCode(err))
		assert.Contains(t, govops.ErrorFields(err), "actor")
		long := govcase.Actor{Name: strings.Repeat("值", 256)}
		_, err = s.Register(ctx, govcase.RegisterInput{By: long, Kind: govcase.KindHotline})
		assert.Contains(t, govops.ErrorFields(err), "actor", "an actor name longer than the trail keeps is refused")
	})
	t.Run("RegisteredKind", func(t *testing.T) {
		s, _ := MustOpenService(t, govcase.WithKinds(govcase.KindSpec{Code: "gridevent", Label: "网格事件", Categories: []govcase.Category{"patrol"}}))
		c := register(t, s, func(in *govcase.RegisterInput) { in.Kind = "gridevent"; in.Category = "patrol" })
		assert.Equal(t, govcase.Kind("gridevent"), c.Kind)
		assert.Len(t, s.Kinds(), 6)
	})
}

func TestService_Lifecycle(t *testing.T) {
	ctx := context.Background()
	s, clk := MustOpenService(t)
	c := register(t, s)

	c, err := s.Dispatch(ctx, c.Number, govcase.DispatchInput{ActionInput: govcase.ActionInput{By: center}, Department: "YJ"})
	require.NoError(t, err)
	assert.Equal(t, govcase.StatusDispatched, c.Status)
	// Accept within 2 working hours of Monday 09:00; a 投诉 resolves in 13
	// working days, counted across the National Day holiday (Oct 1–7).
	assert.True(t, c.AcceptBy.Equal(at("2024-09-30 11:00")), "accept by %v", c.AcceptBy)
	assert.True(t, c.ResolveBy.Equal(at("2024-10-23 09:00")), "resolve by %v", c.ResolveBy.In(govops.ShanghaiLocation()))

	clk.Set(at("2024-09-30 10:00"))
	c, err = s.Accept(ctx, c.Number, govcase.ActionInput{By: jinbu, IfVersion: c.Version})
	require.NoError(t, err)
	assert.Equal(t, govcase.StatusAccepted, c.Status)

	c, err = s.RequestExtension(ctx, c.Number, govcase.ExtensionInput{ActionInput: govcase.ActionInput{By: jinbu, Note: "需协调供电局"}, Until: at("2024-10-25 17:00")})
	require.NoError(t, err)
	_, err = s.RequestExtension(ctx, c.Number, govcase.ExtensionInput{ActionInput: govcase.ActionInput{By: jinbu, Note: "再延"}, Until: at("2024-10-28 17:00")})
	assert.Equal(t, govops.ECONFLICT, govops.ErrorCode(err), "one pending request at a time")
	c, err = s.DecideExtension(ctx, c.Number, govcase.ExtensionDecision{ActionInput: govcase.ActionInput{By: center}, Approve: true})
	require.NoError(t, err)
	assert.True(t, c.ResolveBy.Equal(at("2024-10-25 17:00")))
	assert.True(t, c.ExtensionUntil.IsZero())

	c, err = s.Urge(ctx, c.Number, govcase.ActionInput{By: center, Note: "请尽快处理"})
	require.NoError(t, err)
	assert.Equal(t, 1, c.UrgeCount)

	clk.Set(at("2024-10-09 15:00"))
	c, err = s.Reply(ctx, c.Number, govcase.ActionInput{By: jinbu, Note: "已更换灯具"})
	require.NoError(t, err)
	assert.Equal(t, "已更换灯具", c.Reply)
	c, err = s.Close(ctx, c.Number, govcase.ActionInput{By: center})
	require.NoError(t, err)
	assert.Equal(t, govcase.StatusClosed, c.Status)

	// A dissatisfied callback: redo (重办) goes back to the same department.
	clk.Set(at("2024-10-10 09:00"))
	c, err = s.Reopen(ctx, c.Number, govcase.ActionInput{By: center, Note: "回访不满意"})
	require.NoError(t, err)
	assert.Equal(t, govcase.StatusDispatched, c.Status)
	assert.Equal(t, "YJ", c.Department)
	assert.Equal(t, 1, c.RedoCount)
	assert.True(t, c.ResolveBy.After(at("2024-10-10 09:00")))

	c, err = s.Return(ctx, c.Number, govcase.ActionInput{By: jinbu, Note: "不属于本辖区"})
	require.NoError(t, err)
	assert.Equal(t, govcase.StatusReturned, c.Status)
	_, err = s.Get(ctx, jinbu, c.Number)
	assert.Equal(t, govops.ENOTFOUND, govops.ErrorCode(err), "a returned case is back at the center")

	c, err = s.Dispatch(ctx, c.Number, govcase.DispatchInput{ActionInput: govcase.ActionInput{By: center}, Department: "ZFJ"})
	require.NoError(t, err)
	c, err = s.Comment(ctx, c.Number, govcase.ActionInput{By: zhifaju, Note: "已联系市民"})
	require.NoError(t, err)
	c, err = s.Cancel(ctx, c.Number, govcase.ActionInput{By: center, Note: "与2024-000002重复"})
	require.NoError(t, err)
	assert.Equal(t, govcase.StatusCancelled, c.Status)

	evs, err := s.Events(ctx, center, c.Number)
	require.NoError(t, err)
	var types []govcase.EventType
	for i, e := range evs {
		types = append(types, e.Type)
		assert.Equal(t, i+1, e.Seq)
		if i > 0 {
			assert.Equal(t, evs[i-1].ToStatus, e.FromStatus, "trail is continuous at %d", i)
		}
	}
	assert.Equal(t, []govcase.EventType{
		govcase.EventRegistered, govcase.EventDispatched, govcase.EventAccepted,
		govcase.EventExtensionRequested, govcase.EventExtensionApproved, govcase.EventUrged,
		govcase.EventReplied, govcase.EventClosed, govcase.EventReopened, govcase.EventReturned,
		govcase.EventDispatched, govcase.EventCommented, govcase.EventCancelled,
	}, types)
	assert.Equal(t, int64(len(evs)), c.Version)
	assert.Equal(t, govcase.StatusCancelled, evs[len(evs)-1].ToStatus)
}

// TestService_Transitions checks every action against every status: allowed
// pairs succeed, the rest fail with ECONFLICT naming both states.
func TestService_Transitions(t *testing.T) {
	ctx := context.Background()
	// How to bring a fresh case to each status.
	paths := map[govcase.Status][]govcase.Action{
		govcase.StatusRegistered: {},
		govcase.StatusDispatched: {govcase.ActionDispatch},
		govcase.StatusAccepted:   {govcase.ActionDispatch, govcase.ActionAccept},
		govcase.StatusReplied:    {govcase.ActionDispatch, govcase.ActionAccept, govcase.ActionReply},
		govcase.StatusClosed:     {govcase.ActionDispatch, govcase.ActionAccept, govcase.ActionReply, govcase.ActionClose},
		govcase.StatusReturned:   {govcase.ActionDispatch, govcase.ActionReturn},
		govcase.StatusCancelled:  {govcase.ActionCancel},
	}
	want := map[govcase.Action][]govcase.Status{
		govcase.ActionDispatch:         {govcase.StatusRegistered, govcase.StatusReturned},
		govcase.ActionAccept:           {govcase.StatusDispatched},
		govcase.ActionReturn:           {govcase.StatusDispatched, govcase.StatusAccepted},
		govcase.ActionUrge:             {govcase.StatusDispatched, govcase.StatusAccepted},
		govcase.ActionReply:            {govcase.StatusAccepted},
		govcase.ActionClose:            {govcase.StatusReplied},
		govcase.ActionReopen:           {govcase.StatusReplied, govcase.StatusClosed},
		govcase.ActionCancel:           {govcase.StatusRegistered, govcase.StatusReturned, govcase.StatusDispatched, govcase.StatusAccepted},
		govcase.ActionComment:          govcase.AllStatuses(),
		govcase.ActionRequestExtension: {govcase.StatusDispatched, govcase.StatusAccepted},
	}
	do := func(s *govcase.Service, num string, a govcase.Action) error {
		in := govcase.ActionInput{By: center, Note: "说明"}
		var err error
		switch a {
		case govcase.ActionDispatch:
			_, err = s.Dispatch(ctx, num, govcase.DispatchInput{ActionInput: in, Department: "YJ"})
		case govcase.ActionAccept:
			_, err = s.Accept(ctx, num, in)
		case govcase.ActionReturn:
			_, err = s.Return(ctx, num, in)
		case govcase.ActionUrge:
			_, err = s.Urge(ctx, num, in)
		case govcase.ActionReply:
			_, err = s.Reply(ctx, num, in)
		case govcase.ActionClose:
			_, err = s.Close(ctx, num, in)
		case govcase.ActionReopen:
			_, err = s.Reopen(ctx, num, in)
		case govcase.ActionCancel:
			_, err = s.Cancel(ctx, num, in)
		case govcase.ActionComment:
			_, err = s.Comment(ctx, num, in)
		case govcase.ActionRequestExtension:
			_, err = s.RequestExtension(ctx, num, govcase.ExtensionInput{ActionInput: in, Until: at("2025-06-30 17:00")})
		}
		return err
	}
	for action, allowed := range want {
		for _, st := range govcase.AllStatuses() {
			t.Run(fmt.Sprintf("%s/from=%s", action, st), func(t *testing.T) {
				s, _ := MustOpenService(t)
				c := register(t, s)
				for _, step := range paths[st] {
					require.NoError(t, do(s, c.Number, step))
				}
				err := do(s, c.Number, action)
				ok := false
				for _, a := range allowed {
					ok = ok || a == st
				}
				assert.Equal(t, ok, govcase.Allowed(action, st), "Allowed table")
				if ok {
					assert.NoError(t, err)
					return
				}
				require.Error(t, err)
				assert.Equal(t, govops.ECONFLICT, govops.ErrorCode(err))
				assert.Contains(t, err.Error(), string(action))
				assert.Contains(t, err.Error(), string(st))
			})
		}
	}
}

func TestService_Permissions(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t)
	c := register(t, s)
	_, err := s.Dispatch(ctx, c.Number, govcase.DispatchInput{ActionInput: govcase.ActionInput{By: jinbu}, Department: "YJ"})
	assert.Equal(t, govops.ENOTFOUND, govops.ErrorCode(err), "a registered case is not yet any department's to act on")
	_, err = s.Get(ctx, jinbu, c.Number)
	assert.Equal(t, govops.ENOTFOUND, govops.ErrorCode(err), "a registered case is not yet any department's")
	_, err = s.Dispatch(ctx, c.Number, govcase.DispatchInput{ActionInput: govcase.ActionInput{By: center}, Department: "YJ"})
	require.NoError(t, err)

	_, err = s.Accept(ctx, c.Number, govcase.ActionInput{By: zhifaju})
	assert.Equal(t, govops.ENOTFOUND, govops.ErrorCode(err), "another department's case does not exist for it")
	_, err = s.Accept(ctx, c.Number, govcase.ActionInput{By: viewer})
	assert.Equal(t, govops.EFORBIDDEN, govops.ErrorCode(err))
	_, err = s.Urge(ctx, c.Number, govcase.ActionInput{By: jinbu})
	assert.Equal(t, govops.EFORBIDDEN, govops.ErrorCode(err), "only the center urges")
	_, err = s.Return(ctx, c.Number, govcase.ActionInput{By: jinbu})
	assert.Equal(t, govops.EINVALID, govops.ErrorCode(err))
	assert.Contains(t, govops.ErrorFields(err), "reason")

	got, err := s.Get(ctx, jinbu, c.Number)
	require.NoError(t, err)
	assert.Equal(t, "13812341234", got.Reporter.Phone, "the handling department sees the reporter")
	got, err = s.Get(ctx, viewer, c.Number)
	require.NoError(t, err)
	assert.Equal(t, "138****1234", got.Reporter.Phone)
	assert.Equal(t, "张**", got.Reporter.Name)
	got, err = s.Get(ctx, center, c.ID.String())
	require.NoError(t, err)
	assert.Equal(t, "张三丰", got.Reporter.Name)

	_, err = s.Get(ctx, center, "2024-00x001")
	assert.Equal(t, govops.EINVALID, govops.ErrorCode(err))
	_, err = s.Get(ctx, center, "2024-999999")
	assert.Equal(t, govops.ENOTFOUND, govops.ErrorCode(err))
}

func TestService_StaleVersion(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t)
	c := register(t, s)
	seen := c.Version
	_, err := s.Dispatch(ctx, c.Number, govcase.DispatchInput{ActionInput: govcase.ActionInput{By: center, IfVersion: seen}, Department: "YJ"})
	require.NoError(t, err)
	_, err = s.Cancel(ctx, c.Number, govcase.ActionInput{By: center, IfVersion: seen, Note: "重复"})
	assert.Equal(t, govops.ECONFLICT, govops.ErrorCode(err))
	got, err := s.Get(ctx, center, c.Number)
	require.NoError(t, err)
	assert.Equal(t, govcase.StatusDispatched, got.Status, "the stale write changed nothing")

	// Racing the same transition: exactly one wins.
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins, conflicts := 0, 0
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Accept(ctx, c.Number, govcase.ActionInput{By: jinbu, IfVersion: got.Version})
			mu.Lock()
			defer mu.Unlock()
			if err == nil {
				wins++
			} else if govops.ErrorCode(err) == govops.ECONFLICT {
				conflicts++
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 1, wins)
	assert.Equal(t, 19, conflicts)
}

func TestService_DeadlinesAfterHours(t *testing.T) {
	ctx := context.Background()
	s, clk := MustOpenService(t)
	// Friday 2024-09-27 23:03: counting starts Sunday 09-29 08:30 (a worked
	// Sunday before National Day).
	clk.Set(at("2024-09-27 23:03"))
	c := register(t, s, func(in *govcase.RegisterInput) { in.Category = govcase.CategoryConsult })
	c, err := s.Dispatch(ctx, c.Number, govcase.DispatchInput{ActionInput: govcase.ActionInput{By: center}, Department: "YJ"})
	require.NoError(t, err)
	assert.True(t, c.AcceptBy.Equal(at("2024-09-29 10:30")), "accept by %v", c.AcceptBy.In(govops.ShanghaiLocation()))
	// 3 working days after Sunday 09-29: Mon 09-30, then Tue 10-08, Wed 10-09.
	assert.True(t, c.ResolveBy.Equal(at("2024-10-09 08:30")), "resolve by %v", c.ResolveBy.In(govops.ShanghaiLocation()))
}

func TestService_Extension(t *testing.T) {
	ctx := context.Background()
	s, clk := MustOpenService(t)
	c := register(t, s, func(in *govcase.RegisterInput) { in.Category = govcase.CategoryConsult })
	c, err := s.Dispatch(ctx, c.Number, govcase.DispatchInput{ActionInput: govcase.ActionInput{By: center}, Department: "YJ"})
	require.NoError(t, err)
	ext := func(until time.Time, note string) error {
		_, err := s.RequestExtension(ctx, c.Number, govcase.ExtensionInput{ActionInput: govcase.ActionInput{By: jinbu, Note: note}, Until: until})
		return err
	}
	assert.Contains(t, govops.ErrorFields(ext(c.ResolveBy.Add(-time.Hour), "r")), "until", "must be later than the deadline")
	assert.Contains(t, govops.ErrorFields(ext(time.Time{}, "r")), "until")
	assert.Contains(t, govops.ErrorFields(ext(c.ResolveBy.Add(48*time.Hour), "")), "reason")
	require.NoError(t, ext(c.ResolveBy.Add(48*time.Hour), "等待材料"))
	_, err = s.DecideExtension(ctx, c.Number, govcase.ExtensionDecision{ActionInput: govcase.ActionInput{By: center}})
	assert.Contains(t, govops.ErrorFields(err), "reason", "a denial needs a reason")
	old := c.ResolveBy
	c, err = s.DecideExtension(ctx, c.Number, govcase.ExtensionDecision{ActionInput: govcase.ActionInput{By: center, Note: "理由不足"}})
	require.NoError(t, err)
	assert.True(t, c.ResolveBy.Equal(old), "a denial keeps the deadline")
	_, err = s.DecideExtension(ctx, c.Number, govcase.ExtensionDecision{ActionInput: govcase.ActionInput{By: center}, Approve: true})
	assert.Equal(t, govops.ECONFLICT, govops.ErrorCode(err), "nothing pending")

	clk.Set(c.ResolveBy.Add(time.Minute))
	assert.Contains(t, govops.ErrorFields(ext(c.ResolveBy.Add(72*time.Hour), "晚了")), "until", "too late once overdue")
}

func TestService_List(t *testing.T) {
	ctx := context.Background()
	s, clk := MustOpenService(t)
	var numbers []string
	for i := range 23 {
		dept := "YJ"
		if i%3 == 0 {
			dept = "ZFJ"
		}
		c := register(t, s, func(in *govcase.RegisterInput) { in.Title = fmt.Sprintf("案件%02d", i) })
		_, err := s.Dispatch(ctx, c.Number, govcase.DispatchInput{ActionInput: govcase.ActionInput{By: center}, Department: dept})
		require.NoError(t, err)
		numbers = append(numbers, c.Number)
	}
	t.Run("PagesWithoutGapsOrDuplicates", func(t *testing.T) {
		seen := map[string]bool{}
		cursor := ""
		for pages := 0; ; pages++ {
			require.Less(t, pages, 10)
			p, err := s.List(ctx, govcase.ListInput{By: center, Filter: govcase.Filter{Limit: 5}, Cursor: cursor})
			require.NoError(t, err)
			for _, c := range p.Cases {
				assert.False(t, seen[c.Number], "duplicate %s", c.Number)
				seen[c.Number] = true
			}
			if p.Next == "" {
				break
			}
			cursor = p.Next
		}
		assert.Len(t, seen, 23)
	})
	t.Run("DepartmentSeesOnlyItsOwn", func(t *testing.T) {
		_, err := s.List(ctx, govcase.ListInput{By: zhifaju, Filter: govcase.Filter{Department: "YJ"}})
		assert.Equal(t, govops.EFORBIDDEN, govops.ErrorCode(err), "asking for another department's cases is refused, not narrowed")
		assert.Contains(t, govops.ErrorFields(err), "department")
		_, err = s.Stats(ctx, zhifaju, govcase.StatsFilter{Department: "YJ"})
		assert.Equal(t, govops.EFORBIDDEN, govops.ErrorCode(err))
		p, err := s.List(ctx, govcase.ListInput{By: zhifaju, Filter: govcase.Filter{Limit: 100}})
		require.NoError(t, err)
		assert.Len(t, p.Cases, 8)
		for _, c := range p.Cases {
			assert.Equal(t, "ZFJ", c.Department)
			assert.Equal(t, "13812341234", c.Reporter.Phone)
		}
		p, err = s.List(ctx, govcase.ListInput{By: viewer, Filter: govcase.Filter{Limit: 1}})
		require.NoError(t, err)
		assert.Equal(t, "138****1234", p.Cases[0].Reporter.Phone)
	})
	t.Run("OverdueAndDueSoon", func(t *testing.T) {
		// 投诉 dispatched 2024-09-30 09:00 resolve by 2024-10-23 09:00
		// (13 working days: Oct 12 is a worked Saturday).
		clk.Set(at("2024-10-22 09:00"))
		p, err := s.List(ctx, govcase.ListInput{By: center, Overdue: true})
		require.NoError(t, err)
		assert.Empty(t, p.Cases)
		p, err = s.List(ctx, govcase.ListInput{By: center, DueWithin: 25 * time.Hour, Filter: govcase.Filter{Limit: 100}})
		require.NoError(t, err)
		assert.Len(t, p.Cases, 23)
		clk.Set(at("2024-10-23 09:01"))
		_, err = s.Reply(ctx, numbers[1], govcase.ActionInput{By: center, Note: "x"})
		assert.Equal(t, govops.ECONFLICT, govops.ErrorCode(err), "reply needs accepted")
		p, err = s.List(ctx, govcase.ListInput{By: center, Overdue: true, Filter: govcase.Filter{Limit: 100}})
		require.NoError(t, err)
		assert.Len(t, p.Cases, 23)
	})
	t.Run("ErrBadInput", func(t *testing.T) {
		_, err := s.List(ctx, govcase.ListInput{By: center, Cursor: "not a cursor"})
		assert.Contains(t, govops.ErrorFields(err), "cursor")
		_, err = s.List(ctx, govcase.ListInput{By: center, Filter: govcase.Filter{Limit: 501}})
		assert.Contains(t, govops.ErrorFields(err), "limit")
		_, err = s.List(ctx, govcase.ListInput{By: center, Filter: govcase.Filter{Statuses: []govcase.Status{"lost"}}})
		assert.Contains(t, govops.ErrorFields(err), "status")
	})
}

func TestService_Routing(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t)
	_, err := s.CreateRoutingRule(ctx, govcase.RoutingRuleInput{By: jinbu, Department: "YJ"})
	assert.Equal(t, govops.EFORBIDDEN, govops.ErrorCode(err))
	_, err = s.CreateRoutingRule(ctx, govcase.RoutingRuleInput{By: center, Kind: "nope"})
	assert.Contains(t, govops.ErrorFields(err), "kind")
	assert.Contains(t, govops.ErrorFields(err), "department")
	_, err = s.CreateRoutingRule(ctx, govcase.RoutingRuleInput{By: center, Department: "YJ", Priority: 1 << 40})
	assert.Contains(t, govops.ErrorFields(err), "priority", "a priority must fit the database column")
	padded, err := s.CreateRoutingRule(ctx, govcase.RoutingRuleInput{By: center, Kind: govcase.KindPortal, Department: " YJ "})
	require.NoError(t, err)
	assert.Equal(t, "YJ", padded.Department, "a padded code would hide routed cases from the department")
	require.NoError(t, s.DeleteRoutingRule(ctx, center, padded.ID))

	_, err = s.CreateRoutingRule(ctx, govcase.RoutingRuleInput{By: center, Kind: govcase.KindHotline, Department: "QZF"})
	require.NoError(t, err)
	_, err = s.CreateRoutingRule(ctx, govcase.RoutingRuleInput{By: center, Kind: govcase.KindHotline, Keywords: []string{"路灯", "井盖"}, Department: "ZFJ"})
	require.NoError(t, err)
	high, err := s.CreateRoutingRule(ctx, govcase.RoutingRuleInput{By: center, Keywords: []string{"拆迁"}, Department: "ZBZX", Priority: 10})
	require.NoError(t, err)

	tests := []struct{ title, want string }{
		{"小区路灯不亮", "ZFJ"},      // the keyword rule is more specific than the kind-only rule
		{"噪音扰民", "QZF"},        // only the kind-only rule matches
		{"路灯旁的拆迁补偿问题", "ZBZX"}, // priority beats specificity
	}
	for _, tt := range tests {
		c := register(t, s, func(in *govcase.RegisterInput) { in.Title = tt.title; in.Description = "" })
		d, _, ok, err := s.SuggestDepartment(ctx, c)
		require.NoError(t, err)
		assert.True(t, ok)
		assert.Equal(t, tt.want, d, tt.title)
		got, err := s.Dispatch(ctx, c.Number, govcase.DispatchInput{ActionInput: govcase.ActionInput{By: center}, UseSuggestion: true})
		require.NoError(t, err)
		assert.Equal(t, tt.want, got.Department)
	}
	require.NoError(t, s.DeleteRoutingRule(ctx, center, high.ID))
	assert.Equal(t, govops.ENOTFOUND, govops.ErrorCode(s.DeleteRoutingRule(ctx, center, high.ID)))
	c := register(t, s, func(in *govcase.RegisterInput) { in.Kind = govcase.KindITOps; in.Category = govcase.CategoryHelp })
	_, err = s.Dispatch(ctx, c.Number, govcase.DispatchInput{ActionInput: govcase.ActionInput{By: center}, UseSuggestion: true})
	assert.Contains(t, govops.ErrorFields(err), "department", "no rule matches an itops case")
}

func TestService_Stats(t *testing.T) {
	ctx := context.Background()
	s, clk := MustOpenService(t)
	for i := range 4 {
		c := register(t, s)
		c, err := s.Dispatch(ctx, c.Number, govcase.DispatchInput{ActionInput: govcase.ActionInput{By: center}, Department: "YJ"})
		require.NoError(t, err)
		if i == 3 {
			continue
		}
		clk.Set(at("2024-09-30 10:00"))
		if i == 2 {
			clk.Set(at("2024-09-30 15:00")) // late: accept-by was 11:00
		}
		_, err = s.Accept(ctx, c.Number, govcase.ActionInput{By: jinbu})
		require.NoError(t, err)
		if i == 0 {
			clk.Set(at("2024-10-08 10:00"))
			_, err = s.Reply(ctx, c.Number, govcase.ActionInput{By: jinbu, Note: "ok"})
			require.NoError(t, err)
		}
		clk.Set(at("2024-09-30 09:00"))
	}
	r, err := s.Stats(ctx, center, govcase.StatsFilter{Year: 2024})
	require.NoError(t, err)
	assert.Equal(t, int64(4), r.Total)
	assert.Equal(t, int64(4), r.Dispatched)
	assert.Equal(t, int64(3), r.Accepted)
	// Every dispatched case counts: 2 of 4 accepted on time (one late, one
	// not yet accepted), 1 of 4 replied on time.
	assert.Equal(t, "50", r.AcceptOnTimeRate.Decimal.String())
	assert.Equal(t, "25", r.ResolveOnTimeRate.Decimal.String())
	assert.Equal(t, "25", r.ResponseRate.Decimal.String())
	assert.Equal(t, 8*24*time.Hour+time.Hour, r.MeanHandling)
	r, err = s.Stats(ctx, zhifaju, govcase.StatsFilter{})
	require.NoError(t, err)
	assert.Equal(t, int64(0), r.Total, "a department counts only its own cases")
	assert.False(t, r.AcceptOnTimeRate.Valid, "no rate without a denominator")
}

func TestRate(t *testing.T) {
	tests := []struct {
		num, den int64
		want     string
	}{
		{2, 3, "66.67"}, {1, 3, "33.33"}, {951001, 1001001, "95"}, {95005, 100000, "95.01"}, {1, 8, "12.5"}, {1, 800, "0.13"}, {1, 1600, "0.06"}, {0, 5, "0"}, {5, 5, "100"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, govcase.Rate(tt.num, tt.den).Decimal.String(), "%d/%d", tt.num, tt.den)
	}
	assert.False(t, govcase.Rate(1, 0).Valid)
}

func TestService_PersonalDataInText(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t)
	c := register(t, s, func(in *govcase.RegisterInput) {
		in.Description = "市民13812341234反映，身份证450202199001011234"
	})
	_, err := s.Dispatch(ctx, c.Number, govcase.DispatchInput{ActionInput: govcase.ActionInput{By: center, Note: "回拨13812341234"}, Department: "YJ"})
	require.NoError(t, err)

	got, err := s.Get(ctx, viewer, c.Number)
	require.NoError(t, err)
	assert.Equal(t, "市民138****1234反映，身份证450***********1234", got.Description)
	evs, err := s.Events(ctx, viewer, c.Number)
	require.NoError(t, err)
	assert.Equal(t, "回拨138****1234", evs[1].Note)

	got, err = s.Get(ctx, jinbu, c.Number)
	require.NoError(t, err)
	assert.Contains(t, got.Description, "13812341234", "the handling department sees the text whole")
	evs, err = s.Events(ctx, jinbu, c.Number)
	require.NoError(t, err)
	assert.Equal(t, "回拨13812341234", evs[1].Note)
}

func TestService_CancelReturnedCase(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t)
	c := register(t, s)
	_, err := s.Dispatch(ctx, c.Number, govcase.DispatchInput{ActionInput: govcase.ActionInput{By: center}, Department: "YJ"})
	require.NoError(t, err)
	_, err = s.Return(ctx, c.Number, govcase.ActionInput{By: jinbu, Note: "非本辖区"})
	require.NoError(t, err)
	_, err = s.Cancel(ctx, c.Number, govcase.ActionInput{By: center, Note: "重复件"})
	require.NoError(t, err)
	_, err = s.Get(ctx, jinbu, c.Number)
	assert.Equal(t, govops.ENOTFOUND, govops.ErrorCode(err), "a department that returned a case does not see it again once cancelled")
}

func TestService_BadTimesAndText(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t)
	_, err := s.Register(ctx, govcase.RegisterInput{By: center, Kind: govcase.KindHotline, Category: govcase.CategoryHelp,
		Source: govcase.SourcePhone, Title: "a\x00b"})
	assert.Contains(t, govops.ErrorFields(err), "title", "NUL cannot be stored by PostgreSQL")
	_, err = s.List(ctx, govcase.ListInput{By: center, Filter: govcase.Filter{CreatedFrom: time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)}})
	assert.Contains(t, govops.ErrorFields(err), "created_from")
	_, err = s.Stats(ctx, center, govcase.StatsFilter{CreatedTo: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)})
	assert.Contains(t, govops.ErrorFields(err), "created_to")

	c := register(t, s)
	c, err = s.Dispatch(ctx, c.Number, govcase.DispatchInput{ActionInput: govcase.ActionInput{By: center}, Department: "YJ"})
	require.NoError(t, err)
	_, err = s.RequestExtension(ctx, c.Number, govcase.ExtensionInput{ActionInput: govcase.ActionInput{By: jinbu, Note: "x"},
		Until: time.Date(9999, 12, 31, 23, 59, 59, 0, time.FixedZone("", -23*3600))})
	assert.Contains(t, govops.ErrorFields(err), "until", "a year-10000 deadline would break every read of the case")
}

func TestService_Observer(t *testing.T) {
	ctx := context.Background()
	var seen []string
	s, _ := MustOpenService(t, govcase.WithObserver(func(_ context.Context, c govcase.Case, ev govcase.Event) {
		seen = append(seen, fmt.Sprintf("%s v%d %s", c.Number, c.Version, ev.Type))
	}))
	c := register(t, s)
	_, err := s.Dispatch(ctx, c.Number, govcase.DispatchInput{ActionInput: govcase.ActionInput{By: center}, Department: "YJ"})
	require.NoError(t, err)
	_, err = s.Close(ctx, c.Number, govcase.ActionInput{By: center})
	require.Error(t, err, "a refused change is not observed")
	assert.Equal(t, []string{"2024-000001 v1 registered", "2024-000001 v2 dispatched"}, seen)
}

func TestService_DepartmentCheck(t *testing.T) {
	ctx := context.Background()
	known := map[string]bool{"YJ": true}
	s, _ := MustOpenService(t, govcase.WithDepartmentCheck(func(_ context.Context, code string) error {
		if !known[code] {
			return govops.FieldError("department", "no department has code "+code)
		}
		return nil
	}))
	c := register(t, s)
	_, err := s.Dispatch(ctx, c.Number, govcase.DispatchInput{ActionInput: govcase.ActionInput{By: center}, Department: "NOPE"})
	assert.Contains(t, govops.ErrorFields(err), "department")
	_, err = s.CreateRoutingRule(ctx, govcase.RoutingRuleInput{By: center, Department: "NOPE"})
	assert.Contains(t, govops.ErrorFields(err), "department")
	_, err = s.Dispatch(ctx, c.Number, govcase.DispatchInput{ActionInput: govcase.ActionInput{By: center}, Department: "YJ"})
	assert.NoError(t, err)
}
