package govops_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

func TestPageLimit(t *testing.T) {
	for _, tt := range []struct {
		in, want int
		bad      bool
	}{
		{0, govops.DefaultPageSize, false},
		{1, 1, false},
		{govops.MaxPageSize, govops.MaxPageSize, false},
		{govops.MaxPageSize + 1, 0, true},
		{100000, 0, true},
		{-1, 0, true},
	} {
		got, err := govops.PageLimit(tt.in)
		if tt.bad {
			if govops.ErrorCode(err) != govops.EINVALID || govops.ErrorFields(err)["limit"] == "" {
				t.Errorf("PageLimit(%d) = %v, want EINVALID naming limit", tt.in, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("PageLimit(%d) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

func TestNewPage(t *testing.T) {
	items := []int{1, 2, 3, 4, 5}
	key := func(i int) string { return strconv.Itoa(i) }
	p := govops.NewPage(items, 5, key)
	if len(p.Items) != 5 || p.Next != "" {
		t.Fatalf("exact fit: %+v, want 5 items and no next", p)
	}
	p = govops.NewPage(items, 4, key)
	if len(p.Items) != 4 || p.Next == "" {
		t.Fatalf("one more: %+v, want 4 items and a next", p)
	}
	k, err := govops.DecodeCursor(p.Next)
	if err != nil || k != "4" {
		t.Fatalf("next key %q, %v; want 4", k, err)
	}
}

func TestCursor(t *testing.T) {
	for _, key := range []string{"2022-000123", "0190c5f2-0000-7000-8000-000000000001", "LZ12345/2022.08_x", "柳北区"} {
		got, err := govops.DecodeCursor(govops.EncodeCursor(key))
		if err != nil || got != key {
			t.Errorf("round trip %q: %q, %v", key, got, err)
		}
	}
	if k, err := govops.DecodeCursor(""); k != "" || err != nil {
		t.Errorf("empty cursor: %q, %v", k, err)
	}
	for _, bad := range []string{"x", "c", "c!!", "0190c5f2-0000-7000-8000-000000000001", "c" + strings.Repeat("QUFB", 300), govops.EncodeCursor("a\x00b")} {
		if _, err := govops.DecodeCursor(bad); govops.ErrorCode(err) != govops.EINVALID || govops.ErrorFields(err)["cursor"] == "" {
			t.Errorf("DecodeCursor(%q) = %v, want EINVALID naming cursor", bad, err)
		}
	}
	id := uuid.Must(uuid.NewV7())
	got, err := govops.CursorID(govops.IDCursor(id))
	if err != nil || got != id {
		t.Errorf("ID round trip: %v, %v", got, err)
	}
	if _, err := govops.CursorID(govops.EncodeCursor("2022-000123")); govops.ErrorCode(err) != govops.EINVALID {
		t.Errorf("CursorID of a number key = %v, want EINVALID", err)
	}
}

func FuzzDecodeCursor(f *testing.F) {
	f.Add(govops.EncodeCursor("2022-000123"))
	f.Add("c")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		key, err := govops.DecodeCursor(s)
		if err != nil {
			if govops.ErrorCode(err) != govops.EINVALID {
				t.Fatalf("DecodeCursor(%q) = %v, want EINVALID", s, err)
			}
			return
		}
		if s != "" && govops.EncodeCursor(key) != s {
			t.Fatalf("DecodeCursor(%q) = %q, which encodes differently", s, key)
		}
	})
}
