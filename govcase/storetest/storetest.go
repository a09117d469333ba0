package storetest

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
)

// Harness makes stores for one adapter. MakeStore returns a fresh, empty
// store for each subtest; it may register cleanups on t. Close releases
// whatever the harness holds once every subtest has run.
type Harness interface {
	MakeStore(ctx context.Context, t testing.TB) (govcase.Store, error)
	Close()
}

// HarnessMaker makes the Harness of one adapter for one run of the suite.
type HarnessMaker func(ctx context.Context, t testing.TB) (Harness, error)

// storeMaker returns a fresh, empty store for t.
type storeMaker func(t *testing.T) govcase.Store

// RunConformanceTests runs every conformance test against the stores that
// newHarness makes. Each named subtest gets a fresh store.
func RunConformanceTests(t *testing.T, newHarness HarnessMaker) {
	t.Helper()
	h, err := newHarness(t.Context(), t)
	if err != nil {
		t.Fatalf("storetest: making the harness: %v", err)
	}
	t.Cleanup(h.Close)
	mk := func(t *testing.T) govcase.Store {
		t.Helper()
		st, err := h.MakeStore(t.Context(), t)
		if err != nil {
			t.Fatalf("storetest: making a store: %v", err)
		}
		return st
	}
	tests := []struct {
		name string
		fn   func(t *testing.T, mk storeMaker)
	}{
		{"CRUD", testCRUD},
		{"UpdateCase", testUpdateCase},
		{"ListEvents", testListEvents},
		{"Isolation", testIsolation},
		{"Filter", testFilter},
		{"Pagination", testPagination},
		{"StaleWrite", testStaleWrite},
		{"Race", testRace},
		{"Sequences", testSequences},
		{"Stats", testStats},
		{"RoutingRules", testRoutingRules},
		{"Cancellation", testCancellation},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, mk) })
	}
}

// baseTime is the instant fixtures are built around: microsecond precision
// (so it survives DATETIME(6)) in UTC.
func baseTime() time.Time { return time.Date(2022, 3, 14, 9, 26, 53, 589793000, time.UTC) }

// micro truncates t to the precision every store must keep.
func micro(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func newID(tb testing.TB) uuid.UUID {
	tb.Helper()
	id, err := uuid.NewV7()
	if err != nil {
		tb.Fatalf("storetest: uuid.NewV7: %v", err)
	}
	return id
}

// fullCase returns a case with every field set to a non-zero value.
func fullCase(tb testing.TB, number string) *govcase.Case {
	tb.Helper()
	t0 := baseTime()
	year, _, err := govcase.ParseNumber(number)
	if err != nil {
		tb.Fatalf("storetest: bad fixture number %q: %v", number, err)
	}
	return &govcase.Case{
		ID:          newID(tb),
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
		ID:        newID(tb),
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
func event(tb testing.TB, c *govcase.Case, typ govcase.EventType, from govcase.Status) govcase.Event {
	tb.Helper()
	return govcase.Event{
		ID:         newID(tb),
		CaseID:     c.ID,
		Seq:        int(c.Version),
		Type:       typ,
		Actor:      "李四",
		ActorDept:  "lbq-zhzx",
		At:         c.UpdatedAt,
		FromStatus: from,
		ToStatus:   c.Status,
		Department: c.Department,
		Note:       "第" + fmt.Sprint(c.Version) + "步：已核实",
	}
}

func must(tb testing.TB, err error, what string) {
	tb.Helper()
	if err != nil {
		tb.Fatalf("%s: unexpected error: %v", what, err)
	}
}

func wantCode(tb testing.TB, err error, code, what string) {
	tb.Helper()
	if got := govops.ErrorCode(err); got != code {
		tb.Fatalf("%s: error code %q (error: %v), want %q", what, got, err, code)
	}
}

// diff lists the fields in which two structs of the same type differ. Times
// are compared by instant, and a nil slice equals an empty one.
func diff[T any](want, got T) []string {
	w, g := reflect.ValueOf(want), reflect.ValueOf(got)
	var out []string
	for i := range w.NumField() {
		name := w.Type().Field(i).Name
		wf, gf := w.Field(i), g.Field(i)
		switch wv := wf.Interface().(type) {
		case time.Time:
			if gv := gf.Interface().(time.Time); !wv.Equal(gv) {
				out = append(out, fmt.Sprintf("%s: got %v, want %v", name, gv, wv))
			}
			continue
		}
		if wf.Kind() == reflect.Slice && wf.Len() == 0 && gf.Len() == 0 {
			continue
		}
		if !reflect.DeepEqual(wf.Interface(), gf.Interface()) {
			out = append(out, fmt.Sprintf("%s: got %#v, want %#v", name, gf.Interface(), wf.Interface()))
		}
	}
	return out
}

func requireEqualCase(tb testing.TB, want, got *govcase.Case, what string) {
	tb.Helper()
	if got == nil {
		tb.Fatalf("%s: got a nil case", what)
	}
	if d := diff(*want, *got); len(d) > 0 {
		tb.Fatalf("%s: case %s differs from what was stored:\n  %s", what, want.Number, strings.Join(d, "\n  "))
	}
}

func requireEqualEvents(tb testing.TB, want, got []govcase.Event, what string) {
	tb.Helper()
	if len(got) != len(want) {
		tb.Fatalf("%s: got %d events, want %d:\n got %s\nwant %s", what, len(got), len(want), seqs(got), seqs(want))
	}
	for i := range want {
		if d := diff(want[i], got[i]); len(d) > 0 {
			tb.Fatalf("%s: event %d (seq %d) differs:\n  %s", what, i, want[i].Seq, strings.Join(d, "\n  "))
		}
	}
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
		must(tb, st.CreateCase(ctx, c, []govcase.Event{ev}), "CreateCase "+c.Number)
	}
}
