package demo

import "context"

// licenseSteps is the chapter's expected steps, for the progress bar.
func licenseSteps(p Params) int64 { return 1 }

// runLicense fills the chapter.
func runLicense(ctx context.Context, g *Gen) error { return nil }
