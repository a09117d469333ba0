package bunstore_test

import (
	"testing"

	"github.com/govops-kit/govops/internal/bunstore"
)

func TestAppendCopyText(t *testing.T) {
	for in, want := range map[string]string{
		"":                  "",
		"柳北区":               "柳北区",
		"a\tb\nc\rd\\e":     `a\tb\nc\rd\\e`,
		`{"k":"v\"w"}`:      `{"k":"v\\"w"}`,
		"\\N is not a NULL": `\\N is not a NULL`,
	} {
		if got := string(bunstore.AppendCopyText([]byte("x:"), in)); got != "x:"+want {
			t.Errorf("AppendCopyText(%q) = %q, want %q", in, got, "x:"+want)
		}
	}
}
