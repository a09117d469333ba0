package directory_test

import (
	"strings"
	"testing"

	"github.com/govops-kit/govops/directory"
)

func TestKind(t *testing.T) {
	labels := map[directory.Kind]string{directory.KindDepartment: "部门", directory.KindTownship: "乡镇街道",
		directory.KindVillage: "村", directory.KindCommunity: "社区"}
	if got := directory.Kinds(); len(got) != len(labels) {
		t.Fatalf("Kinds() = %v", got)
	}
	for _, k := range directory.Kinds() {
		if !k.Valid() || k.Label() != labels[k] {
			t.Errorf("%s: Valid %v, Label %q; want true, %q", k, k.Valid(), k.Label(), labels[k])
		}
	}
	if directory.Kind("").Valid() || directory.Kind("Township").Valid() {
		t.Error("an empty or capitalised kind is valid")
	}
	for _, tc := range []struct {
		in   string
		want directory.Kind
		ok   bool
	}{
		{"department", directory.KindDepartment, true},
		{" Township ", directory.KindTownship, true},
		{"VILLAGE", directory.KindVillage, true},
		{"部门", directory.KindDepartment, true},
		{"委办局", directory.KindDepartment, true},
		{"乡镇街道", directory.KindTownship, true},
		{"街道", directory.KindTownship, true},
		{"镇", directory.KindTownship, true},
		{"乡镇/街道", directory.KindTownship, true},
		{"村", directory.KindVillage, true},
		{"社区", directory.KindCommunity, true},
		{"", "", false},
		{"居委会", "", false},
		{"towns", "", false},
	} {
		got, ok := directory.ParseKind(tc.in)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("ParseKind(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestZone(t *testing.T) {
	labels := map[directory.Zone]string{directory.ZoneBuilding: "行政大楼", directory.ZoneUrban: "城区", directory.ZoneSuburban: "郊区"}
	for _, z := range directory.Zones() {
		if !z.Valid() || z.Label() != labels[z] {
			t.Errorf("%s: Valid %v, Label %q; want true, %q", z, z.Valid(), z.Label(), labels[z])
		}
	}
	if z := directory.Zone(""); !z.Valid() || z.Label() != "未定" {
		t.Errorf("the zero Zone: Valid %v, Label %q; want true (not yet known), 未定", z.Valid(), z.Label())
	}
	if directory.Zone("rural").Valid() {
		t.Error("an unknown zone is valid")
	}
	for _, tc := range []struct {
		in   string
		want directory.Zone
		ok   bool
	}{
		{"building", directory.ZoneBuilding, true},
		{"Urban", directory.ZoneUrban, true},
		{"行政大楼", directory.ZoneBuilding, true},
		{"大楼", directory.ZoneBuilding, true},
		{"城区", directory.ZoneUrban, true},
		{" 郊区 ", directory.ZoneSuburban, true},
		{"", "", true},
		{"农村", "", false},
	} {
		got, ok := directory.ParseZone(tc.in)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("ParseZone(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestStatusAndEventType(t *testing.T) {
	for s, label := range map[directory.Status]string{directory.StatusActive: "在用", directory.StatusDissolved: "撤销"} {
		if !s.Valid() || s.Label() != label {
			t.Errorf("%s: Valid %v, Label %q; want true, %q", s, s.Valid(), s.Label(), label)
		}
	}
	if len(directory.Statuses()) != 2 || directory.Status("closed").Valid() {
		t.Errorf("Statuses() = %v", directory.Statuses())
	}
	labels := map[directory.EventType]string{directory.EventCreated: "新增", directory.EventUpdated: "修改",
		directory.EventDissolved: "撤销", directory.EventRestored: "恢复"}
	if len(directory.EventTypes()) != len(labels) {
		t.Fatalf("EventTypes() = %v", directory.EventTypes())
	}
	for _, e := range directory.EventTypes() {
		if !e.Valid() || e.Label() != labels[e] {
			t.Errorf("%s: Valid %v, Label %q; want true, %q", e, e.Valid(), e.Label(), labels[e])
		}
	}
	if directory.EventType("deleted").Valid() {
		t.Error("an unknown event type is valid")
	}
}

func TestValidCode(t *testing.T) {
	for _, tc := range []struct {
		code string
		ok   bool
	}{
		{"QZFJ", true},
		{"yuejin.c1", true},
		{"lb-2022_x", true},
		{"0", true},
		{strings.Repeat("x", 64), true},
		{strings.Repeat("x", 65), false},
		{"", false},
		{" QZFJ", false},
		{"区政府办", false},
		{"a/b", false},
		{"a b", false},
		{"ａ", false}, // a full-width letter
		{"K\u212a", false},
	} {
		if got := directory.ValidCode(tc.code); got != tc.ok {
			t.Errorf("ValidCode(%q) = %v, want %v", tc.code, got, tc.ok)
		}
	}
	for in, want := range map[string]string{"QZFJ": "qzfj", "YueJin.C1": "yuejin.c1", "lb-2022_x": "lb-2022_x", "": "", "\u212a": "\u212a"} {
		if got := directory.CodeKey(in); got != want {
			t.Errorf("CodeKey(%q) = %q, want %q", in, got, want)
		}
	}
}
