package demo

import "context"

// itopsSteps is the chapter's expected steps, for the progress bar.
func itopsSteps(p Params) int64 { return 1 }

// runITOps fills the chapter.
func runITOps(ctx context.Context, g *Gen) error { return nil }
