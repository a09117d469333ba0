package govcase_test

import (
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		year int
		seq  int64
		ok   bool
	}{
		{"2022-000123", 2022, 123, true},
		{"2022-1234567", 2022, 1234567, true},
		{"2022-000000", 0, 0, false},
		{"2022-0001234", 0, 0, false}, // an extra leading zero would alias 2022-001234
		{"22-000123", 0, 0, false},
		{"2022_000123", 0, 0, false},
		{"2022-00012a", 0, 0, false},
		{"１２３４-000123", 0, 0, false},
		{"", 0, 0, false},
	}
	for _, tt := range tests {
		y, n, err := govcase.ParseNumber(tt.in)
		if tt.ok {
			if err != nil || y != tt.year || n != tt.seq {
				t.Errorf("ParseNumber(%q) = %d, %d, %v; want %d, %d", tt.in, y, n, err, tt.year, tt.seq)
			}
			continue
		}
		if govops.ErrorCode(err) != govops.EINVALID || govops.ErrorFields(err)["number"] == "" {
			t.Errorf("ParseNumber(%q) error = %v; want EINVALID naming number", tt.in, err)
		}
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"2022-000123", "2024-999999", "2024-1000000", "0000-000000", "2022-", "-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		y, n, err := govcase.ParseNumber(s)
		if err != nil {
			if govops.ErrorCode(err) != govops.EINVALID {
				t.Fatalf("ParseNumber(%q): code %s, want EINVALID", s, govops.ErrorCode(err))
			}
			return
		}
		if got := govcase.FormatNumber(y, n); got != s {
			t.Fatalf("ParseNumber(%q) = %d, %d; FormatNumber gives %q", s, y, n, got)
		}
	})
}
