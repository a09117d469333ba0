package console

// caseRoutes are the pages of this group.
func (c *Console) caseRoutes() []route { return nil }
