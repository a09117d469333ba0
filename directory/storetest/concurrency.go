package storetest

import (
	"fmt"
	"testing"

	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// TestRace has 50 writers update the same version of one department at
// once: exactly one may win, the department is the winner's, and the trail
// holds the winner's event and no other.
func (cases) TestRace(t *testing.T, mk storeMaker) {
	const writers = 50
	ctx, st := t.Context(), mk(t)
	d := dept(t, "race", "区行政审批局")
	evs := mustCreate(t, st, d)
	nexts := make([]*directory.Department, writers)
	events := make([]directory.Event, writers)
	won := storetestkit.RequireOneWinner(t, writers, func(i int) (func() error, error) {
		cur, err := st.Department(ctx, d.Code)
		if err != nil {
			return nil, err
		}
		nexts[i], events[i] = renamed(t, cur, fmt.Sprintf("writer %d", i))
		return func() error { return st.Update(ctx, nexts[i], []directory.Event{events[i]}) }, nil
	})
	requireStored(t, st, *nexts[won], append(evs, events[won]), "after the race")
}
