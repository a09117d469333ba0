package storetestkit_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// event and record stand for a domain's aggregate and its trail.
type event struct {
	Seq    int
	At     time.Time
	Points decimal.Decimal
	Note   string
}

type record struct {
	ID      uuid.UUID
	Title   string
	Score   decimal.NullDecimal
	Events  []event
	Labels  map[string]string
	Parent  *record
	Extra   any
	private int
}

func sample() record {
	at := time.Date(2022, 12, 31, 17, 0, 0, 123456000, time.UTC)
	return record{
		ID:    uuid.MustParse("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"),
		Title: "路灯不亮",
		Score: decimal.NullDecimal{Decimal: decimal.RequireFromString("97.20"), Valid: true},
		Events: []event{
			{Seq: 1, At: at, Points: decimal.RequireFromString("0.2"), Note: "登记"},
			{Seq: 2, At: at.Add(time.Hour), Points: decimal.RequireFromString("0.5"), Note: "派遣"},
			{Seq: 3, At: at.Add(2 * time.Hour), Points: decimal.RequireFromString("1.25"), Note: "签收"},
		},
		Labels: map[string]string{"zh": "路灯", "en": "street light"},
		Extra:  "x",
	}
}

func TestDiff(t *testing.T) {
	tests := []struct {
		name string
		edit func(r *record)
		want []string // each must appear in one line of the diff, in order; none means equal
	}{
		{name: "Equal", edit: func(*record) {}},
		{name: "TimeInAnotherLocation", edit: func(r *record) {
			r.Events[1].At = r.Events[1].At.In(govops.ShanghaiLocation())
		}},
		{name: "DecimalAtAnotherScale", edit: func(r *record) {
			r.Score.Decimal = decimal.RequireFromString("97.2")
			r.Events[0].Points = decimal.RequireFromString("0.200")
		}},
		{name: "NilAndEmpty", edit: func(r *record) {
			r.Labels = map[string]string{"zh": "路灯", "en": "street light"}
		}},
		{name: "NestedField", edit: func(r *record) { r.Events[2].Note = "签收了" },
			want: []string{`.Events[2].Note: got "签收了", want "签收"`}},
		{name: "TimeOneMicrosecondOff", edit: func(r *record) { r.Events[0].At = r.Events[0].At.Add(time.Microsecond) },
			want: []string{".Events[0].At: got 2022-12-31 17:00:00.123457 +0000 UTC, want 2022-12-31 17:00:00.123456 +0000 UTC"}},
		{name: "DecimalValue", edit: func(r *record) { r.Score.Decimal = decimal.RequireFromString("97.21") },
			want: []string{".Score.Decimal: got 97.21, want 97.2"}},
		{name: "NullDecimalValidity", edit: func(r *record) { r.Score.Valid = false },
			want: []string{".Score.Valid: got false, want true"}},
		{name: "UUIDShownWhole", edit: func(r *record) { r.ID[15] = 0 },
			want: []string{".ID: got 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a00, want 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"}},
		{name: "MissingEvent", edit: func(r *record) { r.Events = r.Events[:2] },
			want: []string{".Events: got 2 elements, want 3"}},
		{name: "MapKeys", edit: func(r *record) { delete(r.Labels, "en"); r.Labels["fr"] = "lampadaire" },
			want: []string{`.Labels["en"]: missing, want "street light"`, `.Labels["fr"]: got "lampadaire", want no such key`}},
		{name: "NilPointer", edit: func(r *record) { r.Parent = &record{} },
			want: []string{".Parent: got &storetestkit_test.record"}},
		{name: "InterfaceType", edit: func(r *record) { r.Extra = 1 },
			want: []string{".Extra: got a int, want a string"}},
		{name: "Unexported", edit: func(r *record) { r.private = 7 },
			want: []string{"(value): unexported fields differ"}},
		{name: "EverythingReported", edit: func(r *record) { r.Title = ""; r.Events[1].Seq = 9 },
			want: []string{`.Title: got "", want "路灯不亮"`, ".Events[1].Seq: got 9, want 2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := sample()
			if tt.name == "NilAndEmpty" {
				want.Labels, want.Events = map[string]string{"zh": "路灯", "en": "street light"}, nil
			}
			got := sample()
			if tt.name == "NilAndEmpty" {
				got.Events = []event{}
			}
			tt.edit(&got)
			d := storetestkit.Diff(want, got)
			if len(d) != len(tt.want) {
				t.Fatalf("Diff found %d differences, want %d:\n  %s", len(d), len(tt.want), strings.Join(d, "\n  "))
			}
			for i, w := range tt.want {
				if !strings.Contains(d[i], w) {
					t.Errorf("difference %d = %q, want it to contain %q", i, d[i], w)
				}
			}
		})
	}
}

func TestDiff_TopLevelValues(t *testing.T) {
	if d := storetestkit.Diff(decimal.RequireFromString("1.50"), decimal.RequireFromString("1.5")); len(d) != 0 {
		t.Errorf("Diff of equal decimals = %v", d)
	}
	if d := storetestkit.Diff([]int{1, 2}, []int{1, 3}); len(d) != 1 || d[0] != "[1]: got 3, want 2" {
		t.Errorf("Diff of slices = %q", d)
	}
	if d := storetestkit.Diff[any](nil, nil); len(d) != 0 {
		t.Errorf("Diff of nil interfaces = %v", d)
	}
	if d := storetestkit.Diff("a", "b"); len(d) != 1 || d[0] != `(value): got "b", want "a"` {
		t.Errorf("Diff of strings = %q", d)
	}
}

func TestRequireEqual(t *testing.T) {
	want := sample()
	storetestkit.RequireEqual(t, want, sample(), "sample")

	got := sample()
	got.Events[2].Note = "改了"
	msg, failed := outcome(t, func(tb testing.TB) { storetestkit.RequireEqual(tb, want, got, "record 7") })
	if !failed || !strings.Contains(msg, "record 7 differs") || !strings.Contains(msg, ".Events[2].Note") {
		t.Fatalf("RequireEqual over a changed note: failed %v, %q", failed, msg)
	}
}
