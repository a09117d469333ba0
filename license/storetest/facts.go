package storetest

import (
	"fmt"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/license"
)

// recordKey is a group of Facts.Records.
type recordKey struct{ typ, dept string }

// TestFacts checks Facts against a brute-force count: every type once,
// with whether it has an approved template (a draft or superseded one does
// not count) and a schema; every claim, withdrawn ones included; and the
// records of each type and department that has any, whatever their state,
// records of a type the catalog does not hold included.
func (cases) TestFacts(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	f, err := st.Facts(ctx)
	storetestkit.Must(t, err, "Facts of an empty store")
	if len(f.Types)+len(f.Claims)+len(f.Records) != 0 {
		t.Fatalf("Facts of an empty store = %+v, want nothing", f)
	}

	ts := typeFixture(t, 12)
	mustCreateTypes(t, st, ts...)
	approved := map[string]bool{}
	schema := map[string]bool{}
	for i, ty := range ts {
		switch i % 4 {
		case 0: // an approved revision beside a superseded one
			old, c := newTemplate(t, ty.Code, 1)
			old.Status = license.TemplateSuperseded
			storetestkit.Must(t, st.CreateTemplate(ctx, old, c, nil), "CreateTemplate")
			cur, c := newTemplate(t, ty.Code, 2)
			cur.Status = license.TemplateApproved
			storetestkit.Must(t, st.CreateTemplate(ctx, cur, c, nil), "CreateTemplate")
			approved[ty.Code] = true
		case 1: // a draft only
			d, c := newTemplate(t, ty.Code, 1)
			storetestkit.Must(t, st.CreateTemplate(ctx, d, c, nil), "CreateTemplate")
		}
		if i%3 == 0 {
			s := newSchema(t, ty.Code)
			storetestkit.Must(t, st.PutSchema(ctx, &s, nil), "PutSchema")
			schema[ty.Code] = true
		}
	}
	// A template of a type the catalog does not hold counts for no type.
	stray, c := newTemplate(t, "stray", 1)
	stray.Status = license.TemplateApproved
	storetestkit.Must(t, st.CreateTemplate(ctx, stray, c, nil), "CreateTemplate")

	var claims []license.Claim
	for i := range 9 {
		c := newClaim(t, ts[i%5].Code, fmt.Sprintf("dept-%d", i))
		if i%3 == 0 {
			c.Status, c.Kind, c.Expected = license.ClaimWithdrawn, license.KindExplanation, -1
		}
		storetestkit.Must(t, st.CreateClaim(ctx, c, nil), "CreateClaim")
		claims = append(claims, c)
	}

	batches := []license.Batch{newBatch(t, 0)}
	rs := recordFixture(t, 120, batches)
	for i := range rs {
		if i%10 == 0 {
			rs[i].Type = "stray"
			rs[i].Exclusive = false
		}
	}
	storeFixture(t, st, rs, batches)

	f, err = st.Facts(ctx)
	storetestkit.Must(t, err, "Facts")
	wantTypes := make([]license.TypeFacts, len(ts))
	for i, ty := range ts {
		wantTypes[i] = license.TypeFacts{Code: ty.Code, Name: ty.Name, ApprovedTemplate: approved[ty.Code], Schema: schema[ty.Code]}
	}
	storetestkit.RequireGroups(t, wantTypes, f.Types, func(tf license.TypeFacts) string { return tf.Code }, "Facts.Types")
	storetestkit.RequireGroups(t, claims, f.Claims, func(c license.Claim) uuid.UUID { return c.ID }, "Facts.Claims")
	storetestkit.RequireGroups(t, recordCounts(rs), f.Records, func(c license.RecordCount) recordKey { return recordKey{c.Type, c.Department} }, "Facts.Records")
}
