package security_test

import (
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/security"
)

func TestChecklist(t *testing.T) {
	f := newFix(t)
	list := must(f.svc.Checklist(f.ctx, dept()))(t)
	if len(list) != len(security.BuiltinChecklist()) || list[0].Code != "ac-a" || !list[0].Builtin {
		t.Fatalf("built-in list: %+v", list)
	}
	in := security.ChecklistInput{Code: "pw-len", Control: "8.1.4.1 a)", Category: "身份鉴别", Text: "口令长度不少于 8 位"}
	c := must(f.svc.AddChecklistItem(f.ctx, center(), in))(t)
	if c.Version != 1 || c.Builtin {
		t.Fatalf("added: %+v", c)
	}
	list = must(f.svc.Checklist(f.ctx, center()))(t)
	if len(list) != 10 || list[len(list)-1].Code != "pw-len" {
		t.Fatalf("with the stored one: %+v", list)
	}
	_, err := f.svc.AddChecklistItem(f.ctx, center(), in)
	wantErr(t, err, govops.ECONFLICT)
	in.Code = "ia-a"
	_, err = f.svc.AddChecklistItem(f.ctx, center(), in)
	wantErr(t, err, govops.ECONFLICT, "code")
	_, err = f.svc.AddChecklistItem(f.ctx, center(), security.ChecklistInput{IfVersion: 1, Text: "密码=123456"})
	wantErr(t, err, govops.EINVALID, "code", "control", "category", "text", "if_version")
	for _, by := range []govops.Actor{dept(), viewer()} {
		_, err = f.svc.AddChecklistItem(f.ctx, by, in)
		wantErr(t, err, govops.EFORBIDDEN)
		_, err = f.svc.UpdateChecklistItem(f.ctx, by, "pw-len", in)
		wantErr(t, err, govops.EFORBIDDEN)
	}
	in = security.ChecklistInput{Control: "8.1.4.1 a)", Category: "身份鉴别", Text: "口令长度不少于 8 位", Retired: true, IfVersion: 1}
	_, err = f.svc.UpdateChecklistItem(f.ctx, center(), "ia-a", in)
	wantErr(t, err, govops.EFORBIDDEN)
	_, err = f.svc.UpdateChecklistItem(f.ctx, center(), "none", in)
	wantErr(t, err, govops.ENOTFOUND)
	in.Code = "other"
	_, err = f.svc.UpdateChecklistItem(f.ctx, center(), "pw-len", in)
	wantErr(t, err, govops.EINVALID, "code")
	in.Code = ""
	c = must(f.svc.UpdateChecklistItem(f.ctx, center(), "pw-len", in))(t)
	if !c.Retired || c.Version != 2 {
		t.Fatalf("retired: %+v", c)
	}
	_, err = f.svc.UpdateChecklistItem(f.ctx, center(), "pw-len", in)
	wantErr(t, err, govops.ECONFLICT)
	list = must(f.svc.Checklist(f.ctx, center()))(t)
	if !list[len(list)-1].Retired {
		t.Fatal("the retired item is not listed as retired")
	}
	// a retired item is no longer asked
	_, err = f.svc.RecordInspection(f.ctx, center(), security.InspectionInput{Date: date(2022, 6, 1), Scope: "x",
		Items: []security.ItemResult{{Item: "pw-len", Result: security.ResultPass}}})
	wantErr(t, err, govops.EINVALID, "items[0].item")
}

func TestRecordInspection(t *testing.T) {
	f := newFix(t)
	must(f.svc.AddChecklistItem(f.ctx, center(), security.ChecklistInput{Code: "pw-len", Control: "自定 1", Category: "身份鉴别", Text: "口令长度"}))(t)
	x := must(f.svc.RecordInspection(f.ctx, center(), security.InspectionInput{Department: "QZFJ", Date: date(2022, 6, 1), Scope: "核心设备",
		Items:    []security.ItemResult{{Item: "ia-a", Result: security.ResultPartial, Note: "部分设备"}, {Item: "pw-len", Result: security.ResultNA}},
		Findings: []security.Observation{assetFinding("FW-01", "QZFJ", security.FindingDefaultCredential, security.SeverityCritical)}}))(t)
	if x.Inspector != center().Name || x.Items[0].Control != "8.1.4.1 a)" || x.Items[1].Control != "自定 1" || x.Findings[0].Seq != 1 {
		t.Fatalf("inspection: %+v", x)
	}
	cases := []struct {
		name  string
		edit  func(*security.InspectionInput)
		field string
	}{
		{"bad department", func(in *security.InspectionInput) { in.Department = "Q Z\t" }, "department"},
		{"no date", func(in *security.InspectionInput) { in.Date = time.Time{} }, "date"},
		{"future date", func(in *security.InspectionInput) { in.Date = date(2022, 7, 1) }, "date"},
		{"no scope", func(in *security.InspectionInput) { in.Scope = "" }, "scope"},
		{"unknown item", func(in *security.InspectionInput) { in.Items[0].Item = "zz" }, "items[0].item"},
		{"no item", func(in *security.InspectionInput) { in.Items[0].Item = "" }, "items[0].item"},
		{"item twice", func(in *security.InspectionInput) { in.Items[1].Item = "ia-a" }, "items[1].item"},
		{"bad result", func(in *security.InspectionInput) { in.Items[1].Result = "ok" }, "items[1].result"},
		{"no result", func(in *security.InspectionInput) { in.Items[1].Result = "" }, "items[1].result"},
		{"fail without note", func(in *security.InspectionInput) { in.Items[0].Note = "" }, "items[0].note"},
		{"partial without note", func(in *security.InspectionInput) { in.Items[0].Result, in.Items[0].Note = security.ResultPartial, "" }, "items[0].note"},
		{"finding without severity", func(in *security.InspectionInput) { in.Findings[0].Severity = "" }, "findings[0].severity"},
		{"credential in a finding", func(in *security.InspectionInput) { in.Findings[0].Detail = "password=admin" }, "findings[0].detail"},
		{"version on a new inspection", func(in *security.InspectionInput) { in.IfVersion = 1 }, "if_version"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := security.InspectionInput{Date: date(2022, 6, 1), Scope: "核心设备", Inspector: "陈明",
				Items:    []security.ItemResult{{Item: "ia-a", Result: security.ResultFail, Note: "弱口令"}, {Item: "ac-b", Result: security.ResultPass}},
				Findings: []security.Observation{assetFinding("SW-01", "", security.FindingWeakPassword, security.SeverityHigh)}}
			c.edit(&in)
			_, err := f.svc.RecordInspection(f.ctx, center(), in)
			wantErr(t, err, govops.EINVALID, c.field)
		})
	}
}

func TestInspection_Permissions(t *testing.T) {
	f := newFix(t)
	own := f.inspection(t, "QZFJ", date(2022, 6, 1))
	other := f.inspection(t, "WJJ", date(2022, 6, 2))
	centers := f.inspection(t, "", date(2022, 6, 3))
	for _, by := range []govops.Actor{dept(), viewer()} {
		_, err := f.svc.RecordInspection(f.ctx, by, security.InspectionInput{})
		wantErr(t, err, govops.EFORBIDDEN)
		_, err = f.svc.UpdateInspection(f.ctx, by, own.ID.String(), security.InspectionInput{})
		wantErr(t, err, govops.EFORBIDDEN)
	}
	got := must(f.svc.Inspection(f.ctx, dept(), own.ID.String()))(t)
	if got.Inspector != "陈明" {
		t.Fatalf("the unit does not see its own inspector: %q", got.Inspector)
	}
	must(f.svc.InspectionTrail(f.ctx, dept(), own.ID.String()))(t)
	for _, x := range []*security.Inspection{other, centers} {
		_, err := f.svc.Inspection(f.ctx, dept(), x.ID.String())
		wantErr(t, err, govops.ENOTFOUND)
		_, err = f.svc.InspectionTrail(f.ctx, dept(), x.ID.String())
		wantErr(t, err, govops.ENOTFOUND)
	}
	page := must(f.svc.Inspections(f.ctx, dept(), security.InspectionListInput{}))(t)
	if len(page.Items) != 1 || page.Items[0].ID != own.ID {
		t.Fatalf("a department lists %+v", page.Items)
	}
	_, err := f.svc.Inspections(f.ctx, dept(), security.InspectionListInput{Department: "WJJ"})
	wantErr(t, err, govops.EFORBIDDEN, "department")
	page = must(f.svc.Inspections(f.ctx, viewer(), security.InspectionListInput{Year: 2022}))(t)
	if len(page.Items) != 3 || page.Items[0].Inspector == "陈明" {
		t.Fatalf("a reader lists %d, inspector %q", len(page.Items), page.Items[0].Inspector)
	}
	page = must(f.svc.Inspections(f.ctx, center(), security.InspectionListInput{Department: "WJJ"}))(t)
	if len(page.Items) != 1 || page.Items[0].ID != other.ID {
		t.Fatalf("center lists WJJ: %+v", page.Items)
	}
}

func TestUpdateInspection_KeepsRaisedFindings(t *testing.T) {
	f := newFix(t)
	x := f.inspection(t, "QZFJ", date(2022, 6, 1), assetFinding("SW-01", "QZFJ", security.FindingWeakPassword, security.SeverityHigh))
	must(f.svc.RaiseFindings(f.ctx, center(), security.SourceInspection, x.ID.String()))(t)
	in := security.InspectionInput{Department: "QZFJ", Date: date(2022, 6, 1), Scope: "核心设备", Inspector: "陈明", IfVersion: 1,
		Items:    x.Items,
		Findings: []security.Observation{assetFinding("SW-01", "QZFJ", security.FindingNoPassword, security.SeverityHigh)}}
	_, err := f.svc.UpdateInspection(f.ctx, center(), x.ID.String(), in)
	wantErr(t, err, govops.ECONFLICT, "findings[0]")
	in.Findings = append(x.Findings, assetFinding("SW-02", "QZFJ", security.FindingNoPassword, security.SeverityCritical))
	x = must(f.svc.UpdateInspection(f.ctx, center(), x.ID.String(), in))(t)
	if len(x.Findings) != 2 || x.Version != 2 {
		t.Fatalf("updated: %+v", x)
	}
	_, err = f.svc.UpdateInspection(f.ctx, center(), x.ID.String(), in)
	wantErr(t, err, govops.ECONFLICT)
	raised := must(f.svc.RaiseFindings(f.ctx, center(), security.SourceInspection, x.ID.String()))(t)
	if len(raised) != 1 || raised[0].Asset != "SW-02" || raised[0].Source.Seq != 2 {
		t.Fatalf("raised the new one: %+v", raised)
	}
}
