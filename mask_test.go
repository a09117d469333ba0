package govops_test

import (
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
)

type maskContact struct {
	Name  string `mask:"name"`
	Phone string `mask:"phone"`
}

type maskRecord struct {
	Number   string `mask:"safe"`
	Title    string
	Reporter maskContact
	Notes    []string
	Extra    map[string]string
	Child    *maskRecord
	Secret   string `mask:"omit"`
	Any      any
	At       time.Time
	Count    int
	Raw      []byte
	Safe     maskContact `mask:"safe"`
}

func TestMaskWalksEveryTextField(t *testing.T) {
	in := maskRecord{
		Number:   "2022-1234567",
		Title:    "李四反映 13700001111 楼道灯坏",
		Reporter: maskContact{Name: "李四", Phone: "13700001111"},
		Notes:    []string{"回访李四，身份证 110101199003071234"},
		Extra:    map[string]string{"k": "电话 13700001111"},
		Child:    &maskRecord{Title: "李四又来电"},
		Secret:   "市民原话",
		Any:      "13700001111",
		Raw:      []byte("13700001111"),
		Safe:     maskContact{Name: "王五", Phone: "13900002222"},
	}
	out := govops.Mask(in)
	want := maskRecord{
		Number:   "2022-1234567",
		Title:    "李*反映 137****1111 楼道灯坏",
		Reporter: maskContact{Name: "李*", Phone: "137****1111"},
		Notes:    []string{"回访李*，身份证 110***********1234"},
		Extra:    map[string]string{"k": "电话 137****1111"},
		Child:    &maskRecord{Title: "李*又来电"},
		Any:      "137****1111",
		Raw:      []byte("13700001111"),
		Safe:     maskContact{Name: "王五", Phone: "13900002222"},
	}
	if out.Number != want.Number || out.Title != want.Title || out.Reporter != want.Reporter ||
		out.Notes[0] != want.Notes[0] || out.Extra["k"] != want.Extra["k"] || out.Child.Title != want.Child.Title ||
		out.Secret != "" || out.Any != want.Any || string(out.Raw) != string(want.Raw) || out.Safe != want.Safe {
		t.Errorf("Mask =\n%+v\nwant\n%+v", out, want)
	}
	// The original is untouched, pointers and slices included.
	if in.Title != "李四反映 13700001111 楼道灯坏" || in.Notes[0] != "回访李四，身份证 110101199003071234" ||
		in.Extra["k"] != "电话 13700001111" || in.Child.Title != "李四又来电" || in.Secret != "市民原话" {
		t.Errorf("Mask changed its argument: %+v", in)
	}
}

func TestMaskKnownValues(t *testing.T) {
	type deduction struct{ Reason string }
	got := govops.Mask(deduction{Reason: "市民张三丰来电，张三丰称"}, "张三丰", "张", "")
	if got.Reason != "市民张**来电，张**称" {
		t.Errorf("Reason = %q", got.Reason)
	}
	if got := govops.MaskPersonalText("王小明和王小", "王小", "王小明"); got != "王**和王*" {
		t.Errorf("longest known value first: %q", got)
	}
}

func TestMaskFullWidthDigits(t *testing.T) {
	got := govops.MaskPersonalText("电话１３７００００１１１１")
	if strings.Contains(got, "００００") || got != "电话１３７****１１１１" {
		t.Errorf("full-width number = %q", got)
	}
}

func TestMaskUnknownTagPanics(t *testing.T) {
	type bad struct {
		X string `mask:"secret"`
	}
	defer func() {
		if recover() == nil {
			t.Error("an unknown mask tag did not panic")
		}
	}()
	govops.Mask(bad{X: "x"})
}

func TestIsBidiControl(t *testing.T) {
	for _, s := range []string{"abc\u202edcba", "x\u2066y", "\u202a"} {
		if !govops.HasControl(s) {
			t.Errorf("HasControl(%q) = false", s)
		}
	}
	if govops.HasControl("中文 ‐ text") {
		t.Error("ordinary text counted as control")
	}
}

func BenchmarkMaskRecord(b *testing.B) {
	in := maskRecord{Number: "2022-000123", Title: "李四反映 13700001111 楼道灯坏", Reporter: maskContact{Name: "李四", Phone: "13700001111"},
		Notes: []string{"回访李四", "已办结"}}
	b.ReportAllocs()
	for b.Loop() {
		_ = govops.Mask(in)
	}
}
