package govops_test

import (
	"context"
	"testing"

	"github.com/govops-kit/govops"
)

func TestDepartmentCheck(t *testing.T) {
	ctx := context.Background()
	var none govops.DepartmentCheck
	if err := none.Check(ctx, "anything"); err != nil {
		t.Fatalf("a nil check refused a code: %v", err)
	}
	known := govops.DepartmentCheck(func(_ context.Context, code string) error {
		if code != "yuejin" {
			return govops.FieldError("department", code+" is not in the directory")
		}
		return nil
	})
	if err := known.Check(ctx, "yuejin"); err != nil {
		t.Fatalf("a known code was refused: %v", err)
	}
	err := known.Check(ctx, "nowhere")
	if govops.ErrorCode(err) != govops.EINVALID || govops.ErrorFields(err)["department"] == "" {
		t.Fatalf("an unknown code: %v, want EINVALID naming department", err)
	}
}
