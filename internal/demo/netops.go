package demo

import "context"

// netopsSteps is the chapter's expected steps, for the progress bar.
func netopsSteps(p Params) int64 { return 1 }

// runNetops fills the chapter.
func runNetops(ctx context.Context, g *Gen) error { return nil }
