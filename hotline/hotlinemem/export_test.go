package hotlinemem

import "github.com/govops-kit/govops/hotline"

// SpoilCallbackSummary adds n to the callback summary's group of m,
// department and result behind the Store's back, as a bug would.
func (s *Store) SpoilCallbackSummary(m hotline.Month, department string, r hotline.Result, n int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := hotline.Callback{Month: m, Department: department, Result: r}
	s.sums.addCallback(&c, n)
}
