package netops_test

import (
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
)

// opsDayShifts returns the three shifts of 2022-03-15 (08–16, 16–24,
// 00–08 of the next day) for the people given, one shift each in turn.
func opsDayShifts(people ...string) []netops.ShiftInput {
	day := opsAt(2022, 3, 15, 8, 0)
	out := make([]netops.ShiftInput, len(people))
	for i, p := range people {
		start := day.Add(time.Duration(i) * 8 * time.Hour)
		out[i] = netops.ShiftInput{Person: p, Role: "值班", Start: start, End: start.Add(8 * time.Hour)}
	}
	return out
}

func TestService_AddShifts(t *testing.T) {
	f := newOps(t)
	t.Run("OK", func(t *testing.T) {
		ss, err := f.svc.AddShifts(f.ctx, opsCenter(), opsDayShifts("张工", "李工", "王工"))
		if err != nil {
			t.Fatal(err)
		}
		if len(ss) != 3 || ss[1].Person != "李工" || ss[1].Status != netops.ShiftScheduled || ss[1].Version != 1 || ss[0].ID == ss[1].ID {
			t.Fatalf("%+v", ss)
		}
		trail, err := f.svc.ShiftTrail(f.ctx, opsViewer(), ss[2].ID.String())
		if err != nil || len(trail) != 1 || trail[0].Type != netops.EventShiftAdded {
			t.Fatalf("%+v %v", trail, err)
		}
		listed, err := f.svc.Shifts(f.ctx, opsViewer(), netops.ShiftListInput{From: opsAt(2022, 3, 15, 0, 0), To: opsAt(2022, 3, 17, 0, 0)})
		if err != nil || len(listed) != 3 || listed[0].Person != "张工" {
			t.Fatalf("%+v %v", listed, err)
		}
	})
	t.Run("EveryBadFieldOfEveryShift", func(t *testing.T) {
		in := opsDayShifts("张工", "李工", "王工", "赵工")
		in[0].Person = " "
		in[1].Start = in[1].Start.Add(30 * time.Second)
		in[2].End = in[2].Start
		in[3].End, in[3].Role, in[3].IfVersion = in[3].Start.Add(netops.MaxShift+time.Minute), strings.Repeat("班", netops.MaxNameLen+1), 2
		_, err := f.svc.AddShifts(f.ctx, opsCenter(), in)
		opsCode(t, err, govops.EINVALID)
		opsFields(t, err, "shifts[0].person", "shifts[1].start", "shifts[2].end", "shifts[3].end", "shifts[3].role", "shifts[3].if_version")
		listed, _ := f.svc.Shifts(f.ctx, opsCenter(), netops.ShiftListInput{From: opsAt(2022, 3, 15, 0, 0), To: opsAt(2022, 3, 17, 0, 0), Person: "赵工"})
		if len(listed) != 0 {
			t.Fatalf("a refused call stored %d shifts", len(listed))
		}
	})
	t.Run("TimesRequired", func(t *testing.T) {
		_, err := f.svc.AddShifts(f.ctx, opsCenter(), []netops.ShiftInput{{Person: "张工"}})
		opsFields(t, err, "shifts[0].start", "shifts[0].end")
	})
	t.Run("MaxShiftAllowed", func(t *testing.T) {
		in := opsDayShifts("张工")
		in[0].Start = opsAt(2022, 6, 1, 0, 0)
		in[0].End = in[0].Start.Add(netops.MaxShift)
		if _, err := f.svc.AddShifts(f.ctx, opsCenter(), in); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("Count", func(t *testing.T) {
		_, err := f.svc.AddShifts(f.ctx, opsCenter(), nil)
		opsFields(t, err, "shifts")
		_, err = f.svc.AddShifts(f.ctx, opsCenter(), make([]netops.ShiftInput, netops.MaxShiftsPerCall+1))
		opsFields(t, err, "shifts")
	})
}

func TestService_UpdateShift(t *testing.T) {
	f := newOps(t)
	ss, err := f.svc.AddShifts(f.ctx, opsCenter(), opsDayShifts("张工", "李工"))
	if err != nil {
		t.Fatal(err)
	}
	ref := ss[0].ID.String()
	in := opsDayShifts("赵工")[0]
	in.IfVersion = 1
	got, err := f.svc.UpdateShift(f.ctx, opsCenter(), ref, in)
	if err != nil || got.Person != "赵工" || got.Version != 2 || !got.CreatedAt.Equal(ss[0].CreatedAt) {
		t.Fatalf("%+v %v", got, err)
	}
	trail, _ := f.svc.ShiftTrail(f.ctx, opsCenter(), ref)
	if last := trail[len(trail)-1]; last.Type != netops.EventShiftUpdated || !strings.Contains(last.Note, "张工 → 赵工") {
		t.Fatalf("%+v", last)
	}
	_, err = f.svc.UpdateShift(f.ctx, opsCenter(), ref, in)
	opsCode(t, err, govops.ECONFLICT)
	in.IfVersion, in.End = 0, in.Start.Add(-time.Minute)
	_, err = f.svc.UpdateShift(f.ctx, opsCenter(), ref, in)
	opsFields(t, err, "end")
	_, err = f.svc.CancelShift(f.ctx, opsCenter(), ref, netops.ShiftCancel{})
	opsFields(t, err, "note")
	c, err := f.svc.CancelShift(f.ctx, opsCenter(), ref, netops.ShiftCancel{Note: "病假", IfVersion: 2})
	if err != nil || c.Status != netops.ShiftCancelled || c.Version != 3 {
		t.Fatalf("%+v %v", c, err)
	}
	_, err = f.svc.CancelShift(f.ctx, opsCenter(), ref, netops.ShiftCancel{Note: "again"})
	opsField(t, err, govops.ECONFLICT, "status", "cancelled")
	_, err = f.svc.UpdateShift(f.ctx, opsCenter(), ref, opsDayShifts("赵工")[0])
	opsCode(t, err, govops.ECONFLICT)
	listed, _ := f.svc.Shifts(f.ctx, opsCenter(), netops.ShiftListInput{From: opsAt(2022, 3, 15, 0, 0), To: opsAt(2022, 3, 17, 0, 0)})
	all, _ := f.svc.Shifts(f.ctx, opsCenter(), netops.ShiftListInput{From: opsAt(2022, 3, 15, 0, 0), To: opsAt(2022, 3, 17, 0, 0), Cancelled: true})
	if len(listed) != 1 || len(all) != 2 {
		t.Fatalf("%d scheduled, %d in all", len(listed), len(all))
	}
}

func TestService_Roster(t *testing.T) {
	f := newOps(t)
	// 15 March: 08–16 张工, 16–24 李工 and 王工, then 00–08 nobody; 李工
	// is also on a video meeting shift 20–22, and 赵工 covers 06–09 of
	// the 16th.
	in := opsDayShifts("张工", "李工")
	in = append(in, netops.ShiftInput{Person: "王工", Start: opsAt(2022, 3, 15, 16, 0), End: opsAt(2022, 3, 16, 0, 0)},
		netops.ShiftInput{Person: "李工", Role: "视频保障", Start: opsAt(2022, 3, 15, 20, 0), End: opsAt(2022, 3, 15, 22, 0)},
		netops.ShiftInput{Person: "赵工", Start: opsAt(2022, 3, 16, 6, 0), End: opsAt(2022, 3, 16, 9, 0)})
	ss, err := f.svc.AddShifts(f.ctx, opsCenter(), in)
	if err != nil {
		t.Fatal(err)
	}
	from, to := opsAt(2022, 3, 15, 8, 0), opsAt(2022, 3, 16, 8, 0)
	rep, err := f.svc.Roster(f.ctx, opsViewer(), from, to)
	if err != nil {
		t.Fatal(err)
	}
	if got := opsShowGaps(rep.Uncovered); got != "[03-16 00:00, 03-16 06:00) " {
		t.Fatalf("uncovered %s", got)
	}
	if rep.CoveredMinutes != 18*60 || rep.Shifts != 5 || !rep.From.Equal(from) || !rep.To.Equal(to) {
		t.Fatalf("covered %d minutes by %d shifts", rep.CoveredMinutes, rep.Shifts)
	}
	if len(rep.DoubleBooked) != 1 || rep.DoubleBooked[0].Person != "李工" || rep.DoubleBooked[0].A != ss[1].ID || rep.DoubleBooked[0].B != ss[3].ID ||
		rep.DoubleBooked[0].Overlap.Minutes() != 120 {
		t.Fatalf("double booked %+v", rep.DoubleBooked)
	}
	// Cancelling 张工's shift opens 08–16.
	if _, err := f.svc.CancelShift(f.ctx, opsCenter(), ss[0].ID.String(), netops.ShiftCancel{Note: "调休"}); err != nil {
		t.Fatal(err)
	}
	rep, _ = f.svc.Roster(f.ctx, opsCenter(), from, to)
	if got := opsShowGaps(rep.Uncovered); got != "[03-15 08:00, 03-15 16:00) [03-16 00:00, 03-16 06:00) " || rep.CoveredMinutes != 10*60 {
		t.Fatalf("uncovered %s, covered %d", got, rep.CoveredMinutes)
	}
	t.Run("Invalid", func(t *testing.T) {
		for _, tc := range []struct {
			name     string
			from, to time.Time
			fields   []string
		}{
			{"Required", time.Time{}, time.Time{}, []string{"from", "to"}},
			{"Seconds", from.Add(time.Second), to, []string{"from"}},
			{"ToAfterFrom", to, from, []string{"to"}},
			{"AtMost366Days", from, from.Add(netops.MaxRosterPeriod + time.Minute), []string{"to"}},
		} {
			_, err := f.svc.Roster(f.ctx, opsCenter(), tc.from, tc.to)
			opsCode(t, err, govops.EINVALID)
			opsFields(t, err, tc.fields...)
		}
		_, err := f.svc.Shifts(f.ctx, opsCenter(), netops.ShiftListInput{From: from})
		opsFields(t, err, "to")
	})
}

func TestService_Roster_Permissions(t *testing.T) {
	f := newOps(t)
	ss, err := f.svc.AddShifts(f.ctx, opsCenter(), opsDayShifts("张工"))
	if err != nil {
		t.Fatal(err)
	}
	ref := ss[0].ID.String()
	from, to := opsAt(2022, 3, 15, 0, 0), opsAt(2022, 3, 16, 0, 0)
	for _, by := range []govops.Actor{opsDept(), opsViewer(), opsDeptViewer()} {
		t.Run(opsActorName(by), func(t *testing.T) {
			_, err := f.svc.AddShifts(f.ctx, by, opsDayShifts("李工"))
			opsCode(t, err, govops.EFORBIDDEN)
			_, err = f.svc.UpdateShift(f.ctx, by, ref, opsDayShifts("李工")[0])
			opsCode(t, err, govops.EFORBIDDEN)
			_, err = f.svc.CancelShift(f.ctx, by, ref, netops.ShiftCancel{Note: "x"})
			opsCode(t, err, govops.EFORBIDDEN)
			want := ""
			if by.Department != "" {
				want = govops.EFORBIDDEN
			}
			_, err = f.svc.Roster(f.ctx, by, from, to)
			opsCode(t, err, want)
			_, err = f.svc.Shifts(f.ctx, by, netops.ShiftListInput{From: from, To: to})
			opsCode(t, err, want)
			_, err = f.svc.ShiftTrail(f.ctx, by, ref)
			opsCode(t, err, want)
		})
	}
	_, err = f.svc.Roster(f.ctx, opsBadActor(), from, to)
	opsFields(t, err, "actor")
}
