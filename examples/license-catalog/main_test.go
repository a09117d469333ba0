package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/govops-kit/govops/license"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	s, err := run(t.Context(), &out)
	if err != nil {
		t.Fatal(err)
	}
	text := out.String()
	t.Log(text)
	cv := s.Coverage

	// The seed's figures, as computed: 46 types, each with its layout
	// template, and 850 records uploaded.
	if cv.Types != 46 || cv.WithTemplate != 46 || cv.Records != 850 {
		t.Errorf("types %d, with template %d, records %d; want 46, 46, 850", cv.Types, cv.WithTemplate, cv.Records)
	}
	if s.TypesLoaded != 46 || s.RecordsRows != 850 || s.RecordsBadIn != 0 {
		t.Errorf("imported %d types and %d record rows (%d bad); want 46 and 850, none bad", s.TypesLoaded, s.RecordsRows, s.RecordsBadIn)
	}
	if cv.Claimed != 46 || cv.Unclaimed != 0 || cv.WithSchema != 46 || cv.WithRecords != 44 {
		t.Errorf("claimed %d, unclaimed %d, with schema %d, with records %d; want 46, 0, 46, 44", cv.Claimed, cv.Unclaimed, cv.WithSchema, cv.WithRecords)
	}

	// What is still unknown, in numbers: the claims of the three
	// departments that declared no count, and the shortfalls of the
	// others against what they declared.
	if s.Undeclared != 10 || s.Short != 10 || s.Empty != 2 || s.Shortfall != 173 {
		t.Errorf("undeclared %d, short %d, empty %d, shortfall %d; want 10, 10, 2, 173", s.Undeclared, s.Short, s.Empty, s.Shortfall)
	}
	if cv.Uploaded.Numerator != 728 || cv.Uploaded.Denominator != 901 || cv.Uploaded.String() != "80.80%" {
		t.Errorf("uploaded %s (%d of %d), want 80.80%% (728 of 901)", cv.Uploaded, cv.Uploaded.Numerator, cv.Uploaded.Denominator)
	}
	undeclared := map[string]bool{}
	for _, d := range departments() {
		undeclared[d.code] = !d.declares
	}
	for _, r := range cv.Risks {
		if (r.Reason == license.RiskNoExpected) != undeclared[r.Department] {
			t.Errorf("risk %+v: a %s risk for a department that declares=%v", r, r.Reason, !undeclared[r.Department])
		}
	}

	// The report prints exactly those figures.
	for _, want := range []string{
		"证照类型 46 类：已认领 46 类",
		"已审定版式文件 46 类",
		"上传证照数据 850 份",
		"应有 901 份，已上传 728 份（80.80%）",
		"未申报底数的认领 10 项",
		"共缺 173 份",
		"[尚未上传]",
	} {
		if want == "[尚未上传]" {
			want = "[" + license.RiskNoRecords.Label() + "] 职业技能等级证书（区人力资源和社会保障局）：应有 20 份，尚未上传"
		}
		if !strings.Contains(text, want) {
			t.Errorf("the report does not say %q", want)
		}
	}
}
