package license_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/govops-kit/govops/license"
)

func TestService_Coverage(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t)
	// Four types: one claimed by two departments, with an approved
	// template and a schema; one claimed without either; one explained;
	// one unclaimed.
	biz := mustAddType(t, s, bizLicense(t))
	person := mustAddType(t, s, personLicense(t))
	explained := bizLicense(t)
	explained.Code, explained.Name = typeCode(t, 3), "烟草专卖零售许可证"
	mustAddType(t, s, explained)
	unclaimed := bizLicense(t)
	unclaimed.Code, unclaimed.Name = typeCode(t, 4), "药品经营许可证"
	mustAddType(t, s, unclaimed)

	mustClaim(t, s, market(), biz.Code, 3)
	if _, err := s.FileClaim(ctx, center(), license.ClaimInput{Type: biz.Code, Department: "WJW"}); err != nil {
		t.Fatal(err)
	}
	tpl, err := s.UploadTemplate(ctx, market(), license.TemplateInput{Type: biz.Code, Content: bytes.NewReader(pdf())})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ApproveTemplate(ctx, center(), tpl.ID.String(), 0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetSchema(ctx, market(), license.SchemaInput{Type: biz.Code, Fields: faceFields()}); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 2; i++ {
		if _, err := s.CreateRecord(ctx, market(), bizRecord(t, i)); err != nil {
			t.Fatal(err)
		}
	}
	wjw := bizRecord(t, 3)
	wjw.Department = "WJW"
	if _, err := s.CreateRecord(ctx, center(), wjw); err != nil {
		t.Fatal(err)
	}
	if _, err := s.WithdrawClaim(ctx, center(), biz.Code, "WJW", "职能划转", 0); err != nil {
		t.Fatal(err)
	}
	mustClaim(t, s, housing(), person.Code, 5)
	if _, err := s.FileClaim(ctx, housing(), license.ClaimInput{Type: explained.Code, Kind: license.KindExplanation, Explanation: "不颁发"}); err != nil {
		t.Fatal(err)
	}

	cv, err := s.Coverage(ctx, center())
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintf("types %d claimed %d explained %d unclaimed %d template %d schema %d with-records %d records %d uploaded %s",
		cv.Types, cv.Claimed, cv.Explained, cv.Unclaimed, cv.WithTemplate, cv.WithSchema, cv.WithRecords, cv.Records, cv.Uploaded)
	if want := "types 4 claimed 2 explained 1 unclaimed 1 template 1 schema 1 with-records 1 records 3 uploaded 25.00%"; got != want {
		t.Fatalf("coverage:\n got %s\nwant %s", got, want)
	}
	var risks []string
	for _, r := range cv.Risks {
		risks = append(risks, fmt.Sprintf("%s/%s/%s/%d/%d", r.Type[18:], r.Department, r.Reason, r.Expected, r.Records))
	}
	want := []string{
		"001/SCJGJ/below_expected/3/2",
		"001/WJW/records_without_claim/-1/1",
		"002//no_template/-1/0",
		"002//no_schema/-1/0",
		"002/ZJJ/no_records/5/0",
		"004//unclaimed/-1/0",
	}
	if !slices.Equal(risks, want) {
		t.Fatalf("risks:\n got %q\nwant %q", risks, want)
	}
	var depts []string
	for _, d := range cv.Departments {
		depts = append(depts, fmt.Sprintf("%s claimed %d explained %d expected %d records %d uploaded %s", d.Department, d.Claimed, d.Explained, d.Expected, d.Records, d.Uploaded))
	}
	wantDepts := []string{
		"SCJGJ claimed 1 explained 0 expected 3 records 2 uploaded 66.67%",
		"ZJJ claimed 1 explained 1 expected 5 records 0 uploaded 0.00%",
	}
	if !slices.Equal(depts, wantDepts) {
		t.Fatalf("departments:\n got %q\nwant %q", depts, wantDepts)
	}

	// A department sees the catalog's counts, and only its own line and
	// risks beside the risks of whole types.
	mine, err := s.Coverage(ctx, market())
	if err != nil {
		t.Fatal(err)
	}
	if len(mine.Departments) != 1 || mine.Departments[0].Department != "SCJGJ" || mine.Types != 4 {
		t.Fatalf("SCJGJ's coverage = %+v", mine)
	}
	for _, r := range mine.Risks {
		if r.Department != "" && r.Department != "SCJGJ" {
			t.Fatalf("SCJGJ sees the risk %+v", r)
		}
	}
}
