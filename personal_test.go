package govops_test

import (
	"testing"
	"time"

	"github.com/govops-kit/govops"
)

func TestMaskPersonalText(t *testing.T) {
	tests := map[string]string{
		"已联系市民张三丰 13812345678":                 "已联系市民张三丰 138****5678",
		"身份证450202199001011234，电话0772-2345678": "身份证450***********1234，电话077*****5678",
		"旧身份证450202900101123":                  "旧身份证450********1123",
		"路灯3盏不亮，编号12345":                       "路灯3盏不亮，编号12345",
		"":                                     "",
	}
	for in, want := range tests {
		if got := govops.MaskPersonalText(in); got != want {
			t.Errorf("MaskPersonalText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTimeInRange(t *testing.T) {
	tests := []struct {
		t    time.Time
		want bool
	}{
		{time.Date(2022, 10, 8, 0, 0, 0, 0, time.UTC), true},
		{time.Date(9999, 12, 31, 15, 59, 59, 0, time.UTC), true},
		{time.Date(9999, 12, 31, 16, 0, 0, 0, time.UTC), false}, // year 10000 in Shanghai
		{time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{time.Date(1899, 12, 31, 23, 0, 0, 0, time.UTC), false},
		{time.Time{}, false},
	}
	for _, tt := range tests {
		if got := govops.TimeInRange(tt.t); got != tt.want {
			t.Errorf("TimeInRange(%v) = %v, want %v", tt.t, got, tt.want)
		}
	}
}

func TestHasControl(t *testing.T) {
	for s, want := range map[string]bool{"a\x00b": true, "a\x1bb": true, "line\nnext\ttab": false, "中文": false, "a\x7f": true} {
		if got := govops.HasControl(s); got != want {
			t.Errorf("HasControl(%q) = %v", s, got)
		}
	}
}

func FuzzMaskPersonalText(f *testing.F) {
	f.Add("电话13812345678")
	f.Add("450202199001011234")
	f.Fuzz(func(t *testing.T, s string) {
		got := govops.MaskPersonalText(s)
		if len(got) != len(s) {
			t.Fatalf("masking changed the length: %q → %q", s, got)
		}
		if govops.MaskPersonalText(got) != got {
			t.Fatalf("masking is not stable: %q", got)
		}
	})
}
