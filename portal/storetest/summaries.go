package storetest

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/portal"
)

// A store may answer its aggregates from summary rows that its writes keep
// (see govops.SummaryKeeper), as portalmem and portalbun do. Each
// aggregate's case then runs random sequences of writes, concurrent ones
// among them, and checks after every sequence that the aggregate still
// equals a count of the listed records, and that RepairSummaries finds
// nothing to repair: the case named for the aggregate is the one that
// fails when its counts go wrong, however they are kept.

// sequences is how many sequences of random writes a case runs, and ops
// how many writes each holds before its concurrent burst.
const (
	sequences = 6
	ops       = 6
)

// requireClean fails tb unless st, if it keeps summaries, finds them equal
// to its records.
func requireClean(tb testing.TB, st portal.Store, when string) {
	tb.Helper()
	sk, ok := st.(govops.SummaryKeeper)
	if !ok {
		return
	}
	rep, err := sk.RepairSummaries(tb.Context(), false)
	storetestkit.Must(tb, err, "RepairSummaries "+when)
	if !rep.Clean() {
		tb.Fatalf("RepairSummaries %s: the summaries differ from the records:\n%s", when, rep)
	}
}

// TestSummaryRepair checks that a repair of a store whose summaries are
// right (it keeps them itself) finds no difference and repairs nothing,
// over records of every summarized kind, and that the store still finds
// none after. A store that keeps no summary skips it.
func (cases) TestSummaryRepair(t *testing.T, mk storeMaker) {
	st := mk(t)
	sk, ok := st.(govops.SummaryKeeper)
	if !ok {
		t.Skip("the store keeps no summary (it is no govops.SummaryKeeper)")
	}
	postFixture(t, st, 40, 3)
	probeFixture(t, st, 40)
	taskFixture(t, st, 40)
	consultationFixture(t, st, 30)
	rep, err := sk.RepairSummaries(t.Context(), true)
	storetestkit.Must(t, err, "RepairSummaries")
	if !rep.Clean() || len(rep.Summaries) == 0 {
		t.Fatalf("a repair of a store whose writes kept its summaries found:\n%s", rep)
	}
	for _, s := range rep.Summaries {
		if s.Repaired || s.Groups == 0 {
			t.Fatalf("summary %s: %d groups, repaired %v; want the groups of the records and nothing repaired", s.Name, s.Groups, s.Repaired)
		}
	}
	requireClean(t, st, "after a repair of nothing")
}

// month returns the first instant of month m of 2022 in Asia/Shanghai:
// the bounds of the windows the summaries answer.
func month(m time.Month) time.Time {
	return time.Date(2022, m, 1, 0, 0, 0, 0, govops.ShanghaiLocation())
}

// pivot is an instant within an hour and a month, on which windows that
// the summaries do not answer whole begin or end.
func pivot() time.Time { return time.Date(2022, 6, 15, 10, 11, 12, 13000, govops.ShanghaiLocation()) }

// edgeTimes are the instants on and beside the bounds the filters use.
func edgeTimes() []time.Time {
	hour := pivot().Truncate(time.Hour)
	return []time.Time{month(5), month(6), month(6).Add(-time.Microsecond), month(7), month(7).Add(-time.Microsecond),
		month(8), pivot(), pivot().Add(time.Microsecond), pivot().Add(-time.Microsecond), hour, hour.Add(time.Hour),
		hour.Add(time.Hour - time.Microsecond)}
}

// randomTime returns a time of the writes: now and then zero (before
// every bound) or one of edgeTimes, else any microsecond from mid-April
// to August 2022.
func randomTime(r *rand.Rand) time.Time {
	switch n := r.IntN(12); {
	case n == 0:
		return time.Time{}
	case n < 4:
		return storetestkit.Micro(pick(r, edgeTimes()...))
	}
	from := month(5).AddDate(0, 0, -12)
	return storetestkit.Micro(from.Add(time.Duration(r.Int64N(int64(month(8).AddDate(0, 0, 5).Sub(from))))))
}

// burst runs writes at once and fails tb if one fails other than with
// ECONFLICT: concurrent writers of one version, or of one key, lose so.
// It returns how many landed.
func burst(tb testing.TB, what string, writes []func() error) int {
	tb.Helper()
	errs := make([]error, len(writes))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, w := range writes {
		wg.Go(func() {
			<-start
			errs[i] = w()
		})
	}
	close(start)
	wg.Wait()
	landed := 0
	for i, err := range errs {
		switch govops.ErrorCode(err) {
		case "":
			landed++
		case govops.ECONFLICT:
		default:
			tb.Fatalf("%s: concurrent write %d: %v; want it written or refused with ECONFLICT", what, i, err)
		}
	}
	return landed
}

// runSequences runs sequences of random writes on st: step makes one
// write (or a failed one, which must change nothing), crowd the writes of
// one concurrent burst; after every sequence, check compares the
// aggregates with the records, and the summaries are checked clean.
func runSequences(t *testing.T, st portal.Store, seed uint64, step func(r *rand.Rand) error,
	crowd func(r *rand.Rand) []func() error, check func(t *testing.T)) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 99))
	for seq := range sequences {
		for range ops {
			if err := step(r); err != nil && govops.ErrorCode(err) != govops.ECONFLICT {
				t.Fatalf("sequence %d: %v", seq, err)
			}
		}
		burst(t, fmt.Sprintf("sequence %d", seq), crowd(r))
		t.Run(fmt.Sprintf("AfterSequence%d", seq), func(t *testing.T) {
			check(t)
			requireClean(t, st, fmt.Sprintf("after sequence %d", seq))
		})
	}
}
