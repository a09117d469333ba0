package demo

import "context"

// directorySteps is the chapter's expected steps, for the progress bar.
func directorySteps(p Params) int64 { return 1 }

// runDirectory fills the chapter.
func runDirectory(ctx context.Context, g *Gen) error { return nil }
