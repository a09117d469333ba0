package govcase_test

import (
	"context"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/storetestkit"
)

func TestService_MonthlyCounts(t *testing.T) {
	ctx := context.Background()
	s, clk := MustOpenService(t)
	// Beijing time: 1 March 00:30 is still 28 February in UTC, and counts
	// in March; 31 January 23:59 counts in January.
	for _, when := range []string{"2024-01-31 23:59", "2024-03-01 00:30", "2024-03-15 10:00"} {
		clk.Set(at(when))
		dispatch(t, s, register(t, s).Number, "YJ")
	}
	clk.Set(at("2024-03-20 10:00"))
	register(t, s, func(in *govcase.RegisterInput) { in.Kind = govcase.KindITOps; in.Category = govcase.CategoryHelp })

	t.Run("OK", func(t *testing.T) {
		m, err := s.MonthlyCounts(ctx, center, 2024, govcase.StatsFilter{})
		storetestkit.Must(t, err, "MonthlyCounts")
		equal(t, "January hotline", m.Months[0][govcase.KindHotline], 1)
		equal(t, "February", m.Total(2), 0)
		equal(t, "March hotline", m.Months[2][govcase.KindHotline], 2)
		equal(t, "March itops", m.Months[2][govcase.KindITOps], 1)
		equal(t, "March", m.Total(3), 3)
	})
	t.Run("Kind", func(t *testing.T) {
		m, err := s.MonthlyCounts(ctx, center, 2024, govcase.StatsFilter{Kind: govcase.KindITOps})
		storetestkit.Must(t, err, "MonthlyCounts")
		equal(t, "March", m.Total(3), 1)
	})
	t.Run("DepartmentSeesItsOwn", func(t *testing.T) {
		m, err := s.MonthlyCounts(ctx, jinbu, 2024, govcase.StatsFilter{})
		storetestkit.Must(t, err, "MonthlyCounts")
		equal(t, "March", m.Total(3), 2) // its two hotline cases, not the undispatched itops case
		_, err = s.MonthlyCounts(ctx, jinbu, 2024, govcase.StatsFilter{Department: "AB"})
		storetestkit.MustCode(t, err, govops.EFORBIDDEN, "another department's counts")
	})
	t.Run("ErrYear", func(t *testing.T) {
		_, err := s.MonthlyCounts(ctx, center, 24, govcase.StatsFilter{})
		storetestkit.MustCode(t, err, govops.EINVALID, "a two-digit year")
	})
}
