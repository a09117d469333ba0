package security_test

import (
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/security"
)

func exerciseInput() security.ExerciseInput {
	return security.ExerciseInput{Name: "2022 年柳州市网络安全攻防演练", Organizer: "市网信办", Start: date(2022, 5, 9), End: date(2022, 5, 20),
		Role: security.RoleDefender, Detected: 200, Blocked: 191, Early: 37,
		Findings: []security.Observation{
			assetFinding("WEB-OA", "QZFJ", security.FindingUnpatched, security.SeverityCritical),
			assetFinding("VPN-01", "", security.FindingExposedService, security.SeverityHigh),
			assetFinding("CAM-12", "WJJ", security.FindingDefaultCredential, security.SeverityHigh),
			{Detail: "夜间值守人员不足", Severity: security.SeverityLow},
		}}
}

func TestRecordExercise_BadInput(t *testing.T) {
	f := newFix(t)
	cases := []struct {
		name  string
		edit  func(*security.ExerciseInput)
		field string
	}{
		{"no name", func(in *security.ExerciseInput) { in.Name = "" }, "name"},
		{"no start", func(in *security.ExerciseInput) { in.Start = time.Time{} }, "start"},
		{"no end", func(in *security.ExerciseInput) { in.End = time.Time{} }, "end"},
		{"end before start", func(in *security.ExerciseInput) { in.End = date(2022, 5, 8) }, "end"},
		{"no role", func(in *security.ExerciseInput) { in.Role = "" }, "role"},
		{"bad role", func(in *security.ExerciseInput) { in.Role = "attacker" }, "role"},
		{"negative detected", func(in *security.ExerciseInput) { in.Detected, in.Blocked, in.Early = -1, 0, 0 }, "detected"},
		{"negative blocked", func(in *security.ExerciseInput) { in.Blocked = -1 }, "blocked"},
		{"negative early", func(in *security.ExerciseInput) { in.Early = -1 }, "early"},
		{"blocked above detected", func(in *security.ExerciseInput) { in.Blocked = 201 }, "blocked"},
		{"early above detected", func(in *security.ExerciseInput) { in.Early = 201 }, "early"},
		{"finding without kind", func(in *security.ExerciseInput) { in.Findings[2].Kind = "" }, "findings[2].kind"},
		{"credential in the note", func(in *security.ExerciseInput) { in.Note = "靶标 secret=abc" }, "note"},
		{"version on a new exercise", func(in *security.ExerciseInput) { in.IfVersion = 1 }, "if_version"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := exerciseInput()
			c.edit(&in)
			_, err := f.svc.RecordExercise(f.ctx, center(), in)
			wantErr(t, err, govops.EINVALID, c.field)
		})
	}
}

func TestExercise_SummaryAndRaised(t *testing.T) {
	f := newFix(t)
	x := must(f.svc.RecordExercise(f.ctx, center(), exerciseInput()))(t)
	hs := must(f.svc.RaiseFindings(f.ctx, center(), security.SourceExercise, x.ID.String()))(t)
	if len(hs) != 3 || !hs[0].FoundOn.Equal(date(2022, 5, 9)) {
		t.Fatalf("raised: %+v", hs)
	}
	must(f.svc.Remediate(f.ctx, center(), hs[0].ID.String(), security.Remediation{Remediation: "已打补丁", RemediatedBy: "张伟"}))(t)
	must(f.svc.Remediate(f.ctx, center(), hs[1].ID.String(), security.Remediation{Remediation: "已关闭", RemediatedBy: "张伟"}))(t)
	must(f.svc.Verify(f.ctx, center(), hs[1].ID.String(), security.Verification{VerifiedBy: "王芳"}))(t)
	sum := must(f.svc.ExerciseSummary(f.ctx, viewer(), x.ID.String()))(t)
	if sum.BlockRate.String() != "95.50%" || sum.EarlyRate.String() != "18.50%" || sum.Findings != 4 || sum.Raised != 3 ||
		sum.Open != 1 || sum.Remediated != 1 || sum.Verified != 1 {
		t.Fatalf("summary: %+v", sum)
	}
	want := []int{1, 2, 0, 1}
	for i, c := range sum.BySeverity {
		if c.Severity != security.Severities()[i] || c.Count != want[i] {
			t.Fatalf("by severity: %+v", sum.BySeverity)
		}
	}
	// a raised finding may be neither removed nor changed
	in := exerciseInput()
	in.Findings[2].Severity = security.SeverityMedium
	_, err := f.svc.UpdateExercise(f.ctx, center(), x.ID.String(), in)
	wantErr(t, err, govops.ECONFLICT, "findings[2]")
	in = exerciseInput()
	in.Findings = in.Findings[:2]
	_, err = f.svc.UpdateExercise(f.ctx, center(), x.ID.String(), in)
	wantErr(t, err, govops.ECONFLICT, "findings[2]")
	in = exerciseInput()
	in.Findings[3].Detail = "夜间值守人员不足，已补充"
	in.Blocked, in.IfVersion = 195, 1
	x = must(f.svc.UpdateExercise(f.ctx, center(), x.ID.String(), in))(t)
	if x.Blocked != 195 || x.Version != 2 {
		t.Fatalf("updated: %+v", x)
	}
	_, err = f.svc.UpdateExercise(f.ctx, center(), x.ID.String(), in)
	wantErr(t, err, govops.ECONFLICT)
	sum = must(f.svc.ExerciseSummary(f.ctx, center(), x.ID.String()))(t)
	if sum.BlockRate.String() != "97.50%" {
		t.Fatalf("block rate after the update: %s", sum.BlockRate)
	}
	// a zero count has no rate
	in = exerciseInput()
	in.Detected, in.Blocked, in.Early, in.Findings = 0, 0, 0, nil
	y := must(f.svc.RecordExercise(f.ctx, center(), in))(t)
	if sum := must(f.svc.ExerciseSummary(f.ctx, center(), y.ID.String()))(t); sum.BlockRate.Applicable || sum.Findings != 0 {
		t.Fatalf("an exercise without attacks: %+v", sum)
	}
}

func TestExercise_Permissions(t *testing.T) {
	f := newFix(t)
	x := must(f.svc.RecordExercise(f.ctx, center(), exerciseInput()))(t)
	for _, by := range []govops.Actor{dept(), viewer()} {
		_, err := f.svc.RecordExercise(f.ctx, by, exerciseInput())
		wantErr(t, err, govops.EFORBIDDEN)
		_, err = f.svc.UpdateExercise(f.ctx, by, x.ID.String(), exerciseInput())
		wantErr(t, err, govops.EFORBIDDEN)
	}
	for _, call := range []func(govops.Actor) error{
		func(by govops.Actor) error { _, err := f.svc.Exercise(f.ctx, by, x.ID.String()); return err },
		func(by govops.Actor) error {
			_, err := f.svc.Exercises(f.ctx, by, security.ExerciseListInput{Year: 2022})
			return err
		},
		func(by govops.Actor) error { _, err := f.svc.ExerciseTrail(f.ctx, by, x.ID.String()); return err },
		func(by govops.Actor) error { _, err := f.svc.ExerciseSummary(f.ctx, by, x.ID.String()); return err },
	} {
		wantErr(t, call(dept()), govops.EFORBIDDEN)
		if err := call(viewer()); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(must(f.svc.Exercises(f.ctx, center(), security.ExerciseListInput{Year: 2022}))(t).Items); n != 1 {
		t.Fatalf("2022 lists %d", n)
	}
	if n := len(must(f.svc.Exercises(f.ctx, center(), security.ExerciseListInput{Year: 2021}))(t).Items); n != 0 {
		t.Fatalf("2021 lists %d", n)
	}
}
