package govops_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

func TestParseRef(t *testing.T) {
	id := uuid.Must(uuid.NewV7())
	r, err := govops.ParseRef("ref", id.String())
	if err != nil || !r.IsID() || r.ID != id || r.String() != id.String() {
		t.Fatalf("ParseRef(id) = %+v, %v", r, err)
	}
	r, err = govops.ParseRef("ref", "2022-000123")
	if err != nil || r.IsID() || r.Number != "2022-000123" {
		t.Fatalf("ParseRef(number) = %+v, %v", r, err)
	}
	for _, bad := range []string{"", " 2022-1", "2022 000123", "张三", "a\x00"} {
		if _, err := govops.ParseRef("ref", bad); govops.ErrorCode(err) != govops.EINVALID || govops.ErrorFields(err)["ref"] == "" {
			t.Errorf("ParseRef(%q) = %v, want EINVALID naming ref", bad, err)
		}
	}
}

func TestResolve(t *testing.T) {
	ctx := context.Background()
	id := uuid.Must(uuid.NewV7())
	byID := func(_ context.Context, got uuid.UUID) (string, error) {
		if got != id {
			return "", govops.Errorf(govops.ENOTFOUND, "no such id")
		}
		return "by id", nil
	}
	byNumber := func(_ context.Context, n string) (string, error) { return "by number " + n, nil }
	if got, err := govops.Resolve(ctx, "ref", id.String(), "case", byID, byNumber); got != "by id" || err != nil {
		t.Errorf("Resolve(id) = %q, %v", got, err)
	}
	if got, err := govops.Resolve(ctx, "ref", "2022-000123", "case", byID, byNumber); got != "by number 2022-000123" || err != nil {
		t.Errorf("Resolve(number) = %q, %v", got, err)
	}
	if _, err := govops.Resolve(ctx, "ref", "2022-000123", "deduction", byID, nil); govops.ErrorCode(err) != govops.ENOTFOUND {
		t.Errorf("Resolve(number) without numbers = %v, want ENOTFOUND", err)
	}
	if _, err := govops.Resolve(ctx, "ref", "bad ref", "case", byID, byNumber); govops.ErrorCode(err) != govops.EINVALID {
		t.Errorf("Resolve(bad) = %v, want EINVALID", err)
	}
}

func FuzzParseRef(f *testing.F) {
	f.Add("2022-000123")
	f.Add("0190c5f2-0000-7000-8000-000000000001")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := govops.ParseRef("ref", s)
		if err != nil {
			if govops.ErrorCode(err) != govops.EINVALID {
				t.Fatalf("ParseRef(%q) = %v, want EINVALID", s, err)
			}
			return
		}
		if r.IsID() == (r.Number != "") {
			t.Fatalf("ParseRef(%q) = %+v: exactly one of ID and Number must be set", s, r)
		}
	})
}
