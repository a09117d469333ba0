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
	for _, want := range []string{"2022-000001", "办结 (closed)", "1. 2022-10-08 09:00:00 登记", "5. ", "办理反馈", "跃进街道经办人",
		"部门 YJJD: 1 件, 及时签收率 100.00%, 按时办结率 100.00%"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Count(got, "\n") != 7 {
		t.Errorf("want a heading, 5 events and the rates:\n%s", got)
	}
}
