package netops_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/netops"
)

// opsShift is a scheduled shift of person for [start, start+d).
func opsShift(person string, start time.Time, d time.Duration) netops.Shift {
	return netops.Shift{ID: uuid.New(), Person: person, Start: start, End: start.Add(d), Status: netops.ShiftScheduled}
}

// opsMinuteGaps is the reference of FindGaps: it marks every minute of
// [from, to) that a shift covers, one by one, and reads the unmarked runs.
// from and to are whole minutes, and so are the shifts' times.
func opsMinuteGaps(shifts []netops.Shift, from, to time.Time) []netops.Interval {
	n := int(to.Sub(from) / time.Minute)
	if n <= 0 {
		return nil
	}
	covered := make([]bool, n)
	for _, s := range shifts {
		if s.Status == netops.ShiftCancelled {
			continue
		}
		a := max(0, int(s.Start.Sub(from)/time.Minute))
		b := min(n, int(s.End.Sub(from)/time.Minute))
		for m := a; m < b; m++ {
			covered[m] = true
		}
	}
	var gaps []netops.Interval
	for m := 0; m < n; {
		if covered[m] {
			m++
			continue
		}
		start := m
		for m < n && !covered[m] {
			m++
		}
		gaps = append(gaps, netops.Interval{Start: from.Add(time.Duration(start) * time.Minute), End: from.Add(time.Duration(m) * time.Minute)})
	}
	return gaps
}

// opsPairDoubleBookings is the reference of FindDoubleBookings: every
// pair, compared.
func opsPairDoubleBookings(shifts []netops.Shift) map[string]netops.Interval {
	out := map[string]netops.Interval{}
	for i, a := range shifts {
		for _, b := range shifts[i+1:] {
			if a.Status == netops.ShiftCancelled || b.Status == netops.ShiftCancelled || a.Person != b.Person {
				continue
			}
			s, e := a.Start, a.End
			if b.Start.After(s) {
				s = b.Start
			}
			if b.End.Before(e) {
				e = b.End
			}
			if !e.After(s) {
				continue
			}
			out[opsPairKey(a.ID, b.ID)] = netops.Interval{Start: s, End: e}
		}
	}
	return out
}

func opsPairKey(a, b uuid.UUID) string {
	x, y := a.String(), b.String()
	if y < x {
		x, y = y, x
	}
	return x + "/" + y
}

func opsShowGaps(gaps []netops.Interval) string {
	var b strings.Builder
	for _, g := range gaps {
		fmt.Fprintf(&b, "[%s, %s) ", g.Start.In(sh).Format("01-02 15:04"), g.End.In(sh).Format("01-02 15:04"))
	}
	return b.String()
}

func TestFindGaps(t *testing.T) {
	day := opsAt(2022, 3, 1, 0, 0)
	h := time.Hour
	cancelled := opsShift("c", day, 24*h)
	cancelled.Status = netops.ShiftCancelled
	for _, tc := range []struct {
		name   string
		shifts []netops.Shift
		want   string
	}{
		{"NoShifts", nil, "[03-01 00:00, 03-02 00:00) "},
		{"ThreeShiftsAdjacent", []netops.Shift{opsShift("a", day, 8*h), opsShift("b", day.Add(8*h), 8*h), opsShift("c", day.Add(16*h), 8*h)}, ""},
		{"Unsorted", []netops.Shift{opsShift("c", day.Add(16*h), 8*h), opsShift("a", day, 8*h), opsShift("b", day.Add(8*h), 8*h)}, ""},
		{"HoleOfAMinute", []netops.Shift{opsShift("a", day, 8*h), opsShift("b", day.Add(8*h+time.Minute), 16*h)}, "[03-01 08:00, 03-01 08:01) "},
		{"Overlapping", []netops.Shift{opsShift("a", day, 10*h), opsShift("b", day.Add(2*h), 3*h), opsShift("c", day.Add(9*h), 5*h)}, "[03-01 14:00, 03-02 00:00) "},
		{"ReachingOutside", []netops.Shift{opsShift("a", day.Add(-5*h), 7*h), opsShift("b", day.Add(20*h), 10*h)}, "[03-01 02:00, 03-01 20:00) "},
		{"AllOutside", []netops.Shift{opsShift("a", day.Add(-5*h), 5*h), opsShift("b", day.Add(24*h), 10*h)}, "[03-01 00:00, 03-02 00:00) "},
		{"CancelledCoversNothing", []netops.Shift{cancelled, opsShift("a", day.Add(12*h), 12*h)}, "[03-01 00:00, 03-01 12:00) "},
		{"EmptyShiftCoversNothing", []netops.Shift{opsShift("a", day.Add(h), 0), opsShift("a", day, h)}, "[03-01 01:00, 03-02 00:00) "},
		{"TwoHoles", []netops.Shift{opsShift("a", day.Add(h), h), opsShift("b", day.Add(3*h), 21*h)}, "[03-01 00:00, 03-01 01:00) [03-01 02:00, 03-01 03:00) "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := netops.FindGaps(tc.shifts, day, day.Add(24*h))
			if s := opsShowGaps(got); s != tc.want {
				t.Fatalf("gaps %s, want %s", s, tc.want)
			}
		})
	}
	if got := netops.FindGaps(nil, day, day); got != nil {
		t.Fatalf("an empty period has gaps %v", got)
	}
}

// TestFindGaps_Property compares FindGaps with the minute-by-minute
// reference on random rosters: shifts of whole minutes anywhere around
// the period, overlapping, touching, cancelled.
func TestFindGaps_Property(t *testing.T) {
	rng := rand.New(rand.NewPCG(2022, 314))
	base := opsAt(2022, 3, 1, 0, 0)
	for i := range 2000 {
		from := base.Add(time.Duration(rng.IntN(60*24)) * time.Minute)
		to := from.Add(time.Duration(1+rng.IntN(3*24*60)) * time.Minute)
		span := int(to.Sub(from)/time.Minute) + 12*60
		shifts := make([]netops.Shift, rng.IntN(30))
		for j := range shifts {
			start := from.Add(time.Duration(rng.IntN(span)-6*60) * time.Minute)
			shifts[j] = opsShift(fmt.Sprint("p", rng.IntN(4)), start, time.Duration(rng.IntN(16*60))*time.Minute)
			if rng.IntN(10) == 0 {
				shifts[j].Status = netops.ShiftCancelled
			}
		}
		got, want := netops.FindGaps(shifts, from, to), opsMinuteGaps(shifts, from, to)
		if !slices.EqualFunc(got, want, func(a, b netops.Interval) bool { return a.Start.Equal(b.Start) && a.End.Equal(b.End) }) {
			t.Fatalf("roster %d over [%v, %v): gaps %s, want %s", i, from, to, opsShowGaps(got), opsShowGaps(want))
		}
		db := netops.FindDoubleBookings(shifts)
		ref := opsPairDoubleBookings(shifts)
		if len(db) != len(ref) {
			t.Fatalf("roster %d: %d double bookings, want %d", i, len(db), len(ref))
		}
		for k, d := range db {
			w, ok := ref[opsPairKey(d.A, d.B)]
			if !ok || !w.Start.Equal(d.Overlap.Start) || !w.End.Equal(d.Overlap.End) {
				t.Fatalf("roster %d: double booking %+v, want %+v (found %v)", i, d, w, ok)
			}
			if k > 0 && d.Overlap.Start.Before(db[k-1].Overlap.Start) {
				t.Fatalf("roster %d: double bookings out of order", i)
			}
		}
	}
}

// FuzzFindGaps checks FindGaps against the minute-by-minute reference on
// rosters the fuzzer makes: each 6 bytes are one shift (person, start and
// length in minutes around a 2-day period).
func FuzzFindGaps(f *testing.F) {
	f.Add([]byte{0, 0, 0, 1, 224, 0}, uint16(1440))
	f.Add([]byte{1, 1, 0, 2, 0, 1, 2, 0, 10, 0, 100, 0}, uint16(600))
	f.Fuzz(func(t *testing.T, data []byte, minutes uint16) {
		from := opsAt(2022, 3, 1, 0, 0)
		to := from.Add(time.Duration(minutes%2880) * time.Minute)
		var shifts []netops.Shift
		for i := 0; i+6 <= len(data) && len(shifts) < 200; i += 6 {
			start := from.Add(time.Duration(int(data[i+1])<<8|int(data[i+2])-600) * time.Minute)
			s := opsShift(fmt.Sprint(data[i]%3), start, time.Duration(int(data[i+3])<<8|int(data[i+4]))*time.Minute)
			if data[i+5]%7 == 0 {
				s.Status = netops.ShiftCancelled
			}
			shifts = append(shifts, s)
		}
		got, want := netops.FindGaps(shifts, from, to), opsMinuteGaps(shifts, from, to)
		if !slices.EqualFunc(got, want, func(a, b netops.Interval) bool { return a.Start.Equal(b.Start) && a.End.Equal(b.End) }) {
			t.Fatalf("gaps %s, want %s", opsShowGaps(got), opsShowGaps(want))
		}
		if len(netops.FindDoubleBookings(shifts)) != len(opsPairDoubleBookings(shifts)) {
			t.Fatal("double bookings differ from the pairwise reference")
		}
	})
}

func TestFindDoubleBookings(t *testing.T) {
	day := opsAt(2022, 3, 1, 0, 0)
	h := time.Hour
	a1 := opsShift("张工", day, 8*h)
	a2 := opsShift("张工", day.Add(6*h), 8*h)
	a3 := opsShift("张工", day.Add(7*h), 2*h)
	a4 := opsShift("张工", day.Add(14*h), 2*h) // touches a2: no overlap
	b1 := opsShift("李工", day, 8*h)
	c1 := opsShift("王工", day, 8*h)
	c2 := opsShift("王工", day.Add(h), h)
	c2.Status = netops.ShiftCancelled
	got := netops.FindDoubleBookings([]netops.Shift{a4, c2, a3, b1, a2, c1, a1})
	want := []struct {
		a, b       uuid.UUID
		start, end time.Time
	}{
		{a1.ID, a2.ID, day.Add(6 * h), day.Add(8 * h)},
		{a1.ID, a3.ID, day.Add(7 * h), day.Add(8 * h)},
		{a2.ID, a3.ID, day.Add(7 * h), day.Add(9 * h)},
	}
	if len(got) != len(want) {
		t.Fatalf("%d double bookings, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if g := got[i]; g.Person != "张工" || g.A != w.a || g.B != w.b || !g.Overlap.Start.Equal(w.start) || !g.Overlap.End.Equal(w.end) {
			t.Errorf("%d: %+v, want %v %v [%v, %v)", i, g, w.a, w.b, w.start, w.end)
		}
	}
	if got := netops.FindDoubleBookings(nil); len(got) != 0 {
		t.Fatalf("%v", got)
	}
}
