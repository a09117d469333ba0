package annual_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/internal/demo"
	"github.com/govops-kit/govops/refserver"
	"github.com/govops-kit/govops/security"
)

var secSh = govops.ShanghaiLocation()

// secDay returns a day in Asia/Shanghai.
func secDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, secSh) }

// secMust returns v, or fails the test with err.
func secMust[T any](t *testing.T) func(v T, err error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// securityYear stores a security year through the Services: two plan
// revisions (2021's superseded by 2022's), a live, a joint and a tabletop
// drill with actions, a self-inspection and an exercise whose findings
// are raised and worked, a record found in 2021 and hardened in 2022, and
// an incident. Its clock reads 2023-01-05.
func securityYear(t *testing.T) refserver.Services {
	t.Helper()
	now := secDay(2023, 1, 5).Add(10 * time.Hour)
	svc := refserver.Wire(demo.MemStores(), refserver.WireConfig{Now: func() time.Time { return now }})
	ctx, center := context.Background(), govops.Actor{Name: "王芳"}
	for _, d := range []directory.CreateInput{{Code: "QZFJ", Name: "区人力资源和社会保障局"}, {Code: "WJJ", Name: "区卫生健康局"}} {
		secMust[*directory.Department](t)(svc.Departments.Create(ctx, center, d))
	}
	sec := svc.Security
	grades := []security.GradeResponse{{Grade: security.GradeI}, {Grade: security.GradeII}, {Grade: security.GradeIII}, {Grade: security.GradeIV}}
	plan := func(year int, on time.Time) *security.Plan {
		p := secMust[*security.Plan](t)(sec.DraftPlan(ctx, center, security.PlanInput{Code: "network", Year: year,
			Title: time.Date(year, 1, 1, 0, 0, 0, 0, secSh).Format("2006") + "年网络安全应急预案", Grades: grades}))
		return secMust[*security.Plan](t)(sec.ApprovePlan(ctx, center, p.ID.String(), security.PlanApproval{ApprovedBy: "中心主任办公会", On: on}))
	}
	p21 := plan(2021, secDay(2021, 3, 1))
	p22 := plan(2022, secDay(2022, 2, 15))
	secMust[*security.Plan](t)(sec.DraftPlan(ctx, center, security.PlanInput{Code: "power", Year: 2022, Title: "机房停电应急预案"}))
	drill := func(p *security.Plan, on time.Time, typ security.DrillType, acts ...security.ActionInput) *security.Drill {
		return secMust[*security.Drill](t)(sec.RecordDrill(ctx, center, security.DrillInput{Plan: p.ID.String(), Date: on, Type: typ,
			Scenario: "外网核心交换机遭受攻击", Participants: []string{"区政务网络服务中心"}, Actions: acts}))
	}
	drill(p21, secDay(2021, 6, 1), security.DrillJoint)
	drill(p22, secDay(2022, 3, 10), security.DrillTabletop)
	drill(p22, secDay(2022, 9, 20), security.DrillJoint)
	live := drill(p22, secDay(2022, 6, 16), security.DrillLive,
		security.ActionInput{Title: "修订应急通讯录", Due: secDay(2022, 7, 1)},
		security.ActionInput{Title: "采购备用防火墙", Due: secDay(2022, 11, 30)},
		security.ActionInput{Title: "开展全员培训", Due: secDay(2023, 3, 1)})
	secMust[*security.Drill](t)(sec.UpdateAction(ctx, center, live.ID.String(), 1, security.ActionUpdate{Status: security.ActionDone, On: secDay(2022, 6, 28)}))

	ob := func(asset, dept string, k security.FindingKind) security.Observation {
		return security.Observation{Asset: asset, Department: dept, Kind: k, Severity: security.SeverityHigh, Detail: "检查发现" + k.Label()}
	}
	x := secMust[*security.Inspection](t)(sec.RecordInspection(ctx, center, security.InspectionInput{Department: "QZFJ", Date: secDay(2022, 4, 12),
		Scope: "接入设备", Items: []security.ItemResult{{Item: "ia-a", Result: security.ResultFail, Note: "存在弱口令"}},
		Findings: []security.Observation{ob("SW-01", "QZFJ", security.FindingWeakPassword), ob("AP-01", "WJJ", security.FindingNoPassword),
			ob("CAM-01", "QZFJ", security.FindingDefaultCredential), ob("SRV-01", "QZFJ", security.FindingUnpatched)}}))
	hs := secMust[[]security.Hardening](t)(sec.RaiseFindings(ctx, center, security.SourceInspection, x.ID.String()))
	fix := func(h security.Hardening, unit govops.Actor, on time.Time) {
		secMust[*security.Hardening](t)(sec.Remediate(ctx, unit, h.ID.String(), security.Remediation{Remediation: "已加固", RemediatedBy: unit.Name, On: on}))
		secMust[*security.Hardening](t)(sec.Verify(ctx, center, h.ID.String(), security.Verification{VerifiedBy: "李强", At: on.AddDate(0, 0, 2)}))
	}
	qz, wj := govops.Actor{Name: "张伟", Department: "QZFJ"}, govops.Actor{Name: "赵敏", Department: "WJJ"}
	fix(hs[0], qz, secDay(2022, 4, 20))
	fix(hs[1], wj, secDay(2022, 4, 21))
	fix(hs[2], qz, secDay(2022, 4, 22))
	secMust[*security.Hardening](t)(sec.Retest(ctx, center, hs[2].ID.String(), security.Retest{At: secDay(2022, 7, 10), Note: "复测仍为默认口令"}))
	fix(hs[3], qz, secDay(2022, 4, 25))
	old := secMust[*security.Hardening](t)(sec.OpenHardening(ctx, center, security.HardeningInput{Department: "QZFJ", Asset: "PC-09",
		Kind: security.FindingWeakPassword, Severity: security.SeverityMedium, FoundOn: secDay(2021, 12, 1)}))
	fix(*old, qz, secDay(2022, 1, 4))

	ex := secMust[*security.Exercise](t)(sec.RecordExercise(ctx, center, security.ExerciseInput{Name: "2022年柳州市网络安全攻防演练", Organizer: "市委网信办",
		Start: secDay(2022, 7, 18), End: secDay(2022, 7, 29), Role: security.RoleDefender, Detected: 200, Blocked: 190, Early: 170,
		Findings: []security.Observation{ob("OA-WEB", "QZFJ", security.FindingWeakPassword)}}))
	xs := secMust[[]security.Hardening](t)(sec.RaiseFindings(ctx, center, security.SourceExercise, ex.ID.String()))
	fix(xs[0], qz, secDay(2022, 8, 2))

	inc := secMust[*security.Incident](t)(sec.ReportIncident(ctx, qz, security.IncidentInput{Title: "办公终端感染病毒", Type: security.IncidentMalware,
		Grade: security.GradeIV, DetectedAt: secDay(2022, 5, 10).Add(10 * time.Hour), ReportedAt: secDay(2022, 5, 10).Add(10*time.Hour + 30*time.Minute)}))
	secMust[*security.Incident](t)(sec.MoveIncident(ctx, center, inc.ID.String(), security.IncidentStep{To: security.IncidentResolved, At: secDay(2022, 5, 10).Add(16 * time.Hour)}))
	return svc
}

// securitySection builds the security section of 2022 as by.
func securitySection(t *testing.T, svc refserver.Services, by govops.Actor) annual.Section {
	t.Helper()
	for _, sp := range annual.Sections() {
		if sp.Key == annual.SectionSecurity {
			s, err := sp.Build(context.Background(), svc.Annual(), by, 2022)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
	}
	t.Fatal("no security section")
	return annual.Section{}
}

// secFigures returns the section's figures by key, checking that each says
// how it was counted and where its records are listed.
func secFigures(t *testing.T, s annual.Section) map[string]annual.Figure {
	t.Helper()
	out := map[string]annual.Figure{}
	for _, f := range s.Figures {
		if f.Label == "" || f.Unit == "" || f.Rule == "" || !strings.HasPrefix(f.Link, "/api/v1/security/") {
			t.Errorf("figure %s: label %q, unit %q, rule %q, link %q", f.Key, f.Label, f.Unit, f.Rule, f.Link)
		}
		out[f.Key] = f
	}
	return out
}

func TestSecuritySection_Center(t *testing.T) {
	svc := securityYear(t)
	s := securitySection(t, svc, govops.Actor{Name: "王芳"})
	fs := secFigures(t, s)
	want := map[string]string{
		annual.KeyPlans:                 "1", // 2022's revision; 2021's was approved in 2021, the power plan is a draft
		annual.KeyDrills:                "2", // the live and the joint drill of 2022, not the tabletop one nor 2021's
		annual.KeyHardened:              "4", // SW-01, AP-01, PC-09 (found in 2021) and OA-WEB; CAM-01 was reopened, SRV-01 is unpatched
		annual.KeyExercises:             "1",
		"security.exercises.block_rate": "95",
		"security.exercises.early_rate": "85",
		"security.drills.actions_open":  "2",
	}
	for k, v := range want {
		f, ok := fs[k]
		if !ok {
			t.Errorf("%s: missing", k)
			continue
		}
		if f.Value.String() != v {
			t.Errorf("%s (%s): %s, want %s", k, f.Label, f.Value, v)
		}
	}
	if n, d := fs["security.exercises.early_rate"].Numerator, fs["security.exercises.early_rate"].Denominator; n == nil || d == nil || n.IntPart() != 170 || d.IntPart() != 200 {
		t.Errorf("early rate: %v over %v, want 170 over 200", n, d)
	}
	for _, w := range []string{"《2022年网络安全应急预案》（2022年2月15日批准，替代《2021年网络安全应急预案》）", "实地演练2次（其中联合演练1次）、桌面推演1次",
		"整改措施3项，已完成1项，尚有2项未完成（其中1项已超过完成时限", "自查1次。全年自查、演练和攻防演练中共发现安全问题5条（弱口令2条、空口令1条、默认口令1条、未修复漏洞1条）",
		"在网络安全攻防演练中（2022年柳州市网络安全攻防演练，防守方）", "经中心复核完成加固4台（弱口令3台、空口令1台、默认口令0台）",
		"共监测发现攻击200次，成功阻断190次（阻断率95.00%），其中提早发现170次（提早发现率85.00%）", "提早发现、主动防御",
		"全年发生网络安全事件1起，在规定时限内报告1起（及时报告率100.00%），已处置完毕1起"} {
		if !strings.Contains(s.Text, w) {
			t.Errorf("text lacks %q:\n%s", w, s.Text)
		}
	}
	if len(s.Notes) != 0 {
		t.Errorf("notes: %v", s.Notes)
	}
	t.Log(s.Text)
}

func TestSecuritySection_Department(t *testing.T) {
	svc := securityYear(t)
	for _, c := range []struct {
		dept, hardened string
	}{{"QZFJ", "3"}, {"WJJ", "1"}} {
		s := securitySection(t, svc, govops.Actor{Name: "张伟", Department: c.dept})
		fs := secFigures(t, s)
		if len(fs) != 1 || fs[annual.KeyHardened].Value.String() != c.hardened {
			t.Errorf("%s: figures %v, want its own hardened devices %s only", c.dept, fs, c.hardened)
		}
		if len(s.Notes) != 2 {
			t.Errorf("%s: notes %v, want why the plans and drills are left out", c.dept, s.Notes)
		}
		if strings.Contains(s.Text, "攻防演练中（") {
			t.Errorf("%s: the text names the center's exercise: %s", c.dept, s.Text)
		}
	}
}

func TestSecuritySection_Empty(t *testing.T) {
	svc := refserver.Wire(demo.MemStores(), refserver.WireConfig{})
	s := securitySection(t, svc, govops.Actor{Name: "王芳"})
	fs := secFigures(t, s)
	for _, k := range []string{annual.KeyPlans, annual.KeyDrills, annual.KeyHardened, annual.KeyExercises} {
		if f, ok := fs[k]; !ok || !f.Value.IsZero() {
			t.Errorf("%s: %v, want 0", k, f.Value)
		}
	}
	if !strings.Contains(s.Text, "本年未批准新的预案") || len(s.Notes) != 1 {
		t.Errorf("text %q, notes %v", s.Text, s.Notes)
	}
}
