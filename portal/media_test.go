package portal_test

import (
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal"
)

func TestWeekOf(t *testing.T) {
	cases := []struct{ in, want time.Time }{
		{at(2022, 6, 15, 10, 0), at(2022, 6, 13, 0, 0)},  // Wednesday
		{at(2022, 6, 13, 0, 0), at(2022, 6, 13, 0, 0)},   // Monday 00:00
		{at(2022, 6, 19, 23, 59), at(2022, 6, 13, 0, 0)}, // Sunday night
		{at(2022, 6, 20, 0, 0), at(2022, 6, 20, 0, 0)},   // next Monday
		{at(2022, 1, 1, 8, 0), at(2021, 12, 27, 0, 0)},   // across a year
	}
	for _, c := range cases {
		if got := portal.WeekOf(c.in); !got.Equal(c.want) || got.Location() != time.UTC {
			t.Errorf("WeekOf(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestInspections(t *testing.T) {
	f := newFix(t)
	acc := must(f.svc.CreateAccount(f.ctx, center(), portal.AccountInput{Code: "WX-1", Name: "区发布", Platform: portal.PlatformWeChat, Department: "QZFJ"}))(t)
	must(f.svc.CreateAccount(f.ctx, center(), portal.AccountInput{Code: "WB-1", Name: "区微博", Platform: portal.PlatformWeibo, Department: "WJJ"}))(t)
	must(f.svc.CreateAccount(f.ctx, center(), portal.AccountInput{Code: "DY-1", Name: "停更抖音", Platform: portal.PlatformDouyin, Department: "WJJ", Status: portal.AccountSuspended}))(t)
	_, err := f.svc.CreateAccount(f.ctx, center(), portal.AccountInput{})
	wantErr(t, err, govops.EINVALID, "code", "name", "platform", "department")

	ok := portal.MediaInspectionInput{Account: "WX-1", Inspected: at(2022, 6, 14, 9, 0), Inspector: "陈明", LastPost: at(2022, 6, 12, 20, 0), ReviewInPlace: true, Interactive: true}
	cases := []struct {
		name  string
		edit  func(*portal.MediaInspectionInput)
		field string
	}{
		{"no account", func(in *portal.MediaInspectionInput) { in.Account = "" }, "account"},
		{"no inspected", func(in *portal.MediaInspectionInput) { in.Inspected = time.Time{} }, "inspected"},
		{"inspected in the future", func(in *portal.MediaInspectionInput) { in.Inspected = testNow().Add(time.Hour) }, "inspected"},
		{"no inspector", func(in *portal.MediaInspectionInput) { in.Inspector = "" }, "inspector"},
		{"last post after the inspection", func(in *portal.MediaInspectionInput) { in.LastPost = at(2022, 6, 14, 10, 0) }, "last_post"},
		{"week after the inspection's", func(in *portal.MediaInspectionInput) { in.Week = at(2022, 6, 21, 0, 0) }, "week"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := ok
			c.edit(&in)
			_, err := f.svc.InspectAccount(f.ctx, center(), in)
			wantErr(t, err, govops.EINVALID, c.field)
		})
	}
	m := must(f.svc.InspectAccount(f.ctx, center(), ok))(t)
	if !m.Week.Equal(at(2022, 6, 13, 0, 0)) || m.Department != "QZFJ" {
		t.Fatalf("inspection %+v", m)
	}
	if a := must(f.svc.Account(f.ctx, dept(), "WX-1"))(t); !a.LastPost.Equal(ok.LastPost) || a.Version != 2 {
		t.Fatalf("account %+v", a)
	}
	// One per account and week, whatever the day.
	dup := ok
	dup.Inspected = at(2022, 6, 15, 9, 0)
	_, err = f.svc.InspectAccount(f.ctx, center(), dup)
	wantErr(t, err, govops.ECONFLICT, "week")
	// The previous week, given by any of its days.
	prev := ok
	prev.Week, prev.LastPost = at(2022, 6, 8, 0, 0), at(2022, 6, 5, 20, 0)
	p := must(f.svc.InspectAccount(f.ctx, center(), prev))(t)
	if !p.Week.Equal(at(2022, 6, 6, 0, 0)) {
		t.Fatalf("week %v", p.Week)
	}
	if a := must(f.svc.Account(f.ctx, center(), acc.ID.String()))(t); !a.LastPost.Equal(ok.LastPost) {
		t.Fatalf("last post moved back to %v", a.LastPost)
	}
	// A correction into a taken week is ECONFLICT; into a free one passes.
	move := prev
	move.Week = at(2022, 6, 14, 0, 0)
	_, err = f.svc.UpdateMediaInspection(f.ctx, center(), p.ID.String(), move)
	wantErr(t, err, govops.ECONFLICT, "week")
	move.Week, move.Issues, move.IfVersion = at(2022, 5, 31, 0, 0), "留言未回复", 1
	fixed := must(f.svc.UpdateMediaInspection(f.ctx, center(), p.ID.String(), move))(t)
	if !fixed.Week.Equal(at(2022, 5, 30, 0, 0)) || fixed.Version != 2 {
		t.Fatalf("corrected %+v", fixed)
	}
	// Uninspected: WB-1 this week (never inspected), not the suspended one;
	// next week WX-1 too, last inspected this week.
	un := must(f.svc.Uninspected(f.ctx, center(), time.Time{}))(t)
	if len(un) != 1 || un[0].Account.Code != "WB-1" || !un[0].LastInspected.IsZero() || !un[0].Week.Equal(at(2022, 6, 13, 0, 0)) {
		t.Fatalf("uninspected %+v", un)
	}
	next := must(f.svc.Uninspected(f.ctx, center(), at(2022, 6, 21, 0, 0)))(t)
	if len(next) != 2 {
		t.Fatalf("next week %+v", next)
	}
	for _, u := range next {
		if u.Account.Code == "WX-1" && !u.LastInspected.Equal(at(2022, 6, 13, 0, 0)) {
			t.Fatalf("WX-1 last inspected %v", u.LastInspected)
		}
	}
	if mine := must(f.svc.Uninspected(f.ctx, dept(), at(2022, 6, 21, 0, 0)))(t); len(mine) != 1 || mine[0].Account.Code != "WX-1" {
		t.Fatalf("QZFJ's %+v", mine)
	}
	list := must(f.svc.MediaInspections(f.ctx, otherDept(), portal.MediaInspectionListInput{}))(t)
	if len(list.Items) != 0 {
		t.Fatalf("WJJ reads %d of QZFJ's inspections", len(list.Items))
	}
}
