package govcase_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/storetestkit"
)

func TestService_Register(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s, _ := MustOpenService(t)
		c := register(t, s)
		equal(t, "number", c.Number, "2024-000001")
		equal(t, "status", c.Status, govcase.StatusRegistered)
		equal(t, "priority", c.Priority, govcase.PriorityNormal)
		equal(t, "version", c.Version, 1)
		equal(t, "time zone", c.CreatedAt.Location(), time.UTC)
		equal(t, "second number", register(t, s).Number, "2024-000002")
		evs, err := s.Events(ctx, center, c.Number)
		storetestkit.Must(t, err, "Events")
		equal(t, "events", len(evs), 1)
		equal(t, "type", evs[0].Type, govcase.EventRegistered)
		equal(t, "actor", evs[0].Actor, "值班员")
		equal(t, "subject", evs[0].Subject, c.ID)
		equal(t, "seq", evs[0].Seq, 1)
	})
	t.Run("YearFollowsShanghai", func(t *testing.T) {
		s, clk := MustOpenService(t)
		clk.Set(time.Date(2024, 12, 31, 16, 30, 0, 0, time.UTC)) // 2025-01-01 00:30 in Shanghai
		equal(t, "number", register(t, s).Number, "2025-000001")
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
			{"LongTitle", func(in *govcase.RegisterInput) { in.Title = strings.Repeat("长", 201) }, "title"},
			{"BadPhone", func(in *govcase.RegisterInput) { in.Reporter.Phone = "138-abc" }, "reporter.phone"},
			{"BadUTF8", func(in *govcase.RegisterInput) { in.Description = "\xff" }, "description"},
			{"NUL", func(in *govcase.RegisterInput) { in.Title = "a\x00b" }, "title"},
			{"DigitsInName", func(in *govcase.RegisterInput) { in.Reporter.Name = "李四 13700001111" }, "reporter.name"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := govcase.RegisterInput{Kind: govcase.KindHotline, Category: govcase.CategoryHelp, Source: govcase.SourcePhone, Title: "t"}
				tt.mod(&in)
				_, err := s.Register(ctx, center, in)
				storetestkit.MustCode(t, err, govops.EINVALID, "Register")
				names(t, err, tt.field)
			})
		}
		// Every bad field at once, not only the first.
		_, err := s.Register(ctx, center, govcase.RegisterInput{})
		for _, f := range []string{"kind", "source", "title"} {
			names(t, err, f)
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		s, _ := MustOpenService(t)
		in := govcase.RegisterInput{Kind: govcase.KindHotline, Category: govcase.CategoryHelp, Source: govcase.SourcePhone, Title: "t"}
		for _, by := range []govops.Actor{jinbu, viewer} {
			_, err := s.Register(ctx, by, in)
			storetestkit.MustCode(t, err, govops.EFORBIDDEN, "Register by "+by.Name)
		}
		_, err := s.Register(ctx, govops.Actor{}, in)
		storetestkit.MustCode(t, err, govops.EINVALID, "Register by nobody")
		names(t, err, "actor")
		_, err = s.Register(ctx, govops.Actor{Name: strings.Repeat("值", govops.MaxActorLen+1)}, in)
		names(t, err, "actor") // longer than the trail keeps
	})
	t.Run("RegisteredKind", func(t *testing.T) {
		s, _ := MustOpenService(t, govcase.WithKinds(govcase.KindSpec{Code: "gridevent", Label: "网格事件", Categories: []govcase.Category{"patrol"}}))
		c := register(t, s, func(in *govcase.RegisterInput) { in.Kind = "gridevent"; in.Category = "patrol" })
		equal(t, "kind", c.Kind, "gridevent")
		equal(t, "kinds", len(s.Kinds()), 6)
	})
}

func TestService_Lifecycle(t *testing.T) {
	ctx := context.Background()
	s, clk := MustOpenService(t)
	ok := mustCase(t)
	c := register(t, s)

	c = dispatch(t, s, c.Number, "YJ")
	equal(t, "status", c.Status, govcase.StatusDispatched)
	// Accept within 2 working hours of Monday 09:00; a 投诉 resolves in 13
	// working days, counted across the National Day holiday (Oct 1–7).
	equal(t, "accept by", shanghai(c.AcceptBy), "2024-09-30 11:00")
	equal(t, "resolve by", shanghai(c.ResolveBy), "2024-10-23 09:00")
	equal(t, "time zone", c.ResolveBy.Location(), time.UTC)

	clk.Set(at("2024-09-30 10:00"))
	c = ok(s.Accept(ctx, jinbu, c.Number, govcase.ActionInput{IfVersion: c.Version}))
	equal(t, "status", c.Status, govcase.StatusAccepted)

	c = ok(s.RequestExtension(ctx, jinbu, c.Number, govcase.ExtensionInput{ActionInput: govcase.ActionInput{Note: "需协调供电局"}, Until: at("2024-10-25 17:00")}))
	_, err := s.RequestExtension(ctx, jinbu, c.Number, govcase.ExtensionInput{ActionInput: govcase.ActionInput{Note: "再延"}, Until: at("2024-10-28 17:00")})
	storetestkit.MustCode(t, err, govops.ECONFLICT, "a second pending request")
	c = ok(s.DecideExtension(ctx, center, c.Number, govcase.ExtensionDecision{Approve: true}))
	equal(t, "resolve by", shanghai(c.ResolveBy), "2024-10-25 17:00")
	equal(t, "pending extension", c.ExtensionUntil.IsZero(), true)

	c = ok(s.Urge(ctx, center, c.Number, govcase.ActionInput{Note: "请尽快处理"}))
	equal(t, "urges", c.UrgeCount, 1)

	clk.Set(at("2024-10-09 15:00"))
	c = ok(s.Reply(ctx, jinbu, c.Number, govcase.ActionInput{Note: "已更换灯具"}))
	equal(t, "reply", c.Reply, "已更换灯具")
	c = ok(s.Close(ctx, center, c.Number, govcase.ActionInput{}))
	equal(t, "status", c.Status, govcase.StatusClosed)

	// A dissatisfied callback: redo (重办) goes back to the same department.
	clk.Set(at("2024-10-10 09:00"))
	c = ok(s.Reopen(ctx, center, c.Number, govcase.ActionInput{Note: "回访不满意"}))
	equal(t, "status", c.Status, govcase.StatusDispatched)
	equal(t, "department", c.Department, "YJ")
	equal(t, "redos", c.RedoCount, 1)
	equal(t, "new deadline", c.ResolveBy.After(at("2024-10-10 09:00")), true)

	c = ok(s.Return(ctx, jinbu, c.Number, govcase.ActionInput{Note: "不属于本辖区"}))
	equal(t, "status", c.Status, govcase.StatusReturned)
	_, err = s.Get(ctx, jinbu, c.Number)
	storetestkit.MustCode(t, err, govops.ENOTFOUND, "a returned case is back at the center")

	c = dispatch(t, s, c.Number, "ZFJ")
	c = ok(s.Comment(ctx, zhifaju, c.Number, govcase.ActionInput{Note: "已联系市民"}))
	c = ok(s.Cancel(ctx, center, c.Number, govcase.ActionInput{Note: "与2024-000002重复"}))
	equal(t, "status", c.Status, govcase.StatusCancelled)

	evs, err := s.Events(ctx, center, c.Number)
	storetestkit.Must(t, err, "Events")
	var types []govcase.EventType
	for i, e := range evs {
		types = append(types, e.Type)
		equal(t, fmt.Sprintf("event %d seq", i), e.Seq, int64(i+1))
		if i > 0 {
			equal(t, fmt.Sprintf("event %d from", i), e.From, evs[i-1].To)
		}
	}
	want := []govcase.EventType{
		govcase.EventRegistered, govcase.EventDispatched, govcase.EventAccepted,
		govcase.EventExtensionRequested, govcase.EventExtensionApproved, govcase.EventUrged,
		govcase.EventReplied, govcase.EventClosed, govcase.EventReopened, govcase.EventReturned,
		govcase.EventDispatched, govcase.EventCommented, govcase.EventCancelled,
	}
	if !slices.Equal(types, want) {
		t.Fatalf("trail %v, want %v", types, want)
	}
	equal(t, "version", c.Version, int64(len(evs)))
	equal(t, "last status", evs[len(evs)-1].To, govcase.StatusCancelled)
}

// act runs action on the case num as center staff, with a note.
func act(ctx context.Context, s *govcase.Service, num string, a govcase.Action) error {
	in := govcase.ActionInput{Note: "说明"}
	var err error
	switch a {
	case govcase.ActionDispatch:
		_, err = s.Dispatch(ctx, center, num, govcase.DispatchInput{ActionInput: in, Department: "YJ"})
	case govcase.ActionAccept:
		_, err = s.Accept(ctx, center, num, in)
	case govcase.ActionReturn:
		_, err = s.Return(ctx, center, num, in)
	case govcase.ActionUrge:
		_, err = s.Urge(ctx, center, num, in)
	case govcase.ActionReply:
		_, err = s.Reply(ctx, center, num, in)
	case govcase.ActionClose:
		_, err = s.Close(ctx, center, num, in)
	case govcase.ActionReopen:
		_, err = s.Reopen(ctx, center, num, in)
	case govcase.ActionCancel:
		_, err = s.Cancel(ctx, center, num, in)
	case govcase.ActionComment:
		_, err = s.Comment(ctx, center, num, in)
	case govcase.ActionRequestExtension:
		_, err = s.RequestExtension(ctx, center, num, govcase.ExtensionInput{ActionInput: in, Until: at("2025-06-30 17:00")})
	}
	return err
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
	for action, allowed := range want {
		for _, st := range govcase.AllStatuses() {
			t.Run(fmt.Sprintf("%s/from=%s", action, st), func(t *testing.T) {
				s, _ := MustOpenService(t)
				c := register(t, s)
				for _, step := range paths[st] {
					storetestkit.Must(t, act(ctx, s, c.Number, step), string(step))
				}
				err := act(ctx, s, c.Number, action)
				ok := slices.Contains(allowed, st)
				equal(t, "Allowed", govcase.Allowed(action, st), ok)
				if ok {
					storetestkit.Must(t, err, string(action))
					return
				}
				storetestkit.MustCode(t, err, govops.ECONFLICT, string(action))
				if msg := err.Error(); !strings.Contains(msg, string(action)) || !strings.Contains(msg, string(st)) {
					t.Fatalf("%q names not both the action and the status", msg)
				}
			})
		}
	}
}

func TestService_Permissions(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t)
	c := register(t, s)
	_, err := s.Dispatch(ctx, jinbu, c.Number, govcase.DispatchInput{Department: "YJ"})
	storetestkit.MustCode(t, err, govops.ENOTFOUND, "a registered case is not yet any department's to act on")
	_, err = s.Get(ctx, jinbu, c.Number)
	storetestkit.MustCode(t, err, govops.ENOTFOUND, "a registered case is not yet any department's")
	dispatch(t, s, c.Number, "YJ")

	_, err = s.Accept(ctx, zhifaju, c.Number, govcase.ActionInput{})
	storetestkit.MustCode(t, err, govops.ENOTFOUND, "another department's case does not exist for it")
	_, err = s.Accept(ctx, viewer, c.Number, govcase.ActionInput{})
	storetestkit.MustCode(t, err, govops.EFORBIDDEN, "a viewer accepting")
	_, err = s.Urge(ctx, jinbu, c.Number, govcase.ActionInput{})
	storetestkit.MustCode(t, err, govops.EFORBIDDEN, "only the center urges")
	equal(t, "message", govops.ErrorMessage(err), "only the center may urge a case")
	_, err = s.Return(ctx, jinbu, c.Number, govcase.ActionInput{})
	storetestkit.MustCode(t, err, govops.EINVALID, "a return without a reason")
	names(t, err, "reason")

	got, err := s.Get(ctx, jinbu, c.Number)
	storetestkit.Must(t, err, "Get by the department")
	equal(t, "phone the handling department sees", got.Reporter.Phone, "13812341234")
	got, err = s.Get(ctx, viewer, c.Number)
	storetestkit.Must(t, err, "Get by a viewer")
	equal(t, "phone a viewer sees", got.Reporter.Phone, "138****1234")
	equal(t, "name a viewer sees", got.Reporter.Name, "张**")
	got, err = s.Get(ctx, center, c.ID.String())
	storetestkit.Must(t, err, "Get by ID")
	equal(t, "name", got.Reporter.Name, "张三丰")

	_, err = s.Get(ctx, center, "2024-00x001")
	storetestkit.MustCode(t, err, govops.EINVALID, "a malformed number")
	names(t, err, "number")
	_, err = s.Get(ctx, center, "2024-999999")
	storetestkit.MustCode(t, err, govops.ENOTFOUND, "an unknown number")
	_, err = s.Get(ctx, govops.Actor{Name: "x", Department: "a\x00b"}, c.Number)
	names(t, err, "actor.department")
}

func TestService_StaleVersion(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t)
	c := register(t, s)
	seen := c.Version
	_, err := s.Dispatch(ctx, center, c.Number, govcase.DispatchInput{ActionInput: govcase.ActionInput{IfVersion: seen}, Department: "YJ"})
	storetestkit.Must(t, err, "Dispatch at the version seen")
	_, err = s.Cancel(ctx, center, c.Number, govcase.ActionInput{IfVersion: seen, Note: "重复"})
	storetestkit.MustCode(t, err, govops.ECONFLICT, "Cancel at a stale version")
	got, err := s.Get(ctx, center, c.Number)
	storetestkit.Must(t, err, "Get")
	equal(t, "status after the stale write", got.Status, govcase.StatusDispatched)
	_, err = s.Comment(ctx, center, c.Number, govcase.ActionInput{IfVersion: -1, Note: "n"})
	names(t, err, "if_version")

	// Racing the same transition: exactly one wins.
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins, conflicts := 0, 0
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Accept(ctx, jinbu, c.Number, govcase.ActionInput{IfVersion: got.Version})
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
	equal(t, "winners", wins, 1)
	equal(t, "conflicts", conflicts, 19)
}

func TestService_DeadlinesAfterHours(t *testing.T) {
	s, clk := MustOpenService(t)
	// Friday 2024-09-27 23:03: counting starts Sunday 09-29 08:30 (a worked
	// Sunday before National Day).
	clk.Set(at("2024-09-27 23:03"))
	c := register(t, s, func(in *govcase.RegisterInput) { in.Category = govcase.CategoryConsult })
	c = dispatch(t, s, c.Number, "YJ")
	equal(t, "accept by", shanghai(c.AcceptBy), "2024-09-29 10:30")
	// 3 working days after Sunday 09-29: Mon 09-30, then Tue 10-08, Wed 10-09.
	equal(t, "resolve by", shanghai(c.ResolveBy), "2024-10-09 08:30")
}

func TestService_Extension(t *testing.T) {
	ctx := context.Background()
	s, clk := MustOpenService(t)
	c := register(t, s, func(in *govcase.RegisterInput) { in.Category = govcase.CategoryConsult })
	c = dispatch(t, s, c.Number, "YJ")
	ext := func(until time.Time, note string) error {
		_, err := s.RequestExtension(ctx, jinbu, c.Number, govcase.ExtensionInput{ActionInput: govcase.ActionInput{Note: note}, Until: until})
		return err
	}
	names(t, ext(c.ResolveBy.Add(-time.Hour), "r"), "until") // must be later than the deadline
	names(t, ext(time.Time{}, "r"), "until")
	names(t, ext(c.ResolveBy.Add(48*time.Hour), ""), "reason")
	storetestkit.Must(t, ext(c.ResolveBy.Add(48*time.Hour), "等待材料"), "RequestExtension")
	_, err := s.DecideExtension(ctx, center, c.Number, govcase.ExtensionDecision{})
	names(t, err, "reason") // a denial needs a reason
	old := c.ResolveBy
	c = mustCase(t)(s.DecideExtension(ctx, center, c.Number, govcase.ExtensionDecision{ActionInput: govcase.ActionInput{Note: "理由不足"}}))
	equal(t, "deadline after a denial", c.ResolveBy, old)
	_, err = s.DecideExtension(ctx, center, c.Number, govcase.ExtensionDecision{Approve: true})
	storetestkit.MustCode(t, err, govops.ECONFLICT, "a decision with nothing pending")
	_, err = s.DecideExtension(ctx, jinbu, c.Number, govcase.ExtensionDecision{Approve: true})
	storetestkit.MustCode(t, err, govops.EFORBIDDEN, "a department deciding")
	equal(t, "message", govops.ErrorMessage(err), "only the center may decide a case's extension request")

	clk.Set(c.ResolveBy.Add(time.Minute))
	names(t, ext(c.ResolveBy.Add(72*time.Hour), "晚了"), "until") // too late once overdue
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
		dispatch(t, s, c.Number, dept)
		numbers = append(numbers, c.Number)
	}
	list := func(by govops.Actor, in govcase.ListInput) []*govcase.Case {
		t.Helper()
		p, err := s.List(ctx, by, in)
		storetestkit.Must(t, err, "List")
		return p.Items
	}
	t.Run("PagesWithoutGapsOrDuplicates", func(t *testing.T) {
		var seen []string
		cursor := ""
		for pages := 0; ; pages++ {
			if pages == 10 {
				t.Fatal("paging did not end")
			}
			p, err := s.List(ctx, center, govcase.ListInput{Limit: 5, Cursor: cursor})
			storetestkit.Must(t, err, "List")
			if len(p.Items) > 5 {
				t.Fatalf("a page of %d cases, over the limit of 5", len(p.Items))
			}
			for _, c := range p.Items {
				seen = append(seen, c.Number)
			}
			if p.Next == "" {
				break
			}
			cursor = p.Next
		}
		want := slices.Clone(numbers)
		slices.Reverse(want) // newest first
		if !slices.Equal(seen, want) {
			t.Fatalf("paged %v, want %v", seen, want)
		}
	})
	t.Run("DefaultPage", func(t *testing.T) {
		p, err := s.List(ctx, center, govcase.ListInput{})
		storetestkit.Must(t, err, "List")
		equal(t, "cases", len(p.Items), 23)
		equal(t, "next", p.Next, "")
	})
	t.Run("DepartmentSeesOnlyItsOwn", func(t *testing.T) {
		_, err := s.List(ctx, zhifaju, govcase.ListInput{Filter: govcase.Filter{Department: "YJ"}})
		storetestkit.MustCode(t, err, govops.EFORBIDDEN, "asking for another department's cases is refused, not narrowed")
		names(t, err, "department")
		_, err = s.Stats(ctx, zhifaju, govcase.StatsFilter{Department: "YJ"})
		storetestkit.MustCode(t, err, govops.EFORBIDDEN, "another department's figures")
		own := list(zhifaju, govcase.ListInput{Limit: 100})
		equal(t, "own cases", len(own), 8)
		for _, c := range own {
			equal(t, "department", c.Department, "ZFJ")
			equal(t, "phone", c.Reporter.Phone, "13812341234")
		}
		equal(t, "phone a viewer sees", list(viewer, govcase.ListInput{Limit: 1})[0].Reporter.Phone, "138****1234")
	})
	t.Run("OverdueAndDueSoon", func(t *testing.T) {
		// 投诉 dispatched 2024-09-30 09:00 resolve by 2024-10-23 09:00
		// (13 working days: Oct 12 is a worked Saturday).
		clk.Set(at("2024-10-22 09:00"))
		equal(t, "overdue", len(list(center, govcase.ListInput{Overdue: true})), 0)
		equal(t, "due soon", len(list(center, govcase.ListInput{DueWithin: 25 * time.Hour, Limit: 100})), 23)
		clk.Set(at("2024-10-23 09:01"))
		_, err := s.Reply(ctx, center, numbers[1], govcase.ActionInput{Note: "x"})
		storetestkit.MustCode(t, err, govops.ECONFLICT, "a reply needs an accepted case")
		equal(t, "overdue", len(list(center, govcase.ListInput{Overdue: true, Limit: 100})), 23)
	})
	t.Run("ErrBadInput", func(t *testing.T) {
		for _, tt := range []struct {
			field string
			in    govcase.ListInput
		}{
			{"cursor", govcase.ListInput{Cursor: "not a cursor"}},
			{"limit", govcase.ListInput{Limit: govops.MaxPageSize + 1}},
			{"limit", govcase.ListInput{Limit: -1}},
			{"status", govcase.ListInput{Filter: govcase.Filter{Statuses: []govcase.Status{"lost"}}}},
			{"kind", govcase.ListInput{Filter: govcase.Filter{Kinds: []govcase.Kind{"weather"}}}},
			{"created_from", govcase.ListInput{Filter: govcase.Filter{CreatedFrom: time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)}}},
			{"created_to", govcase.ListInput{Filter: govcase.Filter{CreatedFrom: at("2024-10-02 00:00"), CreatedTo: at("2024-10-01 00:00")}}},
			{"due_within", govcase.ListInput{DueWithin: -time.Hour}},
		} {
			_, err := s.List(ctx, center, tt.in)
			storetestkit.MustCode(t, err, govops.EINVALID, "List naming "+tt.field)
			names(t, err, tt.field)
		}
	})
	t.Run("ViewerMayNotMatchExternalNumber", func(t *testing.T) {
		_, err := s.List(ctx, viewer, govcase.ListInput{Filter: govcase.Filter{ExternalNo: "LZ12345-0001"}})
		storetestkit.MustCode(t, err, govops.EFORBIDDEN, "an exact external number is a guess a masked reader may not make")
		names(t, err, "external_no")
	})
}

func TestService_Routing(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t)
	_, err := s.CreateRoutingRule(ctx, jinbu, govcase.RoutingRuleInput{Department: "YJ"})
	storetestkit.MustCode(t, err, govops.EFORBIDDEN, "a department changing routing")
	_, err = s.CreateRoutingRule(ctx, viewer, govcase.RoutingRuleInput{Department: "YJ"})
	storetestkit.MustCode(t, err, govops.EFORBIDDEN, "a viewer changing routing")
	_, err = s.CreateRoutingRule(ctx, center, govcase.RoutingRuleInput{Kind: "nope"})
	names(t, err, "kind")
	names(t, err, "department")
	_, err = s.CreateRoutingRule(ctx, center, govcase.RoutingRuleInput{Department: "YJ", Priority: 1 << 40})
	names(t, err, "priority") // it must fit the database column
	padded, err := s.CreateRoutingRule(ctx, center, govcase.RoutingRuleInput{Kind: govcase.KindPortal, Department: " YJ "})
	storetestkit.Must(t, err, "CreateRoutingRule")
	equal(t, "department", padded.Department, "YJ") // a padded code would hide routed cases from the department
	storetestkit.Must(t, s.DeleteRoutingRule(ctx, center, padded.ID.String()), "DeleteRoutingRule")

	_, err = s.CreateRoutingRule(ctx, center, govcase.RoutingRuleInput{Kind: govcase.KindHotline, Department: "QZF"})
	storetestkit.Must(t, err, "CreateRoutingRule")
	_, err = s.CreateRoutingRule(ctx, center, govcase.RoutingRuleInput{Kind: govcase.KindHotline, Keywords: []string{"路灯", "井盖"}, Department: "ZFJ"})
	storetestkit.Must(t, err, "CreateRoutingRule")
	high, err := s.CreateRoutingRule(ctx, center, govcase.RoutingRuleInput{Keywords: []string{"拆迁"}, Department: "ZBZX", Priority: 10})
	storetestkit.Must(t, err, "CreateRoutingRule")

	rules, err := s.RoutingRules(ctx, viewer)
	storetestkit.Must(t, err, "RoutingRules by a viewer")
	equal(t, "rules", len(rules), 3)
	equal(t, "first rule", rules[0].ID, high.ID)
	_, err = s.RoutingRules(ctx, jinbu)
	storetestkit.MustCode(t, err, govops.EFORBIDDEN, "a department reading the routing rules")

	tests := []struct{ title, want string }{
		{"小区路灯不亮", "ZFJ"},      // the keyword rule is more specific than the kind-only rule
		{"噪音扰民", "QZF"},        // only the kind-only rule matches
		{"路灯旁的拆迁补偿问题", "ZBZX"}, // priority beats specificity
	}
	for _, tt := range tests {
		c := register(t, s, func(in *govcase.RegisterInput) { in.Title = tt.title; in.Description = "" })
		d, _, ok, err := s.SuggestDepartment(ctx, center, c)
		storetestkit.Must(t, err, "SuggestDepartment")
		equal(t, tt.title+" matched", ok, true)
		equal(t, tt.title, d, tt.want)
		got := mustCase(t)(s.Dispatch(ctx, center, c.Number, govcase.DispatchInput{UseSuggestion: true}))
		equal(t, tt.title+" dispatched to", got.Department, tt.want)
		_, _, _, err = s.SuggestDepartment(ctx, jinbu, c)
		storetestkit.MustCode(t, err, govops.EFORBIDDEN, "a department asking for a suggestion")
	}
	storetestkit.Must(t, s.DeleteRoutingRule(ctx, center, high.ID.String()), "DeleteRoutingRule")
	storetestkit.MustCode(t, s.DeleteRoutingRule(ctx, center, high.ID.String()), govops.ENOTFOUND, "deleting a deleted rule")
	storetestkit.MustCode(t, s.DeleteRoutingRule(ctx, center, "rule-1"), govops.ENOTFOUND, "a rule has no number")
	storetestkit.MustCode(t, s.DeleteRoutingRule(ctx, jinbu, high.ID.String()), govops.EFORBIDDEN, "a department deleting a rule")
	c := register(t, s, func(in *govcase.RegisterInput) { in.Kind = govcase.KindITOps; in.Category = govcase.CategoryHelp })
	_, err = s.Dispatch(ctx, center, c.Number, govcase.DispatchInput{UseSuggestion: true})
	names(t, err, "department") // no rule matches an itops case
}

func TestService_Stats(t *testing.T) {
	ctx := context.Background()
	s, clk := MustOpenService(t)
	for i := range 4 {
		c := dispatch(t, s, register(t, s).Number, "YJ")
		if i == 3 {
			continue
		}
		clk.Set(at("2024-09-30 10:00"))
		if i == 2 {
			clk.Set(at("2024-09-30 15:00")) // late: accept-by was 11:00
		}
		mustCase(t)(s.Accept(ctx, jinbu, c.Number, govcase.ActionInput{}))
		if i == 0 {
			clk.Set(at("2024-10-08 10:00"))
			mustCase(t)(s.Reply(ctx, jinbu, c.Number, govcase.ActionInput{Note: "ok"}))
		}
		clk.Set(at("2024-09-30 09:00"))
	}
	// Another kind and department, so that the groups need sorting.
	dispatch(t, s, register(t, s, func(in *govcase.RegisterInput) { in.Kind = govcase.KindITOps; in.Category = govcase.CategoryHelp }).Number, "AB")
	register(t, s, func(in *govcase.RegisterInput) { in.Kind = govcase.KindITOps; in.Category = govcase.CategoryHelp })

	r, err := s.Stats(ctx, center, govcase.StatsFilter{Year: 2024, Kind: govcase.KindHotline})
	storetestkit.Must(t, err, "Stats")
	equal(t, "total", r.Total, 4)
	equal(t, "dispatched", r.Dispatched, 4)
	equal(t, "accepted", r.Accepted, 3)
	// Every dispatched case counts: 2 of 4 accepted on time (one late, one
	// not yet accepted), 1 of 4 replied on time.
	equal(t, "accept on time", r.AcceptOnTimeRate.String(), "50.00%")
	equal(t, "accepted on time", r.AcceptOnTimeRate.Numerator, 2)
	equal(t, "resolve on time", r.ResolveOnTimeRate.String(), "25.00%")
	equal(t, "response", r.ResponseRate.String(), "25.00%")
	equal(t, "mean handling", r.MeanHandling, 8*24*time.Hour+time.Hour)

	r, err = s.Stats(ctx, center, govcase.StatsFilter{})
	storetestkit.Must(t, err, "Stats")
	var groups []string
	for _, g := range r.Groups {
		groups = append(groups, fmt.Sprintf("%s/%s/%s=%d", g.Kind, g.Status, g.Department, g.Count))
	}
	equal(t, "groups", strings.Join(groups, " "),
		"hotline/accepted/YJ=2 hotline/dispatched/YJ=1 hotline/replied/YJ=1 itops/dispatched/AB=1 itops/registered/=1")

	r, err = s.Stats(ctx, zhifaju, govcase.StatsFilter{})
	storetestkit.Must(t, err, "Stats by another department")
	equal(t, "total", r.Total, 0) // a department counts only its own cases
	equal(t, "rate without a denominator", r.AcceptOnTimeRate.Null().Valid, false)
	for _, f := range []govcase.StatsFilter{{Year: 20}, {Kind: "weather"}, {Department: " YJ"}} {
		_, err := s.Stats(ctx, center, f)
		storetestkit.MustCode(t, err, govops.EINVALID, fmt.Sprintf("Stats(%+v)", f))
	}
}

func TestCase_OnTime(t *testing.T) {
	deadline := at("2024-10-08 17:30")
	tests := []struct {
		name              string
		at, by            time.Time
		accepted, replied bool
	}{
		{"Early", deadline.Add(-time.Hour), deadline, true, true},
		{"AtTheDeadline", deadline, deadline, true, true},
		{"Late", deadline.Add(time.Microsecond), deadline, false, false},
		{"NotYet", time.Time{}, deadline, false, false},
		{"NoDeadline", deadline, time.Time{}, false, false},
		{"Neither", time.Time{}, time.Time{}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := govcase.Case{AcceptedAt: tt.at, AcceptBy: tt.by, RepliedAt: tt.at, ResolveBy: tt.by}
			equal(t, "AcceptedOnTime", c.AcceptedOnTime(), tt.accepted)
			equal(t, "RepliedOnTime", c.RepliedOnTime(), tt.replied)
		})
	}
	t.Run("HandlingSeconds", func(t *testing.T) {
		c := govcase.Case{DispatchedAt: deadline, RepliedAt: deadline.Add(time.Hour + 750*time.Millisecond)}
		secs, ok := c.HandlingSeconds()
		equal(t, "handled", ok, true)
		equal(t, "seconds", secs, 3600)
		c.DispatchedAt = time.Time{}
		_, ok = c.HandlingSeconds()
		equal(t, "handled without a dispatch", ok, false)
	})
}

func TestService_PersonalDataInText(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t)
	c := register(t, s, func(in *govcase.RegisterInput) {
		in.Description = "市民13812341234反映，身份证450202199001011234"
	})
	_, err := s.Dispatch(ctx, center, c.Number, govcase.DispatchInput{ActionInput: govcase.ActionInput{Note: "回拨13812341234"}, Department: "YJ"})
	storetestkit.Must(t, err, "Dispatch")

	got, err := s.Get(ctx, viewer, c.Number)
	storetestkit.Must(t, err, "Get by a viewer")
	equal(t, "description a viewer sees", got.Description, "市民138****1234反映，身份证450***********1234")
	evs, err := s.Events(ctx, viewer, c.Number)
	storetestkit.Must(t, err, "Events by a viewer")
	equal(t, "note a viewer sees", evs[1].Note, "回拨138****1234")

	got, err = s.Get(ctx, jinbu, c.Number)
	storetestkit.Must(t, err, "Get by the department")
	equal(t, "description the department sees", got.Description, "市民13812341234反映，身份证450202199001011234")
	evs, err = s.Events(ctx, jinbu, c.Number)
	storetestkit.Must(t, err, "Events by the department")
	equal(t, "note the department sees", evs[1].Note, "回拨13812341234")
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
	storetestkit.Must(t, err, "Get")
	equal(t, "title", got.Title, "李*反映路灯不亮")
	equal(t, "location", got.Location, "幸福小区 电话137****1111")
	equal(t, "reporter", got.Reporter, govcase.Contact{Name: "李*", Phone: "137****1111"})

	// The viewer's search runs on what it sees.
	for q, want := range map[string]int{"李四": 0, "1370000111": 0, "李*反映": 1, "路灯": 1} {
		page, err := s.List(ctx, viewer, govcase.ListInput{Filter: govcase.Filter{Text: q}})
		storetestkit.Must(t, err, "List")
		equal(t, "viewer's matches of "+q, len(page.Items), want)
	}
	page, err := s.List(ctx, center, govcase.ListInput{Filter: govcase.Filter{Text: "李四"}})
	storetestkit.Must(t, err, "List")
	equal(t, "center staff search the text itself", len(page.Items), 1)
}

func TestService_CancelReturnedCase(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t)
	c := dispatch(t, s, register(t, s).Number, "YJ")
	mustCase(t)(s.Return(ctx, jinbu, c.Number, govcase.ActionInput{Note: "非本辖区"}))
	mustCase(t)(s.Cancel(ctx, center, c.Number, govcase.ActionInput{Note: "重复件"}))
	_, err := s.Get(ctx, jinbu, c.Number)
	storetestkit.MustCode(t, err, govops.ENOTFOUND, "a department that returned a case does not see it again once cancelled")
}

func TestService_BadTimes(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t)
	_, err := s.Stats(ctx, center, govcase.StatsFilter{CreatedTo: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)})
	names(t, err, "created_to")

	c := dispatch(t, s, register(t, s).Number, "YJ")
	// A year-10000 deadline would break every read of the case.
	_, err = s.RequestExtension(ctx, jinbu, c.Number, govcase.ExtensionInput{ActionInput: govcase.ActionInput{Note: "x"},
		Until: time.Date(9999, 12, 31, 23, 59, 59, 0, time.FixedZone("", -23*3600))})
	names(t, err, "until")
}

func TestService_Observer(t *testing.T) {
	ctx := context.Background()
	var seen []string
	s, _ := MustOpenService(t, govcase.WithObserver(func(_ context.Context, c govcase.Case, ev govcase.Event) {
		seen = append(seen, fmt.Sprintf("%s v%d %s", c.Number, c.Version, ev.Type))
	}))
	c := dispatch(t, s, register(t, s).Number, "YJ")
	if _, err := s.Close(ctx, center, c.Number, govcase.ActionInput{}); err == nil {
		t.Fatal("Close of a dispatched case succeeded")
	}
	equal(t, "observed", strings.Join(seen, ", "), "2024-000001 v1 registered, 2024-000001 v2 dispatched") // a refused change is not observed
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
	_, err := s.Dispatch(ctx, center, c.Number, govcase.DispatchInput{Department: "NOPE"})
	names(t, err, "department")
	_, err = s.CreateRoutingRule(ctx, center, govcase.RoutingRuleInput{Department: "NOPE"})
	names(t, err, "department")
	dispatch(t, s, c.Number, "YJ")
}
