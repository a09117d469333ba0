package demo

import "context"

// dataSteps is the chapter's expected steps, for the progress bar.
func dataSteps(p Params) int64 { return 1 }

// runData fills the chapter.
func runData(ctx context.Context, g *Gen) error { return nil }
