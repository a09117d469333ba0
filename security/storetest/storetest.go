// Package storetest is the conformance suite for security.Store
// implementations.
//
// Every store that ships with security runs it, and so should yours:
//
//	func TestConformance(t *testing.T) {
//		storetest.RunConformanceTests(t, func(ctx context.Context, t testing.TB) (storetest.Harness, error) {
//			return &myHarness{}, nil // its MakeStore returns a fresh, empty store
//		})
//	}
//
// The suite builds plans, drills, inspections, checklist items, hardening
// records, exercises, incidents and events itself, without the Service,
// because a Store holds no business rule: it only has to keep what it is
// given, refuse what its keys forbid, and find exactly. It checks:
//
//   - every field of every record round-trips, times at microsecond
//     precision compared by instant, zero times, the lists inside a record
//     (grades, findings, actions, items, participants; a nil list may come
//     back empty), and that a store keeps no list it was given and returns
//     lists of the caller's own;
//   - ENOTFOUND for what is not stored, ECONFLICT for every taken key: any
//     ID, a plan's (Code, Revision), a checklist item's Code, a hardening
//     record's Source (Kind, ID, Seq) when its ID is set, stored or twice in
//     one CreateHardenings, with nothing stored; codes are compared byte for
//     byte; of many writers raising one finding at once exactly one lands;
//   - optimistic locking: a stale version is ECONFLICT and a missing record
//     ENOTFOUND on every versioned write, nothing written, and of 8 writers
//     of one version exactly one wins;
//   - the trail: each write appends its events in the same atomic step, a
//     refused write leaves none, Events returns them in Seq order, and an
//     event ID and an event's (Subject, Seq) are stored once;
//   - UpdatePlans and CreateHardenings are one step each: one plan missing
//     or stale, one record refused, writes none of them and no event;
//   - every filter, the ordering and the keyset pagination of every
//     listing against a brute-force reference, the time windows half-open
//     and a time not set (zero) lying before every bound, as it does in
//     Go; and ChecklistItems in the byte order of their codes;
//   - every method failing with EINTERNAL on a cancelled context, without
//     writing.
//
// Each case of the suite is a method of the type cases named Test…, found
// by its name (see internal/storetestkit.Run), so a new case needs no list
// to be added to. The suite's own test runs it over stores that each break
// one rule and requires that the case meant for that rule, and only it,
// fails.
package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/security"
)

// Harness makes stores for one adapter. MakeStore returns a fresh, empty
// store for each subtest; it may register cleanups on t. Close releases
// whatever the harness holds once every subtest has run:
//
//	MakeStore(ctx context.Context, t testing.TB) (security.Store, error)
//	Close()
//
// A harness may also have a method Dialect() string naming the database
// dialect of its stores ("sqlite", "pg", "mysql"): when the suite passes,
// RunConformanceTests then leaves the file security-<dialect> in the
// folder named by $GOVOPS_CONFORMANCE_DIR, which CI checks to prove that
// the suite ran on each database rather than being skipped. This suite has
// no optional capability: every case applies to every store.
type Harness = storetestkit.Harness[security.Store]

// HarnessMaker makes the Harness of one adapter for one run of the suite.
type HarnessMaker = storetestkit.HarnessMaker[security.Store]

// RunConformanceTests runs every conformance test against the stores that
// newHarness makes. Each named subtest gets a fresh store.
func RunConformanceTests(t *testing.T, newHarness HarnessMaker) {
	t.Helper()
	storetestkit.Run(t, "security", newHarness, cases{})
}

// storeMaker returns a fresh, empty store for t.
type storeMaker = storetestkit.StoreMaker[security.Store]

// cases holds the suite's cases: each of its methods named Test… is one.
type cases struct{}

// baseTime is the instant fixtures are built around: microsecond precision
// (so it survives DATETIME(6)) in Asia/Shanghai, which a store may return
// in any location.
func baseTime() time.Time {
	return time.Date(2023, 6, 14, 9, 26, 53, 589793000, govops.ShanghaiLocation())
}

// at returns the instant n minutes after baseTime, as a Service stamps it.
func at(n int) time.Time { return storetestkit.Micro(baseTime().Add(time.Duration(n) * time.Minute)) }

// day returns midnight UTC n days after 2023-03-01.
func day(n int) time.Time { return time.Date(2023, 3, 1+n, 0, 0, 0, 0, time.UTC) }

// note is free text with the characters a store must keep: quotes,
// backslashes, newlines and Chinese.
func note(n int) string {
	return fmt.Sprintf("第%d条: \"备注\" \\ 旧 → 新\n第二行\t制表", n)
}

// event returns the event of subject's change to version seq.
func event(tb testing.TB, subject uuid.UUID, seq int64, typ security.EventType, from, to string) security.Event {
	tb.Helper()
	return security.Event{ID: storetestkit.NewID(tb), Subject: subject, Seq: seq, Type: typ, Actor: "中心-王",
		ActorDept: "lbq-wlzx", At: at(int(seq) * 60), From: security.Status(from), To: security.Status(to),
		Department: "lbq-scjg", Note: note(int(seq)), Attachments: []string{"整改报告.pdf", "附件 2.docx"}}
}

// grades returns a response to each grade.
func grades(lead string) []security.GradeResponse {
	out := make([]security.GradeResponse, 0, 4)
	for i, g := range security.Grades() {
		out = append(out, security.GradeResponse{Grade: g, Response: g.Response(), Lead: lead, Measures: note(40 + i)})
	}
	return out
}

// newPlan returns an approved revision of the plan code at version 1 with
// every field set.
func newPlan(tb testing.TB, code string, revision int) security.Plan {
	tb.Helper()
	return security.Plan{ID: storetestkit.NewID(tb), Code: code, Revision: revision, Year: 2023, Title: "网络安全事件应急预案",
		Scope: "中心及各接入单位的网络与信息系统", Grades: grades("中心主任"), Status: security.PlanApproved,
		ApprovedBy: "市大数据局", ApprovedOn: day(3), SupersededBy: storetestkit.NewID(tb), Note: note(1),
		Version: 1, CreatedAt: baseTime(), UpdatedAt: baseTime()}
}

// observations returns two findings, one about an asset.
func observations() []security.Observation {
	return []security.Observation{
		{Seq: 1, Asset: "ZC-2019-0001", Department: "lbq-scjg", Kind: security.FindingWeakPassword,
			Severity: security.SeverityHigh, Detail: note(2)},
		{Seq: 2, Detail: "通知到岗用时 40 分钟"},
	}
}

// newDrill returns a drill of plan on day(n) at version 1 with every
// field set.
func newDrill(tb testing.TB, plan uuid.UUID, n int) security.Drill {
	tb.Helper()
	return security.Drill{ID: storetestkit.NewID(tb), Plan: plan, Date: day(n), Type: security.DrillTabletop,
		Scenario: "核心交换机宕机", Participants: []string{"网络科", "lbq-scjg", "运维组"}, Findings: observations(),
		Actions: []security.Action{
			{Seq: 1, Title: "修订通讯录", Owner: "王工", Department: "", Due: day(n + 30), Status: security.ActionDone,
				DoneOn: day(n + 20), Note: note(3)},
			{Seq: 2, Title: "更换默认口令", Owner: "李工", Department: "lbq-scjg", Due: day(n + 10), Status: security.ActionOpen},
		},
		Note: note(4), Version: 1, CreatedAt: baseTime(), UpdatedAt: baseTime()}
}

// newInspection returns a self-inspection of dept on day(n) at version 1
// with every field set.
func newInspection(tb testing.TB, dept string, n int) security.Inspection {
	tb.Helper()
	return security.Inspection{ID: storetestkit.NewID(tb), Department: dept, Date: day(n), Scope: "门户网站及办公网",
		Inspector: "赵工", Items: []security.ItemResult{
			{Item: "ia-a", Control: "8.1.4.1 a)", Result: security.ResultPass},
			{Item: "ac-b", Control: "8.1.4.2 b)", Result: security.ResultFail, Note: note(5)},
			{Item: "ia-d", Control: "8.1.4.1 d)", Result: security.ResultNA},
		},
		Findings: observations(), Note: note(6), Version: 1, CreatedAt: baseTime(), UpdatedAt: baseTime()}
}

// newItem returns a built-in checklist item of code at version 1.
func newItem(tb testing.TB, code string) security.ChecklistItem {
	tb.Helper()
	return security.ChecklistItem{ID: storetestkit.NewID(tb), Code: code, Control: "8.1.4.1 a)", Category: "身份鉴别",
		Text: "应对登录的用户进行身份标识和鉴别", Builtin: true, Version: 1, CreatedAt: baseTime(), UpdatedAt: baseTime()}
}

// newHardening returns a remediated record of a finding of an inspection
// (a new ID) at version 1 with every field set.
func newHardening(tb testing.TB, seq int) security.Hardening {
	tb.Helper()
	return security.Hardening{ID: storetestkit.NewID(tb), Department: "lbq-scjg", Asset: "ZC-2019-0001",
		Kind: security.FindingWeakPassword, Severity: security.SeverityHigh, Detail: note(7),
		Source:  security.Source{Kind: security.SourceInspection, ID: storetestkit.NewID(tb), Seq: seq, Ref: "自查 2023-06"},
		FoundOn: day(10), Status: security.HardeningRemediated, Remediation: "已修改为强口令", RemediatedBy: "李工",
		RemediatedOn: day(12), VerifiedBy: "", VerifiedAt: time.Time{}, Retests: 1,
		Version: 1, CreatedAt: baseTime(), UpdatedAt: baseTime()}
}

// newExercise returns an exercise starting on day(n) at version 1 with
// every field set.
func newExercise(tb testing.TB, n int) security.Exercise {
	tb.Helper()
	return security.Exercise{ID: storetestkit.NewID(tb), Name: "护网 2023", Organizer: "市公安局网安支队",
		Start: day(n).Add(8 * time.Hour), End: day(n + 14).Add(18 * time.Hour), Role: security.RoleDefender,
		Detected: 37, Blocked: 35, Early: 12, Findings: observations(), Note: note(8),
		Version: 1, CreatedAt: baseTime(), UpdatedAt: baseTime()}
}

// newIncident returns a contained incident of dept detected at at(n) at
// version 1 with every field set.
func newIncident(tb testing.TB, dept string, n int) security.Incident {
	tb.Helper()
	return security.Incident{ID: storetestkit.NewID(tb), Department: dept, Title: "门户网站被篡改",
		Type: security.IncidentAttack, Grade: security.GradeIII, Colour: security.ColourYellow,
		Status: security.IncidentContained, DetectedAt: at(n), ReportedAt: at(n + 25), ContainedAt: at(n + 90),
		Note: note(9), Version: 1, CreatedAt: baseTime(), UpdatedAt: baseTime()}
}

// requireEvents fails tb unless the events of subject are evs.
func requireEvents(tb testing.TB, st security.Store, subject uuid.UUID, evs []security.Event, when string) {
	tb.Helper()
	got, err := st.Events(tb.Context(), subject)
	storetestkit.Must(tb, err, "Events "+when)
	storetestkit.RequireEqual(tb, evs, got, fmt.Sprintf("events of %s %s", subject, when))
}

// requireGot fails tb unless get returns want.
func requireGot[T any](tb testing.TB, want T, got *T, err error, what string) {
	tb.Helper()
	storetestkit.Must(tb, err, what)
	storetestkit.RequireEqual(tb, want, *got, what)
}

// requireMissing fails tb unless err is ENOTFOUND.
func requireMissing(tb testing.TB, err error, what string) {
	tb.Helper()
	storetestkit.MustCode(tb, err, govops.ENOTFOUND, what)
}

// created returns the created event of subject.
func created(tb testing.TB, subject uuid.UUID, typ security.EventType, to string) []security.Event {
	tb.Helper()
	return []security.Event{event(tb, subject, 1, typ, "", to)}
}

// notListed is the ENOTFOUND of a record that a listing does not hold.
func notListed(what string, id uuid.UUID) error {
	return govops.Errorf(govops.ENOTFOUND, "no %s %s in the listing", what, id)
}
