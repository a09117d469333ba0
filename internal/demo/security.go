package demo

import "context"

// securitySteps is the chapter's expected steps, for the progress bar.
func securitySteps(p Params) int64 { return 1 }

// runSecurity fills the chapter.
func runSecurity(ctx context.Context, g *Gen) error { return nil }
