package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// baseTime is the instant fixtures are built around: microsecond precision
// (so it survives DATETIME(6)) in UTC.
func baseTime() time.Time { return time.Date(2022, 3, 14, 9, 26, 53, 589793000, time.UTC) }

// Harness makes stores for one adapter. MakeStore returns a fresh, empty
// store for each subtest; it may register cleanups on t. Close releases
// whatever the harness holds once every subtest has run:
//
//	MakeStore(ctx context.Context, t testing.TB) (govcase.Store, error)
//	Close()
//
// A harness may also have a method Dialect() string naming the database
// dialect of its stores ("sqlite", "pg", "mysql"): when the suite passes,
// RunConformanceTests then leaves the file govcase-<dialect> in the folder
// named by $GOVOPS_CONFORMANCE_DIR, which CI checks to prove that the suite
// ran on each database rather than being skipped. (A harness may declare
// optional capabilities with Supports(capability string) bool as well, but
// this suite has none: every case applies to every store.)
type Harness = storetestkit.Harness[govcase.Store]

// HarnessMaker makes the Harness of one adapter for one run of the suite.
type HarnessMaker = storetestkit.HarnessMaker[govcase.Store]

// RunConformanceTests runs every conformance test against the stores that
// newHarness makes. Each named subtest gets a fresh store. See the example
// for a harness of your own.
func RunConformanceTests(t *testing.T, newHarness HarnessMaker) {
	t.Helper()
	storetestkit.Run(t, "govcase", newHarness, cases{})
}

// storeMaker returns a fresh, empty store for t.
type storeMaker = storetestkit.StoreMaker[govcase.Store]

// cases holds the suite's cases: each of its methods named Test… is one.
type cases struct{}

// fullCase returns a case with every field set to a non-zero value.
func fullCase(tb testing.TB, number string) *govcase.Case {
	tb.Helper()
	t0 := baseTime()
	year, _, err := govcase.ParseNumber(number)
	if err != nil {
		tb.Fatalf("storetest: bad fixture number %q: %v", number, err)
	}
	return &govcase.Case{
		ID:          storetestkit.NewID(tb),
		Number:      number,
		Year:        year,
		Kind:        govcase.KindHotline,
		Category:    govcase.CategoryComplaint,
		Priority:    govcase.PriorityUrgent,
		Source:      govcase.SourceWeChat,
		ExternalNo:  "LZ12345-20220314-0042",
		Title:       "柳北区某小区夜间施工噪音扰民 😠",
		Description: strings.Repeat("市民反映：小区附近工地每晚十点后仍在施工，噪音严重影响休息。", 25),
		Reporter:    govcase.Contact{Name: "张三丰", Phone: "13812341234"},
		Location:    "广西柳州市柳北区胜利路 12 号",
		Department:  "lbq-zjj",
		Status:      govcase.StatusReplied,
		AcceptBy:    t0.Add(2 * time.Hour),
		ResolveBy:   t0.Add(13 * 24 * time.Hour),

		AcceptByProvisional:  true,
		ResolveByProvisional: true,

		DispatchedAt: t0.Add(10 * time.Minute),
		AcceptedAt:   t0.Add(37*time.Minute + 123*time.Microsecond),
		RepliedAt:    t0.Add(5*24*time.Hour + 999999*time.Microsecond),
		ClosedAt:     t0.Add(6 * 24 * time.Hour),
		Reply:        "已责令施工单位停止夜间施工，并书面回复市民。",

		UrgeCount:   2,
		ReturnCount: 1,
		RedoCount:   3,

		ExtensionUntil:  t0.Add(20 * 24 * time.Hour),
		ExtensionReason: "需协调住建、城管两个部门现场核查",

		CreatedAt: t0,
		UpdatedAt: t0.Add(6*24*time.Hour + time.Microsecond),
		Version:   1,
	}
}

// bareCase returns a freshly registered case: only the fields the Service
// sets at registration, every time but CreatedAt and UpdatedAt zero.
func bareCase(tb testing.TB, number string) *govcase.Case {
	tb.Helper()
	year, _, err := govcase.ParseNumber(number)
	if err != nil {
		tb.Fatalf("storetest: bad fixture number %q: %v", number, err)
	}
	t0 := baseTime()
	return &govcase.Case{
		ID:        storetestkit.NewID(tb),
		Number:    number,
		Year:      year,
		Kind:      govcase.KindITOps,
		Category:  govcase.CategoryHelp,
		Priority:  govcase.PriorityNormal,
		Source:    govcase.SourcePhone,
		Title:     "政务外网终端无法上网",
		Status:    govcase.StatusRegistered,
		CreatedAt: t0,
		UpdatedAt: t0,
		Version:   1,
	}
}

// event returns the event that moved c to its current Version and Status.
// The events of even versions carry attachments, those of odd ones none, so
// that both round-trip.
func event(tb testing.TB, c *govcase.Case, typ govcase.EventType, from govcase.Status) govcase.Event {
	tb.Helper()
	e := govcase.Event{
		ID:         storetestkit.NewID(tb),
		Subject:    c.ID,
		Seq:        c.Version,
		Type:       typ,
		Actor:      "李四",
		ActorDept:  "lbq-zhzx",
		At:         c.UpdatedAt,
		From:       from,
		To:         c.Status,
		Department: c.Department,
		Note:       "第" + fmt.Sprint(c.Version) + "步：已核实",
	}
	if c.Version%2 == 0 {
		e.Attachments = []string{"现场照片 " + fmt.Sprint(c.Version) + ".jpg", `回复函 "终稿",签章.pdf`}
	}
	return e
}

func requireEqualCase(tb testing.TB, want, got *govcase.Case, what string) {
	tb.Helper()
	if got == nil {
		tb.Fatalf("%s: got a nil case", what)
	}
	storetestkit.RequireEqual(tb, *want, *got, what+": case "+want.Number)
}

func requireEqualEvents(tb testing.TB, want, got []govcase.Event, what string) {
	tb.Helper()
	if len(got) != len(want) {
		tb.Fatalf("%s: got %d events, want %d:\n got %s\nwant %s", what, len(got), len(want), seqs(got), seqs(want))
	}
	storetestkit.RequireEqual(tb, want, got, what+": events")
}

func seqs(evs []govcase.Event) string {
	parts := make([]string, len(evs))
	for i, e := range evs {
		parts[i] = fmt.Sprintf("%d/%s", e.Seq, e.Type)
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// createAll stores cases, each with its registration event.
func createAll(tb testing.TB, ctx context.Context, st govcase.Store, cases []*govcase.Case) {
	tb.Helper()
	for _, c := range cases {
		ev := event(tb, c, govcase.EventRegistered, "")
		ev.Seq = 1
		storetestkit.Must(tb, st.CreateCase(ctx, c, []govcase.Event{ev}), "CreateCase "+c.Number)
	}
}
