package netopsbun_test

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/netops"
	"github.com/govops-kit/govops/netops/netopsbun"
)

// TestStore_OverlapPlan checks on SQLite that OverlappingPrefixes looks
// prefixes up through the index on (space, family, lo, bits), for both of
// its lookups, and never scans the table, over enough rows that a scan
// would look cheaper to a planner without the index.
func TestStore_OverlapPlan(t *testing.T) {
	st, db := MustOpenStore(t, dbopen.SQLite)
	ctx := t.Context()
	var links []netops.Link
	for i := range 500 {
		links = append(links, netops.Link{ID: uuid.Must(uuid.NewV7()), Unit: fmt.Sprintf("lbq-%03d", i), Type: netops.LinkExtranet,
			Status: netops.LinkActive, Version: 1, Prefixes: []netip.Prefix{
				netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i / 256), byte(i), 0}), 24),
				netip.MustParsePrefix(fmt.Sprintf("2001:db8:%x::/48", i))}})
	}
	if err := st.CreateLinks(ctx, links, netops.Guard{}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "ANALYZE"); err != nil {
		t.Fatal(err)
	}
	query, args := netopsbun.OverlapQueryForTest("", []netip.Prefix{
		netip.MustParsePrefix("10.0.7.0/25"), netip.MustParsePrefix("2001:db8:7::/64")})
	plan := dbtest.QueryPlan(t, st.DB(), query, args...)
	if strings.Contains(plan, "SCAN") || strings.Count(plan, "netops_link_prefixes_lo_ix") != 4 {
		t.Fatalf("the plan of OverlappingPrefixes does not search the index of lo for each lookup:\n%s", plan)
	}
}

// TestStore_VisitGroupsPlan checks on SQLite that VisitGroups of whole
// months, of every unit and of one, reads no visit but those not yet due:
// the counts, and the index of the visits not arrived by due time.
func TestStore_VisitGroupsPlan(t *testing.T) {
	var (
		stmts []string
		on    bool
	)
	db := dbtest.Open(t, dbopen.SQLite).WithQueryHook(dbtest.SelectHook(func(q string) {
		if on {
			stmts = append(stmts, q)
		}
	}))
	st, err := netopsbun.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sh := govops.ShanghaiLocation()
	from, to := time.Date(2022, 1, 1, 0, 0, 0, 0, sh), time.Date(2023, 1, 1, 0, 0, 0, 0, sh)
	for _, unit := range []string{"", "lbq-007"} {
		stmts, on = nil, true
		if _, err := st.VisitGroups(t.Context(), netops.VisitFilter{Unit: unit, From: from, To: to, AsOf: to}); err != nil {
			t.Fatal(err)
		}
		on = false
		if len(stmts) != 2 {
			t.Fatalf("VisitGroups of whole months of %q ran %d statements, want 2: %q", unit, len(stmts), stmts)
		}
		for _, q := range stmts {
			plan := dbtest.QueryPlan(t, st.DB(), q)
			if strings.Contains(plan, "SCAN ") || (strings.Contains(q, "FROM netops_visits") && !strings.Contains(plan, "COVERING INDEX netops_visits_not_due_ix")) {
				t.Fatalf("VisitGroups of whole months of %q reads the visits:\n%s\n%s", unit, q, plan)
			}
		}
	}
}
