package govops_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

type rec struct {
	ID   uuid.UUID
	Dept string
}

func TestReadOne(t *testing.T) {
	id := uuid.Must(uuid.NewV7())
	get := func(_ context.Context, want uuid.UUID) (*rec, error) {
		if want != id {
			return nil, govops.Errorf(govops.ENOTFOUND, "no record %s", want)
		}
		return &rec{ID: id, Dept: "QZFJ"}, nil
	}
	dept := func(r *rec) string { return r.Dept }
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		by   govops.Actor
		ref  string
		dept func(*rec) string
		code string
	}{
		{"CenterSees", govops.Actor{Name: "王芳"}, id.String(), dept, ""},
		{"OwnDepartmentSees", govops.Actor{Name: "李强", Department: "QZFJ"}, id.String(), dept, ""},
		{"OtherDepartmentNotFound", govops.Actor{Name: "张伟", Department: "QJYJ"}, id.String(), dept, govops.ENOTFOUND},
		{"PublicRecord", govops.Actor{Name: "张伟", Department: "QJYJ"}, id.String(), nil, ""},
		{"NotAnID", govops.Actor{Name: "王芳"}, "nope", dept, govops.ENOTFOUND},
		{"NoActor", govops.Actor{}, id.String(), dept, govops.EINVALID},
		{"Unknown", govops.Actor{Name: "王芳"}, uuid.Must(uuid.NewV7()).String(), dept, govops.ENOTFOUND},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := govops.ReadOne(ctx, tc.by, tc.ref, "record", get, tc.dept)
			if got := govops.ErrorCode(err); got != tc.code {
				t.Fatalf("code %q, want %q (%v)", got, tc.code, err)
			}
			if tc.code == "" && r.ID != id {
				t.Fatalf("got %v", r)
			}
		})
	}
}

type colour string

func (c colour) Valid() bool   { return c == "red" || c == "blue" }
func (c colour) Label() string { return map[colour]string{"red": "红", "blue": "蓝"}[c] }
func colours() []colour        { return []colour{"red", "blue"} }
func checkColour(p *govops.Problems, v colour, required bool) bool {
	return govops.CheckEnum(p, "colour", v, required, colour.Valid, colours(), colour.Label, "colour")
}

func TestCheckEnum(t *testing.T) {
	for _, tc := range []struct {
		v        colour
		required bool
		ok       bool
		msg      string
	}{
		{"red", true, true, ""},
		{"", false, true, ""},
		{"", true, false, "required: red (红), blue (蓝)"},
		{"green", false, false, `"green" is not a colour: use red (红), blue (蓝)`},
	} {
		var p govops.Problems
		if got := checkColour(&p, tc.v, tc.required); got != tc.ok {
			t.Errorf("%q: ok %v, want %v", tc.v, got, tc.ok)
		}
		if msg := govops.ErrorFields(p.Err())["colour"]; msg != tc.msg {
			t.Errorf("%q: message %q, want %q", tc.v, msg, tc.msg)
		}
	}
}

func TestDepartmentCheck_Fields(t *testing.T) {
	calls := 0
	check := govops.DepartmentCheck(func(_ context.Context, code string) error {
		calls++
		if code == "NOPE" {
			return govops.FieldError("department", "no department has code NOPE")
		}
		return nil
	})
	err := check.Fields(context.Background(), [][2]string{{"department", "QZFJ"}, {"owner", "NOPE"}, {"unit", "NOPE"}, {"center", ""}})
	fields := govops.ErrorFields(err)
	if len(fields) != 2 || !strings.Contains(fields["owner"], "NOPE") || !strings.Contains(fields["unit"], "NOPE") {
		t.Fatalf("fields %v", fields)
	}
	if calls != 2 {
		t.Fatalf("%d calls, want one per code", calls)
	}
	var none govops.DepartmentCheck
	if err := none.Fields(context.Background(), [][2]string{{"department", "NOPE"}}); err != nil {
		t.Fatalf("nil check: %v", err)
	}
	failing := govops.DepartmentCheck(func(context.Context, string) error { return govops.Errorf(govops.EINTERNAL, "down") })
	if code := govops.ErrorCode(failing.Fields(context.Background(), [][2]string{{"department", "QZFJ"}})); code != govops.EINTERNAL {
		t.Fatalf("code %q", code)
	}
}

func TestCheckVersion(t *testing.T) {
	id := uuid.Must(uuid.NewV7())
	if err := govops.CheckVersion("task", id, 3, 0); err != nil {
		t.Fatal(err)
	}
	if err := govops.CheckVersion("task", id, 3, 3); err != nil {
		t.Fatal(err)
	}
	if code := govops.ErrorCode(govops.CheckVersion("task", id, 3, 2)); code != govops.ECONFLICT {
		t.Fatalf("code %q", code)
	}
}

func TestCheckPersonName(t *testing.T) {
	for _, tc := range []struct {
		v  string
		ok bool
	}{
		{"张三丰", true},
		{"", true},
		{"李四 13712341111", false},
		{"王五１号", false},
	} {
		var p govops.Problems
		if got := govops.CheckPersonName(&p, "asker", tc.v, 40, false); got != tc.ok || (p.Err() == nil) != tc.ok {
			t.Errorf("%q: ok %v (%v), want %v", tc.v, got, p.Err(), tc.ok)
		}
	}
}
