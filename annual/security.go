package annual

import (
	"context"

	"github.com/govops-kit/govops"
)

// buildSecurity computes the section from what svc stores, as by sees it.
func buildSecurity(ctx context.Context, svc Services, by govops.Actor, year int) (Section, error) {
	return Section{Notes: []string{"未实现"}}, nil
}
