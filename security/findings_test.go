package security_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/security"
	"github.com/govops-kit/govops/security/securitymem"
)

// findingsTime returns a random instant of 2020–2023 in Shanghai, often
// the first instant of a year or a day, or one of the report instants of
// TestReport_FindingsFromCounts; now and then the zero time.
func findingsTime(r *rand.Rand, instants []time.Time) time.Time {
	switch r.IntN(12) {
	case 0:
		return time.Time{}
	case 1, 2:
		return instants[r.IntN(len(instants))]
	case 3:
		return date(2020+r.IntN(5), 1, 1)
	case 4:
		return date(2020+r.IntN(4), time.Month(1+r.IntN(12)), 1+r.IntN(28))
	}
	start := date(2020, 1, 1)
	return start.Add(time.Duration(r.Int64N(int64(4 * 365 * 24 * time.Hour)))).Truncate(time.Microsecond).UTC()
}

// TestReport_FindingsFromCounts checks the findings of Report, which it
// works out from the Store's counts and the records found or verified
// after its instant, against the records listed and counted one by one as
// they stood at that instant (FindingsOfRecordsForTest): for random
// records of every status, kind, severity and unit, found and verified at
// random instants (the first of a year or a day, the report's own, none,
// after it), reports of several years, by the center and a department,
// with the clock in the year, at its first instant, and set back before
// records it has seen.
func TestReport_FindingsFromCounts(t *testing.T) {
	ctx := t.Context()
	r := rand.New(rand.NewPCG(2022, 7))
	instants := []time.Time{date(2022, 6, 25), at(2022, 6, 25, 10, 30), date(2023, 1, 1), date(2022, 1, 1),
		at(2023, 2, 1, 9, 0), date(2021, 12, 31).Add(-time.Microsecond), at(2024, 3, 3, 3, 3)}
	st := securitymem.New()
	var hs []security.Hardening
	for i := range 600 {
		h := security.Hardening{ID: uuid.Must(uuid.NewV7()), Department: []string{"", "QZFJ", "WJJ"}[r.IntN(3)],
			Asset: fmt.Sprintf("A-%d", i), Kind: append(security.FindingKinds(), "legacy")[r.IntN(6)],
			Severity: append(security.Severities(), "unrated")[r.IntN(5)], Source: security.Source{Kind: security.SourceOther},
			FoundOn: findingsTime(r, instants), Status: []security.HardeningStatus{security.HardeningOpen,
				security.HardeningRemediated, security.HardeningVerified, security.HardeningVerified}[r.IntN(4)], Version: 1}
		if r.IntN(5) > 0 {
			h.VerifiedAt = findingsTime(r, instants)
			if r.IntN(2) == 0 && !h.FoundOn.IsZero() {
				h.VerifiedAt = h.FoundOn.Add(time.Duration(r.Int64N(int64(400 * 24 * time.Hour)))).Truncate(time.Microsecond)
			}
		}
		hs = append(hs, h)
	}
	if err := st.CreateHardenings(ctx, hs, nil); err != nil {
		t.Fatal(err)
	}
	for _, now := range instants {
		svc := security.NewService(st, security.WithNow(func() time.Time { return now }))
		for year := 2020; year <= 2024; year++ {
			from := date(year, 1, 1).UTC()
			for _, by := range []govops.Actor{center(), dept()} {
				rep, err := svc.Report(ctx, by, year)
				if err != nil {
					t.Fatal(err)
				}
				want := security.FindingsOfRecordsForTest(hs, from, rep.At, by.Department)
				if !reflect.DeepEqual(rep.Findings, want) {
					t.Fatalf("the findings of %d at %v for %q:\n got %+v\nwant %+v", year, rep.At, by.Department, rep.Findings, want)
				}
			}
		}
	}
}
