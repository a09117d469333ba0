package govops_test

import (
	"context"
	"testing"

	"github.com/govops-kit/govops"
)

func TestDepartmentCheck_Run(t *testing.T) {
	ctx := context.Background()
	var none govops.DepartmentCheck
	if err := none.Run(ctx, "anything"); err != nil {
		t.Fatalf("a nil check refused a code: %v", err)
	}
	known := govops.DepartmentCheck(func(_ context.Context, code string) error {
		if code != "YJ" {
			return govops.FieldError("department", "no department has code "+code)
		}
		return nil
	})
	if err := known.Run(ctx, "YJ"); err != nil {
		t.Fatalf("a known code was refused: %v", err)
	}
	if err := known.Run(ctx, "NOPE"); govops.ErrorFields(err)["department"] == "" {
		t.Fatalf("an unknown code: %v, want EINVALID naming department", err)
	}
}
