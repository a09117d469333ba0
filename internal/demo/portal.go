package demo

import "context"

// portalSteps is the chapter's expected steps, for the progress bar.
func portalSteps(p Params) int64 { return 1 }

// runPortal fills the chapter.
func runPortal(ctx context.Context, g *Gen) error { return nil }
