package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// newRequest returns a pending request of consumer for c at version 1,
// every field a filing sets.
func newRequest(tb testing.TB, c *datashare.Catalog, consumer string) datashare.Request {
	tb.Helper()
	return datashare.Request{ID: storetestkit.NewID(tb), Catalog: c.ID, CatalogCode: c.Code, Consumer: consumer, Provider: c.Department,
		Purpose: "用于“一网通办”企业开办核验，\"比对\"法人信息\n（第二行）", Items: []string{"统一社会信用代码", "企业名称"},
		Applicant: "lbq-rsj-赵", Status: datashare.RequestPending, Filed: at(10), LimitDays: 10, Version: 1}
}

// requestFiled returns the event that records r's filing.
func requestFiled(tb testing.TB, r *datashare.Request) datashare.Event {
	tb.Helper()
	return event(tb, r.ID, 1, datashare.EventRequestFiled, "", string(r.Status))
}

// approved returns the next version of r, approved until a year later,
// and its event.
func approved(tb testing.TB, r *datashare.Request) (*datashare.Request, datashare.Event) {
	tb.Helper()
	next := *r
	next.Items = slices.Clone(r.Items)
	next.Status, next.Version = datashare.RequestApproved, r.Version+1
	next.Decided, next.Decider, next.Expires = at(60*24*3), "lbq-scjg-孙", at(60*24*365)
	return &next, event(tb, r.ID, next.Version, datashare.EventRequestApproved, string(r.Status), string(next.Status))
}

// requireRequest fails tb unless the stored request r.ID is r.
func requireRequest(tb testing.TB, st datashare.Store, r datashare.Request, when string) {
	tb.Helper()
	got, err := st.Request(tb.Context(), r.ID)
	storetestkit.Must(tb, err, "Request "+when)
	storetestkit.RequireEqual(tb, r, *got, "request "+when)
}

// TestRequests checks that requests round-trip, every field included, the
// error codes of an unknown request and a taken ID, with nothing of the
// refused call stored, and versioned updates.
func (cases) TestRequests(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	c := newCatalog(t, "105001/000001", "社会保险参保信息")
	mustCreateCatalogs(t, st, c)
	r := newRequest(t, &c, "lbq-rsj")
	filed := requestFiled(t, &r)
	storetestkit.Must(t, st.CreateRequest(ctx, r, []datashare.Event{filed}), "CreateRequest")
	requireRequest(t, st, r, "after CreateRequest")
	requireEvents(t, st, r.ID, []datashare.Event{filed}, "after CreateRequest")

	t.Run("ZeroFieldsAndUTC", func(t *testing.T) {
		z := datashare.Request{ID: storetestkit.NewID(t), Catalog: c.ID, Status: datashare.RequestPending, Filed: baseTime().UTC(), Version: 1}
		storetestkit.Must(t, st.CreateRequest(ctx, z, nil), "CreateRequest")
		requireRequest(t, st, z, "after CreateRequest")
	})
	t.Run("ErrTaken", func(t *testing.T) {
		x := newRequest(t, &c, "lbq-other")
		x.ID = r.ID
		storetestkit.MustCode(t, st.CreateRequest(ctx, x, []datashare.Event{requestFiled(t, &x)}), govops.ECONFLICT, "CreateRequest with a taken ID")
		requireRequest(t, st, r, "after a refused CreateRequest")
		requireEvents(t, st, r.ID, []datashare.Event{filed}, "after a refused CreateRequest")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := st.Request(ctx, storetestkit.NewID(t))
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "Request of an unknown ID")
		ghost := newRequest(t, &c, "lbq-rsj")
		next, ev := approved(t, &ghost)
		storetestkit.MustCode(t, st.UpdateRequest(ctx, next, []datashare.Event{ev}), govops.ENOTFOUND, "UpdateRequest of an unknown request")
		_, err = st.Request(ctx, ghost.ID)
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "Request after UpdateRequest of an unknown request")
		requireEvents(t, st, ghost.ID, nil, "after UpdateRequest of an unknown request")
	})
	t.Run("ReturnsCopies", func(t *testing.T) {
		got, err := st.Request(ctx, r.ID)
		storetestkit.Must(t, err, "Request")
		got.Items[0], got.Purpose = "changed", "changed"
		requireRequest(t, st, r, "after the caller changed what it got")
	})
	t.Run("Update", func(t *testing.T) {
		next, ev := approved(t, &r)
		storetestkit.Must(t, st.UpdateRequest(ctx, next, []datashare.Event{ev}), "UpdateRequest")
		requireRequest(t, st, *next, "after UpdateRequest")
		revoked := *next
		revoked.Items = nil
		revoked.Status, revoked.Version, revoked.Reason = datashare.RequestRevoked, next.Version+1, "超出申请用途使用数据"
		revoked.Revoked = storetestkit.Micro(next.Decided.Add(30 * 24 * time.Hour))
		rev := event(t, r.ID, revoked.Version, datashare.EventGrantRevoked, "approved", "revoked")
		storetestkit.Must(t, st.UpdateRequest(ctx, &revoked, []datashare.Event{rev}), "UpdateRequest")
		requireRequest(t, st, revoked, "after a second UpdateRequest")
		requireEvents(t, st, r.ID, []datashare.Event{filed, ev, rev}, "after two UpdateRequests")

		t.Run("ErrStale", func(t *testing.T) {
			for _, v := range []int64{revoked.Version, revoked.Version + 2} {
				stale := revoked
				stale.Reason, stale.Version = "stale", v
				sev := event(t, r.ID, v, datashare.EventRequestWithdrawn, "revoked", "withdrawn")
				storetestkit.MustCode(t, st.UpdateRequest(ctx, &stale, []datashare.Event{sev}), govops.ECONFLICT,
					fmt.Sprintf("UpdateRequest to version %d of a request at version %d", v, revoked.Version))
			}
			requireRequest(t, st, revoked, "after a stale UpdateRequest")
			requireEvents(t, st, r.ID, []datashare.Event{filed, ev, rev}, "after a stale UpdateRequest")
		})
	})
}

// requestMatches is the reference of RequestFilter.
func requestMatches(r *datashare.Request, f datashare.RequestFilter) bool {
	return (f.Catalog == uuid.Nil || r.Catalog == f.Catalog) &&
		(f.Party == "" || r.Consumer == f.Party || r.Provider == f.Party) &&
		(f.Consumer == "" || r.Consumer == f.Consumer) &&
		(f.Provider == "" || r.Provider == f.Provider) &&
		(f.Status == "" || r.Status == f.Status)
}

// TestRequestListing checks Requests against a brute-force reference over
// requests between four departments, each of which both asks and answers:
// each filter alone and together (Party a department's requests as
// consumer and as provider), ordered by ID, paged with after and limit.
func (cases) TestRequestListing(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	depts := []string{"lbq-scjg", "lbq-rsj", "lbq-zrzyj", "lbq-gaj"}
	cs := make([]datashare.Catalog, 3)
	for i := range cs {
		cs[i] = newCatalog(t, fmt.Sprintf("105002/%06d", i), fmt.Sprintf("共享目录%d", i))
		cs[i].Department = depts[i]
	}
	mustCreateCatalogs(t, st, cs...)
	statuses := []datashare.RequestStatus{datashare.RequestPending, datashare.RequestApproved, datashare.RequestDenied,
		datashare.RequestWithdrawn, datashare.RequestRevoked}
	ids := reversedIDs(t, 30)
	all := make([]datashare.Request, len(ids))
	for i, id := range ids {
		c := &cs[i%3]
		consumer := depts[(i/3+1+i%3)%4]
		r := newRequest(t, c, consumer)
		r.ID, r.Status, r.Filed = id, statuses[i%5], at(i)
		storetestkit.Must(t, st.CreateRequest(ctx, r, []datashare.Event{requestFiled(t, &r)}), "CreateRequest")
		all[i] = r
	}
	slices.SortFunc(all, func(a, b datashare.Request) int { return storetestkit.CompareID(a.ID, b.ID) })
	filters := []struct {
		name string
		f    datashare.RequestFilter
	}{
		{"None", datashare.RequestFilter{}},
		{"Catalog", datashare.RequestFilter{Catalog: cs[1].ID}},
		{"Party", datashare.RequestFilter{Party: "lbq-rsj"}},
		{"PartyConsumerOnly", datashare.RequestFilter{Party: "lbq-gaj"}},
		{"Consumer", datashare.RequestFilter{Consumer: "lbq-scjg"}},
		{"Provider", datashare.RequestFilter{Provider: "lbq-zrzyj"}},
		{"Status", datashare.RequestFilter{Status: datashare.RequestApproved}},
		{"PartyAndStatus", datashare.RequestFilter{Party: "lbq-scjg", Status: datashare.RequestPending}},
		{"ConsumerAndProvider", datashare.RequestFilter{Consumer: "lbq-rsj", Provider: "lbq-scjg"}},
		{"NoneMatch", datashare.RequestFilter{Party: "nowhere"}},
	}
	for _, tc := range filters {
		t.Run(tc.name, func(t *testing.T) {
			var want []datashare.Request
			for i := range all {
				if requestMatches(&all[i], tc.f) {
					want = append(want, all[i])
				}
			}
			if tc.name != "NoneMatch" && len(want) == 0 {
				t.Fatalf("storetest: filter %s matches no fixture request", tc.name)
			}
			got, err := st.Requests(ctx, tc.f, uuid.Nil, 0)
			storetestkit.Must(t, err, "Requests")
			storetestkit.RequireEqual(t, want, got, "requests of "+tc.name)
			for _, limit := range []int{1, 4} {
				var paged []datashare.Request
				after := uuid.Nil
				for range len(want) + 1 {
					page, err := st.Requests(ctx, tc.f, after, limit)
					storetestkit.Must(t, err, "Requests page")
					if len(page) > limit {
						t.Fatalf("a page of limit %d held %d requests", limit, len(page))
					}
					paged = append(paged, page...)
					if len(page) < limit {
						break
					}
					after = page[len(page)-1].ID
				}
				storetestkit.RequireEqual(t, want, paged, fmt.Sprintf("requests of %s paged by %d", tc.name, limit))
			}
		})
	}
}
