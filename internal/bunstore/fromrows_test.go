package bunstore_test

import (
	"errors"
	"slices"
	"strconv"
	"testing"

	"github.com/govops-kit/govops/internal/bunstore"
)

func TestFromRows(t *testing.T) {
	type row struct{ N string }
	atoi := func(r *row) (int, error) { return strconv.Atoi(r.N) }
	got, err := bunstore.FromRows([]row{{"1"}, {"2"}, {"3"}}, atoi)
	if err != nil || !slices.Equal(got, []int{1, 2, 3}) {
		t.Fatalf("FromRows = %v, %v; want [1 2 3]", got, err)
	}
	if got, err := bunstore.FromRows([]row{}, atoi); err != nil || len(got) != 0 {
		t.Fatalf("FromRows of no rows = %v, %v", got, err)
	}
	got, err = bunstore.FromRows([]row{{"1"}, {"x"}, {"3"}}, atoi)
	var numErr *strconv.NumError
	if got != nil || !errors.As(err, &numErr) {
		t.Fatalf("FromRows with a bad row = %v, %v; want nil and the row's error", got, err)
	}
}
