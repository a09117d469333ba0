package storetestkit

import (
	"testing"
)

// RequireGroups checks the groups of an aggregate (counts by month and
// department, say) that a Store may return in any order, because the
// Service sorts them: it fails tb unless got holds exactly the groups of
// want, each once, keyed by key and compared as RequireEqual compares.
// what names the aggregate in the message. A key that comes twice in want
// is a mistake of the suite, and fails tb too.
func RequireGroups[G any, K comparable](tb testing.TB, want, got []G, key func(G) K, what string) {
	tb.Helper()
	wantBy := make(map[K]G, len(want))
	for _, g := range want {
		if _, dup := wantBy[key(g)]; dup {
			tb.Fatalf("storetest: the expected %s hold the group %v twice", what, key(g))
		}
		wantBy[key(g)] = g
	}
	gotBy := make(map[K]G, len(got))
	for _, g := range got {
		if _, dup := gotBy[key(g)]; dup {
			tb.Fatalf("%s returned the group %v twice: a group comes once", what, key(g))
		}
		gotBy[key(g)] = g
	}
	RequireEqual(tb, wantBy, gotBy, what+" (in any order)")
}
