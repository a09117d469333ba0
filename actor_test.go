package govops_test

import (
	"strings"
	"testing"

	"github.com/govops-kit/govops"
)

func TestActor_Role(t *testing.T) {
	for _, tt := range []struct {
		a        govops.Actor
		role     govops.Role
		center   bool
		seesQZFJ bool
		seesGXJ  bool
		personal bool // sees QZFJ's personal data
	}{
		{govops.Actor{Name: "王芳"}, govops.RoleCenter, true, true, true, true},
		{govops.Actor{Name: "李强", Department: "QZFJ"}, govops.RoleDepartment, false, true, false, true},
		{govops.Actor{Name: "审计", ReadOnly: true}, govops.RoleReadOnly, false, true, true, false},
		{govops.Actor{Name: "审计", Department: "QZFJ", ReadOnly: true}, govops.RoleReadOnly, false, true, false, false},
	} {
		t.Run(string(tt.a.Role())+"/"+tt.a.Department, func(t *testing.T) {
			if got := tt.a.Role(); got != tt.role {
				t.Errorf("Role() = %s, want %s", got, tt.role)
			}
			if got := tt.a.IsCenter(); got != tt.center {
				t.Errorf("IsCenter() = %v, want %v", got, tt.center)
			}
			if got := tt.a.MaySee("QZFJ"); got != tt.seesQZFJ {
				t.Errorf("MaySee(QZFJ) = %v, want %v", got, tt.seesQZFJ)
			}
			if got := tt.a.MaySee("GXJ"); got != tt.seesGXJ {
				t.Errorf("MaySee(GXJ) = %v, want %v", got, tt.seesGXJ)
			}
			if got := tt.a.SeesPersonalData("QZFJ"); got != tt.personal {
				t.Errorf("SeesPersonalData(QZFJ) = %v, want %v", got, tt.personal)
			}
		})
	}
}

func TestActor_Validate(t *testing.T) {
	for _, tt := range []struct {
		name  string
		a     govops.Actor
		field string // "" when valid
	}{
		{"OK", govops.Actor{Name: "王芳", Department: "QZFJ"}, ""},
		{"ErrNoName", govops.Actor{Name: "  "}, "actor"},
		{"ErrLongName", govops.Actor{Name: strings.Repeat("张", govops.MaxActorLen+1)}, "actor"},
		{"ErrControlInName", govops.Actor{Name: "王\x00芳"}, "actor"},
		{"ErrBidiInName", govops.Actor{Name: "王\u202e芳"}, "actor"},
		{"ErrInvalidUTF8", govops.Actor{Name: "\xff"}, "actor"},
		{"ErrDepartmentSpaces", govops.Actor{Name: "王芳", Department: " QZFJ"}, "actor.department"},
		{"ErrDepartmentLong", govops.Actor{Name: "王芳", Department: strings.Repeat("D", govops.MaxCodeLen+1)}, "actor.department"},
		{"ErrDepartmentTab", govops.Actor{Name: "王芳", Department: "Q\tZ"}, "actor.department"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.a.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if govops.ErrorCode(err) != govops.EINVALID {
				t.Fatalf("Validate() = %v, want EINVALID", err)
			}
			if _, ok := govops.ErrorFields(err)[tt.field]; !ok {
				t.Fatalf("fields %v, want %s", govops.ErrorFields(err), tt.field)
			}
		})
	}
}

func TestActor_CenterOnly(t *testing.T) {
	for _, tt := range []struct {
		a                govops.Actor
		write, centerErr string
	}{
		{govops.Actor{Name: "王芳"}, "", ""},
		{govops.Actor{Name: "李强", Department: "QZFJ"}, "", govops.EFORBIDDEN},
		{govops.Actor{Name: "审计", ReadOnly: true}, govops.EFORBIDDEN, govops.EFORBIDDEN},
		{govops.Actor{}, govops.EINVALID, govops.EINVALID},
	} {
		if got := govops.ErrorCode(tt.a.MayWrite("record deductions")); got != tt.write {
			t.Errorf("%+v MayWrite: %q, want %q", tt.a, got, tt.write)
		}
		err := tt.a.CenterOnly("record deductions")
		if got := govops.ErrorCode(err); got != tt.centerErr {
			t.Errorf("%+v CenterOnly: %q, want %q", tt.a, got, tt.centerErr)
		}
		if tt.centerErr == govops.EFORBIDDEN && !strings.Contains(err.Error(), "record deductions") {
			t.Errorf("%+v CenterOnly: %v does not name the change", tt.a, err)
		}
	}
}

func TestActor_Scope(t *testing.T) {
	center := govops.Actor{Name: "王芳"}
	if got, err := center.Scope(""); got != "" || err != nil {
		t.Errorf("center Scope(\"\") = %q, %v", got, err)
	}
	if got, err := center.Scope("GXJ"); got != "GXJ" || err != nil {
		t.Errorf("center Scope(GXJ) = %q, %v", got, err)
	}
	dept := govops.Actor{Name: "李强", Department: "QZFJ"}
	if got, err := dept.Scope(""); got != "QZFJ" || err != nil {
		t.Errorf("dept Scope(\"\") = %q, %v", got, err)
	}
	if got, err := dept.Scope("QZFJ"); got != "QZFJ" || err != nil {
		t.Errorf("dept Scope(QZFJ) = %q, %v", got, err)
	}
	_, err := dept.Scope("GXJ")
	if govops.ErrorCode(err) != govops.EFORBIDDEN || govops.ErrorFields(err)["department"] == "" {
		t.Errorf("dept Scope(GXJ) = %v, want EFORBIDDEN naming department", err)
	}
}
