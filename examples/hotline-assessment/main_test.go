package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	s, err := run(t.Context(), &out)
	if err != nil {
		t.Fatal(err)
	}
	text := out.String()
	t.Log(text)

	// The seed's figures, as computed.
	if got := s.AverageSatisfaction.StringFixed(2); got != "95.92" {
		t.Errorf("average monthly satisfaction = %s, want 95.92", got)
	}
	if got := s.DeductionPoints.String(); got != "0.6" {
		t.Errorf("deducted = %s, want 0.6", got)
	}
	if s.Rank != 1 {
		t.Errorf("rank = %d, want 1", s.Rank)
	}
	if !s.Response.Applicable || s.Response.Numerator != s.Response.Denominator {
		t.Errorf("response = %+v, want every case answered", s.Response)
	}
	if s.Appealed != 1 {
		t.Errorf("appeals open = %d, want 1", s.Appealed)
	}
	if len(s.Monthly) != 8 {
		t.Errorf("months covered = %d, want 8", len(s.Monthly))
	}

	// The paragraph prints exactly those figures.
	for _, want := range []string{
		"更新到8月",
		"今年每月平均满意率为95.92%",
		"共被扣0.6分",
		"具体为区跃进街道办事处被扣0.2分，区执法局被扣0.2分，区征补中心被扣0.2分",
		"柳北区政府在今年政府热线城区排名为第一",
		"已提交复核1件",
		"回应率100.00%",
		"事事有回应",
		"1月95.80%",
		"8月95.92%",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}
