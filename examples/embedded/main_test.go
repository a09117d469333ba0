package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	clock := time.Date(2022, 10, 8, 1, 0, 0, 0, time.UTC) // 09:00 on a worked Saturday
	var out bytes.Buffer
	if err := run(context.Background(), &out, func() time.Time { return clock }); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{"2022-000001", "办结 (closed)", "1. 2022-10-08 09:00:00 登记", "5. ", "办理反馈", "跃进街道经办人"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Count(got, "\n") != 6 {
		t.Errorf("want a heading and 5 events:\n%s", got)
	}
}
