package netops_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/govops-kit/govops/netops"
)

// opsBenchYear is the roster of the benchmark: a year (2022) of three
// shifts a day (00–08, 08–16, 16–24) for 50 people, 2 or 3 of them on each
// shift, with a hole every 40th day (that day's night shift is left
// empty: 10 holes of 8 hours) and a few double bookings (every 30th day
// one person of the day shift is also put on an extra evening shift).
func opsBenchYear() (in []netops.ShiftInput, holes int) {
	rng := rand.New(rand.NewPCG(7, 24))
	first := opsAt(2022, 1, 1, 0, 0)
	for d := range 365 {
		day := first.AddDate(0, 0, d)
		for s := range 3 {
			if s == 0 && d%40 == 39 {
				holes++
				continue
			}
			start := day.Add(time.Duration(s) * 8 * time.Hour)
			n := 2 + rng.IntN(2)
			for _, p := range rng.Perm(50)[:n] {
				in = append(in, netops.ShiftInput{Person: fmt.Sprintf("值班员%02d", p), Role: "值班", Start: start, End: start.Add(8 * time.Hour)})
			}
			if s == 1 && d%30 == 0 {
				extra := in[len(in)-1]
				extra.Role, extra.Start, extra.End = "视频保障", start.Add(6*time.Hour), start.Add(10*time.Hour)
				in = append(in, extra)
			}
		}
	}
	return in, holes
}

// BenchmarkRoster reports the coverage of a year of shifts for 50 people
// (about 2,700 shifts): Roster through the Service over netopsmem (the
// Store's listing, FindGaps and FindDoubleBookings), FindGaps alone on
// the shifts, and, as the baseline of the same run, the minute-by-minute
// reference (mark each of the 525,600 minutes a shift covers, then read
// the unmarked runs). The goal is the report under 10 ms.
func BenchmarkRoster(b *testing.B) {
	f := newOps(b)
	in, holes := opsBenchYear()
	shifts, err := f.svc.AddShifts(f.ctx, opsCenter(), in)
	if err != nil {
		b.Fatal(err)
	}
	from, to := opsAt(2022, 1, 1, 0, 0), opsAt(2023, 1, 1, 0, 0)
	b.Run("Roster", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rep, err := f.svc.Roster(f.ctx, opsCenter(), from, to)
			if err != nil {
				b.Fatal(err)
			}
			if len(rep.Uncovered) != holes || len(rep.DoubleBooked) == 0 {
				b.Fatalf("%d gaps, %d double bookings: want %d gaps and some", len(rep.Uncovered), len(rep.DoubleBooked), holes)
			}
		}
		b.ReportMetric(float64(len(shifts)), "shifts")
	})
	b.Run("FindGaps", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if gaps := netops.FindGaps(shifts, from, to); len(gaps) != holes {
				b.Fatalf("%d gaps, want %d", len(gaps), holes)
			}
		}
		b.ReportMetric(float64(len(shifts)), "shifts")
	})
	b.Run("MinuteReference", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if gaps := opsMinuteGaps(shifts, from, to); len(gaps) != holes {
				b.Fatalf("%d gaps, want %d", len(gaps), holes)
			}
		}
		b.ReportMetric(float64(len(shifts)), "shifts")
	})
}
