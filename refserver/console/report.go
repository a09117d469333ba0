package console

// reportRoutes are the pages of this group.
func (c *Console) reportRoutes() []route { return nil }
