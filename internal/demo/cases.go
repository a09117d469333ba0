package demo

import "context"

// casesSteps is the chapter's expected steps, for the progress bar.
func casesSteps(p Params) int64 { return 1 }

// runCases fills the chapter.
func runCases(ctx context.Context, g *Gen) error { return nil }
