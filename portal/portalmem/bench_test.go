package portalmem_test

import (
	"testing"

	"github.com/govops-kit/govops/portal/storetest"
)

func BenchmarkStore(b *testing.B) {
	storetest.RunBenchmarks(b, newHarness)
}
