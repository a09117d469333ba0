package storetest

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/license"
)

// TestClaims checks that claims and their events round-trip, the error
// codes of unknown and taken claims (one claim per type and department,
// whatever its status), and Claims with each filter, in pages and whole,
// against a brute-force reference: the claims it selects in ID order.
func (cases) TestClaims(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	c := newClaim(t, typeCode(1), "lbq-scjg")
	ev := event(t, c.ID, 1, license.EventClaimFiled, "", string(license.ClaimActive))
	storetestkit.Must(t, st.CreateClaim(ctx, c, []license.Event{ev}), "CreateClaim")
	requireClaim(t, st, c, "after CreateClaim")
	requireEvents(t, st, c.ID, []license.Event{ev}, "after CreateClaim")

	t.Run("Explanation", func(t *testing.T) {
		x := newClaim(t, typeCode(1), "lbq-wjw")
		x.Kind, x.Expected, x.Explanation = license.KindExplanation, -1, "本单位不颁发此类证照。\n详见附件"
		storetestkit.Must(t, st.CreateClaim(ctx, x, nil), "CreateClaim of an explanation")
		requireClaim(t, st, x, "after CreateClaim")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		for _, k := range [][2]string{{typeCode(1), "nowhere"}, {typeCode(2), "lbq-scjg"}, {typeCode(1), "LBQ-SCJG"}} {
			_, err := st.Claim(ctx, k[0], k[1])
			storetestkit.MustCode(t, err, govops.ENOTFOUND, fmt.Sprintf("Claim(%s, %s)", k[0], k[1]))
		}
		ghost := newClaim(t, typeCode(3), "ghost")
		ghost.Version = 2
		storetestkit.MustCode(t, st.UpdateClaim(ctx, &ghost, nil), govops.ENOTFOUND, "UpdateClaim of an unknown claim")
	})
	t.Run("Update", func(t *testing.T) {
		next := c
		next.Status, next.Kind, next.Expected, next.Explanation = license.ClaimWithdrawn, license.KindExplanation, -1, "撤回"
		next.Version, next.UpdatedAt = 2, storetestkit.Micro(baseTime().AddDate(0, 0, 3))
		storetestkit.Must(t, st.UpdateClaim(ctx, &next, []license.Event{event(t, c.ID, 2, license.EventClaimWithdrawn, "active", "withdrawn")}), "UpdateClaim")
		requireClaim(t, st, next, "after UpdateClaim")
		c = next
	})
	t.Run("ErrTaken", func(t *testing.T) {
		again := newClaim(t, c.Type, c.Department) // the stored one is withdrawn
		storetestkit.MustCode(t, st.CreateClaim(ctx, again, nil), govops.ECONFLICT, "CreateClaim of a taken type and department")
		sameID := newClaim(t, typeCode(9), "lbq-other")
		sameID.ID = c.ID
		storetestkit.MustCode(t, st.CreateClaim(ctx, sameID, nil), govops.ECONFLICT, "CreateClaim of a taken ID")
		_, err := st.Claim(ctx, typeCode(9), "lbq-other")
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "Claim of a refused claim")
		requireClaim(t, st, c, "after refused claims")
	})

	t.Run("Listing", func(t *testing.T) {
		st := mk(t)
		rng := rand.New(rand.NewPCG(5, 5))
		var all []license.Claim
		for i := range 60 {
			x := newClaim(t, typeCode(i%7), fmt.Sprintf("dept-%02d", i/7))
			x.Kind = license.ClaimKinds()[rng.IntN(2)]
			if rng.IntN(3) == 0 {
				x.Status = license.ClaimWithdrawn
			}
			storetestkit.Must(t, st.CreateClaim(ctx, x, nil), "CreateClaim")
			all = append(all, x)
		}
		rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
		fs := map[string]license.ClaimFilter{
			"All": {}, "Type": {Type: typeCode(3)}, "Department": {Department: "dept-04"},
			"Kind": {Kind: license.KindExplanation}, "Status": {Status: license.ClaimWithdrawn},
			"Everything": {Type: typeCode(2), Kind: license.KindClaim, Status: license.ClaimActive},
			"Nowhere":    {Department: "nowhere"},
		}
		for _, name := range slices.Sorted(maps.Keys(fs)) {
			f := fs[name]
			t.Run(name, func(t *testing.T) {
				var want []license.Claim
				for _, x := range all {
					if (f.Type == "" || x.Type == f.Type) && (f.Department == "" || x.Department == f.Department) &&
						(f.Kind == "" || x.Kind == f.Kind) && (f.Status == "" || x.Status == f.Status) {
						want = append(want, x)
					}
				}
				slices.SortFunc(want, func(a, b license.Claim) int { return storetestkit.CompareID(a.ID, b.ID) })
				got, err := st.Claims(ctx, f, uuid.Nil, 0)
				storetestkit.Must(t, err, "Claims")
				storetestkit.RequireEqual(t, want, got, fmt.Sprintf("Claims(%+v)", f))
				var paged []license.Claim
				after := uuid.Nil
				for {
					p, err := st.Claims(ctx, f, after, 4)
					storetestkit.Must(t, err, "Claims")
					if len(p) > 4 {
						t.Fatalf("a page of %d claims, over the limit of 4", len(p))
					}
					paged = append(paged, p...)
					if len(p) < 4 {
						break
					}
					after = p[len(p)-1].ID
				}
				storetestkit.RequireEqual(t, want, paged, fmt.Sprintf("the pages of Claims(%+v)", f))
			})
		}
	})
}

// requireClaim fails tb unless the claim of c's type and department is c.
func requireClaim(tb testing.TB, st license.Store, c license.Claim, when string) {
	tb.Helper()
	got, err := st.Claim(tb.Context(), c.Type, c.Department)
	storetestkit.Must(tb, err, "Claim "+when)
	storetestkit.RequireEqual(tb, c, *got, "claim of "+c.Type+" by "+c.Department+" "+when)
}
