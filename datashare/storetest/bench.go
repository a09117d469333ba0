package storetest

import "testing"

// RunBenchmarks measures a store made by newHarness.
func RunBenchmarks(b *testing.B, newHarness HarnessMaker) {}
