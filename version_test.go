package govops_test

import (
	"context"
	"testing"

	"github.com/govops-kit/govops"
)

func TestActor_ActFor(t *testing.T) {
	center := govops.Actor{Name: "王芳"}
	dept := govops.Actor{Name: "李强", Department: "QZFJ"}
	for _, c := range []struct {
		name string
		by   govops.Actor
		dept string
		want string
		code string
	}{
		{"CenterForAny", center, "QSJJ", "QSJJ", ""},
		{"CenterOwn", center, "", "", ""},
		{"DepartmentLeftOut", dept, "", "QZFJ", ""},
		{"DepartmentItself", dept, "QZFJ", "QZFJ", ""},
		{"ErrDepartmentForAnother", dept, "QSJJ", "", govops.EFORBIDDEN},
		{"ErrReadOnly", govops.Actor{Name: "审计", ReadOnly: true}, "", "", govops.EFORBIDDEN},
		{"ErrNoName", govops.Actor{}, "", "", govops.EINVALID},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.by.ActFor(c.dept, "mount data")
			if govops.ErrorCode(err) != c.code || (c.code == "" && err != nil) {
				t.Fatalf("err = %v, want code %q", err, c.code)
			}
			if got != c.want {
				t.Fatalf("department = %q, want %q", got, c.want)
			}
			if c.code == govops.EFORBIDDEN && c.by.Department != "" && govops.ErrorFields(err)["department"] == "" {
				t.Fatalf("err = %v: names no department field", err)
			}
		})
	}
}

func TestUpdateVersioned(t *testing.T) {
	conflict := govops.Errorf(govops.ECONFLICT, "lost")
	t.Run("RetriedWithoutVersion", func(t *testing.T) {
		tries := 0
		err := govops.UpdateVersioned(context.Background(), 0, func() (func() error, error) {
			tries++
			return func() error {
				if tries < 3 {
					return conflict
				}
				return nil
			}, nil
		})
		if err != nil || tries != 3 {
			t.Fatalf("err = %v after %d tries, want nil after 3", err, tries)
		}
	})
	t.Run("ErrConflictWithVersion", func(t *testing.T) {
		tries := 0
		err := govops.UpdateVersioned(context.Background(), 4, func() (func() error, error) {
			tries++
			return func() error { return conflict }, nil
		})
		if govops.ErrorCode(err) != govops.ECONFLICT || tries != 1 {
			t.Fatalf("err = %v after %d tries, want ECONFLICT after 1", err, tries)
		}
	})
	t.Run("NothingToWrite", func(t *testing.T) {
		err := govops.UpdateVersioned(context.Background(), 0, func() (func() error, error) { return nil, nil })
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestCheckIfVersion(t *testing.T) {
	var p govops.Problems
	govops.CheckIfVersion(&p, 0)
	govops.CheckIfVersion(&p, 3)
	if !p.Empty() {
		t.Fatalf("0 and 3 refused: %v", p.Err())
	}
	govops.CheckIfVersion(&p, -1)
	if govops.ErrorFields(p.Err())["if_version"] == "" {
		t.Fatalf("-1 taken: %v", p.Err())
	}
	if err := govops.StaleVersion("catalog entry", 3, 2); govops.ErrorCode(err) != govops.ECONFLICT {
		t.Fatalf("StaleVersion = %v", err)
	}
}

func TestWriteThen(t *testing.T) {
	v := 7
	var out *int
	if err := govops.WriteThen(&out, &v, func() error { return govops.Errorf(govops.ECONFLICT, "lost") })(); err == nil || out != nil {
		t.Fatalf("failed write: err %v, out %v; want the error and no value", err, out)
	}
	if err := govops.WriteThen(&out, &v, func() error { return nil })(); err != nil || out != &v {
		t.Fatalf("write: err %v, out %v; want the value written", err, out)
	}
}
