package console

// netopsRoutes are the pages of this group.
func (c *Console) netopsRoutes() []route { return nil }
