package govops_test

import (
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
)

func TestCheckText(t *testing.T) {
	for _, tt := range []struct {
		v        string
		required bool
		ok       bool
	}{
		{"市民反映路灯不亮", true, true},
		{"", false, true},
		{"", true, false},
		{"  ", true, false},
		{"第一行\n第二行\t", true, true},
		{"a\x00b", false, false},
		{"a\u202eb", false, false},
		{"\xff", false, false},
		{strings.Repeat("字", 10), true, true},
		{strings.Repeat("字", 11), true, false},
	} {
		var p govops.Problems
		if got := govops.CheckText(&p, "note", tt.v, 10, tt.required); got != tt.ok || p.Empty() != tt.ok {
			t.Errorf("CheckText(%q, required=%v) = %v (%v), want %v", tt.v, tt.required, got, p.Err(), tt.ok)
		}
	}
}

func TestCheckCodeAndNumber(t *testing.T) {
	for _, tt := range []struct {
		v            string
		code, number bool
	}{
		{"QZFJ", true, true},
		{"2022-000123", true, true},
		{"LZ12345/2022.08_x", true, true},
		{"区执法局", true, false},
		{"", false, false},
		{" QZFJ", false, false},
		{"Q\tZ", false, false},
		{strings.Repeat("a", govops.MaxCodeLen+1), false, false},
	} {
		var p govops.Problems
		if got := govops.CheckCode(&p, "code", tt.v); got != tt.code {
			t.Errorf("CheckCode(%q) = %v, want %v", tt.v, got, tt.code)
		}
		var q govops.Problems
		if got := govops.CheckNumber(&q, "number", tt.v); got != tt.number || q.Empty() != tt.number {
			t.Errorf("CheckNumber(%q) = %v, want %v", tt.v, got, tt.number)
		}
	}
}

func TestCheckPeriod(t *testing.T) {
	a := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	b := a.AddDate(0, 1, 0)
	for _, tt := range []struct {
		from, to time.Time
		bad      string
	}{
		{a, b, ""},
		{time.Time{}, b, ""},
		{a, time.Time{}, ""},
		{b, a, "to"},
		{a, a, "to"},
		{time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC), b, "from"},
	} {
		var p govops.Problems
		govops.CheckPeriod(&p, "from", tt.from, "to", tt.to)
		fields := govops.ErrorFields(p.Err())
		if tt.bad == "" && !p.Empty() || tt.bad != "" && fields[tt.bad] == "" {
			t.Errorf("CheckPeriod(%v, %v) = %v, want a problem with %q", tt.from, tt.to, p.Err(), tt.bad)
		}
	}
	var p govops.Problems
	if govops.CheckTime(&p, "at", time.Time{}, true) || govops.ErrorFields(p.Err())["at"] != "required" {
		t.Errorf("CheckTime of a required zero time: %v", p.Err())
	}
}

func TestTruncate(t *testing.T) {
	if got := govops.Truncate("柳北区政务", 3); got != "柳北区…" {
		t.Errorf("Truncate = %q", got)
	}
	if got := govops.Truncate("柳北", 3); got != "柳北" {
		t.Errorf("Truncate short = %q", got)
	}
}
