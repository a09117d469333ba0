package demo

import (
	"context"
	"testing"
	"time"

	"github.com/govops-kit/govops/refserver"
	"github.com/shopspring/decimal"
)

func TestNetopsChapterMem(t *testing.T) {
	st := MemStores()
	wire := WireOver(st, refserver.WireConfig{HomeDistrict: "柳北区"})
	g := &Gen{P: DefaultParams(2022), wire: wire, o: Options{Workers: 1}, figures: map[string]decimal.Decimal{}, byName: map[string]Dept{}}
	g.cal = wire(time.Now).Calendar
	t0 := time.Now()
	if err := runDirectory(context.Background(), g); err != nil {
		t.Fatal(err)
	}
	if err := runNetops(context.Background(), g); err != nil {
		t.Fatal(err)
	}
	t.Log(time.Since(t0), g.Figures())
}
