package govops_test

import (
	"testing"

	"github.com/govops-kit/govops"
)

func TestParseID(t *testing.T) {
	id, err := govops.NewID()
	if err != nil || id.Version() != 7 {
		t.Fatalf("NewID: %v, version %d", err, id.Version())
	}
	got, err := govops.ParseID("ref", id.String(), "drill")
	if err != nil || got != id {
		t.Fatalf("ParseID of an ID: %v, %v", got, err)
	}
	if _, err := govops.ParseID("ref", "2022-000001", "drill"); govops.ErrorCode(err) != govops.ENOTFOUND {
		t.Errorf("a number: %v, want ENOTFOUND", err)
	}
	if _, err := govops.ParseID("ref", "no such ref!", "drill"); govops.ErrorCode(err) != govops.EINVALID || govops.ErrorFields(err)["ref"] == "" {
		t.Errorf("a malformed reference: %v, want EINVALID naming ref", err)
	}
}

func TestReadDistrictAndMaskFor(t *testing.T) {
	center, viewer, dept := govops.Actor{Name: "王"}, govops.Actor{Name: "审计", ReadOnly: true}, govops.Actor{Name: "张", Department: "lbq-scjg"}
	if center.ReadDistrict("drills") != nil || viewer.ReadDistrict("drills") != nil {
		t.Error("the center or its reader may not read the district")
	}
	if govops.ErrorCode(dept.ReadDistrict("drills")) != govops.EFORBIDDEN || govops.ErrorCode(govops.Actor{}.ReadDistrict("drills")) != govops.EINVALID {
		t.Error("a department or a nameless actor read the district")
	}
	type rec struct {
		Phone string `mask:"phone"`
	}
	v := rec{Phone: "13812341234"}
	if govops.MaskFor(center, "lbq-scjg", v) != v || govops.MaskFor(dept, "lbq-scjg", v) != v {
		t.Error("masked for a reader entitled to it")
	}
	if govops.MaskFor(viewer, "lbq-scjg", v) == v || govops.MaskFor(dept, "lbq-other", v) == v {
		t.Error("not masked for a reader not entitled to it")
	}
}
