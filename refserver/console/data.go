package console

// dataRoutes are the pages of this group.
func (c *Console) dataRoutes() []route { return nil }
