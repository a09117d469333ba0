package govops_test

import (
	"testing"
	"time"

	"github.com/govops-kit/govops"
)

func TestStoredTime(t *testing.T) {
	in := time.Date(2022, 8, 3, 10, 30, 0, 123456789, time.FixedZone("CST", 8*3600))
	got := govops.StoredTime(in)
	if got.Location() != time.UTC || got.Nanosecond() != 123456000 || !got.Equal(in.Truncate(time.Microsecond)) {
		t.Errorf("StoredTime(%v) = %v, want the same instant in UTC to the microsecond", in, got)
	}
	if !govops.StoredTime(time.Time{}).IsZero() {
		t.Error("StoredTime of the zero time is not zero")
	}
}
