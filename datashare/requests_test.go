package datashare_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
)

// repRequestEntries seeds the entries the request tests ask for, all of
// RSJ: 101001/000001 shared on condition, /000002 shared unconditionally,
// /000003 not shared, /000004 a draft shared on condition.
func repRequestEntries(tb testing.TB, st datashare.Store) []datashare.Catalog {
	tb.Helper()
	cs := []datashare.Catalog{
		repCatalog("RSJ", 1),
		repCatalog("RSJ", 2, func(c *datashare.Catalog) {
			c.ShareType, c.Condition, c.LegalBasis = datashare.ShareUnconditional, "", ""
		}),
		repCatalog("RSJ", 3, func(c *datashare.Catalog) {
			c.ShareType, c.LegalBasis = datashare.ShareNone, "《中华人民共和国个人信息保护法》第十三条"
		}),
		repCatalog("RSJ", 4, func(c *datashare.Catalog) { c.Status, c.Published = datashare.CatalogDraft, time.Time{} }),
	}
	repSeed(tb, st, cs...)
	return cs
}

// repFile files MZJ's request for 101001/000001's name and ID items.
func repFile(tb testing.TB, s *datashare.Service) *datashare.RequestView {
	tb.Helper()
	r, err := s.FileRequest(context.Background(), repMZJ(), datashare.RequestInput{Catalog: "101001/000001",
		Purpose: "核验低保申请人户籍，联系电话13812345678", Items: []string{"姓名", "公民身份号码"}})
	if err != nil {
		tb.Fatalf("FileRequest: %v", err)
	}
	return r
}

func TestService_FileRequest(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s, st, _ := repService(t)
		cs := repRequestEntries(t, st)
		r := repFile(t, s)
		if r.Status != datashare.RequestPending || r.Consumer != "MZJ" || r.Provider != "RSJ" || r.Catalog != cs[0].ID ||
			r.CatalogCode != "101001/000001" || r.Applicant != "赵敏" || r.LimitDays != datashare.DefaultAnswerDays ||
			r.Version != 1 || !r.Filed.Equal(repStart()) || len(r.Items) != 2 {
			t.Fatalf("request = %+v", r)
		}
		// Ten working days from Monday 5 September 2022 skip the weekends
		// and the Mid-Autumn holiday on Monday 12 September.
		if want := repAt(2022, 9, 20, 10, 0); !r.Due.Equal(want) || r.Overdue || r.Provisional || r.Expired {
			t.Fatalf("due = %v (overdue %v, provisional %v), want %v", r.Due, r.Overdue, r.Provisional, want)
		}
		evs, err := s.RequestTrail(ctx, repRSJ(), r.ID.String())
		if err != nil || len(evs) != 1 || evs[0].Type != datashare.EventRequestFiled || evs[0].Seq != 1 ||
			evs[0].From != "" || evs[0].To != "pending" || evs[0].Department != "RSJ" || evs[0].Actor != "赵敏" {
			t.Fatalf("trail = %+v, %v", evs, err)
		}
	})
	t.Run("OKCenterForConsumer", func(t *testing.T) {
		s, st, _ := repService(t, datashare.WithAnswerDays(3))
		cs := repRequestEntries(t, st)
		r, err := s.FileRequest(ctx, repCenter(), datashare.RequestInput{Catalog: cs[0].ID.String(), Consumer: "GAJ",
			Purpose: "比对", Items: []string{" 住址 "}})
		if err != nil || r.Consumer != "GAJ" || r.LimitDays != 3 || r.Items[0] != "住址" {
			t.Fatalf("request = %+v, %v", r, err)
		}
		if want := repAt(2022, 9, 8, 10, 0); !r.Due.Equal(want) {
			t.Fatalf("due = %v, want %v", r.Due, want)
		}
	})
	t.Run("ErrCatalog", func(t *testing.T) {
		s, st, _ := repService(t)
		repRequestEntries(t, st)
		in := datashare.RequestInput{Purpose: "核验", Items: []string{"姓名"}}
		in.Catalog = "101001/000002"
		_, err := s.FileRequest(ctx, repMZJ(), in)
		repFields(t, err, map[string]string{"catalog": "no request is needed"})
		in.Catalog = "101001/000003"
		_, err = s.FileRequest(ctx, repMZJ(), in)
		repFields(t, err, map[string]string{"catalog": "个人信息保护法》第十三条"})
		// Another department's draft does not exist for MZJ; the center
		// learns it is not published.
		in.Catalog = "101001/000004"
		_, err = s.FileRequest(ctx, repMZJ(), in)
		repCode(t, err, govops.ENOTFOUND)
		in.Consumer = "MZJ"
		_, err = s.FileRequest(ctx, repCenter(), in)
		repFields(t, err, map[string]string{"catalog": "only a published entry"})
		in.Catalog = "101001/000099"
		_, err = s.FileRequest(ctx, repMZJ(), in)
		repCode(t, err, govops.ENOTFOUND)
	})
	t.Run("ErrFields", func(t *testing.T) {
		s, st, _ := repService(t)
		repRequestEntries(t, st)
		_, err := s.FileRequest(ctx, repCenter(), datashare.RequestInput{Purpose: "  "})
		repFields(t, err, map[string]string{"catalog": "required", "consumer": "required", "purpose": "required", "items": "at least one"})
		_, err = s.FileRequest(ctx, repMZJ(), datashare.RequestInput{Catalog: "101001/000001", Purpose: "核验",
			Items: []string{"姓名", "电话", "姓名", ""}})
		repFields(t, err, map[string]string{"items[2]": "second time", "items[3]": "blank"})
		_, err = s.FileRequest(ctx, repMZJ(), datashare.RequestInput{Catalog: "101001/000001", Purpose: "核验",
			Items: []string{"姓名", "电话"}})
		repFields(t, err, map[string]string{"items[1]": `"电话" is not an item`})
		_, err = s.FileRequest(ctx, repRSJ(), datashare.RequestInput{Catalog: "101001/000001", Purpose: "核验", Items: []string{"姓名"}})
		repFields(t, err, map[string]string{"consumer": "provider"})
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		s, st, _ := repService(t)
		repRequestEntries(t, st)
		in := datashare.RequestInput{Catalog: "101001/000001", Consumer: "GAJ", Purpose: "核验", Items: []string{"姓名"}}
		_, err := s.FileRequest(ctx, repMZJ(), in)
		repForbiddenField(t, err, "consumer")
		_, err = s.FileRequest(ctx, repViewer(), in)
		repCode(t, err, govops.EFORBIDDEN)
	})
	t.Run("ErrDepartmentCheck", func(t *testing.T) {
		check := func(_ context.Context, code string) error {
			if code != "MZJ" {
				return govops.FieldError("department", "no department "+code)
			}
			return nil
		}
		s, st, _ := repService(t, datashare.WithDepartmentCheck(check))
		repRequestEntries(t, st)
		_, err := s.FileRequest(ctx, repCenter(), datashare.RequestInput{Catalog: "101001/000001", Consumer: "XXJ", Purpose: "核验", Items: []string{"姓名"}})
		repFields(t, err, map[string]string{"consumer": "no department XXJ"})
		repFile(t, s)
	})
}

// repInStatus returns MZJ's request for 101001/000001 moved to st.
func repInStatus(tb testing.TB, s *datashare.Service, st datashare.RequestStatus) *datashare.RequestView {
	tb.Helper()
	ctx := context.Background()
	r := repFile(tb, s)
	id := r.ID.String()
	var err error
	switch st {
	case datashare.RequestApproved:
		r, err = s.Approve(ctx, repRSJ(), id, datashare.ApproveInput{})
	case datashare.RequestDenied:
		r, err = s.Deny(ctx, repRSJ(), id, datashare.DecisionInput{Reason: "用途不明"})
	case datashare.RequestWithdrawn:
		r, err = s.Withdraw(ctx, repMZJ(), id, datashare.DecisionInput{})
	case datashare.RequestRevoked:
		if _, err = s.Approve(ctx, repRSJ(), id, datashare.ApproveInput{}); err == nil {
			r, err = s.Revoke(ctx, repRSJ(), id, datashare.DecisionInput{Reason: "超范围使用"})
		}
	}
	if err != nil || r.Status != st {
		tb.Fatalf("moving to %s: %+v, %v", st, r, err)
	}
	return r
}

func TestService_RequestLifecycle(t *testing.T) {
	ctx := context.Background()
	act := func(s *datashare.Service, a datashare.RequestAction, id string) (*datashare.RequestView, error) {
		in := datashare.DecisionInput{Reason: "原因"}
		switch a {
		case datashare.ActionApprove:
			return s.Approve(ctx, repCenter(), id, datashare.ApproveInput{})
		case datashare.ActionDeny:
			return s.Deny(ctx, repCenter(), id, in)
		case datashare.ActionWithdraw:
			return s.Withdraw(ctx, repCenter(), id, in)
		}
		return s.Revoke(ctx, repCenter(), id, in)
	}
	target := map[datashare.RequestAction]datashare.RequestStatus{
		datashare.ActionApprove: datashare.RequestApproved, datashare.ActionDeny: datashare.RequestDenied,
		datashare.ActionWithdraw: datashare.RequestWithdrawn, datashare.ActionRevoke: datashare.RequestRevoked,
	}
	allowed := 0
	for _, a := range datashare.RequestActions() {
		for _, from := range datashare.RequestStatuses() {
			s, st, _ := repService(t)
			repRequestEntries(t, st)
			r := repInStatus(t, s, from)
			got, err := act(s, a, r.ID.String())
			if datashare.RequestAllowed(a, from) {
				allowed++
				if err != nil || got.Status != target[a] || got.Version != r.Version+1 {
					t.Fatalf("%s from %s = %+v, %v", a, from, got, err)
				}
				continue
			}
			repCode(t, err, govops.ECONFLICT)
			if msg := err.Error(); !strings.Contains(msg, string(from)) || !strings.Contains(msg, string(target[a])) {
				t.Fatalf("%s from %s: %v does not name both statuses", a, from, err)
			}
		}
	}
	// approve, deny, withdraw from pending; revoke from approved.
	if allowed != 4 {
		t.Fatalf("%d moves allowed, want 4", allowed)
	}
}

func TestService_Approve(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s, st, _ := repService(t)
		repRequestEntries(t, st)
		r := repFile(t, s)
		got, err := s.Approve(ctx, repRSJ(), r.ID.String(), datashare.ApproveInput{IfVersion: 1, Note: "同意，按需使用"})
		if err != nil || got.Status != datashare.RequestApproved || got.Version != 2 || got.Decider != "刘洋" ||
			!got.Decided.Equal(repStart()) || !got.Expires.Equal(repStart().Add(datashare.DefaultGrantTerm)) || got.Expired {
			t.Fatalf("approved = %+v, %v", got, err)
		}
		evs, _ := s.RequestTrail(ctx, repMZJ(), r.ID.String())
		if len(evs) != 2 || evs[1].Seq != 2 || evs[1].Type != datashare.EventRequestApproved || evs[1].From != "pending" ||
			evs[1].To != "approved" || evs[1].Note != "同意，按需使用" || evs[1].Department != "RSJ" {
			t.Fatalf("trail = %+v", evs)
		}
	})
	t.Run("OKExpires", func(t *testing.T) {
		s, st, clk := repService(t, datashare.WithGrantTerm(24*time.Hour))
		repRequestEntries(t, st)
		r := repFile(t, s)
		until := repAt(2022, 12, 31, 17, 30)
		got, err := s.Approve(ctx, repCenter(), r.ID.String(), datashare.ApproveInput{Expires: until})
		if err != nil || !got.Expires.Equal(until) {
			t.Fatalf("approved = %+v, %v", got, err)
		}
		clk.Set(until)
		if got, _ = s.Request(ctx, repMZJ(), r.ID.String()); !got.Expired {
			t.Fatalf("at expiry: %+v", got)
		}
		clk.Set(until.Add(-time.Second))
		if got, _ = s.Request(ctx, repMZJ(), r.ID.String()); got.Expired {
			t.Fatalf("before expiry: %+v", got)
		}
	})
	t.Run("ErrExpires", func(t *testing.T) {
		s, st, _ := repService(t)
		repRequestEntries(t, st)
		r := repFile(t, s)
		_, err := s.Approve(ctx, repRSJ(), r.ID.String(), datashare.ApproveInput{Expires: repStart()})
		repFields(t, err, map[string]string{"expires": "after now"})
		_, err = s.Approve(ctx, repRSJ(), r.ID.String(), datashare.ApproveInput{Expires: time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC)})
		repFields(t, err, map[string]string{"expires": ""})
	})
	t.Run("ErrWho", func(t *testing.T) {
		s, st, _ := repService(t)
		repRequestEntries(t, st)
		r := repFile(t, s)
		_, err := s.Approve(ctx, repMZJ(), r.ID.String(), datashare.ApproveInput{})
		repCode(t, err, govops.EFORBIDDEN)
		_, err = s.Approve(ctx, repGAJ(), r.ID.String(), datashare.ApproveInput{})
		repCode(t, err, govops.ENOTFOUND)
		_, err = s.Approve(ctx, repViewer(), r.ID.String(), datashare.ApproveInput{})
		repCode(t, err, govops.EFORBIDDEN)
		_, err = s.Approve(ctx, repRSJ(), "not-an-id", datashare.ApproveInput{})
		repCode(t, err, govops.ENOTFOUND)
	})
	t.Run("ErrStaleVersion", func(t *testing.T) {
		s, st, _ := repService(t)
		repRequestEntries(t, st)
		r := repFile(t, s)
		_, err := s.Approve(ctx, repRSJ(), r.ID.String(), datashare.ApproveInput{IfVersion: 2})
		repCode(t, err, govops.ECONFLICT)
		_, err = s.Approve(ctx, repRSJ(), r.ID.String(), datashare.ApproveInput{IfVersion: -1})
		repFields(t, err, map[string]string{"if_version": ""})
	})
}

func TestService_Deny(t *testing.T) {
	ctx := context.Background()
	s, st, _ := repService(t)
	repRequestEntries(t, st)
	r := repFile(t, s)
	t.Run("ErrReasonRequired", func(t *testing.T) {
		_, err := s.Deny(ctx, repRSJ(), r.ID.String(), datashare.DecisionInput{Reason: " "})
		repFields(t, err, map[string]string{"reason": "required"})
	})
	t.Run("OK", func(t *testing.T) {
		got, err := s.Deny(ctx, repRSJ(), r.ID.String(), datashare.DecisionInput{Reason: "申请用途与所需信息项不符"})
		if err != nil || got.Status != datashare.RequestDenied || got.Reason != "申请用途与所需信息项不符" ||
			got.Decider != "刘洋" || !got.Decided.Equal(repStart()) {
			t.Fatalf("denied = %+v, %v", got, err)
		}
	})
}

func TestService_Withdraw(t *testing.T) {
	ctx := context.Background()
	s, st, _ := repService(t)
	repRequestEntries(t, st)
	r := repFile(t, s)
	t.Run("ErrProvider", func(t *testing.T) {
		_, err := s.Withdraw(ctx, repRSJ(), r.ID.String(), datashare.DecisionInput{})
		repCode(t, err, govops.EFORBIDDEN)
	})
	t.Run("OK", func(t *testing.T) {
		got, err := s.Withdraw(ctx, repMZJ(), r.ID.String(), datashare.DecisionInput{})
		if err != nil || got.Status != datashare.RequestWithdrawn || got.Reason != "" || !got.Decided.IsZero() {
			t.Fatalf("withdrawn = %+v, %v", got, err)
		}
		evs, _ := s.RequestTrail(ctx, repMZJ(), r.ID.String())
		if len(evs) != 2 || evs[1].Type != datashare.EventRequestWithdrawn || evs[1].Department != "RSJ" {
			t.Fatalf("trail = %+v", evs)
		}
	})
}

func TestService_Revoke(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s, st, clk := repService(t)
		repRequestEntries(t, st)
		r := repFile(t, s)
		if _, err := s.Approve(ctx, repRSJ(), r.ID.String(), datashare.ApproveInput{}); err != nil {
			t.Fatal(err)
		}
		_, err := s.Revoke(ctx, repRSJ(), r.ID.String(), datashare.DecisionInput{})
		repFields(t, err, map[string]string{"reason": "required"})
		_, err = s.Revoke(ctx, repMZJ(), r.ID.String(), datashare.DecisionInput{Reason: "x"})
		repCode(t, err, govops.EFORBIDDEN)
		later := repAt(2022, 10, 10, 9, 0)
		clk.Set(later)
		got, err := s.Revoke(ctx, repRSJ(), r.ID.String(), datashare.DecisionInput{Reason: "超出申请用途使用", IfVersion: 2})
		if err != nil || got.Status != datashare.RequestRevoked || !got.Revoked.Equal(later) || got.Reason != "超出申请用途使用" || got.Version != 3 {
			t.Fatalf("revoked = %+v, %v", got, err)
		}
		evs, _ := s.RequestTrail(ctx, repCenter(), r.ID.String())
		if len(evs) != 3 || evs[2].Type != datashare.EventGrantRevoked || evs[2].From != "approved" || evs[2].To != "revoked" ||
			evs[2].Note != "超出申请用途使用" || evs[2].Seq != 3 {
			t.Fatalf("trail = %+v", evs)
		}
	})
	t.Run("ErrExpired", func(t *testing.T) {
		s, st, clk := repService(t)
		repRequestEntries(t, st)
		r := repFile(t, s)
		until := repAt(2022, 9, 30, 0, 0)
		if _, err := s.Approve(ctx, repRSJ(), r.ID.String(), datashare.ApproveInput{Expires: until}); err != nil {
			t.Fatal(err)
		}
		clk.Set(until)
		_, err := s.Revoke(ctx, repRSJ(), r.ID.String(), datashare.DecisionInput{Reason: "x"})
		repCode(t, err, govops.ECONFLICT)
		if !strings.Contains(err.Error(), "expired") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestService_RequestConcurrentAnswers(t *testing.T) {
	ctx := context.Background()
	s, st, _ := repService(t)
	repRequestEntries(t, st)
	r := repFile(t, s)
	// The provider approves and the center denies at once, neither naming
	// a version: one lands, the other finds the request answered.
	errs := make(chan error, 2)
	go func() {
		_, err := s.Approve(ctx, repRSJ(), r.ID.String(), datashare.ApproveInput{})
		errs <- err
	}()
	go func() {
		_, err := s.Deny(ctx, repCenter(), r.ID.String(), datashare.DecisionInput{Reason: "重复申请"})
		errs <- err
	}()
	var ok, conflict int
	for range 2 {
		switch err := <-errs; govops.ErrorCode(err) {
		case "":
			ok++
		case govops.ECONFLICT:
			conflict++
		default:
			t.Fatalf("err = %v", err)
		}
	}
	evs, err := s.RequestTrail(ctx, repCenter(), r.ID.String())
	if ok != 1 || conflict != 1 || err != nil || len(evs) != 2 || evs[1].Seq != 2 {
		t.Fatalf("%d landed, %d refused; trail %+v, %v", ok, conflict, evs, err)
	}
}

func TestService_Request(t *testing.T) {
	ctx := context.Background()
	t.Run("OverdueWhenRead", func(t *testing.T) {
		s, st, clk := repService(t)
		repRequestEntries(t, st)
		r := repFile(t, s)
		clk.Set(repAt(2022, 9, 20, 10, 0))
		if got, _ := s.Request(ctx, repRSJ(), r.ID.String()); got.Overdue {
			t.Fatalf("at the deadline: %+v", got)
		}
		clk.Set(repAt(2022, 9, 20, 10, 1))
		got, _ := s.Request(ctx, repRSJ(), r.ID.String())
		if !got.Overdue {
			t.Fatalf("after the deadline: %+v", got)
		}
		// An answered request is never overdue.
		if got, _ = s.Deny(ctx, repRSJ(), r.ID.String(), datashare.DecisionInput{Reason: "逾期答复"}); got.Overdue {
			t.Fatalf("denied: %+v", got)
		}
	})
	t.Run("CalendarLoadedLater", func(t *testing.T) {
		s, st, clk := repService(t)
		repRequestEntries(t, st)
		r := repFile(t, s)
		// A district holiday on Monday 19 September, loaded after filing,
		// moves the deadline a working day on.
		cal, err := govops.NewCalendar(govops.CalendarConfig{Tables: []govops.CalendarTable{{District: []int{2022},
			Days: []govops.DayOverride{{Date: time.Date(2022, 9, 19, 0, 0, 0, 0, time.UTC), Kind: govops.DayOff, Name: "区假"}}}}})
		if err != nil {
			t.Fatal(err)
		}
		s2 := datashare.NewService(st, datashare.WithNow(clk.Now), datashare.WithCalendar(cal))
		got, err := s2.Request(ctx, repMZJ(), r.ID.String())
		if want := repAt(2022, 9, 21, 10, 0); err != nil || !got.Due.Equal(want) {
			t.Fatalf("due = %v, %v; want %v", got.Due, err, want)
		}
	})
	t.Run("Provisional", func(t *testing.T) {
		s, st, clk := repService(t)
		repRequestEntries(t, st)
		clk.Set(repAt(2030, 9, 2, 10, 0))
		r := repFile(t, s)
		if !r.Provisional || r.Due.IsZero() {
			t.Fatalf("request of 2030 = %+v", r)
		}
	})
	t.Run("Scoping", func(t *testing.T) {
		s, st, _ := repService(t)
		repRequestEntries(t, st)
		r := repFile(t, s)
		for _, by := range []govops.Actor{repMZJ(), repRSJ(), repCenter()} {
			got, err := s.Request(ctx, by, r.ID.String())
			if err != nil || got.Purpose != r.Purpose {
				t.Fatalf("%s reads %+v, %v", by.Name, got, err)
			}
		}
		_, err := s.Request(ctx, repGAJ(), r.ID.String())
		repCode(t, err, govops.ENOTFOUND)
		_, err = s.RequestTrail(ctx, repGAJ(), r.ID.String())
		repCode(t, err, govops.ENOTFOUND)
		// Read-only readers get neither the purpose nor the notes of its
		// trail: free text that may name a citizen no masking could find.
		for _, by := range []govops.Actor{repViewer(), repMZJViewer()} {
			got, err := s.Request(ctx, by, r.ID.String())
			if err != nil || got.Purpose != "" || got.ID != r.ID {
				t.Fatalf("%s reads purpose %q, %v", by.Name, got.Purpose, err)
			}
			evs, err := s.RequestTrail(ctx, by, r.ID.String())
			if err != nil || len(evs) != 1 || evs[0].Note != "" || evs[0].Type != datashare.EventRequestFiled {
				t.Fatalf("%s reads trail %+v, %v", by.Name, evs, err)
			}
		}
	})
}

func TestService_Requests(t *testing.T) {
	ctx := context.Background()
	s, st, clk := repService(t)
	cs := repRequestEntries(t, st)
	gaj := repCatalog("GAJ", 10)
	repSeed(t, st, gaj)
	// MZJ asks RSJ three times (the second is answered), GAJ asks RSJ
	// once, MZJ asks GAJ once; the last two are filed a week later.
	var ids []string
	for i := range 3 {
		ids = append(ids, repFile(t, s).ID.String())
		if i == 1 {
			if _, err := s.Approve(ctx, repRSJ(), ids[1], datashare.ApproveInput{}); err != nil {
				t.Fatal(err)
			}
		}
	}
	clk.Set(repAt(2022, 9, 13, 10, 0))
	in := datashare.RequestInput{Catalog: "101001/000001", Purpose: "治安管理", Items: []string{"住址"}}
	r4, err := s.FileRequest(ctx, repGAJ(), in)
	if err != nil {
		t.Fatal(err)
	}
	in.Catalog = gaj.Code
	r5, err := s.FileRequest(ctx, repMZJ(), in)
	if err != nil {
		t.Fatal(err)
	}
	ids = append(ids, r4.ID.String(), r5.ID.String())
	// On 21 September the first and third (due 20 September) are overdue;
	// the later two are due 27 September.
	clk.Set(repAt(2022, 9, 21, 9, 0))
	list := func(by govops.Actor, q datashare.RequestQuery) []string {
		t.Helper()
		var out []string
		for {
			page, err := s.Requests(ctx, by, q)
			if err != nil {
				t.Fatalf("Requests(%+v): %v", q, err)
			}
			if q.Limit > 0 && len(page.Items) > q.Limit {
				t.Fatalf("page of %d over limit %d", len(page.Items), q.Limit)
			}
			for _, v := range page.Items {
				out = append(out, v.ID.String())
			}
			if page.Next == "" {
				return out
			}
			q.After = page.Next
		}
	}
	same := func(got []string, want ...string) {
		t.Helper()
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	t.Run("OK", func(t *testing.T) {
		same(list(repCenter(), datashare.RequestQuery{}), ids...)
		same(list(repCenter(), datashare.RequestQuery{Limit: 2}), ids...)
		same(list(repCenter(), datashare.RequestQuery{Status: datashare.RequestApproved}), ids[1])
		same(list(repCenter(), datashare.RequestQuery{Catalog: cs[0].Code, Consumer: "MZJ"}), ids[0], ids[1], ids[2])
		same(list(repCenter(), datashare.RequestQuery{Provider: "GAJ"}), ids[4])
		same(list(repCenter(), datashare.RequestQuery{Party: "GAJ"}), ids[3], ids[4])
	})
	t.Run("OKOverdue", func(t *testing.T) {
		same(list(repCenter(), datashare.RequestQuery{Overdue: true}), ids[0], ids[2])
		same(list(repCenter(), datashare.RequestQuery{Overdue: true, Limit: 1}), ids[0], ids[2])
		same(list(repRSJ(), datashare.RequestQuery{Overdue: true, Status: datashare.RequestPending}), ids[0], ids[2])
		page, err := s.Requests(ctx, repCenter(), datashare.RequestQuery{Overdue: true})
		if err != nil || len(page.Items) != 2 || !page.Items[0].Overdue || page.Items[0].Due.IsZero() {
			t.Fatalf("page = %+v, %v", page, err)
		}
	})
	t.Run("OKDepartment", func(t *testing.T) {
		// A department sees what it made or must answer.
		same(list(repGAJ(), datashare.RequestQuery{}), ids[3], ids[4])
		same(list(repGAJ(), datashare.RequestQuery{Party: "GAJ", Consumer: "MZJ"}), ids[4])
		same(list(repRSJ(), datashare.RequestQuery{}), ids[0], ids[1], ids[2], ids[3])
		same(list(repMZJViewer(), datashare.RequestQuery{}), ids[0], ids[1], ids[2], ids[4])
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		_, err := s.Requests(ctx, repGAJ(), datashare.RequestQuery{Party: "RSJ"})
		repForbiddenField(t, err, "party")
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		_, err := s.Requests(ctx, repCenter(), datashare.RequestQuery{Status: "lost", Limit: 501, Provider: " GAJ"})
		repFields(t, err, map[string]string{"status": "unknown status", "limit": "", "provider": ""})
		_, err = s.Requests(ctx, repCenter(), datashare.RequestQuery{Overdue: true, Status: datashare.RequestApproved})
		repFields(t, err, map[string]string{"overdue": "pending"})
		_, err = s.Requests(ctx, repCenter(), datashare.RequestQuery{After: "nope"})
		repFields(t, err, map[string]string{"cursor": ""})
		_, err = s.Requests(ctx, repGAJ(), datashare.RequestQuery{Catalog: "101001/000004"})
		repCode(t, err, govops.ENOTFOUND)
	})
}

func TestRequestAllowed(t *testing.T) {
	for _, tt := range []struct {
		a    datashare.RequestAction
		from datashare.RequestStatus
		want bool
	}{
		{datashare.ActionApprove, datashare.RequestPending, true},
		{datashare.ActionApprove, datashare.RequestDenied, false},
		{datashare.ActionDeny, datashare.RequestPending, true},
		{datashare.ActionDeny, datashare.RequestApproved, false},
		{datashare.ActionWithdraw, datashare.RequestPending, true},
		{datashare.ActionWithdraw, datashare.RequestApproved, false},
		{datashare.ActionRevoke, datashare.RequestApproved, true},
		{datashare.ActionRevoke, datashare.RequestPending, false},
		{datashare.ActionRevoke, datashare.RequestRevoked, false},
		{"burn", datashare.RequestPending, false},
	} {
		if got := datashare.RequestAllowed(tt.a, tt.from); got != tt.want {
			t.Errorf("RequestAllowed(%s, %s) = %v, want %v", tt.a, tt.from, got, tt.want)
		}
	}
}
