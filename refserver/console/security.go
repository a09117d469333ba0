package console

// securityRoutes are the pages of this group.
func (c *Console) securityRoutes() []route { return nil }
