package netops_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
)

// opsBookingInput is a good video meeting of 区财政局 in the building's
// fifth-floor room, 2022-03-15 09:00–11:00.
func opsBookingInput() netops.BookingInput {
	return netops.BookingInput{
		Title: "预算执行视频会", Department: "QZFJ", Site: "XZDL", Room: "5F-HYS",
		Start: opsAt(2022, 3, 15, 9, 0), End: opsAt(2022, 3, 15, 11, 0),
		Mode: netops.MeetingVideo, Staff: []string{"王工", "李工"},
	}
}

func (f *opsFixture) opsBook(tb testing.TB, by govops.Actor, in netops.BookingInput) *netops.Booking {
	tb.Helper()
	b, err := f.svc.BookMeeting(f.ctx, by, in)
	if err != nil {
		tb.Fatalf("BookMeeting: %v", err)
	}
	return b
}

func TestService_BookMeeting(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		f := newOps(t)
		b := f.opsBook(t, opsCenter(), opsBookingInput())
		if b.Status != netops.BookingBooked || b.Version != 1 || strings.Join(b.Staff, ",") != "李工,王工" || b.Department != "QZFJ" {
			t.Fatalf("%+v", b)
		}
		trail, err := f.svc.BookingTrail(f.ctx, opsDept(), b.ID.String())
		if err != nil || len(trail) != 1 || trail[0].Type != netops.EventBookingCreated || trail[0].Department != "QZFJ" {
			t.Fatalf("%+v %v", trail, err)
		}
	})
	t.Run("Department", func(t *testing.T) {
		f := newOps(t)
		in := opsBookingInput()
		in.Department = ""
		b := f.opsBook(t, opsDept(), in)
		if b.Department != "QZFJ" {
			t.Fatalf("department %q", b.Department)
		}
		in.Department = "WJJ"
		_, err := f.svc.BookMeeting(f.ctx, opsDept(), in)
		opsCode(t, err, govops.EFORBIDDEN)
		opsFields(t, err, "department")
		for _, by := range []govops.Actor{opsViewer(), opsDeptViewer()} {
			_, err := f.svc.BookMeeting(f.ctx, by, opsBookingInput())
			opsCode(t, err, govops.EFORBIDDEN)
		}
		_, err = f.svc.BookMeeting(f.ctx, opsBadActor(), opsBookingInput())
		opsFields(t, err, "actor")
		in.Department, in.Start, in.End = "", in.End, in.End.Add(time.Hour)
		if b := f.opsBook(t, opsCenter(), in); b.Department != "" {
			t.Fatalf("the center's own booking has department %q", b.Department)
		}
	})
	t.Run("DepartmentInDirectory", func(t *testing.T) {
		f := newOps(t, netops.WithDirectory(opsUnits()))
		in := opsBookingInput()
		in.Department = "NOPE"
		_, err := f.svc.BookMeeting(f.ctx, opsCenter(), in)
		opsCode(t, err, govops.ENOTFOUND)
		opsFields(t, err, "department")
	})
	f := newOps(t)
	t.Run("UnknownSite", func(t *testing.T) {
		in := opsBookingInput()
		in.Site = "NOPE"
		_, err := f.svc.BookMeeting(f.ctx, opsCenter(), in)
		opsCode(t, err, govops.ENOTFOUND)
		opsFields(t, err, "site")
	})
	t.Run("NotAMeetingRoom", func(t *testing.T) {
		in := opsBookingInput()
		in.Room = "3F-JF"
		_, err := f.svc.BookMeeting(f.ctx, opsCenter(), in)
		opsField(t, err, govops.EINVALID, "room", "not a meeting")
		in.Site, in.Room = "XHL", "HYS"
		_, err = f.svc.BookMeeting(f.ctx, opsCenter(), in)
		opsField(t, err, govops.EINVALID, "room", "has no meeting")
	})
	for _, tc := range []struct {
		name   string
		change func(in *netops.BookingInput)
		fields []string
	}{
		{"TitleRequired", func(in *netops.BookingInput) { in.Title = "" }, []string{"title"}},
		{"SiteRoomRequired", func(in *netops.BookingInput) { in.Site, in.Room = "", "" }, []string{"site", "room"}},
		{"TimesRequired", func(in *netops.BookingInput) { in.Start, in.End = time.Time{}, time.Time{} }, []string{"start", "end"}},
		{"EndAfterStart", func(in *netops.BookingInput) { in.End = in.Start }, []string{"end"}},
		{"AtMostAWeek", func(in *netops.BookingInput) { in.End = in.Start.Add(7*24*time.Hour + time.Minute) }, []string{"end"}},
		{"ModeRequired", func(in *netops.BookingInput) { in.Mode = "" }, []string{"mode"}},
		{"ModeUnknown", func(in *netops.BookingInput) { in.Mode = "phone" }, []string{"mode"}},
		{"StaffRequired", func(in *netops.BookingInput) { in.Staff = nil }, []string{"staff"}},
		{"StaffTooMany", func(in *netops.BookingInput) {
			in.Staff = nil
			for i := range netops.MaxStaff + 1 {
				in.Staff = append(in.Staff, fmt.Sprint("工", i))
			}
		}, []string{"staff"}},
		{"StaffBlank", func(in *netops.BookingInput) { in.Staff = []string{"王工", " "} }, []string{"staff[1]"}},
		{"StaffTwice", func(in *netops.BookingInput) { in.Staff = []string{"王工", "李工", "王工 "} }, []string{"staff[2]"}},
		{"NoteTooLong", func(in *netops.BookingInput) { in.Note = strings.Repeat("x", netops.MaxNoteLen+1) }, []string{"note"}},
		{"IfVersionOnBook", func(in *netops.BookingInput) { in.IfVersion = 3 }, []string{"if_version"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := opsBookingInput()
			tc.change(&in)
			_, err := f.svc.BookMeeting(f.ctx, opsCenter(), in)
			opsCode(t, err, govops.EINVALID)
			opsFields(t, err, tc.fields...)
		})
	}
	t.Run("AWeekIsAllowed", func(t *testing.T) {
		in := opsBookingInput()
		in.Room, in.Start, in.End, in.Staff = "6F-HYS", opsAt(2022, 5, 1, 0, 0), opsAt(2022, 5, 8, 0, 0), []string{"值守"}
		f.opsBook(t, opsCenter(), in)
	})
}

func TestService_BookMeeting_Clashes(t *testing.T) {
	f := newOps(t)
	first := f.opsBook(t, opsCenter(), opsBookingInput()) // 5F-HYS 09:00–11:00, 李工 王工
	other := opsBookingInput()
	other.Department, other.Title, other.Room, other.Staff = "WJJ", "卫健局调度会", "6F-HYS", []string{"赵工"}
	other.Start, other.End = opsAt(2022, 3, 15, 14, 0), opsAt(2022, 3, 15, 15, 0)
	second := f.opsBook(t, opsCenter(), other)
	for _, tc := range []struct {
		name       string
		by         govops.Actor
		change     func(in *netops.BookingInput)
		fields     []string // none: no clash
		other      string
		titleShown bool
	}{
		{"SameRoomOverlap", opsCenter(), func(in *netops.BookingInput) {
			in.Start, in.End, in.Staff = opsAt(2022, 3, 15, 10, 59), opsAt(2022, 3, 15, 12, 0), []string{"赵工"}
		}, []string{"room"}, first.ID.String(), true},
		{"SameRoomInside", opsCenter(), func(in *netops.BookingInput) {
			in.Start, in.End, in.Staff = opsAt(2022, 3, 15, 9, 30), opsAt(2022, 3, 15, 10, 0), []string{"赵工"}
		}, []string{"room"}, first.ID.String(), true},
		{"SameRoomTouching", opsCenter(), func(in *netops.BookingInput) {
			in.Start, in.End = opsAt(2022, 3, 15, 11, 0), opsAt(2022, 3, 15, 12, 0)
		}, nil, "", false},
		{"PersonElsewhere", opsCenter(), func(in *netops.BookingInput) {
			in.Room, in.Staff = "6F-HYS", []string{"张工", "王工"}
		}, []string{"staff[1]"}, first.ID.String(), true},
		{"RoomAndPeople", opsCenter(), func(in *netops.BookingInput) { in.Staff = []string{"李工", "张工", "王工"} },
			[]string{"room", "staff[0]", "staff[2]"}, first.ID.String(), true},
		{"TwoBookings", opsCenter(), func(in *netops.BookingInput) {
			in.Room, in.End, in.Staff = "6F-HYS", opsAt(2022, 3, 15, 14, 30), []string{"王工"}
		}, []string{"room", "staff[0]"}, second.ID.String(), true},
		{"OtherUnitsTitleHidden", opsDept(), func(in *netops.BookingInput) {
			in.Room, in.Start, in.End, in.Staff = "6F-HYS", opsAt(2022, 3, 15, 14, 30), opsAt(2022, 3, 15, 16, 0), []string{"张工"}
		}, []string{"room"}, second.ID.String(), false},
		{"NoClash", opsCenter(), func(in *netops.BookingInput) { in.Room, in.Staff = "6F-HYS", []string{"张工"} }, nil, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := opsBookingInput()
			in.Title = tc.name
			tc.change(&in)
			b, err := f.svc.BookMeeting(f.ctx, tc.by, in)
			if tc.fields == nil {
				if err != nil {
					t.Fatal(err)
				}
				if _, err := f.svc.CancelBooking(f.ctx, opsCenter(), b.ID.String(), netops.BookingCancel{Note: "测试完毕"}); err != nil {
					t.Fatal(err)
				}
				return
			}
			opsCode(t, err, govops.ECONFLICT)
			opsFields(t, err, tc.fields...)
			msg := govops.ErrorMessage(err)
			if !strings.Contains(msg, tc.other) || !strings.Contains(msg, "2022-03-15") {
				t.Errorf("message does not name booking %s and its times: %s", tc.other, msg)
			}
			shown := strings.Contains(msg, "预算执行视频会") || strings.Contains(msg, "卫健局调度会")
			if shown != tc.titleShown {
				t.Errorf("title shown %v, want %v: %s", shown, tc.titleShown, msg)
			}
		})
	}
	t.Run("CancelledFreesTheRoom", func(t *testing.T) {
		in := opsBookingInput()
		in.Staff = []string{"赵工"}
		_, err := f.svc.BookMeeting(f.ctx, opsCenter(), in)
		opsCode(t, err, govops.ECONFLICT)
		if _, err := f.svc.CancelBooking(f.ctx, opsCenter(), first.ID.String(), netops.BookingCancel{Note: "会议改期", IfVersion: 1}); err != nil {
			t.Fatal(err)
		}
		f.opsBook(t, opsCenter(), in)
	})
}

// opsSlowBookings is a Store that answers a read of bookings a
// millisecond after it read them, so that concurrent bookings check the
// same state before either writes.
type opsSlowBookings struct{ netops.Store }

func (s opsSlowBookings) Bookings(ctx context.Context, f netops.BookingFilter) ([]netops.Booking, error) {
	bs, err := s.Store.Bookings(ctx, f)
	time.Sleep(time.Millisecond)
	return bs, err
}

// TestService_BookMeeting_Concurrent books one room from several
// goroutines at once, round after round: exactly one booking of each
// round stands, and every other gets ECONFLICT naming the room. Bookings
// of different rooms made at once all land (a guard that moved is read
// again, not reported).
func TestService_BookMeeting_Concurrent(t *testing.T) {
	f := newOps(t)
	f.svc = netops.NewService(opsSlowBookings{f.st}, netops.WithNow(f.clock.Now))
	const rounds, writers = 20, 4
	for r := range rounds {
		start := opsAt(2022, 4, 1, 8, 0).Add(time.Duration(r) * time.Hour)
		var wg sync.WaitGroup
		gate := make(chan struct{})
		errs := make([]error, writers)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				in := opsBookingInput()
				in.Title, in.Start, in.End = fmt.Sprintf("第%d轮-%d", r, w), start, start.Add(time.Hour)
				in.Staff = []string{fmt.Sprintf("工%d-%d", r, w)}
				<-gate
				_, errs[w] = f.svc.BookMeeting(f.ctx, opsCenter(), in)
			}()
		}
		close(gate)
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch govops.ErrorCode(err) {
			case "":
				won++
			case govops.ECONFLICT:
				if _, ok := govops.ErrorFields(err)["room"]; !ok {
					t.Errorf("round %d: a conflict that does not name the room: %v", r, err)
				}
			default:
				t.Errorf("round %d: %v", r, err)
			}
		}
		if won != 1 {
			t.Fatalf("round %d: %d bookings of the same room at the same time stand, want 1", r, won)
		}
	}
	bs, err := f.svc.Bookings(f.ctx, opsCenter(), netops.BookingListInput{From: opsAt(2022, 4, 1, 0, 0), To: opsAt(2022, 4, 3, 0, 0)})
	if err != nil || len(bs) != rounds {
		t.Fatalf("%d bookings stand, want %d (%v)", len(bs), rounds, err)
	}
	t.Run("DifferentRoomsAllLand", func(t *testing.T) {
		var wg sync.WaitGroup
		gate := make(chan struct{})
		errs := make([]error, 2)
		for w, room := range []string{"5F-HYS", "6F-HYS"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				in := opsBookingInput()
				in.Room, in.Start, in.End = room, opsAt(2022, 5, 1, 9, 0), opsAt(2022, 5, 1, 10, 0)
				in.Staff = []string{room}
				<-gate
				_, errs[w] = f.svc.BookMeeting(f.ctx, opsCenter(), in)
			}()
		}
		close(gate)
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestService_UpdateBooking(t *testing.T) {
	f := newOps(t)
	b := f.opsBook(t, opsDept(), opsBookingInput())
	other := opsBookingInput()
	other.Department, other.Room, other.Staff = "WJJ", "6F-HYS", []string{"赵工"}
	o := f.opsBook(t, opsCenter(), other)
	t.Run("MovesOverItsOwnSlot", func(t *testing.T) {
		in := opsBookingInput()
		in.Department, in.Start, in.End, in.IfVersion = "", opsAt(2022, 3, 15, 9, 30), opsAt(2022, 3, 15, 11, 30), 1
		got, err := f.svc.UpdateBooking(f.ctx, opsDept(), b.ID.String(), in)
		if err != nil || got.Version != 2 || !got.Start.Equal(in.Start) || got.Department != "QZFJ" || !got.CreatedAt.Equal(b.CreatedAt) {
			t.Fatalf("%+v %v", got, err)
		}
	})
	t.Run("Clash", func(t *testing.T) {
		in := opsBookingInput()
		in.Staff = []string{"李工", "赵工"}
		_, err := f.svc.UpdateBooking(f.ctx, opsCenter(), b.ID.String(), in)
		opsCode(t, err, govops.ECONFLICT)
		opsFields(t, err, "staff[1]")
	})
	t.Run("KeepsDepartmentForTheCenter", func(t *testing.T) {
		in := opsBookingInput()
		in.Department, in.Title = "", "改名"
		got, err := f.svc.UpdateBooking(f.ctx, opsCenter(), b.ID.String(), in)
		if err != nil || got.Department != "QZFJ" || got.Title != "改名" {
			t.Fatalf("%+v %v", got, err)
		}
	})
	t.Run("StaleVersion", func(t *testing.T) {
		in := opsBookingInput()
		in.IfVersion = 1
		_, err := f.svc.UpdateBooking(f.ctx, opsCenter(), b.ID.String(), in)
		opsCode(t, err, govops.ECONFLICT)
	})
	t.Run("OthersBooking", func(t *testing.T) {
		_, err := f.svc.UpdateBooking(f.ctx, opsDept(), o.ID.String(), other)
		opsCode(t, err, govops.EFORBIDDEN) // it names department WJJ
		theirs := other
		theirs.Department = ""
		_, err = f.svc.UpdateBooking(f.ctx, opsDept(), o.ID.String(), theirs)
		opsCode(t, err, govops.ENOTFOUND)
		_, err = f.svc.UpdateBooking(f.ctx, opsOtherDept(), b.ID.String(), opsBookingInput())
		opsCode(t, err, govops.EFORBIDDEN) // it names department QZFJ
		in := opsBookingInput()
		in.Department = ""
		_, err = f.svc.UpdateBooking(f.ctx, opsOtherDept(), b.ID.String(), in)
		opsCode(t, err, govops.ENOTFOUND)
		_, err = f.svc.UpdateBooking(f.ctx, opsViewer(), b.ID.String(), in)
		opsCode(t, err, govops.EFORBIDDEN)
	})
	t.Run("Cancelled", func(t *testing.T) {
		_, err := f.svc.CancelBooking(f.ctx, opsDept(), b.ID.String(), netops.BookingCancel{})
		opsFields(t, err, "note")
		_, err = f.svc.CancelBooking(f.ctx, opsOtherDept(), b.ID.String(), netops.BookingCancel{Note: "x"})
		opsCode(t, err, govops.ENOTFOUND)
		c, err := f.svc.CancelBooking(f.ctx, opsDept(), b.ID.String(), netops.BookingCancel{Note: "会议取消"})
		if err != nil || c.Status != netops.BookingCancelled || c.Note != "会议取消" {
			t.Fatalf("%+v %v", c, err)
		}
		_, err = f.svc.CancelBooking(f.ctx, opsDept(), b.ID.String(), netops.BookingCancel{Note: "again"})
		opsCode(t, err, govops.ECONFLICT)
		_, err = f.svc.UpdateBooking(f.ctx, opsDept(), b.ID.String(), opsBookingInput())
		opsField(t, err, govops.ECONFLICT, "status", "cancelled")
		trail, _ := f.svc.BookingTrail(f.ctx, opsCenter(), b.ID.String())
		if last := trail[len(trail)-1]; last.Type != netops.EventBookingCancelled || last.Seq != c.Version {
			t.Fatalf("%+v", last)
		}
	})
}

func TestService_Bookings(t *testing.T) {
	f := newOps(t)
	in := opsBookingInput()
	in.Title = "预算会 联系 13812341234"
	mine := f.opsBook(t, opsCenter(), in)
	in = opsBookingInput()
	in.Department, in.Room, in.Staff = "WJJ", "6F-HYS", []string{"赵工"}
	theirs := f.opsBook(t, opsCenter(), in)
	in.Department, in.Start, in.End = "", opsAt(2022, 3, 16, 9, 0), opsAt(2022, 3, 16, 10, 0)
	center := f.opsBook(t, opsCenter(), in)
	cancelled := f.opsBook(t, opsCenter(), func() netops.BookingInput {
		in := opsBookingInput()
		in.Start, in.End = opsAt(2022, 3, 17, 9, 0), opsAt(2022, 3, 17, 10, 0)
		return in
	}())
	if _, err := f.svc.CancelBooking(f.ctx, opsCenter(), cancelled.ID.String(), netops.BookingCancel{Note: "取消"}); err != nil {
		t.Fatal(err)
	}
	week := netops.BookingListInput{From: opsAt(2022, 3, 14, 0, 0), To: opsAt(2022, 3, 21, 0, 0)}
	ids := func(bs []netops.Booking) string {
		var out []string
		for _, b := range bs {
			switch b.ID {
			case mine.ID:
				out = append(out, "mine")
			case theirs.ID:
				out = append(out, "theirs")
			case center.ID:
				out = append(out, "center")
			case cancelled.ID:
				out = append(out, "cancelled")
			}
		}
		return strings.Join(out, ",")
	}
	for _, tc := range []struct {
		name string
		by   govops.Actor
		in   func(in netops.BookingListInput) netops.BookingListInput
		want string
		code string
	}{
		{"Center", opsCenter(), func(in netops.BookingListInput) netops.BookingListInput { return in }, "mine,theirs,center", ""},
		{"CenterCancelled", opsCenter(), func(in netops.BookingListInput) netops.BookingListInput { in.Cancelled = true; return in }, "mine,theirs,center,cancelled", ""},
		{"Person", opsCenter(), func(in netops.BookingListInput) netops.BookingListInput { in.Person = "赵工"; return in }, "theirs,center", ""},
		{"Room", opsViewer(), func(in netops.BookingListInput) netops.BookingListInput {
			in.Site, in.Room = "XZDL", "5F-HYS"
			return in
		}, "mine", ""},
		{"Department", opsCenter(), func(in netops.BookingListInput) netops.BookingListInput { in.Department = "WJJ"; return in }, "theirs", ""},
		{"DeptOwn", opsDept(), func(in netops.BookingListInput) netops.BookingListInput { return in }, "mine", ""},
		{"DeptOther", opsDept(), func(in netops.BookingListInput) netops.BookingListInput { in.Department = "WJJ"; return in }, "", govops.EFORBIDDEN},
		{"OneDay", opsCenter(), func(in netops.BookingListInput) netops.BookingListInput {
			in.From, in.To = opsAt(2022, 3, 16, 9, 59), opsAt(2022, 3, 16, 12, 0)
			return in
		}, "center", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bs, err := f.svc.Bookings(f.ctx, tc.by, tc.in(week))
			opsCode(t, err, tc.code)
			if got := ids(bs); err == nil && got != tc.want {
				t.Fatalf("%s, want %s", got, tc.want)
			}
		})
	}
	t.Run("Read", func(t *testing.T) {
		for _, tc := range []struct {
			by     govops.Actor
			b      *netops.Booking
			code   string
			masked bool
		}{
			{opsCenter(), mine, "", false},
			{opsDept(), mine, "", false},
			{opsDept(), theirs, govops.ENOTFOUND, false},
			{opsDept(), center, govops.ENOTFOUND, false},
			{opsViewer(), mine, "", true},
			{opsDeptViewer(), mine, "", true},
		} {
			got, err := f.svc.Booking(f.ctx, tc.by, tc.b.ID.String())
			opsCode(t, err, tc.code)
			if err == nil && strings.Contains(got.Title, "13812341234") == tc.masked {
				t.Errorf("%s reads the title %q", opsActorName(tc.by), got.Title)
			}
		}
	})
	t.Run("Invalid", func(t *testing.T) {
		_, err := f.svc.Bookings(f.ctx, opsCenter(), netops.BookingListInput{})
		opsFields(t, err, "from", "to")
		_, err = f.svc.Bookings(f.ctx, opsCenter(), netops.BookingListInput{From: week.From, To: week.From.AddDate(1, 0, 2), Site: " X"})
		opsFields(t, err, "to", "site")
	})
}
